package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// sectorKind selects the angular test: a span of at most 180° is the
// intersection of two half-planes, a wider one their union.
type sectorKind uint8

const (
	convex sectorKind = iota
	reflex
	disc
)

// Sector is a camera's horizontal footprint: the circular sector centred on
// the apex, of radius Range metres, from Azimuth − HFOV/2 to Azimuth + HFOV/2
// degrees clockwise from north, in projected metres. HFOV 360 is the full disc.
//
// A Sector precomputes the unit vectors of its two bounding rays so that
// Contains, Bound and ClipSegment need no trigonometry. The zero value is a
// degenerate sector that contains only the origin; build one with NewSector.
type Sector struct {
	apex    orb.Point
	azimuth float64
	hfov    float64
	rng     float64
	r2      float64
	start   orb.Point // unit vector of the ray at Azimuth − HFOV/2
	end     orb.Point // unit vector of the ray at Azimuth + HFOV/2
	kind    sectorKind
}

// Interval is a part of a segment a→b given by the parameters From ≤ To in
// [0, 1], where t stands for the point a + t·(b − a).
type Interval struct{ From, To float64 }

// NewSector returns the sector with the given apex (projected metres), azimuth
// (degrees clockwise from north, direction (sin a, cos a)), horizontal field of
// view hfov (degrees in (0, 360], 360 or more is the full disc) and range rng
// (metres, > 0). It does not validate: callers check their input. An hfov of
// zero or less gives the bare ray and an rng of zero or less the bare apex;
// the azimuth is reduced to [0, 360).
func NewSector(apex orb.Point, azimuth, hfov, rng float64) Sector {
	az := azimuth - 360*math.Floor(azimuth/360)
	if az >= 360 { // a tiny negative azimuth rounds up to 360
		az = 0
	}
	switch {
	case hfov >= 360:
		hfov = 360
	case !(hfov > 0):
		hfov = 0
	}
	if !(rng > 0) {
		rng = 0
	}
	s := Sector{
		apex:    apex,
		azimuth: az,
		hfov:    hfov,
		rng:     rng,
		r2:      rng * rng,
		start:   direction(az - hfov/2),
		end:     direction(az + hfov/2),
	}
	switch {
	case hfov == 360:
		s.kind = disc
	case hfov > 180:
		s.kind = reflex
	}
	return s
}

// Apex returns the camera position in projected metres.
func (s Sector) Apex() orb.Point { return s.apex }

// Azimuth returns the central direction in degrees clockwise from north, in [0, 360).
func (s Sector) Azimuth() float64 { return s.azimuth }

// HFOV returns the horizontal field of view in degrees, in [0, 360].
func (s Sector) HFOV() float64 { return s.hfov }

// Range returns the radius in metres.
func (s Sector) Range() float64 { return s.rng }

// Contains reports whether p lies in the sector, boundary included: within
// Range of the apex and at a bearing within the angular span. The apex is
// contained.
func (s Sector) Contains(p orb.Point) bool {
	dx, dy := p[0]-s.apex[0], p[1]-s.apex[1]
	return dx*dx+dy*dy <= s.r2 && s.inSpan(dx, dy)
}

// inSpan reports whether the direction (dx, dy) lies within the angular span,
// using the signs of its cross products with the two bounding rays:
// clockwise of start and anticlockwise of end.
func (s *Sector) inSpan(dx, dy float64) bool {
	afterStart := s.start[0]*dy-s.start[1]*dx <= 0
	beforeEnd := s.end[0]*dy-s.end[1]*dx >= 0
	switch s.kind {
	case convex:
		return afterStart && beforeEnd
	case reflex:
		return afterStart || beforeEnd
	}
	return true
}

// Bound returns the tight bounding box of the true sector: the apex, the two
// arc end points and each northern, eastern, southern or western extreme of
// the circle that lies within the span.
func (s Sector) Bound() orb.Bound {
	a, r := s.apex, s.rng
	if s.kind == disc {
		return orb.Bound{Min: orb.Point{a[0] - r, a[1] - r}, Max: orb.Point{a[0] + r, a[1] + r}}
	}
	sx, sy := a[0]+r*s.start[0], a[1]+r*s.start[1]
	ex, ey := a[0]+r*s.end[0], a[1]+r*s.end[1]
	b := orb.Bound{
		Min: orb.Point{min(a[0], sx, ex), min(a[1], sy, ey)},
		Max: orb.Point{max(a[0], sx, ex), max(a[1], sy, ey)},
	}
	if s.inSpan(0, 1) {
		b.Max[1] = a[1] + r
	}
	if s.inSpan(1, 0) {
		b.Max[0] = a[0] + r
	}
	if s.inSpan(0, -1) {
		b.Min[1] = a[1] - r
	}
	if s.inSpan(-1, 0) {
		b.Min[0] = a[0] - r
	}
	return b
}

// Area returns the area of the sector in square metres.
func (s Sector) Area() float64 {
	return s.hfov * deg / 2 * s.r2
}

