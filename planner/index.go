package planner

import (
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"cctvgis/geo"
)

// footprints is every camera's footprint in the local metric projection, indexed by the
// bounding box of its true arc. It is built once per run and read concurrently.
type footprints struct {
	proj    *geo.Projection
	sectors []geo.Sector
	tree    rtree.RTreeG[int32]
	// occluders is nil when the run ignores visibility.
	occluders *geo.Occluders
}

func newFootprints(proj *geo.Projection, cams []Camera, occ *geo.Occluders) *footprints {
	f := &footprints{proj: proj, sectors: make([]geo.Sector, len(cams)), occluders: occ}
	for i, c := range cams {
		s := geo.NewSector(proj.Forward(c.Pos), c.Azimuth, c.HFOV, c.Range)
		f.sectors[i] = s
		b := s.Bound()
		f.tree.Insert(b.Min, b.Max, int32(i))
	}
	return f
}

// sees reports whether camera i sees the projected point p: inside its sector and, when
// occluders are loaded, not hidden behind one.
func (f *footprints) sees(i int32, p orb.Point) bool {
	s := &f.sectors[i]
	if !s.Contains(p) {
		return false
	}
	return f.occluders == nil || !f.occluders.Blocked(s.Apex(), p)
}

// covering appends to dst the cameras that see the projected point p.
func (f *footprints) covering(p orb.Point, dst []int32) []int32 {
	f.tree.Search(p, p, func(_, _ [2]float64, i int32) bool {
		if f.sees(i, p) {
			dst = append(dst, i)
		}
		return true
	})
	return dst
}

// covered reports whether any camera sees the projected point p.
func (f *footprints) covered(p orb.Point) bool {
	found := false
	f.tree.Search(p, p, func(_, _ [2]float64, i int32) bool {
		found = f.sees(i, p)
		return !found
	})
	return found
}

// projectionCentre is the centre of the bounding box of the cameras, sites and roads,
// around which distances are measured.
func projectionCentre(l *Layers) orb.Point {
	var b orb.Bound
	first := true
	extend := func(g orb.Geometry) {
		if g == nil {
			return
		}
		if first {
			b, first = g.Bound(), false
			return
		}
		b = b.Union(g.Bound())
	}
	for _, c := range l.Cameras {
		extend(c.Pos)
	}
	for _, s := range l.Sites {
		extend(s.Geometry)
	}
	for _, r := range l.Roads {
		extend(r.Geometry)
	}
	if first {
		return orb.Point{}
	}
	return b.Center()
}
