// Package plans is the HTTP side of coverage plans under /api/v1/plans: drafting with the
// live effect of every edit, submission, staged review, comments, diffs, applying an
// approved version to the camera layer and export. A plan is drafted over the city as it
// found it; every answer measures it on the server's current city (coverage.City), so that
// a plan applied, or a city changed by an import, reads back as it should.
//
// It mounts its routes through internal/httpapi and imports the domain (planner, auth); it
// must not import a store or another route package.
package plans

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data/geojson"
	"cctvgis/internal/audit"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
)

// Deps are what the plan routes work on.
type Deps struct {
	Store plan.Store
	// City returns the server's current city; a request reads it once.
	City func() *coverage.City
	// Rulebook is the code of the jurisdiction plans are judged under.
	Rulebook string
	// Rules returns the effective rules on a day.
	Rules    func(rulebook.Date) (*rulebook.EffectiveRules, error)
	Taxonomy *rulebook.Taxonomy
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// UserName gives a user's name by id, for the people a plan names; nil leaves names out.
	UserName func(ctx context.Context, id string) (string, error)
}

// Handlers serve the plan routes. Each plan in use keeps an editor of the current city
// with its draft replayed, rebuilt from the stored plan when the plan or the city changed.
type Handlers struct {
	Deps

	mu      sync.Mutex
	editors map[string]*list.Element
	lru     *list.List
	limit   int

	summaries resultCache
}

// planEditor is one plan's editor, of one city, at one stored revision; mu serialises the
// plan's requests.
type planEditor struct {
	id   string
	mu   sync.Mutex
	ed   *coverage.Editor
	city *coverage.City
	rev  int64
	// outdated is why the draft does not replay on city, when it does not.
	outdated error
}

