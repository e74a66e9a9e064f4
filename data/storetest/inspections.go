package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/internal/testenv"
	"cctvgis/planner/rulebook"
)

// RunInspections runs the conformance suite of inspect.Store against a store: every
// promise of the interfaces' documentation, through the interface only. open returns a new,
// empty store for one subtest.
func RunInspections(t *testing.T, open func(t *testing.T) inspect.Store) {
	t.Helper()
	cases := []struct {
		name string
		run  func(t *testing.T, s inspect.Store)
	}{
		{"an empty store", testInspEmpty},
		{"record and read back", testInspRoundTrip},
		{"a resend returns the stored record", testInspResend},
		{"a different body under the same id conflicts", testInspConflict},
		{"twenty concurrent resends create one record", testInspConcurrent},
		{"concurrent calls: shared ids, other bodies, taken finding ids", testInspConcurrentCases},
		{"review moves and conflicts", testInspReview},
		{"photos are stored once and linked", testInspPhotos},
		{"findings move with a history", testInspTransitions},
		{"findings query", testInspFindingsQuery},
		{"inspections query", testInspInspectionsQuery},
		{"when cameras were last inspected", testInspLastObserved},
		{"the audit chain verifies after a mixed workload", testInspAudit},
		{"a cancelled context writes nothing", testInspCancelled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
	}
}

// inspNow is the server's clock in the suite: 2026-03-02 10:00 China time, with
// nanoseconds that the stores must drop.
var inspNow = time.Date(2026, 3, 2, 2, 0, 0, 123_456_789, time.UTC)

// china is the zone of the phones' clocks.
var china = time.FixedZone("CST", 8*3600)

func ptr[T any](v T) *T { return &v }

// Sub is a complete submission of a check of camera cam, observed at the given offset
// before the suite's clock, with every optional group present.
func Sub(id, cam string, before time.Duration) inspect.Submission {
	return inspect.Submission{
		ID:          id,
		CameraID:    cam,
		Position:    inspect.Position{Lat: 27.827412345678, Lon: 113.134098765432, AccuracyM: 4.5},
		ObservedAt:  inspNow.Add(-before).In(china),
		Signage:     &inspect.Signage{Present: true, Legible: false},
		Lens:        &inspect.Lens{MeasuredAzimuthDeg: 131.25, Method: inspect.LensPhoto},
		Obstruction: &inspect.Obstruction{Kind: inspect.ObstructionBillboard, BlockedShare: 0.45},
		Privacy:     &inspect.Privacy{InPrivateSpace: true, Space: "hotel_room"},
		Image:       inspect.ImageBlurred,
		Running:     ptr(false),
		Notes:       "广告牌遮挡约一半画面；标识褪色",
	}
}

// NewRecord makes the record of submission s received in district, with a finding of each
// kind given whose deadline is the check's day plus days[i], every field of the finding
// filled.
func NewRecord(s inspect.Submission, district string, kinds []inspect.Kind, days []int) inspect.Record {
	in := inspect.NewInspection(s, inspect.Inspector{ID: "u-li", Name: "李警官"}, district, inspNow)
	in.Flags = []inspect.Flag{{Kind: inspect.FlagFarFromCamera, Value: 120.5, Limit: 100, Message: "inspector stood 121 m from the camera"}}
	rec := inspect.Record{Inspection: in, Findings: []inspect.Finding{}, Skipped: []inspect.Skip{{Kind: inspect.KindNotRunning, Reason: "no duty cited"}}}
	for i, k := range kinds {
		rec.Findings = append(rec.Findings, inspect.Finding{
			ID: in.ID + "." + string(k), InspectionID: in.ID, CameraID: in.CameraID, SiteID: in.SiteID, District: district,
			Kind: k, Duty: "no_obstruction", Space: "hotel_room", Violation: "obstruction", Remedy: inspect.RemedyRectify,
			Rule: rulebook.Cited{Article: "第十五条", Item: ptr(7), Citation: "第十五条第（七）项", CitationEn: "Art. 15 item 7", Source: "zhuzhou"},
			Penalties: []rulebook.PenaltyEntry{{Violation: "obstruction", Who: "unit", FineMinYuan: ptr(1000), FineMaxYuan: ptr(5000), Order: "责令限期改正",
				AfterDeadline: true, Cited: rulebook.Cited{Article: "第十七条", Citation: "第十七条", CitationEn: "Art. 17", Source: "zhuzhou"}}},
			Detail:    fmt.Sprintf("finding %d", i),
			Deadline:  rulebook.DateOf(in.ObservedAt.In(china)).AddDays(days[i]),
			Status:    inspect.StatusOpen,
			UpdatedAt: in.ReceivedAt,
		})
	}
	return rec
}

// CreateEntry is the audit entry of recording rec.
func CreateEntry(rec inspect.Record) audit.Entry {
	in := rec.Inspection
	return audit.Entry{At: inspNow, Actor: in.Inspector.ID, Action: inspect.ActionInspectionCreate, ObjectKind: inspect.ObjectInspection,
		ObjectID: in.ID, Detail: "received", PayloadDigest: in.BodyHash}
}

// record stores rec and fails the test unless it is created.
func record(t *testing.T, s inspect.Store, rec inspect.Record) inspect.Record {
	t.Helper()
	stored, created, err := s.RecordInspection(t.Context(), rec, CreateEntry(rec))
	if err != nil || !created {
		t.Fatalf("recording inspection %s: created %v, %v", rec.Inspection.ID, created, err)
	}
	return stored
}

// Canonical returns a copy of rec as a store gives it back: times in UTC (the stores keep
// microseconds; the zone is not kept) and absent lists empty.
func Canonical(rec inspect.Record) inspect.Record {
	in := &rec.Inspection
	in.ObservedAt, in.ReceivedAt, in.Review.At = utc(in.ObservedAt), utc(in.ReceivedAt), utc(in.Review.At)
	in.Flags = orEmpty(in.Flags)
	rec.Skipped = orEmpty(rec.Skipped)
	fs := make([]inspect.Finding, len(rec.Findings))
	for i, f := range rec.Findings {
		fs[i] = canonicalFinding(f)
	}
	rec.Findings = fs
	return rec
}

func canonicalFinding(f inspect.Finding) inspect.Finding {
	f.UpdatedAt = utc(f.UpdatedAt)
	f.Penalties = orEmpty(f.Penalties)
	return f
}

func canonicalPhoto(p inspect.Photo) inspect.Photo {
	p.ReceivedAt = utc(p.ReceivedAt)
	p.Flags = orEmpty(p.Flags)
	return p
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func orEmpty[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}

// sameRecord reports a difference between a record a store returned and the one expected.
func sameRecord(t *testing.T, what string, got, want inspect.Record) {
	t.Helper()
	g, w := Canonical(got), Canonical(want)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, g, w)
	}
}

