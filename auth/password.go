package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// MinPasswordLength is the shortest password, in characters. OWASP's Authentication Cheat
// Sheet asks for at least 8 with multi-factor login and 15 without; 10 is what an
// inspector can still type on a phone, with the Limiter against guessing.
const MinPasswordLength = 10

// MaxPasswordBytes is the longest password, in bytes; far above any typed one, it only
// bounds what a request can make the server hash.
const MaxPasswordBytes = 1024

// Params are the argon2id parameters of a password hash. They are written into the hash
// (see HashPassword), so a hash made with older parameters still verifies after the
// defaults are raised.
type Params struct {
	// Memory is the memory cost in KiB.
	Memory uint32
	// Time is the number of passes over the memory.
	Time uint32
	// Threads is the degree of parallelism.
	Threads uint8
	// SaltLen and KeyLen are the lengths, in bytes, of the random salt and of the hash.
	SaltLen, KeyLen uint32
}

// DefaultParams returns the parameters of new hashes: OWASP's Password Storage Cheat
// Sheet's first argon2id configuration, 19 MiB of memory, 2 passes, 1 thread (about
// 30 ms and 19 MiB per login on one core here), a 16-byte salt and a 32-byte hash.
func DefaultParams() Params {
	return Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Limits of the parameters accepted, also when read back from a stored hash, so that a
// bad hash cannot make the server allocate without bound.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

// check returns an error unless the parameters are within the limits above.
func (p Params) check() error {
	switch {
	case p.Threads < 1:
		return fmt.Errorf("argon2id parameters: threads %d < 1", p.Threads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("argon2id parameters: memory %d KiB out of [%d, %d]", p.Memory, 8*uint32(p.Threads), maxMemory)
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("argon2id parameters: time %d out of [1, %d]", p.Time, maxTime)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("argon2id parameters: salt length %d out of [%d, %d]", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("argon2id parameters: key length %d out of [%d, %d]", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// phcB64 is the base64 of PHC strings: the standard alphabet without padding.
var phcB64 = base64.RawStdEncoding

// phc formats a hash as a PHC string.
func (p Params) phc(salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		phcB64.EncodeToString(salt), phcB64.EncodeToString(key))
}

// dummyHash is a hash with p's parameters that no password matches in practice; checking
// a password against it costs what checking against a user's hash costs.
func (p Params) dummyHash() string {
	return p.phc(make([]byte, p.SaltLen), make([]byte, p.KeyLen))
}

// ValidatePassword returns a *FieldError for the field "password" when password is
// shorter than MinPasswordLength characters or longer than MaxPasswordBytes bytes.
// There are no rules on kinds of characters, as OWASP advises; any passphrase will do.
func ValidatePassword(password string) error {
	switch n := utf8.RuneCountInString(password); {
	case n < MinPasswordLength:
		return &FieldError{Field: "password", Reason: fmt.Sprintf("%d characters; it needs at least %d", n, MinPasswordLength)}
	case len(password) > MaxPasswordBytes:
		return &FieldError{Field: "password", Reason: fmt.Sprintf("longer than %d bytes", MaxPasswordBytes)}
	}
	return nil
}

// HashPassword hashes password with argon2id, parameters p and a new random salt, and
// returns the hash as a PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, salt and
// hash in unpadded standard base64. It does not apply ValidatePassword.
func HashPassword(password string, p Params) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("hashing a password: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	// crypto/rand.Read never fails since Go 1.24: it crashes the program instead.
	_, _ = rand.Read(salt)
	return p.phc(salt, argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)), nil
}

// CheckPassword reports whether password matches hash, a PHC string of HashPassword with
// whatever parameters it carries: nil when it does, an error matching ErrUnauthorized when
// it does not (comparing in constant time), and one matching ErrBadHash when hash cannot be
// read.
func CheckPassword(hash, password string) error {
	p, salt, key, err := parsePHC(hash)
	if err != nil {
		return err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return errBadLogin
	}
	return nil
}

// HashParams returns the parameters that hash was made with, or an error matching
// ErrBadHash.
func HashParams(hash string) (Params, error) {
	p, _, _, err := parsePHC(hash)
	return p, err
}

// NeedsRehash reports whether hash was made with parameters other than p, or cannot be
// read, so that it should be replaced when the password is next known.
func NeedsRehash(hash string, p Params) bool {
	got, err := HashParams(hash)
	return err != nil || got != p
}

// parsePHC reads a PHC string of argon2id version 19.
func parsePHC(hash string) (Params, []byte, []byte, error) {
	bad := func(reason string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrBadHash, reason)
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("not a PHC string of 5 fields")
	}
	if parts[1] != "argon2id" {
		return bad(fmt.Sprintf("algorithm %q, not argon2id", parts[1]))
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad(fmt.Sprintf("version %q, not v=%d", parts[2], argon2.Version))
	}
	var p Params
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return bad("parameters are not m=…,t=…,p=…")
	}
	for i, want := range []string{"m", "t", "p"} {
		k, v, _ := strings.Cut(kv[i], "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if k != want || err != nil {
			return bad(fmt.Sprintf("parameter %q is not %s=<number>", kv[i], want))
		}
		switch want {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return bad(fmt.Sprintf("parallelism %d above 255", n))
			}
			p.Threads = uint8(n)
		}
	}
	salt, err := phcB64.DecodeString(parts[4])
	if err != nil {
		return bad("salt is not unpadded base64")
	}
	key, err := phcB64.DecodeString(parts[5])
	if err != nil {
		return bad("hash is not unpadded base64")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.check(); err != nil {
		return bad(err.Error())
	}
	return p, salt, key, nil
}
