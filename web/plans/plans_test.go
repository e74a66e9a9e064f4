package plans_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data/pgtest"
	"cctvgis/data/records"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/httpapi/apitest"
	"cctvgis/internal/server/servertest"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
	"cctvgis/web/plans"
)

// start is a day when Weihai's measures (seed 004, extended to 2024-11-30) are in force.
var start = time.Date(2024, 6, 3, 10, 0, 0, 0, inspect.ChinaTime())

// harness is the production server with users logged in, over a store.
type harness struct {
	*servertest.Harness
	t *testing.T
}

// city is a small district with a school whose entrance no camera sees, one camera of the
// police and one of a shop, and a hotel room.
func city() *coverage.Layers {
	sq := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	return &coverage.Layers{
		Districts: []coverage.District{{Name: "环翠区", Geometry: sq(122.10, 37.49, 122.14, 37.52)}},
		Sites:     []coverage.Site{{ID: "school-1", Category: "education", District: "环翠区", Geometry: orb.Point{122.12, 37.50}}},
		Entrances: []coverage.Entrance{{SiteID: "school-1", Pos: orb.Point{122.1201, 37.5001}, Kind: "main"}},
		Cameras: []coverage.Camera{
			{ID: "cam-1", Pos: orb.Point{122.11, 37.50}, Azimuth: 90, HFOV: 60, Range: 40, Owner: "公安局", Investment: coverage.Government},
			{ID: "cam-2", Pos: orb.Point{122.13, 37.51}, Azimuth: 180, HFOV: 90, Range: 30, Owner: "商店", Investment: coverage.Private},
		},
		PrivateSpaces: []coverage.PrivateSpace{{ID: "room-1", Space: "hotel_room", Geometry: sq(122.1300, 37.5050, 122.1302, 37.5052)}},
	}
}

func newHarness(t *testing.T, url string) *harness {
	t.Helper()
	h := servertest.Start(t, url, servertest.Options{Rules: "weihai", Layers: city(), Start: start,
		Users: []servertest.User{{Name: "wang", Role: auth.RolePlanner}, {Name: "expert", Role: auth.RoleReviewer},
			{Name: "mayor", Role: auth.RoleReviewer}, {Name: "insp", Role: auth.RoleInspector},
			{Name: "other-planner", Role: auth.RolePlanner, District: "文登区"}}})
	return &harness{Harness: h, t: t}
}

type response = apitest.Response

func (h *harness) do(method, path, user string, body any) response {
	h.t.Helper()
	return h.Do(method, path, user, body)
}

func (h *harness) json(r response, status int, v any) {
	h.t.Helper()
	h.JSON(r, status, v)
}

// refused checks a refusal's status and field, and that the stored plan did not change.
func (h *harness) refused(r response, status int, field, planID string, before []byte) {
	h.t.Helper()
	var e httpapi.ErrorBody
	h.json(r, status, &e)
	if field != "" && e.Field != field {
		h.t.Errorf("error %+v, want field %q", e, field)
	}
	if after := h.stored(planID); !bytes.Equal(after, before) {
		h.t.Errorf("a refused call changed the stored plan:\n%s\n%s", before, after)
	}
}

