package coverage

import (
	"cmp"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/planner/rulebook"
)

// Effect is what one edit of a plan changes, against the state just before it: the sites
// whose coverage changed, the road classes whose share changed, the duplicate-build grid
// cells gained and lost, the violations added and removed, and the totals before and
// after. Ids are the layers' ids; positions are WGS84.
type Effect struct {
	// Proposal is the id of the proposal applied or taken back.
	Proposal string
	Before   Totals
	After    Totals
	// Sites are the sites whose coverage changed, by id.
	Sites []SiteChange
	// BecameCovered are the ids of the sites that became fully covered.
	BecameCovered []string
	// StillUncovered are the ids of the sites within reach of the changed cameras that
	// were not fully covered and still are not, their coverage unchanged.
	StillUncovered []string
	// Roads are the road classes whose covered length or covered intersections changed.
	Roads []RoadClassChange
	// HotCellsAdded and HotCellsRemoved are the duplicate-build grid cells gained and lost.
	HotCellsAdded   []HotCell
	HotCellsRemoved []HotCell
	// ViolationsAdded and ViolationsRemoved are the violations that appeared and went;
	// a not_built violation whose coverage changed is in both.
	ViolationsAdded   []PlanViolation
	ViolationsRemoved []PlanViolation
	// Duplicate is set when the proposed footprint lies mostly in existing footprints
	// (重复建设); null otherwise.
	Duplicate *Duplicate
}

// NoEffect is the effect of an edit that changes nothing on the map: its lists empty,
// its totals zero.
func NoEffect(proposal string) Effect {
	return Effect{Proposal: proposal, Sites: []SiteChange{}, BecameCovered: []string{}, StillUncovered: []string{},
		Roads: []RoadClassChange{}, HotCellsAdded: []HotCell{}, HotCellsRemoved: []HotCell{},
		ViolationsAdded: []PlanViolation{}, ViolationsRemoved: []PlanViolation{},
		Before: Totals{RoadClasses: []RoadClassResult{}, Violations: map[string]int{}},
		After:  Totals{RoadClasses: []RoadClassResult{}, Violations: map[string]int{}}}
}

// Totals are the plan-wide figures an edit moves.
type Totals struct {
	Sites          StatusCounts
	MandatorySites StatusCounts
	// RoadClasses are in the order of the analysis: mandatory classes first, then by name.
	RoadClasses []RoadClassResult
	HotCells    int
	HotAreaM2   float64
	// Violations counts the violations by rule.
	Violations map[string]int
	Cameras    int
	// ToVerify counts the cameras whose direction or investment is unknown.
	ToVerify VerifyCounts
}

// SiteChange is a site whose coverage an edit changed.
type SiteChange struct {
	ID        string
	Mandatory bool
	Before    Coverage
	After     Coverage
}

// RoadClassChange is the coverage of a road class before and after an edit.
type RoadClassChange struct {
	Class                      string
	Mandatory                  bool
	ShareBefore                float64
	ShareAfter                 float64
	CoveredMBefore             float64
	CoveredMAfter              float64
	IntersectionsCoveredBefore int
	IntersectionsCoveredAfter  int
}

// HotCell is a duplicate-build grid cell: its number in the analysis' grid and its centre.
type HotCell struct {
	Cell   geo.Cell
	Centre orb.Point
}

// Duplicate flags a proposal as duplicate construction (重复建设): Share of its footprint
// lies in existing footprints, at or above Threshold. Provision is the rulebook's duty to
// avoid duplicate construction, null when the rules state none.
type Duplicate struct {
	Share     float64
	Threshold float64
	Provision *rulebook.ProvisionEntry
}

// PlanViolation is a Violation named by ids rather than indexes, so that it stays the same
// across edits that renumber the layers.
type PlanViolation struct {
	Rule string
	// CameraID is "" for a not_built violation; SiteID "" for the others.
	CameraID string
	SiteID   string
	Space    string
	Zone     string
	ZoneID   string
	Coverage Coverage
	rulebook.Cited
	Pos orb.Point
}

// violationKey identifies a violation across edits.
type violationKey struct{ rule, camera, site string }

func (v *PlanViolation) key() violationKey { return violationKey{v.Rule, v.CameraID, v.SiteID} }

func (k violationKey) compare(o violationKey) int {
	if c := cmp.Compare(k.rule, o.rule); c != 0 {
		return c
	}
	if c := cmp.Compare(k.camera, o.camera); c != 0 {
		return c
	}
	return cmp.Compare(k.site, o.site)
}

// same reports whether two violations say the same, their citations compared by text.
func (v *PlanViolation) same(o PlanViolation) bool {
	return v.key() == o.key() && v.Space == o.Space && v.Zone == o.Zone && v.ZoneID == o.ZoneID &&
		v.Coverage == o.Coverage && v.Citation == o.Citation && v.Source == o.Source && v.Pos == o.Pos
}

// IdentifyViolations names the violations of an analysis of l by the ids of their
// cameras and sites, sorted by rule, camera and site.
func IdentifyViolations(l *Layers, vs []Violation) []PlanViolation {
	out := make([]PlanViolation, 0, len(vs))
	for _, v := range vs {
		pv := PlanViolation{Rule: v.Rule, Space: v.Space, Zone: v.Zone, ZoneID: v.ZoneID, Coverage: v.Coverage, Cited: v.Cited, Pos: v.Pos}
		if v.Camera >= 0 {
			pv.CameraID = l.Cameras[v.Camera].ID
		}
		if v.Site >= 0 {
			pv.SiteID = l.Sites[v.Site].ID
		}
		out = append(out, pv)
	}
	sortViolations(out)
	return out
}

// move counts a site as now instead of was.
func (c *StatusCounts) move(was, now Coverage) {
	for _, d := range []struct {
		s Coverage
		n int
	}{{was, -1}, {now, 1}} {
		switch d.s {
		case Covered:
			c.Covered += d.n
		case Partial:
			c.Partial += d.n
		case Uncovered:
			c.Uncovered += d.n
		}
	}
}
