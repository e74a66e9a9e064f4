package plan

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/internal/audit"
	"cctvgis/internal/fault"
	"cctvgis/planner/coverage"
)

// StatusPlanned is the status of a camera an approved plan adds: planned, not yet built.
const StatusPlanned = "planned"

// netChange is what a version does to one camera, all its proposals folded together.
type netChange struct {
	added, removed bool
	cam            coverage.Camera // the final values of an added camera
	to             *orb.Point
	aim            *coverage.Aim
}

// netChanges folds a version's proposals per camera id.
func netChanges(props []coverage.Proposal) map[string]*netChange {
	m := map[string]*netChange{}
	for _, p := range props {
		id := p.Target()
		n := m[id]
		if n == nil {
			n = &netChange{}
			m[id] = n
		}
		switch p.Kind {
		case coverage.ProposeAdd:
			n.added, n.cam = true, p.Camera
		case coverage.ProposeMove:
			if n.added {
				n.cam.Pos = p.To
			} else {
				to := p.To
				n.to = &to
			}
		case coverage.ProposeReaim:
			if n.added {
				n.cam.Reaim(p.Aim)
			} else {
				aim := p.Aim
				n.aim = &aim
			}
		case coverage.ProposeRemove:
			if n.added {
				delete(m, id)
				continue
			}
			n.removed, n.to, n.aim = true, nil, nil
		}
	}
	return m
}

// VersionDiff is what changes from one version's camera layer to another's, and the sites
// whose coverage changes (filled by SetCoverage, which needs the analyses).
type VersionDiff struct {
	// From is the older version's number, 0 for the current state without the plan.
	From int
	To   int
	// Added are cameras To builds that From does not (or removed); Removed the reverse.
	Added   []string
	Removed []string
	// Moved and Reaimed are cameras both keep but place or aim differently.
	Moved          []string
	Reaimed        []string
	SitesCovered   []string
	SitesUncovered []string
}

// Diff compares two versions' camera layers; from may be nil for the current state
// without the plan. Ids are sorted.
func Diff(from, to *Version) VersionDiff {
	d := VersionDiff{To: to.Number, Added: []string{}, Removed: []string{}, Moved: []string{}, Reaimed: []string{},
		SitesCovered: []string{}, SitesUncovered: []string{}}
	var a map[string]*netChange
	if from != nil {
		d.From, a = from.Number, netChanges(from.Proposals)
	} else {
		a = map[string]*netChange{}
	}
	b := netChanges(to.Proposals)
	ids := map[string]bool{}
	for id := range a {
		ids[id] = true
	}
	for id := range b {
		ids[id] = true
	}
	none := &netChange{}
	for id := range ids {
		na, nb := a[id], b[id]
		if na == nil {
			na = none
		}
		if nb == nil {
			nb = none
		}
		// A camera either version adds did not exist before the plans; it stands in the
		// versions that add it. An existing camera stands where it is not removed.
		inA, inB := na.added, nb.added
		if !na.added && !nb.added {
			inA, inB = !na.removed, !nb.removed
		}
		switch {
		case inB && !inA:
			d.Added = append(d.Added, id)
		case inA && !inB:
			d.Removed = append(d.Removed, id)
		case !inA:
		case na.added:
			if na.cam.Pos != nb.cam.Pos {
				d.Moved = append(d.Moved, id)
			}
			if na.cam.Azimuth != nb.cam.Azimuth || na.cam.HFOV != nb.cam.HFOV || na.cam.Range != nb.cam.Range {
				d.Reaimed = append(d.Reaimed, id)
			}
		default:
			if !samePtr(na.to, nb.to) {
				d.Moved = append(d.Moved, id)
			}
			if !samePtr(na.aim, nb.aim) {
				d.Reaimed = append(d.Reaimed, id)
			}
		}
	}
	for _, s := range [][]string{d.Added, d.Removed, d.Moved, d.Reaimed} {
		slices.Sort(s)
	}
	return d
}

func samePtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// SetCoverage fills the sites newly covered and newly uncovered (no longer fully covered)
// from the site coverage of the two versions' analyses (Editor.SiteCoverage).
func (d *VersionDiff) SetCoverage(from, to map[string]coverage.Coverage) {
	d.SitesCovered, d.SitesUncovered = []string{}, []string{}
	for id, now := range to {
		was := from[id]
		switch {
		case now == coverage.Covered && was != coverage.Covered:
			d.SitesCovered = append(d.SitesCovered, id)
		case was == coverage.Covered && now != coverage.Covered:
			d.SitesUncovered = append(d.SitesUncovered, id)
		}
	}
	slices.Sort(d.SitesCovered)
	slices.Sort(d.SitesUncovered)
}

// Lookup gives the values of the camera with an id in one state of the city, false when
// it has none: City.Lookup for the city as it stands.
type Lookup func(id string) (coverage.Camera, bool)

