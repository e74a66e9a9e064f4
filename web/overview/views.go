package overview

import (
	"cctvgis/inspect"
	"cctvgis/internal/views"
	"cctvgis/planner/rulebook"
)

// BBox is a bounding box in WGS84: west, south, east, north.
type BBox [4]float64

// CityView is the answer of GET /city: what the web map needs to frame the city and
// build its filters and summary panel.
type CityView struct {
	// Rulebook is the code of the rulebook the analysis applies.
	Rulebook       string `json:"rulebook"`
	NameZh         string `json:"name_zh"`
	NameEn         string `json:"name_en"`
	JurisdictionZh string `json:"jurisdiction_zh"`
	JurisdictionEn string `json:"jurisdiction_en"`
	// On is the day whose effective rules the analysis applies.
	On rulebook.Date `json:"on"`
	// BBox bounds the districts, cameras and sites together.
	BBox      BBox           `json:"bbox"`
	Districts []DistrictView `json:"districts"`
	// Categories are the taxonomy's categories that the city's sites or roads have or
	// that the rules make mandatory, in the taxonomy's order.
	Categories []CategoryView `json:"categories"`
	// Owners are the distinct camera owners, sorted, at most MaxOwners of them.
	Owners  []string      `json:"owners"`
	Summary views.Summary `json:"summary"`
	Layers  []LayerView   `json:"layers"`
	// Basemap is the raster base map the server was given; null when none.
	Basemap *Basemap `json:"basemap"`
}

// LayerView is a layer of the city's vector tiles, for the map's style: its name, the
// zooms it appears at and how many features it holds.
type LayerView struct {
	Name     string `json:"name"`
	MinZoom  int    `json:"minzoom"`
	MaxZoom  int    `json:"maxzoom"`
	Features int    `json:"features"`
}

// DistrictView is a district and its bounds.
type DistrictView struct {
	Name string `json:"name"`
	BBox BBox   `json:"bbox"`
}

// CategoryView is a category of place with its labels and kind, and whether the
// effective rules make it mandatory.
type CategoryView struct {
	views.Category
	Mandatory bool `json:"mandatory"`
}

// Basemap is a raster XYZ or WMTS tile URL template ({z}, {x}, {y}) and its attribution.
type Basemap struct {
	URL         string `json:"url"`
	Attribution string `json:"attribution"`
}

// GapList is the answer of GET /city/gaps.
type GapList struct {
	// Total is how many gaps match, before the limit.
	Total int   `json:"total"`
	Gaps  []Gap `json:"gaps"`
}

// Gap is a mandatory site that is not fully covered.
type Gap struct {
	SiteID   string `json:"site_id"`
	Name     string `json:"name"`
	Category string `json:"category"`
	// District is "" for a site outside every district.
	District string `json:"district"`
	// Coverage is none (no key point watched) or partial.
	Coverage string `json:"coverage"`
	// Lon and Lat are a point inside the site (coverage.PointInside): its centroid when
	// that lies inside it.
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

// The coverages of a gap.
const (
	GapNone    = "none"
	GapPartial = "partial"
)

// HotspotList is the answer of GET /city/hotspots.
type HotspotList struct {
	Total    int           `json:"total"`
	Hotspots []HotspotView `json:"hotspots"`
}

// HotspotView is a duplicate-build hotspot as the tiles' hotspots layer describes it, with
// its area and centre.
type HotspotView struct {
	ID string `json:"id"`
	// Rank is its place in the analysis's order, worst first, from 1.
	Rank  int     `json:"rank"`
	Score float64 `json:"score"`
	// Owners is how many distinct owners' cameras overlap in it.
	Owners int `json:"owners"`
	// OwnerNames are the first MaxHotspotOwnerNames of those owners' names, sorted.
	OwnerNames []string `json:"owner_names"`
	MaxOwners  int      `json:"max_owners"`
	Cameras    int      `json:"cameras"`
	// GovernmentShare is the share of its cameras of government investment.
	GovernmentShare float64 `json:"government_share"`
	AreaM2          float64 `json:"area_m2"`
	Lon             float64 `json:"lon"`
	Lat             float64 `json:"lat"`
}

// MaxHotspotOwnerNames is how many owners' names a HotspotView lists.
const MaxHotspotOwnerNames = 20

// FindingCollection is the answer of GET /city/findings: a GeoJSON FeatureCollection of
// findings at their camera's (else site's) position.
type FindingCollection struct {
	Type     string           `json:"type"`
	Features []FindingFeature `json:"features"`
	// Unplaced is how many findings matched but were left out for want of a known
	// position (their camera or site is no longer in the layers).
	Unplaced int `json:"unplaced"`
}

// FindingFeature is one finding as a GeoJSON Feature.
type FindingFeature struct {
	Type       string            `json:"type"`
	Geometry   PointGeometry     `json:"geometry"`
	Properties FindingProperties `json:"properties"`
}

// PointGeometry is a GeoJSON Point.
type PointGeometry struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// FindingProperties are a finding's properties on the map.
type FindingProperties struct {
	ID     string         `json:"id"`
	Kind   inspect.Kind   `json:"kind"`
	Status inspect.Status `json:"status"`
	// CameraID and SiteID are "" when the finding is not of a camera or a site.
	CameraID     string `json:"camera_id"`
	SiteID       string `json:"site_id"`
	InspectionID string `json:"inspection_id"`
	District     string `json:"district"`
	Violation    string `json:"violation"`
	// Citation is the provision the finding rests on, in Chinese (第十三条…), CitationEn
	// in English.
	Citation   string        `json:"citation"`
	CitationEn string        `json:"citation_en"`
	Deadline   rulebook.Date `json:"deadline"`
	Detail     string        `json:"detail"`
}
