package plan_test

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"cctvgis/auth"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/plannertest"
	"cctvgis/planner/rulebook"
)

var (
	newEditor = plannertest.NewEditor
	handCity  = plannertest.HandCity
	at        = plannertest.At
)

var (
	author   = plan.Actor{ID: "u-plan", Role: auth.RolePlanner}
	planner2 = plan.Actor{ID: "u-plan2", Role: auth.RolePlanner}
	expert   = plan.Actor{ID: "u-expert", Role: auth.RoleReviewer}
	govt     = plan.Actor{ID: "u-gov", Role: auth.RoleReviewer}
	t0       = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
)

// draftPlan returns a plan under the rulebook with one proposal (a camera at S2), and
// its editor over the hand city.
func draftPlan(t *testing.T, code string) (*plan.Plan, *coverage.Editor, *rulebook.EffectiveRules) {
	t.Helper()
	ed, eff, _ := newEditor(t, handCity(), code, "2026-01-01", coverage.EditorOptions{})
	p, ev, err := plan.NewPlan("PL1", "东区补点", code, "东区", author, t0)
	if err != nil || ev.Action != plan.ActionPlanCreate || ev.ObjectID != "PL1" || len(ev.PayloadDigest) != 64 {
		t.Fatalf("new plan: %v %+v", err, ev)
	}
	prop, _, _, err := p.Propose(author, t0, coverage.Proposal{Kind: coverage.ProposeAdd,
		Camera: coverage.Camera{Pos: at(300, -30), HFOV: 60, Range: 50, Owner: "公安局", Investment: coverage.Government}}, ed)
	if err != nil || prop.ID != "p1" || prop.Camera.ID != "PL1-p1" {
		t.Fatalf("propose: %v %+v", err, prop)
	}
	return p, ed, eff
}

// TestReviewStagesPerRulebook walks each rulebook's stages, from the seeds: Weihai's
// article 6(1) puts expert review (经专家论证) before the government's approval; Yangzhou and
// Nanchang (article 7(1)) go to the government only; Liaoning states no stages, so one
// uncited approval.
func TestReviewStagesPerRulebook(t *testing.T) {
	tests := []struct {
		code   string
		stages []string
		cite   string // citation of the first review stage
	}{
		{"weihai", []string{rulebook.StageExpertReview, rulebook.StageApprove}, "第六条第一款"},
		{"yangzhou", []string{rulebook.StageApprove}, "第七条第一款"},
		{"nanchang", []string{rulebook.StageApprove}, "第七条第一款"},
		{"liaoning", []string{rulebook.StageApprove}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			p, _, eff := draftPlan(t, tc.code)
			ev, err := p.Submit(author, t0, eff)
			if err != nil {
				t.Fatal(err)
			}
			v := p.Current()
			if ev.PayloadDigest != v.Hash || !p.VerifyVersion(v) {
				t.Errorf("submit event digest %s, version hash %s", ev.PayloadDigest, v.Hash)
			}
			var got []string
			for _, s := range v.Stages {
				got = append(got, s.Stage)
			}
			if !slices.Equal(got, tc.stages) || v.Stages[0].Citation != tc.cite {
				t.Fatalf("stages %v cite %q, want %v %q", got, v.Stages[0].Citation, tc.stages, tc.cite)
			}
			if tc.code == "weihai" && v.Stages[0].Body != "专家论证" {
				t.Errorf("expert stage body %q", v.Stages[0].Body)
			}
			for i, stage := range tc.stages {
				if p.Stage != stage {
					t.Fatalf("plan waits in %q, want %q", p.Stage, stage)
				}
				reviewer := govt
				if stage == rulebook.StageExpertReview {
					reviewer = expert
				}
				if _, err := p.Approve(reviewer, t0.Add(time.Hour), stage, "同意"); err != nil {
					t.Fatal(err)
				}
				if last := i == len(tc.stages)-1; last != (p.State == plan.PlanApproved) {
					t.Fatalf("after %s the plan is %s", stage, p.State)
				}
			}
			if a := p.LastApproved(); a == nil || a.Outcome != plan.OutcomeApproved || len(a.Reviews) != len(tc.stages) {
				t.Fatalf("last approved %+v", a)
			}
		})
	}
}

