package inspect_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"cctvgis/inspect/inspecttest"
	"cctvgis/internal/audit"
	"cctvgis/planner/rulebook"

	"cctvgis/inspect"
)

// memStore is the smallest Store that keeps the interfaces' promises, to show them in
// tests: one mutex stands for the transaction.
type memStore struct {
	mu          sync.Mutex
	records     map[string]inspect.Record
	order       []string
	blobs       map[string][]byte
	photos      map[string][]inspect.Photo
	findings    map[string]inspect.Finding
	transitions map[string][]inspect.Transition
	audit       []audit.Entry
}

var _ inspect.Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{records: map[string]inspect.Record{}, blobs: map[string][]byte{}, photos: map[string][]inspect.Photo{},
		findings: map[string]inspect.Finding{}, transitions: map[string][]inspect.Transition{}}
}

// seal appends e to the chain; the caller holds mu.
func (m *memStore) seal(e audit.Entry) audit.Entry {
	var prev *audit.Entry
	if n := len(m.audit); n > 0 {
		prev = &m.audit[n-1]
	}
	e = audit.Seal(prev, e)
	m.audit = append(m.audit, e)
	return e
}

func (m *memStore) RecordInspection(ctx context.Context, rec inspect.Record, e audit.Entry) (inspect.Record, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := rec.Inspection.ID
	if have, ok := m.records[id]; ok {
		if have.Inspection.BodyHash != rec.Inspection.BodyHash {
			return inspect.Record{}, false, fmt.Errorf("recording inspection %s: %w: stored with another body", id, inspect.ErrConflict)
		}
		return have, false, nil
	}
	m.records[id] = rec
	m.order = append(m.order, id)
	for _, f := range rec.Findings {
		m.findings[f.ID] = f
	}
	m.seal(e)
	return rec, true, nil
}

func (m *memStore) Inspection(ctx context.Context, id string) (inspect.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.records[id]
	if !ok {
		return inspect.Record{}, fmt.Errorf("inspection %s: %w", id, inspect.ErrNotFound)
	}
	return m.current(r), nil
}

// current returns r with its findings as they stand now; the caller holds mu.
func (m *memStore) current(r inspect.Record) inspect.Record {
	fs := make([]inspect.Finding, len(r.Findings))
	for i, f := range r.Findings {
		fs[i] = m.findings[f.ID]
	}
	r.Findings = fs
	return r
}

func (m *memStore) Inspections(ctx context.Context, q inspect.InspectionQuery, fn func(inspect.Record) error) error {
	m.mu.Lock()
	recs := make([]inspect.Record, 0, len(m.order))
	for _, id := range m.order {
		r := m.records[id]
		if (q.District == "" || r.Inspection.District == q.District) && (q.CameraID == "" || r.Inspection.CameraID == q.CameraID) {
			recs = append(recs, m.current(r))
		}
	}
	m.mu.Unlock()
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) LastObserved(ctx context.Context, cameraIDs []string) (map[string]time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]time.Time{}
	for _, id := range cameraIDs {
		for _, r := range m.records {
			in := r.Inspection
			if id != "" && in.CameraID == id && in.Review.State.Counts() && (out[id].IsZero() || in.ObservedAt.After(out[id])) {
				out[id] = in.ObservedAt.UTC()
			}
		}
	}
	return out, nil
}

func (m *memStore) ReviewInspection(ctx context.Context, id string, from inspect.ReviewState, r inspect.Review, e audit.Entry) (inspect.Inspection, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rec, ok := m.records[id]
	switch {
	case !ok:
		return inspect.Inspection{}, fmt.Errorf("reviewing inspection %s: %w", id, inspect.ErrNotFound)
	case rec.Inspection.Review.State != from:
		return inspect.Inspection{}, fmt.Errorf("reviewing inspection %s: %w", id, inspect.ErrConflict)
	}
	rec.Inspection.Review = r
	m.records[id] = rec
	m.seal(e)
	return rec.Inspection, nil
}

func (m *memStore) AddPhoto(ctx context.Context, p inspect.Photo, data []byte, e audit.Entry) (inspect.Photo, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.records[p.InspectionID]; !ok {
		return inspect.Photo{}, false, fmt.Errorf("adding photo to inspection %s: %w", p.InspectionID, inspect.ErrNotFound)
	}
	for _, have := range m.photos[p.InspectionID] {
		if have.SHA256 == p.SHA256 {
			return have, false, nil
		}
	}
	m.blobs[p.SHA256] = slices.Clone(data)
	m.photos[p.InspectionID] = append(m.photos[p.InspectionID], p)
	m.seal(e)
	return p, true, nil
}

