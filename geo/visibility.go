package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// wallTolerance is how close, in metres, a viewpoint may be to an occluder's
// boundary for that occluder to count as the wall the camera is mounted on.
const wallTolerance = 0.5

// boundaryEps is the distance in metres under which a point counts as on an
// occluder boundary rather than inside it, so that a sight line grazing a
// wall is not blocked by rounding.
const boundaryEps = 1e-6

// Occluders is an immutable index of building footprints (polygons in
// projected metres) that block sight lines. It is safe for concurrent use; a
// nil *Occluders blocks nothing.
type Occluders struct {
	edges     []edge
	first     []int // polygon i owns edges[first[i]:first[i+1]]
	edgeIndex rtree.RTreeG[int]
	polyIndex rtree.RTreeG[int]
}

type edge struct {
	a, b orb.Point
	poly int
}

// NewOccluders indexes the edges of polys, outer rings and holes alike. The
// polygons are not retained; rings may be closed or not.
func NewOccluders(polys []orb.Polygon) *Occluders {
	o := &Occluders{first: make([]int, 0, len(polys)+1)}
	for i, poly := range polys {
		o.first = append(o.first, len(o.edges))
		var pb orb.Bound
		for _, ring := range poly {
			for j := range ring {
				a, b := ring[j], ring[(j+1)%len(ring)]
				if a == b {
					continue
				}
				if len(o.edges) == o.first[i] {
					pb = orb.Bound{Min: a, Max: a}
				}
				pb = pb.Extend(a)
				e := len(o.edges)
				o.edges = append(o.edges, edge{a: a, b: b, poly: i})
				eb := orb.Bound{Min: a, Max: a}.Extend(b)
				o.edgeIndex.Insert(eb.Min, eb.Max, e)
			}
		}
		if len(o.edges) > o.first[i] {
			o.polyIndex.Insert(pb.Min, pb.Max, i)
		}
	}
	o.first = append(o.first, len(o.edges))
	return o
}

// Blocked reports whether the sight line from→to is blocked: the open segment
// properly crosses an occluder edge or runs through an occluder's interior, or
// to lies inside an occluder. Cameras are usually mounted on building walls,
// so any occluder that contains from, or whose boundary is within 0.5 m of
// it, is ignored for this query; a target inside that
// occluder is therefore visible. A target on an occluder's boundary, such as
// an entrance on a wall, is visible from outside. Grazing a wall or touching a
// corner does not block.
func (o *Occluders) Blocked(from, to orb.Point) bool {
	if o == nil {
		return false
	}
	var buf [8]int
	return o.blocked(from, to, o.mounted(from, buf[:0]))
}

// Visible reports whether p lies in the sector and the sight line from the
// apex to p is not blocked: whether the camera s sees p. A nil *Occluders
// blocks nothing.
func (o *Occluders) Visible(s Sector, p orb.Point) bool {
	return s.Contains(p) && !o.Blocked(s.apex, p)
}

// VisiblePlace is Visible for a point that stands for a whole place, not a spot on
// the ground: the point a site without key points is judged by, which may lie inside
// the site's own building. The occluders that contain p are that place's buildings: a
// camera that sees their walls sees the place, so they do not hide p; any other
// occluder does.
func (o *Occluders) VisiblePlace(s Sector, p orb.Point) bool {
	if !s.Contains(p) {
		return false
	}
	if o == nil {
		return true
	}
	var buf [8]int
	ign := o.mounted(s.apex, buf[:0])
	o.polyIndex.Search(p, p, func(_, _ [2]float64, i int) bool {
		if in, _ := o.locate(i, p); in && !slices.Contains(ign, i) {
			ign = append(ign, i)
		}
		return true
	})
	return !o.blocked(s.apex, p, ign)
}

// mounted appends to ign the occluders that contain p or have their boundary
// within wallTolerance of it.
func (o *Occluders) mounted(p orb.Point, ign []int) []int {
	lo := [2]float64{p[0] - wallTolerance, p[1] - wallTolerance}
	hi := [2]float64{p[0] + wallTolerance, p[1] + wallTolerance}
	o.polyIndex.Search(lo, hi, func(_, _ [2]float64, i int) bool {
		if in, d2 := o.locate(i, p); in || d2 <= wallTolerance*wallTolerance {
			ign = append(ign, i)
		}
		return true
	})
	return ign
}

// locate reports whether p is inside polygon i (even-odd over all its rings)
// and its squared distance to the polygon's boundary.
func (o *Occluders) locate(i int, p orb.Point) (inside bool, d2 float64) {
	d2 = math.Inf(1)
	for _, e := range o.edges[o.first[i]:o.first[i+1]] {
		if (e.a[1] > p[1]) != (e.b[1] > p[1]) &&
			p[0] < e.a[0]+(p[1]-e.a[1])*(e.b[0]-e.a[0])/(e.b[1]-e.a[1]) {
			inside = !inside
		}
		d2 = min(d2, segmentDistance2(e.a, e.b, p))
	}
	return inside, d2
}

