package plans_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data"
	"cctvgis/data/pgtest"
	"cctvgis/data/rules"
	"cctvgis/inspect"
	"cctvgis/mobileapi"
	"cctvgis/internal/httpapi/apitest"
	"cctvgis/planner"
	"cctvgis/web/plans"
)

// store is what the API with plans runs on.
type store interface {
	planner.LayerStore
	planner.PlanStore
	auth.Store
	inspect.Store
}

const password = "correct horse battery"

// start is a day when Weihai's measures (seed 004, extended to 2024-11-30) are in force.
var start = time.Date(2024, 6, 3, 10, 0, 0, 0, inspect.ChinaTime())

// harness is the real API with the plan routes, over a store, with users logged in.
type harness struct {
	t      *testing.T
	srv    *httptest.Server
	spec   *apitest.Validator
	store  store
	tokens map[string]string
}

// city is a small district with a school whose entrance no camera sees, one camera of the
// police and one of a shop, and a hotel room.
func city() *planner.Layers {
	sq := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	return &planner.Layers{
		Districts: []planner.District{{Name: "环翠区", Geometry: sq(122.10, 37.49, 122.14, 37.52)}},
		Sites:     []planner.Site{{ID: "school-1", Category: "education", District: "环翠区", Geometry: orb.Point{122.12, 37.50}}},
		Entrances: []planner.Entrance{{SiteID: "school-1", Pos: orb.Point{122.1201, 37.5001}, Kind: "main"}},
		Cameras: []planner.Camera{
			{ID: "cam-1", Pos: orb.Point{122.11, 37.50}, Azimuth: 90, HFOV: 60, Range: 40, Owner: "公安局", Investment: planner.Government},
			{ID: "cam-2", Pos: orb.Point{122.13, 37.51}, Azimuth: 180, HFOV: 90, Range: 30, Owner: "商店", Investment: planner.Private},
		},
		PrivateSpaces: []planner.PrivateSpace{{ID: "room-1", Space: "hotel_room", Geometry: sq(122.1300, 37.5050, 122.1302, 37.5052)}},
	}
}

func newHarness(t *testing.T, url string) *harness {
	t.Helper()
	ctx := context.Background()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	opened, _, err := data.OpenStore(ctx, url, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = opened.Close() })
	st := opened.(store)
	l := city()
	if _, err := st.PutLayers(ctx, l); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return start }
	rulesOn := func(d planner.Date) (*planner.EffectiveRules, error) { return lib.Effective("weihai", d) }
	name := func(ctx context.Context, id string) (string, error) {
		u, err := st.UserByID(ctx, id)
		return u.Name, err
	}
	ph, err := plans.New(plans.Deps{Store: st, Layers: l, Rulebook: "weihai", Rules: rulesOn, Taxonomy: lib.Taxonomy, Now: now, UserName: name}, 4)
	if err != nil {
		t.Fatal(err)
	}
	svc := &auth.Service{Store: st, Clock: now, Params: auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}}
	api, err := mobileapi.New(ctx, mobileapi.Deps{Auth: svc, Store: st, City: mobileapi.NewCity(l, nil), Taxonomy: lib.Taxonomy,
		Now: now, Rules: rulesOn, Endpoints: ph.Endpoints()}, mobileapi.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.Handler())
	t.Cleanup(srv.Close)
	h := &harness{t: t, srv: srv, store: st, tokens: map[string]string{}, spec: apitest.New(t, api.Document())}
	for _, u := range []struct {
		name     string
		role     auth.Role
		district string
	}{{"wang", auth.RolePlanner, ""}, {"expert", auth.RoleReviewer, ""}, {"mayor", auth.RoleReviewer, ""},
		{"insp", auth.RoleInspector, ""}, {"other-planner", auth.RolePlanner, "文登区"}} {
		if _, err := svc.AddUser(ctx, u.name, u.role, u.district, password); err != nil {
			t.Fatal(err)
		}
		var lr mobileapi.LoginResponse
		h.json(h.do("POST", "/api/v1/auth/login", "", mobileapi.LoginRequest{Name: u.name, Password: password}), 200, &lr)
		h.tokens[u.name] = lr.Token
	}
	return h
}

type response struct {
	status int
	body   []byte
}

func (h *harness) do(method, path, user string, body any) response {
	h.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			h.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, r)
	if err != nil {
		h.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+h.tokens[user])
	}
	res, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	h.spec.Check(h.t, req, res, b)
	return response{res.StatusCode, b}
}

func (h *harness) json(r response, status int, v any) {
	h.t.Helper()
	if r.status != status {
		h.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			h.t.Fatalf("decoding %s: %v", r.body, err)
		}
	}
}

// refused checks a refusal's status and field, and that the stored plan did not change.
func (h *harness) refused(r response, status int, field, planID string, before []byte) {
	h.t.Helper()
	var e mobileapi.ErrorBody
	if r.status != status {
		h.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		h.t.Fatal(err)
	}
	if field != "" && e.Field != field {
		h.t.Errorf("error %+v, want field %q", e, field)
	}
	if after := h.stored(planID); !bytes.Equal(after, before) {
		h.t.Errorf("a refused call changed the stored plan:\n%s\n%s", before, after)
	}
}

// stored is the stored plan, as JSON, with its revision.
func (h *harness) stored(id string) []byte {
	h.t.Helper()
	p, rev, err := h.store.Plan(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	b, err := json.Marshal(struct {
		P   *planner.Plan
		Rev int64
	}{p, rev})
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

var stores = []struct {
	name string
	url  func(t *testing.T) string
}{
	{"embedded", func(t *testing.T) string {
		t.Helper()
		return "file:" + filepath.Join(t.TempDir(), "plans.db")
	}},
	{"PostGIS", pgtest.URL},
}

// A planner drafts a plan in Weihai, places a camera on the school's entrance and sees it
// covered; the plan goes through Weihai's expert review (经专家论证, 第六条第一款) and the
// government's approval; refused calls change nothing; the approved version is applied.
func TestPlanLifecycle(t *testing.T) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			h := newHarness(t, s.url(t))
			var pv plans.PlanView
			h.json(h.do("POST", "/api/v1/plans", "wang", plans.NewPlanRequest{Title: "环翠区学校补点"}), 201, &pv)
			id := pv.Plan.ID
			h.json(h.do("POST", "/api/v1/plans", "insp", plans.NewPlanRequest{Title: "x"}), 403, nil)

			add := planner.Proposal{Kind: planner.ProposeAdd, Camera: planner.Camera{Pos: orb.Point{122.11995, 37.50005},
				Azimuth: 45, HFOV: 90, Range: 30, Owner: "公安局", Investment: planner.Government}}
			var preview planner.Effect
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
			if want := []planner.SiteChange{{ID: "school-1", Mandatory: true, Before: planner.Uncovered, After: planner.Covered}}; !reflect.DeepEqual(pv.DraftSites, want) {
				t.Errorf("draft_sites %+v, want %+v", pv.DraftSites, want)
			}
			var sum planner.Summary
			h.json(h.do("GET", "/api/v1/plans/"+id+"/results", "wang", nil), 200, &sum)
			if sum.Cameras != 3 || sum.MandatorySites.Covered != edit.Effect.After.MandatorySites.Covered {
				t.Errorf("whole-plan results %+v disagree with the edit's effect %+v", sum.MandatorySites, edit.Effect.After.MandatorySites)
			}
			before := h.stored(id)
			// A shop's camera in the hotel room is refused citing Weihai's provision.
			bad := planner.Proposal{Kind: planner.ProposeAdd, Camera: planner.Camera{Pos: orb.Point{122.1301, 37.5051},
				Azimuth: 0, HFOV: 90, Range: 10, Owner: "宾馆", Investment: planner.Private}}
			h.refused(h.do("POST", "/api/v1/plans/"+id+"/proposals", "wang", bad), 422, "", id, before)
			h.refused(h.do("POST", "/api/v1/plans/"+id+"/proposals", "wang",
				planner.Proposal{Kind: planner.ProposeReaim, CameraID: "cam-9", Aim: planner.Aim{Azimuth: 10, HFOV: 60, Range: 30}}), 422, "", id, before)
			h.refused(h.do("POST", "/api/v1/plans/"+id+"/submit", "other-planner", nil), 404, "", id, before)

			h.json(h.do("POST", "/api/v1/plans/"+id+"/submit", "wang", nil), 200, &pv)
			if pv.Plan.Stage != planner.StageExpertReview || len(pv.Plan.Versions) != 1 || pv.Plan.Versions[0].Hash == "" {
				t.Fatalf("after submit: stage %q, %d versions", pv.Plan.Stage, len(pv.Plan.Versions))
			}
			before = h.stored(id)
			h.refused(h.do("POST", "/api/v1/plans/"+id+"/proposals", "wang", add), 409, "", id, before)
			h.refused(h.do("POST", "/api/v1/plans/"+id+"/reviews", "wang",
				plans.ReviewRequest{Stage: planner.StageExpertReview, Decision: planner.DecisionApprove}), 403, "", id, before)
			h.refused(h.do("POST", "/api/v1/plans/"+id+"/reviews", "expert",
				plans.ReviewRequest{Stage: planner.StageApprove, Decision: planner.DecisionApprove}), 409, "", id, before)

			h.json(h.do("POST", "/api/v1/plans/"+id+"/comments", "expert",
				plans.CommentRequest{Text: "入口处是否需要第二台？", Proposal: edit.Proposal.ID}), 200, nil)
			h.json(h.do("POST", "/api/v1/plans/"+id+"/reviews", "expert",
				plans.ReviewRequest{Stage: planner.StageExpertReview, Decision: planner.DecisionApprove, Note: "论证通过"}), 200, &pv)
			h.json(h.do("POST", "/api/v1/plans/"+id+"/reviews", "mayor",
				plans.ReviewRequest{Stage: planner.StageApprove, Decision: planner.DecisionApprove}), 200, &pv)
			if pv.Plan.State != planner.PlanApproved {
				t.Fatalf("state %s after both stages", pv.Plan.State)
			}
			var d planner.VersionDiff
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
			var ar plans.ApplyResult
			h.json(h.do("POST", "/api/v1/plans/"+id+"/apply", "wang", plans.ApplyRequest{Version: 1}), 200, &ar)
			var l planner.Layers
			if err := h.store.ReadLayers(context.Background(), planner.LayerQuery{}, &l); err != nil {
				t.Fatal(err)
			}
			if len(l.Cameras) != 3 {
				t.Errorf("after apply the store holds %d cameras, want 3", len(l.Cameras))
			}
			if _, err := inspect.VerifyChain(context.Background(), h.store); err != nil {
				t.Errorf("audit chain: %v", err)
			}
			var list plans.PlanList
			h.json(h.do("GET", "/api/v1/plans", "other-planner", nil), 200, &list)
			if len(list.Plans) != 0 {
				t.Errorf("a planner of 文登区 sees %d plans of the whole city", len(list.Plans))
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
