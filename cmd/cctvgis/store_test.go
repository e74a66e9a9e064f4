package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"cctvgis/internal/testenv"

	"cctvgis/data/pgtest"
)

// genCity writes a small generated city, of the run's seed, and returns its folder.
func genCity(t *testing.T) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in")
	seed := strconv.FormatUint(testenv.Seed(t), 10)
	if exit, _, errOut := cli(t, "gen-city", "--seed", seed, "--cameras", "2000", "--sites", "800", "--occluders", "--out", in); exit != 0 {
		t.Fatalf("gen-city exit %d: %s", exit, errOut)
	}
	return in
}

// importCity imports every layer file of a generated city into the store db.
func importCity(t *testing.T, db, in string) map[string]string {
	t.Helper()
	counts := map[string]string{}
	for _, lf := range layerFlags {
		path := filepath.Join(in, lf.layer+".geojson")
		if _, err := os.Stat(path); err != nil {
			continue
		}
		exit, out, errOut := cli(t, "import", "--db", db, "--layer", lf.layer, "--from", path)
		if exit != 0 {
			t.Fatalf("import %s exit %d: %s", lf.layer, exit, errOut)
		}
		counts[lf.layer] = strings.TrimSpace(out)
	}
	return counts
}

// results is what must be identical between two analyses of the same layers: the report's
// summary and road classes, each site's coverage and cameras, and the violations.
type results struct {
	Summary     any
	RoadClasses any
	Sites       map[string]string
	Violations  map[string]int
}

