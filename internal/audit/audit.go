package audit

import (
	"encoding/hex"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Action is what an audit entry records, such as "inspection.create" or "plan.apply": a
// domain's verb on its kind of object.
type Action string

// ErrChainBroken is matched by every *ChainError from Verify.
var ErrChainBroken = errors.New("audit: chain broken")

// Hash is a SHA-256 in the audit chain. It is written as lowercase hex in JSON.
type Hash [32]byte

// GenesisHash is the PrevHash of the first entry of a chain (Seq 1): all zero bytes.
var GenesisHash Hash

// String returns the hash in lowercase hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText writes the hash in lowercase hex.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads a hash written in hex.
func (h *Hash) UnmarshalText(b []byte) error {
	if len(b) != 2*len(h) {
		return fmt.Errorf("audit: hash %q is not 64 hex digits", clip(string(b)))
	}
	if _, err := hex.Decode(h[:], b); err != nil {
		return fmt.Errorf("audit: hash: %w", err)
	}
	return nil
}

// Entry is one record of the audit log. Each entry holds the hash of the one before, so
// that editing, deleting or reordering entries breaks the chain.
type Entry struct {
	// Seq numbers the entries from 1 without gaps.
	Seq uint64
	// At is when it happened, kept in UTC to the microsecond, the stores' precision.
	At time.Time
	// Actor is the id of the user, or "system".
	Actor      string
	Action     Action
	ObjectKind string
	ObjectID   string
	// Detail is a short human-readable account, e.g. "open → rectified".
	Detail string
	// PayloadDigest is the hex SHA-256 of what the action wrote or read (an inspection's
	// BodyHash, a photo's SHA256, a transition's Digest), or "".
	PayloadDigest string
	PrevHash      Hash
	Hash          Hash
}

// Head is the last entry of a chain as an outside record knows it: its Seq and Hash.
// Verify against a head to detect a chain cut short.
type Head struct {
	Seq  uint64
	Hash Hash
}

// Head returns the entry's position as a chain head.
func (e Entry) Head() Head { return Head{Seq: e.Seq, Hash: e.Hash} }

// entryTag names the encoding Sum writes; change its version with the encoding. It keeps
// the name of the package the log began in, so that chains sealed then still verify.
const entryTag = "cctvgis/inspect/audit-entry/v1"

// Sum computes the entry's hash: SHA-256 over a length-prefixed encoding of every field
// except Hash, PrevHash included, in declaration order; At as microseconds since the
// Unix epoch.
func (e Entry) Sum() Hash {
	c := NewCanon(entryTag)
	c.U64(e.Seq)
	c.I64(e.At.UnixMicro())
	c.Str(e.Actor)
	c.Str(string(e.Action))
	c.Str(e.ObjectKind)
	c.Str(e.ObjectID)
	c.Str(e.Detail)
	c.Str(e.PayloadDigest)
	c.Raw(e.PrevHash[:])
	return c.Sum()
}

// Seal appends e to a chain whose last entry is prev, nil for an empty chain: it numbers
// e, links it to prev's hash (GenesisHash for the first entry), truncates At to UTC
// microseconds and sets Hash. Stores call it inside the transaction that writes e, under
// a lock on the chain's head.
func Seal(prev *Entry, e Entry) Entry {
	e.Seq, e.PrevHash = 1, GenesisHash
	if prev != nil {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	e.At = Stamp(e.At)
	e.Hash = e.Sum()
	return e
}

// Stamp is t as evidence keeps it: in UTC, to the microsecond (the precision of
// PostgreSQL, and of every digest over a time); the zero time stays zero. The domain
// stamps each time it records once, where it records it; the stores keep what they are
// given.
func Stamp(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// ChainError names the first entry at which an audit chain is broken. It matches
// ErrChainBroken.
type ChainError struct {
	// Seq is the sequence number of the broken entry: the one whose place, link or
	// contents are wrong, or, for a chain cut short, the first missing one.
	Seq    uint64
	Reason string
}

// Error names the broken entry and why it is broken.
func (e *ChainError) Error() string {
	return fmt.Sprintf("audit chain broken at entry %d: %s", e.Seq, e.Reason)
}

// Is makes every ChainError match ErrChainBroken.
func (e *ChainError) Is(target error) bool { return target == ErrChainBroken }

// Verify walks a whole chain from its first entry and returns a *ChainError naming the
// first broken entry: a sequence number out of place (an entry deleted or moved), a
// PrevHash that is not the previous entry's Hash (deleted, reordered or re-sealed
// entries), or a Hash that does not match the entry's fields (an edited field). A chain
// whose tail was cut off still verifies; use VerifyHead for that.
func Verify(entries []Entry) error {
	var c chainCheck
	for _, e := range entries {
		if err := c.next(e); err != nil {
			return err
		}
	}
	return nil
}

// chainCheck verifies a chain one entry at a time, from its first: Verify on a slice,
// VerifyChain on a stream.
type chainCheck struct {
	// prev is the last entry checked; the zero Head (Seq 0, GenesisHash) before the first.
	prev Head
}

func (c *chainCheck) next(e Entry) error {
	switch {
	case e.Seq != c.prev.Seq+1:
		return &ChainError{Seq: c.prev.Seq + 1, Reason: fmt.Sprintf("expected entry %d, found entry %d", c.prev.Seq+1, e.Seq)}
	case e.PrevHash != c.prev.Hash:
		return &ChainError{Seq: e.Seq, Reason: fmt.Sprintf("its previous hash %s is not the hash %s of entry %d", short(e.PrevHash), short(c.prev.Hash), c.prev.Seq)}
	case e.Sum() != e.Hash:
		return &ChainError{Seq: e.Seq, Reason: "its hash does not match its contents"}
	}
	c.prev = e.Head()
	return nil
}

// VerifyHead is Verify for a chain that must reach head, a head recorded elsewhere (a
// second store, a signed daily note): it also detects entries cut off the end before
// head, and entries up to head rewritten and re-sealed after it was recorded. The chain
// may go on past head.
func VerifyHead(entries []Entry, head Head) error {
	if err := Verify(entries); err != nil {
		return err
	}
	if head.Seq == 0 {
		return nil
	}
	// Verify has checked that entries are numbered 1, 2, … without gaps.
	if uint64(len(entries)) < head.Seq {
		return &ChainError{Seq: uint64(len(entries)) + 1, Reason: fmt.Sprintf("the chain ends at entry %d, before the head, entry %d", len(entries), head.Seq)}
	}
	if got := entries[head.Seq-1].Hash; got != head.Hash {
		return &ChainError{Seq: head.Seq, Reason: fmt.Sprintf("its hash %s is not the recorded head's %s", short(got), short(head.Hash))}
	}
	return nil
}

func short(h Hash) string { return h.String()[:12] }

// clip shortens a value quoted back in a message, so that a huge value does not make a
// huge error.
func clip(s string) string {
	const most = 64
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
