package mobileapi

import (
	"github.com/labstack/echo/v4"

	"cctvgis/auth"
)

// Endpoint is one route: how the server serves it and how the OpenAPI document describes
// it, from the same values. Other packages add theirs through Deps.Endpoints, so that the
// API has one route table and one document.
type Endpoint struct {
	Method, Path string
	Summary      string
	// Roles may call the route; nil means no login is needed. The handler finds the
	// caller with Caller.
	Roles  []auth.Role
	Params []Param
	// Body is the JSON request body's type (a zero value), nil for none.
	Body any
	// Form describes a multipart/form-data body.
	Form []Param
	// Responses maps each success status to its body: a value of the JSON body's type,
	// nil for none, []byte for a photo's bytes, or a Binary for another media type.
	Responses map[int]any
	// Errors lists the error statuses the route answers besides 401/403/500.
	Errors []int
	Handle echo.HandlerFunc
}

// Binary is a response body of raw bytes of a media type, such as a vector tile.
type Binary struct{ MediaType string }

// Param is a path, query or form parameter.
type Param struct {
	In, Name, Type, Description string
	Required                    bool
}

// PathParam is a required path parameter.
func PathParam(name, typ, description string) Param {
	return Param{In: "path", Name: name, Type: typ, Description: description, Required: true}
}

func pathID(name, description string) Param { return PathParam(name, "string", description) }

func queryParam(name, typ, description string, required bool) Param {
	return Param{In: "query", Name: name, Type: typ, Description: description, Required: required}
}

// The roles of the routes.
var (
	anyone      = []auth.Role{auth.RoleInspector, auth.RoleSupervisor, auth.RolePlanner, auth.RoleReviewer, auth.RoleAdmin}
	fieldStaff  = []auth.Role{auth.RoleInspector, auth.RoleSupervisor, auth.RoleAdmin}
	supervisors = []auth.Role{auth.RoleSupervisor, auth.RoleAdmin}
)

// APIBase is the path prefix of the versioned API.
const APIBase = "/api/v1"

