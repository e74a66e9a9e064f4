package geo

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// ErrUnrepairable is the error of an outline RepairOutline cannot make valid.
var ErrUnrepairable = errors.New("geo: outline cannot be repaired")

// Repair is what RepairOutline did to an outline, counted by kind.
type Repair struct {
	// Geometry is the valid outline: the input itself when nothing needed doing, else a
	// Polygon, or a MultiPolygon when the outline fell into several parts.
	Geometry orb.Geometry
	// Repeated counts the positions dropped for equalling the one before.
	Repeated int
	// Closed counts the rings closed by repeating their first position.
	Closed int
	// Reversed counts the rings turned round: outer rings clockwise, holes counter-clockwise.
	Reversed int
	// Spikes counts the edges dropped because the outline runs along them there and back
	// (a spike), or two of its rings share them.
	Spikes int
	// Crossings counts the places where edges crossed, or touched or overlapped other
	// than at a shared end, and the positions a ring passed twice: where the outline was
	// split.
	Crossings int
	// Degenerate counts the rings dropped for having fewer than 3 distinct positions.
	Degenerate int
	// Regrouped is set when rings were reassigned by nesting without any of the above: a
	// part inside another part becomes a hole, a hole outside its shell a part.
	Regrouped bool
}

// Changed reports whether the outline needed repair.
func (r Repair) Changed() bool {
	return r.Repeated+r.Closed+r.Reversed+r.Spikes+r.Crossings+r.Degenerate > 0 || r.Regrouped
}

