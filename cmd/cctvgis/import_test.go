package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cctvgis/data"
	"cctvgis/data/pgtest"
	"cctvgis/data/rules"
	"cctvgis/planner/coverage"
)

// storedCameraIDs reads back the ids of the cameras in the store db.
func storedCameraIDs(t *testing.T, db string) []string {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := data.OpenStore(context.Background(), db, lib.Taxonomy, data.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	var l coverage.Layers
	if err := s.ReadLayers(context.Background(), coverage.LayerQuery{}, &l); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range l.Cameras {
		ids = append(ids, c.ID)
	}
	return ids
}

// osmFile wraps OSM XML elements in an osm document.
func osmFile(elements ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><osm version="0.6">` + strings.Join(elements, "") + `</osm>`
}

// osmCamera returns a surveillance camera node near 119.4, 32.4 with the given "k=v" tags.
func osmCamera(id int, tags ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<node id="%d" lon="%v" lat="32.4"><tag k="man_made" v="surveillance"/>`, id, 119.4+float64(id)/1e4)
	for _, t := range tags {
		k, v, _ := strings.Cut(t, "=")
		fmt.Fprintf(&b, `<tag k="%s" v="%s"/>`, k, v)
	}
	b.WriteString(`</node>`)
	return b.String()
}

// import --skip-invalid stores exactly the valid features, wherever the bad ones stand in
// the file and whichever check (the reader's or the contract's) refuses them, and names
// each bad one by its place in the file.
func TestImportSkipInvalidKeepsEveryValidFeature(t *testing.T) {
	const csvHeader = "id,lon,lat,azimuth,hfov,range,owner,investment\n"
	cases := []struct {
		name, file, body string
		want             []string
		named            []string
	}{
		{"GeoJSON: unreadable first, invalid in the middle", "cameras.geojson",
			collection(camera("bad", 200, 32.4, 10), camera("g1", 119.4, 32.4, 0), camera("mid", 119.4, 32.4, 400),
				camera("g2", 119.41, 32.4, 90)),
			[]string{"g1", "g2"}, []string{"features[0]", "features[2]"}},
		{"GeoJSON: two unreadable, then valid", "cameras.geojson",
			collection(`{"type":"Feature","geometry":null,"properties":{"id":"n"}}`, camera("bad", 119.4, 95, 0),
				camera("g1", 119.4, 32.4, 0), camera("g2", 119.41, 32.4, 90)),
			[]string{"g1", "g2"}, []string{"features[0]", "features[1]"}},
		{"GeoJSON: a range of 1e9 m between valid ones", "cameras.geojson",
			collection(camera("g1", 119.4, 32.4, 0), cameraRange("far", 1e9), camera("g2", 119.41, 32.4, 90)),
			[]string{"g1", "g2"}, []string{"features[1]"}},
		{"OSM: bad nodes first and in the middle", "city.osm",
			osmFile(osmCamera(1, "camera:direction=north-ish"), osmCamera(2, "direction=90"), osmCamera(3, "height=-3"),
				osmCamera(4, "direction=NE"), osmCamera(5, "direction=90;up")),
			[]string{"osm:n2", "osm:n4"}, []string{"node/1", "node/3", "node/5"}},
		{"CSV: bad rows first and in the middle", "cameras.csv",
			csvHeader + "bad,119.4,32.4,north,60,50,op,private\n" + "g1,119.4,32.4,90,60,50,op,private\n" +
				"mid,119.4,32.4,90,60,1e400,op,private\n" + "dup,119.4,32.4,90,60,50,op,private\n" +
				"dup,119.4,32.4,90,60,50,op,private\n" + "g2,119.41,32.4,90,60,50,op,private\n",
			[]string{"dup", "g1", "g2"}, []string{"line 2", "line 4", "line 6"}},
	}
	stores := map[string]func(t *testing.T) string{
		"embedded": func(t *testing.T) string {
			t.Helper()
			return "file:" + filepath.Join(t.TempDir(), "s.db")
		},
		"PostGIS": pgtest.URL,
	}
	for storeName, open := range stores {
		for _, tc := range cases {
			t.Run(storeName+"/"+tc.name, func(t *testing.T) {
				db := open(t)
				path := writeFile(t, t.TempDir(), tc.file, tc.body)
				exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", path, "--skip-invalid")
				if exit != 0 {
					t.Fatalf("exit %d: %s", exit, errOut)
				}
				if got := storedCameraIDs(t, db); !slices.Equal(got, tc.want) {
					t.Errorf("stored %v, want %v", got, tc.want)
				}
				for _, at := range tc.named {
					if !strings.Contains(errOut, path+": cameras "+at) {
						t.Errorf("stderr does not name %s: %s", at, errOut)
					}
				}
			})
		}
	}
}

