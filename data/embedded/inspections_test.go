package embedded_test

import (
	"encoding/binary"
	"encoding/json"
	"path/filepath"
	"testing"

	"cctvgis/data/embedded"
	"cctvgis/data/storetest"
	"cctvgis/inspect"

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
				v["inspection"].(map[string]any)["body_hash"] = inspect.Digest([]byte("other"))
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
