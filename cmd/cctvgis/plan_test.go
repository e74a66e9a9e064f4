package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data"
	"cctvgis/data/rules"
	"cctvgis/internal/audit"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
)

// plan list, show and export read what the API wrote: here a plan drafted, submitted and
// approved through the planner domain and stored.
func TestPlanCommand(t *testing.T) {
	ctx := context.Background()
	db := "file:" + filepath.Join(t.TempDir(), "plans.db")
	dir := t.TempDir()
	cams := writeFile(t, dir, "cameras.geojson", collection(camera("cam-1", 119.40, 32.40, 10)))
	sites := writeFile(t, dir, "sites.geojson", collection(site("s1", "education", 119.4001, 32.4001)))
	for layer, f := range map[string]string{"cameras": cams, "sites": sites} {
		if exit, _, errOut := cli(t, "import", "--db", db, "--layer", layer, "--from", f); exit != 0 {
			t.Fatalf("import %s: %s", layer, errOut)
		}
	}
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	opened, _, err := data.OpenStore(ctx, db, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	st := opened.(interface {
		coverage.LayerStore
		plan.Store
	})
	var l coverage.Layers
	if err := st.ReadLayers(ctx, coverage.LayerQuery{}, &l); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	eff, err := lib.Effective("yangzhou", rulebook.DateOf(at))
	if err != nil {
		t.Fatal(err)
	}
	ed, err := coverage.NewEditor(ctx, &l, eff, lib.Taxonomy, coverage.EditorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	author := plan.Actor{ID: "u-planner", Role: auth.RolePlanner}
	p, e, err := plan.NewPlan("plan-1", "学校补点", "yangzhou", "", author, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreatePlan(ctx, p, e); err != nil {
		t.Fatal(err)
	}
	_, _, e1, err := p.Propose(author, at, coverage.Proposal{Kind: coverage.ProposeAdd, Camera: coverage.Camera{
		Pos: orb.Point{119.40005, 32.40005}, Azimuth: 45, HFOV: 90, Range: 30, Owner: "公安局", Investment: coverage.Government}}, ed)
	if err != nil {
		t.Fatal(err)
	}
	e2, err := p.Submit(author, at, eff)
	if err != nil {
		t.Fatal(err)
	}
	e3, err := p.Approve(plan.Actor{ID: "u-gov", Role: auth.RoleReviewer}, at, p.Stage, "同意")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SavePlan(ctx, p, 1, []audit.Entry{e1, e2, e3}); err != nil {
		t.Fatal(err)
	}
	hash := p.Versions[0].Hash
	_ = opened.Close()

	exit, out, errOut := cli(t, "plan", "list", "--db", db)
	if exit != 0 || !strings.Contains(out, "plan-1") || !strings.Contains(out, "approved") {
		t.Errorf("plan list: %d %q %q", exit, out, errOut)
	}
	exit, out, _ = cli(t, "plan", "show", "plan-1", "--db", db)
	if exit != 0 || !strings.Contains(out, hash) {
		t.Errorf("plan show does not print the version hash: %q", out)
	}
	// --json prints the plan as the API shows it.
	exit, out, errOut = cli(t, "plan", "show", "plan-1", "--db", db, "--json")
	var shown views.Plan
	if exit != 0 || json.Unmarshal([]byte(out), &shown) != nil {
		t.Fatalf("plan show --json: %d %.300q %q", exit, out, errOut)
	}
	if shown.ID != "plan-1" || len(shown.Versions) != 1 || shown.Versions[0].Hash != hash || shown.Versions[0].Reviews[0].Note != "同意" ||
		!strings.Contains(out, `"submitted_by": "u-planner"`) {
		t.Errorf("plan show --json: %.400s", out)
	}
	exit, out, errOut = cli(t, "plan", "export", "plan-1", "--db", db)
	var fc map[string]any
	if exit != 0 || json.Unmarshal([]byte(out), &fc) != nil || fc["type"] != "FeatureCollection" || !strings.Contains(out, hash) {
		t.Errorf("plan export: %d %.300q %q", exit, out, errOut)
	}
	if exit, _, errOut := cli(t, "plan", "show", "plan-9", "--db", db); exit != 2 || !strings.Contains(errOut, "plan-9") {
		t.Errorf("plan show of an unknown plan: %d %q", exit, errOut)
	}
}
