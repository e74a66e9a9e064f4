package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"cctvgis/data/pgtest"
	"cctvgis/internal/testenv"
)

// runMainEnv makes the test binary run the command itself, so that tests can start and
// kill a real server process.
const runMainEnv = "CCTVGIS_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// process is a cctvgis serve process.
type process struct {
	cmd  *exec.Cmd
	base string
	logs *bytes.Buffer
}

var servingLine = regexp.MustCompile(`serving (http://[^ ]+)/api/v1`)

// startServer runs cctvgis serve over db on a free port, with more flags when given, and
// waits until it answers.
func startServer(t *testing.T, db string, flags ...string) *process {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], append([]string{"serve", "--db", db, "--rules", "zhuzhou", "--addr", "127.0.0.1:0"}, flags...)...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &process{cmd: cmd, logs: logs}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				line <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case s.base = <-line:
	case <-time.After(60 * time.Second):
		t.Fatalf("the server did not start: %s", logs)
	}
	return s
}

// call sends a JSON request and decodes the answer into out (when not nil).
func (s *process) call(t *testing.T, method, path, token string, body, out any) int {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, s.base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = res.Body.Close() }()
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: decoding: %v", method, path, err)
		}
	}
	return res.StatusCode
}

func (s *process) login(t *testing.T) string {
	t.Helper()
	return loginAs(t, s.base, s.logs, "li", "a long enough secret")
}

// loginAs logs a user in to the server at base (logs says what went wrong).
func loginAs(t *testing.T, base string, logs fmt.Stringer, name, password string) string {
	t.Helper()
	var lr struct {
		Token string `json:"token"`
	}
	if st := (&process{base: base}).call(t, "POST", "/api/v1/auth/login", "", map[string]string{"name": name, "password": password}, &lr); st != 200 {
		t.Fatalf("login as %s: %d (%s)", name, st, logs)
	}
	return lr.Token
}

