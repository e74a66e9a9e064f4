package auth

import (
	"crypto/sha256"
	"time"
)

// ThrottleKind is what a throttle key stands for; each kind has its own Policy.
type ThrottleKind string

// The kinds of throttle key.
const (
	// ThrottleName is the key of a user name, whether or not the user exists.
	ThrottleName ThrottleKind = "name"
	// ThrottleAddr is the key of a client address (an IPv6 address by its /64).
	ThrottleAddr ThrottleKind = "address"
)

// ThrottleKey identifies the failed logins of one name or one address. Hash is the
// SHA-256 of the name or of the address's key, so that a store keeps neither.
type ThrottleKey struct {
	Kind ThrottleKind
	Hash [sha256.Size]byte
}

// ThrottleState is what a Limiter remembers of one key. Its zero value is a key with
// nothing remembered.
type ThrottleState struct {
	// Failures counts the failures, the attempts let through and not yet reported among
	// them.
	Failures int
	// Last is the time of the last failure.
	Last time.Time
	// Until is when the key may try again; zero when it need not wait.
	Until time.Time
	// Expires is when the state becomes worth no more than the zero state: from then on a
	// store may forget it.
	Expires time.Time
}

// IsZero reports whether s remembers nothing; a store forgets such a state rather than
// keep it.
func (s ThrottleState) IsZero() bool {
	return s.Failures == 0 && s.Last.IsZero() && s.Until.IsZero() && s.Expires.IsZero()
}
