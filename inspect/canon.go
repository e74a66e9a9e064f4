package inspect

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
)

// canon writes values into a SHA-256 in an unambiguous binary form: fixed-width
// big-endian numbers, and strings prefixed by their length, so that no two different
// sequences of values give the same bytes. Every hash of the package starts with a domain
// tag naming what is hashed and the encoding's version.
type canon struct{ h hash.Hash }

func newCanon(tag string) *canon {
	c := &canon{h: sha256.New()}
	c.str(tag)
	return c
}

func (c *canon) u64(v uint64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	c.h.Write(b[:])
}

func (c *canon) i64(v int64) { c.u64(uint64(v)) }

func (c *canon) str(s string) {
	c.u64(uint64(len(s)))
	c.h.Write([]byte(s))
}

func (c *canon) raw(b []byte) { c.h.Write(b) }

func (c *canon) boolean(v bool) {
	if v {
		c.h.Write([]byte{1})
	} else {
		c.h.Write([]byte{0})
	}
}

// f64 writes a float's IEEE 754 bits, with -0 written as 0 so that equal numbers hash
// alike. NaN never reaches it: validation rejects it first.
func (c *canon) f64(v float64) {
	if v == 0 {
		v = 0
	}
	c.u64(math.Float64bits(v))
}

// present writes whether an optional group is there; its fields follow only when it is.
func (c *canon) present(ok bool) bool {
	c.boolean(ok)
	return ok
}

func (c *canon) sum() [32]byte {
	var out [32]byte
	c.h.Sum(out[:0])
	return out
}

// Digest returns the lowercase hex SHA-256 of b, the form in which the package writes
// payload digests and photo hashes.
func Digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
