package views

import (
	"github.com/paulmach/orb"

	"cctvgis/planner/coverage"
)

// Summary is coverage.Summary as the API and the command line show it.
type Summary struct {
	Sites               StatusCounts                `json:"sites"`
	MandatorySites      StatusCounts                `json:"mandatory_sites"`
	ByCategory          []CategorySummary           `json:"by_category"`
	ByDistrict          []DistrictSummary           `json:"by_district"`
	Cameras             int                         `json:"cameras"`
	CamerasByInvestment map[coverage.Investment]int `json:"cameras_by_investment"`
	UnknownOwnerCameras int                         `json:"unknown_owner_cameras"`
	Hotspots            int                         `json:"hotspots"`
	HotspotAreaM2       float64                     `json:"hotspot_area_m2"`
	HotCells            int                         `json:"hot_cells"`
	HotCellsByOwners    map[int]int                 `json:"hot_cells_by_owners"`
	Violations          map[string]int              `json:"violations"`
	ToVerify            VerifyCounts                `json:"to_verify"`
}

// NewSummary is the view of a coverage.Summary.
func NewSummary(v coverage.Summary) Summary {
	return Summary{
		Sites:               NewStatusCounts(v.Sites),
		MandatorySites:      NewStatusCounts(v.MandatorySites),
		ByCategory:          each(v.ByCategory, NewCategorySummary),
		ByDistrict:          each(v.ByDistrict, NewDistrictSummary),
		Cameras:             v.Cameras,
		CamerasByInvestment: v.CamerasByInvestment,
		UnknownOwnerCameras: v.UnknownOwnerCameras,
		Hotspots:            v.Hotspots,
		HotspotAreaM2:       v.HotspotAreaM2,
		HotCells:            v.HotCells,
		HotCellsByOwners:    v.HotCellsByOwners,
		Violations:          v.Violations,
		ToVerify:            NewVerifyCounts(v.ToVerify),
	}
}

// StatusCounts is coverage.StatusCounts as the API and the command line show it.
type StatusCounts struct {
	Total     int `json:"total"`
	Covered   int `json:"covered"`
	Partial   int `json:"partial"`
	Uncovered int `json:"uncovered"`
}

// NewStatusCounts is the view of a coverage.StatusCounts.
func NewStatusCounts(v coverage.StatusCounts) StatusCounts {
	return StatusCounts{
		Total:     v.Total,
		Covered:   v.Covered,
		Partial:   v.Partial,
		Uncovered: v.Uncovered,
	}
}

// CategorySummary is coverage.CategorySummary as the API and the command line show it.
type CategorySummary struct {
	Category  string `json:"category"`
	Mandatory bool   `json:"mandatory"`
	Citation  *Cited `json:"citation"`
	StatusCounts
}

// NewCategorySummary is the view of a coverage.CategorySummary.
func NewCategorySummary(v coverage.CategorySummary) CategorySummary {
	return CategorySummary{
		Category:     v.Category,
		Mandatory:    v.Mandatory,
		Citation:     opt(v.Citation, NewCited),
		StatusCounts: NewStatusCounts(v.StatusCounts),
	}
}

// DistrictSummary is coverage.DistrictSummary as the API and the command line show it.
type DistrictSummary struct {
	District       string       `json:"district"`
	Sites          StatusCounts `json:"sites"`
	MandatorySites StatusCounts `json:"mandatory_sites"`
	Cameras        int          `json:"cameras"`
}

// NewDistrictSummary is the view of a coverage.DistrictSummary.
func NewDistrictSummary(v coverage.DistrictSummary) DistrictSummary {
	return DistrictSummary{
		District:       v.District,
		Sites:          NewStatusCounts(v.Sites),
		MandatorySites: NewStatusCounts(v.MandatorySites),
		Cameras:        v.Cameras,
	}
}

// VerifyCounts is coverage.VerifyCounts as the API and the command line show it.
type VerifyCounts struct {
	UnknownDirection        int `json:"unknown_direction"`
	UnknownInvestment       int `json:"unknown_investment"`
	UnknownInvestmentInZone int `json:"unknown_investment_in_zone"`
}

