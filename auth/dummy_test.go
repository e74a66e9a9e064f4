package auth

import (
	"errors"
	"testing"
)

// Checking a password for an unknown name costs what checking a wrong one costs: the login
// runs the same key derivation, against a dummy hash of the user hashes' parameters, so
// timing does not tell which names exist. (Asserted on the parameters, not on a clock.)
func TestUnknownNameIsCheckedLikeAUser(t *testing.T) {
	s := &Service{Params: DefaultParams()}
	real, err := HashPassword("a long enough secret", s.params())
	if err != nil {
		t.Fatal(err)
	}
	known := s.hashToCheck(User{PasswordHash: real}, true)
	unknown := s.hashToCheck(User{}, false)
	kp, err := HashParams(known)
	if err != nil {
		t.Fatal(err)
	}
	up, err := HashParams(unknown)
	if err != nil {
		t.Fatalf("the dummy hash is not a hash this package reads: %v", err)
	}
	if kp != up {
		t.Errorf("a user's hash has parameters %+v, the dummy %+v", kp, up)
	}
	if err := CheckPassword(unknown, "a long enough secret"); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("a password against the dummy: %v, want ErrUnauthorized after the full check", err)
	}
}
