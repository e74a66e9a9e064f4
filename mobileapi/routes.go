package mobileapi

import (
	"github.com/labstack/echo/v4"

	"cctvgis/auth"
)

// endpoint is one route: how the server serves it and how the OpenAPI document describes
// it, from the same values.
type endpoint struct {
	method, path string
	summary      string
	// roles may call the route; nil means no login is needed.
	roles  []auth.Role
	params []param
	// body is the JSON request body's type (a zero value), nil for none.
	body any
	// form describes a multipart/form-data body.
	form []param
	// responses maps each success status to its body's type (nil for no body, []byte
	// for a photo's bytes).
	responses map[int]any
	// errors lists the error statuses the route answers besides 401/403/500.
	errors []int
	handle echo.HandlerFunc
}

// param is a path, query or form parameter.
type param struct {
	in, name, typ, description string
	required                   bool
}

func pathID(name, description string) param {
	return param{in: "path", name: name, typ: "string", description: description, required: true}
}

func queryParam(name, typ, description string, required bool) param {
	return param{in: "query", name: name, typ: typ, description: description, required: required}
}

// The roles of the routes.
var (
	anyone      = []auth.Role{auth.RoleInspector, auth.RoleSupervisor, auth.RolePlanner, auth.RoleReviewer, auth.RoleAdmin}
	fieldStaff  = []auth.Role{auth.RoleInspector, auth.RoleSupervisor, auth.RoleAdmin}
	supervisors = []auth.Role{auth.RoleSupervisor, auth.RoleAdmin}
)

// APIBase is the path prefix of the versioned API.
const APIBase = "/api/v1"