// NewVerifyCounts is the view of a coverage.VerifyCounts.
func NewVerifyCounts(v coverage.VerifyCounts) VerifyCounts {
	return VerifyCounts{
		UnknownDirection:        v.UnknownDirection,
		UnknownInvestment:       v.UnknownInvestment,
		UnknownInvestmentInZone: v.UnknownInvestmentInZone,
	}
}

// SiteChange is coverage.SiteChange as the API and the command line show it.
type SiteChange struct {
	ID        string            `json:"id"`
	Mandatory bool              `json:"mandatory"`
	Before    coverage.Coverage `json:"before"`
	After     coverage.Coverage `json:"after"`
}

// NewSiteChange is the view of a coverage.SiteChange.
func NewSiteChange(v coverage.SiteChange) SiteChange {
	return SiteChange{
		ID:        v.ID,
		Mandatory: v.Mandatory,
		Before:    v.Before,
		After:     v.After,
	}
}

// Proposal is coverage.Proposal as the API and the command line show it.
type Proposal struct {
	ID       string                `json:"id"`
	Kind     coverage.ProposalKind `json:"kind"`
	CameraID string                `json:"camera_id,omitempty"`
	Camera   Camera                `json:"camera,omitzero"`
	To       orb.Point             `json:"to,omitzero"`
	Aim      Aim                   `json:"aim,omitzero"`
	Note     string                `json:"note,omitempty"`
}

// NewProposal is the view of a coverage.Proposal.
func NewProposal(v coverage.Proposal) Proposal {
	return Proposal{
		ID:       v.ID,
		Kind:     v.Kind,
		CameraID: v.CameraID,
		Camera:   NewCamera(v.Camera),
		To:       v.To,
		Aim:      NewAim(v.Aim),
		Note:     v.Note,
	}
}

// Domain is the coverage.Proposal a client sent.
func (v Proposal) Domain() coverage.Proposal {
	return coverage.Proposal{
		ID:       v.ID,
		Kind:     v.Kind,
		CameraID: v.CameraID,
		Camera:   v.Camera.Domain(),
		To:       v.To,
		Aim:      v.Aim.Domain(),
		Note:     v.Note,
	}
}

// Camera is coverage.Camera as the API and the command line show it.
type Camera struct {
	ID           string              `json:"id"`
	Pos          orb.Point           `json:"pos"`
	Azimuth      float64             `json:"azimuth"`
	HFOV         float64             `json:"hfov"`
	Range        float64             `json:"range"`
	Owner        string              `json:"owner"`
	Investment   coverage.Investment `json:"investment"`
	Height       float64             `json:"height,omitempty"`
	Status       string              `json:"status,omitempty"`
	Direction    coverage.Direction  `json:"direction,omitempty"`
	Surveillance string              `json:"surveillance,omitempty"`
	Mount        string              `json:"mount,omitempty"`
	Level        int                 `json:"level,omitempty"`
}

// NewCamera is the view of a coverage.Camera.
func NewCamera(v coverage.Camera) Camera {
	return Camera{
		ID:           v.ID,
		Pos:          v.Pos,
		Azimuth:      v.Azimuth,
		HFOV:         v.HFOV,
		Range:        v.Range,
		Owner:        v.Owner,
		Investment:   v.Investment,
		Height:       v.Height,
		Status:       v.Status,
		Direction:    v.Direction,
		Surveillance: v.Surveillance,
		Mount:        v.Mount,
		Level:        v.Level,
	}
}

// Domain is the coverage.Camera a client sent.
func (v Camera) Domain() coverage.Camera {
	return coverage.Camera{
		ID:           v.ID,
		Pos:          v.Pos,
		Azimuth:      v.Azimuth,
		HFOV:         v.HFOV,
		Range:        v.Range,
		Owner:        v.Owner,
		Investment:   v.Investment,
		Height:       v.Height,
		Status:       v.Status,
		Direction:    v.Direction,
		Surveillance: v.Surveillance,
		Mount:        v.Mount,
		Level:        v.Level,
	}
}