// New returns the plan handlers; at most keep editors stay in memory (default 8).
func New(d Deps, keep int) (*Handlers, error) {
	if d.Store == nil || d.City == nil || d.Rules == nil || d.Taxonomy == nil || d.Rulebook == "" {
		return nil, errors.New("plans: Store, City, Rulebook, Rules and Taxonomy are required")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if keep <= 0 {
		keep = 8
	}
	return &Handlers{Deps: d, editors: map[string]*list.Element{}, lru: list.New(), limit: keep,
		summaries: resultCache{limit: keep, m: map[resultKey]*list.Element{}, lru: list.New()}}, nil
}

var (
	drafters  = []auth.Role{auth.RolePlanner, auth.RoleAdmin}
	readers   = []auth.Role{auth.RolePlanner, auth.RoleReviewer, auth.RoleAdmin, auth.RoleSupervisor}
	reviewers = []auth.Role{auth.RoleReviewer}
)

// Register mounts the plan routes on api.
func (h *Handlers) Register(api *httpapi.API) error {
	base := httpapi.Base + "/plans"
	id := httpapi.PathParam("id", "string", "plan id")
	version := func(name, description string) httpapi.Param {
		return httpapi.QueryParam(name, "integer", description, false)
	}
	params := []httpapi.Param{id}
	return api.Mount(
		httpapi.Endpoint{Method: "GET", Path: base, Summary: "Plans the caller may see, newest first.", Roles: readers,
			Responses: map[int]any{200: PlanList{}}, Handle: h.list},
		httpapi.Endpoint{Method: "POST", Path: base, Summary: "Start a plan (planners).", Roles: drafters, Body: NewPlanRequest{},
			Responses: map[int]any{201: PlanView{}}, Errors: []int{400, 422}, Handle: h.create},
		httpapi.Endpoint{Method: "GET", Path: base + "/{id}", Summary: "A plan with its versions, reviews, comments and the totals of its draft on the city as it stands; a draft the city no longer fits says which proposal in outdated.",
			Roles: readers, Params: params, Responses: map[int]any{200: PlanView{}}, Errors: []int{404}, Handle: h.get},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/proposals", Summary: "Add a proposal to the draft; answers its live effect. A proposal in a prohibited private space or a government-only zone is refused citing the article.",
			Roles: drafters, Params: params, Body: ProposalBody{}, Responses: map[int]any{201: EditResult{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.propose},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/effect", Summary: "The live effect a proposal would have, nothing saved (for dragging on the map).",
			Roles: drafters, Params: params, Body: ProposalBody{}, Responses: map[int]any{200: views.Effect{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.preview},
		httpapi.Endpoint{Method: "DELETE", Path: base + "/{id}/proposals/{proposal}", Summary: "Withdraw the draft's last proposal.",
			Roles: drafters, Params: []httpapi.Param{id, httpapi.PathParam("proposal", "string", "proposal id")},
			Responses: map[int]any{200: EditResult{}}, Errors: []int{404, 409, 422}, Handle: h.withdraw},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/submit", Summary: "Freeze the draft as a version (hashed) and send it to its first review stage.",
			Roles: drafters, Params: params, Responses: map[int]any{200: PlanView{}}, Errors: []int{404, 409, 422}, Handle: h.submit},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/reviews", Summary: "A reviewer approves the current stage or returns the plan with a reason; authors may not review their own plans.",
			Roles: reviewers, Params: params, Body: ReviewRequest{}, Responses: map[int]any{200: PlanView{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.review},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/comments", Summary: "Comment on a place (lon, lat) or on a proposal.",
			Roles: readers, Params: params, Body: CommentRequest{}, Responses: map[int]any{200: PlanView{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.comment},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/revise", Summary: "Start a new draft from an approved plan.",
			Roles: drafters, Params: params, Responses: map[int]any{200: PlanView{}}, Errors: []int{404, 409}, Handle: h.revise},
		httpapi.Endpoint{Method: "GET", Path: base + "/{id}/diff", Summary: "Cameras added, removed, moved or re-aimed and sites newly covered or uncovered between two versions (from=0: the city without the plan, as the plan found it; default: the last approved version; to: the latest).",
			Roles: readers, Params: []httpapi.Param{id, version("from", "older version, 0 for the city without the plan"),
				version("to", "newer version (default the latest)")},
			Responses: map[int]any{200: views.VersionDiff{}}, Errors: []int{404, 409, 422}, Handle: h.diff},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/apply", Summary: "Write an approved version (default: the last approved) into the camera layer in one transaction, new cameras as planned; the version is marked applied.",
			Roles: drafters, Params: params, Body: ApplyRequest{}, BodyOptional: true, Responses: map[int]any{200: ApplyResult{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.apply},
		httpapi.Endpoint{Method: "GET", Path: base + "/{id}/results", Summary: "The whole-plan results: the full analysis of the city as it stands with the draft, summarised by category, district and investment.",
			Roles: readers, Params: params, Responses: map[int]any{200: views.Summary{}}, Errors: []int{404, 409}, Handle: h.results},
		httpapi.Endpoint{Method: "GET", Path: base + "/{id}/export", Summary: "A version as GeoJSON: its proposals, the totals of the city without the plan and with the version, its hash and approvals.",
			Roles: readers, Params: []httpapi.Param{id, version("version", "version (default the last approved)")},
			Responses: map[int]any{200: map[string]any{}}, Errors: []int{404, 409, 422}, Handle: h.export},
	)
}

// actor is the caller as the planner domain knows them.
func actor(u auth.User) plan.Actor {
	return plan.Actor{ID: u.ID, Role: u.Role}
}

// read returns the plan with the given id when the caller may see it, with its revision.
func (h *Handlers) read(ctx context.Context, u auth.User, id string) (*plan.Plan, int64, error) {
	p, rev, err := h.Store.Plan(ctx, id)
	if errors.Is(err, coverage.ErrNotFound) || err == nil && !httpapi.Sees(u, p.District) {
		return nil, 0, httpapi.NotFound("id")
	}
	return p, rev, err
}

// load reads a plan the caller may see, with its editor brought up to the stored revision
// on the current city. The editor's lock is held until release is called. A draft the
// city no longer fits leaves pe.ed nil and says why in pe.outdated.
func (h *Handlers) load(ctx context.Context, u auth.User, id string) (p *plan.Plan, rev int64, pe *planEditor, release func(), err error) {
	p, rev, err = h.read(ctx, u, id)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	city := h.City()
	pe = h.editor(id)
	pe.mu.Lock()
	if pe.rev != rev || pe.city != city || pe.ed == nil && pe.outdated == nil {
		ed := city.Editor()
		pe.ed, pe.outdated, pe.city, pe.rev = ed, p.Replay(ed, city.Lookup), city, rev
		if pe.outdated != nil {
			pe.ed = nil
			if !errors.Is(pe.outdated, plan.ErrOutdated) {
				err := pe.outdated
				pe.outdated, pe.rev = nil, 0
				pe.mu.Unlock()
				return nil, 0, nil, nil, fmt.Errorf("replaying plan %s: %w", id, err)
			}
		}
	}
	return p, rev, pe, pe.mu.Unlock, nil
}

// editing is load for the routes that need the draft's editor: a draft the city no
// longer fits is a 409 naming the proposal.
func (h *Handlers) editing(ctx context.Context, u auth.User, id string) (*plan.Plan, int64, *planEditor, func(), error) {
	p, rev, pe, release, err := h.load(ctx, u, id)
	if err == nil && pe.ed == nil {
		release()
		return nil, 0, nil, nil, pe.outdated
	}
	return p, rev, pe, release, err
}

// editor returns the editor slot of a plan, evicting the least recently used beyond the
// limit.
func (h *Handlers) editor(id string) *planEditor {
	h.mu.Lock()
	defer h.mu.Unlock()
	if el, ok := h.editors[id]; ok {
		h.lru.MoveToFront(el)
		return el.Value.(*planEditor)
	}
	pe := &planEditor{id: id}
	h.editors[id] = h.lru.PushFront(pe)
	for h.lru.Len() > h.limit {
		last := h.lru.Back()
		delete(h.editors, last.Value.(*planEditor).id)
		h.lru.Remove(last)
	}
	return pe
}

// save stores a changed plan over rev with its events and moves the editor to the new
// revision.
func (h *Handlers) save(ctx context.Context, pe *planEditor, p *plan.Plan, rev int64, events ...audit.Entry) (int64, error) {
	next, err := h.Store.SavePlan(ctx, p, rev, events)
	if err != nil {
		// The editor holds the refused change: rebuild it on next use.
		pe.ed, pe.outdated = nil, nil
		return 0, err
	}
	pe.rev = next
	return next, nil
}

// view is a plan as the API shows it.
func (h *Handlers) view(ctx context.Context, p *plan.Plan, rev int64, pe *planEditor) PlanView {
	totals, sites := coverage.Totals{RoadClasses: []coverage.RoadClassResult{}, Violations: map[string]int{}}, []coverage.SiteChange{}
	var outdated *httpapi.Problem
	switch {
	case pe != nil && pe.ed != nil:
		totals, sites = pe.ed.Totals(), pe.ed.ChangedSites()
	case pe != nil && pe.outdated != nil:
		totals = pe.city.Editor().Totals()
		if ps := problems(pe.outdated); len(ps) > 0 {
			outdated = &ps[0]
		}
	}
	return PlanView{Plan: views.NewPlan(*p), Revision: rev, Totals: views.NewTotals(totals),
		DraftSites: views.List(sites, views.NewSiteChange), People: h.people(ctx, p), Outdated: outdated}
}

// problems are the fields an error blames, as the API shows them.
func problems(err error) []httpapi.Problem {
	_, body := httpapi.Classify(err)
	if body.Problems != nil {
		return body.Problems
	}
	return []httpapi.Problem{{Code: body.Code, Field: body.Field, Message: body.Message}}
}

// people names the users a plan mentions: its author, submitters, reviewers and
// commenters. A user who cannot be found is left out.
func (h *Handlers) people(ctx context.Context, p *plan.Plan) map[string]string {
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
		if v.Applied != nil {
			ids = append(ids, v.Applied.By)
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

func (h *Handlers) list(c echo.Context) error {
	u := httpapi.Caller(c)
	out := PlanList{Plans: []PlanSummary{}}
	err := h.Store.Plans(c.Request().Context(), plan.Query{District: u.District}, func(p *plan.Plan) error {
		out.Plans = append(out.Plans, summary(p))
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func summary(p *plan.Plan) PlanSummary {
	return PlanSummary{ID: p.ID, Title: p.Title, Rulebook: p.Rulebook, District: p.District, Author: p.Author,
		CreatedAt: p.CreatedAt, State: p.State, Stage: p.Stage, Versions: len(p.Versions), DraftProposals: len(p.Draft)}
}

func (h *Handlers) create(c echo.Context) error {
	var req NewPlanRequest
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	u := httpapi.Caller(c)
	if u.District != "" && req.District != u.District {
		return httpapi.Invalid("district", "you may plan only for "+u.District)
	}
	p, e, err := plan.NewPlan(newID(), req.Title, h.Rulebook, req.District, actor(u), h.Now())
	if err != nil {
		return err
	}
	if err := h.Store.CreatePlan(c.Request().Context(), p, e); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, h.view(c.Request().Context(), p, 1, nil))
}

func (h *Handlers) get(c echo.Context) error {
	p, rev, pe, release, err := h.load(c.Request().Context(), httpapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	return c.JSON(http.StatusOK, h.view(c.Request().Context(), p, rev, pe))
}

func (h *Handlers) propose(c echo.Context) error {
	var body ProposalBody
	if err := httpapi.DecodeJSON(c, &body); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	p, rev, pe, release, err := h.editing(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	prop, effect, e, err := p.Propose(actor(u), h.Now(), body.Domain(), pe.ed)
	if err != nil {
		return err
	}
	next, err := h.save(ctx, pe, p, rev, e)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, EditResult{Proposal: views.NewProposal(prop), Effect: views.NewEffect(effect), Revision: next})
}

func (h *Handlers) preview(c echo.Context) error {
	var body ProposalBody
	if err := httpapi.DecodeJSON(c, &body); err != nil {
		return err
	}
	p, _, pe, release, err := h.editing(c.Request().Context(), httpapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	prop := body.Domain()
	if prop.Kind == coverage.ProposeAdd && prop.Camera.ID == "" {
		prop.Camera.ID = p.ID + "-preview"
	}
	prop.ID = "preview"
	effect, err := pe.ed.Apply(prop)
	if err != nil {
		return err
	}
	if _, err := pe.ed.Undo(); err != nil {
		pe.ed = nil
		return err
	}
	return c.JSON(http.StatusOK, views.NewEffect(effect))
}

func (h *Handlers) withdraw(c echo.Context) error {
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	p, rev, pe, release, err := h.load(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	// A draft the city no longer fits is mended by withdrawing the proposal at fault: no
	// editor holds it, so the withdrawal has no effect to show, and the rest of the draft
	// is replayed afresh once saved.
	var prop coverage.Proposal
	if n := len(p.Draft); n > 0 {
		prop = p.Draft[n-1]
	}
	effect, e, err := p.Withdraw(actor(u), h.Now(), c.Param("proposal"), pe.ed, pe.city.Lookup)
	if err != nil {
		return err
	}
	next, err := h.save(ctx, pe, p, rev, e)
	if err != nil {
		return err
	}
	if pe.ed == nil {
		pe.ed, pe.outdated = nil, nil
	}
	return c.JSON(http.StatusOK, EditResult{Proposal: views.NewProposal(prop), Effect: views.NewEffect(effect), Revision: next})
}

// transition runs one review-side change of a plan and saves it.
func (h *Handlers) transition(c echo.Context, change func(p *plan.Plan, a plan.Actor, at time.Time) (audit.Entry, error)) error {
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	p, rev, pe, release, err := h.load(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	e, err := change(p, actor(u), h.Now())
	if err != nil {
		return err
	}
	next, err := h.save(ctx, pe, p, rev, e)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.view(c.Request().Context(), p, next, pe))
}

func (h *Handlers) submit(c echo.Context) error {
	return h.transition(c, func(p *plan.Plan, a plan.Actor, at time.Time) (audit.Entry, error) {
		rules, err := h.Rules(rulebook.DateOf(at))
		if err != nil {
			return audit.Entry{}, err
		}
		return p.Submit(a, at, rules)
	})
}

func (h *Handlers) review(c echo.Context) error {
	var req ReviewRequest
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	return h.transition(c, func(p *plan.Plan, a plan.Actor, at time.Time) (audit.Entry, error) {
		switch req.Decision {
		case plan.DecisionApprove:
			return p.Approve(a, at, req.Stage, req.Note)
		case plan.DecisionReturn:
			return p.Return(a, at, req.Stage, req.Note)
		}
		return audit.Entry{}, httpapi.Invalid("decision", "approve or return")
	})
}

func (h *Handlers) comment(c echo.Context) error {
	var req CommentRequest
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	return h.transition(c, func(p *plan.Plan, a plan.Actor, at time.Time) (audit.Entry, error) {
		cm := plan.Comment{Text: req.Text, Proposal: req.Proposal}
		if req.Lon != nil && req.Lat != nil {
			cm.Pos = &orb.Point{*req.Lon, *req.Lat}
		}
		_, e, err := p.Comment(a, at, cm)
		return e, err
	})
}

func (h *Handlers) revise(c echo.Context) error {
	return h.transition(c, func(p *plan.Plan, a plan.Actor, at time.Time) (audit.Entry, error) {
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
		return 0, httpapi.Invalid(name, strconv.Quote(s)+" is not a version number")
	}
	return n, nil
}

// lastApproved is the number of the plan's last approved version, 0 for none.
func lastApproved(p *plan.Plan) int {
	if a := p.LastApproved(); a != nil {
		return a.Number
	}
	return 0
}

func (h *Handlers) diff(c echo.Context) error {
	p, _, err := h.read(c.Request().Context(), httpapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	if len(p.Versions) == 0 {
		return httpapi.Invalid("to", "the plan has no submitted version yet")
	}
	fromN, err := versionParam(c, "from", lastApproved(p))
	if err != nil {
		return err
	}
	toN, err := versionParam(c, "to", len(p.Versions))
	if err != nil {
		return err
	}
	to, err := p.Version(toN)
	if err != nil {
		return err
	}
	var from *plan.Version
	if fromN > 0 {
		if from, err = p.Version(fromN); err != nil {
			return err
		}
	}
	d := plan.Diff(from, to)
	city := h.City()
	before, err := p.VersionCoverage(city, fromN)
	if err != nil {
		return err
	}
	after, err := p.VersionCoverage(city, toN)
	if err != nil {
		return err
	}
	d.SetCoverage(before, after)
	return c.JSON(http.StatusOK, views.NewVersionDiff(d))
}

func (h *Handlers) apply(c echo.Context) error {
	var req ApplyRequest
	if err := httpapi.DecodeOptionalJSON(c, &req); err != nil {
		return err
	}
	if req.Version < 0 {
		return httpapi.Invalid("version", "a version number is 1 or more (0 or none: the last approved)")
	}
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	p, rev, pe, release, err := h.load(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	defer release()
	ch, e, err := p.Apply(actor(u), h.Now(), req.Version, pe.city.Lookup)
	if err != nil {
		return err
	}
	next, err := h.Store.ApplyPlan(ctx, p, rev, ch, e)
	if err != nil {
		pe.ed, pe.outdated = nil, nil
		return err
	}
	// The editor is of the city before the apply; it is rebuilt on the city the store's
	// new version brings.
	pe.rev = next
	return c.JSON(http.StatusOK, ApplyResult{Change: views.NewCameraChange(ch), Revision: next})
}

func (h *Handlers) export(c echo.Context) error {
	p, _, err := h.read(c.Request().Context(), httpapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	n, err := versionParam(c, "version", lastApproved(p))
	if err != nil {
		return err
	}
	if n == 0 {
		return httpapi.Error(http.StatusConflict, httpapi.CodeIllegalTransition, "version", "the plan has no approved version; name one", nil)
	}
	city := h.City()
	without, with, err := p.VersionTotals(city, n)
	if err != nil {
		return err
	}
	fc, err := geojson.PlanExport(p, n, without, with, city.Lookup)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, fc)
}