func TestRefusedTransitionsChangeNothing(t *testing.T) {
	tests := []struct {
		name string
		// setup brings the plan to the state under test.
		setup func(t *testing.T, p *plan.Plan, ed *coverage.Editor, eff *rulebook.EffectiveRules)
		act   func(p *plan.Plan, ed *coverage.Editor, eff *rulebook.EffectiveRules) error
		want  error
	}{
		{"the author cannot approve", submit, func(p *plan.Plan, _ *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, err := p.Approve(plan.Actor{ID: author.ID, Role: auth.RoleReviewer}, t0, rulebook.StageExpertReview, "")
			return err
		}, plan.ErrOwnPlan},
		{"a planner cannot review", submit, func(p *plan.Plan, _ *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, err := p.Approve(planner2, t0, rulebook.StageExpertReview, "")
			return err
		}, plan.ErrForbidden},
		{"approval is not reached before expert review", submit, func(p *plan.Plan, _ *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, err := p.Approve(govt, t0, rulebook.StageApprove, "")
			return err
		}, plan.ErrStageNotReached},
		{"a return needs a reason", submit, func(p *plan.Plan, _ *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, err := p.Return(expert, t0, rulebook.StageExpertReview, "")
			return err
		}, plan.ErrPlanInvalid},
		{"a submitted plan cannot be edited", submit, func(p *plan.Plan, ed *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, _, _, err := p.Propose(author, t0, coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: "C1"}, ed)
			return err
		}, plan.ErrWrongState},
		{"a draft cannot be approved", nil, func(p *plan.Plan, _ *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, err := p.Approve(expert, t0, rulebook.StageExpertReview, "")
			return err
		}, plan.ErrWrongState},
		{"a reviewer cannot edit", nil, func(p *plan.Plan, ed *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, _, _, err := p.Propose(expert, t0, coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: "C1"}, ed)
			return err
		}, plan.ErrForbidden},
		{"a refused proposal", nil, func(p *plan.Plan, ed *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, _, _, err := p.Propose(author, t0, coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: "nope"}, ed)
			return err
		}, coverage.ErrUnknownCamera},
		{"an approved plan takes no edits", approve, func(p *plan.Plan, ed *coverage.Editor, eff *rulebook.EffectiveRules) error {
			_, err := p.Submit(author, t0, eff)
			return err
		}, plan.ErrWrongState},
		{"an approved plan takes no reviews", approve, func(p *plan.Plan, _ *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, err := p.Return(govt, t0, rulebook.StageApprove, "再议")
			return err
		}, plan.ErrWrongState},
		{"a comment on an unknown proposal", submit, func(p *plan.Plan, _ *coverage.Editor, _ *rulebook.EffectiveRules) error {
			_, _, err := p.Comment(expert, t0, plan.Comment{Text: "?", Proposal: "p9"})
			return err
		}, coverage.ErrNotFound},
		{"a comment on both a place and a proposal", submit, func(p *plan.Plan, _ *coverage.Editor, _ *rulebook.EffectiveRules) error {
			pos := at(1, 1)
			_, _, err := p.Comment(expert, t0, plan.Comment{Text: "?", Proposal: "p1", Pos: &pos})
			return err
		}, plan.ErrPlanInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ed, eff := draftPlan(t, "weihai")
			if tc.setup != nil {
				tc.setup(t, p, ed, eff)
			}
			before := clonePlan(p)
			err := tc.act(p, ed, eff)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if !samePlan(p, before) {
				t.Error("a refused transition changed the plan")
			}
		})
	}
}

func submit(t *testing.T, p *plan.Plan, _ *coverage.Editor, eff *rulebook.EffectiveRules) {
	t.Helper()
	if _, err := p.Submit(author, t0, eff); err != nil {
		t.Fatal(err)
	}
}

