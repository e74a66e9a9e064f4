package records_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/data/records"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
)

var at = time.Date(2026, 3, 2, 1, 50, 0, 123000, time.UTC)

func date(tb testing.TB, s string) rulebook.Date {
	tb.Helper()
	d, err := rulebook.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// samplePlan is a plan with every part a stored plan can have: a draft, a returned and an
// approved version, the approved one applied, comments on a place and on a proposal.
func samplePlan() *plan.Plan {
	cam := coverage.Camera{ID: "PL1-p1", Pos: orb.Point{119.41, 32.39}, Azimuth: 45, HFOV: 90, Range: 40, Owner: "公安局",
		Investment: coverage.Government, Height: 6, Status: plan.StatusPlanned, Surveillance: "outdoor", Mount: "pole", Level: 0}
	props := []coverage.Proposal{
		{ID: "p1", Kind: coverage.ProposeAdd, Camera: cam, Note: "补点"},
		{ID: "p2", Kind: coverage.ProposeMove, CameraID: "C1", To: orb.Point{119.4101, 32.3902}},
		{ID: "p3", Kind: coverage.ProposeReaim, CameraID: "C2", Aim: coverage.Aim{Azimuth: 255, HFOV: 70, Range: 45}},
		{ID: "p4", Kind: coverage.ProposeRemove, CameraID: "C3"},
	}
	stages := []rulebook.StageEntry{{Stage: rulebook.StageExpertReview, Body: "专家论证",
		Cited: rulebook.Cited{Article: "第六条", Item: ptr(1), Citation: "第六条第一款", CitationEn: "Art. 6 para. 1", Source: "weihai"}},
		{Stage: rulebook.StageApprove}}
	pos := orb.Point{119.41, 32.39}
	prior := coverage.Camera{ID: "C3", Pos: orb.Point{119.42, 32.38}, Azimuth: 10, HFOV: 60, Range: 30, Owner: "商店",
		Investment: coverage.Private, Direction: coverage.DirectionUnknown, Level: -1}
	return &plan.Plan{ID: "PL1", Title: "东区补点", Rulebook: "weihai", District: "东区", Author: "u-plan", CreatedAt: at,
		State: plan.PlanApproved, Draft: props, NextProposal: 5,
		Versions: []plan.Version{
			{Number: 1, Title: "东区补点", Proposals: props[:1], Hash: "9f01", SubmittedBy: "u-plan", SubmittedAt: at,
				Stages: stages, Reviews: []plan.Review{{Stage: rulebook.StageExpertReview, Decision: plan.DecisionReturn, By: "u-exp", At: at, Note: "补充"}},
				Outcome: plan.OutcomeReturned},
			{Number: 2, Title: "东区补点", Proposals: props, Hash: "ab12", SubmittedBy: "u-plan", SubmittedAt: at, Stages: stages,
				Reviews: []plan.Review{{Stage: rulebook.StageExpertReview, Decision: plan.DecisionApprove, By: "u-exp", At: at},
					{Stage: rulebook.StageApprove, Decision: plan.DecisionApprove, By: "u-gov", At: at, Note: "同意"}},
				Outcome: plan.OutcomeApproved,
				Applied: &plan.Application{At: at, By: "u-plan", Added: []string{"PL1-p1"}, Prior: []coverage.Camera{prior}}},
		},
		Comments: []plan.Comment{{ID: "c1", Version: 1, By: "u-exp", At: at, Text: "医院北门也要看", Pos: &pos},
			{ID: "c2", Version: 2, By: "u-gov", At: at, Text: "?", Proposal: "p3"}},
	}
}

// sampleRecord is an inspection of a camera with every group observed, a flag, two
// findings and a skip.
func sampleRecord(tb testing.TB) inspect.Record {
	tb.Helper()
	running := false
	sub := inspect.Submission{ID: "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", CameraID: "cam-1",
		Position: inspect.Position{Lat: 27.8274, Lon: 113.134, AccuracyM: 5}, ObservedAt: at,
		Signage:     &inspect.Signage{Present: true, Legible: false},
		Lens:        &inspect.Lens{MeasuredAzimuthDeg: 92, Method: inspect.LensCompass},
		Obstruction: &inspect.Obstruction{Kind: inspect.ObstructionTree, BlockedShare: 0.4},
		Privacy:     &inspect.Privacy{InPrivateSpace: true, Space: "hotel_room"},
		Image:       inspect.ImageBlurred, Running: &running, Notes: "树枝遮挡"}
	cite := rulebook.Cited{Article: "第十三条", Item: nil, Citation: "第十三条", CitationEn: "Art. 13", Source: "zhuzhou"}
	finding := func(kind inspect.Kind, remedy inspect.Remedy) inspect.Finding {
		return inspect.Finding{ID: sub.ID + "." + string(kind), InspectionID: sub.ID, CameraID: "cam-1", District: "荷塘区",
			Kind: kind, Duty: "no_obstruction", Violation: "obstruction", Remedy: remedy, Rule: cite,
			Penalties: []rulebook.PenaltyEntry{{Violation: "obstruction", Who: "operator", FineMinYuan: ptr(1000), FineMaxYuan: ptr(5000),
				Order: "rectify", AfterDeadline: true, Cited: cite}},
			Detail: "40% blocked", Deadline: date(tb, "2026-03-09"), Status: inspect.StatusOpen, UpdatedAt: at}
	}
	return inspect.Record{
		Inspection: inspect.Inspection{Submission: sub, Inspector: inspect.Inspector{ID: "u-li", Name: "李"}, ReceivedAt: at,
			District: "荷塘区", BodyHash: sub.BodyHash(),
			Review: inspect.Review{State: inspect.ReviewHasIssues, Comment: "照片模糊", By: "u-sup", At: at},
			Flags:  []inspect.Flag{{Kind: inspect.FlagFarFromCamera, Value: 130, Limit: 100, Message: "stood 130 m from the camera"}}},
		Findings: []inspect.Finding{finding(inspect.KindObstructed, inspect.RemedyRectify), finding(inspect.KindPrivateSpace, inspect.RemedyRemove)},
		Skipped:  []inspect.Skip{{Kind: inspect.KindNoSignage, Reason: "the rules cite no provision"}},
	}
}

func sampleTransition() inspect.Transition {
	return inspect.Transition{FindingID: "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e.obstructed", Event: inspect.EventVerify,
		From: inspect.StatusRectified, To: inspect.StatusVerified, At: at, Actor: "u-li", Note: "",
		InspectionID: "1c7f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e"}
}

func samplePhoto() inspect.Photo {
	return inspect.Photo{SHA256: audit.HexDigest([]byte("photo")), InspectionID: "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e",
		ContentType: inspect.ContentJPEG, Size: 4096,
		EXIF: &inspect.EXIF{GPS: &inspect.LatLon{Lat: 27.8275, Lon: 113.1341}, GPSMapDatum: "WGS-84",
			DateTimeOriginal: "2026:03:02 09:49:58", OffsetTimeOriginal: "+08:00", ImgDirection: ptr(91.5), ImgDirectionRef: "T"},
		ReceivedAt: at, Flags: []inspect.Flag{{Kind: inspect.FlagPhotoFar, Value: 70, Limit: 50, Message: "taken 70 m away", PhotoSHA256: audit.HexDigest([]byte("photo"))}}}
}

func sampleEntry() audit.Entry {
	return audit.Seal(nil, audit.Entry{At: at, Actor: "u-li", Action: inspect.ActionInspectionCreate, ObjectKind: inspect.ObjectInspection,
		ObjectID: "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", Detail: "2 findings", PayloadDigest: audit.HexDigest([]byte("body"))})
}

// fixture is one stored document of a record version, committed in testdata.
type fixture struct {
	file   string
	want   any
	decode func([]byte) (any, error)
	encode func(any) ([]byte, error)
}

func fixtures(tb testing.TB) []fixture {
	tb.Helper()
	return []fixture{
		{"plan.v1.json", samplePlan(),
			func(b []byte) (any, error) { return records.DecodePlan(b) },
			func(v any) ([]byte, error) { return records.EncodePlan(v.(*plan.Plan)) }},
		{"inspection.v1.json", sampleRecord(tb),
			func(b []byte) (any, error) { return records.DecodeRecord(b) },
			func(v any) ([]byte, error) { return records.EncodeRecord(v.(inspect.Record)) }},
		{"finding.v1.json", sampleRecord(tb).Findings[0],
			func(b []byte) (any, error) { return records.DecodeFinding(b) },
			func(v any) ([]byte, error) { return records.EncodeFinding(v.(inspect.Finding)) }},
		{"transition.v1.json", sampleTransition(),
			func(b []byte) (any, error) { return records.DecodeTransition(b) },
			func(v any) ([]byte, error) { return records.EncodeTransition(v.(inspect.Transition)) }},
		{"photo.v1.json", samplePhoto(),
			func(b []byte) (any, error) { return records.DecodePhoto(b) },
			func(v any) ([]byte, error) { return records.EncodePhoto(v.(inspect.Photo)) }},
		{"entry.v1.json", sampleEntry(),
			func(b []byte) (any, error) { return records.DecodeEntry(b) },
			func(v any) ([]byte, error) { return records.EncodeEntry(v.(audit.Entry)) }},
	}
}

// Every committed document of a record version decodes into the object it was written
// from, and that object encodes into the same document: a field renamed, dropped or added
// in a record, or in the domain behind it, fails here, not in a store.
func TestFixtures(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.file, func(t *testing.T) {
			stored, err := os.ReadFile(filepath.Join("testdata", f.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.decode(stored)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, f.want) {
				t.Errorf("decoded\n%+v\nwant\n%+v", got, f.want)
			}
			again, err := f.encode(got)
			if err != nil {
				t.Fatal(err)
			}
			if !testenv.SameJSON(t, again, stored) {
				t.Errorf("encoded again\n%s\nstored\n%s", again, stored)
			}
		})
	}
}

