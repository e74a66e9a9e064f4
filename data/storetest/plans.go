package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data/records"
	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/geo"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
)

// PlanStore is what the plan suite needs of a store: the plans, the camera layer that
// applying a plan changes, and the audit log that plans' events go onto.
type PlanStore interface {
	plan.Store
	coverage.LayerStore
	audit.Log
}

// RunPlans runs the conformance suite of plan.Store against a store, through the
// interfaces only, with plans made by the planner's own transitions on a small city. open
// returns a new, empty store for one subtest.
func RunPlans(t *testing.T, open func(t *testing.T) PlanStore) {
	t.Helper()
	cases := []struct {
		name string
		run  func(t *testing.T, s PlanStore)
	}{
		{"create and read back", testPlanRoundTrip},
		{"a duplicate id is refused", testPlanDuplicate},
		{"an unknown plan is not found", testPlanUnknown},
		{"a save increments the revision", testPlanRevision},
		{"a stale revision writes nothing", testPlanStale},
		{"of concurrent saves at one revision one wins", testPlanConcurrent},
		{"plans query", testPlansQuery},
		{"apply changes the camera layer and the plan in one go", testPlanApply},
		{"a refused camera change writes nothing", testPlanApplyRefused},
		{"the audit chain holds the plan events and verifies", testPlanAudit},
		{"a cancelled context writes nothing", testPlanCancelled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
	}
}

// planNow is the clock of the suite, in China time with nanoseconds that the stores
// must drop.
var planNow = time.Date(2026, 4, 1, 9, 30, 0, 123_456_789, china)

// The actors of the suite.
var (
	planAuthor   = plan.Actor{ID: "u-plan", Role: auth.RolePlanner}
	planAuthor2  = plan.Actor{ID: "u-plan2", Role: auth.RolePlanner}
	planReviewer = plan.Actor{ID: "u-gov", Role: auth.RoleReviewer}
)

// planRulebook is the rulebook the suite's plans are judged under: one review stage.
const planRulebook = "yangzhou"

// planDistrict is the district of the suite's city.
const planDistrict = "东区"

// planCityLayers is a small city around the generated cities' centre: a school with a
// gate that three government cameras watch. Positions are given in metres east and north
// of the centre.
func planCityLayers() *coverage.Layers {
	proj := geo.NewProjection(samplecity.YangzhouCentre())
	at := func(x, y float64) orb.Point { return proj.Inverse(orb.Point{x, y}) }
	rect := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)}}
	}
	cam := func(id string, x, y, az, fov, rng float64) coverage.Camera {
		return coverage.Camera{ID: id, Pos: at(x, y), Azimuth: az, HFOV: fov, Range: rng, Owner: "公安局",
			Investment: coverage.Government, Height: 4.5, Status: "running"}
	}
	return &coverage.Layers{
		Sites:     []coverage.Site{{ID: "S1", Category: "education", Name: "第一小学", District: planDistrict, Geometry: rect(0, 0, 100, 100)}},
		Entrances: []coverage.Entrance{{SiteID: "S1", Pos: at(50, 0), Kind: "main"}, {SiteID: "S1", Pos: at(100, 50), Kind: "side"}},
		Cameras: []coverage.Camera{
			cam("C1", 50, -30, 0, 90, 50),
			cam("C2", 130, 50, 270, 60, 40),
			cam("C3", 50, -60, 0, 90, 80),
		},
		Districts: []coverage.District{{Name: planDistrict, Geometry: rect(-1000, -1000, 1000, 1000)}},
	}
}

// planCity is the suite's city as a store holds it, with the rules plans are judged by.
type planCity struct {
	layers *coverage.Layers
	eff    *rulebook.EffectiveRules
	tax    *rulebook.Taxonomy
}

// newPlanCity puts the suite's city into s.
func newPlanCity(t *testing.T, s PlanStore) *planCity {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eff, err := lib.Effective(planRulebook, rulebook.DateOf(planNow))
	if err != nil {
		t.Fatal(err)
	}
	c := &planCity{layers: planCityLayers(), eff: eff, tax: lib.Taxonomy}
	if _, err := s.PutLayers(t.Context(), c.layers); err != nil {
		t.Fatalf("putting the plan city: %v", err)
	}
	return c
}