func approve(t *testing.T, p *plan.Plan, ed *coverage.Editor, eff *rulebook.EffectiveRules) {
	t.Helper()
	submit(t, p, ed, eff)
	for _, s := range []string{rulebook.StageExpertReview, rulebook.StageApprove} {
		if _, err := p.Approve(govt, t0, s, ""); err != nil {
			t.Fatal(err)
		}
	}
}

func clonePlan(p *plan.Plan) plan.Plan {
	c := *p
	c.Draft = slices.Clone(p.Draft)
	c.Versions = slices.Clone(p.Versions)
	for i := range c.Versions {
		c.Versions[i].Reviews = slices.Clone(c.Versions[i].Reviews)
	}
	c.Comments = slices.Clone(p.Comments)
	return c
}

func samePlan(p *plan.Plan, c plan.Plan) bool {
	if p.State != c.State || p.Stage != c.Stage || p.NextProposal != c.NextProposal || len(p.Draft) != len(c.Draft) ||
		len(p.Versions) != len(c.Versions) || len(p.Comments) != len(c.Comments) {
		return false
	}
	for i := range p.Versions {
		if len(p.Versions[i].Reviews) != len(c.Versions[i].Reviews) || p.Versions[i].Outcome != c.Versions[i].Outcome {
			return false
		}
	}
	return true
}

