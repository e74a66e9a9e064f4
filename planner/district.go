package planner

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/rtree"
)

// DistrictLocator finds the district polygon containing a WGS84 point: the one finder of
// the analysis, the API and the map, so that a feature has one district everywhere.
// Containment is tested in longitude/latitude, which is exact for a point in polygon. It
// is safe for concurrent use once built.
type DistrictLocator struct {
	districts []District
	tree      rtree.RTreeG[int]
}

// NewDistrictLocator indexes the districts by bound.
func NewDistrictLocator(ds []District) *DistrictLocator {
	x := &DistrictLocator{districts: ds}
	for i, d := range ds {
		b := d.Geometry.Bound()
		x.tree.Insert(b.Min, b.Max, i)
	}
	return x
}

// Find returns the name of the first district (in the order given) containing p, or ""
// when none does.
func (x *DistrictLocator) Find(p orb.Point) string {
	best := -1
	x.tree.Search(p, p, func(_, _ [2]float64, i int) bool {
		if (best < 0 || i < best) && contains(x.districts[i].Geometry, p) {
			best = i
		}
		return true
	})
	if best < 0 {
		return ""
	}
	return x.districts[best].Name
}

func contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}