// Aim is coverage.Aim as the API and the command line show it.
type Aim struct {
	Azimuth float64 `json:"azimuth"`
	HFOV    float64 `json:"hfov"`
	Range   float64 `json:"range"`
}

// NewAim is the view of a coverage.Aim.
func NewAim(v coverage.Aim) Aim {
	return Aim{
		Azimuth: v.Azimuth,
		HFOV:    v.HFOV,
		Range:   v.Range,
	}
}

// Domain is the coverage.Aim a client sent.
func (v Aim) Domain() coverage.Aim {
	return coverage.Aim{
		Azimuth: v.Azimuth,
		HFOV:    v.HFOV,
		Range:   v.Range,
	}
}

// Totals is coverage.Totals as the API and the command line show it.
type Totals struct {
	Sites          StatusCounts      `json:"sites"`
	MandatorySites StatusCounts      `json:"mandatory_sites"`
	RoadClasses    []RoadClassResult `json:"road_classes"`
	HotCells       int               `json:"hot_cells"`
	HotAreaM2      float64           `json:"hot_area_m2"`
	Violations     map[string]int    `json:"violations"`
	Cameras        int               `json:"cameras"`
	ToVerify       VerifyCounts      `json:"to_verify"`
}

// NewTotals is the view of a coverage.Totals.
func NewTotals(v coverage.Totals) Totals {
	return Totals{
		Sites:          NewStatusCounts(v.Sites),
		MandatorySites: NewStatusCounts(v.MandatorySites),
		RoadClasses:    each(v.RoadClasses, NewRoadClassResult),
		HotCells:       v.HotCells,
		HotAreaM2:      v.HotAreaM2,
		Violations:     v.Violations,
		Cameras:        v.Cameras,
		ToVerify:       NewVerifyCounts(v.ToVerify),
	}
}

// RoadClassResult is coverage.RoadClassResult as the API and the command line show it.
type RoadClassResult struct {
	Class                string  `json:"class"`
	Mandatory            bool    `json:"mandatory"`
	Citation             *Cited  `json:"citation"`
	Roads                int     `json:"roads"`
	LengthM              float64 `json:"length_m"`
	CoveredM             float64 `json:"covered_m"`
	Share                float64 `json:"share"`
	Intersections        int     `json:"intersections"`
	IntersectionsCovered int     `json:"intersections_covered"`
}

// NewRoadClassResult is the view of a coverage.RoadClassResult.
func NewRoadClassResult(v coverage.RoadClassResult) RoadClassResult {
	return RoadClassResult{
		Class:                v.Class,
		Mandatory:            v.Mandatory,
		Citation:             opt(v.Citation, NewCited),
		Roads:                v.Roads,
		LengthM:              v.LengthM,
		CoveredM:             v.CoveredM,
		Share:                v.Share,
		Intersections:        v.Intersections,
		IntersectionsCovered: v.IntersectionsCovered,
	}
}

// Effect is coverage.Effect as the API and the command line show it.
type Effect struct {
	Proposal          string            `json:"proposal"`
	Before            Totals            `json:"before"`
	After             Totals            `json:"after"`
	Sites             []SiteChange      `json:"sites"`
	BecameCovered     []string          `json:"became_covered"`
	StillUncovered    []string          `json:"still_uncovered"`
	Roads             []RoadClassChange `json:"roads"`
	HotCellsAdded     []HotCell         `json:"hot_cells_added"`
	HotCellsRemoved   []HotCell         `json:"hot_cells_removed"`
	ViolationsAdded   []PlanViolation   `json:"violations_added"`
	ViolationsRemoved []PlanViolation   `json:"violations_removed"`
	Duplicate         *Duplicate        `json:"duplicate"`
}

