package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"cctvgis/auth"
)

func TestCheckName(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"ascii", "wang.wei-01", true},
		{"chinese", "张伟", true},
		{"email-like", "li@gaj.yz.gov.cn", true},
		{"64 bytes", strings.Repeat("a", 64), true},
		{"65 bytes", strings.Repeat("a", 65), false},
		{"22 Chinese characters are 66 bytes", strings.Repeat("张", 22), false},
		{"empty", "", false},
		{"space", "wang wei", false},
		{"ideographic space", "张　伟", false},
		{"tab", "wang\twei", false},
		{"newline", "wang\n", false},
		{"zero byte", "wang\x00", false},
		{"zero-width space", "wang\u200bwei", false},
		{"right-to-left override", "wang\u202eiew", false},
		{"invalid UTF-8", "wang\xff", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := auth.CheckName(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckName(%q) = %v, want ok %v", tc.in, err, tc.ok)
			}
			var fe *auth.FieldError
			if err != nil && (!errors.As(err, &fe) || fe.Field != "name" || !errors.Is(err, auth.ErrInvalid)) {
				t.Errorf("error %v, want a *FieldError for name", err)
			}
		})
	}
}

func TestCheckDistrict(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"whole store", "", true},
		{"chinese", "广陵区", true},
		{"with a space", "Guangling District", true},
		{"control character", "广陵区\n", false},
		{"too long", strings.Repeat("区", 100), false},
		{"invalid UTF-8", "\xff", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := auth.CheckDistrict(tc.in); (err == nil) != tc.ok {
				t.Fatalf("CheckDistrict(%q) = %v, want ok %v", tc.in, err, tc.ok)
			}
		})
	}
}

func TestNewUserID(t *testing.T) {
	seen := map[string]bool{}
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for range 1000 {
		id := auth.NewUserID()
		if !hex32.MatchString(id) || seen[id] {
			t.Fatalf("id %q is not 32 new hex digits", id)
		}
		seen[id] = true
	}
}
