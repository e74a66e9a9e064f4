package auth_test

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"cctvgis/auth"
)

func TestNewTokenAndParseToken(t *testing.T) {
	token, h := auth.NewToken()
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 32 || len(token) != 43 {
		t.Fatalf("token %q is not 32 bytes of unpadded base64url: %v", token, err)
	}
	if h != sha256.Sum256(raw) {
		t.Fatal("the hash is not the SHA-256 of the token's bytes")
	}
	got, err := auth.ParseToken(token)
	if err != nil || got != h {
		t.Fatalf("ParseToken = %x, %v; want %x", got, err, h)
	}
	if other, _ := auth.NewToken(); other == token {
		t.Fatal("two tokens are equal")
	}

	bad := []struct{ name, token string }{
		{"empty", ""},
		{"short", token[:42]},
		{"long", token + "A"},
		{"padded", base64.URLEncoding.EncodeToString(raw)},
		{"standard alphabet", strings.Repeat("+", 43)},
		{"bearer prefix", "Bearer " + token},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := auth.ParseToken(tc.token); !errors.Is(err, auth.ErrUnauthorized) {
				t.Errorf("ParseToken(%q) error %v, want ErrUnauthorized", tc.token, err)
			}
		})
	}
}

func TestSessionExpired(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := auth.Session{CreatedAt: at.Add(-time.Hour), ExpiresAt: at}
	tests := []struct {
		name string
		now  time.Time
		want bool
	}{
		{"before", at.Add(-time.Microsecond), false},
		{"at the instant", at, true},
		{"after", at.Add(time.Second), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.Expired(tc.now); got != tc.want {
				t.Errorf("Expired = %v, want %v", got, tc.want)
			}
		})
	}
}
