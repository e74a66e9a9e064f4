package mobileapi

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/tidwall/rtree"

	"cctvgis/planner"
)

// City is the registry the API answers from: the store's cameras and sites, each with
// the district it lies in, indexed by id and by position, and the analysis of them under
// the server's rules (for the violations to confirm in the field). It is built once when
// the server starts and read concurrently afterwards.
type City struct {
	layers *planner.Layers
	// cameraAt and siteAt map ids to indexes in layers.
	cameraAt, siteAt map[string]int
	// cameraDistrict and siteDistrict are each feature's district, "" outside them all.
	cameraDistrict, siteDistrict []string
	cameras                      rtree.RTreeG[int]
	// confirm are the analysis's violations that an inspector should confirm on site, by
	// camera index.
	confirm map[int][]planner.Violation
}

// fieldViolations are the rules of the analysis's violations that a patrol confirms on
// site: a camera in a private space, a non-government camera in a government-only zone.
var fieldViolations = []string{planner.RulePrivateSpace, planner.RuleGovernmentZone}

// NewCity indexes the layers and the analysis of them. A camera's district is the district
// polygon it stands in; a site's is its own district field, else the district its first
// point stands in.
func NewCity(l *planner.Layers, res *planner.Result) *City {
	c := &City{
		layers:   l,
		cameraAt: make(map[string]int, len(l.Cameras)),
		siteAt:   make(map[string]int, len(l.Sites)),
		confirm:  map[int][]planner.Violation{},
	}
	in := planner.NewDistrictLocator(l.Districts)
	c.cameraDistrict = make([]string, len(l.Cameras))
	for i := range l.Cameras {
		cam := &l.Cameras[i]
		c.cameraAt[cam.ID] = i
		c.cameraDistrict[i] = in.Find(cam.Pos)
		c.cameras.Insert(cam.Pos, cam.Pos, i)
	}
	c.siteDistrict = make([]string, len(l.Sites))
	for i := range l.Sites {
		s := &l.Sites[i]
		c.siteAt[s.ID] = i
		c.siteDistrict[i] = s.District
		if s.District == "" {
			c.siteDistrict[i] = in.Find(firstPoint(s.Geometry))
		}
	}
	if res != nil {
		for _, v := range res.Violations {
			if v.Camera >= 0 && slices.Contains(fieldViolations, v.Rule) {
				c.confirm[int(v.Camera)] = append(c.confirm[int(v.Camera)], v)
			}
		}
	}
	return c
}

func firstPoint(g orb.Geometry) orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return g
	case orb.Polygon:
		if len(g) > 0 && len(g[0]) > 0 {
			return g[0][0]
		}
	case orb.MultiPolygon:
		if len(g) > 0 && len(g[0]) > 0 && len(g[0][0]) > 0 {
			return g[0][0][0]
		}
	}
	return orb.Point{math.NaN(), math.NaN()}
}

// Camera returns the camera with the given id and its district.
func (c *City) Camera(id string) (*planner.Camera, string, bool) {
	i, ok := c.cameraAt[id]
	if !ok {
		return nil, "", false
	}
	return &c.layers.Cameras[i], c.cameraDistrict[i], true
}

// Site returns the site with the given id and its district.
func (c *City) Site(id string) (*planner.Site, string, bool) {
	i, ok := c.siteAt[id]
	if !ok {
		return nil, "", false
	}
	return &c.layers.Sites[i], c.siteDistrict[i], true
}

// Violations returns the violations of the camera with the given id to confirm on site.
func (c *City) Violations(id string) []planner.Violation {
	return c.confirm[c.cameraAt[id]]
}

// Near is a camera within reach of a point.
type Near struct {
	Index     int
	DistanceM float64
}

// Nearby returns the cameras within radius metres of p, nearest first, at most limit of
// them, keeping only those of district when it is not "".
func (c *City) Nearby(p orb.Point, radius float64, district string, limit int) []Near {
	// A degree of latitude is at least 110.5 km, and of longitude cos(lat) of 111.3 km;
	// the box holds the circle, and the exact distance decides.
	dLat := radius / 110_500
	dLon := radius / (111_300 * math.Max(math.Cos(p[1]*math.Pi/180), 0.01))
	min, max := orb.Point{p[0] - dLon, p[1] - dLat}, orb.Point{p[0] + dLon, p[1] + dLat}
	var out []Near
	c.cameras.Search(min, max, func(_, _ [2]float64, i int) bool {
		if district != "" && c.cameraDistrict[i] != district {
			return true
		}
		if d := orbgeo.Distance(p, c.layers.Cameras[i].Pos); d <= radius {
			out = append(out, Near{Index: i, DistanceM: d})
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

// CameraAt returns camera i and its district.
func (c *City) CameraAt(i int) (*planner.Camera, string) {
	return &c.layers.Cameras[i], c.cameraDistrict[i]
}

// NumCameras is how many cameras the city has.
func (c *City) NumCameras() int { return len(c.layers.Cameras) }
