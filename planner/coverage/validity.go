package coverage

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"cctvgis/geo"
)

// PolygonProblem returns why a polygon or multipolygon is not a valid area, or "" when it
// is (and for any other geometry). It is the one validity rule of the layers, applied by
// Layers.Check, so that analyze and both stores accept the same polygons: every ring has at
// least 4 positions, all finite, and is closed; no ring crosses or touches itself (a bow-tie)
// or doubles back on itself (a spike); and no two rings, of one polygon or of two parts of a
// multipolygon, cross or overlap along an edge (they may touch at a point). Positions are
// lon/lat and edges straight in degrees, as PostGIS's ST_IsValid sees them, and the
// orientation tests exact (geo.Orient) as its are. A crossing is
// named with its lon/lat:
//
//	self-intersection at lon 119.405000, lat 32.405000
//
// Holes outside their shell and nested parts are not looked for; the PostGIS store still
// refuses them.
func PolygonProblem(g orb.Geometry) string {
	var segs []segment
	return polygonProblem(g, &segs)
}

// polygonProblem is PolygonProblem with a buffer for the edges, reused across calls.
func polygonProblem(g orb.Geometry, segs *[]segment) string {
	var rings []orb.Ring
	switch g := g.(type) {
	case orb.Polygon:
		rings = g
	case orb.MultiPolygon:
		for _, p := range g {
			rings = append(rings, p...)
		}
	default:
		return ""
	}
	*segs = (*segs)[:0]
	for r, ring := range rings {
		switch {
		case len(ring) < 4:
			return fmt.Sprintf("ring %d has %d positions, need at least 4", r, len(ring))
		case slices.ContainsFunc(ring, func(p orb.Point) bool { return !finite(p[0]) || !finite(p[1]) }):
			return fmt.Sprintf("ring %d has a position that is not a finite number", r)
		case ring[0] != ring[len(ring)-1]:
			return fmt.Sprintf("ring %d is not closed: its last position differs from its first", r)
		}
		// Repeated positions are allowed (PostGIS allows them); they make no edge, and the
		// edges around them are neighbours.
		first := len(*segs)
		for i := 0; i+1 < len(ring); i++ {
			if ring[i] != ring[i+1] {
				*segs = append(*segs, segment{a: ring[i], b: ring[i+1], ring: r, i: len(*segs) - first})
			}
		}
		n := len(*segs) - first
		if n < 3 {
			return fmt.Sprintf("ring %d has %d distinct positions, need at least 3", r, n)
		}
		for k := first; k < len(*segs); k++ {
			(*segs)[k].n = n
		}
	}
	if at, ok := firstCrossing(*segs); ok {
		return fmt.Sprintf("self-intersection at lon %.6f, lat %.6f", at[0], at[1])
	}
	return ""
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// segment is edge i of a ring of n edges.
type segment struct {
	a, b    orb.Point
	ring    int
	i, n    int
	lo, hi  float64 // x range
	ylo, yh float64 // y range
}

// smallPolygon is the number of edges up to which firstCrossing compares every pair.
const smallPolygon = 24

// firstCrossing finds two edges that break the rule, sweeping the edges in order of their
// smallest x so that only edges whose x ranges overlap are compared.
func firstCrossing(segs []segment) (orb.Point, bool) {
	for k := range segs {
		s := &segs[k]
		s.lo, s.hi = min(s.a[0], s.b[0]), max(s.a[0], s.b[0])
		s.ylo, s.yh = min(s.a[1], s.b[1]), max(s.a[1], s.b[1])
	}
	if len(segs) <= smallPolygon {
		// Few edges: comparing every pair is cheaper than sorting.
		for k := range segs {
			for m := k + 1; m < len(segs); m++ {
				s, t := &segs[k], &segs[m]
				if t.lo > s.hi || t.hi < s.lo || t.ylo > s.yh || t.yh < s.ylo {
					continue
				}
				if at, bad := conflict(s, t); bad {
					return at, true
				}
			}
		}
		return orb.Point{}, false
	}
	slices.SortFunc(segs, func(p, q segment) int { return cmp.Compare(p.lo, q.lo) })
	for k := range segs {
		s := &segs[k]
		for m := k + 1; m < len(segs) && segs[m].lo <= s.hi; m++ {
			t := &segs[m]
			if t.ylo > s.yh || t.yh < s.ylo {
				continue
			}
			if at, bad := conflict(s, t); bad {
				return at, true
			}
		}
	}
	return orb.Point{}, false
}

// conflict reports whether two edges break the rule, and where.
func conflict(s, t *segment) (orb.Point, bool) {
	if s.ring == t.ring && (s.i+1)%s.n == t.i || s.ring == t.ring && (t.i+1)%t.n == s.i {
		// Neighbours share a position; they conflict only when one doubles back along the
		// other.
		first, second := s, t
		if (t.i+1)%t.n == s.i {
			first, second = t, s
		}
		p, q, r := first.a, first.b, second.b
		if orient(p, q, r) == 0 && (q[0]-p[0])*(r[0]-q[0])+(q[1]-p[1])*(r[1]-q[1]) < 0 {
			return q, true
		}
		return orb.Point{}, false
	}
	o1, o2 := orient(s.a, s.b, t.a), orient(s.a, s.b, t.b)
	o3, o4 := orient(t.a, t.b, s.a), orient(t.a, t.b, s.b)
	if o1*o2 < 0 && o3*o4 < 0 {
		// A proper crossing, at the one interior point of both.
		d := cross(sub(s.b, s.a), sub(t.b, t.a))
		u := cross(sub(t.a, s.a), sub(t.b, t.a)) / d
		return orb.Point{s.a[0] + u*(s.b[0]-s.a[0]), s.a[1] + u*(s.b[1]-s.a[1])}, true
	}
	if o1 == 0 && o2 == 0 {
		// Collinear: they conflict when they share more than a point.
		if at, ok := overlap(s, t); ok {
			return at, true
		}
		return orb.Point{}, false
	}
	// Touching at a point: a conflict within one ring; between rings, allowed.
	if s.ring != t.ring {
		return orb.Point{}, false
	}
	for _, c := range []struct {
		o float64
		p orb.Point
		e *segment
	}{{o1, t.a, s}, {o2, t.b, s}, {o3, s.a, t}, {o4, s.b, t}} {
		if c.o == 0 && within(c.e, c.p) {
			return c.p, true
		}
	}
	return orb.Point{}, false
}

// overlap reports whether collinear edges share a stretch longer than a point.
func overlap(s, t *segment) (orb.Point, bool) {
	// Project on the longer axis of s.
	axis := 0
	if s.hi-s.lo < s.yh-s.ylo {
		axis = 1
	}
	a0, a1 := min(s.a[axis], s.b[axis]), max(s.a[axis], s.b[axis])
	b0, b1 := min(t.a[axis], t.b[axis]), max(t.a[axis], t.b[axis])
	lo, hi := max(a0, b0), min(a1, b1)
	if lo >= hi {
		return orb.Point{}, false
	}
	for _, p := range []orb.Point{t.a, t.b, s.a, s.b} {
		if p[axis] == lo {
			return p, true
		}
	}
	return t.a, true
}

// within reports whether p, collinear with e, lies on e.
func within(e *segment, p orb.Point) bool {
	return p[0] >= e.lo && p[0] <= e.hi && p[1] >= e.ylo && p[1] <= e.yh
}

// orient is geo.Orient, exact as PostGIS's ST_IsValid is, as a number.
func orient(a, b, c orb.Point) float64 { return float64(geo.Orient(a, b, c)) }

func sub(a, b orb.Point) orb.Point { return orb.Point{a[0] - b[0], a[1] - b[1]} }

func cross(a, b orb.Point) float64 { return a[0]*b[1] - a[1]*b[0] }
