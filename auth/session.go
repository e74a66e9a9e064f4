package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"
)

// DefaultTTL is how long a session lasts when the Service sets no TTL: a working day
// with its overtime, so an inspector logs in once per shift.
const DefaultTTL = 12 * time.Hour

// tokenBytes is the length of a token's random part: 256 bits, beyond guessing.
const tokenBytes = 32

// TokenHash is the SHA-256 of a token's random bytes. Stores keep only this, so a copy of
// the database does not hand out sessions.
type TokenHash [sha256.Size]byte

// Session is a login: the token that the client holds is stored only as its hash.
type Session struct {
	// TokenHash identifies the session.
	TokenHash TokenHash
	// UserID is the id of the user who logged in.
	UserID string
	// CreatedAt and ExpiresAt bound the session, in UTC to the microsecond; it is valid
	// while the time is before ExpiresAt.
	CreatedAt, ExpiresAt time.Time
}

// Expired reports whether the session has expired at now.
func (s Session) Expired(now time.Time) bool { return !now.Before(s.ExpiresAt) }

// NewToken returns a new token, 32 bytes from crypto/rand as unpadded base64url (43
// characters) for the client, and the hash to store.
func NewToken() (string, TokenHash) {
	var b [tokenBytes]byte
	// crypto/rand.Read never fails since Go 1.24: it crashes the program instead.
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:]), sha256.Sum256(b[:])
}

// ParseToken returns the hash of a token of NewToken, or an error matching
// ErrUnauthorized when token is not one.
func ParseToken(token string) (TokenHash, error) {
	if len(token) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return TokenHash{}, fmt.Errorf("%w: malformed token", ErrUnauthorized)
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != tokenBytes {
		return TokenHash{}, fmt.Errorf("%w: malformed token", ErrUnauthorized)
	}
	return sha256.Sum256(b), nil
}
