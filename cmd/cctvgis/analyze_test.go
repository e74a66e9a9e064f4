package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"cctvgis/planner/coverage"
)

// writeFile writes a fixture into the test's folder and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func camera(id string, lon, lat, az float64) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%v,%v]},"properties":{"id":%q,"azimuth":%v,"hfov":90,"range":50,"owner":"o","investment":"private"}}`, lon, lat, id, az)
}

func site(id, category string, lon, lat float64) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%v,%v]},"properties":{"id":%q,"category":%q}}`, lon, lat, id, category)
}

func entrance(siteID string, lon, lat float64) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%v,%v]},"properties":{"site_id":%q}}`, lon, lat, siteID)
}

// cameraRange returns a camera feature with the given range in metres.
func cameraRange(id string, rangeM float64) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[119.4,32.4]},"properties":{"id":%q,"azimuth":90,"hfov":360,"range":%v,"owner":"o","investment":"private"}}`, id, rangeM)
}

// bowTieSite returns a hotel whose outline crosses itself at 119.405, 32.405.
func bowTieSite(id string) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[119.40,32.40],[119.41,32.41],[119.41,32.40],[119.40,32.41],[119.40,32.40]]]},"properties":{"id":%q,"category":"hotel"}}`, id)
}

func readReport(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestAnalyzeBadInput(t *testing.T) {
	goodSites := collection(site("s1", "education", 119.40, 32.40), site("s2", "medical", 119.41, 32.40))
	tests := []struct {
		name     string
		cameras  string
		sites    string
		entrance string
		want     []string // in the one-line message, besides the file name
	}{
		{"azimuth out of range", collection(camera("c1", 119.4, 32.4, 10), camera("c2", 119.4, 32.4, 400)), goodSites, "",
			[]string{"cameras.geojson", "features[1]", `"c2"`, "azimuth"}},
		{"duplicate camera id", collection(camera("c1", 119.4, 32.4, 10), camera("c1", 119.4, 32.4, 20)), goodSites, "",
			[]string{"cameras.geojson", "features[1]", `"c1"`, "duplicate"}},
		{"longitude outside WGS84", collection(camera("c1", 200, 32.4, 10)), goodSites, "",
			[]string{"cameras.geojson", "features[0]", `"c1"`}},
		{"camera as a line", collection(`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[119.4,32.4],[119.5,32.4]]},"properties":{"id":"c9","azimuth":1,"hfov":90,"range":50,"owner":"o","investment":"private"}}`), goodSites, "",
			[]string{"cameras.geojson", "features[0]", "geometry"}},
		{"unknown category", collection(camera("c1", 119.4, 32.4, 10)), collection(site("s1", "education", 119.4, 32.4), site("s2", "skatepark", 119.4, 32.4)), "",
			[]string{"sites.geojson", "features[1]", `"s2"`, "skatepark"}},
		{"entrance of a missing site", collection(camera("c1", 119.4, 32.4, 10)), goodSites, collection(entrance("s1", 119.4, 32.4), entrance("s7", 119.4, 32.4)),
			[]string{"entrances.geojson", "features[1]", `"s7"`}},
		{"not a feature collection", `{"type":"Feature"}`, goodSites, "",
			[]string{"cameras.geojson"}},
		// Issue 9, defect 3: a range of 1,000 km took 24 GB before a kill.
		{"range beyond the physical maximum", collection(cameraRange("far", 1e6)), goodSites, "",
			[]string{"cameras.geojson", "features[0]", `"far"`, "range", "beyond 2000 m"}},
		// Issue 9, defect 5: PostGIS refused it, analyze and the embedded store did not.
		{"bow-tie site", collection(camera("c1", 119.4, 32.4, 10)), collection(bowTieSite("s1")), "",
			[]string{"sites.geojson", "features[0]", `"s1"`, "geometry", "self-intersection at lon 119.405000, lat 32.405000"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := []string{"analyze", "--rules", "nanchang", "--on", "2024-06-01", "--out", filepath.Join(dir, "out"),
				"--cameras", writeFile(t, dir, "cameras.geojson", tc.cameras), "--sites", writeFile(t, dir, "sites.geojson", tc.sites)}
			if tc.entrance != "" {
				args = append(args, "--entrances", writeFile(t, dir, "entrances.geojson", tc.entrance))
			}
			exit, out, errOut := cli(t, args...)
			if exit != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q)", exit, errOut)
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			msg := lines[len(lines)-1]
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not name %s", msg, w)
				}
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if _, err := os.Stat(filepath.Join(dir, "out", "report.json")); err == nil {
				t.Error("a rejected run wrote a report")
			}
		})
	}
}

