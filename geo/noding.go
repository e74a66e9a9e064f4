package geo

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// nodingGrid is the grid, in degrees, that positions are snap rounded to once an
// outline's edges cross: 2⁻³⁰ degree, about 0.1 mm. A crossing computed in floating
// point lies only near both edges; splitting them there can make new crossings, and so on,
// whereas snap rounding ends at once.
const nodingGrid = 0x1p-30

// maxNodingRounds bounds the rounds of noding: each round splits the edges where they
// meet; after snap rounding, edges meet only where they lie on each other, which one
// round splits.
const maxNodingRounds = 32

// seg is a segment of ring ring of the outline labelled label.
type seg struct {
	a, b        orb.Point
	label, ring int32
}

// meeting is what meetings finds: for each edge, the positions to split it at; how many
// places break the rule of a valid outline; and whether two edges cross, which makes a
// new position.
type meeting struct {
	cuts     map[int][]orb.Point
	problems int
	crossed  bool
}

// node splits the edges where they cross, touch or overlap, until any two meet at most at
// a shared end. It returns the noded edges and the number of places where the edges as
// given break the rule of a valid outline: where they cross, overlap, or a ring touches
// itself other than at a shared end; another ring's vertex on an edge is allowed, though
// split at too. Where edges cross, the outline is snap rounded to nodingGrid (snapRound);
// where they only touch or overlap, they are split at the positions they have.
func node(edges []seg) ([]seg, int, error) {
	m := meetings(edges)
	found := m.problems
	for range maxNodingRounds {
		switch {
		case len(m.cuts) == 0:
			return edges, found, nil
		case m.crossed:
			edges = snapRound(edges, m.cuts)
		default:
			edges = split(edges, m.cuts)
		}
		m = meetings(edges)
	}
	return nil, 0, fmt.Errorf("%w: its crossings did not resolve in %d rounds of noding", ErrUnrepairable, maxNodingRounds)
}

// snapRound rounds the edges to nodingGrid by snap rounding (Hobby 1999; Guibas and
// Marimont 1998): every end and every place where edges meet (cuts) makes its grid cell
// hot, and each edge becomes the path through the centres of the hot cells it passes, in
// order along it. Edges so rounded meet only at their ends or lie on each other, so that
// no round of noding makes new crossings for the next.
func snapRound(edges []seg, cuts map[int][]orb.Point) []seg {
	hot := map[orb.Point]bool{}
	for i, e := range edges {
		hot[snap(e.a)], hot[snap(e.b)] = true, true
		for _, p := range cuts[i] {
			hot[snap(p)] = true
		}
	}
	var index rtree.RTreeG[orb.Point]
	for p := range hot {
		index.Insert(p, p, p)
	}
	const h = nodingGrid / 2
	var out []seg
	var path []orb.Point
	for _, e := range edges {
		lo, hi := minMax(e.a, e.b)
		from, to := snap(e.a), snap(e.b)
		path = append(path[:0], from)
		index.Search([2]float64{lo[0] - h, lo[1] - h}, [2]float64{hi[0] + h, hi[1] + h}, func(_, _ [2]float64, c orb.Point) bool {
			if c != from && c != to && passes(e.a, e.b, c, h) {
				path = append(path, c)
			}
			return true
		})
		d := orb.Point{e.b[0] - e.a[0], e.b[1] - e.a[1]}
		along := func(p orb.Point) float64 { return (p[0]-e.a[0])*d[0] + (p[1]-e.a[1])*d[1] }
		slices.SortFunc(path[1:], func(p, q orb.Point) int { return cmp.Compare(along(p), along(q)) })
		path = append(path, to)
		// The ends stay the ends, so that the rings stay closed walks.
		for k := 1; k < len(path); k++ {
			if path[k-1] != path[k] {
				out = append(out, seg{path[k-1], path[k], e.label, e.ring})
			}
		}
	}
	return out
}