// Chain reads a store's whole audit chain.
func Chain(t *testing.T, s audit.Log) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	if err := s.AuditChain(t.Context(), 1, func(e audit.Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatalf("reading the audit chain: %v", err)
	}
	return out
}

func auditLen(t *testing.T, s inspect.Store) int {
	t.Helper()
	return len(Chain(t, s))
}

func testInspEmpty(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	if h, err := s.AuditHead(ctx); err != nil || h != (audit.Head{Hash: audit.GenesisHash}) {
		t.Errorf("AuditHead = %+v, %v; want seq 0 and the genesis hash", h, err)
	}
	if _, err := s.Inspection(ctx, "nope"); !errors.Is(err, inspect.ErrNotFound) {
		t.Errorf("Inspection of an unknown id: %v, want ErrNotFound", err)
	}
	if _, err := s.Finding(ctx, "nope/obstructed"); !errors.Is(err, inspect.ErrNotFound) {
		t.Errorf("Finding of an unknown id: %v, want ErrNotFound", err)
	}
	if _, err := s.PhotoData(ctx, audit.HexDigest(nil)); !errors.Is(err, inspect.ErrNotFound) {
		t.Errorf("PhotoData of an unknown hash: %v, want ErrNotFound", err)
	}
	n := 0
	count := func(inspect.Finding) error { n++; return nil }
	if err := s.Findings(ctx, inspect.FindingQuery{}, count); err != nil || n != 0 {
		t.Errorf("Findings listed %d, %v", n, err)
	}
	if err := s.Inspections(ctx, inspect.InspectionQuery{}, func(inspect.Record) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("Inspections listed %d, %v", n, err)
	}
	if ps, err := s.Photos(ctx, "nope"); err != nil || len(ps) != 0 {
		t.Errorf("Photos of an unknown inspection = %v, %v; want none", ps, err)
	}
	if ts, err := s.Transitions(ctx, "nope"); err != nil || len(ts) != 0 {
		t.Errorf("Transitions of an unknown finding = %v, %v; want none", ts, err)
	}
	if last, err := s.LastObserved(ctx, []string{"cam-1"}); err != nil || len(last) != 0 {
		t.Errorf("LastObserved = %v, %v; want none", last, err)
	}
}

