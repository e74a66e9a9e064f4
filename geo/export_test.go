package geo

// The product tests visibility point by point (Occluders.Visible). The isovist below is an
// independent method kept for the tests alone: the oracle Blocked is checked against (an
// isovist traced by ray casting).

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// vertexRayEps is the angular offset in degrees of the two extra rays cast
// either side of each occluder vertex in Isovist, so that the shadow boundary
// behind a corner is traced on both sides.
const vertexRayEps = 1e-6

// Isovist returns the part of s visible from its apex as a counter-clockwise
// polygon. It sweeps rays from the apex: rays evenly spread over the span (at
// least 3), plus three rays at and just either side of every
// occluder vertex within the span and range, each stopped at its nearest
// occluder edge; the occluders ignored are those of Blocked. Each ray is an
// R-tree search, so the cost is O((rays + V) · log E) for V vertices in range
// and E edges, plus the candidate edges each ray's box returns.
func (o *Occluders) Isovist(s Sector, rays int) orb.Polygon {
	rays = max(rays, 3)
	var ign []int
	if o != nil {
		ign = o.mounted(s.apex, nil)
	}
	full := s.kind == disc
	first := s.azimuth - s.hfov/2
	offs := make([]float64, 0, rays+16)
	for i := range rays {
		if full {
			offs = append(offs, 360*float64(i)/float64(rays))
		} else {
			offs = append(offs, s.hfov*float64(i)/float64(rays-1))
		}
	}
	if o != nil {
		b := s.Bound()
		o.edgeIndex.Search(b.Min, b.Max, func(_, _ [2]float64, i int) bool {
			e := &o.edges[i]
			dx, dy := e.a[0]-s.apex[0], e.a[1]-s.apex[1]
			if slices.Contains(ign, e.poly) || dx*dx+dy*dy > s.r2 || !s.inSpan(dx, dy) {
				return true
			}
			off := math.Mod(math.Atan2(dx, dy)/deg-first+720, 360)
			for _, a := range [3]float64{off - vertexRayEps, off, off + vertexRayEps} {
				switch {
				case full:
					offs = append(offs, math.Mod(a+360, 360))
				case a >= 0 && a <= s.hfov:
					offs = append(offs, a)
				}
			}
			return true
		})
	}
	slices.Sort(offs)
	offs = slices.CompactFunc(offs, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })

	// Collected clockwise, reversed below to counter-clockwise.
	ring := make(orb.Ring, 0, len(offs)+3)
	if !full {
		ring = append(ring, s.apex)
	}
	for _, off := range offs {
		u := direction(first + off)
		r := o.castRay(s.apex, u, s.rng, ign)
		ring = append(ring, orb.Point{s.apex[0] + r*u[0], s.apex[1] + r*u[1]})
	}
	ring = append(ring, ring[0])
	slices.Reverse(ring)
	return orb.Polygon{ring}
}

// castRay returns the distance from p along the unit vector u to the nearest
// occluder edge not in ign, or rng when there is none closer.
func (o *Occluders) castRay(p, u orb.Point, rng float64, ign []int) float64 {
	if o == nil {
		return rng
	}
	rx, ry := rng*u[0], rng*u[1]
	q := orb.Point{p[0] + rx, p[1] + ry}
	lo, hi := minMax(p, q)
	best := 1.0
	o.edgeIndex.Search(lo, hi, func(_, _ [2]float64, i int) bool {
		e := &o.edges[i]
		if slices.Contains(ign, e.poly) {
			return true
		}
		ex, ey := e.b[0]-e.a[0], e.b[1]-e.a[1]
		den := rx*ey - ry*ex
		if den == 0 {
			return true
		}
		wx, wy := e.a[0]-p[0], e.a[1]-p[1]
		t := (wx*ey - wy*ex) / den // along the ray
		v := (wx*ry - wy*rx) / den // along the edge
		if t > 0 && t < best && v >= 0 && v <= 1 {
			best = t
		}
		return true
	})
	return best * rng
}
