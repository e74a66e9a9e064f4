package coverage

import (
	"context"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/planner/rulebook"
)

// RoadResult is the watched length of one road.
type RoadResult struct {
	// Road is the index into Layers.Roads.
	Road      int
	Mandatory bool
	// Length and CoveredLength are in metres.
	Length        float64
	CoveredLength float64
	// Covered is the watched parts of the road, WGS84.
	Covered orb.MultiLineString
}

// RoadClassResult is the coverage of one road class, and of the intersections it meets.
type RoadClassResult struct {
	Class     string
	Mandatory bool
	// Citation is the first provision that makes the class mandatory, or null.
	Citation             *rulebook.Cited
	Roads                int
	LengthM              float64
	CoveredM             float64
	Share                float64
	Intersections        int
	IntersectionsCovered int
}

// visibilityStep is the spacing in metres of the samples that test a clipped stretch of
// road for occlusion when occluders are loaded.
const visibilityStep = 5.0

func analyzeRoads(ctx context.Context, fp *footprints, roads []Road, rules *rulebook.EffectiveRules, t *rulebook.Taxonomy, opt Options) ([]RoadResult, []RoadClassResult, error) {
	// A rule naming a broader road class (urban roads) makes its narrower ones
	// (arterials) mandatory too, under the same citation.
	mandatory := t.CitedCategories(rules.MandatoryCategories)
	res := make([]RoadResult, len(roads))
	lines := make([]orb.MultiLineString, len(roads))
	for i, r := range roads {
		_, m := mandatory[r.Class]
		res[i] = RoadResult{Road: i, Mandatory: m}
		lines[i] = projectLines(fp.proj, r.Geometry)
	}
	err := parallel(ctx, len(roads), opt.Workers, func(_, lo, hi int) {
		var ivs, all []geo.Interval
		for i := lo; i < hi; i++ {
			if i%1024 == 0 && ctx.Err() != nil {
				return
			}
			r := &res[i]
			for _, ls := range lines[i] {
				// part is the covered run being built; it carries over a vertex only when
				// the last interval reached the segment's end.
				var part orb.LineString
				flush := func() {
					if len(part) > 1 {
						r.Covered = append(r.Covered, part)
					}
					part = nil
				}
				for k := 1; k < len(ls); k++ {
					a, b := ls[k-1], ls[k]
					seg := math.Hypot(b[0]-a[0], b[1]-a[1])
					r.Length += seg
					if roads[i].Underground() {
						all = all[:0]
					} else {
						all = fp.clip(a, b, seg, all[:0], &ivs)
					}
					if len(all) == 0 {
						flush()
					}
					for _, iv := range all {
						r.CoveredLength += (iv.To - iv.From) * seg
						if len(part) == 0 || iv.From > 0 {
							flush()
							part = orb.LineString{lerp(a, b, iv.From)}
						}
						part = append(part, lerp(a, b, iv.To))
						if iv.To < 1 {
							flush()
						}
					}
				}
				flush()
			}
			for k, part := range r.Covered {
				r.Covered[k] = fp.proj.InverseGeometry(part).(orb.LineString)
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return res, roadClasses(fp, roads, lines, res, mandatory, t), nil
}

// clip appends to dst the union of the parts of segment a→b (length seg metres) that
// cameras see, as sorted disjoint parameter intervals; underground cameras watch no
// road at the surface. buf is scratch space.
func (f *footprints) clip(a, b orb.Point, seg float64, dst []geo.Interval, buf *[]geo.Interval) []geo.Interval {
	box := orb.Bound{Min: orb.Point{math.Min(a[0], b[0]), math.Min(a[1], b[1])}, Max: orb.Point{math.Max(a[0], b[0]), math.Max(a[1], b[1])}}
	raw := (*buf)[:0]
	f.search(box.Min, box.Max, func(i int32) bool {
		if !f.watchesSurface(i) {
			return true
		}
		n := len(raw)
		raw = f.sectors[i].ClipSegment(a, b, raw)
		if f.occluders != nil {
			raw = append(raw[:n], f.visibleParts(f.sectors[i], a, b, seg, raw[n:])...)
		}
		return true
	})
	*buf = raw
	return mergeIntervals(raw, dst)
}

// mergeIntervals appends to dst the union of the intervals in raw, sorted and disjoint.
// It sorts raw in place; the union does not depend on raw's order.
func mergeIntervals(raw, dst []geo.Interval) []geo.Interval {
	if len(raw) == 0 {
		return dst
	}
	slices.SortFunc(raw, func(x, y geo.Interval) int {
		switch {
		case x.From < y.From:
			return -1
		case x.From > y.From:
			return 1
		}
		return 0
	})
	cur := raw[0]
	for _, iv := range raw[1:] {
		if iv.From <= cur.To {
			cur.To = math.Max(cur.To, iv.To)
			continue
		}
		dst = append(dst, cur)
		cur = iv
	}
	return append(dst, cur)
}

// visibleParts keeps the samples of each interval that sector s sees past the occluders,
// at most visibilityStep metres apart, as new intervals.
func (f *footprints) visibleParts(s geo.Sector, a, b orb.Point, seg float64, ivs []geo.Interval) []geo.Interval {
	var out []geo.Interval
	apex := s.Apex()
	for _, iv := range ivs {
		n := max(1, int(math.Ceil((iv.To-iv.From)*seg/visibilityStep)))
		step := (iv.To - iv.From) / float64(n)
		for k := 0; k < n; k++ {
			lo := iv.From + float64(k)*step
			if f.occluders.Blocked(apex, lerp(a, b, lo+step/2)) {
				continue
			}
			if len(out) > 0 && out[len(out)-1].To == lo {
				out[len(out)-1].To = lo + step
				continue
			}
			out = append(out, geo.Interval{From: lo, To: lo + step})
		}
	}
	return out
}

func lerp(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}
}

func projectLines(proj *geo.Projection, g orb.Geometry) orb.MultiLineString {
	switch l := proj.ForwardGeometry(g).(type) {
	case orb.LineString:
		return orb.MultiLineString{l}
	case orb.MultiLineString:
		return l
	}
	return nil
}

// nodeKey snaps a projected point to a 1 m lattice so that road ends meeting at an
// intersection share one key.
func nodeKey(p orb.Point) [2]int64 {
	return [2]int64{int64(math.Round(p[0])), int64(math.Round(p[1]))}
}

// roadClasses sums lengths per class and finds the intersections each class meets: road
// graph nodes with three or more incident edges (an end of a line counts one edge, an
// inner vertex two).
func roadClasses(fp *footprints, roads []Road, lines []orb.MultiLineString, res []RoadResult, mandatory map[string]rulebook.Cited, t *rulebook.Taxonomy) []RoadClassResult {
	type node struct {
		pos     orb.Point
		degree  int
		classes []string
	}
	nodes := map[[2]int64]*node{}
	touch := func(p orb.Point, d int, class string) {
		k := nodeKey(p)
		n := nodes[k]
		if n == nil {
			n = &node{pos: p}
			nodes[k] = n
		}
		n.degree += d
		if !slices.Contains(n.classes, class) {
			n.classes = append(n.classes, class)
		}
	}
	byClass := map[string]*RoadClassResult{}
	class := func(c string) *RoadClassResult {
		rc := byClass[c]
		if rc == nil {
			rc = &RoadClassResult{Class: c}
			if cite, ok := mandatory[c]; ok {
				rc.Mandatory, rc.Citation = true, &cite
			}
			byClass[c] = rc
		}
		return rc
	}
	for i, r := range roads {
		rc := class(r.Class)
		rc.Roads++
		rc.LengthM += res[i].Length
		rc.CoveredM += res[i].CoveredLength
		for _, ls := range lines[i] {
			for k, p := range ls {
				d := 2
				if k == 0 || k == len(ls)-1 {
					d = 1
				}
				touch(p, d, r.Class)
			}
		}
	}
	for _, n := range nodes {
		if n.degree < 3 {
			continue
		}
		covered := fp.roadCovered(n.pos)
		for _, c := range n.classes {
			rc := byClass[c]
			rc.Intersections++
			if covered {
				rc.IntersectionsCovered++
			}
		}
	}
	// Every mandatory road class is reported, even when the layer has none of it.
	for c := range mandatory {
		if cat, ok := t.Category(c); ok && cat.Kind == rulebook.KindRoad {
			class(c)
		}
	}
	out := make([]RoadClassResult, 0, len(byClass))
	for _, rc := range byClass {
		if rc.LengthM > 0 {
			rc.Share = rc.CoveredM / rc.LengthM
		}
		out = append(out, *rc)
	}
	slices.SortFunc(out, func(a, b RoadClassResult) int {
		switch {
		case a.Mandatory != b.Mandatory:
			if a.Mandatory {
				return -1
			}
			return 1
		case a.Class < b.Class:
			return -1
		case a.Class > b.Class:
			return 1
		}
		return 0
	})
	return out
}
