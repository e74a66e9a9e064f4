package coverage

import (
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"cctvgis/geo"
)

// MaxRepairChange is the largest share by which a repair may change an outline's area
// unless forced: a repair that changes more than 1 % is no longer mending rounding and
// digitising slips but redrawing the place, which someone should look at.
const MaxRepairChange = 0.01

// Repaired is a feature whose outline Layers.Repair made valid.
type Repaired struct {
	Layer string
	Index int
	ID    string
	// Done says what was done, as geo.Repair says it; What counts it (its Geometry nil).
	Done string
	What geo.Repair
	// Before and After are the outline's areas in square metres (geo.Area): before, as
	// ST_Area measures the invalid outline, a twisted lobe counting against the rest.
	Before, After float64
	// Forced is set when the repair changed the area by more than MaxRepairChange and was
	// kept because the caller forced it.
	Forced bool
}

// Change is the share by which the repair changed the area, +Inf from an area of 0.
func (r Repaired) Change() float64 {
	if r.Before == 0 {
		if r.After == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return (r.After - r.Before) / r.Before
}

// String says what was done to which feature and how its area changed, as the import
// report lists it.
func (r Repaired) String() string {
	return fmt.Sprintf("%s[%d] (id %q): %s; area %.0f m² → %.0f m² (%s)", r.Layer, r.Index, r.ID, r.Done, r.Before, r.After, changeText(r.Change()))
}

// changeText writes a change of area as a signed percentage.
func changeText(c float64) string {
	if math.IsInf(c, 1) {
		return "from nothing"
	}
	return fmt.Sprintf("%+.4f %%", 100*c)
}

// Repair makes the outlines of the layers of areas (sites drawn as areas, occluders,
// private spaces, districts) valid with geo.RepairOutline, as PostGIS's ST_MakeValid
// would, and returns the features it changed, in layer order, and how many it refused.
// It refuses an outline it
// cannot repair, and one whose area the repair would change by more than
// MaxRepairChange unless force: a refused feature keeps its outline, and Check rejects it
// with the reason. Call it after reading and before Check.
func (l *Layers) Repair(force bool) (done []Repaired, refused int) {
	var row Row
	for _, d := range layers {
		if d.Kinds&GeomAreas == 0 {
			continue
		}
		for i, n := 0, d.Len(l); i < n; i++ {
			g := l.outline(d, i)
			if _, ok := geo.Polygons(*g); !ok {
				continue
			}
			d.Get(l, i, &row)
			rep, err := geo.RepairOutline(*g)
			if err != nil {
				l.refuse(d, i, "cannot be repaired: "+strings.TrimPrefix(err.Error(), geo.ErrUnrepairable.Error()+": "))
				refused++
				continue
			}
			if !rep.Changed() {
				continue
			}
			r := Repaired{Layer: d.Name, Index: i, ID: row.Text[0], Done: rep.String(), Before: geo.Area(*g), After: geo.Area(rep.Geometry)}
			r.What, r.What.Geometry = rep, nil
			if c := math.Abs(r.Change()); c > MaxRepairChange {
				if !force {
					l.refuse(d, i, fmt.Sprintf("its repair (%s) would change its area from %.0f m² to %.0f m² (%s), more than the %g %% a repair may change unforced",
						r.Done, r.Before, r.After, changeText(r.Change()), 100*MaxRepairChange))
					refused++
					continue
				}
				r.Forced = true
			}
			*g = rep.Geometry
			done = append(done, r)
		}
	}
	return done, refused
}

// outline returns where feature i of the layer of areas d keeps its geometry.
func (l *Layers) outline(d *LayerDesc, i int) *orb.Geometry {
	switch d.Name {
	case LayerSites:
		return &l.Sites[i].Geometry
	case LayerOccluders:
		return &l.Occluders[i].Geometry
	case LayerPrivateSpaces:
		return &l.PrivateSpaces[i].Geometry
	case LayerDistricts:
		return &l.Districts[i].Geometry
	}
	panic("coverage: layer " + d.Name + " holds areas but Layers.outline does not know where")
}

// refuse records why feature i of layer d was not repaired, for Check to report.
func (l *Layers) refuse(d *LayerDesc, i int, reason string) {
	if l.refused[d.index] == nil {
		l.refused[d.index] = map[int]string{}
	}
	l.refused[d.index][i] = reason
}

// DistrictTopology returns where the districts overlap and the gaps they leave
// (geo.NewTopology), and the names of the districts it overlaid, which the overlaps'
// Outlines index. Districts whose outline Check rejects (refused repairs, invalid
// outlines) are left out.
func (l *Layers) DistrictTopology() (geo.Topology, []string, error) {
	d, _ := Desc(LayerDistricts)
	var names []string
	var outlines []orb.Geometry
	for i, dist := range l.Districts {
		if _, refused := l.refused[d.index][i]; refused || PolygonProblem(dist.Geometry) != "" {
			continue
		}
		names = append(names, dist.Name)
		outlines = append(outlines, dist.Geometry)
	}
	t, err := geo.NewTopology(outlines)
	return t, names, err
}
