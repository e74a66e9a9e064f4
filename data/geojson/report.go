package geojson

import (
	"context"
	"encoding/json"
	"io"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"cctvgis/planner"
)

// The files an analysis writes into its output folder.
const (
	ReportFile     = "report.json"
	SitesFile      = "sites.geojson"
	RoadsFile      = "roads.geojson"
	HotspotsFile   = "hotspots.geojson"
	ViolationsFile = "violations.geojson"
)

// Report is the content of report.json: what was analysed under which rules, and the totals.
type Report struct {
	Rulebook    ReportRules               `json:"rulebook"`
	Options     ReportOptions             `json:"options"`
	Input       map[string]int            `json:"input"`
	Summary     planner.Summary           `json:"summary"`
	RoadClasses []planner.RoadClassResult `json:"road_classes"`
	TopHotspots []ReportHotspot           `json:"top_hotspots"`
	Rejected    []planner.Rejection       `json:"rejected"`
}

// ReportRules names the rule set an analysis applied.
type ReportRules struct {
	Code       string               `json:"code"`
	NameZh     string               `json:"name_zh"`
	DocumentNo string               `json:"document_no"`
	On         planner.Date         `json:"on"`
	InForce    bool                 `json:"in_force"`
	Baseline   *planner.BaselineRef `json:"baseline"`
	Warnings   []string             `json:"warnings"`
}

// ReportOptions records the settings of an analysis.
type ReportOptions struct {
	GridM          float64 `json:"grid_m"`
	MinOwners      int     `json:"min_owners"`
	Occluders      bool    `json:"occluders"`
	RoadZoneWidthM float64 `json:"road_zone_width_m"`
	PointZoneM     float64 `json:"point_zone_radius_m"`
	CRS            string  `json:"crs"`
}

// ReportHotspot is one of the worst hotspots, listed in report.json.
type ReportHotspot struct {
	ID        string    `json:"id"`
	Score     float64   `json:"score"`
	AreaM2    float64   `json:"area_m2"`
	Cameras   int       `json:"cameras"`
	Owners    []string  `json:"owners"`
	MaxOwners int       `json:"max_owners"`
	Centre    orb.Point `json:"centre"`
}

// topHotspots is how many hotspots report.json lists; hotspots.geojson has them all.
const topHotspots = 20

// NewReport builds report.json's content from a result.
func NewReport(l *planner.Layers, res *planner.Result, rejected []planner.Rejection, crs string) *Report {
	r := res.Rules
	rep := &Report{
		Rulebook: ReportRules{Code: r.Code, NameZh: r.NameZh, DocumentNo: r.DocumentNo, On: r.On, InForce: r.InForce,
			Baseline: r.Baseline, Warnings: r.Warnings},
		Options: ReportOptions{GridM: res.Options.GridSize, MinOwners: res.Options.MinOwners, Occluders: res.Options.UseOccluders,
			RoadZoneWidthM: res.Options.RoadZoneWidth, PointZoneM: res.Options.PointZoneRadius, CRS: crs},
		Input: map[string]int{
			planner.LayerSites: len(l.Sites), planner.LayerEntrances: len(l.Entrances), planner.LayerCameras: len(l.Cameras),
			planner.LayerRoads: len(l.Roads), planner.LayerOccluders: len(l.Occluders),
			planner.LayerPrivateSpaces: len(l.PrivateSpaces), planner.LayerDistricts: len(l.Districts),
		},
		Summary:     res.Summary,
		RoadClasses: res.RoadClasses,
		TopHotspots: []ReportHotspot{},
		Rejected:    rejected,
	}
	if rep.Rejected == nil {
		rep.Rejected = []planner.Rejection{}
	}
	for _, h := range res.Hotspots[:min(topHotspots, len(res.Hotspots))] {
		rep.TopHotspots = append(rep.TopHotspots, ReportHotspot{ID: h.ID, Score: h.Score, AreaM2: h.AreaM2,
			Cameras: len(h.Cameras), Owners: h.Owners, MaxOwners: h.MaxOwners, Centre: h.Centre})
	}
	return rep
}

// WriteResults writes report.json, sites.geojson, roads.geojson, hotspots.geojson and
// violations.geojson into dir, all or none (see writeFiles).
func WriteResults(ctx context.Context, dir string, l *planner.Layers, res *planner.Result, rep *Report) error {
	features := func(build func(*planner.Layers, *planner.Result) *geojson.FeatureCollection) func(io.Writer) error {
		return func(w io.Writer) error { return json.NewEncoder(w).Encode(build(l, res)) }
	}
	return writeFiles(ctx, dir, []fileContent{
		{SitesFile, features(siteFeatures)},
		{RoadsFile, features(roadFeatures)},
		{HotspotsFile, features(hotspotFeatures)},
		{ViolationsFile, features(violationFeatures)},
		{ReportFile, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(rep)
		}},
	})
}

