package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
)

// Canon writes values into a SHA-256 in an unambiguous binary form: fixed-width big-endian
// numbers, and strings prefixed by their length, so that no two different sequences of
// values give the same bytes. Every digest starts with a tag naming what is hashed and the
// encoding's version; change the version with the encoding.
type Canon struct{ h hash.Hash }

// NewCanon starts a digest tagged tag.
func NewCanon(tag string) *Canon {
	c := &Canon{h: sha256.New()}
	c.Str(tag)
	return c
}

// U64 writes v in 8 bytes.
func (c *Canon) U64(v uint64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	c.h.Write(b[:])
}

// I64 writes v in 8 bytes.
func (c *Canon) I64(v int64) { c.U64(uint64(v)) }

// Str writes s after its length.
func (c *Canon) Str(s string) {
	c.U64(uint64(len(s)))
	c.h.Write([]byte(s))
}

// Raw writes b as it is: for values of a fixed length, such as a hash.
func (c *Canon) Raw(b []byte) { c.h.Write(b) }

// Bool writes v in one byte.
func (c *Canon) Bool(v bool) {
	if v {
		c.h.Write([]byte{1})
	} else {
		c.h.Write([]byte{0})
	}
}

// F64 writes a float's IEEE 754 bits, with -0 written as 0 so that equal numbers hash
// alike. NaN never reaches it: validation refuses it first.
func (c *Canon) F64(v float64) {
	if v == 0 {
		v = 0
	}
	c.U64(math.Float64bits(v))
}

// Present writes whether an optional group is there; its fields follow only when it is.
func (c *Canon) Present(ok bool) bool {
	c.Bool(ok)
	return ok
}

// Sum is the digest of what was written.
func (c *Canon) Sum() Hash {
	var out Hash
	c.h.Sum(out[:0])
	return out
}

// HexDigest returns the lowercase hex SHA-256 of b, the form in which payload digests and
// photo hashes are written.
func HexDigest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
