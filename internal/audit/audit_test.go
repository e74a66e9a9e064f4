package audit_test

import (
	"errors"
	"testing"
	"time"

	"cctvgis/internal/audit"
)

// chain seals n entries of an inspection's life.
func chain(tb testing.TB, n int) []audit.Entry {
	tb.Helper()
	actions := []audit.Action{"inspection.create", "photo.add", "evidence.read", "finding.transition", "inspection.review"}
	var out []audit.Entry
	var prev *audit.Entry
	for i := range n {
		e := audit.Seal(prev, audit.Entry{
			At:            now.Add(time.Duration(i) * time.Minute).Add(123 * time.Nanosecond),
			Actor:         "u1",
			Action:        actions[i%len(actions)],
			ObjectKind:    "inspection",
			ObjectID:      "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e",
			Detail:        "第" + string(rune('一'+i)) + "步",
			PayloadDigest: audit.HexDigest([]byte{byte(i)}),
		})
		out = append(out, e)
		prev = &out[len(out)-1]
	}
	return out
}

func TestSeal(t *testing.T) {
	c := chain(t, 3)
	if c[0].Seq != 1 || c[0].PrevHash != audit.GenesisHash {
		t.Errorf("first entry: seq %d, prev %s; want 1 and the genesis hash", c[0].Seq, c[0].PrevHash)
	}
	if c[2].Seq != 3 || c[2].PrevHash != c[1].Hash {
		t.Errorf("third entry is not linked to the second")
	}
	if c[0].At.Nanosecond()%1000 != 0 || c[0].At.Location() != time.UTC {
		t.Errorf("At %v is not UTC microseconds", c[0].At)
	}
	// The hashes are stored in databases, so the encoding is pinned. The golden value was
	// computed independently with Python's hashlib from the documented encoding: each
	// string as a big-endian uint64 length and its bytes, the tag first, then Seq (uint64),
	// At (int64 Unix microseconds), Actor, Action, ObjectKind, ObjectID, Detail,
	// PayloadDigest, and the 32 bytes of PrevHash.
	const golden = "984e39b0c8c6d524efbba3a5aea2ee14c6cd607bb9c06220d5de24b76c0ce584"
	if got := c[0].Hash.String(); got != golden {
		t.Errorf("first entry hash %s, want %s; change the encoding only with a new tag", got, golden)
	}
}

func TestSealUnambiguous(t *testing.T) {
	a := audit.Seal(nil, audit.Entry{At: now, Actor: "ab", Action: "c"})
	b := audit.Seal(nil, audit.Entry{At: now, Actor: "a", Action: "bc"})
	if a.Hash == b.Hash {
		t.Error("moving bytes between fields keeps the hash")
	}
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(c []audit.Entry) []audit.Entry
		head    bool // verify against the untampered head
		wantSeq uint64
	}{
		{"intact", func(c []audit.Entry) []audit.Entry { return c }, false, 0},
		{"intact against its head", func(c []audit.Entry) []audit.Entry { return c }, true, 0},
		{"empty", func(c []audit.Entry) []audit.Entry { return nil }, false, 0},
		{"actor edited", func(c []audit.Entry) []audit.Entry { c[2].Actor = "u9"; return c }, false, 3},
		{"time edited", func(c []audit.Entry) []audit.Entry { c[3].At = c[3].At.Add(time.Microsecond); return c }, false, 4},
		{"action edited", func(c []audit.Entry) []audit.Entry { c[0].Action = "evidence.read"; return c }, false, 1},
		{"object edited", func(c []audit.Entry) []audit.Entry { c[4].ObjectID = "other"; return c }, false, 5},
		{"detail edited", func(c []audit.Entry) []audit.Entry { c[5].Detail = ""; return c }, false, 6},
		{"payload digest edited", func(c []audit.Entry) []audit.Entry { c[1].PayloadDigest = audit.HexDigest(nil); return c }, false, 2},
		{"hash edited", func(c []audit.Entry) []audit.Entry { c[1].Hash[0] ^= 1; return c }, false, 2},
		{"edited and re-sealed", func(c []audit.Entry) []audit.Entry {
			c[2].Detail = "改过"
			c[2] = audit.Seal(&c[1], c[2])
			return c
		}, false, 4},
		{"middle entry deleted", func(c []audit.Entry) []audit.Entry { return append(c[:3:3], c[4:]...) }, false, 4},
		{"first entry deleted", func(c []audit.Entry) []audit.Entry { return c[1:] }, false, 1},
		{"deleted and renumbered", func(c []audit.Entry) []audit.Entry {
			c = append(c[:3:3], c[4:]...)
			for i := 3; i < len(c); i++ {
				c[i].Seq--
			}
			return c
		}, false, 4},
		{"two entries swapped", func(c []audit.Entry) []audit.Entry { c[2], c[3] = c[3], c[2]; return c }, false, 3},
		{"swapped and renumbered", func(c []audit.Entry) []audit.Entry {
			c[2], c[3] = c[3], c[2]
			c[2].Seq, c[3].Seq = 3, 4
			return c
		}, false, 3},
		{"tail cut, no head given", func(c []audit.Entry) []audit.Entry { return c[:4] }, false, 0},
		{"tail cut, head given", func(c []audit.Entry) []audit.Entry { return c[:4] }, true, 5},
		{"tail rewritten and re-sealed, head given", func(c []audit.Entry) []audit.Entry {
			c[4].Detail = "改过"
			c[4] = audit.Seal(&c[3], c[4])
			c[5] = audit.Seal(&c[4], c[5])
			return c
		}, true, 6},
		{"chain grown past the head", func(c []audit.Entry) []audit.Entry {
			return append(c, audit.Seal(&c[len(c)-1], audit.Entry{At: now, Actor: "u1", Action: "evidence.read"}))
		}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := chain(t, 6)
			head := orig[len(orig)-1].Head()
			c := tt.tamper(chain(t, 6))
			var err error
			if tt.head {
				err = audit.VerifyHead(c, head)
			} else {
				err = audit.Verify(c)
			}
			if tt.wantSeq == 0 {
				if err != nil {
					t.Fatalf("verify: %v", err)
				}
				return
			}
			var ce *audit.ChainError
			if !errors.As(err, &ce) || !errors.Is(err, audit.ErrChainBroken) {
				t.Fatalf("verify = %v, want a *ChainError", err)
			}
			if ce.Seq != tt.wantSeq {
				t.Errorf("broken at %d, want %d (%v)", ce.Seq, tt.wantSeq, err)
			}
		})
	}
}

// now is when the test chains begin.
var now = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