// ids returns the cameras' ids, sorted, so that results do not depend on the order the
// layers came in.
func ids(l *planner.Layers, idx []int32) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = l.Cameras[i].ID
	}
	slices.Sort(out)
	return out
}

func citeProps(p geojson.Properties, c planner.Cited) {
	p["article"] = c.Article
	p["item"] = c.Item
	p["citation"] = c.Citation
	p["citation_en"] = c.CitationEn
	p["source"] = c.Source
}

func siteFeatures(l *planner.Layers, res *planner.Result) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, r := range res.Sites {
		s := l.Sites[r.Site]
		f := geojson.NewFeature(s.Geometry)
		f.Properties["id"] = s.ID
		f.Properties["category"] = s.Category
		f.Properties["name"] = s.Name
		f.Properties["district"] = r.District
		f.Properties["mandatory"] = r.Mandatory
		f.Properties["coverage"] = r.Coverage
		f.Properties["covering_cameras"] = ids(l, r.Cameras)
		if r.Citation != nil {
			citeProps(f.Properties, *r.Citation)
		}
		kps := make([]map[string]any, len(r.KeyPoints))
		for k, kp := range r.KeyPoints {
			kps[k] = map[string]any{"kind": kp.Kind, "lon": kp.Pos[0], "lat": kp.Pos[1], "cameras": ids(l, kp.Cameras)}
		}
		f.Properties["key_points"] = kps
		f.Properties["implicit_key_point"] = r.Implicit
		fc.Append(f)
	}
	return fc
}

func roadFeatures(l *planner.Layers, res *planner.Result) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, r := range res.Roads {
		road := l.Roads[r.Road]
		f := geojson.NewFeature(road.Geometry)
		f.Properties["id"] = road.ID
		f.Properties["class"] = road.Class
		f.Properties["name"] = road.Name
		f.Properties["mandatory"] = r.Mandatory
		f.Properties["length_m"] = r.Length
		f.Properties["covered_m"] = r.CoveredLength
		share := 0.0
		if r.Length > 0 {
			share = r.CoveredLength / r.Length
		}
		f.Properties["share"] = share
		f.Properties["part"] = "road"
		fc.Append(f)
		if len(r.Covered) > 0 {
			c := geojson.NewFeature(r.Covered)
			c.Properties["id"] = road.ID
			c.Properties["class"] = road.Class
			c.Properties["part"] = "covered"
			fc.Append(c)
		}
	}
	return fc
}

func hotspotFeatures(l *planner.Layers, res *planner.Result) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for rank, h := range res.Hotspots {
		f := geojson.NewFeature(res.HotspotArea(&h))
		f.Properties["id"] = h.ID
		f.Properties["rank"] = rank + 1
		f.Properties["score"] = h.Score
		f.Properties["area_m2"] = h.AreaM2
		f.Properties["cells"] = len(h.Cells)
		f.Properties["max_owners"] = h.MaxOwners
		f.Properties["owners"] = h.Owners
		f.Properties["cameras"] = ids(l, h.Cameras)
		f.Properties["camera_count"] = len(h.Cameras)
		f.Properties["centre"] = h.Centre
		fc.Append(f)
	}
	return fc
}

func violationFeatures(l *planner.Layers, res *planner.Result) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, v := range res.Violations {
		f := geojson.NewFeature(v.Pos)
		f.Properties["rule"] = v.Rule
		citeProps(f.Properties, v.Cited)
		f.Properties["penalties"] = v.Penalties
		if v.Camera >= 0 {
			c := l.Cameras[v.Camera]
			f.Properties["camera_id"] = c.ID
			f.Properties["owner"] = c.Owner
		}
		if v.Site >= 0 {
			s := l.Sites[v.Site]
			f.Properties["site_id"] = s.ID
			f.Properties["category"] = s.Category
			f.Properties["coverage"] = v.Coverage
		}
		if v.Space != "" {
			f.Properties["space"] = v.Space
		}
		if v.Zone != "" {
			f.Properties["zone"] = v.Zone
			f.Properties["zone_id"] = v.ZoneID
		}
		fc.Append(f)
	}
	return fc
}