// ErrOutdated is matched by the errors of a plan that no longer fits the city: a proposal
// changes a camera that was taken down meanwhile, builds one under an id now taken, or
// puts one where the rules now refuse it. The plan is not lost; its author must change
// the proposal the error names.
var ErrOutdated = fault.New(fault.Stale, "planner: the city changed under the plan")

// outdated is the error of proposal prop, which no longer fits the city.
func outdated(prop *coverage.Proposal, field, reason string) error {
	return &coverage.ProposalError{Proposal: prop.ID, Field: field, Reason: reason + "; the city changed since it was proposed", Err: ErrOutdated}
}

// original returns the cameras of the city as the plan found it, before its first
// applied version: for the cameras an applied version touched, what they were before the
// first of them (absent for those it built); for the others, what city says.
func (p *Plan) original(city Lookup) Lookup {
	first := p.touched()
	return func(id string) (coverage.Camera, bool) {
		if c, ok := first[id]; ok {
			if c == nil {
				return coverage.Camera{}, false
			}
			return *c, true
		}
		return city(id)
	}
}

// touched maps each camera an applied version built, changed or took down to what it was
// before the first of them: nil for a camera built.
func (p *Plan) touched() map[string]*coverage.Camera {
	first := map[string]*coverage.Camera{}
	for i := range p.Versions {
		a := p.Versions[i].Applied
		if a == nil {
			continue
		}
		for _, id := range a.Added {
			if _, seen := first[id]; !seen {
				first[id] = nil
			}
		}
		for _, c := range a.Prior {
			if _, seen := first[c.ID]; !seen {
				first[c.ID] = &c
			}
		}
	}
	return first
}

// targets are the cameras some proposals change, in the state they leave them.
type targets struct {
	state map[string]*coverage.Camera
	// from is the proposal that last set each camera.
	from map[string]*coverage.Proposal
	orig Lookup
}

// stateOf is the state proposals leave camera id in: what the last proposal made of it,
// else what the city as the plan found it has (nil for none).
func (t *targets) stateOf(id string) *coverage.Camera {
	if c, ok := t.state[id]; ok {
		return c
	}
	if c, ok := t.orig(id); ok {
		return &c
	}
	return nil
}

// copyOf is stateOf as a value the caller may keep.
func (t *targets) copyOf(id string) *coverage.Camera {
	if c := t.stateOf(id); c != nil {
		cp := *c
		return &cp
	}
	return nil
}

// targets plays proposals over orig, camera by camera, and returns the state they leave
// each camera in, or the error of the first proposal that does not fit: a change of a
// camera that no longer exists, a build under an id taken.
func (p *Plan) targets(props []coverage.Proposal, orig Lookup) (*targets, error) {
	t := &targets{state: map[string]*coverage.Camera{}, from: map[string]*coverage.Proposal{}, orig: orig}
	for i := range props {
		prop := &props[i]
		id := prop.Target()
		cur := t.stateOf(id)
		switch {
		case prop.Kind == coverage.ProposeAdd && cur != nil:
			return nil, outdated(prop, "camera.id", fmt.Sprintf("camera %q exists now", id))
		case prop.Kind != coverage.ProposeAdd && cur == nil:
			return nil, outdated(prop, "camera_id", fmt.Sprintf("camera %q no longer exists", id))
		}
		next := prop.Next(cur)
		t.state[id], t.from[id] = next, prop
	}
	return t, nil
}

// replay brings ed, an editor of the city as it stands (city), to the state props give
// the city as the plan found it. A proposal on a camera no applied version touched is
// applied as it is, with the rules' checks; a camera an applied version touched is set to
// its state directly, which the city already holds when that version is the one replayed.
func (p *Plan) replay(ed *coverage.Editor, props []coverage.Proposal, city Lookup) error {
	first := p.touched()
	t, err := p.targets(props, p.original(city))
	if err != nil {
		return err
	}
	for i := range props {
		prop := &props[i]
		if _, ok := first[prop.Target()]; ok {
			continue
		}
		if _, err := ed.Apply(*prop); err != nil {
			var pe *coverage.ProposalError
			if errors.As(err, &pe) {
				return outdated(prop, pe.Field, pe.Reason)
			}
			return err
		}
	}
	ids := make([]string, 0, len(first))
	for id := range first {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		want := t.stateOf(id)
		have, ok := ed.Camera(id)
		if ok == (want != nil) && (!ok || have == *want) {
			continue
		}
		label := "city"
		if prop := t.from[id]; prop != nil {
			label = prop.ID
		}
		ed.Set(label, id, t.copyOf(id))
	}
	return nil
}

// CameraChange is the change an approved version makes to the camera layer, for the store
// to write in one transaction: cameras to insert or update (the new ones with status
// planned), and ids to delete.
type CameraChange struct {
	Plan    string
	Version int
	Hash    string
	Upsert  []coverage.Camera
	Delete  []string
}

// lastApplied is the number of the last version applied, 0 for none.
func (p *Plan) lastApplied() int {
	for i := len(p.Versions) - 1; i >= 0; i-- {
		if p.Versions[i].Applied != nil {
			return p.Versions[i].Number
		}
	}
	return 0
}

