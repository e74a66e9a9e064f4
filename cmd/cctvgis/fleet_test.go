package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cctvgis/data/pgtest"
)

// visibleWithin polls each process with GET path until it answers 200, failing the test
// when one has not within d of start.
func visibleWithin(t *testing.T, procs []*process, token, path string, start time.Time, d time.Duration) {
	t.Helper()
	for i, p := range procs {
		for p.call(t, "GET", path, token, nil, nil) != http.StatusOK {
			if time.Since(start) > d {
				t.Fatalf("process %d does not answer %s %v after the change (%s)", i, path, time.Since(start), p.logs)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Logf("%s answered by all %d processes %v after the change", path, len(procs), time.Since(start).Round(time.Millisecond))
}

// Three serve processes on one PostGIS, as behind a load balancer: an import and a plan
// applied through one are seen by the others within 2 s; a job asked of one runs once,
// its progress read from another and its file from the third; a phone's queue resent
// through all three at once creates each check once; and the audit chain verifies.
func TestThreeProcessesOnOnePostGIS(t *testing.T) {
	db := pgtest.URL(t)
	// A generated city beside the hand-made one, so that jobs take long enough to watch;
	// the hand-made one comes second, for its camera cam-1 takes the generated one's id.
	gen := t.TempDir()
	if exit, _, errOut := cli(t, "gen-city", "--cameras", "4000", "--sites", "1500", "--out", gen); exit != 0 {
		t.Fatalf("gen-city: %s", errOut)
	}
	for _, layer := range []string{"sites", "entrances", "cameras", "roads"} {
		if exit, _, errOut := cli(t, "import", "--db", db, "--layer", layer, "--from", filepath.Join(gen, layer+".geojson")); exit != 0 {
			t.Fatalf("import %s: %s", layer, errOut)
		}
	}
	prepareStore(t, db)
	for _, u := range []struct{ name, role string }{{"zhang", "planner"}, {"zhao", "reviewer"}} {
		if exit, _, errOut := cliIn(t, t.Context(), testEnv{stdin: "a long enough secret\n"}, "user", "add", "--db", db, "--name", u.name, "--role", u.role); exit != 0 {
			t.Fatalf("user add %s: %s", u.name, errOut)
		}
	}
	procs := []*process{startServer(t, db), startServer(t, db), startServer(t, db)}
	inspector := procs[0].login(t)
	planner := loginAs(t, procs[1].base, procs[1].logs, "zhang", "a long enough secret")
	reviewer := loginAs(t, procs[2].base, procs[2].logs, "zhao", "a long enough secret")

	t.Run("an import through the command line reaches every process", func(t *testing.T) {
		f := writeFile(t, t.TempDir(), "more.geojson", collection(camera("cam-imported", 113.111, 27.811, 45)))
		if exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", f); exit != 0 {
			t.Fatalf("import: %s", errOut)
		}
		visibleWithin(t, procs, inspector, "/api/v1/cameras/cam-imported", time.Now(), 2*time.Second)
	})

	t.Run("a plan applied through one process reaches the others", func(t *testing.T) {
		var pv struct {
			Plan struct {
				ID string `json:"id"`
			} `json:"plan"`
		}
		a := procs[0]
		if st := a.call(t, "POST", "/api/v1/plans", planner, map[string]string{"title": "荷塘区补点"}, &pv); st != 201 {
			t.Fatalf("POST /plans: %d", st)
		}
		plan := "/api/v1/plans/" + pv.Plan.ID
		add := map[string]any{"kind": "add", "camera": map[string]any{"id": "cam-planned", "pos": []float64{113.115, 27.815},
			"azimuth": 45, "hfov": 90, "range": 40, "owner": "公安局", "investment": "government"}}
		for _, step := range []struct {
			p           *process
			path, token string
			body        any
			status      int
		}{
			{procs[0], plan + "/proposals", planner, add, 201},
			{procs[1], plan + "/submit", planner, nil, 200},
			{procs[2], plan + "/reviews", reviewer, map[string]string{"stage": "approve", "decision": "approve"}, 200},
		} {
			if st := step.p.call(t, "POST", step.path, step.token, step.body, nil); st != step.status {
				t.Fatalf("POST %s: %d, want %d", step.path, st, step.status)
			}
		}
		if st := a.call(t, "POST", plan+"/apply", planner, nil, nil); st != 200 {
			t.Fatalf("apply: %d (%s)", st, a.logs)
		}
		visibleWithin(t, procs, inspector, "/api/v1/cameras/cam-planned", time.Now(), 2*time.Second)
		for i, p := range procs {
			var got struct {
				Plan struct {
					Versions []struct {
						Applied *struct {
							By string `json:"by"`
						} `json:"applied"`
					} `json:"versions"`
				} `json:"plan"`
			}
			if st := p.call(t, "GET", plan, reviewer, nil, &got); st != 200 || len(got.Plan.Versions) != 1 || got.Plan.Versions[0].Applied == nil {
				t.Errorf("process %d reads the applied plan back: %d %+v", i, st, got.Plan.Versions)
			}
		}
	})

	t.Run("a job runs once, followed from another process", func(t *testing.T) {
		var job struct {
			ID    int64  `json:"id"`
			State string `json:"state"`
			File  string `json:"file"`
			// Attempt counts the tries.
			Attempt  int `json:"attempt"`
			Progress struct {
				Step string  `json:"step"`
				Done float64 `json:"done"`
			} `json:"progress"`
		}
		if st := procs[0].call(t, "POST", "/api/v1/jobs", planner, map[string]string{"kind": "export"}, &job); st != 202 {
			t.Fatalf("POST /jobs: %d", st)
		}
		path := "/api/v1/jobs/" + strconv.FormatInt(job.ID, 10)
		steps := map[string]bool{}
		deadline := time.Now().Add(60 * time.Second)
		for job.State != "completed" {
			if procs[1].call(t, "GET", path, planner, nil, &job) != 200 || job.State == "failed" || job.State == "cancelled" || time.Now().After(deadline) {
				t.Fatalf("the export as process 1 sees it: %+v", job)
			}
			if job.State == "running" {
				steps[job.Progress.Step] = true
			}
			time.Sleep(5 * time.Millisecond)
		}
		if len(steps) == 0 || job.Attempt != 1 || job.File == "" {
			t.Errorf("process 1 saw the export running through steps %v, ending %+v", steps, job)
		}
		if st, typ, body := procs[2].get(t, planner, path+"/file"); st != 200 || typ != "application/zip" || len(body) == 0 {
			t.Errorf("process 2 answers the file %d %s, %d bytes", st, typ, len(body))
		}
		// Every process asked for the analysis of every version it reloaded to; each
		// version was analysed once.
		var list struct {
			Jobs []struct {
				State  string `json:"state"`
				Output *struct {
					Version int64 `json:"version"`
				} `json:"output"`
				ID int64 `json:"id"`
			} `json:"jobs"`
		}
		deadline = time.Now().Add(30 * time.Second)
		for {
			procs[2].call(t, "GET", "/api/v1/jobs?kind=analysis&limit=500", planner, nil, &list)
			done := true
			for _, j := range list.Jobs {
				done = done && j.State == "completed"
			}
			if done || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		versions := map[int64]int{}
		for _, j := range list.Jobs {
			if j.Output == nil {
				t.Fatalf("an analysis job without output: %+v", j)
			}
			versions[j.Output.Version]++
		}
		for v, n := range versions {
			if n != 1 {
				t.Errorf("version %d was analysed %d times", v, n)
			}
		}
		if len(versions) < 2 {
			t.Errorf("analyses of versions %v: want at least the import's and the apply's", versions)
		}
	})

	t.Run("a phone's queue resent through every process creates each check once", func(t *testing.T) {
		const n = 20
		checks := make([]map[string]any, n)
		for i := range checks {
			checks[i] = map[string]any{"id": fmt.Sprintf("00000000-0000-4000-9000-%012d", i), "camera_id": "cam-1",
				"observed_at": time.Now().Add(-time.Minute).UTC().Format(time.RFC3339),
				"position":    map[string]any{"lat": 27.81001, "lon": 113.11001, "accuracy_m": 4},
				"signage":     map[string]any{"present": true, "legible": true}}
		}
		var mu sync.Mutex
		created := map[string]int{}
		var wg sync.WaitGroup
		for round := range 3 {
			for _, p := range procs {
				wg.Go(func() {
					var res struct {
						Results []struct {
							ID     string `json:"id"`
							Status int    `json:"status"`
						} `json:"results"`
					}
					if st := p.call(t, "POST", "/api/v1/sync", inspector, map[string]any{"inspections": checks}, &res); st != 200 {
						t.Errorf("sync round %d: %d", round, st)
						return
					}
					mu.Lock()
					defer mu.Unlock()
					for _, r := range res.Results {
						switch r.Status {
						case http.StatusCreated:
							created[r.ID]++
						case http.StatusOK:
						default:
							t.Errorf("sync round %d: %s answered %d", round, r.ID, r.Status)
						}
					}
				})
			}
		}
		wg.Wait()
		for _, c := range checks {
			if id := c["id"].(string); created[id] != 1 {
				t.Errorf("check %s was created %d times", id, created[id])
			}
		}
		var list struct {
			Inspections []struct {
				ID string `json:"id"`
			} `json:"inspections"`
		}
		if st := procs[2].call(t, "GET", "/api/v1/inspections?camera_id=cam-1&limit=1000", inspector, nil, &list); st != 200 || len(list.Inspections) != n {
			t.Errorf("the store holds %d checks of cam-1, want %d", len(list.Inspections), n)
		}
	})

	t.Run("the processes' metrics agree on the city's version", func(t *testing.T) {
		version := regexp.MustCompile(`(?m)^cctvgis_city_version (\d+)$`)
		var seen []string
		for _, p := range procs {
			st, _, body := p.get(t, "", "/metrics")
			m := version.FindSubmatch(body)
			if st != 200 || m == nil {
				t.Fatalf("/metrics: %d, no cctvgis_city_version", st)
			}
			seen = append(seen, string(m[1]))
		}
		if seen[0] != seen[1] || seen[1] != seen[2] {
			t.Errorf("the processes are at versions %s", strings.Join(seen, ", "))
		}
	})

	if exit, out, errOut := cli(t, "audit", "verify", "--db", db); exit != 0 || !strings.Contains(out, "verified") {
		t.Errorf("audit verify: exit %d, %s%s", exit, out, errOut)
	}
}