// passes reports whether the segment ab passes through the square of half side h centred
// on c, boundary included.
func passes(a, b, c orb.Point, h float64) bool {
	if max(a[0], b[0]) < c[0]-h || min(a[0], b[0]) > c[0]+h || max(a[1], b[1]) < c[1]-h || min(a[1], b[1]) > c[1]+h {
		return false
	}
	left, right := false, false
	for _, q := range [4]orb.Point{{c[0] - h, c[1] - h}, {c[0] + h, c[1] - h}, {c[0] + h, c[1] + h}, {c[0] - h, c[1] + h}} {
		switch Orient(a, b, q) {
		case 1:
			left = true
		case -1:
			right = true
		default:
			return true
		}
	}
	return left && right
}

// snap rounds p to nodingGrid.
func snap(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]/nodingGrid) * nodingGrid, math.Round(p[1]/nodingGrid) * nodingGrid}
}

// meetings finds where edges meet other than at shared ends. The edges are swept in
// order of their smallest longitude, so that only edges whose boxes overlap are compared.
func meetings(edges []seg) meeting {
	order := make([]int, len(edges))
	for i := range order {
		order[i] = i
	}
	lo := func(i int) float64 { return min(edges[i].a[0], edges[i].b[0]) }
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(lo(i), lo(j)) })
	m := meeting{cuts: map[int][]orb.Point{}}
	for k, i := range order {
		s := &edges[i]
		hi := max(s.a[0], s.b[0])
		ylo, yhi := min(s.a[1], s.b[1]), max(s.a[1], s.b[1])
		for _, j := range order[k+1:] {
			if lo(j) > hi {
				break
			}
			t := &edges[j]
			if min(t.a[1], t.b[1]) > yhi || max(t.a[1], t.b[1]) < ylo {
				continue
			}
			m.meet(s, t, i, j)
		}
	}
	return m
}

// meet adds the positions where s (edge i) and t (edge j) meet other than at a shared
// end, as the exact Orient finds them.
func (m *meeting) meet(s, t *seg, i, j int) {
	o1, o2 := Orient(s.a, s.b, t.a), Orient(s.a, s.b, t.b)
	o3, o4 := Orient(t.a, t.b, s.a), Orient(t.a, t.b, s.b)
	if o1*o2 < 0 && o3*o4 < 0 {
		d3, d4 := orient(t.a, t.b, s.a), orient(t.a, t.b, s.b)
		u := min(max(d3/(d3-d4), 0), 1)
		x := orb.Point{s.a[0] + u*(s.b[0]-s.a[0]), s.a[1] + u*(s.b[1]-s.a[1])}
		m.cuts[i] = append(m.cuts[i], x)
		m.cuts[j] = append(m.cuts[j], x)
		m.problems++
		m.crossed = true
		return
	}
	met := false
	cut := func(k int, e *seg, p orb.Point) {
		if p != e.a && p != e.b && inBox(e.a, e.b, p) {
			m.cuts[k] = append(m.cuts[k], p)
			met = true
		}
	}
	// A position of one edge on the other, which includes the overlap of collinear edges.
	if o1 == 0 {
		cut(i, s, t.a)
	}
	if o2 == 0 {
		cut(i, s, t.b)
	}
	if o3 == 0 {
		cut(j, t, s.a)
	}
	if o4 == 0 {
		cut(j, t, s.b)
	}
	if met && (s.ring == t.ring || o1 == 0 && o2 == 0) {
		m.problems++
	}
}

// split cuts each edge at its positions in cuts, in order along it.
func split(edges []seg, cuts map[int][]orb.Point) []seg {
	out := make([]seg, 0, len(edges)+2*len(cuts))
	for i, e := range edges {
		ps := cuts[i]
		if len(ps) == 0 {
			out = append(out, e)
			continue
		}
		d := orb.Point{e.b[0] - e.a[0], e.b[1] - e.a[1]}
		along := func(p orb.Point) float64 { return (p[0]-e.a[0])*d[0] + (p[1]-e.a[1])*d[1] }
		slices.SortFunc(ps, func(p, q orb.Point) int { return cmp.Compare(along(p), along(q)) })
		from := e.a
		for _, p := range append(ps, e.b) {
			if p != from {
				out = append(out, seg{from, p, e.label, e.ring})
				from = p
			}
		}
	}
	return out
}