func (s *Server) endpoints() []endpoint {
	lat := queryParam("lat", "number", "latitude of the phone, WGS84 degrees", true)
	lon := queryParam("lon", "number", "longitude of the phone, WGS84 degrees", true)
	return []endpoint{
		{method: "GET", path: "/healthz", summary: "The process is up.",
			responses: map[int]any{200: Status{}}, handle: s.healthz},
		{method: "GET", path: "/readyz", summary: "The store is reachable.",
			responses: map[int]any{200: Status{}}, errors: []int{503}, handle: s.readyz},
		{method: "GET", path: APIBase + "/openapi.json", summary: "This document.",
			responses: map[int]any{200: map[string]any{}}, handle: s.openapi},
		{method: "POST", path: APIBase + "/auth/login", summary: "Log in; answers a bearer token. Repeated failures are slowed, then refused (429).",
			body: LoginRequest{}, responses: map[int]any{200: LoginResponse{}}, errors: []int{400, 401, 413, 429}, handle: s.login},
		{method: "POST", path: APIBase + "/auth/logout", summary: "Revoke the token of the request.",
			roles: anyone, responses: map[int]any{204: nil}, handle: s.logout},
		{method: "GET", path: APIBase + "/me", summary: "The logged-in user.",
			roles: anyone, responses: map[int]any{200: UserView{}}, handle: s.me},
		{method: "GET", path: APIBase + "/tasks", summary: "The caller's checks to do, nearest first.",
			roles: fieldStaff, params: []param{lat, lon,
				queryParam("radius_m", "number", "how far to look, metres (default 3000, at most 50000)", false),
				queryParam("limit", "integer", "most tasks to return (default 100, at most 1000)", false)},
			responses: map[int]any{200: TaskList{}}, errors: []int{422}, handle: s.tasks},
		{method: "GET", path: APIBase + "/cameras/nearby", summary: "Registered cameras near a point, nearest first.",
			roles: fieldStaff, params: []param{lat, lon,
				queryParam("radius_m", "number", "how far to look, metres (default 500, at most 5000)", false),
				queryParam("limit", "integer", "most cameras to return (default 100, at most 1000)", false)},
			responses: map[int]any{200: CameraList{}}, errors: []int{422}, handle: s.nearby},
		{method: "GET", path: APIBase + "/cameras/{id}", summary: "A registered camera with its last inspection and open findings.",
			roles: fieldStaff, params: []param{pathID("id", "camera id")},
			responses: map[int]any{200: CameraDetail{}}, errors: []int{404}, handle: s.camera},
		{method: "POST", path: APIBase + "/inspections", summary: "Record one field check. The client makes its id: the same id and body again answers 200 with the original; the same id with another body 409.",
			roles: fieldStaff, body: SubmissionBody{}, responses: map[int]any{201: InspectionRecord{}, 200: InspectionRecord{}},
			errors: []int{400, 404, 409, 413, 422}, handle: s.postInspection},
		{method: "GET", path: APIBase + "/inspections", summary: "Inspections, latest observation first (supervisors' review queue with review=received).",
			roles: fieldStaff, params: []param{
				queryParam("camera_id", "string", "only this camera's", false),
				queryParam("review", "string", "only in this review state: received, approved, has_issues, rejected", false),
				queryParam("limit", "integer", "most inspections to return (default 100, at most 1000)", false)},
			responses: map[int]any{200: InspectionList{}}, errors: []int{422}, handle: s.listInspections},
		{method: "GET", path: APIBase + "/inspections/{id}", summary: "One inspection with its findings and photos; the read is recorded in the audit log.",
			roles: fieldStaff, params: []param{pathID("id", "inspection id")},
			responses: map[int]any{200: InspectionRecord{}}, errors: []int{404}, handle: s.getInspection},
		{method: "POST", path: APIBase + "/inspections/{id}/review", summary: "A supervisor's review: approved, has_issues or rejected (with a comment).",
			roles: supervisors, params: []param{pathID("id", "inspection id")}, body: ReviewRequest{},
			responses: map[int]any{200: InspectionRecord{}}, errors: []int{400, 404, 409, 422}, handle: s.review},
		{method: "POST", path: APIBase + "/inspections/{id}/photos", summary: "Attach a photo (JPEG or PNG) to an inspection; the same photo again answers 200.",
			roles: fieldStaff, params: []param{pathID("id", "inspection id")},
			form: []param{
				{in: "form", name: "file", typ: "binary", description: "the photo", required: true},
				{in: "form", name: "sha256", typ: "string", description: "hex SHA-256 of the file's bytes", required: true}},
			responses: map[int]any{201: PhotoView{}, 200: PhotoView{}}, errors: []int{400, 404, 413, 415, 422}, handle: s.postPhoto},
		{method: "GET", path: APIBase + "/photos/{sha256}", summary: "A photo's bytes; the read is recorded in the audit log.",
			roles: fieldStaff, params: []param{pathID("sha256", "hex SHA-256 of the photo"),
				queryParam("inspection_id", "string", "the inspection the photo belongs to; access follows its district", true)},
			responses: map[int]any{200: []byte{}}, errors: []int{404, 422}, handle: s.getPhoto},
		{method: "POST", path: APIBase + "/sync", summary: "A batch of field checks from an offline queue; each item gets its own status.",
			roles: fieldStaff, body: SyncRequest{}, responses: map[int]any{200: SyncResponse{}}, errors: []int{400, 413, 422}, handle: s.sync},
		{method: "GET", path: APIBase + "/findings", summary: "Findings, earliest deadline first.",
			roles: fieldStaff, params: []param{
				queryParam("status", "string", "comma-separated: open, rectified, verified, reopened (default: all)", false),
				queryParam("camera_id", "string", "only this camera's", false),
				queryParam("overdue", "boolean", "only findings whose deadline has passed", false),
				queryParam("limit", "integer", "most findings to return (default 100, at most 1000)", false)},
			responses: map[int]any{200: FindingList{}}, errors: []int{422}, handle: s.listFindings},
		{method: "POST", path: APIBase + "/findings/{id}/rectification", summary: "Record the owner's report that a finding was put right (open or reopened → rectified).",
			roles: supervisors, params: []param{pathID("id", "finding id")}, body: RectificationRequest{},
			responses: map[int]any{200: FindingView{}}, errors: []int{400, 404, 409, 422}, handle: s.rectify},
		{method: "POST", path: APIBase + "/findings/{id}/verification", summary: "A later inspection confirms a rectification (verified) or finds the breach again (reopened).",
			roles: fieldStaff, params: []param{pathID("id", "finding id")}, body: VerificationRequest{},
			responses: map[int]any{200: FindingView{}}, errors: []int{400, 404, 409, 422}, handle: s.verify},
	}
}