func readResults(t *testing.T, dir string) results {
	t.Helper()
	var rep map[string]any
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	r := results{Summary: rep["summary"], RoadClasses: rep["road_classes"], Sites: map[string]string{}, Violations: map[string]int{}}
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	b, err = os.ReadFile(filepath.Join(dir, "sites.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	for _, f := range fc.Features {
		p := f.Properties
		cams, _ := json.Marshal(p["covering_cameras"])
		r.Sites[p["id"].(string)] = p["coverage"].(string) + " " + string(cams)
	}
	b, err = os.ReadFile(filepath.Join(dir, "violations.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fc.Features = nil
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	for _, f := range fc.Features {
		p := f.Properties
		key, _ := json.Marshal([]any{p["rule"], p["camera_id"], p["site_id"], p["citation"]})
		r.Violations[string(key)]++
	}
	return r
}

// sameRoadClasses compares road classes: counts exactly, lengths to 1e-9 relative, since
// they are sums whose order follows the order the roads came in.
func sameRoadClasses(t *testing.T, source string, got, want any) {
	t.Helper()
	g, _ := got.([]any)
	w, _ := want.([]any)
	if len(g) != len(w) {
		t.Fatalf("%d road classes from %s, %d from files", len(g), source, len(w))
	}
	for i := range w {
		gm, wm := g[i].(map[string]any), w[i].(map[string]any)
		for k, wv := range wm {
			gv := gm[k]
			if wf, ok := wv.(float64); ok {
				gf, _ := gv.(float64)
				if math.Abs(gf-wf) > 1e-9*math.Max(1, math.Abs(wf)) {
					t.Errorf("road class %v %s from %s: %v, from files: %v", wm["class"], k, source, gv, wv)
				}
				continue
			}
			if !reflect.DeepEqual(gv, wv) {
				t.Errorf("road class %v %s from %s: %v, from files: %v", wm["class"], k, source, gv, wv)
			}
		}
	}
}

func analyzeFiles(t *testing.T, in, out string, extra ...string) {
	t.Helper()
	args := []string{"analyze", "--rules", "liaoning", "--on", "2026-01-01", "--out", out}
	for _, lf := range layerFlags {
		if path := filepath.Join(in, lf.layer+".geojson"); fileExists(path) {
			args = append(args, "--"+lf.flag, path)
		}
	}
	if exit, _, errOut := cli(t, append(args, extra...)...); exit != 0 {
		t.Fatalf("analyze files exit %d: %s", exit, errOut)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// The same layers give the same results from files, from PostGIS and from the embedded store.
func TestAnalyzeFromStoresMatchesFiles(t *testing.T) {
	in := genCity(t)
	if _, err := os.Stat(filepath.Join(in, "occluders.geojson")); err != nil {
		t.Fatalf("the generated city has no buildings, so visibility would go untested: %v", err)
	}
	files := filepath.Join(t.TempDir(), "files")
	analyzeFiles(t, in, files)
	want := readResults(t, files)

	stores := map[string]func(t *testing.T) string{
		"postgis": pgtest.URL,
		"embedded": func(t *testing.T) string {
			t.Helper()
			return "file:" + filepath.Join(t.TempDir(), "city.db")
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			first := importCity(t, db, in)
			if again := importCity(t, db, in); !reflect.DeepEqual(first, again) {
				t.Errorf("re-import wrote %v, first import %v", again, first)
			}
			out := filepath.Join(t.TempDir(), "db")
			exit, _, errOut := cli(t, "analyze", "--db", db, "--rules", "liaoning", "--on", "2026-01-01", "--out", out)
			if exit != 0 {
				t.Fatalf("analyze --db exit %d: %s", exit, errOut)
			}
			got := readResults(t, out)
			if !reflect.DeepEqual(got.Summary, want.Summary) {
				t.Errorf("summary from %s differs from files:\n got %v\nwant %v", name, got.Summary, want.Summary)
			}
			sameRoadClasses(t, name, got.RoadClasses, want.RoadClasses)
			for id, w := range want.Sites {
				if got.Sites[id] != w {
					t.Errorf("site %s from %s: %s, from files: %s", id, name, got.Sites[id], w)
				}
			}
			if !reflect.DeepEqual(got.Violations, want.Violations) {
				t.Errorf("violations from %s differ from files: %d vs %d kinds", name, len(got.Violations), len(want.Violations))
			}

			t.Run("district", func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "district")
				exit, _, errOut := cli(t, "analyze", "--db", db, "--rules", "liaoning", "--on", "2026-01-01", "--district", "广陵区", "--out", out)
				if exit != 0 {
					t.Fatalf("exit %d: %s", exit, errOut)
				}
				r := readResults(t, out)
				if len(r.Sites) == 0 || len(r.Sites) >= len(want.Sites) {
					t.Errorf("district analysis has %d of %d sites", len(r.Sites), len(want.Sites))
				}
				exit, _, errOut = cli(t, "analyze", "--db", db, "--rules", "liaoning", "--district", "火星区", "--out", out)
				if exit != 2 || !strings.Contains(errOut, "火星区") {
					t.Errorf("unknown district: exit %d, %q", exit, errOut)
				}
			})
		})
	}
}

func TestImportBadInputWritesNothing(t *testing.T) {
	db := "file:" + filepath.Join(t.TempDir(), "c.db")
	dir := t.TempDir()
	csv := writeFile(t, dir, "cameras.csv", "id,lon,lat,azimuth,hfov,range,owner,investment\n"+
		"c1,119.40,32.40,10,90,50,o,private\n"+
		"c2,119.40,32.40,north,90,50,o,private\n")
	exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", csv)
	if exit != 2 || !strings.Contains(errOut, "cameras.csv") || !strings.Contains(errOut, "3") || !strings.Contains(errOut, "azimuth") {
		t.Fatalf("exit %d, %q: want line 3's azimuth named", exit, errOut)
	}
	exit, out, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", csv, "--skip-invalid")
	if exit != 0 || !strings.Contains(out, "cameras: 1") {
		t.Fatalf("--skip-invalid: exit %d, %q %q", exit, out, errOut)
	}
	exit, _, errOut = cli(t, "import", "--db", db, "--layer", "sites", "--from", csv)
	if exit != 2 {
		t.Errorf("cameras CSV as sites: exit %d, %q", exit, errOut)
	}
}

func TestImportLiechtensteinOSM(t *testing.T) {
	pbf := testenv.Shared(t, "data", "liechtenstein-2013-08-03.osm.pbf")
	db := pgtest.URL(t)
	// --strict finds nothing to refuse in a real extract (issue 21; this one maps no cameras).
	exit, out, errOut := cli(t, "import", "--db", db, "--layer", "all", "--from", pbf, "--strict")
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	// 532 sites less 118 bus stop nodes merged into a stop of the same name within 30 m,
	// plus 3 guest houses and hostels, 3 footbridges and 2 traffic signals; the merged stops'
	// positions and the footbridges' ends are entrances; the buildings, Schloss Vaduz's
	// multipolygon among them, are occluders (issue 12).
	for _, want := range []string{"sites: 422", "entrances: 235", "roads: 1210", "occluders: 3723"} {
		if !strings.Contains(out, want) {
			t.Errorf("import output %q lacks %q", out, want)
		}
	}
	if exit, again, _ := cli(t, "import", "--db", db, "--layer", "all", "--from", pbf); exit != 0 || again != out {
		t.Errorf("re-import: exit %d, %q; first %q", exit, again, out)
	}
	res := filepath.Join(t.TempDir(), "res")
	if exit, _, errOut := cli(t, "analyze", "--db", db, "--rules", "nanchang", "--on", "2026-01-01", "--out", res); exit != 0 {
		t.Fatalf("analyze exit %d: %s", exit, errOut)
	}
	r := readResults(t, res)
	if len(r.Sites) != 422 {
		t.Errorf("analysed %d sites, want 422", len(r.Sites))
	}
}

func TestMigrateCommand(t *testing.T) {
	db := pgtest.URL(t) // already migrated
	exit, out, errOut := cli(t, "migrate", "--db", db)
	if exit != 0 || !strings.Contains(out, "schema up to date") {
		t.Fatalf("exit %d, %q %q", exit, out, errOut)
	}
	exit, _, errOut = cli(t, "migrate", "--db", "")
	if exit != 2 || !strings.Contains(errOut, "DATABASE_URL") {
		t.Errorf("no database: exit %d, %q", exit, errOut)
	}
}

// The demo stores its city in the embedded store and analyses it from there; a second run
// over the same folder gives the same report.
func TestDemoRunsOnTheEmbeddedStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	exit, out, errOut := cli(t, "demo", "--no-serve", "--out", dir, "--on", "2026-01-01")
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	if !strings.Contains(out, "Mandatory sites:") || !strings.Contains(out, "cctvgis.db") {
		t.Errorf("demo output %q", out)
	}
	for _, f := range []string{"cctvgis.db", "input/cameras.geojson", "result/report.json", "result/hotspots.geojson"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("demo did not write %s: %v", f, err)
		}
	}
	first := readResults(t, filepath.Join(dir, "result"))
	if exit, _, errOut := cli(t, "demo", "--no-serve", "--out", dir, "--on", "2026-01-01"); exit != 0 {
		t.Fatalf("second run exit %d: %s", exit, errOut)
	}
	if again := readResults(t, filepath.Join(dir, "result")); !reflect.DeepEqual(first.Summary, again.Summary) {
		t.Errorf("a second demo run changed the summary")
	}
}