// Empty inputs say so (issue 9, defect 7): a file of 0 bytes is an error, a file without
// features a warning; and what the OpenStreetMap reader skips is counted on stderr (defect 8).
func TestImportSaysWhatItDidNotImport(t *testing.T) {
	cases := []struct {
		name, file, body string
		layer            string
		exit             int
		want             string
	}{
		{"0-byte .osm", "city.osm", "", "all", 2, "empty file (0 bytes)"},
		{"0-byte .osm.pbf", "city.osm.pbf", "", "all", 2, "empty file (0 bytes)"},
		{"0-byte GeoJSON", "cameras.geojson", "", "cameras", 2, "the document is empty"},
		{"collection without features", "cameras.geojson", collection(), "cameras", 0, "warning: "},
		{"CSV with a header only", "cameras.csv", "id,lon,lat,azimuth,hfov,range,owner,investment\n", "cameras", 0, "warning: "},
		{"OSM node at latitude 95", "city.osm",
			osmFile(osmCamera(1), `<node id="2" lon="119.4" lat="95"><tag k="man_made" v="surveillance"/></node>`), "cameras", 0,
			"skipped 1 OpenStreetMap elements: node outside lon −180..180, lat −90..90 (e.g. node/2)"},
		{"OSM entrance on no site", "city.osm",
			osmFile(osmCamera(1), `<node id="3" lon="119.4" lat="32.4"><tag k="entrance" v="main"/></node>`), "all", 0,
			"skipped 1 OpenStreetMap elements: entrance on no site way (e.g. node/3)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tc.file, tc.body)
			exit, _, errOut := cli(t, "import", "--db", "file:"+filepath.Join(dir, "s.db"), "--layer", tc.layer, "--from", path)
			if exit != tc.exit || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", exit, errOut, tc.exit, tc.want)
			}
			if tc.exit == 0 && strings.HasPrefix(tc.want, "warning") && !strings.Contains(errOut, path) {
				t.Errorf("the warning does not name %s: %q", path, errOut)
			}
		})
	}
}

// A camera beyond the physical maximum range is refused by import, into either store, with
// nothing written (issue 9, defect 4: it used to import with exit 0 and break every later
// analysis of the store).
func TestImportRefusesRangeBeyondMaximum(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) string{
		"embedded": func(t *testing.T) string {
			t.Helper()
			return "file:" + filepath.Join(t.TempDir(), "s.db")
		},
		"PostGIS": pgtest.URL,
	} {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			dir := t.TempDir()
			ok := writeFile(t, dir, "ok.geojson", collection(camera("g1", 119.4, 32.4, 0)))
			if exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", ok); exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			bad := writeFile(t, dir, "bad.geojson", collection(camera("g2", 119.4, 32.4, 0), cameraRange("far", 1e9)))
			exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", bad)
			if exit != 2 || !strings.Contains(errOut, `features[1] (id "far"): range: 1e+09 m is beyond 2000 m`) {
				t.Errorf("exit %d, stderr %q", exit, errOut)
			}
			if got := storedCameraIDs(t, db); !slices.Equal(got, []string{"g1"}) {
				t.Errorf("stored %v, want [g1]", got)
			}
			out := filepath.Join(dir, "out")
			if exit, _, errOut := cli(t, "analyze", "--db", db, "--rules", "nanchang", "--on", "2024-06-01", "--out", out); exit != 0 {
				t.Errorf("analyze after the refused import: exit %d: %s", exit, errOut)
			}
			if _, err := os.Stat(filepath.Join(out, "report.json")); err != nil {
				t.Error(err)
			}
		})
	}
}

// analyze reads an OpenStreetMap file with --osm and says on stderr what it skipped, with
// examples (issue 12): here a school mapped twice, 5 m apart, and an entrance on no site.
func TestAnalyzeOSMSaysWhatItSkipped(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "city.osm", osmFile(
		`<node id="1" lon="119.40000" lat="32.4"><tag k="amenity" v="school"/><tag k="name" v="实验小学"/></node>`,
		`<node id="2" lon="119.40005" lat="32.4"><tag k="amenity" v="school"/><tag k="name" v="实验小学"/></node>`,
		`<node id="3" lon="119.41" lat="32.4"><tag k="entrance" v="main"/></node>`,
		osmCamera(4)))
	exit, _, errOut := cli(t, "analyze", "--rules", "yangzhou", "--on", "2024-06-01", "--osm", path, "--out", filepath.Join(dir, "out"))
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	for _, want := range []string{
		"skipped 1 OpenStreetMap elements: near-duplicate site, merged into another (e.g. node/2 into osm:n1)",
		"skipped 1 OpenStreetMap elements: entrance on no site way (e.g. node/3)",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// Progress goes to a terminal only: an import whose stderr is a pipe or a file (here a
// buffer) prints its usual lines and no progress line.
func TestImportShowsNoProgressWhenNotATerminal(t *testing.T) {
	db := pgtest.URL(t)
	path := writeFile(t, t.TempDir(), "cameras.geojson",
		collection(camera("g1", 119.4, 32.4, 0), camera("g2", 119.41, 32.4, 90)))
	exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", path)
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	if strings.ContainsAny(errOut, "\r\x1b") || strings.Contains(errOut, "copying") {
		t.Errorf("stderr holds progress output: %q", errOut)
	}
	if !strings.Contains(errOut, "wrote to the PostGIS in one transaction") {
		t.Errorf("stderr lacks the import's usual lines: %q", errOut)
	}
}