func TestReturnResubmitDiffApply(t *testing.T) {
	p, ed, eff := draftPlan(t, "weihai")
	submit(t, p, ed, eff)
	v1 := *p.Current()
	pos := at(300, 0)
	if _, ev, err := p.Comment(expert, t0, plan.Comment{Text: "医院北门也要看", Pos: &pos}); err != nil || ev.Action != plan.ActionPlanComment {
		t.Fatalf("comment: %v", err)
	}
	ev, err := p.Return(expert, t0.Add(time.Hour), rulebook.StageExpertReview, "补充C1转向")
	if err != nil || ev.Action != plan.ActionPlanReturn || p.State != plan.PlanDraft {
		t.Fatalf("return: %v, plan %s", err, p.State)
	}
	// The returned plan is edited and resubmitted as version 2, with another hash.
	for _, prop := range []coverage.Proposal{
		{Kind: coverage.ProposeReaim, CameraID: "C1", Aim: coverage.Aim{Azimuth: 10, HFOV: 90, Range: 60}},
		{Kind: coverage.ProposeMove, CameraID: "C2", To: at(130, 60)},
		{Kind: coverage.ProposeRemove, CameraID: "C6"},
	} {
		if _, _, _, err := p.Propose(author, t0, prop, ed); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Submit(author, t0.Add(2*time.Hour), eff); err != nil {
		t.Fatal(err)
	}
	v2 := p.Current()
	if v2.Number != 2 || v2.Hash == v1.Hash || p.Versions[0].Outcome != plan.OutcomeReturned || len(p.Versions[0].Proposals) != 1 {
		t.Fatalf("v2 %d %s, v1 %s %s", v2.Number, v2.Hash, p.Versions[0].Hash, p.Versions[0].Outcome)
	}
	d := plan.Diff(&p.Versions[0], v2)
	if !slices.Equal(d.Reaimed, []string{"C1"}) || !slices.Equal(d.Moved, []string{"C2"}) || !slices.Equal(d.Removed, []string{"C6"}) || len(d.Added) != 0 {
		t.Errorf("diff v1 → v2 %+v", d)
	}
	if d := plan.Diff(nil, v2); !slices.Equal(d.Added, []string{"PL1-p1"}) {
		t.Errorf("diff current → v2 %+v", d)
	}
	for _, s := range []string{rulebook.StageExpertReview, rulebook.StageApprove} {
		if _, err := p.Approve(govt, t0, s, ""); err != nil {
			t.Fatal(err)
		}
	}
	base := handCity()
	lookup := func(id string) (coverage.Camera, bool) {
		i := slices.IndexFunc(base.Cameras, func(c coverage.Camera) bool { return c.ID == id })
		if i < 0 {
			return coverage.Camera{}, false
		}
		return base.Cameras[i], true
	}
	ch, ev, err := p.Apply(author, t0, 2, lookup)
	if err != nil || ev.PayloadDigest != v2.Hash {
		t.Fatal(err)
	}
	if len(ch.Upsert) != 3 || !slices.Equal(ch.Delete, []string{"C6"}) || ch.Upsert[2].Status != plan.StatusPlanned || ch.Upsert[0].Azimuth != 10 {
		t.Errorf("camera change %+v", ch)
	}
	if _, _, err := p.Apply(author, t0, 1, lookup); !errors.Is(err, plan.ErrWrongState) {
		t.Errorf("applying the returned v1: %v", err)
	}
	if v, err := p.Approved(2); err != nil || v != v2 {
		t.Errorf("the approved v2: %v", err)
	}
	if _, err := p.Approved(1); !errors.Is(err, plan.ErrWrongState) {
		t.Errorf("the returned v1 as approved: %v", err)
	}
}

func TestVersionHashIsCanonical(t *testing.T) {
	p, _, eff := draftPlan(t, "yangzhou")
	submit(t, p, nil, eff)
	v := p.Current()
	h := v.Hash
	tests := []struct {
		name   string
		change func(v *plan.Version)
	}{
		{"another azimuth", func(v *plan.Version) { v.Proposals[0].Camera.Azimuth = 1 }},
		{"another note", func(v *plan.Version) { v.Proposals[0].Note = "x" }},
		{"another owner", func(v *plan.Version) { v.Proposals[0].Camera.Owner = "公安" }},
		{"another submitter", func(v *plan.Version) { v.SubmittedBy = "u-x" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := *v
			c.Proposals = slices.Clone(v.Proposals)
			tc.change(&c)
			if p.VersionHash(&c).String() == h {
				t.Error("hash unchanged")
			}
		})
	}
	c := *v
	c.Proposals = slices.Clone(v.Proposals)
	c.Proposals[0].Camera.Height = math.Copysign(0, -1)
	if p.VersionHash(&c).String() != h || !p.VerifyVersion(v) {
		t.Error("the hash is not stable")
	}
}

// cityOf builds the City of layers under Weihai's rules, as a server would.
func cityOf(t *testing.T, l *coverage.Layers) *coverage.City {
	t.Helper()
	_, eff, tax := newEditor(t, l, "weihai", "2026-01-01", coverage.EditorOptions{})
	c, err := coverage.NewCity(t.Context(), l, eff, tax, 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// written is l with a camera change written into it, as a store writes it.
func written(l *coverage.Layers, ch plan.CameraChange) *coverage.Layers {
	out := *l
	out.Cameras = slices.DeleteFunc(slices.Clone(l.Cameras), func(c coverage.Camera) bool {
		return slices.Contains(ch.Delete, c.ID) || slices.ContainsFunc(ch.Upsert, func(u coverage.Camera) bool { return u.ID == c.ID })
	})
	out.Cameras = append(out.Cameras, ch.Upsert...)
	return &out
}

// A plan keeps working over the city after its version is applied: the draft replays onto
// the city that holds its cameras, the version measures the same as before the apply, a
// revision can take a built camera out again, and a draft the city no longer fits names
// the proposal.
func TestPlanOverAChangingCity(t *testing.T) {
	p, ed, eff := draftPlan(t, "weihai")
	approve(t, p, ed, eff)
	before := cityOf(t, handCity())
	without, with, err := p.VersionTotals(before, 1)
	if err != nil {
		t.Fatal(err)
	}
	if with.Cameras != without.Cameras+1 || with.MandatorySites.Covered != without.MandatorySites.Covered+1 {
		t.Fatalf("v1 before the apply: %+v → %+v", without, with)
	}

	ch, _, err := p.Apply(author, t0, 0, before.Lookup)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Upsert) != 1 || ch.Upsert[0].ID != "PL1-p1" || ch.Upsert[0].Status != plan.StatusPlanned || ch.Version != 1 {
		t.Fatalf("applying with no version named: %+v", ch)
	}
	if a := p.Versions[0].Applied; a == nil || !slices.Equal(a.Added, []string{"PL1-p1"}) || len(a.Prior) != 0 {
		t.Fatalf("v1 applied as %+v", a)
	}
	if _, _, err := p.Apply(author, t0, 1, before.Lookup); !errors.Is(err, plan.ErrWrongState) {
		t.Errorf("applying v1 twice: %v", err)
	}
	after := cityOf(t, written(handCity(), ch))

	t.Run("the draft replays onto the city that holds its cameras", func(t *testing.T) {
		ed := after.Editor()
		if err := p.Replay(ed, after.Lookup); err != nil {
			t.Fatal(err)
		}
		if got, want := ed.Totals(), after.Editor().Totals(); !reflect.DeepEqual(got, want) {
			t.Errorf("replayed %+v, the city %+v", got, want)
		}
	})
	t.Run("the version measures as it did before the apply", func(t *testing.T) {
		w, v, err := p.VersionTotals(after, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(w, without) || !reflect.DeepEqual(v, with) {
			t.Errorf("after the apply: %+v → %+v, before it %+v → %+v", w, v, without, with)
		}
		cov, err := p.VersionCoverage(after, 0)
		if err != nil {
			t.Fatal(err)
		}
		if cov["S2"] != coverage.Uncovered {
			t.Errorf("without the plan S2 is %s", cov["S2"])
		}
	})

	if _, err := p.Revise(author, t0); err != nil {
		t.Fatal(err)
	}
	ed = after.Editor()
	if err := p.Replay(ed, after.Lookup); err != nil {
		t.Fatal(err)
	}
	t.Run("a revision re-aims and then takes out a camera the plan built", func(t *testing.T) {
		if _, _, _, err := p.Propose(author, t0, coverage.Proposal{Kind: coverage.ProposeReaim, CameraID: "PL1-p1",
			Aim: coverage.Aim{Azimuth: 180, HFOV: 60, Range: 50}}, ed); err != nil {
			t.Fatal(err)
		}
		if _, _, err := p.Withdraw(author, t0, "p2", ed, after.Lookup); err != nil {
			t.Fatal(err)
		}
		if c, ok := ed.Camera("PL1-p1"); !ok || c.Azimuth != 0 {
			t.Fatalf("after withdrawing the re-aim the camera is %+v, %v", c, ok)
		}
		e, _, err := p.Withdraw(author, t0, "p1", ed, after.Lookup)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ed.Camera("PL1-p1"); ok || e.After.Cameras != without.Cameras || !reflect.DeepEqual(ed.Totals(), without) {
			t.Fatalf("after withdrawing the build: %+v, want %+v", ed.Totals(), without)
		}
	})
	t.Run("the next version takes down what the first built", func(t *testing.T) {
		if _, _, _, err := p.Propose(author, t0, coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: "C6"}, ed); err != nil {
			t.Fatal(err)
		}
		approve(t, p, ed, eff)
		ch, _, err := p.Apply(author, t0, 2, after.Lookup)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ch.Delete, []string{"C6", "PL1-p1"}) || len(ch.Upsert) != 0 {
			t.Errorf("v2's change %+v", ch)
		}
		if a := p.Versions[1].Applied; len(a.Prior) != 2 || len(a.Added) != 0 {
			t.Errorf("v2 applied as %+v", a)
		}
	})
	t.Run("a draft the city no longer fits names its proposal", func(t *testing.T) {
		if _, err := p.Revise(author, t0); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := p.Propose(author, t0, coverage.Proposal{Kind: coverage.ProposeReaim, CameraID: "C1",
			Aim: coverage.Aim{Azimuth: 10, HFOV: 90, Range: 60}}, ed); err != nil {
			t.Fatal(err)
		}
		// An import took C1 down meanwhile.
		gone := written(handCity(), plan.CameraChange{Delete: []string{"C1", "C6"}})
		c := cityOf(t, gone)
		err := p.Replay(c.Editor(), c.Lookup)
		var pe *coverage.ProposalError
		if !errors.Is(err, plan.ErrOutdated) || !errors.As(err, &pe) || pe.Proposal != "p4" || pe.Field != "camera_id" {
			t.Fatalf("replaying over a city without C1: %v", err)
		}
	})
}