// demo analyses under Yangzhou's rules, where its city lies; a second demo into its folder
// starts clean (issue 9, defect 9: --seed 2 then --seed 1 mixed the cities); analysing the
// input files it wrote gives what it reported (defect 10: files at 7 decimals, store at
// full precision); a folder demo did not write is refused and left alone.
func TestDemoFolder(t *testing.T) {
	root := t.TempDir()
	demo := func(dir, seed string) results {
		t.Helper()
		exit, out, errOut := cli(t, "demo", "--no-serve", "--out", dir, "--seed", seed, "--on", "2026-01-01")
		if exit != 0 {
			t.Fatalf("demo --seed %s exit %d: %s", seed, exit, errOut)
		}
		if !strings.Contains(out, "Rules: yangzhou ") {
			t.Errorf("demo did not analyse under Yangzhou's rules: %q", out)
		}
		return readResults(t, filepath.Join(dir, "result"))
	}
	fresh := demo(filepath.Join(root, "fresh"), "1")
	reused := filepath.Join(root, "reused")
	demo(reused, "2")
	if again := demo(reused, "1"); !reflect.DeepEqual(again, fresh) {
		t.Errorf("seed 1 after seed 2 in one folder: summary %v, want %v", again.Summary, fresh.Summary)
	}

	out := filepath.Join(root, "from-files")
	args := []string{"analyze", "--rules", "yangzhou", "--on", "2026-01-01", "--out", out}
	for _, lf := range layerFlags {
		if path := filepath.Join(reused, "input", lf.layer+".geojson"); fileExists(path) {
			args = append(args, "--"+lf.flag, path)
		}
	}
	if exit, _, errOut := cli(t, args...); exit != 0 {
		t.Fatalf("analyze the demo's input: exit %d: %s", exit, errOut)
	}
	if got := readResults(t, out); !reflect.DeepEqual(got.Summary, fresh.Summary) || !reflect.DeepEqual(got.Sites, fresh.Sites) {
		t.Errorf("the demo's input files give summary %v, the demo reported %v", got.Summary, fresh.Summary)
	}

	other := filepath.Join(root, "other")
	keep := writeFile(t, mkdir(t, other), "notes.txt", "mine")
	if exit, _, errOut := cli(t, "demo", "--no-serve", "--out", other); exit != 2 || !strings.Contains(errOut, "was not written by demo") {
		t.Errorf("demo into a folder of other files: exit %d, %s", exit, errOut)
	}
	if entries, _ := os.ReadDir(other); len(entries) != 1 || !fileExists(keep) {
		t.Errorf("demo touched a folder it did not write: %v", entries)
	}
}

