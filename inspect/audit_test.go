package inspect_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"cctvgis/inspect"
)

// chain seals n entries of an inspection's life.
func chain(tb testing.TB, n int) []inspect.Entry {
	tb.Helper()
	actions := []inspect.Action{inspect.ActionInspectionCreate, inspect.ActionPhotoAdd, inspect.ActionEvidenceRead, inspect.ActionFindingTransition, inspect.ActionInspectionReview}
	var out []inspect.Entry
	var prev *inspect.Entry
	for i := range n {
		e := inspect.Seal(prev, inspect.Entry{
			At:            now.Add(time.Duration(i) * time.Minute).Add(123 * time.Nanosecond),
			Actor:         "u1",
			Action:        actions[i%len(actions)],
			ObjectKind:    inspect.ObjectInspection,
			ObjectID:      "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e",
			Detail:        "第" + string(rune('一'+i)) + "步",
			PayloadDigest: inspect.Digest([]byte{byte(i)}),
		})
		out = append(out, e)
		prev = &out[len(out)-1]
	}
	return out
}

func TestSeal(t *testing.T) {
	c := chain(t, 3)
	if c[0].Seq != 1 || c[0].PrevHash != inspect.GenesisHash {
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
	a := inspect.Seal(nil, inspect.Entry{At: now, Actor: "ab", Action: "c"})
	b := inspect.Seal(nil, inspect.Entry{At: now, Actor: "a", Action: "bc"})
	if a.Hash == b.Hash {
		t.Error("moving bytes between fields keeps the hash")
	}
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(c []inspect.Entry) []inspect.Entry
		head    bool // verify against the untampered head
		wantSeq uint64
	}{
		{"intact", func(c []inspect.Entry) []inspect.Entry { return c }, false, 0},
		{"intact against its head", func(c []inspect.Entry) []inspect.Entry { return c }, true, 0},
		{"empty", func(c []inspect.Entry) []inspect.Entry { return nil }, false, 0},
		{"actor edited", func(c []inspect.Entry) []inspect.Entry { c[2].Actor = "u9"; return c }, false, 3},
		{"time edited", func(c []inspect.Entry) []inspect.Entry { c[3].At = c[3].At.Add(time.Microsecond); return c }, false, 4},
		{"action edited", func(c []inspect.Entry) []inspect.Entry { c[0].Action = inspect.ActionEvidenceRead; return c }, false, 1},
		{"object edited", func(c []inspect.Entry) []inspect.Entry { c[4].ObjectID = "other"; return c }, false, 5},
		{"detail edited", func(c []inspect.Entry) []inspect.Entry { c[5].Detail = ""; return c }, false, 6},
		{"payload digest edited", func(c []inspect.Entry) []inspect.Entry { c[1].PayloadDigest = inspect.Digest(nil); return c }, false, 2},
		{"hash edited", func(c []inspect.Entry) []inspect.Entry { c[1].Hash[0] ^= 1; return c }, false, 2},
		{"edited and re-sealed", func(c []inspect.Entry) []inspect.Entry {
			c[2].Detail = "改过"
			c[2] = inspect.Seal(&c[1], c[2])
			return c
		}, false, 4},
		{"middle entry deleted", func(c []inspect.Entry) []inspect.Entry { return append(c[:3:3], c[4:]...) }, false, 4},
		{"first entry deleted", func(c []inspect.Entry) []inspect.Entry { return c[1:] }, false, 1},
		{"deleted and renumbered", func(c []inspect.Entry) []inspect.Entry {
			c = append(c[:3:3], c[4:]...)
			for i := 3; i < len(c); i++ {
				c[i].Seq--
			}
			return c
		}, false, 4},
		{"two entries swapped", func(c []inspect.Entry) []inspect.Entry { c[2], c[3] = c[3], c[2]; return c }, false, 3},
		{"swapped and renumbered", func(c []inspect.Entry) []inspect.Entry {
			c[2], c[3] = c[3], c[2]
			c[2].Seq, c[3].Seq = 3, 4
			return c
		}, false, 3},
		{"tail cut, no head given", func(c []inspect.Entry) []inspect.Entry { return c[:4] }, false, 0},
		{"tail cut, head given", func(c []inspect.Entry) []inspect.Entry { return c[:4] }, true, 5},
		{"tail rewritten and re-sealed, head given", func(c []inspect.Entry) []inspect.Entry {
			c[4].Detail = "改过"
			c[4] = inspect.Seal(&c[3], c[4])
			c[5] = inspect.Seal(&c[4], c[5])
			return c
		}, true, 6},
		{"chain grown past the head", func(c []inspect.Entry) []inspect.Entry {
			return append(c, inspect.Seal(&c[len(c)-1], inspect.Entry{At: now, Actor: "u1", Action: inspect.ActionEvidenceRead}))
		}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := chain(t, 6)
			head := orig[len(orig)-1].Head()
			c := tt.tamper(chain(t, 6))
			var err error
			if tt.head {
				err = inspect.VerifyHead(c, head)
			} else {
				err = inspect.Verify(c)
			}
			if tt.wantSeq == 0 {
				if err != nil {
					t.Fatalf("verify: %v", err)
				}
				return
			}
			var ce *inspect.ChainError
			if !errors.As(err, &ce) || !errors.Is(err, inspect.ErrChainBroken) {
				t.Fatalf("verify = %v, want a *ChainError", err)
			}
			if ce.Seq != tt.wantSeq {
				t.Errorf("broken at %d, want %d (%v)", ce.Seq, tt.wantSeq, err)
			}
		})
	}
}

func TestEntryJSON(t *testing.T) {
	c := chain(t, 2)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back []inspect.Entry
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := inspect.Verify(back); err != nil {
		t.Errorf("chain after a JSON round trip: %v", err)
	}
}