// A stored document with a field no record version has is refused, never read without it.
func TestUnknownFieldsAreRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		doc  string
		read func([]byte) error
	}{
		{"a plan", `{"id":"PL1","colour":"red"}`, func(b []byte) error { _, err := records.DecodePlan(b); return err }},
		{"a finding", `{"id":"f","severity":3}`, func(b []byte) error { _, err := records.DecodeFinding(b); return err }},
		{"observations", `{"signage":{"present":true},"smell":"none"}`, func(b []byte) error {
			var s inspect.Submission
			return records.DecodeObservations(b, &s)
		}},
		{"trailing data", `{"id":"PL1"} {}`, func(b []byte) error { _, err := records.DecodePlan(b); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.read([]byte(c.doc)); !errors.Is(err, records.ErrDecode) {
				t.Errorf("reading %s: %v, want ErrDecode", c.doc, err)
			}
		})
	}
}

// The observations PostGIS keeps beside its columns round-trip into a submission's groups.
func TestObservations(t *testing.T) {
	want := sampleRecord(t).Inspection.Submission
	b, err := records.EncodeObservations(&want)
	if err != nil {
		t.Fatal(err)
	}
	got := inspect.Submission{ID: want.ID, CameraID: want.CameraID, Position: want.Position, ObservedAt: want.ObservedAt}
	if err := records.DecodeObservations(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("observations\n%+v\nwant\n%+v", got, want)
	}
}

// An audit chain read back from its stored entries still verifies: the stored form keeps
// every byte the hashes cover, times to the microsecond included.
func TestAStoredChainVerifies(t *testing.T) {
	var chain []audit.Entry
	var prev *audit.Entry
	for i, action := range []audit.Action{inspect.ActionInspectionCreate, inspect.ActionPhotoAdd, inspect.ActionInspectionReview} {
		e := audit.Seal(prev, audit.Entry{At: at.Add(time.Duration(i) * time.Second), Actor: "u-li", Action: action,
			ObjectKind: inspect.ObjectInspection, ObjectID: "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", Detail: fmt.Sprintf("第%d步", i+1),
			PayloadDigest: audit.HexDigest([]byte{byte(i)})})
		b, err := records.EncodeEntry(e)
		if err != nil {
			t.Fatal(err)
		}
		back, err := records.DecodeEntry(b)
		if err != nil {
			t.Fatal(err)
		}
		chain = append(chain, back)
		prev = &chain[len(chain)-1]
	}
	if err := audit.Verify(chain); err != nil {
		t.Errorf("the chain read back: %v", err)
	}
}
