package coverage

import (
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"cctvgis/geo"
)

// DistrictLocator finds the district polygon containing a WGS84 point: the one finder of
// the analysis, the API and the map, so that a feature has one district everywhere.
// Containment is tested in longitude/latitude, which is exact for a point in polygon; a
// point on a district's boundary lies in it.
//
// A point that several districts hold (on a boundary they share, or where their outlines
// overlap) goes to the smallest of them by area (geo.Area), and between districts of the
// same area to the one whose name sorts first: the rule does not depend on the order the
// districts come in, which differs between a file and each store; and where a district's
// outline was drawn without the hole of an enclave inside it, the enclave keeps its own
// points. Each district is a geo.Region, whose edges
// are bucketed in bands, so that a point looks at the few edges beside it rather than at
// the whole outline: a real district has hundreds to tens of thousands of vertices, and
// a city hundreds of thousands of cameras to place. It is safe for concurrent use once
// built.
type DistrictLocator struct {
	districts []District
	areas     []float64
	regions   []*geo.Region
	tree      rtree.RTreeG[int]
}

// NewDistrictLocator indexes the districts by bound and prepares their polygons; a
// district whose geometry is not a polygon or multipolygon contains no point.
func NewDistrictLocator(ds []District) *DistrictLocator {
	x := &DistrictLocator{districts: ds, areas: make([]float64, len(ds)), regions: make([]*geo.Region, len(ds))}
	for i, d := range ds {
		x.areas[i] = geo.Area(d.Geometry)
		polys, _ := geo.Polygons(d.Geometry)
		x.regions[i] = geo.NewRegion(polys)
		b := x.regions[i].Bound()
		x.tree.Insert(b.Min, b.Max, i)
	}
	return x
}

// Find returns the name of the district containing p, the smallest when several do, or ""
// when none does.
func (x *DistrictLocator) Find(p orb.Point) string {
	if k := x.find(p); k >= 0 {
		return x.districts[k].Name
	}
	return ""
}

// find returns the index of the district containing p, -1 when none does.
func (x *DistrictLocator) find(p orb.Point) int {
	best := -1
	x.tree.Search(p, p, func(_, _ [2]float64, i int) bool {
		if (best < 0 || x.before(i, best)) && x.regions[i].Contains(p) {
			best = i
		}
		return true
	})
	return best
}

// before reports whether district i takes the points it shares with district j: the
// smaller does, and of two of one area the one whose name sorts first.
func (x *DistrictLocator) before(i, j int) bool {
	if x.areas[i] != x.areas[j] {
		return x.areas[i] < x.areas[j]
	}
	return x.districts[i].Name < x.districts[j].Name
}