func (s *Server) endpoints() []Endpoint {
	lat := queryParam("lat", "number", "latitude of the phone, WGS84 degrees", true)
	lon := queryParam("lon", "number", "longitude of the phone, WGS84 degrees", true)
	return append([]Endpoint{
		{Method: "GET", Path: "/healthz", Summary: "The process is up.",
			Responses: map[int]any{200: Status{}}, Handle: s.healthz},
		{Method: "GET", Path: "/readyz", Summary: "The store is reachable.",
			Responses: map[int]any{200: Status{}}, Errors: []int{503}, Handle: s.readyz},
		{Method: "GET", Path: APIBase + "/openapi.json", Summary: "This document.",
			Responses: map[int]any{200: map[string]any{}}, Handle: s.openapi},
		{Method: "POST", Path: APIBase + "/auth/login", Summary: "Log in; answers a bearer token. Repeated failures are slowed, then refused (429).",
			Body: LoginRequest{}, Responses: map[int]any{200: LoginResponse{}}, Errors: []int{400, 401, 413, 429}, Handle: s.login},
		{Method: "POST", Path: APIBase + "/auth/logout", Summary: "Revoke the token of the request.",
			Roles: anyone, Responses: map[int]any{204: nil}, Handle: s.logout},
		{Method: "GET", Path: APIBase + "/me", Summary: "The logged-in user.",
			Roles: anyone, Responses: map[int]any{200: UserView{}}, Handle: s.me},
		{Method: "GET", Path: APIBase + "/tasks", Summary: "The caller's checks to do, nearest first.",
			Roles: fieldStaff, Params: []Param{lat, lon,
				queryParam("radius_m", "number", "how far to look, metres (default 3000, at most 50000)", false),
				queryParam("limit", "integer", "most tasks to return (default 100, at most 1000)", false)},
			Responses: map[int]any{200: TaskList{}}, Errors: []int{422}, Handle: s.tasks},
		{Method: "GET", Path: APIBase + "/cameras/nearby", Summary: "Registered cameras near a point, nearest first.",
			Roles: fieldStaff, Params: []Param{lat, lon,
				queryParam("radius_m", "number", "how far to look, metres (default 500, at most 5000)", false),
				queryParam("limit", "integer", "most cameras to return (default 100, at most 1000)", false)},
			Responses: map[int]any{200: CameraList{}}, Errors: []int{422}, Handle: s.nearby},
		{Method: "GET", Path: APIBase + "/cameras/{id}", Summary: "A registered camera with its last inspection and open findings (for the phone app and the web map).",
			Roles: anyone, Params: []Param{pathID("id", "camera id")},
			Responses: map[int]any{200: CameraDetail{}}, Errors: []int{404}, Handle: s.camera},
		{Method: "POST", Path: APIBase + "/inspections", Summary: "Record one field check. The client makes its id: the same id and body again answers 200 with the original; the same id with another body 409.",
			Roles: fieldStaff, Body: SubmissionBody{}, Responses: map[int]any{201: InspectionRecord{}, 200: InspectionRecord{}},
			Errors: []int{400, 404, 409, 413, 422}, Handle: s.postInspection},
		{Method: "GET", Path: APIBase + "/inspections", Summary: "Inspections, latest observation first (supervisors' review queue with review=received).",
			Roles: fieldStaff, Params: []Param{
				queryParam("camera_id", "string", "only this camera's", false),
				queryParam("review", "string", "only in this review state: received, approved, has_issues, rejected", false),
				queryParam("limit", "integer", "most inspections to return (default 100, at most 1000)", false)},
			Responses: map[int]any{200: InspectionList{}}, Errors: []int{422}, Handle: s.listInspections},
		{Method: "GET", Path: APIBase + "/inspections/{id}", Summary: "One inspection with its findings and photos; the read is recorded in the audit log.",
			Roles: fieldStaff, Params: []Param{pathID("id", "inspection id")},
			Responses: map[int]any{200: InspectionRecord{}}, Errors: []int{404}, Handle: s.getInspection},
		{Method: "POST", Path: APIBase + "/inspections/{id}/review", Summary: "A supervisor's review: approved, has_issues or rejected (with a comment).",
			Roles: supervisors, Params: []Param{pathID("id", "inspection id")}, Body: ReviewRequest{},
			Responses: map[int]any{200: InspectionRecord{}}, Errors: []int{400, 404, 409, 422}, Handle: s.review},
		{Method: "POST", Path: APIBase + "/inspections/{id}/photos", Summary: "Attach a photo (JPEG or PNG) to an inspection; the same photo again answers 200.",
			Roles: fieldStaff, Params: []Param{pathID("id", "inspection id")},
			Form: []Param{
				{In: "form", Name: "file", Type: "binary", Description: "the photo", Required: true},
				{In: "form", Name: "sha256", Type: "string", Description: "hex SHA-256 of the file's bytes", Required: true}},
			Responses: map[int]any{201: PhotoView{}, 200: PhotoView{}}, Errors: []int{400, 404, 413, 415, 422}, Handle: s.postPhoto},
		{Method: "GET", Path: APIBase + "/photos/{sha256}", Summary: "A photo's bytes; the read is recorded in the audit log.",
			Roles: fieldStaff, Params: []Param{pathID("sha256", "hex SHA-256 of the photo"),
				queryParam("inspection_id", "string", "the inspection the photo belongs to; access follows its district", true)},
			Responses: map[int]any{200: []byte{}}, Errors: []int{404, 422}, Handle: s.getPhoto},
		{Method: "POST", Path: APIBase + "/sync", Summary: "A batch of field checks from an offline queue; each item gets its own status.",
			Roles: fieldStaff, Body: SyncRequest{}, Responses: map[int]any{200: SyncResponse{}}, Errors: []int{400, 413, 422}, Handle: s.sync},
		{Method: "GET", Path: APIBase + "/findings", Summary: "Findings, earliest deadline first.",
			Roles: fieldStaff, Params: []Param{
				queryParam("status", "string", "comma-separated: open, rectified, verified, reopened (default: all)", false),
				queryParam("camera_id", "string", "only this camera's", false),
				queryParam("overdue", "boolean", "only findings whose deadline has passed", false),
				queryParam("limit", "integer", "most findings to return (default 100, at most 1000)", false)},
			Responses: map[int]any{200: FindingList{}}, Errors: []int{422}, Handle: s.listFindings},
		{Method: "POST", Path: APIBase + "/findings/{id}/rectification", Summary: "Record the owner's report that a finding was put right (open or reopened → rectified).",
			Roles: supervisors, Params: []Param{pathID("id", "finding id")}, Body: RectificationRequest{},
			Responses: map[int]any{200: FindingView{}}, Errors: []int{400, 404, 409, 422}, Handle: s.rectify},
		{Method: "POST", Path: APIBase + "/findings/{id}/verification", Summary: "A later inspection confirms a rectification (verified) or finds the breach again (reopened).",
			Roles: fieldStaff, Params: []Param{pathID("id", "finding id")}, Body: VerificationRequest{},
			Responses: map[int]any{200: FindingView{}}, Errors: []int{400, 404, 409, 422}, Handle: s.verify},
	}, s.Endpoints...)
}
