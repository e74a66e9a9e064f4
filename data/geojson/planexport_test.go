package geojson_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"cctvgis/auth"
	"cctvgis/data/geojson"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/plannertest"
	"cctvgis/planner/rulebook"
)

// A plan's approved version exports as a point per proposal where the camera stands after
// it (a removal at the camera's current place), with the plan, its hash, its approvals
// and its effect as foreign members under the names a GIS reads; a version not approved
// is refused.
func TestPlanExport(t *testing.T) {
	author := plan.Actor{ID: "u-plan", Role: auth.RolePlanner}
	govt := plan.Actor{ID: "u-gov", Role: auth.RoleReviewer}
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	city := plannertest.HandCity()
	ed, eff, _ := plannertest.NewEditor(t, city, "weihai", "2026-01-01", coverage.EditorOptions{})
	p, _, err := plan.NewPlan("PL1", "东区补点", "weihai", "东区", author, t0)
	if err != nil {
		t.Fatal(err)
	}
	before := ed.Totals()
	for _, prop := range []coverage.Proposal{
		{Kind: coverage.ProposeAdd, Camera: coverage.Camera{Pos: plannertest.At(300, -30), HFOV: 60, Range: 50, Owner: "公安局", Investment: coverage.Government}},
		{Kind: coverage.ProposeReaim, CameraID: "C1", Aim: coverage.Aim{Azimuth: 10, HFOV: 90, Range: 60}},
		{Kind: coverage.ProposeMove, CameraID: "C2", To: plannertest.At(130, 60)},
		{Kind: coverage.ProposeRemove, CameraID: "C6"},
	} {
		if _, _, _, err := p.Propose(author, t0, prop, ed); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Submit(author, t0, eff); err != nil {
		t.Fatal(err)
	}
	if _, err := geojson.PlanExport(p, 1, before, ed.Totals(), nil); !errors.Is(err, plan.ErrWrongState) {
		t.Errorf("exporting a version under review: %v, want the wrong state", err)
	}
	for _, s := range []string{rulebook.StageExpertReview, rulebook.StageApprove} {
		if _, err := p.Approve(govt, t0, s, "同意"); err != nil {
			t.Fatal(err)
		}
	}
	lookup := func(id string) (coverage.Camera, bool) {
		i := slices.IndexFunc(city.Cameras, func(c coverage.Camera) bool { return c.ID == id })
		if i < 0 {
			return coverage.Camera{}, false
		}
		return city.Cameras[i], true
	}
	fc, err := geojson.PlanExport(p, 1, before, ed.Totals(), lookup)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Features []struct {
			ID       string `json:"id"`
			Geometry *struct{ Coordinates []float64 }
			Props    map[string]any `json:"properties"`
		} `json:"features"`
		Plan      map[string]any `json:"plan"`
		Hash      string         `json:"hash"`
		Approvals []struct {
			Stage, Decision, By, Note string
		} `json:"approvals"`
		Effect map[string]struct {
			Sites struct {
				Covered int `json:"covered"`
			} `json:"sites"`
		} `json:"effect"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	kinds := make([]any, len(got.Features))
	for i, f := range got.Features {
		kinds[i] = f.Props["kind"]
		if f.Geometry == nil || len(f.Geometry.Coordinates) != 2 {
			t.Errorf("feature %s has no point", f.ID)
		}
	}
	if !slices.Equal(kinds, []any{"add", "reaim", "move", "remove"}) {
		t.Errorf("feature kinds %v", kinds)
	}
	if got.Features[0].Props["status"] != plan.StatusPlanned || got.Features[0].Props["camera_id"] != "PL1-p1" {
		t.Errorf("the added camera's properties %v", got.Features[0].Props)
	}
	if got.Hash != p.Versions[0].Hash || got.Plan["id"] != "PL1" || got.Plan["rulebook"] != "weihai" {
		t.Errorf("plan %v, hash %s", got.Plan, got.Hash)
	}
	if len(got.Approvals) != 2 || got.Approvals[1].Stage != rulebook.StageApprove || got.Approvals[1].Decision != "approve" || got.Approvals[1].By != "u-gov" {
		t.Errorf("approvals %+v", got.Approvals)
	}
	if _, ok := got.Effect["before"]; !ok || got.Effect["after"].Sites.Covered <= got.Effect["before"].Sites.Covered {
		t.Errorf("effect %+v: the added camera at the hospital covers one more site", got.Effect)
	}
}