func mkdir(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Reading commands never create a store: a mistyped path is an error, and nothing appears.
func TestAnalyzeMissingStore(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	tests := []struct {
		name, db, want string
	}{
		{"file: path", "file:" + filepath.Join(dir, "no", "such.db"), "no embedded store at " + filepath.Join(dir, "no", "such.db")},
		{"file: path in an existing folder", "file:" + filepath.Join(dir, "such.db"), "no embedded store at " + filepath.Join(dir, "such.db")},
		{"the embedded default", "", "no embedded store at cctvgis.db"},
		{"a bare path", filepath.Join(dir, "such.db"), "file:PATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			exit, _, errOut := cli(t, "analyze", "--db", tt.db, "--rules", "liaoning", "--on", "2026-01-01", "--out", out)
			if exit != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, %q; want exit 2 saying %q", exit, errOut, tt.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("analyze left %s behind", entries[0].Name())
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("analyze wrote its results folder")
			}
		})
	}
}

// Analysing from the embedded store leaves its file as it was, byte for byte.
func TestAnalyzeLeavesEmbeddedStoreUnchanged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "city.db")
	cams := writeFile(t, dir, "cameras.geojson", collection(camera("c1", 119.40, 32.40, 10), camera("c2", 119.401, 32.40, 200)))
	sites := writeFile(t, dir, "sites.geojson", collection(site("s1", "education", 119.4001, 32.4001)))
	for layer, f := range map[string]string{"cameras": cams, "sites": sites} {
		if exit, _, errOut := cli(t, "import", "--db", "file:"+path, "--layer", layer, "--from", f); exit != 0 {
			t.Fatalf("import %s: exit %d: %s", layer, exit, errOut)
		}
	}
	hash := func() [32]byte {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := hash()
	out := filepath.Join(dir, "out")
	exit, _, errOut := cli(t, "analyze", "--db", "file:"+path, "--rules", "liaoning", "--on", "2026-01-01", "--out", out)
	if exit != 0 {
		t.Fatalf("analyze exit %d: %s", exit, errOut)
	}
	if got := readResults(t, out); len(got.Sites) != 1 {
		t.Errorf("analysed %d sites, want 1", len(got.Sites))
	}
	if hash() != before {
		t.Errorf("analyze --db changed the store's file")
	}
}