// Apply writes approved version n (0: the last approved) into the plan as applied and
// returns the change that brings the camera layer, as city gives it now, to what the
// version describes. The version's proposals are over the city as the plan found it, so a
// version applied after another of the plan changes only what differs from it. A version
// already applied, or older than one applied, is refused; so is one that no longer fits
// the city (ErrOutdated), naming the proposal.
func (p *Plan) Apply(a Actor, at time.Time, n int, city Lookup) (CameraChange, audit.Entry, error) {
	if n == 0 {
		v := p.LastApproved()
		if v == nil {
			return CameraChange{}, audit.Entry{}, p.fail(ErrWrongState, "version", "the plan has no approved version")
		}
		n = v.Number
	}
	v, err := p.Version(n)
	if err != nil {
		return CameraChange{}, audit.Entry{}, err
	}
	last := p.lastApplied()
	switch {
	case a.Role != auth.RolePlanner && a.Role != auth.RoleAdmin:
		return CameraChange{}, audit.Entry{}, p.fail(ErrForbidden, "role", "a %s may not apply plans", a.Role)
	case v.Outcome != OutcomeApproved:
		return CameraChange{}, audit.Entry{}, p.fail(ErrWrongState, "version", "v%d is %s, not approved", n, v.Outcome)
	case v.Applied != nil:
		return CameraChange{}, audit.Entry{}, p.fail(ErrWrongState, "version", "v%d was applied on %s", n, v.Applied.At.Format(time.DateOnly))
	case n < last:
		return CameraChange{}, audit.Entry{}, p.fail(ErrWrongState, "version", "v%d is older than v%d, which is applied", n, last)
	case !p.VerifyVersion(v):
		return CameraChange{}, audit.Entry{}, p.fail(ErrWrongState, "hash", "v%d does not match its hash %s", n, v.Hash)
	}
	t, err := p.targets(v.Proposals, p.original(city))
	if err != nil {
		return CameraChange{}, audit.Entry{}, err
	}
	ids := map[string]bool{}
	for id := range t.state {
		ids[id] = true
	}
	for id := range p.touched() {
		ids[id] = true
	}
	ch := CameraChange{Plan: p.ID, Version: n, Hash: v.Hash, Upsert: []coverage.Camera{}, Delete: []string{}}
	app := &Application{At: at, By: a.ID, Added: []string{}, Prior: []coverage.Camera{}}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		want := t.copyOf(id)
		have, ok := city(id)
		switch {
		case want == nil && !ok, want != nil && ok && have == *want:
			continue
		case want == nil:
			ch.Delete = append(ch.Delete, id)
		default:
			if !ok && t.from[id] != nil && t.from[id].Kind == coverage.ProposeAdd {
				want.Status = StatusPlanned
			}
			ch.Upsert = append(ch.Upsert, *want)
		}
		if ok {
			app.Prior = append(app.Prior, have)
		} else {
			app.Added = append(app.Added, id)
		}
	}
	v.Applied = app
	detail := fmt.Sprintf("v%d applied: %d upserted, %d deleted", n, len(ch.Upsert), len(ch.Delete))
	return ch, p.event(a, at, ActionPlanApply, detail, v.Hash), nil
}

// VersionTotals are the city's totals without the plan (as the plan found it, before any
// of its versions was applied) and with version n, both measured on c as it stands: the
// one computation of a version's effect, for the API and the command line alike.
func (p *Plan) VersionTotals(c *coverage.City, n int) (without, with coverage.Totals, err error) {
	v, err := p.Version(n)
	if err != nil {
		return without, with, err
	}
	ed := c.Editor()
	if err := p.replay(ed, nil, c.Lookup); err != nil {
		return without, with, err
	}
	without = ed.Totals()
	ed = c.Editor()
	if err := p.replay(ed, v.Proposals, c.Lookup); err != nil {
		return without, with, err
	}
	return without, ed.Totals(), nil
}

// VersionCoverage is the coverage of every site, by id, with version n of the plan (0:
// without the plan), measured on c as it stands.
func (p *Plan) VersionCoverage(c *coverage.City, n int) (map[string]coverage.Coverage, error) {
	var props []coverage.Proposal
	if n > 0 {
		v, err := p.Version(n)
		if err != nil {
			return nil, err
		}
		props = v.Proposals
	}
	ed := c.Editor()
	if err := p.replay(ed, props, c.Lookup); err != nil {
		return nil, err
	}
	return ed.SiteCoverage(), nil
}

// Approved returns version n when it is approved, as an export needs.
func (p *Plan) Approved(n int) (*Version, error) {
	v, err := p.Version(n)
	if err != nil {
		return nil, err
	}
	if v.Outcome != OutcomeApproved {
		return nil, p.fail(ErrWrongState, "version", "v%d is %s, not approved", n, v.Outcome)
	}
	return v, nil
}
