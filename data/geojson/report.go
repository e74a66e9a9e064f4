package geojson

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
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
	Rulebook    ReportRules       `json:"rulebook"`
	Options     ReportOptions     `json:"options"`
	Input       map[string]int    `json:"input"`
	Summary     ReportSummary     `json:"summary"`
	RoadClasses []ReportRoadClass `json:"road_classes"`
	TopHotspots []ReportHotspot   `json:"top_hotspots"`
	Rejected    []views.Rejection `json:"rejected"`
}

// ReportSummary is the analysis's summary with the names of the categories and its areas
// rounded.
type ReportSummary struct {
	views.Summary
	ByCategory    []ReportCategory `json:"by_category"`
	HotspotAreaM2 float64          `json:"hotspot_area_m2"`
	HotspotAreaHa float64          `json:"hotspot_area_ha"`
}

// ReportCategory is the summary of one category, with its Chinese name.
type ReportCategory struct {
	views.CategorySummary
	NameZh string `json:"name_zh"`
}

// ReportRoadClass is the coverage of one road class, with its Chinese name and rounded
// lengths and share.
type ReportRoadClass struct {
	views.RoadClassResult
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
func categoryZh(t *rulebook.Taxonomy, id string) string {
	if t == nil {
		return ""
	}
	c, _ := t.Category(id)
	return c.Zh
}

// ReportRules names the rule set an analysis applied.
type ReportRules struct {
	Code       string             `json:"code"`
	NameZh     string             `json:"name_zh"`
	DocumentNo string             `json:"document_no"`
	On         rulebook.Date      `json:"on"`
	InForce    bool               `json:"in_force"`
	Baseline   *views.BaselineRef `json:"baseline"`
	Warnings   []string           `json:"warnings"`
}

// ReportOptions records the settings of an analysis.
type ReportOptions struct {
	GridM          float64 `json:"grid_m"`
	MinOwners      int     `json:"min_owners"`
	Occluders      bool    `json:"occluders"`
	RoadZoneWidthM float64 `json:"road_zone_width_m"`
	PointZoneM     float64 `json:"point_zone_radius_m"`
	// UnknownDirectionM is the radius of the disc a camera of unknown direction counts as
	// seeing.
	UnknownDirectionM float64 `json:"unknown_direction_range_m"`
	// HotspotExtentM is the most a hotspot spans east-west and north-south.
	HotspotExtentM float64 `json:"hotspot_extent_m"`
	// UnknownOwners says how cameras of unknown owner counted: none, one or each.
	UnknownOwners coverage.UnknownOwners `json:"unknown_owners"`
	CRS           string                 `json:"crs"`
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
func NewReport(l *coverage.Layers, res *coverage.Result, rejected []coverage.Rejection, crs string, t *rulebook.Taxonomy) *Report {
	r := res.Rules
	var baseline *views.BaselineRef
	if r.Baseline != nil {
		b := views.NewBaselineRef(*r.Baseline)
		baseline = &b
	}
	rep := &Report{
		Rulebook: ReportRules{Code: r.Code, NameZh: r.NameZh, DocumentNo: r.DocumentNo, On: r.On, InForce: r.InForce,
			Baseline: baseline, Warnings: append([]string{}, r.Warnings...)},
		Options: ReportOptions{GridM: res.Options.GridSize, MinOwners: res.Options.MinOwners, Occluders: res.Options.UseOccluders,
			RoadZoneWidthM: res.Options.RoadZoneWidth, PointZoneM: res.Options.PointZoneRadius,
			UnknownDirectionM: res.Options.UnknownDirectionRange, HotspotExtentM: res.Options.HotspotExtent,
			UnknownOwners: res.Options.UnknownOwners, CRS: crs},
		Input:       map[string]int{},
		Summary:     ReportSummary{Summary: views.NewSummary(res.Summary), ByCategory: []ReportCategory{}},
		RoadClasses: []ReportRoadClass{},
		TopHotspots: []ReportHotspot{},
		Rejected:    views.List(rejected, views.NewRejection),
	}
	for _, d := range coverage.Descs() {
		// Layer names are kebab-case (private-spaces); report keys are snake_case.
		rep.Input[strings.ReplaceAll(d.Name, "-", "_")] = d.Len(l)
	}
	s := &rep.Summary
	s.HotspotAreaM2 = round(res.Summary.HotspotAreaM2, stepMetres)
	s.HotspotAreaHa = round(res.Summary.HotspotAreaM2/10000, stepHa)
	for _, c := range res.Summary.ByCategory {
		s.ByCategory = append(s.ByCategory, ReportCategory{CategorySummary: views.NewCategorySummary(c), NameZh: categoryZh(t, c.Category)})
	}
	for _, rc := range res.RoadClasses {
		rc.LengthM, rc.CoveredM, rc.Share = round(rc.LengthM, stepMetres), round(rc.CoveredM, stepMetres), round(rc.Share, stepShare)
		rep.RoadClasses = append(rep.RoadClasses, ReportRoadClass{RoadClassResult: views.NewRoadClassResult(rc), NameZh: categoryZh(t, rc.Class)})
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
