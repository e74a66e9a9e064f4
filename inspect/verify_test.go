package inspect_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"cctvgis/inspect"
	"cctvgis/internal/audit"
)

// workload records two inspections, one with a finding that is rectified, adds a photo
// and reads evidence: a store after a little of everything.
func workload(t *testing.T, st *memStore) (inspect.Record, inspect.Finding) {
	t.Helper()
	ctx := context.Background()
	s := validSubmission(t)
	s.Obstruction = &inspect.Obstruction{Kind: inspect.ObstructionTree, BlockedShare: 0.5}
	rec, _, err := receive(ctx, t, st, s)
	if err != nil || len(rec.Findings) != 1 {
		t.Fatalf("recording: %+v, %v; want one finding", rec, err)
	}
	other := validSubmission(t)
	other.ID = "1b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e"
	if _, _, err := receive(ctx, t, st, other); err != nil {
		t.Fatal(err)
	}
	f := rec.Findings[0]
	tr, err := f.Move(inspect.EventRectify, "owner-1", "树枝已修剪", nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if f, err = st.TransitionFinding(ctx, tr, audit.Entry{At: now, Actor: "owner-1", Action: inspect.ActionFindingTransition,
		ObjectKind: inspect.ObjectFinding, ObjectID: f.ID, PayloadDigest: tr.Digest()}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AppendAudit(ctx, audit.Entry{At: now, Actor: "sup-1", Action: inspect.ActionEvidenceRead, ObjectKind: inspect.ObjectInspection, ObjectID: s.ID}); err != nil {
		t.Fatal(err)
	}
	return rec, f
}

func TestVerifyEvidence(t *testing.T) {
	tests := []struct {
		name     string
		tamper   func(st *memStore, rec inspect.Record, f inspect.Finding)
		wantKind string // "": intact
		wantID   func(rec inspect.Record, f inspect.Finding) string
	}{
		{"intact", func(*memStore, inspect.Record, inspect.Finding) {}, "", nil},
		{"a note edited", func(st *memStore, rec inspect.Record, _ inspect.Finding) {
			r := st.records[rec.Inspection.ID]
			r.Inspection.Notes = "镜头被移动"
			st.records[rec.Inspection.ID] = r
		}, inspect.ObjectInspection, inspectionID},
		{"a note and the body hash edited together", func(st *memStore, rec inspect.Record, _ inspect.Finding) {
			r := st.records[rec.Inspection.ID]
			r.Inspection.Notes = "镜头被移动"
			r.Inspection.BodyHash = r.Inspection.Submission.BodyHash()
			st.records[rec.Inspection.ID] = r
		}, inspect.ObjectInspection, inspectionID},
		{"an inspection deleted", func(st *memStore, rec inspect.Record, _ inspect.Finding) {
			delete(st.records, rec.Inspection.ID)
			st.order = slices.DeleteFunc(st.order, func(id string) bool { return id == rec.Inspection.ID })
		}, inspect.ObjectInspection, inspectionID},
		{"a finding's status edited", func(st *memStore, _ inspect.Record, f inspect.Finding) {
			f.Status = inspect.StatusVerified
			st.findings[f.ID] = f
		}, inspect.ObjectFinding, findingID},
		{"a transition's note edited", func(st *memStore, _ inspect.Record, f inspect.Finding) {
			st.transitions[f.ID][0].Note = "未整改"
		}, inspect.ObjectFinding, findingID},
		{"a transition deleted and the status put back", func(st *memStore, _ inspect.Record, f inspect.Finding) {
			st.transitions[f.ID] = nil
			f.Status = inspect.StatusOpen
			st.findings[f.ID] = f
		}, inspect.ObjectFinding, findingID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newMemStore()
			rec, f := workload(t, st)
			tc.tamper(st, rec, f)
			err := inspect.VerifyEvidence(context.Background(), st)
			if tc.wantKind == "" {
				if err != nil {
					t.Fatalf("VerifyEvidence = %v, want nil", err)
				}
				return
			}
			var ee *inspect.EvidenceError
			if !errors.As(err, &ee) || !errors.Is(err, inspect.ErrEvidence) || ee.ObjectKind != tc.wantKind || ee.ObjectID != tc.wantID(rec, f) {
				t.Fatalf("VerifyEvidence = %v, want an evidence error naming %s %s", err, tc.wantKind, tc.wantID(rec, f))
			}
		})
	}
	t.Run("a broken chain is reported first", func(t *testing.T) {
		st := newMemStore()
		workload(t, st)
		st.audit[1].Actor = "u9"
		var ce *audit.ChainError
		if err := inspect.VerifyEvidence(context.Background(), st); !errors.As(err, &ce) || ce.Seq != 2 {
			t.Fatalf("VerifyEvidence = %v, want a break at entry 2", err)
		}
	})
}

func inspectionID(rec inspect.Record, _ inspect.Finding) string { return rec.Inspection.ID }

func findingID(_ inspect.Record, f inspect.Finding) string { return f.ID }