// NewEffect is the view of a coverage.Effect.
func NewEffect(v coverage.Effect) Effect {
	return Effect{
		Proposal:          v.Proposal,
		Before:            NewTotals(v.Before),
		After:             NewTotals(v.After),
		Sites:             each(v.Sites, NewSiteChange),
		BecameCovered:     v.BecameCovered,
		StillUncovered:    v.StillUncovered,
		Roads:             each(v.Roads, NewRoadClassChange),
		HotCellsAdded:     each(v.HotCellsAdded, NewHotCell),
		HotCellsRemoved:   each(v.HotCellsRemoved, NewHotCell),
		ViolationsAdded:   each(v.ViolationsAdded, NewPlanViolation),
		ViolationsRemoved: each(v.ViolationsRemoved, NewPlanViolation),
		Duplicate:         opt(v.Duplicate, NewDuplicate),
	}
}

// RoadClassChange is coverage.RoadClassChange as the API and the command line show it.
type RoadClassChange struct {
	Class                      string  `json:"class"`
	Mandatory                  bool    `json:"mandatory"`
	ShareBefore                float64 `json:"share_before"`
	ShareAfter                 float64 `json:"share_after"`
	CoveredMBefore             float64 `json:"covered_m_before"`
	CoveredMAfter              float64 `json:"covered_m_after"`
	IntersectionsCoveredBefore int     `json:"intersections_covered_before"`
	IntersectionsCoveredAfter  int     `json:"intersections_covered_after"`
}

// NewRoadClassChange is the view of a coverage.RoadClassChange.
func NewRoadClassChange(v coverage.RoadClassChange) RoadClassChange {
	return RoadClassChange{
		Class:                      v.Class,
		Mandatory:                  v.Mandatory,
		ShareBefore:                v.ShareBefore,
		ShareAfter:                 v.ShareAfter,
		CoveredMBefore:             v.CoveredMBefore,
		CoveredMAfter:              v.CoveredMAfter,
		IntersectionsCoveredBefore: v.IntersectionsCoveredBefore,
		IntersectionsCoveredAfter:  v.IntersectionsCoveredAfter,
	}
}

// Cell is a cell of the analysis's grid by its column (I, eastwards) and row (J,
// northwards) from the grid's origin.
type Cell struct {
	I int32 `json:"i"`
	J int32 `json:"j"`
}

// HotCell is coverage.HotCell as the API and the command line show it.
type HotCell struct {
	Cell   Cell      `json:"cell"`
	Centre orb.Point `json:"centre"`
}

// NewHotCell is the view of a coverage.HotCell.
func NewHotCell(v coverage.HotCell) HotCell {
	return HotCell{
		Cell:   Cell{I: v.Cell.I, J: v.Cell.J},
		Centre: v.Centre,
	}
}

// PlanViolation is coverage.PlanViolation as the API and the command line show it.
type PlanViolation struct {
	Rule     string            `json:"rule"`
	CameraID string            `json:"camera_id,omitempty"`
	SiteID   string            `json:"site_id,omitempty"`
	Space    string            `json:"space,omitempty"`
	Zone     string            `json:"zone,omitempty"`
	ZoneID   string            `json:"zone_id,omitempty"`
	Coverage coverage.Coverage `json:"coverage,omitempty"`
	Cited
	Pos orb.Point `json:"pos"`
}

// NewPlanViolation is the view of a coverage.PlanViolation.
func NewPlanViolation(v coverage.PlanViolation) PlanViolation {
	return PlanViolation{
		Rule:     v.Rule,
		CameraID: v.CameraID,
		SiteID:   v.SiteID,
		Space:    v.Space,
		Zone:     v.Zone,
		ZoneID:   v.ZoneID,
		Coverage: v.Coverage,
		Cited:    NewCited(v.Cited),
		Pos:      v.Pos,
	}
}

// Duplicate is coverage.Duplicate as the API and the command line show it.
type Duplicate struct {
	Share     float64         `json:"share"`
	Threshold float64         `json:"threshold"`
	Provision *ProvisionEntry `json:"provision"`
}

// NewDuplicate is the view of a coverage.Duplicate.
func NewDuplicate(v coverage.Duplicate) Duplicate {
	return Duplicate{
		Share:     v.Share,
		Threshold: v.Threshold,
		Provision: opt(v.Provision, NewProvisionEntry),
	}
}

// each converts every element of a slice, keeping nil apart from empty.

// opt converts what a pointer points at, nil to nil.
