package planner

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Investment says who paid for a camera: government or not. Several rules (signage,
// networking, government-only zones) depend on it.
type Investment string

// The kinds of investment.
const (
	Government Investment = "government"
	Private    Investment = "private"
)

// Camera is one registered image capture device. Positions are WGS84 longitude/latitude.
type Camera struct {
	ID  string
	Pos orb.Point
	// Azimuth is the lens direction in degrees clockwise from north, 0 ≤ a < 360.
	Azimuth float64
	// HFOV is the horizontal field of view in degrees, 0 < f ≤ 360 (360: a full disc).
	HFOV float64
	// Range is the effective range in metres.
	Range      float64
	Owner      string
	Investment Investment
	// Height is the mount height in metres, 0 when unknown.
	Height float64
	Status string
}

// Site is a place of a category, given as a point or a polygon.
type Site struct {
	ID       string
	Category string
	Name     string
	District string
	// Geometry is an orb.Point, orb.Polygon or orb.MultiPolygon.
	Geometry orb.Geometry
}

// Entrance is a key point of a site (main entrance, passage, key part: 主要出入口、通道、重点部位).
type Entrance struct {
	SiteID string
	Pos    orb.Point
	Kind   string
}

// Road is a road segment of a class from the taxonomy's road categories.
type Road struct {
	ID    string
	Class string
	Name  string
	// Geometry is an orb.LineString or orb.MultiLineString.
	Geometry orb.Geometry
}

// Occluder is a footprint that blocks the view, usually a building.
type Occluder struct {
	ID string
	// Geometry is an orb.Polygon or orb.MultiPolygon.
	Geometry orb.Geometry
	Height   float64
}

// PrivateSpace is an area of a prohibited kind of private space (hotel rooms, baths, …).
type PrivateSpace struct {
	ID    string
	Space string
	// Geometry is an orb.Polygon or orb.MultiPolygon.
	Geometry orb.Geometry
}

// District is an administrative district used to group results.
type District struct {
	Name string
	// Geometry is an orb.Polygon or orb.MultiPolygon.
	Geometry orb.Geometry
}

// Layers is the whole input of an analysis, in WGS84.
type Layers struct {
	Sites         []Site
	Entrances     []Entrance
	Cameras       []Camera
	Roads         []Road
	Occluders     []Occluder
	PrivateSpaces []PrivateSpace
	Districts     []District
}

// The layer names used in rejections and error messages.
const (
	LayerSites         = "sites"
	LayerEntrances     = "entrances"
	LayerCameras       = "cameras"
	LayerRoads         = "roads"
	LayerOccluders     = "occluders"
	LayerPrivateSpaces = "private-spaces"
	LayerDistricts     = "districts"
)

// LayerNames returns the names of the layers in their one order: the order in which files
// are written, stores are filled and reports list them.
func LayerNames() []string {
	return []string{LayerSites, LayerEntrances, LayerCameras, LayerRoads, LayerOccluders, LayerPrivateSpaces, LayerDistricts}
}

// Len returns the number of features of the named layer, 0 for an unknown name.
func (l *Layers) Len(layer string) int {
	switch layer {
	case LayerSites:
		return len(l.Sites)
	case LayerEntrances:
		return len(l.Entrances)
	case LayerCameras:
		return len(l.Cameras)
	case LayerRoads:
		return len(l.Roads)
	case LayerOccluders:
		return len(l.Occluders)
	case LayerPrivateSpaces:
		return len(l.PrivateSpaces)
	case LayerDistricts:
		return len(l.Districts)
	}
	return 0
}

// Mark is how many features each layer held at one moment, so that a reader that fails
// part way can drop what it appended (see Layers.Mark and Layers.Truncate).
type Mark [7]int

// Mark records the length of every layer.
func (l *Layers) Mark() Mark {
	return Mark{len(l.Sites), len(l.Entrances), len(l.Cameras), len(l.Roads),
		len(l.Occluders), len(l.PrivateSpaces), len(l.Districts)}
}

// Truncate drops every feature appended since m was taken.
func (l *Layers) Truncate(m Mark) {
	l.Sites, l.Entrances, l.Cameras = l.Sites[:m[0]], l.Entrances[:m[1]], l.Cameras[:m[2]]
	l.Roads, l.Occluders = l.Roads[:m[3]], l.Occluders[:m[4]]
	l.PrivateSpaces, l.Districts = l.PrivateSpaces[:m[5]], l.Districts[:m[6]]
}

// Push appends v to s, doubling its capacity when it is full: append grows a large slice
// by a quarter, which would copy a layer of 250,000 cameras about twenty times. Readers
// that append one feature at a time use it.
func Push[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 64))
	}
	return append(s, v)
}