func (m *memStore) Photos(ctx context.Context, inspectionID string) ([]inspect.Photo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.photos[inspectionID]), nil
}

func (m *memStore) PhotoData(ctx context.Context, sum string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blobs[sum]
	if !ok {
		return nil, fmt.Errorf("photo %s: %w", sum, inspect.ErrNotFound)
	}
	return slices.Clone(b), nil
}

func (m *memStore) Finding(ctx context.Context, id string) (inspect.Finding, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.findings[id]
	if !ok {
		return inspect.Finding{}, fmt.Errorf("finding %s: %w", id, inspect.ErrNotFound)
	}
	return f, nil
}

func (m *memStore) Findings(ctx context.Context, q inspect.FindingQuery, fn func(inspect.Finding) error) error {
	m.mu.Lock()
	var fs []inspect.Finding
	for _, f := range m.findings {
		if (len(q.Status) == 0 || slices.Contains(q.Status, f.Status)) && m.records[f.InspectionID].Inspection.Review.State.Counts() {
			fs = append(fs, f)
		}
	}
	m.mu.Unlock()
	slices.SortFunc(fs, func(a, b inspect.Finding) int {
		if a.Deadline.Before(b.Deadline) {
			return -1
		}
		if a.Deadline.After(b.Deadline) {
			return 1
		}
		return 0
	})
	for _, f := range fs {
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) TransitionFinding(ctx context.Context, t inspect.Transition, e audit.Entry) (inspect.Finding, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.findings[t.FindingID]
	if !ok {
		return inspect.Finding{}, fmt.Errorf("finding %s: %w", t.FindingID, inspect.ErrNotFound)
	}
	if err := f.Apply(t); err != nil {
		return inspect.Finding{}, err
	}
	m.findings[f.ID] = f
	m.transitions[f.ID] = append(m.transitions[f.ID], t)
	m.seal(e)
	return f, nil
}

func (m *memStore) Transitions(ctx context.Context, id string) ([]inspect.Transition, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.transitions[id]), nil
}

func (m *memStore) AppendAudit(ctx context.Context, e audit.Entry) (audit.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seal(e), nil
}