func TestAnalyzeSkipInvalidListsRejected(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	exit, _, errOut := cli(t, "analyze", "--rules", "nanchang", "--on", "2024-06-01", "--out", out, "--skip-invalid",
		"--cameras", writeFile(t, dir, "cameras.geojson", collection(camera("bad", 200, 32.4, 10), camera("c1", 119.4, 32.4, 0), camera("c2", 119.4, 32.4, 360))),
		"--sites", writeFile(t, dir, "sites.geojson", collection(site("s1", "education", 119.4, 32.4001))))
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	rep := readReport(t, out)
	rejected, _ := rep["rejected"].([]any)
	if len(rejected) != 2 {
		t.Fatalf("rejected %v, want the two bad cameras", rejected)
	}
	byID := map[string]string{}
	for _, r := range rejected {
		m := r.(map[string]any)
		byID[m["id"].(string)] = m["at"].(string)
	}
	// Positions are in the file, even after the reader dropped features[0].
	if byID["bad"] != "features[0]" || byID["c2"] != "features[2]" {
		t.Errorf("rejected positions %v, want bad at features[0] and c2 at features[2]", byID)
	}
	if n := rep["input"].(map[string]any)["cameras"].(float64); n != 1 {
		t.Errorf("analysed %v cameras, want 1", n)
	}
}

func TestAnalyzeEmptyLayers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	exit, stdout, errOut := cli(t, "analyze", "--rules", "zhuzhou", "--on", "2024-06-01", "--out", out,
		"--cameras", writeFile(t, dir, "cameras.geojson", collection()), "--sites", writeFile(t, dir, "sites.geojson", collection()))
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	// An empty layer is a warning (issue 9, defect 7), naming the file.
	for _, f := range []string{"cameras.geojson", "sites.geojson"} {
		if !strings.Contains(errOut, "warning: "+filepath.Join(dir, f)+" holds no features") {
			t.Errorf("no warning that %s is empty: %q", f, errOut)
		}
	}
	rep := readReport(t, out)
	sites := rep["summary"].(map[string]any)["sites"].(map[string]any)
	if sites["total"].(float64) != 0 || !strings.Contains(stdout, "Violations: none") {
		t.Errorf("empty city: sites %v, summary %q", sites, stdout)
	}
	for _, f := range []string{"sites.geojson", "roads.geojson", "hotspots.geojson", "violations.geojson"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Type     string `json:"type"`
			Features []any  `json:"features"`
		}
		if err := json.Unmarshal(b, &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != 0 {
			t.Errorf("%s: %v %s", f, err, b)
		}
	}
}

