package geo

import (
	"math/bits"
	"slices"

	"github.com/paulmach/orb"
)

// labels is a set of outlines, by their label, as bits.
type labels []uint64

func (s labels) has(l int) bool { return s[l/64]&(1<<(l%64)) != 0 }

func (s labels) xor(t labels) {
	for k := range s {
		s[k] ^= t[k]
	}
}

func (s labels) count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

func (s labels) list() []int {
	var out []int
	for k, w := range s {
		for w != 0 {
			out = append(out, k*64+bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
	return out
}

// faces is the planar subdivision made by noded edges: its vertices, its edges (each once,
// with the labels whose outlines pass along it an odd number of times) and the cycles that
// bound its faces. The place a cycle bounds is on its left: a counter-clockwise cycle is
// the outside of a bounded face, a clockwise one the outside of a connected group of
// edges, seen from the face around it. Each cycle knows the labels whose outlines hold its
// face by the even-odd rule, the rule of PostGIS's ST_MakeValid.
type faces struct {
	pts []orb.Point
	// from is the vertex a half-edge starts at; half-edges 2k and 2k+1 are edge k both ways.
	from []int32
	sets []labels // by edge
	// out lists the half-edges leaving each vertex counter-clockwise; at is the place of a
	// half-edge in its vertex's list.
	out [][]int32
	at  []int32
	// cycle is the cycle of each half-edge.
	cycle  []int32
	cycles []cycle
	// doubled counts the edges dropped because every outline passes along them an even
	// number of times: spikes, and edges two rings of one outline share.
	doubled int
}

// cycle is a closed walk of half-edges around a face.
type cycle struct {
	first  int32   // a half-edge of the cycle
	area   float64 // signed area in degrees², counter-clockwise positive
	group  int32   // the connected group of edges it belongs to
	labels labels
}

// newFaces builds the subdivision of noded edges labelled 0..n-1.
func newFaces(edges []seg, n int) *faces {
	words := (n + 63) / 64
	f := &faces{}
	vertex := map[orb.Point]int32{}
	id := func(p orb.Point) int32 {
		v, ok := vertex[p]
		if !ok {
			v = int32(len(f.pts))
			vertex[p] = v
			f.pts = append(f.pts, p)
		}
		return v
	}
	type key [2]orb.Point
	index := map[key]int{}
	for _, e := range edges {
		a, b := e.a, e.b
		if b[0] < a[0] || b[0] == a[0] && b[1] < a[1] {
			a, b = b, a
		}
		k, ok := index[key{a, b}]
		if !ok {
			k = len(f.sets)
			index[key{a, b}] = k
			f.sets = append(f.sets, make(labels, words))
			f.from = append(f.from, id(a), id(b))
		}
		f.sets[k][e.label/64] ^= 1 << (e.label % 64)
	}
	// Edges that no outline bounds by parity are not boundaries: drop them.
	kept := 0
	for k := range f.sets {
		if f.sets[k].count() == 0 {
			f.doubled++
			continue
		}
		f.sets[kept], f.from[2*kept], f.from[2*kept+1] = f.sets[k], f.from[2*k], f.from[2*k+1]
		kept++
	}
	f.sets, f.from = f.sets[:kept], f.from[:2*kept]
	f.out = make([][]int32, len(f.pts))
	for h := range f.from {
		f.out[f.from[h]] = append(f.out[f.from[h]], int32(h))
	}
	f.at = make([]int32, len(f.from))
	for v, hs := range f.out {
		o := f.pts[v]
		slices.SortFunc(hs, func(g, h int32) int { return byAngle(f.pts[f.from[g^1]], f.pts[f.from[h^1]], o) })
		for k, h := range hs {
			f.at[h] = int32(k)
		}
	}
	f.trace()
	f.label(words)
	return f
}

// byAngle orders the directions from o to p and to q counter-clockwise from east.
func byAngle(p, q, o orb.Point) int {
	upper := func(d orb.Point) bool { return d[1] > o[1] || d[1] == o[1] && d[0] > o[0] }
	if up, uq := upper(p), upper(q); up != uq {
		if up {
			return -1
		}
		return 1
	}
	return -Orient(o, p, q)
}

// next is the half-edge after h around the face on h's left: at h's end, the edge that
// turns most to the right back from h's twin.
func (f *faces) next(h int32) int32 {
	t := h ^ 1
	hs := f.out[f.from[t]]
	return hs[(int(f.at[t])+len(hs)-1)%len(hs)]
}

// walk calls fn with each half-edge of the cycle from first.
func (f *faces) walk(first int32, fn func(h int32)) {
	h := first
	for {
		fn(h)
		if h = f.next(h); h == first {
			return
		}
	}
}

// trace finds the cycles and the connected groups of edges.
func (f *faces) trace() {
	f.cycle = make([]int32, len(f.from))
	for h := range f.cycle {
		f.cycle[h] = -1
	}
	group := make([]int32, len(f.from)/2)
	for k := range group {
		group[k] = -1
	}
	groups := int32(0)
	for h0 := range f.from {
		if f.cycle[h0] >= 0 {
			continue
		}
		c := int32(len(f.cycles))
		o := f.pts[f.from[h0]]
		area, g := 0.0, int32(-1)
		f.walk(int32(h0), func(h int32) {
			f.cycle[h] = c
			p, q := f.pts[f.from[h]], f.pts[f.from[h^1]]
			area += (p[0]-o[0])*(q[1]-o[1]) - (q[0]-o[0])*(p[1]-o[1])
			if group[h/2] >= 0 {
				g = group[h/2]
			}
		})
		if g < 0 {
			// A new group: flood it through the twins of its half-edges.
			g = groups
			groups++
			stack := []int32{int32(h0)}
			group[h0/2] = g
			for len(stack) > 0 {
				h := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				for _, e := range [2]int32{f.next(h), f.next(h ^ 1)} {
					if group[e/2] < 0 {
						group[e/2] = g
						stack = append(stack, e)
					}
				}
			}
		}
		f.cycles = append(f.cycles, cycle{first: int32(h0), area: area / 2, group: g})
	}
}

// label finds the labels of each cycle's face. Within a group, crossing an edge changes
// the labels of its set; the outer cycle of a group (the clockwise one) sees the face
// around the group, whose labels are those whose outlines hold a vertex of the group by
// the even-odd rule over the other groups' edges.
func (f *faces) label(words int) {
	outer := map[int32]int32{}
	for c, cy := range f.cycles {
		if o, ok := outer[cy.group]; !ok || cy.area < f.cycles[o].area {
			outer[cy.group] = int32(c)
		}
	}
	var queue []int32
	for g := int32(0); int(g) < len(outer); g++ {
		c := outer[g]
		ls := make(labels, words)
		if len(outer) > 1 {
			f.around(f.pts[f.from[f.cycles[c].first]], g, ls)
		}
		f.cycles[c].labels = ls
		queue = append(queue, c)
	}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		f.walk(f.cycles[c].first, func(h int32) {
			d := f.cycle[h^1]
			if f.cycles[d].labels == nil {
				ls := slices.Clone(f.cycles[c].labels)
				ls.xor(f.sets[h/2])
				f.cycles[d].labels = ls
				queue = append(queue, d)
			}
		})
	}
}

// around sets in ls the labels whose edges outside group g hold p by the even-odd rule:
// those whose edges a ray from p eastwards crosses an odd number of times.
func (f *faces) around(p orb.Point, g int32, ls labels) {
	for k := range f.sets {
		if f.cycles[f.cycle[2*k]].group == g {
			continue
		}
		a, b := f.pts[f.from[2*k]], f.pts[f.from[2*k+1]]
		if crossesEast(a, b, p) {
			ls.xor(f.sets[k])
		}
	}
}

// crossesEast reports whether the ray from p eastwards crosses the edge ab, counting an
// end on the ray as above it, so that a ray through a vertex counts once.
func crossesEast(a, b, p orb.Point) bool {
	switch {
	case a[1] <= p[1] && b[1] > p[1]:
		return Orient(a, b, p) > 0
	case b[1] <= p[1] && a[1] > p[1]:
		return Orient(a, b, p) < 0
	}
	return false
}

// loops splits the cycle into simple rings where it passes a vertex twice, closed and in
// the cycle's direction; a ring's area has the sign of its turn.
func (f *faces) loops(c int32, seen []int32) []orb.Ring {
	var stack []int32
	var out []orb.Ring
	f.walk(f.cycles[c].first, func(h int32) {
		v := f.from[h]
		if k := seen[v]; k >= 0 {
			out = append(out, f.ring(stack[k:]))
			for _, u := range stack[k:] {
				seen[u] = -1
			}
			stack = stack[:k]
		}
		seen[v] = int32(len(stack))
		stack = append(stack, v)
	})
	if len(stack) > 0 {
		out = append(out, f.ring(stack))
	}
	for _, u := range stack {
		seen[u] = -1
	}
	return out
}

// ring returns the closed ring through vertices vs.
func (f *faces) ring(vs []int32) orb.Ring {
	r := make(orb.Ring, 0, len(vs)+1)
	for _, v := range vs {
		r = append(r, f.pts[v])
	}
	return append(r, r[0])
}

// unseen returns the buffer loops needs: one entry per vertex, all -1.
func (f *faces) unseen() []int32 {
	seen := make([]int32, len(f.pts))
	for k := range seen {
		seen[k] = -1
	}
	return seen
}
