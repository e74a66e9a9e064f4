package mobileapi_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data/pgtest"
	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/httpapi/apitest"
	"cctvgis/internal/server/servertest"
	"cctvgis/mobileapi"
	"cctvgis/planner/coverage"
)

// onStores runs test once on each store.
func onStores(t *testing.T, test func(t *testing.T, h *harness)) {
	t.Helper()
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		test(t, newHarness(t, url))
	})
}

// The fixed facts of the test city, in Zhuzhou (its rules: seed 003).
const (
	password = "correct horse battery"
	east     = "东区"
	west     = "西区"
)

// start is the server's clock when a test begins: a weekday morning in Zhuzhou.
var start = time.Date(2026, 3, 2, 10, 0, 0, 0, inspect.ChinaTime())

// harness is the production server over a real store, on a free port, with four users
// logged in.
type harness struct {
	*servertest.Harness
	t *testing.T
}

// city is two districts side by side, three cameras and a school. cam-e2 stands in a hotel
// room, which the analysis reports as a violation to confirm.
func city() *coverage.Layers {
	square := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	return &coverage.Layers{
		Districts: []coverage.District{
			{Name: east, Geometry: square(113.10, 27.80, 113.12, 27.82)},
			{Name: west, Geometry: square(113.08, 27.80, 113.10, 27.82)},
		},
		Cameras: []coverage.Camera{
			{ID: "cam-e1", Pos: orb.Point{113.11, 27.81}, Azimuth: 90, HFOV: 60, Range: 50, Owner: "公安局", Investment: coverage.Government},
			{ID: "cam-e2", Pos: orb.Point{113.111, 27.811}, Azimuth: 180, HFOV: 90, Range: 10, Owner: "宾馆", Investment: coverage.Private},
			{ID: "cam-w1", Pos: orb.Point{113.09, 27.81}, Azimuth: 0, HFOV: 360, Range: 30, Owner: "公安局", Investment: coverage.Government},
		},
		Sites: []coverage.Site{{ID: "school-e", Category: "education", District: east, Geometry: orb.Point{113.1105, 27.8105}}},
		PrivateSpaces: []coverage.PrivateSpace{
			{ID: "room-1", Space: "hotel_room", Geometry: square(113.1109, 27.8109, 113.1111, 27.8111)},
		},
	}
}

func newHarness(t *testing.T, url string) *harness {
	t.Helper()
	h := servertest.Start(t, url, servertest.Options{Rules: "zhuzhou", Layers: city(), Start: start,
		Phone: mobileapi.Config{MaxPhoto: 200_000},
		Users: []servertest.User{
			{Name: "insp-east", Role: auth.RoleInspector, District: east},
			{Name: "insp-west", Role: auth.RoleInspector, District: west},
			{Name: "super", Role: auth.RoleSupervisor},
			{Name: "planner", Role: auth.RolePlanner},
		}})
	return &harness{Harness: h, t: t}
}

// response is an answer of the server, its body read.
type response = apitest.Response

// do sends a request as the user (by name; "" for none) with body as JSON (a string or
// []byte is sent as it is).
func (h *harness) do(method, path, user string, body any) response {
	h.t.Helper()
	return h.Do(method, path, user, body)
}

// upload sends a photo as multipart/form-data.
func (h *harness) upload(inspectionID, user string, photo []byte, sum string) response {
	h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("sha256", sum); err != nil {
		h.t.Fatal(err)
	}
	fw, err := mw.CreateFormFile("file", "photo.jpg")
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := fw.Write(photo); err != nil {
		h.t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		h.t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(context.Background(), "POST", h.URL+"/api/v1/inspections/"+inspectionID+"/photos", &buf)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return h.Send(req, user)
}

// mustJSON checks the status and decodes the body into v.
func (h *harness) mustJSON(r response, status int, v any) {
	h.t.Helper()
	h.JSON(r, status, v)
}

// wantError checks an error answer's status, code and (when not "") field.
func (h *harness) wantError(r response, status int, code, field string) httpapi.ErrorBody {
	h.t.Helper()
	return h.WantError(r, status, code, field)
}

// check is a field check of a camera as a phone sends it, standing next to the camera,
// everything in order unless changed.
func check(id, camera string, at time.Time, pos orb.Point) map[string]any {
	return map[string]any{
		"id":          id,
		"camera_id":   camera,
		"position":    map[string]any{"lat": pos[1], "lon": pos[0], "accuracy_m": 5},
		"observed_at": at.Format(time.RFC3339),
		"signage":     map[string]any{"present": true, "legible": true},
		"lens":        map[string]any{"measured_azimuth_deg": 90, "method": "compass"},
		"obstruction": map[string]any{"kind": "none", "blocked_share": 0},
		"privacy":     map[string]any{"in_private_space": false},
		"image":       "clear",
		"running":     true,
	}
}

// uuid is a fixed, well-formed client id for test number n.
func uuid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }
