package geo

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// Overlap is where two or more outlines cover the same ground.
type Overlap struct {
	// Outlines are the overlapping outlines, by their index, ascending.
	Outlines []int
	// Area is the area in square metres of all the places these outlines share.
	Area float64
	// Parts counts those places, and At is a position on the largest one's outer ring.
	Parts int
	At    orb.Point
}

// Gap is a place that the outlines enclose and none covers.
type Gap struct {
	// Area is its area in square metres, and At a position on its outer ring.
	Area float64
	At   orb.Point
}

// Topology is how outlines that should tile a territory (a city's districts) fail to:
// where they overlap and where they leave gaps, each largest first.
type Topology struct {
	Overlaps []Overlap
	Gaps     []Gap
}

// NewTopology finds the overlaps and gaps of valid polygons and multipolygons in WGS84
// longitude/latitude (geometries of other types cover nothing). The outlines are overlaid
// with their edges split where they meet, as RepairOutline splits one outline's, and each
// face of the overlay is an overlap when two or more outlines hold it and a gap when none
// holds it but it is enclosed. Areas are measured as Area measures them, on one
// Projection centred on all the outlines.
func NewTopology(outlines []orb.Geometry) (Topology, error) {
	var edges []seg
	var box orb.Bound
	first := true
	rings := int32(0)
	for l, g := range outlines {
		polys, _ := Polygons(g)
		for _, poly := range polys {
			for _, ring := range poly {
				for i := 0; i+1 < len(ring); i++ {
					if ring[i] != ring[i+1] {
						edges = append(edges, seg{ring[i], ring[i+1], int32(l), rings})
					}
				}
				rings++
				if len(ring) > 0 {
					if first {
						box, first = ring.Bound(), false
					}
					box = box.Union(ring.Bound())
				}
			}
		}
	}
	if first {
		return Topology{}, nil
	}
	noded, _, err := node(edges)
	if err != nil {
		return Topology{}, fmt.Errorf("overlaying %d outlines: %w", len(outlines), err)
	}
	f := newFaces(noded, len(outlines))
	proj := NewProjection(box.Center())
	// A face is the place inside its counter-clockwise cycle less the groups of edges
	// inside it, each within the clockwise cycle around it.
	seen := f.unseen()
	type face struct {
		c      int
		shells []orb.Ring // the simple rings of its cycle that turn left
		area   float64
		listed bool // an overlap or a gap
	}
	var faces []face
	var groups []int
	for c, cy := range f.cycles {
		if cy.area < 0 {
			groups = append(groups, c)
			continue
		}
		fc := face{c: c, listed: cy.labels.count() != 1}
		for _, r := range f.loops(int32(c), seen) {
			if signedArea(r[:len(r)-1]) > 0 {
				fc.shells = append(fc.shells, r)
			}
		}
		if fc.listed {
			fc.area = f.metric(proj, c)
		}
		faces = append(faces, fc)
	}
	// Take each group out of the smallest face of another group that holds it.
	for _, g := range groups {
		ring := f.loops(int32(g), seen)[0]
		best := -1
		for k, fc := range faces {
			if f.cycles[fc.c].group == f.cycles[g].group || best >= 0 && f.cycles[fc.c].area >= f.cycles[faces[best].c].area {
				continue
			}
			for _, r := range fc.shells {
				if r.Bound().Contains(ring[0]) && ringHolds(r, ring) {
					best = k
					break
				}
			}
		}
		if best >= 0 && faces[best].listed {
			faces[best].area += f.metric(proj, g)
		}
	}
	var t Topology
	overlaps := map[string]int{}
	var largest []float64
	for _, fc := range faces {
		if !fc.listed {
			continue
		}
		ls := f.cycles[fc.c].labels
		if ls.count() == 0 {
			t.Gaps = append(t.Gaps, Gap{Area: fc.area, At: fc.shells[0][0]})
			continue
		}
		key := fmt.Sprint(ls.list())
		k, ok := overlaps[key]
		if !ok {
			k = len(t.Overlaps)
			overlaps[key] = k
			t.Overlaps = append(t.Overlaps, Overlap{Outlines: ls.list()})
			largest = append(largest, 0)
		}
		o := &t.Overlaps[k]
		if o.Parts == 0 || fc.area > largest[k] {
			o.At, largest[k] = fc.shells[0][0], fc.area
		}
		o.Area += fc.area
		o.Parts++
	}
	slices.SortStableFunc(t.Overlaps, func(a, b Overlap) int { return cmp.Compare(b.Area, a.Area) })
	slices.SortStableFunc(t.Gaps, func(a, b Gap) int { return cmp.Compare(b.Area, a.Area) })
	return t, nil
}

// metric is the signed area in square metres of cycle c on proj.
func (f *faces) metric(proj *Projection, c int) float64 {
	var xy []orb.Point
	f.walk(f.cycles[c].first, func(h int32) { xy = append(xy, proj.Forward(f.pts[f.from[h]])) })
	return signedArea(xy)
}
