package auth

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxNameBytes is the longest user name, in bytes of UTF-8.
const MaxNameBytes = 64

// MaxDistrictBytes is the longest district name a user can be given, in bytes of UTF-8.
const MaxDistrictBytes = 256

// User is an account. Stores keep it as it is; the Service makes and changes it.
type User struct {
	// ID is random (NewUserID) and never changes; sessions refer to it.
	ID string
	// Name is what the user logs in with; unique in a store, case-sensitive (see
	// CheckName).
	Name string
	// Role decides which routes the user may call.
	Role Role
	// District limits what the user sees to one district; "" is the whole store.
	District string
	// Disabled users cannot log in, and their sessions are refused.
	Disabled bool
	// PasswordHash is the PHC string of HashPassword, never the password.
	PasswordHash string
	// CreatedAt is when the user was added, in UTC to the microsecond.
	CreatedAt time.Time
}

// NewUserID returns a new random user id: 16 bytes from crypto/rand in lowercase hex.
func NewUserID() string {
	var b [16]byte
	// crypto/rand.Read never fails since Go 1.24: it crashes the program instead.
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// CheckName returns a *FieldError for the field "name" unless name is a valid user name:
// non-empty UTF-8 of at most MaxNameBytes bytes, of printable characters other than
// spaces (no whitespace, control or invisible formatting characters, which would let two
// names look alike). Letters of any script are allowed, so 张伟 is a name.
func CheckName(name string) error {
	bad := func(reason string) error { return &FieldError{Field: "name", Reason: reason} }
	switch {
	case name == "":
		return bad("empty")
	case len(name) > MaxNameBytes:
		return bad(fmt.Sprintf("longer than %d bytes", MaxNameBytes))
	case !utf8.ValidString(name):
		return bad("not valid UTF-8")
	}
	for _, r := range name {
		if unicode.IsSpace(r) || !unicode.IsGraphic(r) {
			return bad(fmt.Sprintf("holds %U, a space, control or formatting character", r))
		}
	}
	return nil
}

// CheckDistrict returns a *FieldError for the field "district" unless d can be a user's
// district: "" (the whole store), or UTF-8 of at most MaxDistrictBytes bytes without
// control characters. Whether such a district is stored is not checked: users may be
// added before the districts are imported.
func CheckDistrict(d string) error {
	bad := func(reason string) error { return &FieldError{Field: "district", Reason: reason} }
	switch {
	case len(d) > MaxDistrictBytes:
		return bad(fmt.Sprintf("longer than %d bytes", MaxDistrictBytes))
	case !utf8.ValidString(d):
		return bad("not valid UTF-8")
	}
	for _, r := range d {
		if unicode.IsControl(r) {
			return bad(fmt.Sprintf("holds the control character %U", r))
		}
	}
	return nil
}