// String says what was done, such as "split at 3 self-intersections, dropped 1 spike",
// or "nothing" when nothing needed doing.
func (r Repair) String() string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, one)
		case n > 1:
			parts = append(parts, fmt.Sprintf(many, n))
		}
	}
	add(r.Crossings, "split at 1 self-intersection", "split at %d self-intersections")
	add(r.Spikes, "dropped 1 spike", "dropped %d spike edges")
	add(r.Repeated, "dropped 1 repeated position", "dropped %d repeated positions")
	add(r.Closed, "closed 1 ring", "closed %d rings")
	add(r.Reversed, "reversed 1 ring", "reversed %d rings")
	add(r.Degenerate, "dropped 1 ring of fewer than 3 positions", "dropped %d rings of fewer than 3 positions")
	if r.Regrouped {
		parts = append(parts, "regrouped nested rings")
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// RepairOutline makes a polygon or multipolygon in longitude/latitude a valid area as
// PostGIS's ST_MakeValid does, with edges straight in degrees: it drops repeated
// positions, closes open rings, splits the outline where its edges cross or touch, drops
// spikes, and rebuilds the area its rings enclose by the even-odd rule, so that a bow-tie
// becomes two triangles and a hole crossing its shell takes its bite out of it. Outer rings
// come out counter-clockwise and holes clockwise (RFC 7946), every ring simple, rings
// touching at most at a point. Once edges cross, the outline is snap rounded to 2⁻³⁰
// degree (about 0.1 mm): the crossings and every position become centres of its cells. Unlike ST_MakeValid it keeps only
// the area: the lines of spikes and collapsed rings are dropped. An outline that is
// already valid and well oriented is returned as it is.
//
// It fails with ErrUnrepairable on a position that is not a finite number, on an outline
// that encloses no area, and when the crossings do not resolve.
func RepairOutline(g orb.Geometry) (Repair, error) {
	polys, ok := Polygons(g)
	if !ok {
		return Repair{}, fmt.Errorf("%w: a %T is not a polygon or multipolygon", ErrUnrepairable, g)
	}
	var rep Repair
	var edges []seg
	shells, holes := 0, 0
	r := 0
	for _, poly := range polys {
		for k, ring := range poly {
			if i := slices.IndexFunc(ring, func(p orb.Point) bool { return !finite(p[0]) || !finite(p[1]) }); i >= 0 {
				return Repair{}, fmt.Errorf("%w: ring %d, position %d is not a finite number", ErrUnrepairable, r, i)
			}
			open := openRing(ring, &rep)
			r++
			if len(open) < 3 {
				rep.Degenerate++
				continue
			}
			rep.Crossings += touches(open)
			if k == 0 {
				shells++
			} else {
				holes++
			}
			if a := signedArea(open); k == 0 && a < 0 || k > 0 && a > 0 {
				rep.Reversed++
			}
			for i, p := range open {
				edges = append(edges, seg{p, open[(i+1)%len(open)], 0, int32(r - 1)})
			}
		}
	}
	noded, crossings, err := node(edges)
	if err != nil {
		return Repair{}, err
	}
	rep.Crossings += crossings
	if !rep.Changed() && shells+holes == 1 && r == 1 && !spiked(edges) {
		// One simple ring, well turned: the faces would give it back as it is.
		rep.Geometry = g
		return rep, nil
	}
	f := newFaces(noded, 1)
	rep.Spikes = f.doubled
	out := f.outline(0)
	if len(out) == 0 {
		return Repair{}, fmt.Errorf("%w: it encloses no area", ErrUnrepairable)
	}
	if !rep.Changed() {
		outHoles := 0
		for _, p := range out {
			outHoles += len(p) - 1
		}
		if len(out) == shells && outHoles == holes {
			rep.Geometry = g
			return rep, nil
		}
		rep.Regrouped = true
	}
	if len(out) == 1 {
		rep.Geometry = out[0]
	} else {
		rep.Geometry = out
	}
	return rep, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// openRing returns the ring without repeated positions nor the closing one, counting in rep
// the positions dropped and whether the ring was open.
func openRing(ring orb.Ring, rep *Repair) []orb.Point {
	open := make([]orb.Point, 0, len(ring))
	for _, p := range ring {
		if len(open) > 0 && open[len(open)-1] == p {
			rep.Repeated++
			continue
		}
		open = append(open, p)
	}
	switch n := len(open); {
	case n > 1 && open[0] == open[n-1]:
		open = open[:n-1]
	case n > 1:
		rep.Closed++
	}
	return open
}

// touches counts the positions a ring passes more than once, where it touches itself,
// but for the return from the tip of a spike (a, b, a).
func touches(open []orb.Point) int {
	seen := make(map[orb.Point]bool, len(open))
	n := 0
	for i, p := range open {
		if seen[p] && (i < 2 || open[i-2] != p) {
			n++
		}
		seen[p] = true
	}
	return n
}

// spiked reports whether the edges of a ring, in order, turn back on themselves at a
// vertex: a spike whose tip touches no other edge.
func spiked(edges []seg) bool {
	for i, e := range edges {
		if edges[(i+1)%len(edges)].b == e.a {
			return true
		}
	}
	return false
}

// signedArea is the area the positions enclose as a closed ring, in the square of their
// unit: positive counter-clockwise.
func signedArea(ps []orb.Point) float64 {
	if len(ps) == 0 {
		return 0
	}
	o := ps[0]
	a := 0.0
	for i, p := range ps {
		q := ps[(i+1)%len(ps)]
		a += (p[0]-o[0])*(q[1]-o[1]) - (q[0]-o[0])*(p[1]-o[1])
	}
	return a / 2
}

// outline returns the polygons of the faces that the outline labelled l holds, largest
// first: the simple rings of their cycles, outer rings counter-clockwise with the holes
// that lie in them.
func (f *faces) outline(l int) orb.MultiPolygon {
	seen := f.unseen()
	var shells, holes []orb.Ring
	for c := range f.cycles {
		if !f.cycles[c].labels.has(l) {
			continue
		}
		for _, r := range f.loops(int32(c), seen) {
			switch a := signedArea(r[:len(r)-1]); {
			case a > 0:
				shells = append(shells, r)
			case a < 0:
				holes = append(holes, r)
			}
		}
	}
	return assemble(shells, holes)
}

// assemble puts each hole in the smallest shell that holds it, and returns the polygons
// largest first. A hole in no shell is dropped.
func assemble(shells, holes []orb.Ring) orb.MultiPolygon {
	areas := make([]float64, len(shells))
	bounds := make([]orb.Bound, len(shells))
	order := make([]int, len(shells))
	for k, s := range shells {
		areas[k], bounds[k], order[k] = signedArea(s[:len(s)-1]), s.Bound(), k
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(areas[j], areas[i]) })
	polys := make([]orb.Polygon, len(shells))
	for k, s := range shells {
		polys[k] = orb.Polygon{s}
	}
	for _, h := range holes {
		best := -1
		for k, s := range shells {
			if (best < 0 || areas[k] < areas[best]) && bounds[k].Contains(h[0]) && ringHolds(s, h) {
				best = k
			}
		}
		if best >= 0 {
			polys[best] = append(polys[best], h)
		}
	}
	out := make(orb.MultiPolygon, len(order))
	for k, i := range order {
		out[k] = polys[i]
	}
	return out
}

// ringHolds reports whether the simple ring s holds the simple ring h, which it does not
// cross: whether s holds a position of h that is not one of its own, or failing that the
// middle of h's first edge.
func ringHolds(s, h orb.Ring) bool {
	for _, p := range h[:len(h)-1] {
		if in, on := inRing(s, p); !on {
			return in
		}
	}
	in, _ := inRing(s, orb.Point{(h[0][0] + h[1][0]) / 2, (h[0][1] + h[1][1]) / 2})
	return in
}

// inRing reports whether the closed ring r holds p by the even-odd rule, and whether p is
// one of r's positions.
func inRing(r orb.Ring, p orb.Point) (in, on bool) {
	for i := 0; i+1 < len(r); i++ {
		if r[i] == p {
			return false, true
		}
		if crossesEast(r[i], r[i+1], p) {
			in = !in
		}
	}
	return in, false
}