func TestAnalyzeGeneratedCity(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	if exit, _, errOut := cli(t, "gen-city", "--seed", "7", "--cameras", "3000", "--sites", "1200", "--out", in); exit != 0 {
		t.Fatalf("gen-city exit %d: %s", exit, errOut)
	}
	args := []string{"analyze", "--rules", "liaoning", "--on", "2026-01-01", "--out", out}
	for _, lf := range layerFlags {
		if lf.layer == "occluders" {
			continue
		}
		args = append(args, "--"+lf.flag, filepath.Join(in, lf.layer+".geojson"))
	}
	exit, stdout, errOut := cli(t, args...)
	if exit != 0 {
		t.Fatalf("analyze exit %d: %s", exit, errOut)
	}
	for _, phase := range coverage.Phases() {
		// Each phase with its duration, not the offset at which it began (issue 9).
		if !regexp.MustCompile(`(?m)^  ` + string(phase) + ` +\d+\.\d\d s$`).MatchString(errOut) {
			t.Errorf("progress on stderr lacks phase %s with its duration: %q", phase, errOut)
		}
	}
	checkReadable(t, out, stdout)
	rep := readReport(t, out)
	if rep["rulebook"].(map[string]any)["code"] != "liaoning" {
		t.Errorf("report rulebook %v", rep["rulebook"])
	}
	var sites struct {
		Features []struct {
			Properties struct {
				ID              string   `json:"id"`
				Coverage        string   `json:"coverage"`
				CoveringCameras []string `json:"covering_cameras"`
			} `json:"properties"`
		} `json:"features"`
	}
	b, err := os.ReadFile(filepath.Join(out, "sites.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sites); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, f := range sites.Features {
		counts[f.Properties.Coverage]++
		if (f.Properties.Coverage == "uncovered") != (len(f.Properties.CoveringCameras) == 0) {
			t.Errorf("site %s is %s with cameras %v", f.Properties.ID, f.Properties.Coverage, f.Properties.CoveringCameras)
		}
	}
	summary := rep["summary"].(map[string]any)["sites"].(map[string]any)
	for _, status := range []string{"covered", "partial", "uncovered"} {
		if float64(counts[status]) != summary[status].(float64) {
			t.Errorf("%s: %d features, report says %v", status, counts[status], summary[status])
		}
	}
	if counts["uncovered"] == 0 || counts["covered"] == 0 {
		t.Errorf("a generated city should have covered and uncovered sites: %v", counts)
	}
	var violations struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	b, err = os.ReadFile(filepath.Join(out, "violations.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &violations); err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	for _, f := range violations.Features {
		p := f.Properties
		rules[p["rule"].(string)]++
		if p["article"] == "" || (p["camera_id"] == nil && p["site_id"] == nil) {
			t.Errorf("violation without article or subject: %v", p)
		}
	}
	for _, rule := range []string{"private_space_install", "unauthorized_builder", "not_built"} {
		if rules[rule] == 0 {
			t.Errorf("no %s violation in a generated city under liaoning: %v", rule, rules)
		}
	}
	if !strings.Contains(stdout, "Mandatory sites:") {
		t.Errorf("summary %q", stdout)
	}
}

// A panic in a command is a bug: it exits 70 with a message that says so and the stack,
// never 2 as bad input does (issue 9, defect 1).
func TestPanicIsNotAUsageError(t *testing.T) {
	var errOut strings.Builder
	e := &env{out: io.Discard, errOut: &errOut}
	c := command{name: "boom", run: func(context.Context, *env, []string) error {
		var s []int
		_ = s[len(os.Args)+3] // index out of range
		return nil
	}}
	code := report(e.errOut, guard(t.Context(), e, c, nil))
	if code != exitBug {
		t.Errorf("exit %d, want %d", code, exitBug)
	}
	if msg := errOut.String(); !strings.Contains(msg, "internal error (a bug in cctvgis") || !strings.Contains(msg, "index out of range") ||
		!strings.Contains(msg, "analyze_test.go") {
		t.Errorf("message %q does not call it a bug with its stack", msg)
	}
}

// No input or option makes analyze take the machine down (issue 9, defect 3): a range of
// 1,000 km, a 0.2 m grid and a run whose cells would fill memory are refused before the
// work starts, as usage errors that say what to change.
func TestAnalyzeRefusesRunawayWork(t *testing.T) {
	many := make([]string, 200)
	for i := range many {
		many[i] = cameraRange(fmt.Sprintf("c%d", i), 2000)
	}
	cases := []struct {
		name    string
		cameras string
		grid    string
		want    string
	}{
		{"range 1e6 on a 0.2 m grid", collection(cameraRange("far", 1e6)), "0.2", "--grid must be at least 1 m"},
		{"range 1e6", collection(cameraRange("far", 1e6)), "50", "beyond 2000 m"},
		{"grid 0.2", collection(cameraRange("c1", 50)), "0.2", "--grid must be at least 1 m"},
		{"grid NaN", collection(cameraRange("c1", 50)), "NaN", "--grid must be at least 1 m"},
		{"200 cameras of 2 km on a 2 m grid", collection(many...), "2", "use a coarser grid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			exit, _, errOut := cli(t, "analyze", "--rules", "nanchang", "--on", "2024-06-01", "--out", filepath.Join(dir, "out"), "--grid", tc.grid,
				"--cameras", writeFile(t, dir, "cameras.geojson", tc.cameras), "--sites", writeFile(t, dir, "sites.geojson", collection()))
			if exit != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", exit, errOut, tc.want)
			}
		})
	}
}

// checkReadable checks that an analysis's outputs are written for a planner to read (issue
// 9): numbers outside coordinates have at most 3 decimals (metres to 0.01, shares and
// scores to 0.001), keys are snake_case, lists are never null, categories and road classes
// carry their Chinese names, in report.json and on stdout.
func checkReadable(t *testing.T, out, stdout string) {
	t.Helper()
	coordinates := map[string]bool{"coordinates": true, "centre": true, "lon": true, "lat": true}
	lists := map[string]bool{"penalties": true, "notes": true, "warnings": true, "rejected": true, "owners": true,
		"cameras": false, "covering_cameras": true, "key_points": true, "by_category": true, "road_classes": true}
	var walk func(file, key string, v any)
	walk = func(file, key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if strings.Contains(k, "-") {
					t.Errorf("%s: key %q is not snake_case", file, k)
				}
				if x == nil && lists[k] {
					t.Errorf("%s: list %q is null, want []", file, k)
				}
				if !coordinates[k] {
					walk(file, k, x)
				}
			}
		case []any:
			for _, x := range v {
				walk(file, key, x)
			}
		case json.Number:
			if _, frac, ok := strings.Cut(v.String(), "."); ok && len(frac) > 3 {
				t.Errorf("%s: %s = %s has more than 3 decimals", file, key, v)
			}
		}
	}
	for _, f := range []string{"report.json", "roads.geojson", "hotspots.geojson", "violations.geojson", "sites.geojson"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walk(f, "", v)
	}
	rep := readReport(t, out)
	for _, list := range []string{"by_category"} {
		for _, c := range rep["summary"].(map[string]any)[list].([]any) {
			if c.(map[string]any)["name_zh"] == "" {
				t.Errorf("summary.%s entry %v has no name_zh", list, c)
			}
		}
	}
	for _, rc := range rep["road_classes"].([]any) {
		m := rc.(map[string]any)
		if m["name_zh"] == "" {
			t.Errorf("road class %v has no name_zh", m["class"])
		}
		if m["mandatory"] == true && !strings.Contains(stdout, fmt.Sprintf("Road %s %s:", m["class"], m["name_zh"])) {
			t.Errorf("stdout does not name road class %s with %s: %q", m["class"], m["name_zh"], stdout)
		}
	}
}

