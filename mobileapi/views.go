package mobileapi

import (
	"time"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// LoginRequest is the body of POST /auth/login.
type LoginRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// LoginResponse carries the bearer token, which is shown once and stored only hashed.
type LoginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      UserView  `json:"user"`
}

// UserView is a user as the API shows it: never the password hash.
type UserView struct {
	ID   string    `json:"id"`
	Name string    `json:"name"`
	Role auth.Role `json:"role"`
	// District limits what the user sees; "" is the whole store.
	District string `json:"district"`
}

func userView(u auth.User) UserView {
	return UserView{ID: u.ID, Name: u.Name, Role: u.Role, District: u.District}
}

// The kinds of task.
const (
	TaskConfirmViolation = "confirm_violation"
	TaskRecheckFinding   = "recheck_finding"
	TaskVerifyRectified  = "verify_rectification"
	TaskNeverInspected   = "never_inspected"
	TaskDue              = "due"
)

// Task is one check the caller should make.
type Task struct {
	Kind      string  `json:"kind"`
	CameraID  string  `json:"camera_id"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	DistanceM float64 `json:"distance_m"`
	// Reason says why, in words.
	Reason string `json:"reason"`
	// Rule is the provision behind a violation or finding to confirm.
	Rule *views.Cited `json:"rule,omitempty"`
	// Violation is the analysis's or the finding's violation id.
	Violation string `json:"violation,omitempty"`
	FindingID string `json:"finding_id,omitempty"`
	// Deadline is a finding's rectification deadline.
	Deadline rulebook.Date `json:"deadline,omitzero"`
	// LastInspectedAt is when a counting check last observed the camera.
	LastInspectedAt *time.Time `json:"last_inspected_at,omitempty"`
}

// TaskList is the answer of GET /tasks.
type TaskList struct {
	Tasks []Task `json:"tasks"`
}

// CameraSummary is a registered camera as the nearby list shows it.
type CameraSummary struct {
	ID         string              `json:"id"`
	Lat        float64             `json:"lat"`
	Lon        float64             `json:"lon"`
	AzimuthDeg float64             `json:"azimuth_deg"`
	HFOVDeg    float64             `json:"hfov_deg"`
	RangeM     float64             `json:"range_m"`
	HeightM    float64             `json:"height_m"`
	Owner      string              `json:"owner"`
	Investment coverage.Investment `json:"investment"`
	Status     string              `json:"status"`
	District   string              `json:"district"`
	// DistanceM is the distance from the point asked about, in the nearby list.
	DistanceM float64 `json:"distance_m"`
	// LastInspectedAt is when a counting check last observed the camera; null if never.
	LastInspectedAt *time.Time `json:"last_inspected_at"`
}

// CameraList is the answer of GET /cameras/nearby.
type CameraList struct {
	Cameras []CameraSummary `json:"cameras"`
}

// CameraDetail is one camera with what a patrol needs to know before checking it.
type CameraDetail struct {
	CameraSummary
	// LastInspection is the latest counting inspection of the camera; null if never.
	LastInspection *views.Inspection `json:"last_inspection"`
	// OpenFindings are its findings not yet verified.
	OpenFindings []views.Finding `json:"open_findings"`
	// Violations are what the analysis found against the camera, to confirm on site.
	Violations []ViolationView `json:"violations"`
}

// ViolationView is a violation of the analysis to confirm in the field.
type ViolationView struct {
	Rule string `json:"rule"`
	// Space is the private-space kind, for private_space_install.
	Space string `json:"space,omitempty"`
	// Zone and ZoneID are the government-only category and feature, for
	// unauthorized_builder.
	Zone   string `json:"zone,omitempty"`
	ZoneID string `json:"zone_id,omitempty"`
	views.Cited
}

// SubmissionBody is the body of POST /inspections: one field check as the phone sends it.
type SubmissionBody = views.Submission

// InspectionRecord is an inspection with its findings, the observations that gave none,
// and its photos.
type InspectionRecord struct {
	Inspection views.Inspection `json:"inspection"`
	Findings   []views.Finding  `json:"findings"`
	Skipped    []views.Skip     `json:"skipped"`
	Photos     []views.Photo    `json:"photos"`
}

// InspectionList is the answer of GET /inspections.
type InspectionList struct {
	Inspections []views.Inspection `json:"inspections"`
}

// ReviewRequest is a supervisor's decision on an inspection.
type ReviewRequest struct {
	State   inspect.ReviewState `json:"state"`
	Comment string              `json:"comment,omitempty"`
}

// PhotoView is a stored photo of an inspection.
type PhotoView = views.Photo

// SyncRequest is an offline queue: field checks as POST /inspections takes them. Each is
// decoded on its own, so one bad item does not spoil the others.
type SyncRequest struct {
	Inspections []SubmissionBody `json:"inspections"`
}

// SyncResult is what became of one item of a batch: the status POST /inspections would
// have answered, with its record or its error.
type SyncResult struct {
	Index  int                `json:"index"`
	ID     string             `json:"id"`
	Status int                `json:"status"`
	Record *InspectionRecord  `json:"record,omitempty"`
	Error  *httpapi.ErrorBody `json:"error,omitempty"`
}

// SyncResponse holds a result per item, in the order sent.
type SyncResponse struct {
	Results []SyncResult `json:"results"`
}

// FindingList is the answer of GET /findings.
type FindingList struct {
	Findings []views.Finding `json:"findings"`
}

// FindingView is a finding with its history.
type FindingView struct {
	Finding     views.Finding      `json:"finding"`
	Transitions []views.Transition `json:"transitions"`
}

// RectificationRequest is the owner's report of what was done.
type RectificationRequest struct {
	Note string `json:"note"`
}

// VerificationRequest names the later inspection that looked again: Confirmed true
// verifies the rectification, false reopens the finding.
type VerificationRequest struct {
	InspectionID string `json:"inspection_id"`
	Confirmed    bool   `json:"confirmed"`
}