// Rejection is a feature that cannot be analysed, and why.
type Rejection struct {
	Layer string `json:"layer"`
	// Index is the feature's position in its layer, from 0.
	Index  int    `json:"index"`
	ID     string `json:"id"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

func (r Rejection) Error() string {
	id := ""
	if r.ID != "" {
		id = fmt.Sprintf(" (id %q)", r.ID)
	}
	return fmt.Sprintf("%s feature %d%s: %s: %s", r.Layer, r.Index, id, r.Field, r.Reason)
}

// Check finds the features that break the input contract: values out of range, duplicate
// ids (district names), unknown categories, space kinds or road classes, and entrances whose site does not
// exist. Geometry is checked by the loaders. It returns the rejections in layer order.
func (l *Layers) Check(t *Taxonomy) []Rejection { return l.CheckWithSites(t, nil) }

// CheckWithSites is Check for layers written into a store that already holds sites:
// entrances may also name the sites in stored.
func (l *Layers) CheckWithSites(t *Taxonomy, stored map[string]bool) []Rejection {
	var rej []Rejection
	add := func(layer string, i int, id, field, format string, args ...any) {
		rej = append(rej, Rejection{Layer: layer, Index: i, ID: id, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	// sites maps each site id to whether the site was accepted, so that the entrances of a
	// rejected site are rejected with it.
	sites := make(map[string]bool, len(l.Sites))
	for i, s := range l.Sites {
		n := len(rej)
		switch c, ok := t.Category(s.Category); {
		case s.ID == "":
			add(LayerSites, i, s.ID, "id", "missing")
		case sites[s.ID]:
			add(LayerSites, i, s.ID, "id", "duplicate id")
		case !ok:
			add(LayerSites, i, s.ID, "category", "unknown category %q (see cctvgis rules categories)", s.Category)
		case c.Kind == KindVehicle || c.Kind == KindRoad:
			add(LayerSites, i, s.ID, "category", "%q is a %s category, not a place", s.Category, c.Kind)
		}
		if _, seen := sites[s.ID]; !seen {
			sites[s.ID] = len(rej) == n
		}
	}
	for i, e := range l.Entrances {
		ok, known := sites[e.SiteID]
		if !known && stored[e.SiteID] {
			ok, known = true, true
		}
		switch {
		case !known:
			add(LayerEntrances, i, e.SiteID, "site_id", "no site has id %q", e.SiteID)
		case !ok:
			add(LayerEntrances, i, e.SiteID, "site_id", "its site %q was rejected", e.SiteID)
		}
	}
	cams := make(map[string]bool, len(l.Cameras))
	for i, c := range l.Cameras {
		switch {
		case c.ID == "":
			add(LayerCameras, i, c.ID, "id", "missing")
		case cams[c.ID]:
			add(LayerCameras, i, c.ID, "id", "duplicate id")
		case !(c.Azimuth >= 0 && c.Azimuth < 360):
			add(LayerCameras, i, c.ID, "azimuth", "%v is outside 0 ≤ azimuth < 360", c.Azimuth)
		case !(c.HFOV > 0 && c.HFOV <= 360):
			add(LayerCameras, i, c.ID, "hfov", "%v is outside 0 < hfov ≤ 360", c.HFOV)
		case !(c.Range > 0) || math.IsInf(c.Range, 0):
			add(LayerCameras, i, c.ID, "range", "%v is not a positive number of metres", c.Range)
		case c.Owner == "":
			add(LayerCameras, i, c.ID, "owner", "missing")
		case c.Investment != Government && c.Investment != Private:
			add(LayerCameras, i, c.ID, "investment", "%q is neither government nor private", c.Investment)
		case c.Height < 0 || math.IsNaN(c.Height):
			add(LayerCameras, i, c.ID, "height", "%v is not a height in metres", c.Height)
		}
		cams[c.ID] = true
	}
	roads := make(map[string]bool, len(l.Roads))
	for i, r := range l.Roads {
		switch c, ok := t.Category(r.Class); {
		case r.ID == "":
			add(LayerRoads, i, r.ID, "id", "missing")
		case roads[r.ID]:
			add(LayerRoads, i, r.ID, "id", "duplicate id")
		case !ok || c.Kind != KindRoad:
			add(LayerRoads, i, r.ID, "class", "unknown road class %q", r.Class)
		}
		roads[r.ID] = true
	}
	spaces := make(map[string]bool, len(l.PrivateSpaces))
	for i, p := range l.PrivateSpaces {
		switch _, ok := t.Space(p.Space); {
		case p.ID != "" && spaces[p.ID]:
			add(LayerPrivateSpaces, i, p.ID, "id", "duplicate id")
		case !ok:
			add(LayerPrivateSpaces, i, p.ID, "space", "unknown private space kind %q", p.Space)
		}
		spaces[p.ID] = true
	}
	// Occluders may come without ids (see AssignIDs), but two with the same id would be one
	// feature in a store.
	occluders := make(map[string]bool, len(l.Occluders))
	for i, o := range l.Occluders {
		if o.ID != "" && occluders[o.ID] {
			add(LayerOccluders, i, o.ID, "id", "duplicate id")
		}
		occluders[o.ID] = true
	}
	// A district is known by its name: a query names it, and a store keys it by it.
	districts := make(map[string]bool, len(l.Districts))
	for i, d := range l.Districts {
		switch {
		case d.Name == "":
			add(LayerDistricts, i, "", "name", "missing")
		case districts[d.Name]:
			add(LayerDistricts, i, d.Name, "name", "duplicate name")
		}
		districts[d.Name] = true
	}
	return rej
}

// Without returns a copy of the layers without the rejected features; rejections index
// into these layers, as Check returns them.
func (l *Layers) Without(rej []Rejection) *Layers {
	drop := map[string]map[int]bool{}
	for _, r := range rej {
		if drop[r.Layer] == nil {
			drop[r.Layer] = map[int]bool{}
		}
		drop[r.Layer][r.Index] = true
	}
	return &Layers{
		Sites:         keep(l.Sites, drop[LayerSites]),
		Entrances:     keep(l.Entrances, drop[LayerEntrances]),
		Cameras:       keep(l.Cameras, drop[LayerCameras]),
		Roads:         keep(l.Roads, drop[LayerRoads]),
		Occluders:     keep(l.Occluders, drop[LayerOccluders]),
		PrivateSpaces: keep(l.PrivateSpaces, drop[LayerPrivateSpaces]),
		Districts:     keep(l.Districts, drop[LayerDistricts]),
	}
}

func keep[T any](s []T, drop map[int]bool) []T {
	if len(drop) == 0 {
		return s
	}
	out := make([]T, 0, len(s)-len(drop))
	for i, v := range s {
		if !drop[i] {
			out = append(out, v)
		}
	}
	return out
}