// prepareStore imports a camera and its district into db and adds an inspector.
func prepareStore(t *testing.T, db string) {
	t.Helper()
	dir := t.TempDir()
	cams := writeFile(t, dir, "cameras.geojson", collection(camera("cam-1", 113.11, 27.81, 90)))
	districts := writeFile(t, dir, "districts.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature",`+
		`"geometry":{"type":"Polygon","coordinates":[[[113.1,27.8],[113.12,27.8],[113.12,27.82],[113.1,27.82],[113.1,27.8]]]},"properties":{"name":"荷塘区"}}]}`)
	for layer, f := range map[string]string{"cameras": cams, "districts": districts} {
		if exit, _, errOut := cli(t, "import", "--db", db, "--layer", layer, "--from", f); exit != 0 {
			t.Fatalf("import %s: %s", layer, errOut)
		}
	}
	exit, out, errOut := cliIn(t, context.Background(), testEnv{stdin: "a long enough secret\n"},
		"user", "add", "--db", db, "--name", "li", "--role", "inspector", "--district", "荷塘区")
	if exit != 0 {
		t.Fatalf("user add: %s", errOut)
	}
	if !strings.Contains(out, "added li (inspector, district 荷塘区)") {
		t.Errorf("user add said %q", out)
	}
}

// testStores are the stores the command tests run on, each a new one per call.
var testStores = map[string]func(t *testing.T) string{
	"embedded": func(t *testing.T) string {
		t.Helper()
		return "file:" + filepath.Join(t.TempDir(), "serve.db")
	},
	"PostGIS": pgtest.URL,
}

// An inspection the server acknowledged survives the server being killed outright
// (SIGKILL, no chance to flush anything), on both stores; and SIGTERM stops it cleanly.
func TestAcknowledgedInspectionSurvivesKill9(t *testing.T) {
	for name, open := range testStores {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			prepareStore(t, db)
			s := startServer(t, db)
			token := s.login(t)
			id := "0b8f7f0e-5b8a-4c1e-9d8a-2f3c4d5e6f70"
			check := map[string]any{
				"id": id, "camera_id": "cam-1", "observed_at": time.Now().Add(-time.Minute).UTC().Format(time.RFC3339),
				"position": map[string]any{"lat": 27.81001, "lon": 113.11001, "accuracy_m": 4},
				"lens":     map[string]any{"measured_azimuth_deg": 150, "method": "compass"},
			}
			if st := s.call(t, "POST", "/api/v1/inspections", token, check, nil); st != 201 {
				t.Fatalf("POST inspection: %d (%s)", st, s.logs)
			}
			if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = s.cmd.Wait()

			s = startServer(t, db)
			token = s.login(t)
			var rec struct {
				Inspection struct {
					ID string `json:"id"`
				} `json:"inspection"`
				Findings []struct {
					Kind string `json:"kind"`
				} `json:"findings"`
			}
			if st := s.call(t, "GET", "/api/v1/inspections/"+id, token, nil, &rec); st != 200 || rec.Inspection.ID != id {
				t.Fatalf("after kill -9: GET %d, %+v", st, rec)
			}
			if len(rec.Findings) != 1 || rec.Findings[0].Kind != "direction_changed" {
				t.Errorf("findings after kill -9: %+v", rec.Findings)
			}
			if st := s.call(t, "POST", "/api/v1/inspections", token, check, nil); st != 200 {
				t.Errorf("resend after kill -9: %d, want 200", st)
			}
			s.checkTiles(t, token)

			if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if err := s.cmd.Wait(); err != nil {
				t.Errorf("after SIGTERM: %v (%s)", err, s.logs)
			}
			if !strings.Contains(s.logs.String(), "shutting down") {
				t.Errorf("no shutdown in the log: %s", s.logs)
			}
			if strings.Contains(s.logs.String(), "a long enough secret") || strings.Contains(s.logs.String(), token) {
				t.Error("the log holds a password or a token")
			}

			exit, out, errOut := cli(t, "audit", "verify", "--db", db)
			if exit != 0 || !strings.Contains(out, "verified") {
				t.Errorf("audit verify: exit %d, %s%s", exit, out, errOut)
			}
		})
	}
}

// serve refuses a base map that is not an http(s) tile URL template, naming what is wrong.
func TestServeChecksTheBasemap(t *testing.T) {
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"not http", []string{"--basemap", "ftp://tiles.example/{z}/{x}/{y}.png"}, "not an http(s) URL"},
		{"no host", []string{"--basemap", "https:///{z}/{x}/{y}.png"}, "not an http(s) URL"},
		{"no {y}", []string{"--basemap", "https://tiles.example/{z}/{x}.png"}, "has no {y}"},
		{"no {z}", []string{"--basemap", "https://t0.tianditu.gov.cn/vec_w/wmts?TILEROW={y}&TILECOL={x}"}, "has no {z}"},
		{"attribution alone", []string{"--basemap-attribution", "天地图"}, "--basemap-attribution needs --basemap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"serve", "--rules", "zhuzhou", "--db", "file:" + filepath.Join(t.TempDir(), "x.db")}, tt.args...)
			exit, _, errOut := cli(t, args...)
			if exit != 2 || !strings.Contains(errOut, tt.says) {
				t.Errorf("exit %d, %q; want 2 saying %q", exit, errOut, tt.says)
			}
		})
	}
}

// After a plan is applied the server reads the camera layer again: the applied camera is
// in its tile and in /city's summary, without a restart, on both stores.
func TestServeRefreshesAfterApply(t *testing.T) {
	for name, open := range testStores {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			prepareStore(t, db)
			for _, u := range []struct{ name, role string }{{"zhang", "planner"}, {"zhao", "reviewer"}} {
				if exit, _, errOut := cliIn(t, context.Background(), testEnv{stdin: "a long enough secret\n"},
					"user", "add", "--db", db, "--name", u.name, "--role", u.role); exit != 0 {
					t.Fatalf("user add %s: %s", u.name, errOut)
				}
			}
			s := startServer(t, db, "--basemap", "https://t0.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}", "--basemap-attribution", "天地图")
			planner := loginAs(t, s.base, s.logs, "zhang", "a long enough secret")
			reviewer := loginAs(t, s.base, s.logs, "zhao", "a long enough secret")
			var city struct {
				Summary struct {
					Cameras int `json:"cameras"`
				} `json:"summary"`
				Basemap *struct {
					URL         string `json:"url"`
					Attribution string `json:"attribution"`
				} `json:"basemap"`
			}
			if st := s.call(t, "GET", "/api/v1/city", planner, nil, &city); st != 200 || city.Summary.Cameras != 1 {
				t.Fatalf("GET /city: %d, %d cameras", st, city.Summary.Cameras)
			}
			if city.Basemap == nil || !strings.Contains(city.Basemap.URL, "TILEMATRIX={z}") || city.Basemap.Attribution != "天地图" {
				t.Errorf("/city's basemap %+v, want the --basemap given", city.Basemap)
			}
			var pv struct {
				Plan struct {
					ID string `json:"id"`
				} `json:"plan"`
			}
			if st := s.call(t, "POST", "/api/v1/plans", planner, map[string]string{"title": "荷塘区补点"}, &pv); st != 201 {
				t.Fatalf("POST /plans: %d (%s)", st, s.logs)
			}
			plan := "/api/v1/plans/" + pv.Plan.ID
			add := map[string]any{"kind": "add", "camera": map[string]any{"pos": []float64{113.115, 27.815}, "azimuth": 45, "hfov": 90,
				"range": 40, "owner": "公安局", "investment": "government"}}
			for _, step := range []struct {
				path, token string
				body        any
				status      int
			}{
				{plan + "/proposals", planner, add, 201},
				{plan + "/submit", planner, nil, 200},
				{plan + "/reviews", reviewer, map[string]string{"stage": "approve", "decision": "approve"}, 200},
			} {
				if st := s.call(t, "POST", step.path, step.token, step.body, nil); st != step.status {
					t.Fatalf("POST %s: %d, want %d (%s)", step.path, st, step.status, s.logs)
				}
			}
			var applied struct {
				Change struct {
					Upsert []struct {
						ID  string     `json:"id"`
						Pos [2]float64 `json:"pos"`
					} `json:"upsert"`
				} `json:"change"`
			}
			if st := s.call(t, "POST", plan+"/apply", planner, map[string]int{"version": 1}, &applied); st != 200 || len(applied.Change.Upsert) != 1 {
				t.Fatalf("apply: %d, %+v (%s)", st, applied, s.logs)
			}
			cam := applied.Change.Upsert[0]
			deadline := time.Now().Add(30 * time.Second)
			for city.Summary.Cameras != 2 {
				if time.Now().After(deadline) {
					t.Fatalf("/city still counts %d cameras 30 s after the apply (%s)", city.Summary.Cameras, s.logs)
				}
				time.Sleep(50 * time.Millisecond)
				s.call(t, "GET", "/api/v1/city", planner, nil, &city)
			}
			if !slices.Contains(s.tileCameras(t, planner, orb.Point{cam.Pos[0], cam.Pos[1]}), cam.ID) {
				t.Errorf("the applied camera %s is not in its tile", cam.ID)
			}
			var detail struct {
				ID string `json:"id"`
			}
			if st := s.call(t, "GET", "/api/v1/cameras/"+cam.ID, planner, nil, &detail); st != 200 || detail.ID != cam.ID {
				t.Errorf("GET /cameras/%s after the apply: %d", cam.ID, st)
			}
			// A new plan is drafted over the new layer: it may move the applied camera.
			if st := s.call(t, "POST", "/api/v1/plans", planner, map[string]string{"title": "调整"}, &pv); st != 201 {
				t.Fatalf("POST /plans: %d", st)
			}
			move := map[string]any{"kind": "move", "camera_id": cam.ID, "to": []float64{113.1151, 27.8151}}
			if st := s.call(t, "POST", "/api/v1/plans/"+pv.Plan.ID+"/proposals", planner, move, nil); st != 201 {
				t.Errorf("moving the applied camera in a new plan: %d, want 201", st)
			}

			// The command line exports the applied version with the totals the API gives.
			var api struct {
				Effect json.RawMessage `json:"effect"`
			}
			if st := s.call(t, "GET", plan+"/export", reviewer, nil, &api); st != 200 {
				t.Fatalf("GET export: %d", st)
			}
			if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			_ = s.cmd.Wait()
			exit, out, errOut := cli(t, "plan", "export", strings.TrimPrefix(plan, "/api/v1/plans/"), "--db", db)
			var cliExport struct {
				Effect json.RawMessage `json:"effect"`
			}
			if exit != 0 || json.Unmarshal([]byte(out), &cliExport) != nil {
				t.Fatalf("plan export: exit %d, %s", exit, errOut)
			}
			if !testenv.SameJSON(t, api.Effect, cliExport.Effect) {
				t.Errorf("plan export gives the effect %s, the API %s", cliExport.Effect, api.Effect)
			}
		})
	}
}

// get sends GET path with the token and answers the status, the content type and the body.
func (s *process) get(t *testing.T, token, path string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "GET", s.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header.Get("Content-Type"), b
}

// tileCameras are the ids in the cameras layer of the zoom-17 tile at p.
func (s *process) tileCameras(t *testing.T, token string, p orb.Point) []string {
	t.Helper()
	tile := maptile.At(p, 17)
	st, _, body := s.get(t, token, fmt.Sprintf("/api/v1/tiles/%d/%d/%d", tile.Z, tile.X, tile.Y))
	if st != 200 {
		t.Fatalf("tile: %d", st)
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range layers {
		for _, f := range l.Features {
			if id, ok := f.Properties["id"].(string); ok && l.Name == "cameras" {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// checkTiles asks for the vector tile of the camera and for tiles outside the pyramid.
func (s *process) checkTiles(t *testing.T, token string) {
	t.Helper()
	tile := maptile.At(orb.Point{113.11, 27.81}, 17)
	get := func(path string) (int, string, []byte) { return s.get(t, token, path) }
	st, ct, body := get(fmt.Sprintf("/api/v1/tiles/%d/%d/%d.pbf", tile.Z, tile.X, tile.Y))
	if st != 200 || ct != "application/vnd.mapbox-vector-tile" {
		t.Fatalf("tile: %d %s", st, ct)
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil || !slices.ContainsFunc(layers, func(l *mvt.Layer) bool { return l.Name == "cameras" && len(l.Features) == 1 }) {
		t.Errorf("the camera's tile: %v, %d layers", err, len(layers))
	}
	for _, bad := range []string{"/api/v1/tiles/23/0/0", "/api/v1/tiles/2/4/0.pbf", "/api/v1/tiles/a/0/0"} {
		if st, _, _ := get(bad); st != 400 {
			t.Errorf("%s: %d, want 400", bad, st)
		}
	}
}

// user reads passwords from standard input only, and says what is wrong.
func TestUserCommand(t *testing.T) {
	db := "file:" + filepath.Join(t.TempDir(), "users.db")
	add := func(stdin string, args ...string) (int, string, string) {
		return cliIn(t, context.Background(), testEnv{stdin: stdin}, append([]string{"user", "add", "--db", db}, args...)...)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		exit  int
		says  string
	}{
		{"an inspector", "a long enough secret\n", []string{"--name", "wang", "--role", "inspector", "--district", "芦淞区"}, 0, "added wang"},
		{"the same name", "a long enough secret\n", []string{"--name", "wang", "--role", "admin"}, 2, `"wang" exists already`},
		{"no password", "", []string{"--name", "zhao", "--role", "admin"}, 2, "standard input"},
		{"short password", "short\n", []string{"--name", "zhao", "--role", "admin"}, 2, "password"},
		{"unknown role", "a long enough secret\n", []string{"--name", "zhao", "--role", "boss"}, 2, "boss"},
		{"no name", "a long enough secret\n", []string{"--role", "admin"}, 2, "--name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exit, out, errOut := add(tt.stdin, tt.args...)
			if exit != tt.exit || !strings.Contains(out+errOut, tt.says) {
				t.Errorf("exit %d, %q %q; want %d saying %q", exit, out, errOut, tt.exit, tt.says)
			}
		})
	}
	exit, out, _ := cli(t, "user", "list", "--db", db)
	if exit != 0 || !strings.Contains(out, "wang") || !strings.Contains(out, "芦淞区") || strings.Contains(out, "argon2") {
		t.Errorf("user list: %d %q", exit, out)
	}
	if exit, _, errOut := cli(t, "user", "disable", "--db", db, "--name", "wang"); exit != 0 {
		t.Errorf("disable: %s", errOut)
	}
	if exit, out, _ := cli(t, "user", "list", "--db", db); exit != 0 || !strings.Contains(out, "disabled") {
		t.Errorf("after disable: %q", out)
	}
	if exit, _, errOut := cliIn(t, context.Background(), testEnv{stdin: "another long secret\n"}, "user", "passwd", "--db", db, "--name", "nobody"); exit != 2 || !strings.Contains(errOut, "no user") {
		t.Errorf("passwd of nobody: %d %q", exit, errOut)
	}
}

// serve answers the phone app at /m/ beside the API, from the assets in the binary.
func TestServeAnswersThePhoneApp(t *testing.T) {
	db := "file:" + filepath.Join(t.TempDir(), "serve.db")
	prepareStore(t, db)
	s := startServer(t, db)
	for path, want := range map[string]string{
		"/m/":                     "text/html; charset=utf-8",
		"/m/manifest.webmanifest": "application/manifest+json",
		"/m/sw.js":                "text/javascript; charset=utf-8",
	} {
		req, err := http.NewRequestWithContext(t.Context(), "GET", s.base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != want {
			t.Errorf("GET %s: %d %q, want 200 %q", path, res.StatusCode, res.Header.Get("Content-Type"), want)
		}
	}
	// The API's routes are unchanged beside the app's.
	if st := s.call(t, "GET", "/healthz", "", nil, nil); st != 200 {
		t.Errorf("GET /healthz: %d", st)
	}
}

// demo, the README's first command, generates the city, prints the demo accounts with
// their passwords and serves: a planner logs in with the printed password through real
// HTTP and gets the city; cancelling (as SIGINT does) stops it cleanly.
func TestDemoServes(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r, w := io.Pipe()
	errOut := &lockedBuffer{}
	e := &env{in: strings.NewReader(""), out: w, errOut: errOut, getenv: func(string) string { return "" }, now: time.Now}
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, e, []string{"demo", "--out", filepath.Join(t.TempDir(), "demo"), "--addr", "127.0.0.1:0"})
		_ = w.Close()
	}()
	account := regexp.MustCompile(`^\s+(planner|reviewer|expert|supervisor|inspector)\s+(\w+)\s+(\S{16})$`)
	passwords := map[string]string{}
	roles := map[string]string{}
	var base, browse string
	sc := bufio.NewScanner(r)
	for base == "" || browse == "" {
		if !sc.Scan() {
			t.Fatalf("demo stopped before serving: exit %d, %s", <-exit, errOut.String())
		}
		line := sc.Text()
		if m := account.FindStringSubmatch(line); m != nil {
			roles[m[1]], passwords[m[1]] = m[2], m[3]
		}
		if m := servingLine.FindStringSubmatch(line); m != nil {
			base = m[1]
		}
		if strings.HasPrefix(line, "open http://") && strings.HasSuffix(line, "/ in a browser") {
			browse = line
		}
	}
	go func() { _, _ = io.Copy(io.Discard, r) }()
	want := map[string]string{"planner": "planner", "reviewer": "reviewer", "expert": "reviewer", "supervisor": "supervisor", "inspector": "inspector"}
	if !maps.Equal(roles, want) {
		t.Errorf("demo accounts %v, want %v", roles, want)
	}
	if browse != "open "+base+"/ in a browser" {
		t.Errorf("demo says %q, serving at %s", browse, base)
	}
	token := loginAs(t, base, errOut, "planner", passwords["planner"])
	var city struct {
		Rulebook string `json:"rulebook"`
		Summary  struct {
			Cameras int `json:"cameras"`
		} `json:"summary"`
	}
	if st := (&process{base: base}).call(t, "GET", "/api/v1/city", token, nil, &city); st != 200 || city.Rulebook != "yangzhou" || city.Summary.Cameras != 20000 {
		t.Errorf("GET /city: %d, rulebook %q, %d cameras", st, city.Rulebook, city.Summary.Cameras)
	}
	if passwords["planner"] == passwords["reviewer"] {
		t.Error("two demo accounts share a password")
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("demo exit %d after cancel: %s", code, errOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop after cancel")
	}
}

// lockedBuffer is a buffer that the server's goroutines write to while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
