package mobileapi

import (
	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
)

// The roles of the routes.
var (
	anyone      = auth.Roles()
	fieldStaff  = []auth.Role{auth.RoleInspector, auth.RoleSupervisor, auth.RoleAdmin}
	supervisors = []auth.Role{auth.RoleSupervisor, auth.RoleAdmin}
)

func pathID(name, description string) httpapi.Param {
	return httpapi.PathParam(name, "string", description)
}

func (h *Handlers) endpoints() []httpapi.Endpoint {
	base := httpapi.Base
	query := httpapi.QueryParam
	lat := query("lat", "number", "latitude of the phone, WGS84 degrees", true)
	lon := query("lon", "number", "longitude of the phone, WGS84 degrees", true)
	return []httpapi.Endpoint{
		{Method: "POST", Path: base + "/auth/login", Summary: "Log in; answers a bearer token. Repeated failures are slowed, then refused (429).",
			Body: LoginRequest{}, MaxBody: 4 << 10, Responses: map[int]any{200: LoginResponse{}}, Errors: []int{400, 401, 429}, Handle: h.login},
		{Method: "POST", Path: base + "/auth/logout", Summary: "Revoke the token of the request.",
			Roles: anyone, Responses: map[int]any{204: nil}, Handle: h.logout},
		{Method: "GET", Path: base + "/me", Summary: "The logged-in user.",
			Roles: anyone, Responses: map[int]any{200: UserView{}}, Handle: h.me},
		{Method: "GET", Path: base + "/tasks", Summary: "The caller's checks to do, nearest first.",
			Roles: fieldStaff, Params: []httpapi.Param{lat, lon,
				query("radius_m", "number", "how far to look, metres (default 3000, at most 50000)", false),
				query("limit", "integer", "most tasks to return (default 100, at most 1000)", false)},
			Responses: map[int]any{200: TaskList{}}, Errors: []int{422}, Handle: h.tasks},
		{Method: "GET", Path: base + "/cameras/nearby", Summary: "Registered cameras near a point, nearest first.",
			Roles: fieldStaff, Params: []httpapi.Param{lat, lon,
				query("radius_m", "number", "how far to look, metres (default 500, at most 5000)", false),
				query("limit", "integer", "most cameras to return (default 100, at most 1000)", false)},
			Responses: map[int]any{200: CameraList{}}, Errors: []int{422}, Handle: h.nearby},
		{Method: "GET", Path: base + "/cameras/{id}", Summary: "A registered camera with its last inspection and open findings (for the phone app and the web map).",
			Roles: anyone, Params: []httpapi.Param{pathID("id", "camera id")},
			Responses: map[int]any{200: CameraDetail{}}, Errors: []int{404}, Handle: h.camera},
		{Method: "POST", Path: base + "/inspections", Summary: "Record one field check. The client makes its id: the same id and body again answers 200 with the original; the same id with another body 409.",
			Roles: fieldStaff, Body: SubmissionBody{}, MaxBody: h.cfg.MaxBody, Responses: map[int]any{201: InspectionRecord{}, 200: InspectionRecord{}},
			Errors: []int{400, 404, 409, 422}, Handle: h.postInspection},
		{Method: "GET", Path: base + "/inspections", Summary: "Inspections, latest observation first (supervisors' review queue with review=received).",
			Roles: fieldStaff, Params: []httpapi.Param{
				query("camera_id", "string", "only this camera's", false),
				httpapi.EnumParam("review", "only in this review state", inspect.ReviewState("").Values()),
				query("limit", "integer", "most inspections to return (default 100, at most 1000)", false)},
			Responses: map[int]any{200: InspectionList{}}, Errors: []int{422}, Handle: h.listInspections},
		{Method: "GET", Path: base + "/inspections/{id}", Summary: "One inspection with its findings and photos; the read is recorded in the audit log.",
			Roles: fieldStaff, Params: []httpapi.Param{pathID("id", "inspection id")},
			Responses: map[int]any{200: InspectionRecord{}}, Errors: []int{404}, Handle: h.getInspection},
		{Method: "POST", Path: base + "/inspections/{id}/review", Summary: "A supervisor's review: approved, has_issues or rejected (with a comment).",
			Roles: supervisors, Params: []httpapi.Param{pathID("id", "inspection id")}, Body: ReviewRequest{},
			Responses: map[int]any{200: InspectionRecord{}}, Errors: []int{400, 404, 409, 422}, Handle: h.review},
		{Method: "POST", Path: base + "/inspections/{id}/photos", Summary: "Attach a photo (JPEG or PNG) to an inspection; the same photo again answers 200.",
			Roles: fieldStaff, Params: []httpapi.Param{pathID("id", "inspection id")},
			Form: []httpapi.Param{
				{In: "form", Name: "file", Type: "binary", Description: "the photo", Required: true},
				{In: "form", Name: "sha256", Type: "string", Description: "hex SHA-256 of the file's bytes", Required: true}},
			MaxBody:   h.cfg.MaxPhoto + multipartSlack,
			Responses: map[int]any{201: PhotoView{}, 200: PhotoView{}}, Errors: []int{400, 404, 415, 422}, Handle: h.postPhoto},
		{Method: "GET", Path: base + "/photos/{sha256}", Summary: "A photo's bytes; the read is recorded in the audit log.",
			Roles: fieldStaff, Params: []httpapi.Param{pathID("sha256", "hex SHA-256 of the photo"),
				query("inspection_id", "string", "the inspection the photo belongs to; access follows its district", true)},
			Responses: map[int]any{200: httpapi.Image{}}, Errors: []int{404, 422}, Handle: h.getPhoto},
		{Method: "POST", Path: base + "/sync", Summary: "A batch of field checks from an offline queue; each item gets its own status.",
			Roles: fieldStaff, Body: SyncRequest{}, MaxBody: h.syncLimit(), Responses: map[int]any{200: SyncResponse{}},
			Errors: []int{400, 422}, Handle: h.sync},
		{Method: "GET", Path: base + "/findings", Summary: "Findings, earliest deadline first.",
			Roles: fieldStaff, Params: []httpapi.Param{
				query("status", "string", "comma-separated: open, rectified, verified, reopened (default: all)", false),
				query("camera_id", "string", "only this camera's", false),
				query("overdue", "boolean", "only findings whose deadline has passed", false),
				query("limit", "integer", "most findings to return (default 100, at most 1000)", false)},
			Responses: map[int]any{200: FindingList{}}, Errors: []int{422}, Handle: h.listFindings},
		{Method: "POST", Path: base + "/findings/{id}/rectification", Summary: "Record the owner's report that a finding was put right (open or reopened → rectified).",
			Roles: supervisors, Params: []httpapi.Param{pathID("id", "finding id")}, Body: RectificationRequest{},
			Responses: map[int]any{200: FindingView{}}, Errors: []int{400, 404, 409, 422}, Handle: h.rectify},
		{Method: "POST", Path: base + "/findings/{id}/verification", Summary: "A later inspection confirms a rectification (verified) or finds the breach again (reopened).",
			Roles: fieldStaff, Params: []httpapi.Param{pathID("id", "finding id")}, Body: VerificationRequest{},
			Responses: map[int]any{200: FindingView{}}, Errors: []int{400, 404, 409, 422}, Handle: h.verify},
	}
}
