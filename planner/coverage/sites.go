package coverage

import (
	"cctvgis/planner/rulebook"
	"cmp"
	"context"
	"slices"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Coverage is how much of a site the cameras see.
type Coverage string

// The coverage states of a site.
const (
	// Covered: every key point lies in at least one footprint.
	Covered Coverage = "covered"
	// Partial: some key points do, not all.
	Partial Coverage = "partial"
	// Uncovered: no key point does.
	Uncovered Coverage = "uncovered"
)

// Values are the coverage states of a site.
func (Coverage) Values() []Coverage { return []Coverage{Covered, Partial, Uncovered} }

// Valid reports whether c is one of Values.
func (c Coverage) Valid() bool { return slices.Contains(c.Values(), c) }

// KeyPoint is one point of a site that must be watched, and the cameras that see it.
type KeyPoint struct {
	Pos  orb.Point
	Kind string
	// Cameras are indexes into Layers.Cameras, in index order.
	Cameras []int32
}

// SiteResult is the coverage of one site.
type SiteResult struct {
	// Site is the index into Layers.Sites.
	Site int
	// Mandatory is true when the rulebook requires the site's category to be covered.
	Mandatory bool
	// Citation is the first provision that makes the category mandatory.
	Citation *rulebook.Cited
	Coverage Coverage
	// District is the site's district property, else the district polygon containing
	// its first key point, else "(none)".
	District string
	// Implicit is true when the site had no entrances and one point inside it was used.
	Implicit  bool
	KeyPoints []KeyPoint
	// Cameras are the distinct cameras covering any key point, in index order.
	Cameras []int32
}

// DistrictName is the site's district as DistrictLocator names it: "" for a site outside
// every district polygon (District is NoDistrict then, for the summaries).
func (r *SiteResult) DistrictName() string {
	if r.District == NoDistrict {
		return ""
	}
	return r.District
}

func analyzeSites(ctx context.Context, fp *footprints, l *Layers, rules *rulebook.EffectiveRules, opt Options) ([]SiteResult, error) {
	mandatory := map[string]*rulebook.Cited{}
	for cat, c := range rulebook.FirstCitations(rules.MandatoryCategories) {
		mandatory[cat] = &c
	}
	byID := make(map[string]int32, len(l.Sites))
	for i, s := range l.Sites {
		byID[s.ID] = int32(i)
	}
	// All key points live in one array, each site's a window of it, in site order. The
	// large arrays are filled side by side: on a province, first touching their pages
	// costs as much as the work.
	res := make([]SiteResult, len(l.Sites))
	site := make([]int32, len(l.Entrances))
	if err := parallel(ctx, len(l.Entrances), opt.Workers, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			site[k] = byID[l.Entrances[k].SiteID]
		}
	}); err != nil {
		return nil, err
	}
	// start[i] is where site i's key points begin; a site without entrances gets one,
	// a point inside it. at[k] is where entrance k goes, its site's in their order.
	start := make([]int32, len(res)+1)
	for _, i := range site {
		start[i+1]++
	}
	for i := range res {
		start[i+1] = start[i] + max(1, start[i+1])
	}
	at := make([]int32, len(site))
	next := slices.Clone(start[:len(res)])
	for k, i := range site {
		at[k] = next[i]
		next[i]++
	}
	total := int(start[len(res)])
	all := make([]KeyPoint, total)
	pts := make([]orb.Point, total)
	// place[k] says key point k stands for its whole site (geo.Occluders.VisiblePlace).
	place := make([]bool, total)
	if err := parallel(ctx, len(site), opt.Workers, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			e := &l.Entrances[k]
			all[at[k]] = KeyPoint{Pos: e.Pos, Kind: e.Kind}
		}
	}); err != nil {
		return nil, err
	}
	if err := parallel(ctx, len(res), opt.Workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			r := &res[i]
			r.Site = i
			if c, ok := mandatory[l.Sites[i].Category]; ok {
				r.Mandatory, r.Citation = true, c
			}
			from, to := start[i], start[i+1]
			if next[i] == from {
				r.Implicit = true
				all[from] = KeyPoint{Pos: PointInside(l.Sites[i].Geometry), Kind: "inside"}
				place[from] = true
			}
			r.KeyPoints = all[from:to:to]
			// The key points are looked up projected, in Hilbert order, so that each
			// worker walks one region of the tree at a time.
			for k := from; k < to; k++ {
				pts[k] = fp.proj.Forward(all[k].Pos)
			}
		}
	}); err != nil {
		return nil, err
	}
	order := hilbertOrder(ctx, fp.box, pts)
	if err := balanced(ctx, len(order), opt.Workers, 2048, func(lo, hi int) {
		// Each key point's cameras are a capped window of a shared buffer, instead of an
		// allocation per key point.
		var buf []int32
		var near nearFootprints
		for n := lo; n < hi; n += nearRun {
			run := order[n:min(n+nearRun, hi)]
			near.find(fp, pts, run)
			for _, i := range run {
				// Key point i is all[i], whichever site's window holds it.
				kp := &all[i]
				if cap(buf)-len(buf) < len(near.slots) {
					// A new buffer rather than a larger copy: the windows taken stay where
					// they are.
					buf = make([]int32, 0, max(1<<16, len(near.slots)))
				}
				start := len(buf)
				buf = near.covering(fp, pts[i], place[i], buf)
				if len(buf) > start {
					kp.Cameras = buf[start:len(buf):len(buf)]
					slices.Sort(kp.Cameras)
				}
			}
		}
	}); err != nil {
		return nil, err
	}
	locate := NewDistrictLocator(l.Districts)
	err := parallel(ctx, len(res), opt.Workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			r := &res[i]
			if r.District = l.Sites[i].District; r.District == "" {
				r.District = cmp.Or(locate.Find(r.KeyPoints[0].Pos), NoDistrict)
			}
			hit := 0
			for _, kp := range r.KeyPoints {
				if len(kp.Cameras) > 0 {
					hit++
					r.Cameras = mergeSorted(r.Cameras, kp.Cameras)
				}
			}
			switch {
			case hit == len(r.KeyPoints):
				r.Coverage = Covered
			case hit > 0:
				r.Coverage = Partial
			default:
				r.Coverage = Uncovered
			}
		}
	})
	return res, err
}

