package coverage

import (
	"cctvgis/planner/rulebook"
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/tidwall/rtree"
)

// City is one state of a city, as a server answers from it: the layers as a store held
// them at one version, their analysis under the rules in force, one index of every
// camera's and site's id, place and district, and an editor of that state for plans and
// what-ifs. It never changes once built and is safe for concurrent use; a change of the
// store makes a new City.
//
// A feature has one district everywhere: a camera's is the district polygon it stands in;
// a site's is its own district property, else the polygon holding its first key point
// (see SiteResult.District). The map, the lists of gaps and the access checks all read it
// from here.
type City struct {
	// Version is the store's version the layers were read at.
	Version int64
	// Result is the analysis; Result.Layers are the layers.
	Result *Result

	ed      *Editor
	siteAt  map[string]int32
	cameras rtree.RTreeG[int32]
	// confirm are the violations of each camera that a patrol confirms on site.
	confirm map[int32][]Violation
}

// CityOptions are the options a city is analysed with by the server and plans are drafted
// with: the buildings hide what is behind them when the layers hold any.
func CityOptions(l *Layers) Options {
	return Options{UseOccluders: len(l.Occluders) > 0}
}

// fieldViolations are the rules of the analysis's violations that a patrol confirms on
// site: a camera in a private space, a non-government camera in a government-only zone.
var fieldViolations = []string{RulePrivateSpace, RuleGovernmentZone}

// NewCity analyses the layers (which must have passed Layers.Check) under rules with
// CityOptions and indexes them. The City keeps l: the caller must not change it.
func NewCity(ctx context.Context, l *Layers, rules *rulebook.EffectiveRules, t *rulebook.Taxonomy, version int64) (*City, error) {
	ed, err := NewEditor(ctx, l, rules, t, EditorOptions{Analysis: CityOptions(l)})
	if err != nil {
		return nil, err
	}
	c := &City{Version: version, Result: ed.Base(), ed: ed, siteAt: make(map[string]int32, len(l.Sites)),
		confirm: map[int32][]Violation{}}
	for i := range l.Sites {
		c.siteAt[l.Sites[i].ID] = int32(i)
	}
	for i := range l.Cameras {
		p := l.Cameras[i].Pos
		c.cameras.Insert(p, p, int32(i))
	}
	for _, v := range c.Result.Violations {
		if v.Camera >= 0 && slices.Contains(fieldViolations, v.Rule) {
			c.confirm[v.Camera] = append(c.confirm[v.Camera], v)
		}
	}
	return c, nil
}

// Layers are the city's layers.
func (c *City) Layers() *Layers { return c.Result.Layers }

// Camera returns the index of the camera with the given id.
func (c *City) Camera(id string) (int, bool) {
	i, ok := c.ed.ids[id]
	return int(i), ok
}

// CameraAt returns camera i and its district ("" outside every district).
func (c *City) CameraAt(i int) (*Camera, string) {
	return &c.Result.Layers.Cameras[i], c.Result.CameraDistrict(i)
}

// Lookup returns the values of the camera with the given id, for plans that change it.
func (c *City) Lookup(id string) (Camera, bool) {
	i, ok := c.ed.ids[id]
	if !ok {
		return Camera{}, false
	}
	return c.Result.Layers.Cameras[i], true
}

// Site returns the index of the site with the given id.
func (c *City) Site(id string) (int, bool) {
	i, ok := c.siteAt[id]
	return int(i), ok
}

// SiteAt returns site i and its district ("" outside every district).
func (c *City) SiteAt(i int) (*Site, string) {
	return &c.Result.Layers.Sites[i], c.Result.Sites[i].DistrictName()
}

// Violations returns the violations of camera i that a patrol confirms on site: a
// camera in a private space, a non-government camera in a government-only zone.
func (c *City) Violations(i int) []Violation { return c.confirm[int32(i)] }

// Near is a camera within reach of a point.
type Near struct {
	Index     int
	DistanceM float64
}

// Nearby returns the cameras within radius metres of p, nearest first (then by index), at
// most limit of them (all for 0), keeping only those of district when it is not "".
func (c *City) Nearby(p orb.Point, radius float64, district string, limit int) []Near {
	// A degree of latitude is at least 110.5 km, and of longitude cos(lat) of 111.3 km;
	// the box holds the circle, and the exact distance decides.
	dLat := radius / 110_500
	dLon := radius / (111_300 * math.Max(math.Cos(p[1]*math.Pi/180), 0.01))
	lo, hi := orb.Point{p[0] - dLon, p[1] - dLat}, orb.Point{p[0] + dLon, p[1] + dLat}
	var out []Near
	c.cameras.Search(lo, hi, func(_, _ [2]float64, i int32) bool {
		if district != "" && c.Result.CameraDistrict(int(i)) != district {
			return true
		}
		if d := orbgeo.Distance(p, c.Result.Layers.Cameras[i].Pos); d <= radius {
			out = append(out, Near{Index: int(i), DistanceM: d})
		}
		return true
	})
	slices.SortFunc(out, func(a, b Near) int {
		return cmp.Or(cmp.Compare(a.DistanceM, b.DistanceM), cmp.Compare(a.Index, b.Index))
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Editor returns an editor of the city, in its state, for the caller alone: a plan's
// draft, a what-if. It is a clone of the city's own, which is never edited.
func (c *City) Editor() *Editor { return c.ed.Clone() }
