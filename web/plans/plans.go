// Package plans is the HTTP side of coverage plans under /api/v1/plans: drafting with the
// live effect of every edit, submission, staged review, comments, diffs, applying an
// approved version to the camera layer and export. Its routes join the API's one route
// table and OpenAPI document (mobileapi.Endpoint), with the same login, roles and district
// scoping; the domain is planner's.
//
// It imports the domain (planner, auth) and the API's route types; it must not import a
// store.
package plans

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/mobileapi"
	"cctvgis/planner"
)

// Deps are what the plan routes work on.
type Deps struct {
	Store planner.PlanStore
	// Layers are the city's layers at start, which plans change; SetLayers replaces them.
	Layers *planner.Layers
	// Rulebook is the code of the jurisdiction plans are judged under.
	Rulebook string
	// Rules returns the effective rules on a day.
	Rules    func(planner.Date) (*planner.EffectiveRules, error)
	Taxonomy *planner.Taxonomy
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OnApply is called after a plan is applied to the camera layer (to refresh maps).
	OnApply func()
	// Analysis are the options of the city's analysis (occluders or not), so that a plan
	// starts from the same state as the map.
	Analysis planner.Options
	// UserName gives a user's name by id, for the people a plan names; nil leaves names out.
	UserName func(ctx context.Context, id string) (string, error)
}

// Handlers serve the plan routes. Each plan's editor (its live effect state) is kept for
// the plans in use and rebuilt from the stored plan when it is stale.
type Handlers struct {
	Deps
	// layers are the city's current layers: Deps.Layers until SetLayers.
	layers atomic.Pointer[planner.Layers]

	mu      sync.Mutex
	editors map[string]*planEditor
	// order is the plan ids by last use, for eviction.
	order []string
	limit int
}

// planEditor is one plan's editor at a stored revision; mu serialises the plan's edits.
type planEditor struct {
	mu  sync.Mutex
	ed  *planner.Editor
	rev int64
}

