package imports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data/pgtest"
	"cctvgis/inspect"
	"cctvgis/internal/httpapi/apitest"
	"cctvgis/internal/server/servertest"
	"cctvgis/planner/coverage"
	"cctvgis/web/imports"
	"cctvgis/web/overview"
)

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, inspect.ChinaTime())

const (
	east = "广陵区"
	west = "邗江区"
)

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// city is two districts of Yangzhou with a school and a camera.
func city() *coverage.Layers {
	return &coverage.Layers{
		Districts: []coverage.District{
			{Name: east, Geometry: square(119.40, 32.38, 119.42, 32.40)},
			{Name: west, Geometry: square(119.38, 32.38, 119.40, 32.40)},
		},
		Sites: []coverage.Site{{ID: "school-e", Category: "education", District: east, Geometry: orb.Point{119.41, 32.39}}},
		Cameras: []coverage.Camera{
			{ID: "cam-e", Pos: orb.Point{119.4101, 32.3901}, Azimuth: 180, HFOV: 90, Range: 40, Owner: "公安局", Investment: coverage.Government},
		},
	}
}

// registry is a camera registry as GeoJSON: two cameras of a bureau, and a third whose
// range is negative.
const registry = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[119.4102,32.3902]},"properties":{"id":"广陵-001","azimuth":90,"hfov":60,"range":40,"owner":"广陵分局","investment":"government"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[119.3902,32.3902]},"properties":{"id":"邗江-001","azimuth":180,"hfov":90,"range":30,"owner":"文昌商场","investment":"private"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[119.4105,32.3905]},"properties":{"id":"广陵-002","azimuth":0,"hfov":60,"range":-5,"owner":"广陵分局","investment":"government"}}
]}`

func start(t *testing.T, url string, cfg imports.Config) *servertest.Harness {
	t.Helper()
	return servertest.Start(t, url, servertest.Options{Rules: "yangzhou", Layers: city(), Start: now, Imports: cfg, Users: []servertest.User{
		{Name: "planner", Role: auth.RolePlanner}, {Name: "admin", Role: auth.RoleAdmin},
		{Name: "planner-west", Role: auth.RolePlanner, District: west}, {Name: "insp", Role: auth.RoleInspector}}})
}

// upload sends a file as the user through POST /imports, with the form's other parts.
func upload(h *servertest.Harness, user, name string, data []byte, parts map[string]string) apitest.Response {
	h.TB.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range parts {
		if err := mw.WriteField(k, v); err != nil {
			h.TB.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		h.TB.Fatal(err)
	}
	_, _ = fw.Write(data)
	if err := mw.Close(); err != nil {
		h.TB.Fatal(err)
	}
	req, err := http.NewRequestWithContext(context.Background(), "POST", h.URL+"/api/v1/imports", &body)
	if err != nil {
		h.TB.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return h.Send(req, user)
}

type collection struct {
	Features []struct {
		Geometry struct {
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func featuresOf(t *testing.T, p imports.Preview) collection {
	t.Helper()
	var fc collection
	if err := json.Unmarshal(p.Features, &fc); err != nil {
		t.Fatal(err)
	}
	return fc
}

func cameras(h *servertest.Harness) int {
	h.TB.Helper()
	var c overview.CityView
	h.JSON(h.Do("GET", "/api/v1/city", "planner", nil), http.StatusOK, &c)
	return c.Summary.Cameras
}

// A planner drops a camera registry, sees what it holds, reads it in another system and
// back, confirms, and the running server shows the new cameras; the upload is gone.
func TestImportPreviewConfirm(t *testing.T) {
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		h := start(t, url, imports.Config{})
		before := cameras(h)

		var p imports.Preview
		h.JSON(upload(h, "planner", "摄像机台账.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
		if p.File != "摄像机台账.geojson" || p.Format != "GeoJSON" || p.CRS != "wgs84" || p.CRSFrom != imports.CRSDefault || p.Mapping != nil || p.Problem != nil {
			t.Errorf("preview %+v", p)
		}
		if p.Read["cameras"] != 3 || p.Valid != 2 || p.Rejected != 1 || len(p.Rejections) != 1 {
			t.Fatalf("counts: read %v, valid %d, rejected %d %+v", p.Read, p.Valid, p.Rejected, p.Rejections)
		}
		if r := p.Rejections[0]; r.ID != "广陵-002" || r.File != "摄像机台账.geojson" || r.At == "" || !strings.Contains(r.Field, "range") {
			t.Errorf("rejection %+v", r)
		}
		fc := featuresOf(t, p)
		if len(fc.Features) != 3 || fc.Features[0].Properties["owner"] != "广陵分局" || fc.Features[2].Properties["rejected"] != true ||
			fc.Features[0].Properties["rejected"] != false {
			t.Errorf("features %+v", fc.Features)
		}

		var got imports.Preview
		h.JSON(h.Do("GET", "/api/v1/imports/"+p.ID, "planner", nil), http.StatusOK, &got)
		if got.ID != p.ID || got.Valid != 2 {
			t.Errorf("GET preview %+v", got)
		}

		// Read in GCJ-02, the positions move by a few hundred metres; read as the file
		// says again, they come back.
		h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "cameras", CRS: "gcj02"}), http.StatusOK, &got)
		moved := featuresOf(t, got).Features[0].Geometry.Coordinates
		if got.CRS != "gcj02" || got.CRSFrom != imports.CRSUser || moved[0] == 119.4102 || moved[0] < 119.40 {
			t.Errorf("in GCJ-02: crs %s from %s, first at %v", got.CRS, got.CRSFrom, moved)
		}
		// A mapping is for tables: this file has none, and the preview says so.
		h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "cameras", Mapping: map[string]string{"azimuth": "方向"}}), http.StatusOK, &got)
		if got.Problem == nil || got.Problem.Message == "" || got.Valid != 0 {
			t.Errorf("a mapping of a GeoJSON file: %+v", got)
		}
		h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "cameras"}), http.StatusOK, &got)
		if got.Problem != nil || got.CRSFrom != imports.CRSDefault || got.Valid != 2 {
			t.Errorf("read again as the file says: %+v", got)
		}

		// With a rejected feature, a confirmation must say to skip it.
		h.WantError(h.Do("POST", "/api/v1/imports/"+p.ID+"/confirm", "planner", nil), http.StatusUnprocessableEntity, "invalid", "skip_invalid")
		var res imports.Result
		h.JSON(h.Do("POST", "/api/v1/imports/"+p.ID+"/confirm", "planner", imports.ConfirmRequest{SkipInvalid: true}), http.StatusOK, &res)
		if res.Written["cameras"] != 2 || res.Skipped != 1 || res.Version != h.Server.City().Version {
			t.Errorf("result %+v (city at version %d)", res, h.Server.City().Version)
		}
		// The server answers with the new city at once: the confirmation refreshed it.
		if n := cameras(h); n != before+2 {
			t.Errorf("the city has %d cameras, want %d", n, before+2)
		}
		if _, ok := h.Server.City().Camera("邗江-001"); !ok {
			t.Error("the imported camera is not in the city")
		}
		h.WantError(h.Do("GET", "/api/v1/imports/"+p.ID, "planner", nil), http.StatusNotFound, "not_found", "")
		h.WantError(h.Do("POST", "/api/v1/imports/"+p.ID+"/confirm", "planner", imports.ConfirmRequest{SkipInvalid: true}), http.StatusNotFound, "not_found", "")
	})
}

// A camera registry as a bureau keeps it, in CSV with Chinese headers: its azimuth column
// has a name no one recognises, so the preview shows the mapping it could make, every
// field and column, and the problem; the planner maps the column, and the registry reads
// and imports.
func TestImportMapping(t *testing.T) {
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		h := start(t, url, imports.Config{})
		before := cameras(h)
		csv := "设备编码,经度,纬度,拍摄角,视角,监控距离,建设单位,投资性质\n" +
			"广陵-101,119.4103,32.3903,90,60,40米,广陵分局,政府\n" +
			"邗江-101,119.3903,32.3903,180,90,30,文昌商场,社会\n"
		var p imports.Preview
		h.JSON(upload(h, "planner", "摄像机台账.csv", []byte(csv), map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
		m := p.Mapping
		if p.Format != "CSV" || p.Problem == nil || p.Problem.Field != "mapping" || m == nil || p.Valid != 0 {
			t.Fatalf("preview %+v", p)
		}
		if len(m.Columns) != 8 || !slices.Contains(m.Unused, "拍摄角") || !slices.Contains(m.Pairs, imports.Pair{Field: "range", Column: "监控距离", By: "header"}) ||
			!slices.Contains(m.Fields, imports.Field{Name: "azimuth", Required: true, Number: true}) ||
			slices.ContainsFunc(m.Pairs, func(p imports.Pair) bool { return p.Field == "azimuth" }) {
			t.Errorf("mapping %+v", m)
		}

		h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "cameras", Mapping: map[string]string{"azimuth": "拍摄角"}}), http.StatusOK, &p)
		if p.Problem != nil || p.Valid != 2 || p.Rejected != 0 || p.Options.Mapping["azimuth"] != "拍摄角" ||
			!slices.Contains(p.Mapping.Pairs, imports.Pair{Field: "azimuth", Column: "拍摄角", By: "map"}) || len(p.Mapping.Unused) != 0 {
			t.Fatalf("mapped: %+v", p)
		}
		if f := featuresOf(t, p).Features[0]; f.Properties["range"] != 40.0 || f.Properties["investment"] != "government" {
			t.Errorf("first feature %+v", f.Properties)
		}
		var res imports.Result
		h.JSON(h.Do("POST", "/api/v1/imports/"+p.ID+"/confirm", "planner", nil), http.StatusOK, &res)
		if res.Written["cameras"] != 2 || res.Skipped != 0 || cameras(h) != before+2 {
			t.Errorf("result %+v, cameras %d, want %d", res, cameras(h), before+2)
		}
	})
}

// A registry's GB/T 28181 codes are checked as the import command checks them, against the
// city's districts: device types counted, a malformed code, a code of no camera, and a
// camera whose code names another district than the one it stands in, each to verify.
func TestImportRegistryCheck(t *testing.T) {
	h := start(t, servertest.EmbeddedURL(t), imports.Config{})
	cam := func(id string, lon float64) string {
		return `{"type":"Feature","geometry":{"type":"Point","coordinates":[` + strconv.FormatFloat(lon, 'f', -1, 64) +
			`,32.39]},"properties":{"id":"` + id + `","azimuth":90,"hfov":60,"range":40,"owner":"广陵分局","investment":"government"}}`
	}
	file := `{"type":"FeatureCollection","features":[` + strings.Join([]string{
		cam("32100200001310000001", 119.411), cam("32100200001310000002", 119.391),
		cam("99100200001310000001", 119.412), cam("32100200001180000001", 119.413)}, ",") + `]}`
	var p imports.Preview
	h.JSON(upload(h, "planner", "registry.geojson", []byte(file), map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
	r := p.Registry
	if r == nil || r.Coded != 3 || r.ToVerify != 3 || len(r.Types) != 2 || r.Types[0].Cameras != 2 || r.Types[0].Zh != "摄像机" {
		t.Fatalf("registry %+v", r)
	}
	byCamera := map[string]imports.RegistryFinding{}
	for _, f := range r.Findings {
		byCamera[f.Camera] = f
	}
	if f := byCamera["32100200001310000002"]; f.Reason != "district-differs" || f.Named != east || f.Stands != west || !f.FromCode || f.Division != "321002" {
		t.Errorf("district differs: %+v", f)
	}
	if f := byCamera["99100200001310000001"]; f.Reason != "code-malformed" || !strings.Contains(f.ProblemZh, "第 1–2 位") || f.ProblemEn == "" {
		t.Errorf("malformed: %+v", f)
	}
	if f := byCamera["32100200001180000001"]; f.Reason != "code-not-camera" || f.Type == nil || f.Type.Number != 118 {
		t.Errorf("not a camera: %+v", f)
	}
}

// A GeoPackage of several tables needs the one to read named; named, it reads in the
// system the file declares.
func TestImportGeoPackageTable(t *testing.T) {
	h := start(t, servertest.EmbeddedURL(t), imports.Config{})
	data, err := os.ReadFile(filepath.Join("..", "..", "data", "gpkg", "testdata", "city.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	var p imports.Preview
	h.JSON(upload(h, "planner", "城市.gpkg", data, map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
	if p.Format != "GeoPackage" || p.Problem == nil || p.Problem.Field != "table" || !strings.Contains(p.Problem.Message, "districts") {
		t.Fatalf("preview %+v", p)
	}
	h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "cameras", Table: "cameras"}), http.StatusOK, &p)
	if p.Problem != nil || p.Read["cameras"] != 5 || p.CRS != "cgcs2000" || p.CRSFrom != imports.CRSFile || p.Mapping == nil || p.Options.Table != "cameras" {
		t.Errorf("table cameras: %+v", p)
	}
}

// A zipped Shapefile (GBK text, a .prj of CGCS2000 zone 39) previews as the import command
// reads it: its system from the file, its columns mapped.
func TestImportShapefileZip(t *testing.T) {
	h := start(t, servertest.EmbeddedURL(t), imports.Config{})
	data, err := os.ReadFile(filepath.Join("..", "..", "data", "shp", "testdata", "cameras.zip"))
	if err != nil {
		t.Fatal(err)
	}
	var p imports.Preview
	h.JSON(upload(h, "admin", "摄像机点位.zip", data, map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
	if p.Format != "Shapefile" || p.Problem != nil || p.CRS != "epsg:4547" || p.CRSFrom != imports.CRSFile || p.Mapping == nil || p.Read["cameras"] == 0 {
		t.Errorf("preview %+v", p)
	}
}

// An Excel workbook reads its first sheet unless another is named; a sheet it does not
// hold is a problem to mend.
func TestImportExcelSheet(t *testing.T) {
	h := start(t, servertest.EmbeddedURL(t), imports.Config{})
	data, err := os.ReadFile(filepath.Join("..", "..", "data", "xlsx", "testdata", "registry.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var p imports.Preview
	h.JSON(upload(h, "planner", "台账.xlsx", data, map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
	if p.Format != "Excel" || p.Problem != nil || p.Mapping == nil || p.Read["cameras"] == 0 {
		t.Fatalf("preview %+v", p)
	}
	h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "cameras", Sheet: "没有这个表"}), http.StatusOK, &p)
	if p.Problem == nil || p.Problem.Field != "sheet" || p.Options.Sheet != "没有这个表" {
		t.Errorf("a sheet it does not hold: %+v", p)
	}
}

// A site whose outline has a spike is mended as it is uploaded, the repair on by default,
// and listed with its area before and after; read without the repair it is rejected, and
// the force is refused without the repair.
func TestImportRepair(t *testing.T) {
	h := start(t, servertest.EmbeddedURL(t), imports.Config{})
	site := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"学校-1","category":"education","name":"东关小学"},` +
		`"geometry":{"type":"Polygon","coordinates":[[[119.410,32.390],[119.412,32.390],[119.412,32.392],[119.412,32.394],[119.412,32.392],[119.410,32.392],[119.410,32.390]]]}}]}`
	var p imports.Preview
	h.JSON(upload(h, "planner", "学校.geojson", []byte(site), map[string]string{"layer": "sites"}), http.StatusCreated, &p)
	if p.Rejected != 0 || p.Valid != 1 || len(p.Repairs) != 1 || p.RepairsRefused != 0 || !p.Options.Repair {
		t.Fatalf("as uploaded: %+v", p)
	}
	if r := p.Repairs[0]; r.ID != "学校-1" || r.Layer != "sites" || r.Done == "" || r.BeforeM2 <= 0 || math.Abs(r.AfterM2-r.BeforeM2) > r.BeforeM2/100 {
		t.Errorf("repair %+v", r)
	}
	var off imports.Preview
	h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "sites"}), http.StatusOK, &off)
	if off.Rejected != 1 || off.Valid != 0 || len(off.Repairs) != 0 || off.Options.Repair {
		t.Fatalf("without the repair: %+v", off)
	}
	h.WantError(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "sites", RepairForce: true}), http.StatusUnprocessableEntity, "invalid", "repair_force")
	h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "planner", imports.Options{Layer: "sites", Repair: true}), http.StatusOK, &p)
	if p.Rejected != 0 || len(p.Repairs) != 1 {
		t.Fatalf("repaired again: %+v", p)
	}
	var res imports.Result
	h.JSON(h.Do("POST", "/api/v1/imports/"+p.ID+"/confirm", "planner", nil), http.StatusOK, &res)
	if res.Written["sites"] != 1 {
		t.Errorf("result %+v", res)
	}
}

