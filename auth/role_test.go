package auth_test

import (
	"errors"
	"testing"

	"cctvgis/auth"
)

func TestParseRole(t *testing.T) {
	tests := []struct {
		name, in string
		want     auth.Role
		ok       bool
	}{
		{"inspector", "inspector", auth.RoleInspector, true},
		{"supervisor", "supervisor", auth.RoleSupervisor, true},
		{"planner", "planner", auth.RolePlanner, true},
		{"reviewer", "reviewer", auth.RoleReviewer, true},
		{"admin", "admin", auth.RoleAdmin, true},
		{"capitals are another word", "Admin", "", false},
		{"padding is not trimmed", " admin", "", false},
		{"empty", "", "", false},
		{"unknown", "root", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := auth.ParseRole(tc.in)
			if got != tc.want || (err == nil) != tc.ok {
				t.Fatalf("ParseRole(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
			}
			var fe *auth.FieldError
			if !tc.ok && (!errors.Is(err, auth.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "role") {
				t.Errorf("error %v, want a *FieldError for role", err)
			}
		})
	}
	for _, r := range auth.Roles() {
		if !r.Valid() {
			t.Errorf("role %s of Roles is not valid", r)
		}
	}
}
