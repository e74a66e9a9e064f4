package plans

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"cctvgis/internal/httpapi"
	"cctvgis/internal/views"
	"cctvgis/planner/plan"
)

// NewPlanRequest starts a plan.
type NewPlanRequest struct {
	Title string `json:"title"`
	// District is the district scope, "" for the whole jurisdiction.
	District string `json:"district"`
}

// PlanSummary is a plan in a list.
type PlanSummary struct {
	ID             string         `json:"id"`
	Title          string         `json:"title"`
	Rulebook       string         `json:"rulebook"`
	District       string         `json:"district"`
	Author         string         `json:"author"`
	CreatedAt      time.Time      `json:"created_at"`
	State          plan.PlanState `json:"state"`
	Stage          string         `json:"stage"`
	Versions       int            `json:"versions"`
	DraftProposals int            `json:"draft_proposals"`
}

// PlanList is the answer of GET /plans.
type PlanList struct {
	Plans []PlanSummary `json:"plans"`
}

// PlanView is a plan whole, its stored revision, and the totals of the city with its draft
// applied.
type PlanView struct {
	Plan     views.Plan   `json:"plan"`
	Revision int64        `json:"revision"`
	Totals   views.Totals `json:"totals"`
	// DraftSites are the sites whose coverage the draft changes, for the map to recolour.
	DraftSites []views.SiteChange `json:"draft_sites"`
	// People are the names of the users the plan mentions, by id.
	People map[string]string `json:"people"`
	// Outdated says which proposal of the draft no longer fits the city (a camera taken
	// down meanwhile, a place now refused), when one does not: the totals are then those
	// of the city without the draft, and the proposal must be withdrawn or changed.
	Outdated *httpapi.Problem `json:"outdated,omitempty"`
}

// ProposalBody is a proposal as a client sends it; the server assigns its id (and a new
// camera's id when empty).
type ProposalBody = views.Proposal

// EditResult is what an edit answers: the proposal as stored (or withdrawn), its live
// effect, and the plan's new revision.
type EditResult struct {
	Proposal views.Proposal `json:"proposal"`
	Effect   views.Effect   `json:"effect"`
	Revision int64          `json:"revision"`
}

// ReviewRequest is a reviewer's decision at a stage.
type ReviewRequest struct {
	Stage    string        `json:"stage"`
	Decision plan.Decision `json:"decision"`
	// Note is a remark, and for a return the reason (required).
	Note string `json:"note"`
}

// CommentRequest is a comment on a place (Lon and Lat) or on a proposal.
type CommentRequest struct {
	Text     string   `json:"text"`
	Lon      *float64 `json:"lon,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Proposal string   `json:"proposal,omitempty"`
}

// ApplyRequest names the approved version to write into the camera layer; 0 or no body
// is the last approved version.
type ApplyRequest struct {
	Version int `json:"version,omitempty"`
}

// ApplyResult is the change written and the plan's new revision.
type ApplyResult struct {
	Change   views.CameraChange `json:"change"`
	Revision int64              `json:"revision"`
}

// newID is a plan id: "plan-" and 12 random hex digits.
func newID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "plan-" + hex.EncodeToString(b[:])
}