// New returns the plan handlers; at most keep editors stay in memory (default 8).
func New(d Deps, keep int) (*Handlers, error) {
	if d.Store == nil || d.Layers == nil || d.Rules == nil || d.Taxonomy == nil || d.Rulebook == "" {
		return nil, errors.New("plans: Store, Layers, Rulebook, Rules and Taxonomy are required")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if keep <= 0 {
		keep = 8
	}
	h := &Handlers{Deps: d, editors: map[string]*planEditor{}, limit: keep}
	h.layers.Store(d.Layers)
	return h, nil
}

// SetLayers replaces the city's layers that plans are drafted over (after a plan is
// applied, say) and drops the editors built over the old ones; a request under way
// finishes over the layers it started with.
func (h *Handlers) SetLayers(l *planner.Layers) {
	h.layers.Store(l)
	h.mu.Lock()
	clear(h.editors)
	h.order = nil
	h.mu.Unlock()
}

var (
	drafters  = []auth.Role{auth.RolePlanner, auth.RoleAdmin}
	readers   = []auth.Role{auth.RolePlanner, auth.RoleReviewer, auth.RoleAdmin, auth.RoleSupervisor}
	reviewers = []auth.Role{auth.RoleReviewer}
)

// Endpoints are the plan routes, for the API's route table.
func (h *Handlers) Endpoints() []mobileapi.Endpoint {
	base := mobileapi.APIBase + "/plans"
	id := mobileapi.PathParam("id", "string", "plan id")
	return []mobileapi.Endpoint{
		{Method: "GET", Path: base, Summary: "Plans the caller may see, newest first.", Roles: readers,
			Responses: map[int]any{200: PlanList{}}, Handle: h.list},
		{Method: "POST", Path: base, Summary: "Start a plan (planners).", Roles: drafters, Body: NewPlanRequest{},
			Responses: map[int]any{201: PlanView{}}, Errors: []int{400, 422}, Handle: h.create},
		{Method: "GET", Path: base + "/{id}", Summary: "A plan with its versions, reviews, comments and the totals of its draft.", Roles: readers,
			Params: []mobileapi.Param{id}, Responses: map[int]any{200: PlanView{}}, Errors: []int{404}, Handle: h.get},
		{Method: "POST", Path: base + "/{id}/proposals", Summary: "Add a proposal to the draft; answers its live effect. A proposal in a prohibited private space or a government-only zone is refused citing the article.",
			Roles: drafters, Params: []mobileapi.Param{id}, Body: ProposalBody{}, Responses: map[int]any{201: EditResult{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.propose},
		{Method: "POST", Path: base + "/{id}/effect", Summary: "The live effect a proposal would have, nothing saved (for dragging on the map).",
			Roles: drafters, Params: []mobileapi.Param{id}, Body: ProposalBody{}, Responses: map[int]any{200: planner.Effect{}},
			Errors: []int{400, 404, 422}, Handle: h.preview},
		{Method: "DELETE", Path: base + "/{id}/proposals/{proposal}", Summary: "Withdraw the draft's last proposal.",
			Roles: drafters, Params: []mobileapi.Param{id, mobileapi.PathParam("proposal", "string", "proposal id")},
			Responses: map[int]any{200: EditResult{}}, Errors: []int{404, 409, 422}, Handle: h.withdraw},
		{Method: "POST", Path: base + "/{id}/submit", Summary: "Freeze the draft as a version (hashed) and send it to its first review stage.",
			Roles: drafters, Params: []mobileapi.Param{id}, Responses: map[int]any{200: PlanView{}}, Errors: []int{404, 409, 422}, Handle: h.submit},
		{Method: "POST", Path: base + "/{id}/reviews", Summary: "A reviewer approves the current stage or returns the plan with a reason; authors may not review their own plans.",
			Roles: reviewers, Params: []mobileapi.Param{id}, Body: ReviewRequest{}, Responses: map[int]any{200: PlanView{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.review},
		{Method: "POST", Path: base + "/{id}/comments", Summary: "Comment on a place (lon, lat) or on a proposal.",
			Roles: readers, Params: []mobileapi.Param{id}, Body: CommentRequest{}, Responses: map[int]any{200: PlanView{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.comment},
		{Method: "POST", Path: base + "/{id}/revise", Summary: "Start a new draft from an approved plan.",
			Roles: drafters, Params: []mobileapi.Param{id}, Responses: map[int]any{200: PlanView{}}, Errors: []int{404, 409}, Handle: h.revise},
		{Method: "GET", Path: base + "/{id}/diff", Summary: "Cameras added, removed, moved or re-aimed and sites newly covered or uncovered between two versions (from=0: the current state; default: the last approved version, to: the latest).",
			Roles: readers, Params: []mobileapi.Param{id, {In: "query", Name: "from", Type: "integer", Description: "older version, 0 for the current state"},
				{In: "query", Name: "to", Type: "integer", Description: "newer version (default the latest)"}},
			Responses: map[int]any{200: planner.VersionDiff{}}, Errors: []int{404, 422}, Handle: h.diff},
		{Method: "POST", Path: base + "/{id}/apply", Summary: "Write an approved version into the camera layer (new cameras as planned) in one transaction.",
			Roles: drafters, Params: []mobileapi.Param{id}, Body: ApplyRequest{}, Responses: map[int]any{200: ApplyResult{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.apply},
		{Method: "GET", Path: base + "/{id}/results", Summary: "The whole-plan results: the full analysis of the city with the draft's proposals, summarised by category, district and investment.",
			Roles: readers, Params: []mobileapi.Param{id}, Responses: map[int]any{200: planner.Summary{}}, Errors: []int{404}, Handle: h.results},
		{Method: "GET", Path: base + "/{id}/export", Summary: "A version as GeoJSON: its proposals, effect summary, hash and approvals.",
			Roles: readers, Params: []mobileapi.Param{id, {In: "query", Name: "version", Type: "integer", Description: "version (default the last approved)"}},
			Responses: map[int]any{200: map[string]any{}}, Errors: []int{404, 409, 422}, Handle: h.export},
	}
}

// actor is the caller as the planner domain knows them.
func actor(u auth.User) planner.Actor {
	return planner.Actor{ID: u.ID, Role: planner.Role(u.Role)}
}

// load reads a plan the caller may see, with its editor brought up to the stored revision.
// The editor's lock is held until release is called.
func (h *Handlers) load(ctx context.Context, u auth.User, id string) (p *planner.Plan, rev int64, pe *planEditor, release func(), err error) {
	p, rev, err = h.Store.Plan(ctx, id)
	if errors.Is(err, planner.ErrNotFound) || err == nil && u.District != "" && p.District != u.District {
		return nil, 0, nil, nil, mobileapi.Error(http.StatusNotFound, "not_found", "id", "no such plan", err)
	}
	if err != nil {
		return nil, 0, nil, nil, err
	}
	pe = h.editor(id)
	pe.mu.Lock()
	if pe.ed == nil || pe.rev != rev {
		if err := h.rebuild(ctx, pe, p, rev); err != nil {
			pe.mu.Unlock()
			return nil, 0, nil, nil, err
		}
	}
	return p, rev, pe, pe.mu.Unlock, nil
}

// editor returns the editor slot of a plan, evicting the least recently used beyond the
// limit.
func (h *Handlers) editor(id string) *planEditor {
	h.mu.Lock()
	defer h.mu.Unlock()
	pe, ok := h.editors[id]
	if !ok {
		pe = &planEditor{}
		h.editors[id] = pe
	}
	for i, o := range h.order {
		if o == id {
			h.order = append(h.order[:i], h.order[i+1:]...)
			break
		}
	}
	h.order = append(h.order, id)
	for len(h.order) > h.limit {
		delete(h.editors, h.order[0])
		h.order = h.order[1:]
	}
	return pe
}

// rebuild makes a plan's editor afresh: the city's analysis, then the draft replayed.
func (h *Handlers) rebuild(ctx context.Context, pe *planEditor, p *planner.Plan, rev int64) error {
	ed, err := h.newEditor(ctx)
	if err != nil {
		return fmt.Errorf("building the editor of plan %s: %w", p.ID, err)
	}
	if _, err := p.Replay(ed); err != nil {
		return fmt.Errorf("replaying plan %s: %w", p.ID, err)
	}
	pe.ed, pe.rev = ed, rev
	return nil
}

// save stores a changed plan over rev with its events and moves the editor to the new
// revision.
func (h *Handlers) save(ctx context.Context, pe *planEditor, p *planner.Plan, rev int64, events ...planner.Event) (int64, error) {
	next, err := h.Store.SavePlan(ctx, p, rev, events)
	if err != nil {
		// The editor holds the refused change: rebuild it on next use.
		pe.ed = nil
		return 0, planError(err)
	}
	pe.rev = next
	return next, nil
}

// planError maps the domain's refusals to answers naming the field and the rule.
func planError(err error) error {
	var pe *planner.PlanError
	var pr *planner.ProposalError
	field, msg := "", err.Error()
	switch {
	case errors.As(err, &pr):
		field, msg = pr.Field, pr.Error()
	case errors.As(err, &pe):
		field, msg = pe.Field, pe.Reason
	}
	switch {
	case errors.Is(err, planner.ErrStale):
		return mobileapi.Error(http.StatusConflict, "conflict", "", "the plan changed meanwhile; reload it", err)
	case errors.Is(err, planner.ErrForbidden), errors.Is(err, planner.ErrOwnPlan):
		return mobileapi.Error(http.StatusForbidden, "forbidden", field, msg, err)
	case errors.Is(err, planner.ErrWrongState), errors.Is(err, planner.ErrStageNotReached):
		return mobileapi.Error(http.StatusConflict, "illegal_transition", field, msg, err)
	case errors.Is(err, planner.ErrNotFound):
		return mobileapi.Error(http.StatusNotFound, "not_found", field, msg, err)
	case errors.Is(err, planner.ErrUnknownCamera):
		return mobileapi.Error(http.StatusUnprocessableEntity, "invalid", field, msg, err)
	case errors.Is(err, planner.ErrRefused), errors.Is(err, planner.ErrProposalInvalid), errors.Is(err, planner.ErrPlanInvalid),
		errors.Is(err, planner.ErrNothingToUndo):
		return mobileapi.Error(http.StatusUnprocessableEntity, "invalid", field, msg, err)
	}
	return err
}

// view is a plan as the API shows it.
func (h *Handlers) view(ctx context.Context, p *planner.Plan, rev int64, pe *planEditor) PlanView {
	v := PlanView{Plan: p, Revision: rev, Totals: planner.Totals{RoadClasses: []planner.RoadClassResult{}, Violations: map[string]int{}},
		DraftSites: []planner.SiteChange{}}
	if pe != nil && pe.ed != nil {
		v.Totals, v.DraftSites = pe.ed.Totals(), pe.ed.ChangedSites()
	}
	v.People = h.people(ctx, p)
	return v
}

// people names the users a plan mentions: its author, submitters, reviewers and
// commenters. A user who cannot be found is left out.
func (h *Handlers) people(ctx context.Context, p *planner.Plan) map[string]string {
	out := map[string]string{}
	if h.UserName == nil {
		return out
	}
	ids := []string{p.Author}
	for _, v := range p.Versions {
		ids = append(ids, v.SubmittedBy)
		for _, r := range v.Reviews {
			ids = append(ids, r.By)
		}
	}
	for _, c := range p.Comments {
		ids = append(ids, c.By)
	}
	for _, id := range ids {
		if _, done := out[id]; done || id == "" {
			continue
		}
		if name, err := h.UserName(ctx, id); err == nil {
			out[id] = name
		}
	}
	return out
}

func decode(c echo.Context, v any) error {
	return mobileapi.DecodeJSON(c, 1<<20, v)
}

func (h *Handlers) list(c echo.Context) error {
	u := mobileapi.Caller(c)
	out := PlanList{Plans: []PlanSummary{}}
	err := h.Store.Plans(c.Request().Context(), planner.PlanQuery{District: u.District}, func(p *planner.Plan) error {
		out.Plans = append(out.Plans, summary(p))
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func summary(p *planner.Plan) PlanSummary {
	return PlanSummary{ID: p.ID, Title: p.Title, Rulebook: p.Rulebook, District: p.District, Author: p.Author,
		CreatedAt: p.CreatedAt, State: p.State, Stage: p.Stage, Versions: len(p.Versions), DraftProposals: len(p.Draft)}
}

func (h *Handlers) create(c echo.Context) error {
	var req NewPlanRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	u := mobileapi.Caller(c)
	if u.District != "" && req.District != u.District {
		return mobileapi.Error(http.StatusUnprocessableEntity, "invalid", "district", "district: you may plan only for "+u.District, nil)
	}
	p, e, err := planner.NewPlan(newID(), req.Title, h.Rulebook, req.District, actor(u), h.Now())
	if err != nil {
		return planError(err)
	}
	if err := h.Store.CreatePlan(c.Request().Context(), p, e); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, h.view(c.Request().Context(), p, 1, nil))
}

func (h *Handlers) get(c echo.Context) error {
	p, rev, pe, release, err := h.load(c.Request().Context(), mobileapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	return c.JSON(http.StatusOK, h.view(c.Request().Context(), p, rev, pe))
}

func (h *Handlers) propose(c echo.Context) error {
	var body ProposalBody
	if err := decode(c, &body); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := mobileapi.Caller(c)
	p, rev, pe, release, err := h.load(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	prop, effect, e, err := p.Propose(actor(u), h.Now(), body, pe.ed)
	if err != nil {
		return planError(err)
	}
	next, err := h.save(ctx, pe, p, rev, e)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, EditResult{Proposal: prop, Effect: effect, Revision: next})
}

func (h *Handlers) preview(c echo.Context) error {
	var body ProposalBody
	if err := decode(c, &body); err != nil {
		return err
	}
	p, _, pe, release, err := h.load(c.Request().Context(), mobileapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	prop := body
	if prop.Kind == planner.ProposeAdd && prop.Camera.ID == "" {
		prop.Camera.ID = p.ID + "-preview"
	}
	prop.ID = "preview"
	effect, err := pe.ed.Apply(prop)
	if err != nil {
		return planError(err)
	}
	if _, err := pe.ed.Undo(); err != nil {
		pe.ed = nil
		return err
	}
	return c.JSON(http.StatusOK, effect)
}

func (h *Handlers) withdraw(c echo.Context) error {
	ctx := c.Request().Context()
	u := mobileapi.Caller(c)
	p, rev, pe, release, err := h.load(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	effect, e, err := p.Withdraw(actor(u), h.Now(), c.Param("proposal"), pe.ed)
	if err != nil {
		return planError(err)
	}
	next, err := h.save(ctx, pe, p, rev, e)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, EditResult{Effect: effect, Revision: next})
}

// transition runs one review-side change of a plan and saves it.
func (h *Handlers) transition(c echo.Context, change func(p *planner.Plan, a planner.Actor, at time.Time) (planner.Event, error)) error {
	ctx := c.Request().Context()
	u := mobileapi.Caller(c)
	p, rev, pe, release, err := h.load(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	e, err := change(p, actor(u), h.Now())
	if err != nil {
		return planError(err)
	}
	next, err := h.save(ctx, pe, p, rev, e)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.view(c.Request().Context(), p, next, pe))
}

func (h *Handlers) submit(c echo.Context) error {
	return h.transition(c, func(p *planner.Plan, a planner.Actor, at time.Time) (planner.Event, error) {
		rules, err := h.Rules(planner.DateOf(at))
		if err != nil {
			return planner.Event{}, err
		}
		return p.Submit(a, at, rules)
	})
}

func (h *Handlers) review(c echo.Context) error {
	var req ReviewRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	return h.transition(c, func(p *planner.Plan, a planner.Actor, at time.Time) (planner.Event, error) {
		switch req.Decision {
		case planner.DecisionApprove:
			return p.Approve(a, at, req.Stage, req.Note)
		case planner.DecisionReturn:
			return p.Return(a, at, req.Stage, req.Note)
		}
		return planner.Event{}, mobileapi.Error(http.StatusUnprocessableEntity, "invalid", "decision", "decision: approve or return", nil)
	})
}

func (h *Handlers) comment(c echo.Context) error {
	var req CommentRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	return h.transition(c, func(p *planner.Plan, a planner.Actor, at time.Time) (planner.Event, error) {
		cm := planner.Comment{Text: req.Text, Proposal: req.Proposal}
		if req.Lon != nil && req.Lat != nil {
			cm.Pos = &orb.Point{*req.Lon, *req.Lat}
		}
		_, e, err := p.Comment(a, at, cm)
		return e, err
	})
}

func (h *Handlers) revise(c echo.Context) error {
	return h.transition(c, func(p *planner.Plan, a planner.Actor, at time.Time) (planner.Event, error) {
		return p.Revise(a, at)
	})
}

// versionParam reads an optional version number from the query; def when absent.
func versionParam(c echo.Context, name string, def int) (int, error) {
	s := c.QueryParam(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, mobileapi.Error(http.StatusUnprocessableEntity, "invalid", name, name+": "+strconv.Quote(s)+" is not a version number", err)
	}
	return n, nil
}

func (h *Handlers) diff(c echo.Context) error {
	p, _, _, release, err := h.load(c.Request().Context(), mobileapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	if len(p.Versions) == 0 {
		return mobileapi.Error(http.StatusUnprocessableEntity, "invalid", "to", "the plan has no submitted version yet", nil)
	}
	def := 0
	if a := p.LastApproved(); a != nil {
		def = a.Number
	}
	fromN, err := versionParam(c, "from", def)
	if err != nil {
		return err
	}
	toN, err := versionParam(c, "to", len(p.Versions))
	if err != nil {
		return err
	}
	to, err := p.Version(toN)
	if err != nil {
		return planError(err)
	}
	var from *planner.Version
	if fromN > 0 {
		if from, err = p.Version(fromN); err != nil {
			return planError(err)
		}
	}
	d := planner.Diff(from, to)
	cov, err := h.coverages(c.Request().Context(), from, to)
	if err != nil {
		return err
	}
	d.SetCoverage(cov[0], cov[1])
	return c.JSON(http.StatusOK, d)
}

func (h *Handlers) results(c echo.Context) error {
	ctx := c.Request().Context()
	_, _, pe, release, err := h.load(ctx, mobileapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	rules, err := h.Rules(planner.DateOf(h.Now()))
	if err != nil {
		return err
	}
	res, err := planner.Analyze(ctx, pe.ed.Layers(), rules, h.Taxonomy, h.Analysis)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res.Summary)
}

// camera looks a camera of the city up by id.
func (h *Handlers) camera(id string) (planner.Camera, bool) {
	for _, c := range h.layers.Load().Cameras {
		if c.ID == id {
			return c, true
		}
	}
	return planner.Camera{}, false
}

func (h *Handlers) apply(c echo.Context) error {
	var req ApplyRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := mobileapi.Caller(c)
	p, rev, pe, release, err := h.load(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	ch, e, err := p.Apply(actor(u), h.Now(), req.Version, h.camera)
	if err != nil {
		return planError(err)
	}
	next, err := h.Store.ApplyPlan(ctx, p, rev, ch, e)
	if err != nil {
		pe.ed = nil
		return planError(err)
	}
	pe.rev = next
	if h.OnApply != nil {
		h.OnApply()
	}
	return c.JSON(http.StatusOK, ApplyResult{Change: ch, Revision: next})
}

func (h *Handlers) export(c echo.Context) error {
	p, _, _, release, err := h.load(c.Request().Context(), mobileapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	def := 0
	if a := p.LastApproved(); a != nil {
		def = a.Number
	}
	n, err := versionParam(c, "version", def)
	if err != nil {
		return err
	}
	if n == 0 {
		return mobileapi.Error(http.StatusConflict, "illegal_transition", "version", "the plan has no approved version; name one", nil)
	}
	v, err := p.Version(n)
	if err != nil {
		return planError(err)
	}
	before, after, err := h.versionTotals(c.Request().Context(), v)
	if err != nil {
		return err
	}
	fc, err := p.Export(n, before, after, h.camera)
	if err != nil {
		return planError(err)
	}
	return c.JSON(http.StatusOK, fc)
}

// newEditor starts an editor from the city as it stands, under today's rules.
func (h *Handlers) newEditor(ctx context.Context) (*planner.Editor, error) {
	rules, err := h.Rules(planner.DateOf(h.Now()))
	if err != nil {
		return nil, err
	}
	return planner.NewEditor(ctx, h.layers.Load(), rules, h.Taxonomy, planner.EditorOptions{Analysis: h.Analysis})
}

// coverages are the site coverage of the city with each version applied in turn (a nil
// version: the city as it stands), from one editor.
func (h *Handlers) coverages(ctx context.Context, versions ...*planner.Version) ([]map[string]planner.Coverage, error) {
	ed, err := h.newEditor(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]planner.Coverage, 0, len(versions))
	for _, v := range versions {
		applied := 0
		if v != nil {
			for _, prop := range v.Proposals {
				if _, err := ed.Apply(prop); err != nil {
					return nil, planError(err)
				}
				applied++
			}
		}
		out = append(out, ed.SiteCoverage())
		for ; applied > 0; applied-- {
			if _, err := ed.Undo(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// versionTotals are the city's totals without a version and with it.
func (h *Handlers) versionTotals(ctx context.Context, v *planner.Version) (before, after planner.Totals, err error) {
	ed, err := h.newEditor(ctx)
	if err != nil {
		return before, after, err
	}
	before = ed.Totals()
	for _, prop := range v.Proposals {
		if _, err := ed.Apply(prop); err != nil {
			return before, after, planError(err)
		}
	}
	return before, ed.Totals(), nil
}