// mergeSorted returns the sorted union of two sorted lists without repeats. It returns
// one of them unchanged when the other is empty; callers treat the lists as read-only.
func mergeSorted(a, b []int32) []int32 {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0:
		return a
	}
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// uniqueIndexes returns a sorted copy of s without repeats, or nil when s is empty.
func uniqueIndexes(s []int32) []int32 {
	if len(s) == 0 {
		return nil
	}
	out := append([]int32(nil), s...)
	slices.Sort(out)
	n := 1
	for _, v := range out[1:] {
		if v != out[n-1] {
			out[n] = v
			n++
		}
	}
	return out[:n]
}

// PointInside returns a point of the geometry that lies inside it: the point itself, or
// for a polygon its centroid when inside (for a multipolygon, its largest part's), else the middle of the widest chord through
// the centroid's latitude (concave shapes whose centroid falls outside).
func PointInside(g orb.Geometry) orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return g
	case orb.Polygon:
		return polygonPoint(g)
	case orb.MultiPolygon:
		best, area := orb.Point{}, -1.0
		for _, p := range g {
			if a := planar.Area(p); a > area {
				best, area = polygonPoint(p), a
			}
		}
		return best
	}
	return g.Bound().Center()
}

func polygonPoint(p orb.Polygon) orb.Point {
	c, _ := planar.CentroidArea(p)
	if planar.PolygonContains(p, c) {
		return c
	}
	// Crossings of the outer ring with the horizontal line through the centroid.
	var xs []float64
	ring := p[0]
	for i := 1; i < len(ring); i++ {
		a, b := ring[i-1], ring[i]
		if (a[1] <= c[1]) != (b[1] <= c[1]) {
			xs = append(xs, a[0]+(c[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]))
		}
	}
	sort.Float64s(xs)
	best, width := ring[0], -1.0
	for i := 0; i+1 < len(xs); i += 2 {
		mid := orb.Point{(xs[i] + xs[i+1]) / 2, c[1]}
		if w := xs[i+1] - xs[i]; w > width && planar.PolygonContains(p, mid) {
			best, width = mid, w
		}
	}
	return best
}
