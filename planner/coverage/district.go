package coverage

import (
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"cctvgis/geo"
)

// DistrictLocator finds the district polygon containing a WGS84 point: the one finder of
// the analysis, the API and the map, so that a feature has one district everywhere.
// Containment is tested in longitude/latitude, which is exact for a point in polygon; a
// point on a district's boundary lies in it. Each district is a geo.Region, whose edges
// are bucketed in bands, so that a point looks at the few edges beside it rather than at
// the whole outline: a real district has hundreds to tens of thousands of vertices, and
// a city hundreds of thousands of cameras to place. It is safe for concurrent use once
// built.
type DistrictLocator struct {
	districts []District
	regions   []*geo.Region
	tree      rtree.RTreeG[int]
}

// NewDistrictLocator indexes the districts by bound and prepares their polygons; a
// district whose geometry is not a polygon or multipolygon contains no point.
func NewDistrictLocator(ds []District) *DistrictLocator {
	x := &DistrictLocator{districts: ds, regions: make([]*geo.Region, len(ds))}
	for i, d := range ds {
		polys, _ := geo.Polygons(d.Geometry)
		x.regions[i] = geo.NewRegion(polys)
		b := x.regions[i].Bound()
		x.tree.Insert(b.Min, b.Max, i)
	}
	return x
}

// Find returns the name of the first district (in the order given) containing p, or ""
// when none does.
func (x *DistrictLocator) Find(p orb.Point) string {
	if k := x.find(p); k >= 0 {
		return x.districts[k].Name
	}
	return ""
}

// find returns the index of the first district containing p, -1 when none does.
func (x *DistrictLocator) find(p orb.Point) int {
	best := -1
	x.tree.Search(p, p, func(_, _ [2]float64, i int) bool {
		if (best < 0 || i < best) && x.regions[i].Contains(p) {
			best = i
		}
		return true
	})
	return best
}