// stored is the stored plan, as the store's document, with its revision.
func (h *harness) stored(id string) []byte {
	h.t.Helper()
	p, rev, err := h.Store.Plan(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	b, err := records.EncodePlan(p)
	if err != nil {
		h.t.Fatal(err)
	}
	return fmt.Appendf(b, " revision %d", rev)
}

// A planner drafts a plan in Weihai, places a camera on the school's entrance and sees it
// covered; the plan goes through Weihai's expert review (经专家论证, 第六条第一款) and the
// government's approval; refused calls change nothing; the approved version is applied.
func TestPlanLifecycle(t *testing.T) {
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		h := newHarness(t, url)
		var pv plans.PlanView
		h.json(h.do("POST", "/api/v1/plans", "wang", plans.NewPlanRequest{Title: "环翠区学校补点"}), 201, &pv)
		id := pv.Plan.ID
		h.json(h.do("POST", "/api/v1/plans", "insp", plans.NewPlanRequest{Title: "x"}), 403, nil)

		add := views.Proposal{Kind: coverage.ProposeAdd, Camera: views.Camera{Pos: orb.Point{122.11995, 37.50005},
			Azimuth: 45, HFOV: 90, Range: 30, Owner: "公安局", Investment: coverage.Government}}
		var preview views.Effect
		h.json(h.do("POST", "/api/v1/plans/"+id+"/effect", "wang", add), 200, &preview)
		var edit plans.EditResult
		h.json(h.do("POST", "/api/v1/plans/"+id+"/proposals", "wang", add), 201, &edit)
		if edit.Effect.After.MandatorySites.Covered != edit.Effect.Before.MandatorySites.Covered+1 ||
			len(edit.Effect.BecameCovered) != 1 || edit.Effect.BecameCovered[0] != "school-1" {
			t.Errorf("effect %+v, want school-1 covered", edit.Effect)
		}
		if preview.After.MandatorySites != edit.Effect.After.MandatorySites {
			t.Errorf("preview %+v, saved edit %+v", preview.After.MandatorySites, edit.Effect.After.MandatorySites)
		}
		if got := pv.People[pv.Plan.Author]; got != "wang" {
			t.Errorf("people name the author %q, want wang", got)
		}
		// The plan as the map reloads it names the site the draft covers, to recolour.
		h.json(h.do("GET", "/api/v1/plans/"+id, "wang", nil), 200, &pv)
		if want := []views.SiteChange{{ID: "school-1", Mandatory: true, Before: coverage.Uncovered, After: coverage.Covered}}; !reflect.DeepEqual(pv.DraftSites, want) {
			t.Errorf("draft_sites %+v, want %+v", pv.DraftSites, want)
		}
		var sum views.Summary
		h.json(h.do("GET", "/api/v1/plans/"+id+"/results", "wang", nil), 200, &sum)
		if sum.Cameras != 3 || sum.MandatorySites.Covered != edit.Effect.After.MandatorySites.Covered {
			t.Errorf("whole-plan results %+v disagree with the edit's effect %+v", sum.MandatorySites, edit.Effect.After.MandatorySites)
		}
		before := h.stored(id)
		// A shop's camera in the hotel room is refused citing Weihai's provision.
		bad := views.Proposal{Kind: coverage.ProposeAdd, Camera: views.Camera{Pos: orb.Point{122.1301, 37.5051},
			Azimuth: 0, HFOV: 90, Range: 10, Owner: "宾馆", Investment: coverage.Private}}
		h.refused(h.do("POST", "/api/v1/plans/"+id+"/proposals", "wang", bad), 422, "", id, before)
		h.refused(h.do("POST", "/api/v1/plans/"+id+"/proposals", "wang",
			views.Proposal{Kind: coverage.ProposeReaim, CameraID: "cam-9", Aim: views.Aim{Azimuth: 10, HFOV: 60, Range: 30}}), 422, "", id, before)
		h.refused(h.do("POST", "/api/v1/plans/"+id+"/submit", "other-planner", nil), 404, "", id, before)

		h.json(h.do("POST", "/api/v1/plans/"+id+"/submit", "wang", nil), 200, &pv)
		if pv.Plan.Stage != rulebook.StageExpertReview || len(pv.Plan.Versions) != 1 || pv.Plan.Versions[0].Hash == "" {
			t.Fatalf("after submit: stage %q, %d versions", pv.Plan.Stage, len(pv.Plan.Versions))
		}
		before = h.stored(id)
		h.refused(h.do("POST", "/api/v1/plans/"+id+"/proposals", "wang", add), 409, "", id, before)
		h.refused(h.do("POST", "/api/v1/plans/"+id+"/reviews", "wang",
			plans.ReviewRequest{Stage: rulebook.StageExpertReview, Decision: plan.DecisionApprove}), 403, "", id, before)
		h.refused(h.do("POST", "/api/v1/plans/"+id+"/reviews", "expert",
			plans.ReviewRequest{Stage: rulebook.StageApprove, Decision: plan.DecisionApprove}), 409, "", id, before)

		h.json(h.do("POST", "/api/v1/plans/"+id+"/comments", "expert",
			plans.CommentRequest{Text: "入口处是否需要第二台？", Proposal: edit.Proposal.ID}), 200, nil)
		h.json(h.do("POST", "/api/v1/plans/"+id+"/reviews", "expert",
			plans.ReviewRequest{Stage: rulebook.StageExpertReview, Decision: plan.DecisionApprove, Note: "论证通过"}), 200, &pv)
		h.json(h.do("POST", "/api/v1/plans/"+id+"/reviews", "mayor",
			plans.ReviewRequest{Stage: rulebook.StageApprove, Decision: plan.DecisionApprove}), 200, &pv)
		if pv.Plan.State != plan.PlanApproved {
			t.Fatalf("state %s after both stages", pv.Plan.State)
		}
		var d views.VersionDiff
		h.json(h.do("GET", "/api/v1/plans/"+id+"/diff?from=0", "expert", nil), 200, &d)
		// The version against the city as it stands: the camera it adds, and the school
		// that camera covers.
		if len(d.Added) != 1 || !slices.Equal(d.SitesCovered, []string{"school-1"}) || len(d.SitesUncovered) != 0 {
			t.Errorf("diff %+v, want one camera added and school-1 covered", d)
		}
		var fc map[string]any
		h.json(h.do("GET", "/api/v1/plans/"+id+"/export", "expert", nil), 200, &fc)
		if fc["type"] != "FeatureCollection" || !strings.Contains(string(mustJSON(t, fc)), pv.Plan.Versions[0].Hash) {
			t.Errorf("export does not carry the version's hash: %.300s", mustJSON(t, fc))
		}
		// Applied without naming a version: the approved one is written, and marked.
		var ar plans.ApplyResult
		h.json(h.do("POST", "/api/v1/plans/"+id+"/apply", "wang", nil), 200, &ar)
		if ar.Change.Version != 1 || len(ar.Change.Upsert) != 1 || ar.Change.Upsert[0].Status != plan.StatusPlanned {
			t.Fatalf("apply answered %+v", ar.Change)
		}
		var l coverage.Layers
		if err := h.Store.ReadLayers(context.Background(), coverage.LayerQuery{}, &l); err != nil {
			t.Fatal(err)
		}
		if len(l.Cameras) != 3 {
			t.Errorf("after apply the store holds %d cameras, want 3", len(l.Cameras))
		}
		h.refused(h.do("POST", "/api/v1/plans/"+id+"/apply", "wang", plans.ApplyRequest{Version: 1}), 409, "version", id, h.stored(id))
		if _, err := audit.VerifyChain(context.Background(), h.Store); err != nil {
			t.Errorf("audit chain: %v", err)
		}
		var list plans.PlanList
		h.json(h.do("GET", "/api/v1/plans", "other-planner", nil), 200, &list)
		if len(list.Plans) != 0 {
			t.Errorf("a planner of 文登区 sees %d plans of the whole city", len(list.Plans))
		}
		h.Reload()
		readBack(t, h, id, edit.Effect)
		h.Restart(t)
		readBack(t, h, id, edit.Effect)
	})
}