// A file whose positions are projected and whose system it does not say is previewed
// with the problem; naming the system reads it.
func TestImportNeedsCRS(t *testing.T) {
	h := start(t, servertest.EmbeddedURL(t), imports.Config{})
	data, err := os.ReadFile(filepath.Join("..", "..", "data", "geojson", "testdata", "crs", "cameras.4547.nocrs.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var p imports.Preview
	h.JSON(upload(h, "admin", "cameras.geojson", data, map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
	if p.Problem == nil || p.Problem.Field != "crs" || strings.Contains(p.Problem.Message, os.TempDir()) {
		t.Fatalf("problem %+v", p.Problem)
	}
	h.JSON(h.Do("PUT", "/api/v1/imports/"+p.ID, "admin", imports.Options{Layer: "cameras", CRS: "epsg:4547"}), http.StatusOK, &p)
	if p.Problem != nil || p.Read["cameras"] != 3 || p.CRS != "epsg:4547" {
		t.Errorf("in EPSG:4547: %+v", p)
	}
	h.WantError(h.Do("PUT", "/api/v1/imports/"+p.ID, "admin", imports.Options{Layer: "cameras", CRS: "epsg:9999"}), http.StatusUnprocessableEntity, "invalid", "crs")
	h.WantError(h.Do("PUT", "/api/v1/imports/"+p.ID, "admin", imports.Options{Layer: "streets"}), http.StatusUnprocessableEntity, "invalid", "layer")
}

// Only planners and admins of the whole city import; an upload is its owner's alone.
func TestImportAccess(t *testing.T) {
	h := start(t, servertest.EmbeddedURL(t), imports.Config{})
	h.WantError(upload(h, "insp", "c.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusForbidden, "forbidden", "")
	h.WantError(upload(h, "planner-west", "c.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusForbidden, "forbidden", "")
	h.WantError(h.Do("GET", "/api/v1/imports/options", "insp", nil), http.StatusForbidden, "forbidden", "")
	var p imports.Preview
	h.JSON(upload(h, "planner", "c.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
	for _, r := range []apitest.Response{
		h.Do("GET", "/api/v1/imports/"+p.ID, "admin", nil),
		h.Do("PUT", "/api/v1/imports/"+p.ID, "admin", imports.Options{Layer: "cameras"}),
		h.Do("POST", "/api/v1/imports/"+p.ID+"/confirm", "admin", nil),
		h.Do("DELETE", "/api/v1/imports/"+p.ID, "admin", nil),
		h.Do("GET", "/api/v1/imports/..", "planner", nil),
		h.Do("GET", "/api/v1/imports/record.json", "planner", nil),
	} {
		h.WantError(r, http.StatusNotFound, "not_found", "")
	}
	var s imports.Setup
	h.JSON(h.Do("GET", "/api/v1/imports/options", "admin", nil), http.StatusOK, &s)
	if len(s.Layers) == 0 || s.CRS[0] != "wgs84" || s.MaxBytes != imports.DefaultMaxFile {
		t.Errorf("setup %+v", s)
	}
	// Cancelled, the upload is gone.
	h.JSON(h.Do("DELETE", "/api/v1/imports/"+p.ID, "planner", nil), http.StatusNoContent, nil)
	h.WantError(h.Do("GET", "/api/v1/imports/"+p.ID, "planner", nil), http.StatusNotFound, "not_found", "")
}

// Files above the limit, files of no known format and files that cannot be read are
// refused, with what is wrong; nothing of them is kept. Uploads expire.
func TestImportRefusals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "imports")
	h := start(t, servertest.EmbeddedURL(t), imports.Config{Dir: dir, MaxFile: 1000, TTL: time.Hour, PerUser: 2})
	big := bytes.Repeat([]byte(" "), 1001)
	e := h.WantError(upload(h, "planner", "c.geojson", big, map[string]string{"layer": "cameras"}), http.StatusRequestEntityTooLarge, "too_large", "file")
	if !strings.Contains(e.Message, "MB") {
		t.Errorf("message %q", e.Message)
	}
	h.WantError(upload(h, "planner", "c.txt", []byte("id,lon,lat"), map[string]string{"layer": "cameras"}), http.StatusUnsupportedMediaType, "unsupported_media_type", "file")
	e = h.WantError(upload(h, "planner", "摄像机.geojson", []byte(`{"type":"FeatureCollection","features":[`), map[string]string{"layer": "cameras"}), http.StatusBadRequest, "malformed", "file")
	if !strings.Contains(e.Message, "摄像机.geojson") || strings.Contains(e.Message, dir) {
		t.Errorf("message %q names the file by its name only", e.Message)
	}
	h.WantError(upload(h, "planner", "c.geojson", []byte(registry), map[string]string{"layer": "streets"}), http.StatusUnprocessableEntity, "invalid", "layer")
	h.WantError(upload(h, "planner", "c.geojson", []byte(registry), nil), http.StatusUnprocessableEntity, "invalid", "layer")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused uploads left %d folders", len(entries))
	}

	var p imports.Preview
	h.JSON(upload(h, "planner", "c.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusCreated, &p)
	h.JSON(upload(h, "planner", "d.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusCreated, nil)
	h.WantError(upload(h, "planner", "e.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusConflict, "conflict", "")
	h.JSON(upload(h, "admin", "e.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusCreated, nil)

	// An upload being confirmed is not confirmed twice.
	if err := os.Mkdir(filepath.Join(dir, p.ID, "confirming"), 0o700); err != nil {
		t.Fatal(err)
	}
	h.WantError(h.Do("POST", "/api/v1/imports/"+p.ID+"/confirm", "planner", imports.ConfirmRequest{SkipInvalid: true}), http.StatusConflict, "conflict", "")

	// Past its time, an upload is not found, and the hourly sweep removes it.
	h.Clock.Set(now.Add(2 * time.Hour))
	h.WantError(h.Do("GET", "/api/v1/imports/"+p.ID, "planner", nil), http.StatusNotFound, "not_found", "")
	h.JSON(upload(h, "planner", "f.geojson", []byte(registry), map[string]string{"layer": "cameras"}), http.StatusCreated, nil)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("after the sweep %d uploads are left, want 1", len(entries))
	}
}