func TestDatabaseURLFromEnv(t *testing.T) {
	in := genCity(t)
	dir := t.TempDir()
	db := "file:" + filepath.Join(dir, "env.db")
	importCity(t, db, in)
	env := testEnv{vars: map[string]string{"DATABASE_URL": db}}

	out := filepath.Join(dir, "out")
	exit, _, errOut := cliIn(t, context.Background(), env, "analyze", "--rules", "yangzhou", "--out", out)
	if exit != 0 {
		t.Fatalf("analyze with DATABASE_URL exit %d: %s", exit, errOut)
	}
	if !strings.Contains(errOut, "env.db") {
		t.Errorf("analyze did not read the store DATABASE_URL names: %q", errOut)
	}
	if r := readResults(t, out); len(r.Sites) != 800 {
		t.Errorf("analyze read %d sites from the store, want 800", len(r.Sites))
	}

	// --db wins over DATABASE_URL.
	other := "file:" + filepath.Join(dir, "missing", "other.db")
	exit, _, errOut = cliIn(t, context.Background(), env, "analyze", "--db", other, "--rules", "yangzhou", "--out", out)
	if exit == 0 || !strings.Contains(errOut, "other.db") {
		t.Errorf("analyze --db %s: exit %d, %q; want a failure naming it", other, exit, errOut)
	}

	exit, _, errOut = cli(t, "migrate")
	if exit != 2 || !strings.Contains(errOut, "DATABASE_URL") {
		t.Errorf("migrate without --db or DATABASE_URL: exit %d, %q", exit, errOut)
	}
}

func TestCancelledContextStopsGenCity(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "city")
	exit, _, errOut := cliIn(t, ctx, testEnv{}, "gen-city", "--seed", "1", "--cameras", "2000", "--sites", "800", "--out", out)
	if exit != 1 || !strings.Contains(errOut, context.Canceled.Error()) {
		t.Errorf("gen-city with a cancelled context: exit %d, %q; want 1 and %q", exit, errOut, context.Canceled)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("gen-city wrote %s after cancellation (stat: %v)", out, err)
	}
}

// A store of version 4 is refused by the commands that only read it, with the command
// that migrates it; migrate migrates it once, and the audit log then verifies.
func TestMigrateEmbeddedStore(t *testing.T) {
	v4, err := os.ReadFile(filepath.Join("..", "..", "data", "embedded", "testdata", "v4.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v4.db")
	if err := os.WriteFile(path, v4, 0o600); err != nil {
		t.Fatal(err)
	}
	db := "file:" + path
	steps := []struct {
		name     string
		args     []string
		exit     int
		contains string
	}{
		{"audit verify refuses the older store", []string{"audit", "verify", "--db", db}, 1, "cctvgis migrate --db " + db},
		{"migrate migrates it", []string{"migrate", "--db", db}, 0, "applied embedded store version 4 → 5: layer values count their fields"},
		{"migrate again applies nothing", []string{"migrate", "--db", db}, 0, "schema up to date"},
		{"audit verify verifies it", []string{"audit", "verify", "--db", db}, 0, "verified"},
		{"migrate of no store", []string{"migrate", "--db", "file:" + filepath.Join(t.TempDir(), "none.db")}, 2, "no embedded store"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			exit, out, errOut := cli(t, st.args...)
			if exit != st.exit || !strings.Contains(out+errOut, st.contains) {
				t.Errorf("exit %d, %q %q; want exit %d saying %q", exit, out, errOut, st.exit, st.contains)
			}
		})
	}
}
