package embedded_test

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"cctvgis/data/embedded"
	"cctvgis/data/storetest"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/planner/rulebook"

	bolt "go.etcd.io/bbolt"
)

func openInspections(t *testing.T) inspect.Store {
	t.Helper()
	return openEmbedded(t, filepath.Join(t.TempDir(), "i.db"))
}

func TestEmbeddedInspectionsConformance(t *testing.T) {
	storetest.RunInspections(t, openInspections)
}

// rawEdit changes the value under key in bucket with edit, or deletes it when edit is nil,
// straight in bbolt.
func rawEdit(t *testing.T, s inspect.Store, bucket string, key []byte, edit func(v map[string]any)) {
	t.Helper()
	err := s.(*embedded.Store).DB().Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if edit == nil {
			if b.Get(key) == nil {
				t.Fatalf("no key %q in %s", key, bucket)
			}
			return b.Delete(key)
		}
		var v map[string]any
		if err := json.Unmarshal(b.Get(key), &v); err != nil {
			return err
		}
		edit(v)
		out, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return b.Put(key, out)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// Edits made straight in the bbolt file are found by verification, each naming what was
// changed.
func TestEmbeddedTamper(t *testing.T) {
	storetest.RunTamper(t, openInspections, []storetest.Tamper{
		{Name: "an audit entry's actor edited", ChainSeq: 5, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			rawEdit(t, s, "audit", seqKey(5), func(v map[string]any) { v["actor"] = "someone-else" })
		}},
		{Name: "an audit entry's time edited", ChainSeq: 11, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			rawEdit(t, s, "audit", seqKey(11), func(v map[string]any) { v["at"] = "2026-03-01T00:00:00Z" })
		}},
		{Name: "an audit entry deleted", ChainSeq: 9, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			rawEdit(t, s, "audit", seqKey(9), nil)
		}},
		{Name: "the first audit entry deleted", ChainSeq: 1, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			rawEdit(t, s, "audit", seqKey(1), nil)
		}},
		{Name: "the last audit entry deleted", ChainSeq: storetest.WorkloadEntries, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			rawEdit(t, s, "audit", seqKey(storetest.WorkloadEntries), nil)
		}},
		{Name: "an inspection's body hash edited", Object: storetest.TamperedInspection, Edit: func(t *testing.T, s inspect.Store, w storetest.Workload) {
			t.Helper()
			rawEdit(t, s, "inspections", []byte(w.Records[0].Inspection.ID), func(v map[string]any) {
				v["inspection"].(map[string]any)["body_hash"] = audit.HexDigest([]byte("other"))
			})
		}},
		{Name: "an inspection's notes edited", Object: storetest.TamperedInspection, Edit: func(t *testing.T, s inspect.Store, w storetest.Workload) {
			t.Helper()
			rawEdit(t, s, "inspections", []byte(w.Records[0].Inspection.ID), func(v map[string]any) {
				v["inspection"].(map[string]any)["notes"] = "无异常"
			})
		}},
		{Name: "a finding's status edited", Object: storetest.TamperedFinding, Edit: func(t *testing.T, s inspect.Store, w storetest.Workload) {
			t.Helper()
			rawEdit(t, s, "findings", []byte(w.Moved.ID), func(v map[string]any) { v["status"] = string(inspect.StatusVerified) })
		}},
	})
}

// A store written before inspections_by_camera answers LastObserved as the index does:
// opened read-only, by reading every inspection, without changing the file; opened for
// writing, from the index, filled from the stored inspections.
func TestEmbeddedLastObservedOfAnOlderStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "i.db")
	s := openEmbedded(t, path)
	var cams []string
	counted := 0
	for i := range 40 {
		cam := fmt.Sprintf("cam-%d", i%7)
		cams = append(cams, cam)
		sub := storetest.Sub(fmt.Sprintf("0e000000-0000-4000-8000-%012d", i), cam, time.Duration(i*37%60)*time.Minute)
		rec := storetest.NewRecord(sub, "芦淞区", nil, nil)
		if _, _, err := s.RecordInspection(t.Context(), rec, storetest.CreateEntry(rec)); err != nil {
			t.Fatal(err)
		}
		if i%3 != 0 {
			counted++
		} else {
			r, err := rec.Inspection.Review.Decide(inspect.ReviewRejected, "照片与位置不符", "sup-1", rec.Inspection.ReceivedAt)
			if err != nil {
				t.Fatal(err)
			}
			e := audit.Entry{At: r.At, Actor: "sup-1", Action: inspect.ActionInspectionReview, ObjectKind: inspect.ObjectInspection, ObjectID: sub.ID}
			if _, err := s.ReviewInspection(t.Context(), sub.ID, inspect.ReviewReceived, r, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	cams = append(cams, "cam-none")
	want, err := s.LastObserved(t.Context(), cams)
	if err != nil || len(want) != 7 {
		t.Fatalf("LastObserved = %v, %v; want 7 cameras", want, err)
	}
	if err := s.DB().Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("inspections_by_camera")) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		open func(path string, tax *rulebook.Taxonomy) (*embedded.Store, error)
		// indexed is whether the store has the index once opened.
		indexed bool
	}{
		{"read-only: every inspection read", embedded.OpenReadOnly, false},
		{"for writing: the index filled", embedded.Open, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := c.open(path, embeddedTaxonomy(t))
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.LastObserved(t.Context(), cams)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(got, want, time.Time.Equal) {
				t.Errorf("LastObserved = %v, want %v", got, want)
			}
			// Each check of a camera whose review counts has its entry.
			entries := -1
			if err := s.DB().View(func(tx *bolt.Tx) error {
				if b := tx.Bucket([]byte("inspections_by_camera")); b != nil {
					entries = b.Stats().KeyN
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case !c.indexed && (entries != -1 || !slices.Equal(after, before)):
				t.Errorf("opening read-only changed the file (%d index entries)", entries)
			case c.indexed && entries != counted:
				t.Errorf("the index has %d entries, want %d", entries, counted)
			}
		})
	}
}