// ClipSegment appends to dst the parts of the segment a→b that lie inside the
// sector, as sorted, disjoint intervals of positive length, and returns the
// extended slice. The result is exact up to rounding: the segment is cut by
// the circle and by the half-planes of the two bounding rays. A convex sector
// gives at most one interval; one wider than 180° can give two. Zero-length
// contacts (a tangent to the arc, a pass through the apex outside the span) are
// omitted. It allocates only when dst lacks capacity.
func (s Sector) ClipSegment(a, b orb.Point, dst []Interval) []Interval {
	wx, wy := a[0]-s.apex[0], a[1]-s.apex[1]
	vx, vy := b[0]-a[0], b[1]-a[1]
	lo, hi := s.discSpan(wx, wy, vx, vy)
	if !(lo < hi) {
		return dst
	}
	// Along the segment the cross products with the rays are affine in t.
	sw, sv := s.start[0]*wy-s.start[1]*wx, s.start[0]*vy-s.start[1]*vx
	ew, ev := s.end[0]*wy-s.end[1]*wx, s.end[0]*vy-s.end[1]*vx
	switch s.kind {
	case convex:
		lo, hi = clipHalf(lo, hi, sw, sv)
		lo, hi = clipHalf(lo, hi, -ew, -ev)
		return appendInterval(dst, lo, hi)
	case reflex:
		l1, h1 := clipHalf(lo, hi, sw, sv)
		l2, h2 := clipHalf(lo, hi, -ew, -ev)
		switch {
		case !(l1 < h1):
			return appendInterval(dst, l2, h2)
		case !(l2 < h2):
			return appendInterval(dst, l1, h1)
		}
		if l2 < l1 {
			l1, h1, l2, h2 = l2, h2, l1, h1
		}
		if l2 <= h1 {
			return appendInterval(dst, l1, max(h1, h2))
		}
		return append(dst, Interval{l1, h1}, Interval{l2, h2})
	}
	return appendInterval(dst, lo, hi)
}

// discSpan returns the parameters in [0, 1] between which a + t·v, with
// w = a − apex, lies in the closed disc; lo ≥ hi when it does not.
func (s *Sector) discSpan(wx, wy, vx, vy float64) (lo, hi float64) {
	a := vx*vx + vy*vy
	h := wx*vx + wy*vy
	c := wx*wx + wy*wy - s.r2
	if a == 0 {
		if c <= 0 {
			return 0, 1
		}
		return 1, 0
	}
	d := h*h - a*c
	if d < 0 {
		return 1, 0
	}
	// Roots of a·t² + 2h·t + c without cancellation.
	q := -(h + math.Copysign(math.Sqrt(d), h))
	var t0, t1 float64
	if q != 0 {
		t0, t1 = q/a, c/q
	}
	if t0 > t1 {
		t0, t1 = t1, t0
	}
	return max(t0, 0), min(t1, 1)
}

// clipHalf narrows [lo, hi] to the parameters with c0 + c1·t ≤ 0.
func clipHalf(lo, hi, c0, c1 float64) (float64, float64) {
	switch {
	case c1 > 0:
		hi = min(hi, -c0/c1)
	case c1 < 0:
		lo = max(lo, -c0/c1)
	case c0 > 0:
		return 1, 0
	}
	return lo, hi
}

func appendInterval(dst []Interval, lo, hi float64) []Interval {
	if lo < hi {
		dst = append(dst, Interval{lo, hi})
	}
	return dst
}

// direction returns the unit vector (sin a, cos a) of the bearing a in
// degrees, exact at multiples of 90° so that rays along the axes and the
// cardinal tests in Bound agree with Contains.
func direction(a float64) orb.Point {
	q := math.Round(a / 90)
	s, c := math.Sincos((a - 90*q) * deg)
	switch int64(q) & 3 {
	case 1:
		s, c = c, -s
	case 2:
		s, c = -s, -c
	case 3:
		s, c = -c, s
	}
	return orb.Point{s, c}
}

// Polygon returns the sector as a closed counter-clockwise polygon: the apex
// and arc vertices at most maxStepDeg degrees apart (one degree when
// maxStepDeg is not positive), or for the full disc the arc vertices alone. The vertices lie on the arc, so the polygon is inscribed in
// the true sector; analysis uses Contains, not this polygon, which maps draw.
func (s Sector) Polygon(maxStepDeg float64) orb.Polygon {
	if !(maxStepDeg > 0) {
		maxStepDeg = 1
	}
	n := max(int(math.Ceil(s.hfov/maxStepDeg)), 1)
	a, r := s.apex, s.rng
	at := func(u orb.Point) orb.Point { return orb.Point{a[0] + r*u[0], a[1] + r*u[1]} }
	if s.kind == disc {
		n = max(n, 3)
		ring := make(orb.Ring, 0, n+1)
		for i := range n {
			ring = append(ring, at(direction(s.azimuth-360*float64(i)/float64(n))))
		}
		return orb.Polygon{append(ring, ring[0])}
	}
	// Decreasing bearing is anticlockwise.
	first := s.azimuth - s.hfov/2
	ring := make(orb.Ring, 0, n+3)
	ring = append(ring, a, at(s.end))
	for i := n - 1; i > 0; i-- {
		ring = append(ring, at(direction(first+s.hfov*float64(i)/float64(n))))
	}
	ring = append(ring, at(s.start), a)
	return orb.Polygon{ring}
}