func TestGenCityRefusesBadDensity(t *testing.T) {
	for _, d := range []string{"0", "-1", "NaN", "101"} {
		t.Run(d, func(t *testing.T) {
			exit, _, errOut := cli(t, "gen-city", "--density", d, "--cameras", "10", "--sites", "5", "--out", t.TempDir())
			if exit != 2 || !strings.Contains(errOut, "--density") {
				t.Errorf("exit %d, stderr %q; want 2 naming --density", exit, errOut)
			}
		})
	}
}

// --unknown-owners and --hotspot-extent reach the analysis, and report.json says which
// were used; a bad value is a usage error naming the choices.
func TestAnalyzeHotspotFlags(t *testing.T) {
	dome := func(id, owner string, lon float64) string {
		return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%v,32.4]},"properties":{"id":%q,"azimuth":0,"hfov":360,"range":40,"owner":%q,"investment":"government"}}`, lon, id, owner)
	}
	// 公安局 and two cameras of unknown owner watch one spot.
	cameras := collection(dome("p", "公安局", 119.4), dome("u1", "unknown", 119.4001), dome("u2", "未知", 119.4002))
	tests := []struct {
		name      string
		args      []string
		exit      int
		unknown   string
		extent    float64
		hotOwners float64 // the worst hotspot's owner count; 0 for no hotspot
	}{
		{"defaults: unknown owners count for none", nil, 0, "none", 150, 0},
		{"each its own owner", []string{"--unknown-owners", "each"}, 0, "each", 150, 3},
		{"one owner, 30 m places on a 10 m grid", []string{"--unknown-owners", "one", "--grid", "10", "--hotspot-extent", "30"}, 0, "one", 30, 2},
		{"the extent follows a coarse grid", []string{"--grid", "200"}, 0, "none", 200, 0},
		{"an extent below the grid", []string{"--hotspot-extent", "20"}, 2, "", 0, 0},
		{"an unknown setting", []string{"--unknown-owners", "some"}, 2, "", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			args := append([]string{"analyze", "--rules", "yangzhou", "--on", "2026-01-01", "--out", out,
				"--cameras", writeFile(t, dir, "cameras.geojson", cameras), "--sites", writeFile(t, dir, "sites.geojson", collection())}, tc.args...)
			exit, stdout, errOut := cli(t, args...)
			if exit != tc.exit {
				t.Fatalf("exit %d, want %d; stderr %q", exit, tc.exit, errOut)
			}
			if exit != 0 {
				return
			}
			rep := readReport(t, out)
			opts := rep["options"].(map[string]any)
			if opts["unknown_owners"] != tc.unknown || opts["hotspot_extent_m"] != tc.extent {
				t.Errorf("options %v, want unknown_owners %q hotspot_extent_m %v", opts, tc.unknown, tc.extent)
			}
			if n := rep["summary"].(map[string]any)["unknown_owner_cameras"]; n != 2.0 {
				t.Errorf("%v cameras of unknown owner, want 2", n)
			}
			top := rep["top_hotspots"].([]any)
			switch {
			case tc.hotOwners == 0 && len(top) > 0:
				t.Errorf("hotspots %v, want none", top)
			case tc.hotOwners > 0 && (len(top) == 0 || top[0].(map[string]any)["owner_count"] != tc.hotOwners):
				t.Errorf("hotspots %v, want the worst with %v owners", top, tc.hotOwners)
			}
			if !strings.Contains(stdout, "Cameras of unknown owner: 2, counted for hotspots as "+tc.unknown) {
				t.Errorf("stdout does not say how unknown owners counted:\n%s", stdout)
			}
		})
	}
}