func (m *memStore) AuditChain(ctx context.Context, from uint64, fn func(audit.Entry) error) error {
	m.mu.Lock()
	entries := slices.Clone(m.audit)
	m.mu.Unlock()
	for _, e := range entries {
		if e.Seq < from {
			continue
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) AuditHead(ctx context.Context) (audit.Head, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.audit) == 0 {
		return audit.Head{Hash: audit.GenesisHash}, nil
	}
	return m.audit[len(m.audit)-1].Head(), nil
}

// receive is what the API does with a submission: validate, assess, record.
func receive(ctx context.Context, tb testing.TB, st inspect.Store, s inspect.Submission) (inspect.Record, bool, error) {
	tb.Helper()
	s.Normalize()
	if err := s.Validate(now, 0); err != nil {
		return inspect.Record{}, false, err
	}
	in := inspect.NewInspection(s, inspect.Inspector{ID: "u1", Name: "李警官"}, "芦淞区", now)
	rules := rulebook.Effective(zhuzhou(tb), national(tb), inspect.CheckDay(&in, inspect.DefaultSettings()))
	a, err := inspect.Assess(&in, camera(), rules, inspect.DefaultSettings())
	if err != nil {
		return inspect.Record{}, false, err
	}
	in.Flags = a.Flags
	return st.RecordInspection(ctx, inspect.Record{Inspection: in, Findings: a.Findings, Skipped: a.Skipped}, audit.Entry{
		At: now, Actor: "u1", Action: inspect.ActionInspectionCreate, ObjectKind: inspect.ObjectInspection, ObjectID: in.ID,
		PayloadDigest: in.BodyHash,
	})
}

// TestStoreFlow runs an inspection's life through a store, in order, and checks the
// audit chain it leaves.
func TestStoreFlow(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	s := validSubmission(t)
	s.Obstruction = &inspect.Obstruction{Kind: inspect.ObstructionBillboard, BlockedShare: 0.6}

	t.Run("twenty concurrent resends create one record", func(t *testing.T) {
		var wg sync.WaitGroup
		created := make(chan bool, 20)
		for range 20 {
			wg.Go(func() {
				_, c, err := receive(ctx, t, st, s)
				if err != nil {
					t.Error(err)
				}
				created <- c
			})
		}
		wg.Wait()
		close(created)
		n := 0
		for c := range created {
			if c {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d records created, want 1", n)
		}
	})
	t.Run("a different body under the same id conflicts", func(t *testing.T) {
		changed := s
		changed.Notes = "另一份"
		if _, _, err := receive(ctx, t, st, changed); !errors.Is(err, inspect.ErrConflict) {
			t.Errorf("RecordInspection = %v, want ErrConflict", err)
		}
	})
	rec, err := st.Inspection(ctx, s.ID)
	if err != nil || len(rec.Findings) != 1 {
		t.Fatalf("Inspection = %+v, %v; want one finding", rec, err)
	}
	f := rec.Findings[0]
	t.Run("photo added once", func(t *testing.T) {
		jpg := inspecttest.TinyJPEG(t)
		p, err := inspect.ReadPhoto(jpg, audit.HexDigest(jpg))
		if err != nil {
			t.Fatal(err)
		}
		p.InspectionID = s.ID
		e := audit.Entry{At: now, Actor: "u1", Action: inspect.ActionPhotoAdd, ObjectKind: inspect.ObjectPhoto, ObjectID: p.SHA256, PayloadDigest: p.SHA256}
		for i, want := range []bool{true, false} {
			if _, created, err := st.AddPhoto(ctx, p, jpg, e); err != nil || created != want {
				t.Errorf("upload %d: created %v, %v; want %v", i+1, created, err, want)
			}
		}
	})
	t.Run("evidence read is logged", func(t *testing.T) {
		if _, err := st.AppendAudit(ctx, audit.Entry{At: now, Actor: "sup-1", Action: inspect.ActionEvidenceRead, ObjectKind: inspect.ObjectInspection, ObjectID: s.ID}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("rectify, then a stale rectify conflicts", func(t *testing.T) {
		tr, err := f.Move(inspect.EventRectify, "owner-1", "广告牌已移除", nil, now)
		if err != nil {
			t.Fatal(err)
		}
		e := audit.Entry{At: now, Actor: "owner-1", Action: inspect.ActionFindingTransition, ObjectKind: inspect.ObjectFinding,
			ObjectID: f.ID, Detail: "open → rectified", PayloadDigest: tr.Digest()}
		if _, err := st.TransitionFinding(ctx, tr, e); err != nil {
			t.Fatal(err)
		}
		if _, err := st.TransitionFinding(ctx, tr, e); !errors.Is(err, inspect.ErrConflict) {
			t.Errorf("second TransitionFinding = %v, want ErrConflict", err)
		}
	})
	t.Run("rejected inspection's findings leave the list", func(t *testing.T) {
		r, err := inspect.Review{State: inspect.ReviewReceived}.Decide(inspect.ReviewRejected, "位置与摄像机不符", "sup-1", now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ReviewInspection(ctx, s.ID, inspect.ReviewReceived, r, audit.Entry{At: now, Actor: "sup-1",
			Action: inspect.ActionInspectionReview, ObjectKind: inspect.ObjectInspection, ObjectID: s.ID, Detail: "received → rejected"}); err != nil {
			t.Fatal(err)
		}
		n := 0
		if err := st.Findings(ctx, inspect.FindingQuery{}, func(inspect.Finding) error { n++; return nil }); err != nil || n != 0 {
			t.Errorf("Findings listed %d, %v; want none", n, err)
		}
	})
	t.Run("the audit chain verifies against its head", func(t *testing.T) {
		var entries []audit.Entry
		if err := st.AuditChain(ctx, 1, func(e audit.Entry) error { entries = append(entries, e); return nil }); err != nil {
			t.Fatal(err)
		}
		head, err := st.AuditHead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var actions []audit.Action
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		want := []audit.Action{inspect.ActionInspectionCreate, inspect.ActionPhotoAdd, inspect.ActionEvidenceRead, inspect.ActionFindingTransition, inspect.ActionInspectionReview}
		if !slices.Equal(actions, want) {
			t.Errorf("audit actions %v, want %v", actions, want)
		}
		if err := audit.VerifyHead(entries, head); err != nil {
			t.Error(err)
		}
	})
	t.Run("unknown ids are not found", func(t *testing.T) {
		if _, err := st.Inspection(ctx, "nope"); !errors.Is(err, inspect.ErrNotFound) {
			t.Errorf("Inspection = %v", err)
		}
		if _, err := st.Finding(ctx, "nope"); !errors.Is(err, inspect.ErrNotFound) {
			t.Errorf("Finding = %v", err)
		}
	})
}
