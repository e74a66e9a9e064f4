package background_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data/pgtest"
	"cctvgis/inspect"
	"cctvgis/internal/jobs"
	"cctvgis/internal/server/servertest"
	"cctvgis/planner/coverage"
	"cctvgis/web/background"
)

var now = time.Date(2026, 11, 30, 10, 0, 0, 0, inspect.ChinaTime())

const (
	east = "广陵区"
	west = "邗江区"
)

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// city is two districts of Yangzhou with a school and a camera in each.
func city() *coverage.Layers {
	return &coverage.Layers{
		Districts: []coverage.District{
			{Name: east, Geometry: square(119.40, 32.38, 119.42, 32.40)},
			{Name: west, Geometry: square(119.38, 32.38, 119.40, 32.40)},
		},
		Sites: []coverage.Site{
			{ID: "school-e", Category: "education", District: east, Geometry: orb.Point{119.41, 32.39}},
			{ID: "school-w", Category: "education", District: west, Geometry: orb.Point{119.39, 32.39}},
		},
		Cameras: []coverage.Camera{
			{ID: "cam-e", Pos: orb.Point{119.4101, 32.3901}, Azimuth: 180, HFOV: 90, Range: 40, Owner: "公安局", Investment: coverage.Government},
			{ID: "cam-w", Pos: orb.Point{119.3901, 32.3901}, Azimuth: 180, HFOV: 90, Range: 40, Owner: "公安局", Investment: coverage.Government},
		},
	}
}

func start(t *testing.T, url string) *servertest.Harness {
	t.Helper()
	return servertest.Start(t, url, servertest.Options{Rules: "yangzhou", Layers: city(), Start: now, Users: []servertest.User{
		{Name: "planner", Role: auth.RolePlanner}, {Name: "planner-west", Role: auth.RolePlanner, District: west},
		{Name: "insp", Role: auth.RoleInspector}}})
}

// finished waits for a job to finish, asking as user.
func finished(t *testing.T, h *servertest.Harness, user string, id int64) background.JobView {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var j background.JobView
		h.JSON(h.Do("GET", fmt.Sprintf("/api/v1/jobs/%d", id), user, nil), 200, &j)
		if j.State.Finished() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d is %s (%+v) after 20 s", id, j.State, j.Progress)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A planner exports the city's analysis as a zip of the report and the GeoJSON results; a
// planner of a district gets their district's, and never sees the others' jobs.
func TestExport(t *testing.T) {
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		h := start(t, url)
		var j background.JobView
		h.JSON(h.Do("POST", "/api/v1/jobs", "planner", background.JobRequest{Kind: jobs.KindExport}), 202, &j)
		if j.Kind != jobs.KindExport || j.By == "" || j.ByName != "planner" {
			t.Errorf("asked for %+v", j)
		}
		done := finished(t, h, "planner", j.ID)
		if done.State != jobs.StateCompleted || done.Progress.Done != 1 || done.File == "" || done.FinishedAt == nil {
			t.Fatalf("the export ended %+v", done)
		}
		r := h.Do("GET", fmt.Sprintf("/api/v1/jobs/%d/file", j.ID), "planner", nil)
		h.JSON(r, 200, nil)
		if r.Header.Get("Content-Type") != "application/zip" {
			t.Errorf("file of type %q", r.Header.Get("Content-Type"))
		}
		zr, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
		slices.Sort(names)
		if want := []string{"hotspots.geojson", "report.json", "roads.geojson", "sites.geojson", "violations.geojson"}; !slices.Equal(names, want) {
			t.Errorf("the archive holds %v, want %v", names, want)
		}
		h.WantError(h.Do("POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", j.ID), "planner", nil), 409, "illegal_transition", "")

		var west background.JobView
		h.JSON(h.Do("POST", "/api/v1/jobs", "planner-west", background.JobRequest{Kind: jobs.KindExport}), 202, &west)
		if west.District != "邗江区" {
			t.Errorf("a planner of the west exports %q", west.District)
		}
		finished(t, h, "planner-west", west.ID)
		h.WantError(h.Do("GET", fmt.Sprintf("/api/v1/jobs/%d", j.ID), "planner-west", nil), 404, "not_found", "id")
		h.WantError(h.Do("GET", fmt.Sprintf("/api/v1/jobs/%d/file", j.ID), "planner-west", nil), 404, "not_found", "id")
		var list background.JobList
		h.JSON(h.Do("GET", "/api/v1/jobs", "planner-west", nil), 200, &list)
		if len(list.Jobs) != 1 || list.Jobs[0].ID != west.ID {
			t.Errorf("a planner of the west lists %+v", list.Jobs)
		}
		h.WantError(h.Do("POST", "/api/v1/jobs", "planner-west", background.JobRequest{Kind: jobs.KindExport, District: east}), 422, "invalid", "district")
		h.WantError(h.Do("POST", "/api/v1/jobs", "planner", background.JobRequest{Kind: jobs.KindExport, District: "nowhere"}), 422, "invalid", "district")
		h.WantError(h.Do("POST", "/api/v1/jobs", "planner", background.JobRequest{Kind: jobs.KindAnalysis}), 422, "invalid", "kind")
		h.WantError(h.Do("POST", "/api/v1/jobs", "insp", background.JobRequest{Kind: jobs.KindExport}), 403, "forbidden", "")
	})
}

// Each change of the store records the city's analysis once: its summary, at the version.
func TestAnalysisIsRecordedForEachVersion(t *testing.T) {
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		h := start(t, url)
		// The server started on the empty store, and the city was put: two versions.
		var list background.JobList
		h.JSON(h.Do("GET", "/api/v1/jobs?kind=analysis", "planner", nil), 200, &list)
		if len(list.Jobs) != 2 {
			t.Fatalf("%d analysis jobs after the city was put, want 2", len(list.Jobs))
		}
		done := finished(t, h, "planner", list.Jobs[0].ID)
		var out struct {
			Version int64 `json:"version"`
			Summary struct {
				Cameras int `json:"cameras"`
			} `json:"summary"`
		}
		if err := json.Unmarshal(done.Output, &out); err != nil || out.Version != h.Server.City().Version || out.Summary.Cameras != 2 {
			t.Errorf("the analysis recorded %s (%v), the city is at version %d", done.Output, err, h.Server.City().Version)
		}
		h.Reload()
		h.JSON(h.Do("GET", "/api/v1/jobs?kind=analysis", "planner", nil), 200, &list)
		if len(list.Jobs) != 2 {
			t.Errorf("a reload at the same version asked for another analysis: %d jobs", len(list.Jobs))
		}
	})
}