// readBack reads an applied plan through every plan route: the plan, its whole-plan
// results, its diff against the city without it and its export all answer, and measure
// the version as its proposal measured it before the apply.
func readBack(t *testing.T, h *harness, id string, proposed views.Effect) {
	t.Helper()
	var pv plans.PlanView
	h.json(h.do("GET", "/api/v1/plans/"+id, "expert", nil), 200, &pv)
	if v := pv.Plan.Versions[0]; v.Applied == nil || v.Applied.By == "" || pv.People[v.Applied.By] != "wang" || pv.Outdated != nil {
		t.Errorf("the applied plan reads back as %+v, outdated %+v", v.Applied, pv.Outdated)
	}
	if !reflect.DeepEqual(pv.Totals, proposed.After) {
		t.Errorf("the applied draft's totals %+v, when proposed %+v", pv.Totals, proposed.After)
	}
	var sum views.Summary
	h.json(h.do("GET", "/api/v1/plans/"+id+"/results", "expert", nil), 200, &sum)
	if sum.Cameras != 3 || sum.MandatorySites != proposed.After.MandatorySites {
		t.Errorf("results of the applied plan: %d cameras, mandatory %+v", sum.Cameras, sum.MandatorySites)
	}
	var d views.VersionDiff
	h.json(h.do("GET", "/api/v1/plans/"+id+"/diff?from=0", "expert", nil), 200, &d)
	if len(d.Added) != 1 || !slices.Equal(d.SitesCovered, []string{"school-1"}) {
		t.Errorf("diff of the applied plan %+v, want one camera added and school-1 covered", d)
	}
	var fc struct {
		Effect struct{ Before, After views.Totals } `json:"effect"`
		Hash   string                               `json:"hash"`
	}
	h.json(h.do("GET", "/api/v1/plans/"+id+"/export", "expert", nil), 200, &fc)
	if !reflect.DeepEqual(fc.Effect.Before, proposed.Before) || !reflect.DeepEqual(fc.Effect.After, proposed.After) || fc.Hash != pv.Plan.Versions[0].Hash {
		t.Errorf("export of the applied plan: %+v → %+v, when proposed %+v → %+v", fc.Effect.Before, fc.Effect.After, proposed.Before, proposed.After)
	}
}

