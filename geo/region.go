package geo

import (
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// maxRegionBands bounds the bands of a Region, so that a district of a million edges
// costs no more than 4,096 band slices.
const maxRegionBands = 4096

// Region is a set of polygons prepared for many point and geometry tests in the plane,
// in whatever coordinates its polygons come in (degrees for a selection in WGS84, metres
// after Projection.ForwardGeometry for distances). Its edges are bucketed into
// horizontal bands, so that a test looks only at the edges near it rather than at the
// whole boundary: orb's planar.MultiPolygonContains walks every edge for every point.
// Boundaries count as inside. A Region is not modified after NewRegion and is safe for
// concurrent use.
type Region struct {
	bound orb.Bound
	edges [][2]orb.Point
	bands [][]int32
	y0, h float64
	// firsts holds a vertex of each polygon, to find the polygons that enclose the region.
	firsts []orb.Point
	empty  bool
}

// NewRegion prepares polys. Rings may be open or closed; their orientation does not
// matter, since insideness is by the even-odd rule over all rings, so holes and
// several polygons count right.
func NewRegion(polys orb.MultiPolygon) *Region {
	r := &Region{empty: true}
	for _, poly := range polys {
		for k, ring := range poly {
			for i, p := range ring {
				if r.empty {
					r.bound, r.empty = orb.Bound{Min: p, Max: p}, false
				}
				r.bound = r.bound.Extend(p)
				if j := (i + 1) % len(ring); ring[i] != ring[j] {
					r.edges = append(r.edges, [2]orb.Point{p, ring[j]})
				}
			}
			if k == 0 && len(ring) > 0 {
				r.firsts = append(r.firsts, ring[0])
			}
		}
	}
	n := min(max(len(r.edges)/4, 1), maxRegionBands)
	r.y0, r.h = r.bound.Min[1], (r.bound.Max[1]-r.bound.Min[1])/float64(n)
	r.bands = make([][]int32, n)
	for k, e := range r.edges {
		for b := r.band(min(e[0][1], e[1][1])); b <= r.band(max(e[0][1], e[1][1])); b++ {
			r.bands[b] = append(r.bands[b], int32(k))
		}
	}
	return r
}

// Bound returns the bound of the region's polygons.
func (r *Region) Bound() orb.Bound { return r.bound }

// band returns the band holding y, clamped to the region's bands (NaN to the first).
func (r *Region) band(y float64) int {
	switch {
	case r.h == 0 || !(y > r.y0):
		return 0
	case !(y < r.bound.Max[1]):
		return len(r.bands) - 1
	}
	return min(int((y-r.y0)/r.h), len(r.bands)-1)
}

// Contains reports whether p is inside the region or on its boundary.
func (r *Region) Contains(p orb.Point) bool {
	if r.empty || !r.bound.Contains(p) {
		return false
	}
	in := false
	for _, k := range r.bands[r.band(p[1])] {
		a, b := r.edges[k][0], r.edges[k][1]
		if orient(a, b, p) == 0 && inBox(a, b, p) {
			return true
		}
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			in = !in
		}
	}
	return in
}

// Near reports whether p is within dist of the region's boundary, on either side of it.
func (r *Region) Near(p orb.Point, dist float64) bool {
	if r.empty || !r.bound.Pad(dist).Contains(p) {
		return false
	}
	d2 := dist * dist
	for b := r.band(p[1] - dist); b <= r.band(p[1]+dist); b++ {
		for _, k := range r.bands[b] {
			if segmentDistance2(r.edges[k][0], r.edges[k][1], p) <= d2 {
				return true
			}
		}
	}
	return false
}

// Intersects reports whether g meets the region, boundaries included. g is a point,
// line or polygon geometry (orb.Point, orb.MultiPoint, orb.LineString,
// orb.MultiLineString, orb.Ring, orb.Polygon, orb.MultiPolygon, orb.Bound or an
// orb.Collection of them); any other is reported as not meeting it.
func (r *Region) Intersects(g orb.Geometry) bool {
	if r.empty {
		return false
	}
	switch g := g.(type) {
	case orb.Point:
		return r.Contains(g)
	case orb.MultiPoint:
		return slices.ContainsFunc(g, r.Contains)
	case orb.LineString:
		return r.meetsLine(g)
	case orb.MultiLineString:
		return slices.ContainsFunc(g, r.meetsLine)
	case orb.Ring:
		return r.meetsPolygon(orb.Polygon{g})
	case orb.Polygon:
		return r.meetsPolygon(g)
	case orb.MultiPolygon:
		return slices.ContainsFunc(g, r.meetsPolygon)
	case orb.Bound:
		return r.meetsPolygon(g.ToPolygon())
	case orb.Collection:
		return slices.ContainsFunc(g, r.Intersects)
	}
	return false
}

// crosses reports whether segment cd meets the region's boundary.
func (r *Region) crosses(c, d orb.Point) bool {
	lo, hi := min(c[1], d[1]), max(c[1], d[1])
	if hi < r.bound.Min[1] || lo > r.bound.Max[1] || max(c[0], d[0]) < r.bound.Min[0] || min(c[0], d[0]) > r.bound.Max[0] {
		return false
	}
	for b := r.band(lo); b <= r.band(hi); b++ {
		for _, k := range r.bands[b] {
			a, e := r.edges[k][0], r.edges[k][1]
			if boxesMeet(a, e, c, d) && relate(a, e, c, d) != disjoint {
				return true
			}
		}
	}
	return false
}

// meetsLine reports whether a vertex of ls lies in the region or one of its segments
// crosses the boundary.
func (r *Region) meetsLine(ls orb.LineString) bool {
	if !ls.Bound().Intersects(r.bound) {
		return false
	}
	for i, p := range ls {
		if r.Contains(p) || i > 0 && r.crosses(ls[i-1], p) {
			return true
		}
	}
	return false
}

// meetsPolygon reports whether poly meets the region: a vertex of one lies in the other,
// or their boundaries cross. Without crossings, either one holds a vertex of the other or
// they are apart.
func (r *Region) meetsPolygon(poly orb.Polygon) bool {
	if len(poly) == 0 || !poly.Bound().Intersects(r.bound) {
		return false
	}
	for _, ring := range poly {
		for i, p := range ring {
			if r.Contains(p) || r.crosses(ring[(i+len(ring)-1)%len(ring)], p) {
				return true
			}
		}
	}
	for _, p := range r.firsts {
		if planar.PolygonContains(poly, p) {
			return true
		}
	}
	return false
}

// boxesMeet reports whether the bounding boxes of segments ab and cd meet.
func boxesMeet(a, b, c, d orb.Point) bool {
	return max(a[0], b[0]) >= min(c[0], d[0]) && max(c[0], d[0]) >= min(a[0], b[0]) &&
		max(a[1], b[1]) >= min(c[1], d[1]) && max(c[1], d[1]) >= min(a[1], b[1])
}