func (o *Occluders) blocked(from, to orb.Point, ign []int) bool {
	lo, hi := minMax(from, to)
	crossed, touched := false, false
	o.edgeIndex.Search(lo, hi, func(_, _ [2]float64, i int) bool {
		e := &o.edges[i]
		if slices.Contains(ign, e.poly) {
			return true
		}
		switch relate(from, to, e.a, e.b) {
		case crossing:
			crossed = true
			return false
		case touching:
			touched = true
		}
		return true
	})
	if crossed {
		return true
	}
	if !touched {
		// Without any contact the whole segment lies where from does, and
		// from is in no occluder that is not ignored.
		return false
	}
	return o.throughInterior(from, to, lo, hi, ign)
}

// throughInterior handles sight lines that meet occluder boundaries only at
// vertices or along edges: between consecutive contacts the segment is wholly
// inside or outside each occluder, so the midpoint of each piece decides.
func (o *Occluders) throughInterior(from, to orb.Point, lo, hi [2]float64, ign []int) bool {
	var buf [16]float64
	ts := append(buf[:0], 0, 1)
	vx, vy := to[0]-from[0], to[1]-from[1]
	vv := vx*vx + vy*vy
	param := func(p orb.Point) float64 {
		return ((p[0]-from[0])*vx + (p[1]-from[1])*vy) / vv
	}
	o.edgeIndex.Search(lo, hi, func(_, _ [2]float64, i int) bool {
		e := &o.edges[i]
		if slices.Contains(ign, e.poly) {
			return true
		}
		for _, p := range [2]orb.Point{e.a, e.b} {
			if orient(from, to, p) == 0 && inBox(from, to, p) {
				ts = append(ts, param(p))
			}
		}
		return true
	})
	slices.Sort(ts)
	for k := 1; k < len(ts); k++ {
		if ts[k]-ts[k-1] < 1e-12 {
			continue
		}
		t := (ts[k-1] + ts[k]) / 2
		if o.strictlyInside(orb.Point{from[0] + t*vx, from[1] + t*vy}, ign) {
			return true
		}
	}
	return false
}

// strictlyInside reports whether p is inside an occluder not in ign and more
// than boundaryEps from its boundary.
func (o *Occluders) strictlyInside(p orb.Point, ign []int) bool {
	found := false
	o.polyIndex.Search(p, p, func(_, _ [2]float64, i int) bool {
		if slices.Contains(ign, i) {
			return true
		}
		in, d2 := o.locate(i, p)
		found = in && d2 > boundaryEps*boundaryEps
		return !found
	})
	return found
}

type relation uint8

const (
	disjoint relation = iota
	touching
	crossing
)

// relate classifies segments pq and ab: crossing when they meet at a single
// point interior to both, touching when they meet otherwise.
func relate(p, q, a, b orb.Point) relation {
	oa, ob := orient(p, q, a), orient(p, q, b)
	op, oq := orient(a, b, p), orient(a, b, q)
	if ((oa > 0 && ob < 0) || (oa < 0 && ob > 0)) && ((op > 0 && oq < 0) || (op < 0 && oq > 0)) {
		return crossing
	}
	if (oa == 0 && inBox(p, q, a)) || (ob == 0 && inBox(p, q, b)) ||
		(op == 0 && inBox(a, b, p)) || (oq == 0 && inBox(a, b, q)) {
		return touching
	}
	return disjoint
}

// orient is twice the signed area of the triangle abc: positive when c lies
// to the left of a→b.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// inBox reports whether c lies in the bounding box of a and b.
func inBox(a, b, c orb.Point) bool {
	return min(a[0], b[0]) <= c[0] && c[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= c[1] && c[1] <= max(a[1], b[1])
}

func minMax(a, b orb.Point) (lo, hi [2]float64) {
	return [2]float64{min(a[0], b[0]), min(a[1], b[1])}, [2]float64{max(a[0], b[0]), max(a[1], b[1])}
}

// segmentDistance2 is the squared distance from p to the segment ab.
func segmentDistance2(a, b, p orb.Point) float64 {
	vx, vy := b[0]-a[0], b[1]-a[1]
	wx, wy := p[0]-a[0], p[1]-a[1]
	t := 0.0
	if vv := vx*vx + vy*vy; vv > 0 {
		t = min(max((wx*vx+wy*vy)/vv, 0), 1)
	}
	dx, dy := wx-t*vx, wy-t*vy
	return dx*dx + dy*dy
}