// A draft whose camera another plan took down meanwhile still opens, saying which proposal
// no longer fits; edits answer 409 naming it, never 500; withdrawing it mends the draft.
func TestOutdatedDraft(t *testing.T) {
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		h := newHarness(t, url)
		var a, b plans.PlanView
		h.json(h.do("POST", "/api/v1/plans", "wang", plans.NewPlanRequest{Title: "转向"}), 201, &a)
		h.json(h.do("POST", "/api/v1/plans", "wang", plans.NewPlanRequest{Title: "拆除"}), 201, &b)
		reaim := views.Proposal{Kind: coverage.ProposeReaim, CameraID: "cam-2", Aim: views.Aim{Azimuth: 90, HFOV: 60, Range: 30}}
		h.json(h.do("POST", "/api/v1/plans/"+a.Plan.ID+"/proposals", "wang", reaim), 201, nil)
		h.json(h.do("POST", "/api/v1/plans/"+b.Plan.ID+"/proposals", "wang", views.Proposal{Kind: coverage.ProposeRemove, CameraID: "cam-2"}), 201, nil)
		h.json(h.do("POST", "/api/v1/plans/"+b.Plan.ID+"/submit", "wang", nil), 200, nil)
		for _, r := range []struct{ who, stage string }{{"expert", rulebook.StageExpertReview}, {"mayor", rulebook.StageApprove}} {
			h.json(h.do("POST", "/api/v1/plans/"+b.Plan.ID+"/reviews", r.who, plans.ReviewRequest{Stage: r.stage, Decision: plan.DecisionApprove}), 200, nil)
		}
		h.json(h.do("POST", "/api/v1/plans/"+b.Plan.ID+"/apply", "wang", nil), 200, nil)
		h.Reload()

		var pv plans.PlanView
		h.json(h.do("GET", "/api/v1/plans/"+a.Plan.ID, "wang", nil), 200, &pv)
		if pv.Outdated == nil || pv.Outdated.Field != "camera_id" || !strings.Contains(pv.Outdated.Message, "p1") {
			t.Fatalf("the outdated draft reads back with outdated %+v", pv.Outdated)
		}
		before := h.stored(a.Plan.ID)
		add := views.Proposal{Kind: coverage.ProposeAdd, Camera: views.Camera{Pos: orb.Point{122.11995, 37.50005},
			Azimuth: 45, HFOV: 90, Range: 30, Owner: "公安局", Investment: coverage.Government}}
		e := h.WantError(h.do("POST", "/api/v1/plans/"+a.Plan.ID+"/proposals", "wang", add), 409, "stale", "camera_id")
		if !strings.Contains(e.Message, "p1") || !strings.Contains(e.Message, "cam-2") {
			t.Errorf("the 409 says %q, not which proposal and camera", e.Message)
		}
		h.refused(h.do("GET", "/api/v1/plans/"+a.Plan.ID+"/results", "wang", nil), 409, "camera_id", a.Plan.ID, before)
		var withdrawn plans.EditResult
		h.json(h.do("DELETE", "/api/v1/plans/"+a.Plan.ID+"/proposals/p1", "wang", nil), 200, &withdrawn)
		if withdrawn.Proposal.ID != "p1" || withdrawn.Proposal.Kind != coverage.ProposeReaim {
			t.Errorf("the withdrawal answers proposal %+v", withdrawn.Proposal)
		}
		var mended plans.PlanView
		h.json(h.do("GET", "/api/v1/plans/"+a.Plan.ID, "wang", nil), 200, &mended)
		if mended.Outdated != nil || len(mended.Plan.Draft) != 0 {
			t.Errorf("after withdrawing p1: outdated %+v, draft %+v", mended.Outdated, mended.Plan.Draft)
		}
		h.json(h.do("POST", "/api/v1/plans/"+a.Plan.ID+"/proposals", "wang", add), 201, nil)
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
