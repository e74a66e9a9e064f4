package inspect_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"cctvgis/inspect"
	"cctvgis/planner/rulebook"
)

// TestWireJSON checks that the wire types keep their values through JSON, with the
// snake_case names the API documents.
func TestWireJSON(t *testing.T) {
	s := validSubmission(t)
	s.Lens.MeasuredAzimuthDeg = 130
	in := inspect.NewInspection(s, inspect.Inspector{ID: "u1", Name: "李警官"}, "芦淞区", now)
	a, err := inspect.Assess(&in, camera(), rulebook.Effective(zhuzhou(t), national(t), day(t, "2026-03-02")), inspect.DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	in.Flags = a.Flags
	rec := inspect.Record{Inspection: in, Findings: a.Findings, Skipped: a.Skipped}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{`"camera_id"`, `"observed_at"`, `"accuracy_m"`, `"measured_azimuth_deg"`, `"blocked_share"`,
		`"in_private_space"`, `"received_at"`, `"body_hash"`, `"review":{"state":"received"}`, `"deadline":"2026-03-09"`,
		`"citation":"第十五条第（七）项"`, `"source":"zhuzhou"`} {
		if !strings.Contains(string(b), name) {
			t.Errorf("JSON lacks %s: %s", name, b)
		}
	}
	var back inspect.Record
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Inspection.BodyHash != back.Inspection.Submission.BodyHash() {
		t.Errorf("the body hash does not survive a JSON round trip")
	}
	if !reflect.DeepEqual(back.Findings, rec.Findings) {
		t.Errorf("findings after a round trip:\n got %+v\nwant %+v", back.Findings, rec.Findings)
	}
}
