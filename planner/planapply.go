package planner

import (
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// StatusPlanned is the status of a camera an approved plan adds: planned, not yet built.
const StatusPlanned = "planned"

// netChange is what a version does to one camera, all its proposals folded together.
type netChange struct {
	added, removed bool
	cam            Camera // the final values of an added camera
	to             *orb.Point
	aim            *Aim
}

// netChanges folds a version's proposals per camera id.
func netChanges(props []Proposal) map[string]*netChange {
	m := map[string]*netChange{}
	for _, p := range props {
		id := p.Target()
		n := m[id]
		if n == nil {
			n = &netChange{}
			m[id] = n
		}
		switch p.Kind {
		case ProposeAdd:
			n.added, n.cam = true, p.Camera
		case ProposeMove:
			if n.added {
				n.cam.Pos = p.To
			} else {
				to := p.To
				n.to = &to
			}
		case ProposeReaim:
			if n.added {
				n.cam.Reaim(p.Aim)
			} else {
				aim := p.Aim
				n.aim = &aim
			}
		case ProposeRemove:
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
	From int `json:"from"`
	To   int `json:"to"`
	// Added are cameras To builds that From does not (or removed); Removed the reverse.
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	// Moved and Reaimed are cameras both keep but place or aim differently.
	Moved          []string `json:"moved"`
	Reaimed        []string `json:"reaimed"`
	SitesCovered   []string `json:"sites_covered"`
	SitesUncovered []string `json:"sites_uncovered"`
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
func (d *VersionDiff) SetCoverage(from, to map[string]Coverage) {
	d.SitesCovered, d.SitesUncovered = []string{}, []string{}
	for id, now := range to {
		was := from[id]
		switch {
		case now == Covered && was != Covered:
			d.SitesCovered = append(d.SitesCovered, id)
		case was == Covered && now != Covered:
			d.SitesUncovered = append(d.SitesUncovered, id)
		}
	}
	slices.Sort(d.SitesCovered)
	slices.Sort(d.SitesUncovered)
}

// CameraChange is the change an approved version makes to the camera layer, for the store
// to write in one transaction: cameras to insert or update (the added ones with status
// planned), and ids to delete.
type CameraChange struct {
	Plan    string   `json:"plan"`
	Version int      `json:"version"`
	Hash    string   `json:"hash"`
	Upsert  []Camera `json:"upsert"`
	Delete  []string `json:"delete"`
}

// Apply returns the camera-layer change of approved version n. lookup gives the current
// values of an existing camera; a camera that no longer exists fails the whole change.
func (p *Plan) Apply(a Actor, at time.Time, n int, lookup func(id string) (Camera, bool)) (CameraChange, Event, error) {
	v, err := p.Version(n)
	if err != nil {
		return CameraChange{}, Event{}, err
	}
	switch {
	case a.Role != RolePlanner && a.Role != RoleAdmin:
		return CameraChange{}, Event{}, p.fail(ErrForbidden, "role", "a %s may not apply plans", a.Role)
	case v.Outcome != OutcomeApproved:
		return CameraChange{}, Event{}, p.fail(ErrWrongState, "version", "v%d is %s, not approved", n, v.Outcome)
	case !p.VerifyVersion(v):
		return CameraChange{}, Event{}, p.fail(ErrWrongState, "hash", "v%d does not match its hash %s", n, v.Hash)
	}
	ch := CameraChange{Plan: p.ID, Version: n, Hash: v.Hash, Upsert: []Camera{}, Delete: []string{}}
	changes := netChanges(v.Proposals)
	ids := make([]string, 0, len(changes))
	for id := range changes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := changes[id]
		switch {
		case c.added:
			cam := c.cam
			cam.Status = StatusPlanned
			ch.Upsert = append(ch.Upsert, cam)
			continue
		case c.removed:
			ch.Delete = append(ch.Delete, id)
			continue
		}
		cam, ok := lookup(id)
		if !ok {
			return CameraChange{}, Event{}, p.fail(ErrNotFound, "camera", "camera %q of v%d no longer exists", id, n)
		}
		if c.to != nil {
			cam.Pos = *c.to
		}
		if c.aim != nil {
			cam.Reaim(*c.aim)
		}
		ch.Upsert = append(ch.Upsert, cam)
	}
	detail := fmt.Sprintf("v%d applied: %d upserted, %d deleted", n, len(ch.Upsert), len(ch.Delete))
	return ch, p.event(a, at, ActionPlanApply, detail, v.Hash), nil
}

// Export returns approved version n as a GeoJSON feature collection: a feature per
// proposal (a point at the camera's new or current position; lookup gives the current
// position of existing cameras and may be nil), and as foreign members the plan, the
// version's hash, its reviews, and the effect summary (the totals without and with the
// plan).
func (p *Plan) Export(n int, before, after Totals, lookup func(id string) (Camera, bool)) (*geojson.FeatureCollection, error) {
	v, err := p.Version(n)
	if err != nil {
		return nil, err
	}
	if v.Outcome != OutcomeApproved {
		return nil, p.fail(ErrWrongState, "version", "v%d is %s, not approved", n, v.Outcome)
	}
	fc := geojson.NewFeatureCollection()
	for _, prop := range v.Proposals {
		var pos orb.Point
		switch prop.Kind {
		case ProposeAdd:
			pos = prop.Camera.Pos
		case ProposeMove:
			pos = prop.To
		default:
			if lookup != nil {
				if c, ok := lookup(prop.CameraID); ok {
					pos = c.Pos
				}
			}
		}
		f := geojson.NewFeature(pos)
		if pos == (orb.Point{}) {
			f.Geometry = nil
		}
		f.ID = prop.ID
		f.Properties = geojson.Properties{"proposal": prop.ID, "kind": string(prop.Kind), "camera_id": prop.Target(), "note": prop.Note}
		switch prop.Kind {
		case ProposeAdd:
			c := prop.Camera
			f.Properties["azimuth"], f.Properties["hfov"], f.Properties["range"] = c.Azimuth, c.HFOV, c.Range
			f.Properties["owner"], f.Properties["investment"], f.Properties["height"] = c.Owner, string(c.Investment), c.Height
			f.Properties["status"] = StatusPlanned
		case ProposeReaim:
			f.Properties["azimuth"], f.Properties["hfov"], f.Properties["range"] = prop.Aim.Azimuth, prop.Aim.HFOV, prop.Aim.Range
		}
		fc.Append(f)
	}
	fc.ExtraMembers = geojson.Properties{
		"plan": map[string]any{"id": p.ID, "title": v.Title, "rulebook": p.Rulebook, "district": p.District,
			"author": p.Author, "created_at": p.CreatedAt},
		"version":      v.Number,
		"hash":         v.Hash,
		"submitted_by": v.SubmittedBy,
		"submitted_at": v.SubmittedAt,
		"stages":       v.Stages,
		"approvals":    v.Reviews,
		"effect":       map[string]Totals{"before": before, "after": after},
	}
	return fc, nil
}
