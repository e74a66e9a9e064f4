package plan

import (
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/internal/audit"
	"cctvgis/internal/fault"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// Actor is the user acting on a plan.
type Actor struct {
	ID   string
	Role auth.Role
}

// PlanState is where a plan stands in its review.
type PlanState string

// The states of a plan: draft → submitted → (each review stage) → approved; a return sends
// it back to draft.
const (
	PlanDraft     PlanState = "draft"
	PlanSubmitted PlanState = "submitted"
	PlanApproved  PlanState = "approved"
)

// Values are the states of a plan.
func (PlanState) Values() []PlanState { return []PlanState{PlanDraft, PlanSubmitted, PlanApproved} }

// Valid reports whether p is one of Values.
func (p PlanState) Valid() bool { return slices.Contains(p.Values(), p) }

// Plan is a coverage plan (建设规划): proposals for one rulebook's jurisdiction and one
// district, drafted by a planner, frozen into versions on submission and reviewed stage by
// stage. Its methods are the only transitions; each returns the audit entry the store
// appends in the same transaction, and changes nothing when it returns an error.
type Plan struct {
	ID    string
	Title string
	// Rulebook is the code of the rulebook (jurisdiction) the plan is judged under.
	Rulebook string
	// District is the district scope, "" for the whole jurisdiction.
	District string
	// Author is the user id of the planner who created the plan.
	Author    string
	CreatedAt time.Time
	State     PlanState
	// Stage is the review stage a submitted plan waits in (StageExpertReview,
	// StageApprove); "" otherwise.
	Stage string
	// Draft are the proposals being edited; a submission freezes a copy into a Version.
	Draft []coverage.Proposal
	// NextProposal numbers the next proposal (p1, p2, …); ids are never reused.
	NextProposal int
	Versions     []Version
	Comments     []Comment
}

// Version is a submitted, frozen copy of a plan's proposals with its content hash and its
// reviews. A version is never edited once submitted: only its reviews and outcome are
// added, and an approved version takes nothing more.
type Version struct {
	// Number counts the plan's versions from 1.
	Number    int
	Title     string
	Proposals []coverage.Proposal
	// Hash is the hex SHA-256 of the version's canonical encoding (VersionHash).
	Hash        string
	SubmittedBy string
	SubmittedAt time.Time
	// Stages are the review stages the version passes, from the effective rules at
	// submission: every approval stage after the draft.
	Stages  []rulebook.StageEntry
	Reviews []Review
	Outcome Outcome
	// Applied records the version's being written into the camera layer; nil until it
	// is.
	Applied *Application
}

// Application records an approved version written into the camera layer: when, by whom,
// and what the city was without it, so that the plan can still be measured against the
// city as the plan found it (VersionTotals) after its cameras joined the layer.
type Application struct {
	At time.Time
	By string
	// Added are the ids of the cameras the version built.
	Added []string
	// Prior are the cameras the version changed or took down, with their values just
	// before.
	Prior []coverage.Camera
}

// Outcome is how a version's review ended.
type Outcome string

// The outcomes of a version.
const (
	OutcomePending  Outcome = "pending"
	OutcomeApproved Outcome = "approved"
	OutcomeReturned Outcome = "returned"
)

// Values are the outcomes of a version.
func (Outcome) Values() []Outcome { return []Outcome{OutcomePending, OutcomeApproved, OutcomeReturned} }

// Valid reports whether o is one of Values.
func (o Outcome) Valid() bool { return slices.Contains(o.Values(), o) }

// Decision is a reviewer's decision at a stage.
type Decision string

// The decisions of a review.
const (
	DecisionApprove Decision = "approve"
	DecisionReturn  Decision = "return"
)

// Values are the decisions of a review.
func (Decision) Values() []Decision { return []Decision{DecisionApprove, DecisionReturn} }

// Valid reports whether d is one of Values.
func (d Decision) Valid() bool { return slices.Contains(d.Values(), d) }

// Review is one reviewer's decision at one stage of a version.
type Review struct {
	Stage    string
	Decision Decision
	By       string
	At       time.Time
	// Note is the reviewer's remark; for a return, the reason (required).
	Note string
}

// Comment is a remark on a place (Pos) or on a proposal (Proposal) of a plan.
type Comment struct {
	// ID is c1, c2, … within the plan.
	ID string
	// Version is the version commented on; 0 for the draft.
	Version int
	By      string
	At      time.Time
	Text    string
	// Pos is the place commented on, WGS84, or nil.
	Pos *orb.Point
	// Proposal is the id of the proposal commented on, or "".
	Proposal string
}

// Errors of plan transitions; a *PlanError matches one of them.
var (
	// ErrPlanInvalid: a field is missing or wrong (title, reason, comment target, …).
	ErrPlanInvalid = fault.New(fault.Invalid, "planner: invalid plan request")
	// ErrWrongState: the plan is not in the state the transition needs (editing a
	// submitted plan, approving a draft, changing an approved version).
	ErrWrongState = fault.New(fault.WrongState, "planner: plan is not in a state that allows this")
	// ErrForbidden: the actor's role may not do this (a planner reviewing, a reviewer
	// editing).
	ErrForbidden = fault.New(fault.Forbidden, "planner: role may not do this")
	// ErrOwnPlan: the author, or the submitter, may not review their own plan.
	ErrOwnPlan = fault.New(fault.Forbidden, "planner: may not review one's own plan")
	// ErrStageNotReached: the review names a stage other than the one the plan waits in.
	ErrStageNotReached = fault.New(fault.WrongState, "planner: review stage not reached")
)

// PlanError says why a plan transition was refused: the field or rule, and a sentinel
// (one of the above, or ErrNotFound for an unknown proposal or version).
type PlanError struct {
	Plan   string
	Field  string
	Reason string
	Err    error
}

// Error names the plan, the field and the reason.
func (e *PlanError) Error() string {
	return fmt.Sprintf("plan %s: %s: %s", e.Plan, e.Field, e.Reason)
}

// Unwrap returns the sentinel the error matches.
func (e *PlanError) Unwrap() error { return e.Err }

// FieldProblems names the field at fault.
func (e *PlanError) FieldProblems() []fault.Problem {
	return []fault.Problem{{Code: "invalid", Field: e.Field, Message: e.Reason}}
}

func (p *Plan) fail(err error, field, format string, args ...any) error {
	return &PlanError{Plan: p.ID, Field: field, Reason: fmt.Sprintf(format, args...), Err: err}
}

// The audited actions of plans.
const (
	ActionPlanCreate   audit.Action = "plan.create"
	ActionPlanPropose  audit.Action = "plan.propose"
	ActionPlanWithdraw audit.Action = "plan.withdraw"
	ActionPlanSubmit   audit.Action = "plan.submit"
	ActionPlanApprove  audit.Action = "plan.approve"
	ActionPlanReturn   audit.Action = "plan.return"
	ActionPlanComment  audit.Action = "plan.comment"
	ActionPlanRevise   audit.Action = "plan.revise"
	ActionPlanApply    audit.Action = "plan.apply"
)

// ObjectPlan is the object kind of plan audit entries.
const ObjectPlan = "plan"

// event is the audit entry of a transition of the plan, unsealed: the store seals it onto
// the chain in the transaction that saves the change. digest is the hex SHA-256 of what
// the transition froze or decided: the version's hash, or the digest of the proposal,
// review or comment.
func (p *Plan) event(a Actor, at time.Time, action audit.Action, detail, digest string) audit.Entry {
	return audit.Entry{At: at, Actor: a.ID, Action: action, ObjectKind: ObjectPlan, ObjectID: p.ID, Detail: detail, PayloadDigest: digest}
}

// NewPlan starts a plan in draft, authored by a planner.
func NewPlan(id, title, rulebook, district string, author Actor, at time.Time) (*Plan, audit.Entry, error) {
	p := &Plan{ID: id, Title: title, Rulebook: rulebook, District: district, Author: author.ID, CreatedAt: at,
		State: PlanDraft, NextProposal: 1, Draft: []coverage.Proposal{}, Versions: []Version{}, Comments: []Comment{}}
	switch {
	case id == "":
		return nil, audit.Entry{}, p.fail(ErrPlanInvalid, "id", "missing")
	case title == "":
		return nil, audit.Entry{}, p.fail(ErrPlanInvalid, "title", "missing")
	case rulebook == "":
		return nil, audit.Entry{}, p.fail(ErrPlanInvalid, "rulebook", "missing")
	case author.ID == "":
		return nil, audit.Entry{}, p.fail(ErrPlanInvalid, "author", "missing")
	case author.Role != auth.RolePlanner:
		return nil, audit.Entry{}, p.fail(ErrForbidden, "role", "a %s may not draft plans", author.Role)
	}
	return p, p.event(author, at, ActionPlanCreate, fmt.Sprintf("created %q under %s", title, rulebook), p.metaHash().String()), nil
}

// canEdit checks that a planner edits a draft.
func (p *Plan) canEdit(a Actor) error {
	switch {
	case a.Role != auth.RolePlanner:
		return p.fail(ErrForbidden, "role", "a %s may not edit plans", a.Role)
	case p.State != PlanDraft:
		return p.fail(ErrWrongState, "state", "a %s plan cannot be edited", p.State)
	}
	return nil
}

// Propose adds a proposal to the draft. It assigns the proposal's id (p1, p2, …) and, for
// an add without one, the new camera's id (plan id, "-", proposal id). ed must hold the
// draft's proposals (see Replay); it checks the proposal against the current state, the
// rules included, and answers with its effect. On error nothing changes, in the plan or in
// ed.
func (p *Plan) Propose(a Actor, at time.Time, prop coverage.Proposal, ed *coverage.Editor) (coverage.Proposal, coverage.Effect, audit.Entry, error) {
	if err := p.canEdit(a); err != nil {
		return coverage.Proposal{}, coverage.Effect{}, audit.Entry{}, err
	}
	prop.ID = fmt.Sprintf("p%d", p.NextProposal)
	if prop.Kind == coverage.ProposeAdd && prop.Camera.ID == "" {
		prop.Camera.ID = p.ID + "-" + prop.ID
	}
	eff, err := ed.Apply(prop)
	if err != nil {
		return coverage.Proposal{}, coverage.Effect{}, audit.Entry{}, err
	}
	p.Draft = append(p.Draft, prop)
	p.NextProposal++
	return prop, eff, p.event(a, at, ActionPlanPropose, fmt.Sprintf("%s %s %s", prop.ID, prop.Kind, prop.Target()), proposalHash(prop).String()), nil
}

// Withdraw takes the last proposal out of the draft and its effect out of ed, an editor
// holding the draft (see Replay), and returns the effect. Only the last can be withdrawn
// at once: a later proposal may depend on an earlier one (a re-aim of a camera the plan
// adds). city gives the cameras of the city ed was made from. A nil ed (a draft the city
// no longer fits, which no editor holds) withdraws the proposal with no effect.
func (p *Plan) Withdraw(a Actor, at time.Time, proposalID string, ed *coverage.Editor, city Lookup) (coverage.Effect, audit.Entry, error) {
	if err := p.canEdit(a); err != nil {
		return coverage.Effect{}, audit.Entry{}, err
	}
	i := slices.IndexFunc(p.Draft, func(q coverage.Proposal) bool { return q.ID == proposalID })
	switch {
	case i < 0:
		return coverage.Effect{}, audit.Entry{}, p.fail(coverage.ErrNotFound, "proposal", "no proposal %q in the draft", proposalID)
	case i != len(p.Draft)-1:
		return coverage.Effect{}, audit.Entry{}, p.fail(ErrPlanInvalid, "proposal", "%q is not the last proposal; withdraw the later ones first", proposalID)
	}
	prop := p.Draft[i]
	rest := p.Draft[:i:i]
	eff := coverage.NoEffect(prop.ID)
	if ed != nil {
		// The camera goes back to what the rest of the draft makes of it.
		want, err := p.targets(rest, p.original(city))
		if err != nil {
			return coverage.Effect{}, audit.Entry{}, err
		}
		eff = ed.Set(prop.ID, prop.Target(), want.copyOf(prop.Target()))
	}
	p.Draft = rest
	return eff, p.event(a, at, ActionPlanWithdraw, fmt.Sprintf("%s %s %s withdrawn", prop.ID, prop.Kind, prop.Target()), proposalHash(prop).String()), nil
}

// Replay brings ed, a new editor of the city (City.Editor), to the state the draft
// describes, and returns an error naming the first proposal that no longer fits the city
// (a camera removed meanwhile, a place now refused), which matches ErrOutdated. city gives
// the cameras of the city ed was made from.
func (p *Plan) Replay(ed *coverage.Editor, city Lookup) error {
	return p.replay(ed, p.Draft, city)
}

// reviewStages are the stages after the draft; a rulebook that states none is approved by
// a single stage without a citation.
func reviewStages(rules *rulebook.EffectiveRules) []rulebook.StageEntry {
	var out []rulebook.StageEntry
	for _, s := range rules.ApprovalStages {
		if s.Stage != rulebook.StageDraft {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = []rulebook.StageEntry{{Stage: rulebook.StageApprove}}
	}
	return out
}

// Submit freezes the draft into a new version, hashes it, and sends the plan to the first
// review stage of the effective rules (expert review in Weihai, government approval
// elsewhere). rules must be those of the plan's rulebook.
func (p *Plan) Submit(a Actor, at time.Time, rules *rulebook.EffectiveRules) (audit.Entry, error) {
	if err := p.canEdit(a); err != nil {
		return audit.Entry{}, err
	}
	switch {
	case len(p.Draft) == 0:
		return audit.Entry{}, p.fail(ErrPlanInvalid, "draft", "a plan without proposals cannot be submitted")
	case rules == nil || rules.Code != p.Rulebook:
		return audit.Entry{}, p.fail(ErrPlanInvalid, "rulebook", "submission needs the effective rules of %s", p.Rulebook)
	}
	v := Version{Number: len(p.Versions) + 1, Title: p.Title, Proposals: slices.Clone(p.Draft),
		SubmittedBy: a.ID, SubmittedAt: at, Stages: reviewStages(rules), Reviews: []Review{}, Outcome: OutcomePending}
	v.Hash = p.VersionHash(&v).String()
	p.Versions = append(p.Versions, v)
	p.State, p.Stage = PlanSubmitted, v.Stages[0].Stage
	return p.event(a, at, ActionPlanSubmit, fmt.Sprintf("v%d submitted → %s", v.Number, p.Stage), v.Hash), nil
}

// Current returns the version under review or last reviewed, nil before the first
// submission.
func (p *Plan) Current() *Version {
	if len(p.Versions) == 0 {
		return nil
	}
	return &p.Versions[len(p.Versions)-1]
}

// Version returns version n.
func (p *Plan) Version(n int) (*Version, error) {
	if n < 1 || n > len(p.Versions) {
		return nil, p.fail(coverage.ErrNotFound, "version", "no version %d", n)
	}
	return &p.Versions[n-1], nil
}

// LastApproved returns the last approved version, nil when none is.
func (p *Plan) LastApproved() *Version {
	for i := len(p.Versions) - 1; i >= 0; i-- {
		if p.Versions[i].Outcome == OutcomeApproved {
			return &p.Versions[i]
		}
	}
	return nil
}

// canReview checks that a reviewer other than the author reviews the stage the plan waits in.
func (p *Plan) canReview(a Actor, stage string) error {
	v := p.Current()
	switch {
	case a.Role != auth.RoleReviewer:
		return p.fail(ErrForbidden, "role", "a %s may not review plans", a.Role)
	case p.State != PlanSubmitted || v == nil:
		return p.fail(ErrWrongState, "state", "a %s plan is not under review", p.State)
	case a.ID == p.Author || a.ID == v.SubmittedBy:
		return p.fail(ErrOwnPlan, "actor", "%s drafted or submitted this plan", a.ID)
	case stage != p.Stage:
		return p.fail(ErrStageNotReached, "stage", "the plan waits in %s, not %q", p.Stage, stage)
	}
	return nil
}

// Approve approves the stage the plan waits in: the plan moves to the next stage, or,
// after the last, the version is approved and can never change.
func (p *Plan) Approve(a Actor, at time.Time, stage, note string) (audit.Entry, error) {
	if err := p.canReview(a, stage); err != nil {
		return audit.Entry{}, err
	}
	v := p.Current()
	r := Review{Stage: stage, Decision: DecisionApprove, By: a.ID, At: at, Note: note}
	v.Reviews = append(v.Reviews, r)
	next := slices.IndexFunc(v.Stages, func(s rulebook.StageEntry) bool { return s.Stage == stage }) + 1
	detail := fmt.Sprintf("v%d %s approved", v.Number, stage)
	if next < len(v.Stages) {
		p.Stage = v.Stages[next].Stage
		detail += " → " + p.Stage
	} else {
		p.State, p.Stage, v.Outcome = PlanApproved, "", OutcomeApproved
		detail += " → approved"
	}
	return p.event(a, at, ActionPlanApprove, detail, reviewHash(v, r).String()), nil
}

// Return sends the plan back to draft with a reason; the version stays as it was
// reviewed, and the next submission makes a new version.
func (p *Plan) Return(a Actor, at time.Time, stage, reason string) (audit.Entry, error) {
	if err := p.canReview(a, stage); err != nil {
		return audit.Entry{}, err
	}
	if reason == "" {
		return audit.Entry{}, p.fail(ErrPlanInvalid, "reason", "a return needs a reason")
	}
	v := p.Current()
	r := Review{Stage: stage, Decision: DecisionReturn, By: a.ID, At: at, Note: reason}
	v.Reviews = append(v.Reviews, r)
	v.Outcome = OutcomeReturned
	p.State, p.Stage = PlanDraft, ""
	return p.event(a, at, ActionPlanReturn, fmt.Sprintf("v%d returned at %s: %s", v.Number, stage, reason), reviewHash(v, r).String()), nil
}

// Comment adds a comment on a place or a proposal of the version under review (of the
// draft, when the plan is a draft). Planners and reviewers may comment; an approved plan
// takes no more comments.
func (p *Plan) Comment(a Actor, at time.Time, c Comment) (Comment, audit.Entry, error) {
	var props []coverage.Proposal
	version := 0
	switch p.State {
	case PlanSubmitted:
		v := p.Current()
		props, version = v.Proposals, v.Number
	case PlanDraft:
		props = p.Draft
	default:
		return Comment{}, audit.Entry{}, p.fail(ErrWrongState, "state", "a %s plan takes no comments", p.State)
	}
	switch {
	case a.Role != auth.RolePlanner && a.Role != auth.RoleReviewer:
		return Comment{}, audit.Entry{}, p.fail(ErrForbidden, "role", "a %s may not comment on plans", a.Role)
	case c.Text == "":
		return Comment{}, audit.Entry{}, p.fail(ErrPlanInvalid, "text", "missing")
	case (c.Pos == nil) == (c.Proposal == ""):
		return Comment{}, audit.Entry{}, p.fail(ErrPlanInvalid, "target", "a comment is on a place (pos) or on a proposal, one of them")
	case c.Pos != nil && coverage.CheckPosition(*c.Pos) != "":
		return Comment{}, audit.Entry{}, p.fail(ErrPlanInvalid, "pos", "%s", coverage.CheckPosition(*c.Pos))
	case c.Proposal != "" && !slices.ContainsFunc(props, func(q coverage.Proposal) bool { return q.ID == c.Proposal }):
		return Comment{}, audit.Entry{}, p.fail(coverage.ErrNotFound, "proposal", "no proposal %q in version %d", c.Proposal, version)
	}
	c.ID, c.Version, c.By, c.At = fmt.Sprintf("c%d", len(p.Comments)+1), version, a.ID, at
	p.Comments = append(p.Comments, c)
	return c, p.event(a, at, ActionPlanComment, fmt.Sprintf("%s on v%d", c.ID, version), commentHash(c).String()), nil
}

// Revise starts a new draft from an approved plan, with the approved proposals; the
// approved version stays as it is, and the next submission is a new version.
func (p *Plan) Revise(a Actor, at time.Time) (audit.Entry, error) {
	switch {
	case a.Role != auth.RolePlanner:
		return audit.Entry{}, p.fail(ErrForbidden, "role", "a %s may not edit plans", a.Role)
	case p.State != PlanApproved:
		return audit.Entry{}, p.fail(ErrWrongState, "state", "only an approved plan is revised; this one is %s", p.State)
	}
	v := p.LastApproved()
	// The draft holds the approved proposals over the city as the plan found it, applied
	// or not: the editor rebases them onto the city as it stands (Replay).
	p.State, p.Draft = PlanDraft, slices.Clone(v.Proposals)
	return p.event(a, at, ActionPlanRevise, fmt.Sprintf("revising v%d", v.Number), v.Hash), nil
}