func testInspRoundTrip(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	rec := NewRecord(Sub("0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 10*time.Minute), "芦淞区",
		[]inspect.Kind{inspect.KindObstructed, inspect.KindDirectionChanged}, []int{7, 3})
	stored, created, err := s.RecordInspection(ctx, rec, CreateEntry(rec))
	if err != nil || !created {
		t.Fatalf("RecordInspection = created %v, %v", created, err)
	}
	sameRecord(t, "the record RecordInspection returned", stored, rec)
	got, err := s.Inspection(ctx, rec.Inspection.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameRecord(t, "the record read back", got, rec)
	if got.Inspection.Submission.BodyHash() != rec.Inspection.BodyHash {
		t.Errorf("the submission read back hashes to %s, not %s", got.Inspection.Submission.BodyHash(), rec.Inspection.BodyHash)
	}
	if ns := got.Inspection.ObservedAt.Nanosecond(); ns%1000 != 0 {
		t.Errorf("observed_at keeps nanoseconds %d", ns)
	}
	for _, f := range rec.Findings {
		g, err := s.Finding(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if w := canonicalFinding(f); !reflect.DeepEqual(canonicalFinding(g), w) {
			t.Errorf("finding read back:\n got %+v\nwant %+v", canonicalFinding(g), w)
		}
	}
	entries := Chain(t, s)
	if len(entries) != 1 || entries[0].Action != inspect.ActionInspectionCreate || entries[0].ObjectID != rec.Inspection.ID ||
		entries[0].PayloadDigest != rec.Inspection.BodyHash || entries[0].Seq != 1 {
		t.Fatalf("audit entries %+v, want one inspection.create of %s", entries, rec.Inspection.ID)
	}
	got0, want := entries[0], audit.Seal(nil, CreateEntry(rec))
	if !got0.At.Equal(want.At) {
		t.Errorf("audit entry at %v, want %v", got0.At, want.At)
	}
	if got0.At = want.At; got0 != want {
		t.Errorf("audit entry %+v, want %+v", got0, want)
	}
	if err := audit.Verify(entries); err != nil {
		t.Error(err)
	}
	t.Run("a site inspection without findings", func(t *testing.T) {
		sub := Sub("2b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "", time.Hour)
		sub.SiteID, sub.Signage, sub.Lens, sub.Obstruction, sub.Privacy, sub.Running, sub.Image, sub.Notes = "site-9", nil, nil, nil, nil, nil, "", ""
		rec := NewRecord(sub, "", nil, nil)
		rec.Skipped = nil
		record(t, s, rec) //nolint:contextcheck // record takes the subtest's own context
		got, err := s.Inspection(ctx, rec.Inspection.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameRecord(t, "the site record read back", got, rec)
	})
}

func testInspResend(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	sub := Sub("0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 10*time.Minute)
	rec := NewRecord(sub, "芦淞区", []inspect.Kind{inspect.KindObstructed}, []int{7})
	record(t, s, rec)
	// The phone sends the check again an hour later, its id in upper case.
	again := sub
	again.ID = "0B6F4D1C-3A2E-4C5B-9D7E-1F2A3B4C5D6E"
	resend := NewRecord(again, "芦淞区", []inspect.Kind{inspect.KindObstructed}, []int{7})
	resend.Inspection.ReceivedAt = inspNow.Add(time.Hour).Truncate(time.Microsecond)
	stored, created, err := s.RecordInspection(ctx, resend, CreateEntry(resend))
	if err != nil || created {
		t.Fatalf("resend: created %v, %v; want the stored record", created, err)
	}
	sameRecord(t, "the record a resend returned", stored, rec)
	if n := auditLen(t, s); n != 1 {
		t.Errorf("%d audit entries after a resend, want 1", n)
	}
}

func testInspConflict(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	sub := Sub("0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 10*time.Minute)
	rec := NewRecord(sub, "芦淞区", []inspect.Kind{inspect.KindObstructed}, []int{7})
	record(t, s, rec)
	tests := []struct {
		name   string
		change func(s *inspect.Submission)
	}{
		{"notes", func(s *inspect.Submission) { s.Notes = "另一份" }},
		{"a microsecond later", func(s *inspect.Submission) { s.ObservedAt = s.ObservedAt.Add(time.Microsecond) }},
		{"an observation group left out", func(s *inspect.Submission) { s.Lens = nil }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed := sub
			tc.change(&changed)
			other := NewRecord(changed, "芦淞区", nil, nil)
			if _, _, err := s.RecordInspection(ctx, other, CreateEntry(other)); !errors.Is(err, inspect.ErrConflict) {
				t.Fatalf("RecordInspection = %v, want ErrConflict", err)
			}
		})
	}
	got, err := s.Inspection(ctx, rec.Inspection.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameRecord(t, "the record after conflicts", got, rec)
	if n := auditLen(t, s); n != 1 {
		t.Errorf("%d audit entries after conflicts, want 1", n)
	}
}

func testInspConcurrent(t *testing.T, s inspect.Store) {
	t.Helper()
	rec := NewRecord(Sub("0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 10*time.Minute), "芦淞区",
		[]inspect.Kind{inspect.KindObstructed, inspect.KindNoSignage}, []int{7, 15})
	const n = 20
	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make([]inspect.Record, n)
	created := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			<-start
			results[i], created[i], errs[i] = s.RecordInspection(t.Context(), rec, CreateEntry(rec))
		})
	}
	close(start)
	wg.Wait()
	made := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("resend %d: %v", i, errs[i])
			continue
		}
		if created[i] {
			made++
		}
		sameRecord(t, fmt.Sprintf("resend %d", i), results[i], rec)
	}
	if made != 1 {
		t.Errorf("%d resends created the record, want 1", made)
	}
	if k := auditLen(t, s); k != 1 {
		t.Errorf("%d audit entries, want 1", k)
	}
	k := 0
	if err := s.Findings(t.Context(), inspect.FindingQuery{}, func(inspect.Finding) error { k++; return nil }); err != nil || k != 2 {
		t.Errorf("Findings listed %d, %v; want 2", k, err)
	}
}

func testInspConcurrentCases(t *testing.T, s inspect.Store) {
	t.Helper()
	for _, c := range ConcurrentCases(testenv.Seed(t)) {
		t.Run(c.Name, func(t *testing.T) {
			RecordStored(t, s, c)
			before := auditLen(t, s)
			out := RecordAll(t.Context(), s, c.Calls, nil)
			CheckConcurrent(t, s, c, before, c.Calls, out)
		})
	}
}

func reviewEntry(id string, from, to inspect.ReviewState) audit.Entry {
	return audit.Entry{At: inspNow, Actor: "sup-1", Action: inspect.ActionInspectionReview, ObjectKind: inspect.ObjectInspection,
		ObjectID: id, Detail: string(from) + " → " + string(to)}
}

func testInspReview(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	rec := record(t, s, NewRecord(Sub("0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 10*time.Minute), "芦淞区", nil, nil))
	id := rec.Inspection.ID
	issues, err := rec.Inspection.Review.Decide(inspect.ReviewHasIssues, "位置偏差较大", "sup-1", inspNow)
	if err != nil {
		t.Fatal(err)
	}
	approved, err := issues.Decide(inspect.ReviewApproved, "已核实", "sup-2", inspNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		id   string
		from inspect.ReviewState
		to   inspect.Review
		err  error
	}{
		{"received to has issues", id, inspect.ReviewReceived, issues, nil},
		{"from received again conflicts", id, inspect.ReviewReceived, approved, inspect.ErrConflict},
		{"has issues to approved", id, inspect.ReviewHasIssues, approved, nil},
		{"an unknown inspection", "nope", inspect.ReviewReceived, issues, inspect.ErrNotFound},
	}
	entries := 1
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			in, err := s.ReviewInspection(ctx, st.id, st.from, st.to, reviewEntry(st.id, st.from, st.to.State))
			if !errors.Is(err, st.err) {
				t.Fatalf("ReviewInspection = %v, want %v", err, st.err)
			}
			if st.err != nil {
				return
			}
			entries++
			if in.Review.State != st.to.State || in.Review.Comment != st.to.Comment || in.Review.By != st.to.By || !in.Review.At.Equal(st.to.At) {
				t.Errorf("review %+v, want %+v", in.Review, st.to)
			}
			got, err := s.Inspection(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want := rec
			want.Inspection.Review = st.to
			sameRecord(t, "the reviewed record", got, want)
		})
	}
	if n := auditLen(t, s); n != entries {
		t.Errorf("%d audit entries, want %d", n, entries)
	}
}

// Photo is a photo of inspection id: data stands for the bytes (the store does not read
// them), with EXIF and flags filled, received (and so stamped) a minute after inspNow.
func Photo(id string, data []byte) inspect.Photo {
	sum := audit.HexDigest(data)
	return inspect.Photo{SHA256: sum, InspectionID: id, ContentType: inspect.ContentJPEG, Size: len(data),
		EXIF: &inspect.EXIF{GPS: &inspect.LatLon{Lat: 27.8275, Lon: 113.1341}, GPSMapDatum: "WGS-84", DateTimeOriginal: "2026:03:02 09:49:30",
			OffsetTimeOriginal: "+08:00", ImgDirection: ptr(131.5), ImgDirectionRef: "T"},
		ReceivedAt: audit.Stamp(inspNow.Add(time.Minute)),
		Flags:      []inspect.Flag{{Kind: inspect.FlagPhotoFar, Value: 61, Limit: 50, Message: "photo taken 61 m away", PhotoSHA256: sum}},
	}
}

// PhotoEntry is the audit entry of adding p.
func PhotoEntry(p inspect.Photo) audit.Entry {
	return audit.Entry{At: inspNow, Actor: "u-li", Action: inspect.ActionPhotoAdd, ObjectKind: inspect.ObjectPhoto, ObjectID: p.SHA256,
		Detail: "inspection " + p.InspectionID, PayloadDigest: p.SHA256}
}

func testInspPhotos(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	a := record(t, s, NewRecord(Sub("0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 10*time.Minute), "芦淞区", nil, nil)).Inspection.ID
	b := record(t, s, NewRecord(Sub("1b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 5*time.Minute), "芦淞区", nil, nil)).Inspection.ID
	jpg := append([]byte{0xFF, 0xD8, 0xFF, 0xE1}, []byte("照片一 some bytes \x00\x01\x02")...)
	second := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("照片二")...)
	pa, pb, pa2 := Photo(a, jpg), Photo(b, jpg), Photo(a, second)
	pa2.EXIF, pa2.Flags = nil, nil
	pa2.EXIFProblem = "inspect: malformed EXIF: truncated IFD"
	steps := []struct {
		name    string
		p       inspect.Photo
		data    []byte
		created bool
		err     error
	}{
		{"first upload", pa, jpg, true, nil},
		{"the same upload again", pa, jpg, false, nil},
		{"the same bytes for another inspection", pb, jpg, true, nil},
		{"a second photo", pa2, second, true, nil},
		{"an unknown inspection", Photo("nope", jpg), jpg, false, inspect.ErrNotFound},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			stored, created, err := s.AddPhoto(ctx, st.p, st.data, PhotoEntry(st.p))
			if !errors.Is(err, st.err) || created != st.created {
				t.Fatalf("AddPhoto = created %v, %v; want %v, %v", created, err, st.created, st.err)
			}
			if st.err != nil {
				return
			}
			want := st.p
			if !reflect.DeepEqual(canonicalPhoto(stored), canonicalPhoto(want)) {
				t.Errorf("stored photo\n got %+v\nwant %+v", canonicalPhoto(stored), canonicalPhoto(want))
			}
		})
	}
	for _, c := range []struct {
		id   string
		want []inspect.Photo
	}{{a, []inspect.Photo{pa, pa2}}, {b, []inspect.Photo{pb}}} {
		got, err := s.Photos(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(c.want) {
			t.Fatalf("Photos(%s) = %d photos, want %d", c.id, len(got), len(c.want))
		}
		for i := range got {
			w := c.want[i]
			if !reflect.DeepEqual(canonicalPhoto(got[i]), canonicalPhoto(w)) {
				t.Errorf("Photos(%s)[%d]\n got %+v\nwant %+v", c.id, i, canonicalPhoto(got[i]), canonicalPhoto(w))
			}
		}
	}
	for _, data := range [][]byte{jpg, second} {
		got, err := s.PhotoData(ctx, audit.HexDigest(data))
		if err != nil || !slices.Equal(got, data) {
			t.Errorf("PhotoData = %q, %v; want %q", got, err, data)
		}
	}
	if n := auditLen(t, s); n != 2+3 {
		t.Errorf("%d audit entries, want 5 (two inspections, three links)", n)
	}
}

// Move plans and applies the transition of finding f on ev through s, failing the test on
// an error.
func Move(t *testing.T, s inspect.Store, f inspect.Finding, ev inspect.Event, later *inspect.Inspection, at time.Time) (inspect.Transition, inspect.Finding) {
	t.Helper()
	tr, err := f.Move(ev, "owner-1", "已整改："+string(ev), later, at)
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.TransitionFinding(t.Context(), tr, TransitionEntry(tr))
	if err != nil {
		t.Fatalf("TransitionFinding %s: %v", ev, err)
	}
	return tr, g
}

// TransitionEntry is the audit entry of tr.
func TransitionEntry(tr inspect.Transition) audit.Entry {
	return audit.Entry{At: tr.At, Actor: tr.Actor, Action: inspect.ActionFindingTransition, ObjectKind: inspect.ObjectFinding,
		ObjectID: tr.FindingID, Detail: string(tr.From) + " → " + string(tr.To), PayloadDigest: tr.Digest()}
}

func testInspTransitions(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	rec := record(t, s, NewRecord(Sub("0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 2*time.Hour), "芦淞区",
		[]inspect.Kind{inspect.KindObstructed}, []int{7}))
	later := record(t, s, NewRecord(Sub("1b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", time.Hour), "芦淞区", nil, nil)).Inspection
	f := rec.Findings[0]
	rectify, f1 := Move(t, s, f, inspect.EventRectify, nil, inspNow.Add(time.Minute))
	if f1.Status != inspect.StatusRectified || !f1.UpdatedAt.Equal(rectify.At) {
		t.Errorf("after rectify: %s at %v", f1.Status, f1.UpdatedAt)
	}
	t.Run("a stale transition conflicts", func(t *testing.T) {
		if _, err := s.TransitionFinding(ctx, rectify, TransitionEntry(rectify)); !errors.Is(err, inspect.ErrConflict) {
			t.Errorf("TransitionFinding = %v, want ErrConflict", err)
		}
	})
	t.Run("an unknown finding", func(t *testing.T) {
		tr := rectify
		tr.FindingID = "nope/obstructed"
		if _, err := s.TransitionFinding(ctx, tr, TransitionEntry(tr)); !errors.Is(err, inspect.ErrNotFound) {
			t.Errorf("TransitionFinding = %v, want ErrNotFound", err)
		}
	})
	t.Run("a transition the machine forbids", func(t *testing.T) {
		tr := rectify
		tr.From, tr.To = inspect.StatusRectified, inspect.StatusOpen
		if _, err := s.TransitionFinding(ctx, tr, TransitionEntry(tr)); err == nil {
			t.Error("TransitionFinding rectified → open succeeded")
		}
	})
	verify, f2 := Move(t, s, f1, inspect.EventVerify, &later, inspNow.Add(2*time.Minute))
	got, err := s.Finding(ctx, f.ID)
	if err != nil || got.Status != inspect.StatusVerified || !reflect.DeepEqual(canonicalFinding(got), canonicalFinding(f2)) {
		t.Errorf("Finding = %+v, %v; want %+v", got, err, f2)
	}
	hist, err := s.Transitions(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []inspect.Transition{rectify, verify}
	for i := range hist {
		hist[i].At = hist[i].At.UTC()
	}
	if !reflect.DeepEqual(hist, want) {
		t.Errorf("Transitions\n got %+v\nwant %+v", hist, want)
	}
	r, err := s.Inspection(ctx, rec.Inspection.ID)
	if err != nil || len(r.Findings) != 1 || r.Findings[0].Status != inspect.StatusVerified {
		t.Errorf("the record's finding is not the current one: %+v, %v", r.Findings, err)
	}
	if n := auditLen(t, s); n != 4 {
		t.Errorf("%d audit entries, want 4", n)
	}
}

func testInspFindingsQuery(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	day := func(r inspect.Record, i int) rulebook.Date { return r.Findings[i].Deadline }
	// Checks observed on the same day, so the deadlines sort by days.
	a := record(t, s, NewRecord(Sub("0a000000-0000-4000-8000-000000000001", "cam-1", 3*time.Hour), "芦淞区",
		[]inspect.Kind{inspect.KindObstructed, inspect.KindNoSignage}, []int{7, 15}))
	b := record(t, s, NewRecord(Sub("0a000000-0000-4000-8000-000000000002", "cam-2", 2*time.Hour), "天元区",
		[]inspect.Kind{inspect.KindPrivateSpace, inspect.KindObstructed}, []int{3, 7}))
	rejected := record(t, s, NewRecord(Sub("0a000000-0000-4000-8000-000000000003", "cam-1", time.Hour), "芦淞区",
		[]inspect.Kind{inspect.KindNotRunning}, []int{1}))
	r, err := rejected.Inspection.Review.Decide(inspect.ReviewRejected, "不在现场", "sup-1", inspNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReviewInspection(ctx, rejected.Inspection.ID, inspect.ReviewReceived, r, reviewEntry(rejected.Inspection.ID, inspect.ReviewReceived, inspect.ReviewRejected)); err != nil {
		t.Fatal(err)
	}
	// One finding of a, due in 7 days, is rectified.
	Move(t, s, a.Findings[0], inspect.EventRectify, nil, inspNow)
	id := func(r inspect.Record, i int) string { return r.Findings[i].ID }
	// Earliest deadline first; the two due in 7 days by id.
	all := []string{id(b, 0), id(a, 0), id(b, 1), id(a, 1)}
	if id(a, 0) > id(b, 1) {
		t.Fatal("fixture ids out of order")
	}
	tests := []struct {
		name string
		q    inspect.FindingQuery
		want []string
	}{
		{"all that count", inspect.FindingQuery{}, all},
		{"open", inspect.FindingQuery{Status: []inspect.Status{inspect.StatusOpen}}, []string{id(b, 0), id(b, 1), id(a, 1)}},
		{"open or rectified", inspect.FindingQuery{Status: []inspect.Status{inspect.StatusOpen, inspect.StatusRectified}}, all},
		{"rectified", inspect.FindingQuery{Status: []inspect.Status{inspect.StatusRectified}}, []string{id(a, 0)}},
		{"a district", inspect.FindingQuery{District: "芦淞区"}, []string{id(a, 0), id(a, 1)}},
		{"a district and a status", inspect.FindingQuery{District: "天元区", Status: []inspect.Status{inspect.StatusOpen}}, []string{id(b, 0), id(b, 1)}},
		{"a camera", inspect.FindingQuery{CameraID: "cam-2"}, []string{id(b, 0), id(b, 1)}},
		{"cameras within reach", inspect.FindingQuery{CameraIDs: []string{"cam-1", "cam-9"}}, []string{id(a, 0), id(a, 1)}},
		{"cameras and a status", inspect.FindingQuery{CameraIDs: []string{"cam-2", "cam-1"}, Status: []inspect.Status{inspect.StatusOpen}},
			[]string{id(b, 0), id(b, 1), id(a, 1)}},
		{"cameras, one given twice", inspect.FindingQuery{CameraID: "cam-2", CameraIDs: []string{"cam-2"}}, []string{id(b, 0), id(b, 1)}},
		{"cameras without findings", inspect.FindingQuery{CameraIDs: []string{"cam-9"}}, nil},
		{"due before the 7-day deadline", inspect.FindingQuery{DueBefore: day(a, 0)}, []string{id(b, 0)}},
		{"due before the day after it", inspect.FindingQuery{DueBefore: day(a, 0).AddDays(1)}, []string{id(b, 0), id(a, 0), id(b, 1)}},
		{"limited", inspect.FindingQuery{Limit: 2}, []string{id(b, 0), id(a, 0)}},
		{"no match", inspect.FindingQuery{District: "荷塘区"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			if err := s.Findings(ctx, tc.q, func(f inspect.Finding) error { got = append(got, f.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Findings = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("fn's error stops the walk", func(t *testing.T) {
		stop := errors.New("enough")
		n := 0
		err := s.Findings(ctx, inspect.FindingQuery{}, func(inspect.Finding) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("Findings = %v after %d calls, want fn's error after 1", err, n)
		}
	})
}

func testInspInspectionsQuery(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	var ids []string
	for i, c := range []struct {
		cam, district string
		before        time.Duration
	}{{"cam-1", "芦淞区", 4 * time.Hour}, {"cam-2", "天元区", 3 * time.Hour}, {"cam-1", "芦淞区", 2 * time.Hour}, {"cam-3", "芦淞区", time.Hour}} {
		rec := record(t, s, NewRecord(Sub(fmt.Sprintf("0a000000-0000-4000-8000-00000000000%d", i), c.cam, c.before), c.district, nil, nil))
		ids = append(ids, rec.Inspection.ID)
	}
	site := Sub("0a000000-0000-4000-8000-000000000009", "", 30*time.Minute)
	site.SiteID = "site-1"
	record(t, s, NewRecord(site, "天元区", nil, nil))
	tests := []struct {
		name string
		q    inspect.InspectionQuery
		want []string
	}{
		{"all, latest first", inspect.InspectionQuery{}, []string{site.ID, ids[3], ids[2], ids[1], ids[0]}},
		{"a district", inspect.InspectionQuery{District: "芦淞区"}, []string{ids[3], ids[2], ids[0]}},
		{"a camera", inspect.InspectionQuery{CameraID: "cam-1"}, []string{ids[2], ids[0]}},
		{"a site", inspect.InspectionQuery{SiteID: "site-1"}, []string{site.ID}},
		{"since, inclusive", inspect.InspectionQuery{Since: inspNow.Add(-3 * time.Hour).Truncate(time.Microsecond)}, []string{site.ID, ids[3], ids[2], ids[1]}},
		{"until, exclusive", inspect.InspectionQuery{Until: inspNow.Add(-2 * time.Hour).Truncate(time.Microsecond)}, []string{ids[1], ids[0]}},
		{"limited", inspect.InspectionQuery{Limit: 2}, []string{site.ID, ids[3]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			if err := s.Inspections(ctx, tc.q, func(r inspect.Record) error { got = append(got, r.Inspection.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Inspections = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("fn's error stops the walk", func(t *testing.T) {
		stop := errors.New("enough")
		n := 0
		if err := s.Inspections(ctx, inspect.InspectionQuery{}, func(inspect.Record) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
			t.Errorf("Inspections = %v after %d calls, want fn's error after 1", err, n)
		}
	})
}

func testInspLastObserved(t *testing.T, s inspect.Store) {
	t.Helper()
	n := 0
	// check records a check of camera cam (of site-1 when cam is empty) observed before
	// the suite's clock, reviewed to the given state, and returns when it was observed.
	check := func(cam string, before time.Duration, review inspect.ReviewState) time.Time {
		t.Helper()
		n++
		sub := Sub(fmt.Sprintf("0d000000-0000-4000-8000-%012d", n), cam, before)
		if cam == "" {
			sub.SiteID = "site-1"
		}
		rec := record(t, s, NewRecord(sub, "芦淞区", nil, nil))
		if review != inspect.ReviewReceived {
			r, err := rec.Inspection.Review.Decide(review, "复核意见", "sup-1", inspNow)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.ReviewInspection(t.Context(), rec.Inspection.ID, inspect.ReviewReceived, r, reviewEntry(rec.Inspection.ID, inspect.ReviewReceived, review)); err != nil {
				t.Fatal(err)
			}
		}
		return rec.Inspection.ObservedAt.UTC()
	}
	// Recorded out of order, so that the latest is not the last one recorded.
	check("cam-a", 3*time.Hour, inspect.ReviewReceived)
	latestA := check("cam-a", time.Hour, inspect.ReviewApproved)
	check("cam-a", 2*time.Hour, inspect.ReviewReceived)
	countedB := check("cam-b", 5*time.Hour, inspect.ReviewReceived)
	check("cam-b", 30*time.Minute, inspect.ReviewRejected)
	check("cam-c", 10*time.Minute, inspect.ReviewRejected)
	issuesD := check("cam-d", 4*time.Hour, inspect.ReviewHasIssues)
	check("", time.Minute, inspect.ReviewReceived)
	// A camera whose id starts with another's.
	check("cam-a0", time.Minute, inspect.ReviewReceived)
	// Many cameras asked for at once, a few of them inspected.
	many, wantMany := []string{"cam-a", "cam-b", "cam-c"}, map[string]time.Time{"cam-a": latestA, "cam-b": countedB}
	for i := range 1000 {
		id := fmt.Sprintf("cam-m%04d", i)
		many = append(many, id)
		if i%50 == 0 {
			wantMany[id] = check(id, time.Duration(i)*time.Minute, inspect.ReviewReceived)
		}
	}
	tests := []struct {
		name string
		ids  []string
		want map[string]time.Time
	}{
		{"no cameras", nil, map[string]time.Time{}},
		{"never inspected", []string{"cam-none"}, map[string]time.Time{}},
		{"several checks: the latest wins", []string{"cam-a"}, map[string]time.Time{"cam-a": latestA}},
		{"a rejected check does not count", []string{"cam-b"}, map[string]time.Time{"cam-b": countedB}},
		{"a camera whose only check was rejected", []string{"cam-c"}, map[string]time.Time{}},
		{"a check with issues counts", []string{"cam-d"}, map[string]time.Time{"cam-d": issuesD}},
		{"a site's check is no camera's", []string{""}, map[string]time.Time{}},
		{"repeated and unknown ids", []string{"cam-a", "cam-none", "cam-a", "cam-"}, map[string]time.Time{"cam-a": latestA}},
		{"many cameras", many, wantMany},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.LastObserved(t.Context(), tc.ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Errorf("LastObserved gave %d cameras, want %d: %v", len(got), len(tc.want), got)
			}
			for id, want := range tc.want {
				if g, ok := got[id]; !ok || !g.Equal(want) || g.Location() != time.UTC {
					t.Errorf("camera %q last inspected %v (found %v), want %v in UTC", id, g, ok, want)
				}
			}
		})
	}
}

// Workload is what MixedWorkload did to a store.
type Workload struct {
	Records []inspect.Record
	// Moved is a finding that was rectified; Photo a photo linked to the first record.
	Moved inspect.Finding
	Photo inspect.Photo
}

// MixedWorkload gives a store a little of everything that writes to the audit log, from
// several goroutines at once: inspections with findings, resends, a photo, a review, a
// finding transition and evidence reads. Tamper tests start from it.
func MixedWorkload(t *testing.T, s inspect.Store) Workload {
	t.Helper()
	ctx := t.Context()
	var w Workload
	const n = 12
	recs := make([]inspect.Record, n)
	for i := range n {
		recs[i] = NewRecord(Sub(fmt.Sprintf("0c000000-0000-4000-8000-%012d", i), fmt.Sprintf("cam-%d", i%4), time.Duration(i)*time.Minute),
			[]string{"芦淞区", "天元区"}[i%2], []inspect.Kind{inspect.KindObstructed}, []int{i % 5})
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < n; i += 4 {
				// Each record twice: the resend must add nothing.
				for range 2 {
					if _, _, err := s.RecordInspection(ctx, recs[i], CreateEntry(recs[i])); err != nil {
						t.Errorf("recording %d: %v", i, err)
					}
				}
				if _, err := s.AppendAudit(ctx, audit.Entry{At: inspNow, Actor: "sup-1", Action: inspect.ActionEvidenceRead,
					ObjectKind: inspect.ObjectInspection, ObjectID: recs[i].Inspection.ID}); err != nil {
					t.Errorf("logging a read: %v", err)
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	w.Records = recs
	w.Photo = Photo(recs[0].Inspection.ID, []byte("\xFF\xD8\xFF workload photo"))
	if _, _, err := s.AddPhoto(ctx, w.Photo, []byte("\xFF\xD8\xFF workload photo"), PhotoEntry(w.Photo)); err != nil {
		t.Fatal(err)
	}
	r, err := recs[1].Inspection.Review.Decide(inspect.ReviewApproved, "", "sup-1", inspNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReviewInspection(ctx, recs[1].Inspection.ID, inspect.ReviewReceived, r, reviewEntry(recs[1].Inspection.ID, inspect.ReviewReceived, inspect.ReviewApproved)); err != nil {
		t.Fatal(err)
	}
	_, w.Moved = Move(t, s, recs[2].Findings[0], inspect.EventRectify, nil, inspNow)
	return w
}

// WorkloadEntries is the number of audit entries MixedWorkload leaves.
const WorkloadEntries = 12 + 12 + 1 + 1 + 1

func testInspAudit(t *testing.T, s inspect.Store) {
	t.Helper()
	ctx := t.Context()
	MixedWorkload(t, s)
	entries := Chain(t, s)
	if len(entries) != WorkloadEntries {
		t.Fatalf("%d audit entries, want %d", len(entries), WorkloadEntries)
	}
	head, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head != entries[len(entries)-1].Head() {
		t.Errorf("AuditHead %+v is not the last entry's %+v", head, entries[len(entries)-1].Head())
	}
	if err := audit.VerifyHead(entries, head); err != nil {
		t.Error(err)
	}
	if last, err := audit.VerifyChain(ctx, s); err != nil || last != head {
		t.Errorf("VerifyChain = %+v, %v", last, err)
	}
	if err := inspect.VerifyEvidence(ctx, s); err != nil {
		t.Errorf("VerifyEvidence: %v", err)
	}
	var from []uint64
	if err := s.AuditChain(ctx, 25, func(e audit.Entry) error { from = append(from, e.Seq); return nil }); err != nil || !slices.Equal(from, []uint64{25, 26, 27}) {
		t.Errorf("AuditChain from 25 = %v, %v", from, err)
	}
	stop := errors.New("enough")
	if err := s.AuditChain(ctx, 1, func(audit.Entry) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("AuditChain = %v, want fn's error", err)
	}
	e, err := s.AppendAudit(ctx, audit.Entry{At: inspNow, Actor: "sup-1", Action: inspect.ActionEvidenceRead, ObjectKind: inspect.ObjectPhoto, ObjectID: "x"})
	if err != nil || e.Seq != head.Seq+1 || e.PrevHash != head.Hash || e.Sum() != e.Hash {
		t.Errorf("AppendAudit = %+v, %v; want entry %d sealed onto the head", e, err, head.Seq+1)
	}
}

func testInspCancelled(t *testing.T, s inspect.Store) {
	t.Helper()
	rec := NewRecord(Sub("0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", 10*time.Minute), "芦淞区", []inspect.Kind{inspect.KindObstructed}, []int{7})
	other := record(t, s, NewRecord(Sub("1b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "cam-1", time.Minute), "芦淞区", []inspect.Kind{inspect.KindObstructed}, []int{7}))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	p := Photo(other.Inspection.ID, []byte("\xFF\xD8\xFF"))
	r, _ := other.Inspection.Review.Decide(inspect.ReviewApproved, "", "sup-1", inspNow)
	tr, _ := other.Findings[0].Move(inspect.EventRectify, "owner-1", "已整改", nil, inspNow)
	calls := []struct {
		name string
		call func() error
	}{
		{"RecordInspection", func() error { _, _, err := s.RecordInspection(ctx, rec, CreateEntry(rec)); return err }},
		{"ReviewInspection", func() error {
			_, err := s.ReviewInspection(ctx, other.Inspection.ID, inspect.ReviewReceived, r, reviewEntry(other.Inspection.ID, "received", "approved"))
			return err
		}},
		{"AddPhoto", func() error { _, _, err := s.AddPhoto(ctx, p, []byte("\xFF\xD8\xFF"), PhotoEntry(p)); return err }},
		{"TransitionFinding", func() error { _, err := s.TransitionFinding(ctx, tr, TransitionEntry(tr)); return err }},
		{"AppendAudit", func() error { _, err := s.AppendAudit(ctx, CreateEntry(rec)); return err }},
		{"Inspection", func() error { _, err := s.Inspection(ctx, other.Inspection.ID); return err }},
		{"Inspections", func() error {
			return s.Inspections(ctx, inspect.InspectionQuery{}, func(inspect.Record) error { return nil })
		}},
		{"Findings", func() error {
			return s.Findings(ctx, inspect.FindingQuery{}, func(inspect.Finding) error { return nil })
		}},
		{"AuditChain", func() error { return s.AuditChain(ctx, 1, func(audit.Entry) error { return nil }) }},
		{"AuditHead", func() error { _, err := s.AuditHead(ctx); return err }},
		{"LastObserved", func() error { _, err := s.LastObserved(ctx, []string{"cam-1"}); return err }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, context.Canceled) {
				t.Errorf("%s with a cancelled context: %v, want context.Canceled", c.name, err)
			}
		})
	}
	if _, err := s.Inspection(t.Context(), rec.Inspection.ID); !errors.Is(err, inspect.ErrNotFound) {
		t.Errorf("the inspection was written: %v", err)
	}
	got, err := s.Inspection(t.Context(), other.Inspection.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameRecord(t, "the untouched record", got, other)
	if n := auditLen(t, s); n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
}

// Tamper is one change made behind a store's back, as someone with access to its file or
// tables could make it, and what verification must name.
type Tamper struct {
	Name string
	// Edit changes the store directly (SQL, raw bbolt puts), given what MixedWorkload wrote.
	Edit func(t *testing.T, s inspect.Store, w Workload)
	// ChainSeq is the entry audit.VerifyChain must name as the first broken one; 0 when
	// the chain stays intact and inspect.VerifyEvidence must name Object instead.
	ChainSeq uint64
	// Object returns the kind and id of the object VerifyEvidence must name.
	Object func(w Workload) (kind, id string)
}

// RunTamper runs each case on a new store: MixedWorkload, the edit, then verification,
// which must fail naming what the case says. The untampered store must verify first.
func RunTamper(t *testing.T, open func(t *testing.T) inspect.Store, cases []Tamper) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			s := open(t)
			w := MixedWorkload(t, s)
			ctx := t.Context()
			if err := inspect.VerifyEvidence(ctx, s); err != nil {
				t.Fatalf("before the edit: %v", err)
			}
			tc.Edit(t, s, w)
			_, chainErr := audit.VerifyChain(ctx, s)
			evErr := inspect.VerifyEvidence(ctx, s)
			if tc.ChainSeq != 0 {
				var ce *audit.ChainError
				if !errors.As(chainErr, &ce) || ce.Seq != tc.ChainSeq {
					t.Fatalf("VerifyChain = %v, want a break at entry %d", chainErr, tc.ChainSeq)
				}
				if !errors.As(evErr, &ce) || ce.Seq != tc.ChainSeq {
					t.Errorf("VerifyEvidence = %v, want a break at entry %d", evErr, tc.ChainSeq)
				}
				t.Logf("found: %v", chainErr)
				return
			}
			if chainErr != nil {
				t.Fatalf("VerifyChain = %v, want the chain intact", chainErr)
			}
			kind, id := tc.Object(w)
			var ee *inspect.EvidenceError
			if !errors.As(evErr, &ee) || ee.ObjectKind != kind || ee.ObjectID != id {
				t.Fatalf("VerifyEvidence = %v, want an evidence error naming %s %s", evErr, kind, id)
			}
			t.Logf("found: %v", evErr)
		})
	}
}

// TamperedInspection and TamperedFinding name the objects the usual tamper cases edit:
// the first record and the finding MixedWorkload moved.
func TamperedInspection(w Workload) (kind, id string) {
	return inspect.ObjectInspection, w.Records[0].Inspection.ID
}

// TamperedFinding names the finding MixedWorkload moved.
func TamperedFinding(w Workload) (kind, id string) { return inspect.ObjectFinding, w.Moved.ID }
