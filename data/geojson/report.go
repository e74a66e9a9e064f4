package geojson

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

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
// Numbers are rounded to what they mean: lengths and areas in metres to 0.01 (and areas in
// hectares to 0.01 ha), shares to 0.001, scores to 0.001; categories and road classes carry
// their Chinese names beside their ids; keys are snake_case; lists are [] when empty,
// never null.
type Report struct {
	Rulebook    ReportRules         `json:"rulebook"`
	Options     ReportOptions       `json:"options"`
	Input       map[string]int      `json:"input"`
	Summary     ReportSummary       `json:"summary"`
	RoadClasses []ReportRoadClass   `json:"road_classes"`
	TopHotspots []ReportHotspot     `json:"top_hotspots"`
	Rejected    []planner.Rejection `json:"rejected"`
}

// ReportSummary is the analysis's summary with the names of the categories and its areas
// rounded.
type ReportSummary struct {
	planner.Summary
	ByCategory    []ReportCategory `json:"by_category"`
	HotspotAreaM2 float64          `json:"hotspot_area_m2"`
	HotspotAreaHa float64          `json:"hotspot_area_ha"`
}

// ReportCategory is the summary of one category, with its Chinese name.
type ReportCategory struct {
	planner.CategorySummary
	NameZh string `json:"name_zh"`
}

// ReportRoadClass is the coverage of one road class, with its Chinese name and rounded
// lengths and share.
type ReportRoadClass struct {
	planner.RoadClassResult
	NameZh string `json:"name_zh"`
}

// Rounding steps of the numbers the results give.
const (
	stepMetres = 0.01
	stepShare  = 0.001
	stepHa     = 0.01
)

// round rounds v to a multiple of step, giving the shortest decimal of that multiple.
func round(v, step float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(math.Round(v/step)*step, 'f', decimals(step), 64), 64)
	return r
}

func decimals(step float64) int { return max(0, int(math.Round(-math.Log10(step)))) }

// categoryZh returns the Chinese name of a category or road class, "" for an unknown id.
func categoryZh(t *planner.Taxonomy, id string) string {
	if t == nil {
		return ""
	}
	c, _ := t.Category(id)
	return c.Zh
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
	// HotspotExtentM is the most a hotspot spans east-west and north-south.
	HotspotExtentM float64 `json:"hotspot_extent_m"`
	// UnknownOwners says how cameras of unknown owner counted: none, one or each.
	UnknownOwners planner.UnknownOwners `json:"unknown_owners"`
	CRS           string                `json:"crs"`
}

// ReportHotspot is one of the worst hotspots, listed in report.json.
type ReportHotspot struct {
	ID      string  `json:"id"`
	Score   float64 `json:"score"`
	AreaM2  float64 `json:"area_m2"`
	Cameras int     `json:"cameras"`
	// GovernmentShare is the share of the cameras of government investment.
	GovernmentShare float64 `json:"government_share"`
	// Owners are the owners' names as given, sorted; OwnerCount is how many.
	Owners     []string  `json:"owners"`
	OwnerCount int       `json:"owner_count"`
	MaxOwners  int       `json:"max_owners"`
	Centre     orb.Point `json:"centre"`
}

// topHotspots is how many hotspots report.json lists; hotspots.geojson has them all.
const topHotspots = 20

// NewReport builds report.json's content from a result; t gives the categories' names.
func NewReport(l *planner.Layers, res *planner.Result, rejected []planner.Rejection, crs string, t *planner.Taxonomy) *Report {
	r := res.Rules
	rep := &Report{
		Rulebook: ReportRules{Code: r.Code, NameZh: r.NameZh, DocumentNo: r.DocumentNo, On: r.On, InForce: r.InForce,
			Baseline: r.Baseline, Warnings: append([]string{}, r.Warnings...)},
		Options: ReportOptions{GridM: res.Options.GridSize, MinOwners: res.Options.MinOwners, Occluders: res.Options.UseOccluders,
			RoadZoneWidthM: res.Options.RoadZoneWidth, PointZoneM: res.Options.PointZoneRadius,
			HotspotExtentM: res.Options.HotspotExtent, UnknownOwners: res.Options.UnknownOwners, CRS: crs},
		Input:       map[string]int{},
		Summary:     ReportSummary{Summary: res.Summary, ByCategory: []ReportCategory{}},
		RoadClasses: []ReportRoadClass{},
		TopHotspots: []ReportHotspot{},
		Rejected:    rejected,
	}
	for _, d := range planner.Descs() {
		// Layer names are kebab-case (private-spaces); report keys are snake_case.
		rep.Input[strings.ReplaceAll(d.Name, "-", "_")] = d.Len(l)
	}
	if rep.Rejected == nil {
		rep.Rejected = []planner.Rejection{}
	}
	s := &rep.Summary
	s.HotspotAreaM2 = round(res.Summary.HotspotAreaM2, stepMetres)
	s.HotspotAreaHa = round(res.Summary.HotspotAreaM2/10000, stepHa)
	for _, c := range res.Summary.ByCategory {
		s.ByCategory = append(s.ByCategory, ReportCategory{CategorySummary: c, NameZh: categoryZh(t, c.Category)})
	}
	for _, rc := range res.RoadClasses {
		rc.LengthM, rc.CoveredM, rc.Share = round(rc.LengthM, stepMetres), round(rc.CoveredM, stepMetres), round(rc.Share, stepShare)
		rep.RoadClasses = append(rep.RoadClasses, ReportRoadClass{RoadClassResult: rc, NameZh: categoryZh(t, rc.Class)})
	}
	for _, h := range res.Hotspots[:min(topHotspots, len(res.Hotspots))] {
		rep.TopHotspots = append(rep.TopHotspots, ReportHotspot{ID: h.ID, Score: round(h.Score, stepShare), AreaM2: round(h.AreaM2, stepMetres),
			Cameras: len(h.Cameras), GovernmentShare: round(h.GovernmentShare, stepShare), Owners: h.Owners, OwnerCount: len(h.Owners),
			MaxOwners: h.MaxOwners, Centre: roundPoint(h.Centre)})
	}
	return rep
}

// roundPoint rounds a lon/lat to 7 decimals (about 1 cm), as the layer files are written.
func roundPoint(p orb.Point) orb.Point { return orb.Point{round(p[0], 1e-7), round(p[1], 1e-7)} }

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
		f.Properties["length_m"] = round(r.Length, stepMetres)
		f.Properties["covered_m"] = round(r.CoveredLength, stepMetres)
		share := 0.0
		if r.Length > 0 {
			share = r.CoveredLength / r.Length
		}
		f.Properties["share"] = round(share, stepShare)
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
		f.Properties["score"] = round(h.Score, stepShare)
		f.Properties["area_m2"] = round(h.AreaM2, stepMetres)
		f.Properties["cells"] = len(h.Cells)
		f.Properties["max_owners"] = h.MaxOwners
		f.Properties["owners"] = h.Owners
		f.Properties["owner_count"] = len(h.Owners)
		f.Properties["government_share"] = round(h.GovernmentShare, stepShare)
		f.Properties["cameras"] = ids(l, h.Cameras)
		f.Properties["camera_count"] = len(h.Cameras)
		f.Properties["centre"] = roundPoint(h.Centre)
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
		f.Properties["penalties"] = append([]string{}, v.Penalties...)
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
