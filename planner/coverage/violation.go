package coverage

import (
	"cctvgis/geo"
	"cctvgis/planner/rulebook"
	"context"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// The rules a violation can break; they are violation ids of the taxonomy.
const (
	// RulePrivateSpace: a camera inside a prohibited private space.
	RulePrivateSpace = "private_space_install"
	// RuleGovernmentZone: a non-government camera inside a government-only zone.
	RuleGovernmentZone = "unauthorized_builder"
	// RuleNotBuilt: a mandatory site left uncovered or partly covered.
	RuleNotBuilt = "not_built"
)

// Violation is one breach of the effective rules that the analysis found, with the
// provision it breaks.
type Violation struct {
	Rule string
	// Camera is an index into Layers.Cameras, or -1.
	Camera int32
	// Site is an index into Layers.Sites, or -1.
	Site int
	// Space is the private space kind, for RulePrivateSpace.
	Space string
	// Zone is the government-only category, and ZoneID the site or road id, for
	// RuleGovernmentZone.
	Zone   string
	ZoneID string
	// Coverage is the site's coverage, for RuleNotBuilt.
	Coverage Coverage
	rulebook.Cited
	// Penalties are the citations of the penalty provisions for this rule.
	Penalties []string
	// Pos is where it is, WGS84.
	Pos orb.Point
}

// The reasons a camera is to verify (Verification.Reason).
const (
	// VerifyDirection: a camera of unknown direction, counted as seeing only a small disc.
	VerifyDirection = "unknown_direction"
	// VerifyInvestmentInZone: a camera of unknown investment inside a government-only
	// zone, which is unauthorized_builder unless the government paid for it.
	VerifyInvestmentInZone = "unknown_investment_in_zone"
)

// Verification is a camera whose registry entry leaves open what the rules need to judge
// it, so that it is reported "to verify" instead: an inspector looks at it, then the
// registry is corrected.
type Verification struct {
	// Camera is an index into Layers.Cameras.
	Camera int32
	// Reason is VerifyDirection or VerifyInvestmentInZone.
	Reason string
	// Zone is the government-only category, and ZoneID the site or road id, for
	// VerifyInvestmentInZone.
	Zone   string
	ZoneID string
	// Pos is the camera's position, WGS84.
	Pos orb.Point
}

// VerifyCounts counts the cameras to verify. A camera of unknown investment is counted in
// UnknownInvestment, and also in UnknownInvestmentInZone when it stands in a
// government-only zone.
type VerifyCounts struct {
	UnknownDirection        int
	UnknownInvestment       int
	UnknownInvestmentInZone int
}

// add counts camera c, standing in a government-only zone or not, d times (1 or -1).
func (v *VerifyCounts) add(c *Camera, inZone bool, d int) {
	if c.Direction == DirectionUnknown {
		v.UnknownDirection += d
	}
	if c.Investment == InvestmentUnknown {
		v.UnknownInvestment += d
		if inZone {
			v.UnknownInvestmentInZone += d
		}
	}
}

// findViolations returns the violations, in camera order then the sites', and the
// cameras to verify, in camera order.
func findViolations(ctx context.Context, fp *footprints, l *Layers, sites []SiteResult, rules *rulebook.EffectiveRules, opt Options) ([]Violation, []Verification, error) {
	spaces := newSpaceIndex(fp, l.PrivateSpaces, rules)
	zones := newZoneIndex(fp, l, rules, opt)
	parts := make([][]Violation, opt.Workers)
	checks := make([][]Verification, opt.Workers)
	// Cameras are visited in their own order, in one contiguous range per worker, so that
	// the violations come out in camera order; the zone and space trees are small enough
	// to stay in cache whatever the order, and the cameras, large records, are read in
	// turn rather than scattered (in the index's Hilbert order, reading them cost 45 ms of
	// cache misses on a 250,000-camera city).
	err := parallel(ctx, len(l.Cameras), opt.Workers, func(w, lo, hi int) {
		var out []Violation
		var verify []Verification
		for i := lo; i < hi; i++ {
			if i%8192 == 0 && ctx.Err() != nil {
				return
			}
			c := &l.Cameras[i]
			p := fp.apex[i]
			if k, ok := spaces.find(p); ok {
				out = append(out, Violation{Rule: RulePrivateSpace, Camera: int32(i), Site: -1,
					Space: l.PrivateSpaces[k].Space, Cited: spaces.cite[l.PrivateSpaces[k].Space], Pos: c.Pos})
			}
			if c.Direction == DirectionUnknown {
				verify = append(verify, Verification{Camera: int32(i), Reason: VerifyDirection, Pos: c.Pos})
			}
			if c.Investment == Government {
				continue
			}
			if z, ok := zones.find(p, c.Underground()); ok {
				if c.Investment == InvestmentUnknown {
					verify = append(verify, Verification{Camera: int32(i), Reason: VerifyInvestmentInZone,
						Zone: z.category, ZoneID: z.id, Pos: c.Pos})
					continue
				}
				out = append(out, Violation{Rule: RuleGovernmentZone, Camera: int32(i), Site: -1,
					Zone: z.category, ZoneID: z.id, Cited: zones.cite[z.category], Pos: c.Pos})
			}
		}
		parts[w], checks[w] = out, verify
	})
	if err != nil {
		return nil, nil, err
	}
	notBuilt := 0
	for _, s := range sites {
		if s.Mandatory && s.Coverage != Covered {
			notBuilt++
		}
	}
	// Room for the sites' violations at once: a violation is a large record, and growing
	// the list by doubling copied it over and over (0.45 s on a province).
	out := slices.Grow(slices.Concat(parts...), notBuilt)
	verify := slices.Concat(checks...)
	for _, s := range sites {
		if !s.Mandatory || s.Coverage == Covered {
			continue
		}
		out = append(out, Violation{Rule: RuleNotBuilt, Camera: -1, Site: s.Site, Coverage: s.Coverage,
			Cited: *s.Citation, Pos: s.KeyPoints[0].Pos})
	}
	penalties := map[string][]string{}
	for _, p := range rules.Penalties {
		if !slices.Contains(penalties[p.Violation], p.Citation) {
			penalties[p.Violation] = append(penalties[p.Violation], p.Citation)
		}
	}
	for i := range out {
		out[i].Penalties = penalties[out[i].Rule]
	}
	return out, verify, nil
}

// spaceIndex finds the prohibited private space, if any, that contains a projected point.
// Each space is a geo.Region, so that a large outline costs a point the few edges beside
// it, not all of them.
type spaceIndex struct {
	regions []*geo.Region
	tree    rtree.RTreeG[int]
	// cite maps each prohibited space kind to the provision that prohibits it; spaces of
	// kinds the rules do not prohibit are not indexed.
	cite map[string]rulebook.Cited
}

func newSpaceIndex(fp *footprints, spaces []PrivateSpace, rules *rulebook.EffectiveRules) *spaceIndex {
	x := &spaceIndex{regions: make([]*geo.Region, len(spaces)), cite: map[string]rulebook.Cited{}}
	for _, s := range rules.ProhibitedSpaces {
		if _, ok := x.cite[s.Space]; !ok {
			x.cite[s.Space] = s.Cited
		}
	}
	for i, s := range spaces {
		if _, ok := x.cite[s.Space]; !ok {
			continue
		}
		x.regions[i] = geo.NewRegion(projectPolygons(fp.proj, []orb.Geometry{s.Geometry}))
		b := x.regions[i].Bound()
		x.tree.Insert(b.Min, b.Max, i)
	}
	return x
}

// find returns the lowest-numbered indexed space containing p.
func (x *spaceIndex) find(p orb.Point) (int, bool) {
	best := -1
	x.tree.Search(p, p, func(_, _ [2]float64, i int) bool {
		if (best < 0 || i < best) && x.regions[i].Contains(p) {
			best = i
		}
		return true
	})
	return best, best >= 0
}

// zone is one government-only place: a site polygon, a disc around a point site, or a
// band along a road.
type zone struct {
	category, id string
	region       *geo.Region
	lines        orb.MultiLineString
	centre       orb.Point
	// radius is the disc radius, or the band's half-width, in metres.
	radius float64
}

func (z *zone) contains(p orb.Point) bool {
	switch {
	case z.region != nil:
		return z.region.Contains(p)
	case z.lines != nil:
		for _, ls := range z.lines {
			for k := 1; k < len(ls); k++ {
				if segmentDistance(ls[k-1], ls[k], p) <= z.radius {
					return true
				}
			}
		}
		return false
	}
	return math.Hypot(p[0]-z.centre[0], p[1]-z.centre[1]) <= z.radius
}

// zoneIndex finds the government-only zone, if any, that contains a projected point.
type zoneIndex struct {
	zones []zone
	tree  rtree.RTreeG[int]
	cite  map[string]rulebook.Cited
}

func newZoneIndex(fp *footprints, l *Layers, rules *rulebook.EffectiveRules, opt Options) *zoneIndex {
	x := &zoneIndex{cite: rulebook.FirstCitations(rules.GovernmentOnlyZones)}
	for _, s := range l.Sites {
		if _, ok := x.cite[s.Category]; !ok {
			continue
		}
		z := zone{category: s.Category, id: s.ID}
		if pt, ok := s.Geometry.(orb.Point); ok {
			z.centre, z.radius = fp.proj.Forward(pt), opt.PointZoneRadius
		} else {
			z.region = geo.NewRegion(projectPolygons(fp.proj, []orb.Geometry{s.Geometry}))
		}
		x.zones = append(x.zones, z)
	}
	for _, r := range l.Roads {
		// A government-only road underground leaves the surface above it open to others.
		if _, ok := x.cite[r.Class]; ok && !r.Underground() {
			x.zones = append(x.zones, zone{category: r.Class, id: r.ID, lines: projectLines(fp.proj, r.Geometry), radius: opt.RoadZoneWidth})
		}
	}
	for i := range x.zones {
		z := &x.zones[i]
		var b orb.Bound
		switch {
		case z.region != nil:
			b = z.region.Bound()
		case z.lines != nil:
			b = z.lines.Bound().Pad(z.radius)
		default:
			b = z.centre.Bound().Pad(z.radius)
		}
		x.tree.Insert(b.Min, b.Max, i)
	}
	return x
}

// find returns the lowest-numbered zone containing p, where a camera stands; an
// underground camera is zoned by no road (all zoned roads are at the surface).
func (x *zoneIndex) find(p orb.Point, underground bool) (*zone, bool) {
	best := -1
	x.tree.Search(p, p, func(_, _ [2]float64, i int) bool {
		if underground && x.zones[i].lines != nil {
			return true
		}
		if (best < 0 || i < best) && x.zones[i].contains(p) {
			best = i
		}
		return true
	})
	if best < 0 {
		return nil, false
	}
	return &x.zones[best], true
}

// segmentDistance is the distance from p to the segment a–b.
func segmentDistance(a, b, p orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy))
}
