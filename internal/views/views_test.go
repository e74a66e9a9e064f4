package views_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cctvgis/inspect"
	"cctvgis/internal/testenv"
	"cctvgis/internal/views"
	"cctvgis/planner/rulebook"
)

// strict decodes one JSON document into v as the API does: unknown fields refused.
func strict(t *testing.T, doc string, v any) {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(doc))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		t.Fatalf("decoding %s: %v", doc, err)
	}
}

// submissionBack decodes a field check as the API does and encodes it again from the domain.
func submissionBack(t *testing.T, doc string) any {
	t.Helper()
	var v views.Submission
	strict(t, doc, &v)
	return views.NewSubmission(v.Domain())
}

// proposalBack decodes a proposal as the API does and encodes it again from the domain.
func proposalBack(t *testing.T, doc string) any {
	t.Helper()
	var v views.Proposal
	strict(t, doc, &v)
	return views.NewProposal(v.Domain())
}

// What clients send decodes into the domain and back into the same JSON: every field of a
// field check and of each kind of plan proposal reaches the domain under its documented
// name.
func TestRequestsReachTheDomainWhole(t *testing.T) {
	for _, c := range []struct {
		name string
		doc  string
		back func(t *testing.T, doc string) any
	}{
		{"a field check with every group observed",
			`{"id":"0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e","camera_id":"cam-1","position":{"lat":27.8274,"lon":113.134,"accuracy_m":5},
			"observed_at":"2026-03-02T01:50:00Z","signage":{"present":true,"legible":false},"lens":{"measured_azimuth_deg":92,"method":"compass"},
			"obstruction":{"kind":"tree","blocked_share":0.4},"privacy":{"in_private_space":true,"space":"hotel_room"},
			"image":"blurred","running":false,"notes":"树枝遮挡"}`,
			submissionBack},
		{"a check of a site", `{"id":"1b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e","site_id":"school-1","position":{"lat":27.8,"lon":113.1,"accuracy_m":8},
			"observed_at":"2026-03-02T01:50:00Z","privacy":{"in_private_space":false}}`,
			submissionBack},
		{"a proposed camera", `{"id":"","kind":"add","camera":{"id":"","pos":[122.11995,37.50005],"azimuth":45,"hfov":90,"range":30,
			"owner":"公安局","investment":"government","height":6,"surveillance":"outdoor","mount":"pole"},"note":"补点"}`,
			proposalBack},
		{"a camera turned", `{"id":"","kind":"reaim","camera_id":"cam-2","aim":{"azimuth":90,"hfov":60,"range":30}}`,
			proposalBack},
		{"a camera moved", `{"id":"","kind":"move","camera_id":"cam-2","to":[122.13,37.51]}`,
			proposalBack},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := json.Marshal(c.back(t, c.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !testenv.SameJSON(t, b, []byte(c.doc)) {
				t.Errorf("back from the domain\n%s\nsent\n%s", b, c.doc)
			}
		})
	}
}

// A stored check as the API answers it carries the names the README documents, the rule
// a finding cites, and the body hash of what was sent.
func TestAnInspectionAsTheAPIShowsIt(t *testing.T) {
	at := time.Date(2026, 3, 2, 1, 50, 0, 0, time.UTC)
	sub := inspect.Submission{ID: "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", CameraID: "cam-1",
		Position: inspect.Position{Lat: 27.8274, Lon: 113.134, AccuracyM: 5}, ObservedAt: at,
		Obstruction: &inspect.Obstruction{Kind: inspect.ObstructionTree, BlockedShare: 0.4}}
	in := inspect.NewInspection(sub, inspect.Inspector{ID: "u1", Name: "李警官"}, "芦淞区", at.Add(time.Minute))
	deadline, err := rulebook.ParseDate("2026-03-09")
	if err != nil {
		t.Fatal(err)
	}
	f := inspect.Finding{ID: sub.ID + ".obstructed", InspectionID: sub.ID, CameraID: "cam-1", Kind: inspect.KindObstructed,
		Rule:     rulebook.Cited{Article: "第十五条", Citation: "第十五条第（七）项", CitationEn: "Art. 15(7)", Source: "zhuzhou"},
		Deadline: deadline, Status: inspect.StatusOpen}
	var b bytes.Buffer
	for _, v := range []any{views.NewInspection(in), views.NewFinding(f)} {
		if err := json.NewEncoder(&b).Encode(v); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{`"camera_id":"cam-1"`, `"observed_at":"2026-03-02T01:50:00Z"`, `"accuracy_m":5`, `"blocked_share":0.4`,
		`"received_at":"2026-03-02T01:51:00Z"`, `"body_hash":"` + sub.BodyHash() + `"`, `"review":{"state":"received"}`,
		`"deadline":"2026-03-09"`, `"citation":"第十五条第（七）项"`, `"source":"zhuzhou"`, `"status":"open"`} {
		if !strings.Contains(b.String(), name) {
			t.Errorf("the views lack %s: %s", name, b.String())
		}
	}
}