// editor returns an editor over the city with p's draft replayed.
func (c *planCity) editor(t *testing.T, p *plan.Plan) *coverage.Editor {
	t.Helper()
	city, err := coverage.NewCity(t.Context(), clone(c.layers), c.eff, c.tax, 0)
	if err != nil {
		t.Fatal(err)
	}
	ed := city.Editor()
	if err := p.Replay(ed, city.Lookup); err != nil {
		t.Fatal(err)
	}
	return ed
}

// planProposals are the proposals of the suite's plans: a camera added, C1 moved a few
// metres, C2 re-aimed and C3 removed.
func planProposals() []coverage.Proposal {
	proj := geo.NewProjection(samplecity.YangzhouCentre())
	return []coverage.Proposal{
		{Kind: coverage.ProposeAdd, Camera: coverage.Camera{Pos: proj.Inverse(orb.Point{300, -30}), HFOV: 60, Range: 50,
			Owner: "公安局", Investment: coverage.Government}, Note: "补点：医院门口"},
		{Kind: coverage.ProposeMove, CameraID: "C1", To: proj.Inverse(orb.Point{55, -32}), Note: "避开树冠"},
		{Kind: coverage.ProposeReaim, CameraID: "C2", Aim: coverage.Aim{Azimuth: 255, HFOV: 70, Range: 45}},
		{Kind: coverage.ProposeRemove, CameraID: "C3", Note: "与C1重复建设"},
	}
}

// planFlow is a plan as the suite steps it through a store, with the events every step
// gave, in order, and the revision last stored.
type planFlow struct {
	city   *planCity
	p      *plan.Plan
	rev    int64
	events []audit.Entry
}

