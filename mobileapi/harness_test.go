package mobileapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data"
	"cctvgis/data/pgtest"
	"cctvgis/data/rules"
	"cctvgis/inspect"
	"cctvgis/mobileapi"
	"cctvgis/planner"
)

// store is what the API runs on.
type store interface {
	planner.LayerStore
	auth.Store
	inspect.Store
}

// stores are the two stores every API test runs on.
var stores = []struct {
	name string
	url  func(t *testing.T) string
}{
	{"embedded", func(t *testing.T) string {
		t.Helper()
		return "file:" + filepath.Join(t.TempDir(), "api.db")
	}},
	{"PostGIS", pgtest.URL},
}

// onStores runs test once on each store.
func onStores(t *testing.T, test func(t *testing.T, h *harness)) {
	t.Helper()
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) { test(t, newHarness(t, s.url(t))) })
	}
}

// clock is a settable clock for the server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// The fixed facts of the test city, in Zhuzhou (its rules: seed 003).
const (
	password = "correct horse battery"
	east     = "东区"
	west     = "西区"
)

// start is the server's clock when a test begins: a weekday morning in Zhuzhou.
var start = time.Date(2026, 3, 2, 10, 0, 0, 0, inspect.ChinaTime())

// harness is a real server over a real store, on a free port, with four users logged in.
type harness struct {
	t      *testing.T
	srv    *httptest.Server
	api    *mobileapi.Server
	store  store
	clock  *clock
	tokens map[string]string
}

// city is two districts side by side, three cameras and a school. cam-e2 stands in a hotel
// room, which the analysis reports as a violation to confirm.
func city() *planner.Layers {
	square := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
	}
	return &planner.Layers{
		Districts: []planner.District{
			{Name: east, Geometry: square(113.10, 27.80, 113.12, 27.82)},
			{Name: west, Geometry: square(113.08, 27.80, 113.10, 27.82)},
		},
		Cameras: []planner.Camera{
			{ID: "cam-e1", Pos: orb.Point{113.11, 27.81}, Azimuth: 90, HFOV: 60, Range: 50, Owner: "公安局", Investment: planner.Government},
			{ID: "cam-e2", Pos: orb.Point{113.111, 27.811}, Azimuth: 180, HFOV: 90, Range: 10, Owner: "宾馆", Investment: planner.Private},
			{ID: "cam-w1", Pos: orb.Point{113.09, 27.81}, Azimuth: 0, HFOV: 360, Range: 30, Owner: "公安局", Investment: planner.Government},
		},
		Sites: []planner.Site{{ID: "school-e", Category: "education", District: east, Geometry: orb.Point{113.1105, 27.8105}}},
		PrivateSpaces: []planner.PrivateSpace{
			{ID: "room-1", Space: "hotel_room", Geometry: square(113.1109, 27.8109, 113.1111, 27.8111)},
		},
	}
}

func newHarness(t *testing.T, url string) *harness {
	t.Helper()
	ctx := context.Background()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	opened, _, err := data.OpenStore(ctx, url, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = opened.Close() })
	st := opened.(store)
	l := city()
	if _, err := st.PutLayers(ctx, l); err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: start}
	eff, err := lib.Effective("zhuzhou", planner.DateOf(start))
	if err != nil {
		t.Fatal(err)
	}
	res, err := planner.Analyze(ctx, l, eff, lib.Taxonomy, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Tests move the clock by months; the sessions last long enough to follow it.
	svc := &auth.Service{Store: st, Limiter: auth.NewLimiter(auth.DefaultLimiterConfig(), clk.now), Clock: clk.now, TTL: 400 * 24 * time.Hour,
		Params: auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}}
	api, err := mobileapi.New(ctx, mobileapi.Deps{
		Auth: svc, Store: st, City: mobileapi.NewCity(l, res), Taxonomy: lib.Taxonomy, Now: clk.now,
		Rules: func(d planner.Date) (*planner.EffectiveRules, error) { return lib.Effective("zhuzhou", d) },
	}, mobileapi.Config{MaxPhoto: 200_000})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.Handler())
	t.Cleanup(srv.Close)
	h := &harness{t: t, srv: srv, api: api, store: st, clock: clk, tokens: map[string]string{}}
	for _, u := range []struct {
		name     string
		role     auth.Role
		district string
	}{
		{"insp-east", auth.RoleInspector, east},
		{"insp-west", auth.RoleInspector, west},
		{"super", auth.RoleSupervisor, ""},
		{"planner", auth.RolePlanner, ""},
	} {
		if _, err := svc.AddUser(ctx, u.name, u.role, u.district, password); err != nil {
			t.Fatal(err)
		}
		var lr mobileapi.LoginResponse
		h.mustJSON(h.do("POST", "/api/v1/auth/login", "", mobileapi.LoginRequest{Name: u.name, Password: password}), 200, &lr)
		h.tokens[u.name] = lr.Token
	}
	return h
}

// response is an answer of the server, its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request as the user (by name; "" for none) with body as JSON (a string or
// []byte is sent as it is).
func (h *harness) do(method, path, user string, body any) response {
	h.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, r)
	if err != nil {
		h.t.Fatal(err)
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return h.send(req, user)
}

func (h *harness) send(req *http.Request, user string) response {
	h.t.Helper()
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+h.tokens[user])
	}
	res, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	h.validate(req, res, b)
	return response{status: res.StatusCode, header: res.Header, body: b}
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
	req, err := http.NewRequestWithContext(context.Background(), "POST", h.srv.URL+"/api/v1/inspections/"+inspectionID+"/photos", &buf)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return h.send(req, user)
}

// mustJSON checks the status and decodes the body into v.
func (h *harness) mustJSON(r response, status int, v any) {
	h.t.Helper()
	if r.status != status {
		h.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			h.t.Fatalf("decoding %s: %v", r.body, err)
		}
	}
}

// wantError checks an error answer's status, code and (when not "") field.
func (h *harness) wantError(r response, status int, code, field string) mobileapi.ErrorBody {
	h.t.Helper()
	var e mobileapi.ErrorBody
	if r.status != status {
		h.t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		h.t.Fatalf("error body %s: %v", r.body, err)
	}
	if e.Code != code || field != "" && e.Field != field {
		h.t.Errorf("error %+v, want code %s field %q", e, code, field)
	}
	return e
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
