package geo

import (
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Outline returns the union of the cells as polygons in the grid's coordinates: one
// polygon per 4-connected group, holes included, outer rings counter-clockwise and holes
// clockwise, with no vertex where the boundary runs straight on. Cells that touch only at
// a corner become separate polygons, so every ring is simple.
func (g Grid) Outline(cells []Cell) orb.MultiPolygon {
	in := make(map[Cell]bool, len(cells))
	for _, c := range cells {
		in[c] = true
	}
	// Boundary edges, each cell's sides that face outside the set, directed with the set
	// on their left, keyed by start corner.
	next := map[corner][]corner{}
	add := func(a, b corner) { next[a] = append(next[a], b) }
	for c := range in {
		i, j := c.I, c.J
		if !in[Cell{i, j - 1}] {
			add(corner{i, j}, corner{i + 1, j})
		}
		if !in[Cell{i + 1, j}] {
			add(corner{i + 1, j}, corner{i + 1, j + 1})
		}
		if !in[Cell{i, j + 1}] {
			add(corner{i + 1, j + 1}, corner{i, j + 1})
		}
		if !in[Cell{i - 1, j}] {
			add(corner{i, j + 1}, corner{i, j})
		}
	}
	// Trace rings from the lowest corners first, so the output does not depend on map order.
	starts := make([]corner, 0, len(next))
	for k := range next {
		starts = append(starts, k)
	}
	slices.SortFunc(starts, func(a, b corner) int {
		if a.j != b.j {
			return int(a.j - b.j)
		}
		return int(a.i - b.i)
	})
	var outers, holes []orb.Ring
	for _, s := range starts {
		for len(next[s]) > 0 {
			var ring []corner
			prev, at := s, s
			for {
				outs := next[at]
				k := 0
				if len(outs) > 1 {
					k = leftmost(prev, at, outs)
				}
				to := outs[k]
				next[at] = slices.Delete(outs, k, k+1)
				ring = append(ring, at)
				prev, at = at, to
				if at == s {
					break
				}
			}
			r := make(orb.Ring, 0, len(ring)+1)
			for k, c := range ring {
				p, q := ring[(k+len(ring)-1)%len(ring)], ring[(k+1)%len(ring)]
				if (c.i-p.i)*(q.j-c.j) == (c.j-p.j)*(q.i-c.i) {
					continue // straight on
				}
				r = append(r, orb.Point{g.Origin[0] + float64(c.i)*g.Size, g.Origin[1] + float64(c.j)*g.Size})
			}
			r = append(r, r[0])
			if planar.Area(r) > 0 {
				outers = append(outers, r)
			} else {
				holes = append(holes, r)
			}
		}
	}
	out := make(orb.MultiPolygon, len(outers))
	for k, r := range outers {
		out[k] = orb.Polygon{r}
	}
	for _, h := range holes {
		// The hole lies in the smallest outer ring that contains a point just inside the
		// set beside its first edge.
		a, b := h[0], h[1]
		probe := orb.Point{(a[0]+b[0])/2 - (b[1]-a[1])*1e-3, (a[1]+b[1])/2 + (b[0]-a[0])*1e-3}
		best, area := -1, 0.0
		for k, r := range outers {
			if ar := planar.Area(r); planar.RingContains(r, probe) && (best < 0 || ar < area) {
				best, area = k, ar
			}
		}
		if best >= 0 {
			out[best] = append(out[best], h)
		}
	}
	return out
}

// corner is a grid vertex: corner (i, j) is the lower left corner of cell (i, j).
type corner struct{ i, j int32 }

// leftmost picks, among the edges leaving corner at, the one that turns most to the left
// of the edge prev→at, so that rings split at corners where cells touch diagonally.
func leftmost(prev, at corner, outs []corner) int {
	inX, inY := at.i-prev.i, at.j-prev.j
	best, score := 0, -3
	for k, o := range outs {
		dX, dY := o.i-at.i, o.j-at.j
		cross, dot := inX*dY-inY*dX, inX*dX+inY*dY
		s := 0 // straight on
		switch {
		case cross > 0:
			s = 1 // left
		case cross < 0:
			s = -1 // right
		case dot < 0:
			s = -2 // back
		}
		if s > score {
			best, score = k, s
		}
	}
	return best
}