// createPlan makes a plan with plan.NewPlan and stores it.
func createPlan(t *testing.T, s PlanStore, c *planCity, id, district string, author plan.Actor, at time.Time) *planFlow {
	t.Helper()
	p, ev, err := plan.NewPlan(id, "补点规划 "+id, planRulebook, district, author, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePlan(t.Context(), p, ev); err != nil {
		t.Fatalf("creating plan %s: %v", id, err)
	}
	return &planFlow{city: c, p: p, rev: 1, events: []audit.Entry{ev}}
}

// save stores the plan with ev at the flow's revision and wants the next one.
func (f *planFlow) save(t *testing.T, s PlanStore, ev audit.Entry) {
	t.Helper()
	rev, err := s.SavePlan(t.Context(), f.p, f.rev, []audit.Entry{ev})
	if err != nil {
		t.Fatalf("saving plan %s at revision %d: %v", f.p.ID, f.rev, err)
	}
	if rev != f.rev+1 {
		t.Fatalf("saving plan %s at revision %d gave revision %d", f.p.ID, f.rev, rev)
	}
	f.rev = rev
	f.events = append(f.events, ev)
}

// propose proposes the suite's proposals, saving after each.
func (f *planFlow) propose(t *testing.T, s PlanStore) {
	t.Helper()
	ed := f.city.editor(t, f.p)
	for i, prop := range planProposals() {
		_, _, ev, err := f.p.Propose(planAuthor, planNow.Add(time.Duration(i+1)*time.Minute), prop, ed)
		if err != nil {
			t.Fatalf("proposing %s: %v", prop.Kind, err)
		}
		f.save(t, s, ev)
	}
}

// submit submits the draft and saves.
func (f *planFlow) submit(t *testing.T, s PlanStore) {
	t.Helper()
	ev, err := f.p.Submit(planAuthor, planNow.Add(time.Hour), f.city.eff)
	if err != nil {
		t.Fatal(err)
	}
	f.save(t, s, ev)
}

// approve approves every stage of the version under review, saving after each.
func (f *planFlow) approve(t *testing.T, s PlanStore) {
	t.Helper()
	for i := 0; f.p.State == plan.PlanSubmitted; i++ {
		ev, err := f.p.Approve(planReviewer, planNow.Add(2*time.Hour+time.Duration(i)*time.Minute), f.p.Stage, "同意")
		if err != nil {
			t.Fatal(err)
		}
		f.save(t, s, ev)
	}
}

// approvedPlan steps a plan of the suite to approval.
func approvedPlan(t *testing.T, s PlanStore, c *planCity, id string) *planFlow {
	t.Helper()
	f := createPlan(t, s, c, id, planDistrict, planAuthor, planNow)
	f.propose(t, s)
	f.submit(t, s)
	f.approve(t, s)
	return f
}

// cameras reads the camera layer by id.
func cameras(t *testing.T, s PlanStore) map[string]coverage.Camera {
	t.Helper()
	l := read(t, s, coverage.LayerQuery{})
	out := make(map[string]coverage.Camera, len(l.Cameras))
	for _, c := range l.Cameras {
		out[c.ID] = c
	}
	return out
}

// change applies approved version 1 of f's plan against the stored cameras.
func (f *planFlow) change(t *testing.T, s PlanStore) (plan.CameraChange, audit.Entry) {
	t.Helper()
	stored := cameras(t, s)
	ch, ev, err := f.p.Apply(planAuthor, planNow.Add(3*time.Hour), 1, func(id string) (coverage.Camera, bool) {
		c, ok := stored[id]
		return c, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	return ch, ev
}

// storedPlan is p as a store gives it back: a deep copy with every time in UTC to the
// microsecond.
func storedPlan(t *testing.T, p *plan.Plan) *plan.Plan {
	t.Helper()
	b, err := records.EncodePlan(p.Stored())
	if err != nil {
		t.Fatal(err)
	}
	out, err := records.DecodePlan(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wantPlan reads plan id and wants p at revision rev, deep equal but for the precision
// of times.
func wantPlan(t *testing.T, s PlanStore, p *plan.Plan, rev int64) {
	t.Helper()
	got, gotRev, err := s.Plan(t.Context(), p.ID)
	if err != nil {
		t.Fatalf("reading plan %s: %v", p.ID, err)
	}
	if gotRev != rev {
		t.Errorf("plan %s at revision %d, want %d", p.ID, gotRev, rev)
	}
	if want := storedPlan(t, p); !reflect.DeepEqual(got, want) {
		t.Errorf("plan %s read back\n got %s\nwant %s", p.ID, planJSON(t, got), planJSON(t, want))
	}
}

// planJSON is p as the stores keep it.
func planJSON(t *testing.T, p *plan.Plan) []byte {
	t.Helper()
	b, err := records.EncodePlan(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// storedJSON reads plan id as JSON, with its revision.
func storedJSON(t *testing.T, s PlanStore, id string) ([]byte, int64) {
	t.Helper()
	p, rev, err := s.Plan(t.Context(), id)
	if err != nil {
		t.Fatalf("reading plan %s: %v", id, err)
	}
	return planJSON(t, p), rev
}

func auditHead(t *testing.T, s PlanStore) audit.Head {
	t.Helper()
	h, err := s.AuditHead(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func testPlanRoundTrip(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := createPlan(t, s, c, "PL1", planDistrict, planAuthor, planNow)
	wantPlan(t, s, f.p, 1)
	if got := f.p.CreatedAt; got.Nanosecond() != planNow.Nanosecond() || got.Location() != china {
		t.Errorf("storing the plan changed the caller's plan: created at %v", got)
	}
	f.propose(t, s)
	f.submit(t, s)
	// A comment on a place and one on a proposal, on the version under review.
	pos := geo.NewProjection(samplecity.YangzhouCentre()).Inverse(orb.Point{310, -25})
	for _, cm := range []plan.Comment{{Text: "此处有树", Pos: &pos}, {Text: "请说明理由", Proposal: "p4"}} {
		_, ev, err := f.p.Comment(planReviewer, planNow.Add(90*time.Minute), cm)
		if err != nil {
			t.Fatal(err)
		}
		f.save(t, s, ev)
	}
	wantPlan(t, s, f.p, f.rev)
	got, _, err := s.Plan(t.Context(), f.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Current(); v == nil || !got.VerifyVersion(v) {
		t.Errorf("the stored version does not match its hash")
	}
}

func testPlanDuplicate(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := createPlan(t, s, c, "PL1", planDistrict, planAuthor, planNow)
	before := auditHead(t, s)
	other, ev, err := plan.NewPlan("PL1", "另一规划", planRulebook, "西区", planAuthor2, planNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePlan(t.Context(), other, ev); !errors.Is(err, rulebook.ErrDuplicate) {
		t.Fatalf("creating a second plan PL1: %v, want ErrDuplicate", err)
	}
	wantPlan(t, s, f.p, 1)
	if after := auditHead(t, s); after != before {
		t.Errorf("the refused creation moved the audit head from %d to %d", before.Seq, after.Seq)
	}
}

func testPlanUnknown(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := approvedPlan(t, s, c, "PL1")
	ch, ev := f.change(t, s)
	ghost, gev, err := plan.NewPlan("PL-none", "无此规划", planRulebook, planDistrict, planAuthor, planNow)
	if err != nil {
		t.Fatal(err)
	}
	ghostApproved := *f.p
	ghostApproved.ID = "PL-none"
	calls := []struct {
		name string
		call func() error
	}{
		{"Plan", func() error { _, _, err := s.Plan(t.Context(), "PL-none"); return err }},
		{"SavePlan", func() error { _, err := s.SavePlan(t.Context(), ghost, 1, []audit.Entry{gev}); return err }},
		{"ApplyPlan", func() error { _, err := s.ApplyPlan(t.Context(), &ghostApproved, 1, ch, ev); return err }},
	}
	before := auditHead(t, s)
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, coverage.ErrNotFound) {
				t.Errorf("%s of an unknown plan: %v, want ErrNotFound", c.name, err)
			}
		})
	}
	if after := auditHead(t, s); after != before {
		t.Errorf("calls on an unknown plan moved the audit head from %d to %d", before.Seq, after.Seq)
	}
	if _, ok := cameras(t, s)["PL1-p1"]; ok {
		t.Errorf("applying an unknown plan wrote its cameras")
	}
}

func testPlanRevision(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := createPlan(t, s, c, "PL1", planDistrict, planAuthor, planNow)
	f.propose(t, s)
	if f.rev != 1+int64(len(planProposals())) {
		t.Errorf("revision %d after %d saves", f.rev, len(planProposals()))
	}
	wantPlan(t, s, f.p, f.rev)
	// A save with several events, or none, is one revision.
	ev, err := f.p.Submit(planAuthor, planNow.Add(time.Hour), c.eff)
	if err != nil {
		t.Fatal(err)
	}
	for _, events := range [][]audit.Entry{{ev, ev}, nil} {
		rev, err := s.SavePlan(t.Context(), f.p, f.rev, events)
		if err != nil || rev != f.rev+1 {
			t.Fatalf("saving at revision %d: %d, %v", f.rev, rev, err)
		}
		f.rev = rev
	}
	wantPlan(t, s, f.p, f.rev)
}

func testPlanStale(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := approvedPlan(t, s, c, "PL1")
	ch, applyEv := f.change(t, s)
	beforeJSON, beforeRev := storedJSON(t, s, "PL1")
	beforeHead, beforeCams := auditHead(t, s), cameras(t, s)
	// Another editor's copy, one revision behind.
	stale := storedPlan(t, f.p)
	stale.Title = "被覆盖的标题"
	ev, err := stale.Revise(planAuthor, planNow.Add(4*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		name string
		call func() error
	}{
		{"SavePlan", func() error { _, err := s.SavePlan(t.Context(), stale, f.rev-1, []audit.Entry{ev}); return err }},
		{"SavePlan ahead", func() error { _, err := s.SavePlan(t.Context(), stale, f.rev+1, []audit.Entry{ev}); return err }},
		{"ApplyPlan", func() error { _, err := s.ApplyPlan(t.Context(), f.p, f.rev-1, ch, applyEv); return err }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, plan.ErrStale) {
				t.Errorf("%s at a stale revision: %v, want ErrStale", c.name, err)
			}
		})
	}
	afterJSON, afterRev := storedJSON(t, s, "PL1")
	if afterRev != beforeRev || string(afterJSON) != string(beforeJSON) {
		t.Errorf("a stale save changed the plan: revision %d → %d\nbefore %s\n after %s", beforeRev, afterRev, beforeJSON, afterJSON)
	}
	if after := auditHead(t, s); after != beforeHead {
		t.Errorf("a stale save moved the audit head from %d to %d", beforeHead.Seq, after.Seq)
	}
	if after := cameras(t, s); !reflect.DeepEqual(after, beforeCams) {
		t.Errorf("a stale apply changed the cameras: %d before, %d after", len(beforeCams), len(after))
	}
}

func testPlanConcurrent(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := createPlan(t, s, c, "PL1", planDistrict, planAuthor, planNow)
	before := auditHead(t, s)
	const editors = 8
	var wg sync.WaitGroup
	revs, errs := make([]int64, editors), make([]error, editors)
	for i := range editors {
		// Each editor proposes its own camera on its copy of revision 1.
		p := storedPlan(t, f.p)
		ed := c.editor(t, p)
		prop := planProposals()[0]
		prop.Note = fmt.Sprintf("editor %d", i)
		_, _, ev, err := p.Propose(planAuthor, planNow.Add(time.Minute), prop, ed)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			revs[i], errs[i] = s.SavePlan(t.Context(), p, 1, []audit.Entry{ev})
		}()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && revs[i] == 2 && winner < 0:
			winner = i
		case err == nil:
			t.Errorf("editor %d saved too, at revision %d", i, revs[i])
		case !errors.Is(err, plan.ErrStale):
			t.Errorf("editor %d: %v, want ErrStale", i, err)
		}
	}
	if winner < 0 {
		t.Fatalf("no editor saved: %v", errs)
	}
	p, rev, err := s.Plan(t.Context(), "PL1")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("editor %d", winner); rev != 2 || len(p.Draft) != 1 || p.Draft[0].Note != want {
		t.Errorf("stored revision %d with %v, want revision 2 with the proposal of %s", rev, p.Draft, want)
	}
	if after := auditHead(t, s); after.Seq != before.Seq+1 {
		t.Errorf("the audit head moved from %d to %d, want one entry for the one save", before.Seq, after.Seq)
	}
}

func testPlansQuery(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	// Created an hour apart, in this order; PL-b and PL-b2 at the same time, ordered by id.
	type stored struct {
		id, district string
		author       plan.Actor
		at           time.Duration
		submit       bool
	}
	for _, p := range []stored{
		{"PL-a", planDistrict, planAuthor, 0, false},
		{"PL-b2", "西区", planAuthor, time.Hour, true},
		{"PL-b", "西区", planAuthor2, time.Hour, false},
		{"PL-c", planDistrict, planAuthor2, 2 * time.Hour, true},
		{"PL-d", "", planAuthor, 3 * time.Hour, false},
	} {
		f := createPlan(t, s, c, p.id, p.district, p.author, planNow.Add(p.at))
		if p.submit {
			f.propose(t, s)
			f.submit(t, s)
		}
	}
	tests := []struct {
		name string
		q    plan.Query
		want []string
	}{
		{"all", plan.Query{}, []string{"PL-d", "PL-c", "PL-b", "PL-b2", "PL-a"}},
		{"district", plan.Query{District: "西区"}, []string{"PL-b", "PL-b2"}},
		{"state", plan.Query{State: plan.PlanSubmitted}, []string{"PL-c", "PL-b2"}},
		{"author", plan.Query{Author: planAuthor.ID}, []string{"PL-d", "PL-b2", "PL-a"}},
		{"district and state", plan.Query{District: planDistrict, State: plan.PlanDraft}, []string{"PL-a"}},
		{"all three", plan.Query{District: "西区", State: plan.PlanDraft, Author: planAuthor2.ID}, []string{"PL-b"}},
		{"none", plan.Query{State: plan.PlanApproved}, nil},
		{"unknown district", plan.Query{District: "北区"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := s.Plans(t.Context(), tc.q, func(p *plan.Plan) error {
				got = append(got, p.ID)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("plans %+v: %v, want %v", tc.q, got, tc.want)
			}
		})
	}
	t.Run("fn's error stops the walk", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := s.Plans(t.Context(), plan.Query{}, func(*plan.Plan) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("Plans returned %v after %d calls, want fn's error after 1", err, n)
		}
	})
	t.Run("plans read whole", func(t *testing.T) {
		err := s.Plans(t.Context(), plan.Query{State: plan.PlanSubmitted}, func(p *plan.Plan) error {
			if len(p.Versions) != 1 || len(p.Draft) != len(planProposals()) || !p.VerifyVersion(p.Current()) {
				return fmt.Errorf("plan %s read with %d versions, %d proposals", p.ID, len(p.Versions), len(p.Draft))
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	})
}

// closeTo reports whether two cameras are equal, coordinates and numbers within the
// suite's tolerances.
func closeTo(a, b coverage.Camera) bool {
	near := func(x, y, tol float64) bool {
		return math.Abs(x-y) <= tol*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
	}
	return a.ID == b.ID && a.Owner == b.Owner && a.Investment == b.Investment && a.Status == b.Status &&
		math.Abs(a.Pos[0]-b.Pos[0]) <= coordTolerance && math.Abs(a.Pos[1]-b.Pos[1]) <= coordTolerance &&
		near(a.Azimuth, b.Azimuth, relTolerance) && near(a.HFOV, b.HFOV, relTolerance) &&
		near(a.Range, b.Range, relTolerance) && near(a.Height, b.Height, relTolerance)
}

func testPlanApply(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := approvedPlan(t, s, c, "PL1")
	before := cameras(t, s)
	ch, ev := f.change(t, s)
	if len(ch.Upsert) != 3 || len(ch.Delete) != 1 {
		t.Fatalf("the change upserts %d and deletes %d cameras, want 3 and 1", len(ch.Upsert), len(ch.Delete))
	}
	rev, err := s.ApplyPlan(t.Context(), f.p, f.rev, ch, ev)
	if err != nil || rev != f.rev+1 {
		t.Fatalf("applying at revision %d: %d, %v", f.rev, rev, err)
	}
	f.rev = rev
	wantPlan(t, s, f.p, f.rev)
	props := planProposals()
	added := props[0].Camera
	added.ID, added.Status = "PL1-p1", plan.StatusPlanned
	moved := before["C1"]
	moved.Pos = props[1].To
	reaimed := before["C2"]
	reaimed.Azimuth, reaimed.HFOV, reaimed.Range = props[2].Aim.Azimuth, props[2].Aim.HFOV, props[2].Aim.Range
	want := map[string]coverage.Camera{"PL1-p1": added, "C1": moved, "C2": reaimed}
	got := cameras(t, s)
	if len(got) != len(want) {
		t.Errorf("%d cameras after the apply, want %d: %v", len(got), len(want), got)
	}
	for id, w := range want {
		if g, ok := got[id]; !ok || !closeTo(g, w) {
			t.Errorf("camera %s after the apply:\n got %+v\nwant %+v", id, g, w)
		}
	}
	if _, ok := got["C3"]; ok {
		t.Errorf("camera C3 is still in the layer")
	}
	// The rest of the layers is untouched.
	l := read(t, s, coverage.LayerQuery{})
	if len(l.Sites) != 1 || len(l.Entrances) != 2 || len(l.Districts) != 1 {
		t.Errorf("after the apply: %d sites, %d entrances, %d districts", len(l.Sites), len(l.Entrances), len(l.Districts))
	}
}

func testPlanApplyRefused(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := approvedPlan(t, s, c, "PL1")
	ch, ev := f.change(t, s)
	// A camera the layer cannot take, after valid ones: the whole change is refused.
	ch.Upsert = append(ch.Upsert, coverage.Camera{ID: "bad", Pos: ch.Upsert[0].Pos, HFOV: 60, Range: -5, Owner: "公安局", Investment: coverage.Government})
	beforeJSON, beforeRev := storedJSON(t, s, "PL1")
	beforeHead, beforeCams := auditHead(t, s), cameras(t, s)
	if _, err := s.ApplyPlan(t.Context(), f.p, f.rev, ch, ev); !errors.Is(err, rulebook.ErrInvalid) {
		t.Fatalf("applying a change with an invalid camera: %v, want ErrInvalid", err)
	}
	afterJSON, afterRev := storedJSON(t, s, "PL1")
	if afterRev != beforeRev || string(afterJSON) != string(beforeJSON) {
		t.Errorf("a refused apply changed the plan: revision %d → %d", beforeRev, afterRev)
	}
	if after := auditHead(t, s); after != beforeHead {
		t.Errorf("a refused apply moved the audit head from %d to %d", beforeHead.Seq, after.Seq)
	}
	if after := cameras(t, s); !reflect.DeepEqual(after, beforeCams) {
		t.Errorf("a refused apply changed the cameras: %d before, %d after", len(beforeCams), len(after))
	}
}

func testPlanAudit(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	// An entry of the inspections first: plans go onto the same chain.
	first, err := s.AppendAudit(t.Context(), audit.Entry{At: planNow, Actor: "u-li", Action: inspect.ActionEvidenceRead,
		ObjectKind: inspect.ObjectInspection, ObjectID: "i-1", Detail: "read"})
	if err != nil {
		t.Fatal(err)
	}
	f := approvedPlan(t, s, c, "PL1")
	ch, ev := f.change(t, s)
	if _, err := s.ApplyPlan(t.Context(), f.p, f.rev, ch, ev); err != nil {
		t.Fatal(err)
	}
	f.events = append(f.events, ev)
	other := createPlan(t, s, c, "PL2", "西区", planAuthor2, planNow.Add(time.Hour))
	head, err := audit.VerifyChain(t.Context(), s)
	if err != nil {
		t.Fatalf("verifying the chain: %v", err)
	}
	var got []audit.Entry
	if err := s.AuditChain(t.Context(), first.Seq+1, func(e audit.Entry) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	events := append(f.events, other.events...)
	if len(got) != len(events) || head.Seq != first.Seq+uint64(len(events)) {
		t.Fatalf("%d entries after the first, head %d; want %d plan events", len(got), head.Seq, len(events))
	}
	wantActions := []audit.Action{plan.ActionPlanCreate, plan.ActionPlanPropose, plan.ActionPlanPropose, plan.ActionPlanPropose,
		plan.ActionPlanPropose, plan.ActionPlanSubmit, plan.ActionPlanApprove, plan.ActionPlanApply, plan.ActionPlanCreate}
	for i, e := range got {
		ev := events[i]
		want := ev
		want.At = ev.At.UTC().Truncate(time.Microsecond)
		want.Seq, want.PrevHash, want.Hash = e.Seq, e.PrevHash, e.Hash
		if !reflect.DeepEqual(e, want) {
			t.Errorf("entry %d:\n got %+v\nwant %+v", e.Seq, e, want)
		}
		if i < len(wantActions) && e.Action != wantActions[i] {
			t.Errorf("entry %d is %s, want %s", e.Seq, e.Action, wantActions[i])
		}
	}
	// The version's hash is the digest of its submission and of its application.
	v := f.p.Current()
	for _, e := range got {
		if (e.Action == plan.ActionPlanSubmit || e.Action == plan.ActionPlanApply) && e.PayloadDigest != v.Hash {
			t.Errorf("entry %d (%s) has digest %s, want the version's %s", e.Seq, e.Action, e.PayloadDigest, v.Hash)
		}
	}
}

func testPlanCancelled(t *testing.T, s PlanStore) {
	t.Helper()
	c := newPlanCity(t, s)
	f := approvedPlan(t, s, c, "PL1")
	ch, applyEv := f.change(t, s)
	beforeJSON, beforeRev := storedJSON(t, s, "PL1")
	beforeHead, beforeCams := auditHead(t, s), cameras(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	fresh, createEv, err := plan.NewPlan("PL2", "新规划", planRulebook, planDistrict, planAuthor, planNow)
	if err != nil {
		t.Fatal(err)
	}
	revised := storedPlan(t, f.p)
	reviseEv, err := revised.Revise(planAuthor, planNow.Add(4*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		name string
		call func() error
	}{
		{"CreatePlan", func() error { return s.CreatePlan(ctx, fresh, createEv) }},
		{"Plan", func() error { _, _, err := s.Plan(ctx, "PL1"); return err }},
		{"Plans", func() error { return s.Plans(ctx, plan.Query{}, func(*plan.Plan) error { return nil }) }},
		{"SavePlan", func() error { _, err := s.SavePlan(ctx, revised, f.rev, []audit.Entry{reviseEv}); return err }},
		{"ApplyPlan", func() error { _, err := s.ApplyPlan(ctx, f.p, f.rev, ch, applyEv); return err }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, context.Canceled) {
				t.Errorf("%s with a cancelled context: %v, want context.Canceled", c.name, err)
			}
		})
	}
	if _, _, err := s.Plan(t.Context(), "PL2"); !errors.Is(err, coverage.ErrNotFound) {
		t.Errorf("the plan was created: %v", err)
	}
	afterJSON, afterRev := storedJSON(t, s, "PL1")
	if afterRev != beforeRev || string(afterJSON) != string(beforeJSON) {
		t.Errorf("a cancelled save changed the plan: revision %d → %d", beforeRev, afterRev)
	}
	if after := auditHead(t, s); after != beforeHead {
		t.Errorf("cancelled calls moved the audit head from %d to %d", beforeHead.Seq, after.Seq)
	}
	if after := cameras(t, s); !reflect.DeepEqual(after, beforeCams) {
		t.Errorf("a cancelled apply changed the cameras")
	}
}
