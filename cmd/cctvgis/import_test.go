package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"cctvgis/data"
	"cctvgis/data/geojson"
	"cctvgis/data/pgtest"
	"cctvgis/data/rules"
	"cctvgis/planner/coverage"
)

// storedLayers reads back the layers in the store db.
func storedLayers(t *testing.T, db string) *coverage.Layers {
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
	return &l
}

// storedCameraIDs reads back the ids of the cameras in the store db.
func storedCameraIDs(t *testing.T, db string) []string {
	t.Helper()
	var ids []string
	for _, c := range storedLayers(t, db).Cameras {
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
		{"CSV: bad rows first and in the middle", "cameras.csv",
			csvHeader + "bad,119.4,32.4,north,60,50,op,private\n" + "g1,119.4,32.4,90,60,50,op,private\n" +
				"mid,119.4,32.4,90,60,1e400,op,private\n" + "dup,119.4,32.4,90,60,50,op,private\n" +
				"dup,119.4,32.4,90,60,50,op,private\n" + "g2,119.41,32.4,90,60,50,op,private\n",
			[]string{"dup", "g1", "g2"}, []string{"line 2", "line 4", "line 6"}},
	}
	for storeName, open := range testStores {
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

// No single OpenStreetMap tag value fails a file (issue 21): import and analyze --osm read
// direction lists and keep the cameras whose values they cannot read, counting those
// values on stderr with their node and tag; --strict stops at the first of them, naming
// it, and writes nothing.
func TestOSMOddTagValues(t *testing.T) {
	file := osmFile(
		osmCamera(1, "camera:direction=180, 270", "operator=Stadtpolizei"),
		osmCamera(2, "camera:direction=90;160;270"),
		osmCamera(3, "camera:direction=north-ish"),
		osmCamera(4, "height=-3", "direction=NE"),
		osmCamera(5, "direction=90;up"),
		osmCamera(6, "surveillance:type=microphone"),
		osmCamera(7, "camera:count=many"))
	skipped := []string{
		`skipped 2 OpenStreetMap elements: camera direction neither degrees, a compass point nor a range, taken as unknown (e.g. node/3 camera:direction="north-ish", node/5 direction="90;up")`,
		`skipped 1 OpenStreetMap elements: camera height not in metres, taken as unknown (e.g. node/4 height="-3")`,
		`skipped 1 OpenStreetMap elements: surveillance:type other than camera, ALPR, ANPR or guard (e.g. node/6 surveillance:type="microphone")`,
		`skipped 1 OpenStreetMap elements: camera:count not a whole number from 1 to 64, taken as one camera per direction (e.g. node/7 camera:count="many")`,
		"cameras to verify: 2 of unknown direction",
	}
	const refused = `node/3: camera:direction="north-ish": "north-ish" is neither degrees, a compass point nor a range`
	for storeName, open := range testStores {
		t.Run(storeName+"/import", func(t *testing.T) {
			db := open(t)
			dir := t.TempDir()
			first := writeFile(t, dir, "first.geojson", collection(camera("g1", 119.4, 32.4, 0)))
			if exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", first); exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			path := writeFile(t, dir, "city.osm", file)
			exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", path, "--strict")
			if exit != 2 || !strings.Contains(errOut, path+": reading OSM: scanning nodes: "+refused) {
				t.Errorf("--strict: exit %d, stderr %q; want 2 and %q", exit, errOut, refused)
			}
			if got := storedCameraIDs(t, db); !slices.Equal(got, []string{"g1"}) {
				t.Errorf("--strict stored %v, want only g1", got)
			}
			exit, out, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", path)
			if exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			for _, want := range skipped {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if strings.Contains(out, "skipped") {
				t.Errorf("invalid features reported: %q", out)
			}
			want := []string{"g1", "osm:n1#1", "osm:n1#2", "osm:n2#1", "osm:n2#2", "osm:n2#3", "osm:n3", "osm:n4", "osm:n5#1", "osm:n5#2", "osm:n7"}
			if got := storedCameraIDs(t, db); !slices.Equal(slices.Sorted(slices.Values(got)), want) {
				t.Errorf("stored %v, want %v", got, want)
			}
			for _, c := range storedLayers(t, db).Cameras {
				if unknown := c.Direction == coverage.DirectionUnknown; unknown != (c.ID == "osm:n3" || c.ID == "osm:n5#2") {
					t.Errorf("%s: direction %q", c.ID, c.Direction)
				}
			}
		})
	}
	t.Run("analyze", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "city.osm", file)
		args := []string{"analyze", "--rules", "yangzhou", "--on", "2024-06-01", "--osm", path, "--out", filepath.Join(dir, "out")}
		exit, _, errOut := cli(t, append(args, "--strict")...)
		if exit != 2 || !strings.Contains(errOut, refused) {
			t.Errorf("--strict: exit %d, stderr %q; want 2 and %q", exit, errOut, refused)
		}
		exit, _, errOut = cli(t, args...)
		if exit != 0 {
			t.Fatalf("exit %d: %s", exit, errOut)
		}
		for _, want := range skipped {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
		}
	})
}

// --strict is for the tag values of OpenStreetMap files: with another format, or analyze
// without --osm, it is refused.
func TestStrictIsForOSM(t *testing.T) {
	dir := t.TempDir()
	cameras := writeFile(t, dir, "cameras.geojson", collection(camera("c1", 119.4, 32.4, 0)))
	sites := writeFile(t, dir, "sites.geojson", collection())
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"import of a GeoJSON file", []string{"import", "--db", "file:" + filepath.Join(dir, "s.db"), "--layer", "cameras", "--from", cameras, "--strict"},
			"--strict is for the tag values of OpenStreetMap files (.osm, .osm.pbf); cameras.geojson is not one"},
		{"analyze without --osm", []string{"analyze", "--rules", "yangzhou", "--cameras", cameras, "--sites", sites, "--strict", "--out", filepath.Join(dir, "out")},
			"--strict is for the tag values of the OpenStreetMap file of --osm, which is missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			exit, _, errOut := cli(t, tc.args...)
			if want := "cctvgis: " + tc.want + "\n"; exit != 2 || errOut != want {
				t.Errorf("exit %d, stderr\n%s\nwant 2 and\n%s", exit, errOut, want)
			}
		})
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
	for name, open := range testStores {
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

// lodgingSignals is a cut of the Liechtenstein extract: two traffic signals, a guest house
// and two youth hostels, all nodes.
var lodgingSignals = filepath.Join("..", "..", "data", "osm", "testdata", "liechtenstein", "lodging-signals.osm")

// mappedCity is a small hand-drawn OpenStreetMap file for the tables the Liechtenstein
// cut lacks: a café, a hotel drawn as a closed way, and a service road.
var mappedCity = osmFile(
	`<node id="1" lon="119.4" lat="32.4"><tag k="amenity" v="cafe"/><tag k="name" v="茶社"/></node>`,
	`<node id="10" lon="119.410" lat="32.400"/>`, `<node id="11" lon="119.411" lat="32.400"/>`,
	`<node id="12" lon="119.411" lat="32.401"/>`, `<node id="13" lon="119.410" lat="32.401"/>`,
	`<way id="100"><nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="10"/><tag k="tourism" v="hotel"/></way>`,
	`<way id="101"><nd ref="10"/><nd ref="11"/><tag k="highway" v="service"/></way>`,
)

// mappedLayers lists the sites, roads and private spaces of l as "layer id category".
func mappedLayers(l *coverage.Layers) []string {
	var out []string
	for _, s := range l.Sites {
		out = append(out, "sites "+s.ID+" "+s.Category)
	}
	for _, r := range l.Roads {
		out = append(out, "roads "+r.ID+" "+r.Class)
	}
	for _, p := range l.PrivateSpaces {
		out = append(out, "private_spaces "+p.ID+" "+p.Space)
	}
	slices.Sort(out)
	return out
}

// The default mapping as rules categories --osm prints it.
func defaultMappingFile(t *testing.T, dir string) string {
	t.Helper()
	exit, out, errOut := cli(t, "rules", "categories", "--osm")
	if exit != 0 {
		t.Fatalf("rules categories --osm: exit %d: %s", exit, errOut)
	}
	return writeFile(t, dir, "default.yaml", out)
}

// --osm-mapping changes what import --layer all and analyze --osm make of an
// OpenStreetMap file; the default printed by rules categories --osm is the default.
func TestOSMMappingFile(t *testing.T) {
	hotels := []string{"sites osm:n11288 hotel", "sites osm:n237 intersection", "sites osm:n24184 hotel", "sites osm:n58088 intersection", "sites osm:n58238 hotel"}
	cases := []struct {
		name    string
		osm     string // a path, or the XML of a file to write
		mapping string // YAML, "default" for the printed default, "" for no --osm-mapping
		want    []string
	}{
		{"Liechtenstein, no mapping", lodgingSignals, "", hotels},
		{"Liechtenstein, the printed default", lodgingSignals, "default", hotels},
		{"Liechtenstein, hostels only", lodgingSignals,
			"categories:\n  - {tag: tourism=hostel, category: hotel}\n",
			[]string{"sites osm:n24184 hotel", "sites osm:n58238 hotel"}},
		{"Liechtenstein, a guest house as a scenic area", lodgingSignals,
			"categories:\n  - {tag: tourism=guest_house, category: scenic_area}\n  - {tag: highway=traffic_signals, category: intersection}\n",
			[]string{"sites osm:n11288 scenic_area", "sites osm:n237 intersection", "sites osm:n58088 intersection"}},
		{"hand-drawn, no mapping", mappedCity, "", []string{"sites osm:w100 hotel"}},
		{"hand-drawn, a bureau's own", mappedCity, `
categories: [{tag: amenity=cafe, category: entertainment_venue}]
road_classes: [{tag: highway=service, class: village_road}]
private_spaces: [{tag: tourism=hotel, space: hotel_room}]
`, []string{"private_spaces osm:w100 hotel_room", "roads osm:w101 village_road", "sites osm:n1 entertainment_venue"}},
		{"hand-drawn, nothing mapped", mappedCity, "{}\n", nil},
	}
	for _, tc := range cases {
		file := func(t *testing.T, dir string) []string {
			t.Helper()
			path := tc.osm
			if strings.HasPrefix(tc.osm, "<?xml") {
				path = writeFile(t, dir, "city.osm", tc.osm)
			}
			switch tc.mapping {
			case "":
				return []string{path}
			case "default":
				return []string{path, "--osm-mapping", defaultMappingFile(t, dir)}
			}
			return []string{path, "--osm-mapping", writeFile(t, dir, "mapping.yaml", tc.mapping)}
		}
		for storeName, open := range testStores {
			t.Run("import/"+storeName+"/"+tc.name, func(t *testing.T) {
				db := open(t)
				args := append([]string{"import", "--db", db, "--layer", "all", "--from"}, file(t, t.TempDir())...)
				if exit, _, errOut := cli(t, args...); exit != 0 {
					t.Fatalf("exit %d: %s", exit, errOut)
				}
				if got := mappedLayers(storedLayers(t, db)); !slices.Equal(got, tc.want) {
					t.Errorf("stored %q, want %q", got, tc.want)
				}
			})
		}
		t.Run("analyze/"+tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"analyze", "--rules", "yangzhou", "--on", "2024-06-01", "--out", filepath.Join(dir, "out"), "--osm"}, file(t, dir)...)
			if exit, _, errOut := cli(t, args...); exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			var want []string
			for _, w := range tc.want {
				if strings.HasPrefix(w, "sites ") {
					want = append(want, w)
				}
			}
			if got := analyzedSites(t, filepath.Join(dir, "out")); !slices.Equal(got, want) {
				t.Errorf("analysed sites %q, want %q", got, want)
			}
		})
	}
}

// analyzedSites lists the sites of the sites.geojson in dir as "sites id category".
func analyzedSites(t *testing.T, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "sites.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct{ ID, Category string }
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fc.Features {
		out = append(out, "sites "+f.Properties.ID+" "+f.Properties.Category)
	}
	slices.Sort(out)
	return out
}

// A mapping file import and analyze cannot use stops them with exit 2 before they read
// or write anything, with one line naming the file, the line and the field.
func TestOSMMappingFileRefused(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       string // after "cctvgis: PATH: "
	}{
		{"unknown field", "categories:\n  - {tag: amenity=school, catgory: education}\n",
			`line 2: categories[0]: unknown field "catgory" (want tag, with, category)`},
		{"unknown table", "categories: []\nbuildings: [building]\n",
			`line 2: unknown field "buildings" (want categories, passages, road_classes, private_spaces, station_entrances, occluder_keys)`},
		{"wrong type", "road_classes:\n  - {tag: highway=primary, class: 3}\n", "line 2: road_classes[0].class: want text, not the number 3"},
		{"a table not a list", "private_spaces: dormitory\n", `line 1: private_spaces: want a list of rules ([] for none), not "dormitory"`},
		{"unknown category", "categories:\n  - {tag: amenity=school, category: school}\n",
			`line 2: categories[0].category: "school" is not a category of a place (kind site or area) of the taxonomy (see cctvgis rules categories)`},
		{"unknown road class", "road_classes:\n  - {tag: highway=primary, class: primary}\n",
			`line 2: road_classes[0].class: "primary" is not a road class (a category of kind road) of the taxonomy (see cctvgis rules categories)`},
		{"unknown space", "private_spaces:\n  - {tag: amenity=toilets, space: wc}\n",
			`line 2: private_spaces[0].space: "wc" is not a kind of private space of the taxonomy (see cctvgis rules categories)`},
		{"empty rule", "categories:\n  - {tag: amenity=school, category: education}\n  - {}\n",
			"line 3: categories[1]: an empty rule (want tag and category)"},
		{"duplicate rule", "road_classes:\n  - {tag: highway=primary, class: arterial_road}\n  - {tag: highway=primary, class: urban_road}\n",
			"line 3: road_classes[1]: duplicate rule: the rule on line 2 has the same tag and with"},
		{"empty file", "", "empty file"},
	}
	for _, tc := range cases {
		for _, command := range []string{"import", "analyze"} {
			t.Run(command+"/"+tc.name, func(t *testing.T) {
				dir := t.TempDir()
				mapping := writeFile(t, dir, "mapping.yaml", tc.yaml)
				db := filepath.Join(dir, "s.db")
				out := filepath.Join(dir, "out")
				args := []string{"import", "--db", "file:" + db, "--layer", "all", "--from", lodgingSignals, "--osm-mapping", mapping}
				if command == "analyze" {
					args = []string{"analyze", "--rules", "yangzhou", "--osm", lodgingSignals, "--osm-mapping", mapping, "--out", out}
				}
				exit, _, errOut := cli(t, args...)
				if want := "cctvgis: " + mapping + ": " + tc.want + "\n"; exit != 2 || errOut != want {
					t.Errorf("exit %d, stderr\n%s\nwant 2 and\n%s", exit, errOut, want)
				}
				for _, written := range []string{db, out} {
					if _, err := os.Stat(written); err == nil {
						t.Errorf("%s was written", written)
					}
				}
			})
		}
	}
}

// --osm-mapping is for OpenStreetMap files, and a mapping file that is not there is bad
// input.
func TestOSMMappingFileMisused(t *testing.T) {
	dir := t.TempDir()
	mapping := writeFile(t, dir, "mapping.yaml", "categories: []\n")
	cameras := writeFile(t, dir, "cameras.geojson", collection(camera("c1", 119.4, 32.4, 0)))
	sites := writeFile(t, dir, "sites.geojson", collection())
	missing := filepath.Join(dir, "missing.yaml")
	db := "file:" + filepath.Join(dir, "s.db")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"import of a GeoJSON file", []string{"import", "--db", db, "--layer", "cameras", "--from", cameras, "--osm-mapping", mapping},
			"--osm-mapping maps the tags of OpenStreetMap files (.osm, .osm.pbf); cameras.geojson is not one"},
		{"analyze without --osm", []string{"analyze", "--rules", "yangzhou", "--cameras", cameras, "--sites", sites, "--osm-mapping", mapping, "--out", filepath.Join(dir, "out")},
			"--osm-mapping maps the tags of the OpenStreetMap file of --osm, which is missing"},
		{"import with a missing mapping", []string{"import", "--db", db, "--layer", "all", "--from", lodgingSignals, "--osm-mapping", missing},
			"reading OpenStreetMap mapping: open " + missing + ": no such file or directory"},
		{"analyze with a missing mapping", []string{"analyze", "--rules", "yangzhou", "--osm", lodgingSignals, "--osm-mapping", missing, "--out", filepath.Join(dir, "out")},
			"reading OpenStreetMap mapping: open " + missing + ": no such file or directory"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			exit, _, errOut := cli(t, tc.args...)
			if want := "cctvgis: " + tc.want + "\n"; exit != 2 || errOut != want {
				t.Errorf("exit %d, stderr\n%s\nwant 2 and\n%s", exit, errOut, want)
			}
		})
	}
}

// A GeoJSON file GDAL projected into a Gauss-Krüger zone imports where its cameras stand,
// on both stores, by the system its crs member names; the same file without the member is
// refused with the list of systems, and imports once --crs names its system.
func TestImportProjectedGeoJSON(t *testing.T) {
	dir := "../../data/geojson/testdata/crs"
	var want coverage.Layers
	if _, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: coverage.LayerCameras, File: filepath.Join(dir, "cameras.wgs84.geojson")}, &want); err != nil {
		t.Fatal(err)
	}
	for name, open := range testStores {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			if exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", filepath.Join(dir, "cameras.4547.geojson")); exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			got := storedLayers(t, db).Cameras
			if len(got) != len(want.Cameras) {
				t.Fatalf("stored %d cameras, want %d", len(got), len(want.Cameras))
			}
			for i, c := range got {
				if d := orbgeo.Distance(c.Pos, want.Cameras[i].Pos); d > 0.001 {
					t.Errorf("camera %s stored at %v, %.4f m from where it stands", c.ID, c.Pos, d)
				}
			}
			nocrs := filepath.Join(dir, "cameras.4547.nocrs.geojson")
			exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", nocrs)
			if exit != 2 || !strings.Contains(errOut, "look projected") || !strings.Contains(errOut, "--crs") || !strings.Contains(errOut, "cgcs2000") {
				t.Errorf("without a system: exit %d, stderr %q", exit, errOut)
			}
			if exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", nocrs, "--crs", "EPSG:4547"); exit != 0 {
				t.Errorf("with --crs EPSG:4547: exit %d: %s", exit, errOut)
			}
		})
	}
}

// A bureau's CSV registry, Chinese headers, units, 政府/社会 and GB/T 28181 codes, imports
// into either store as it is: the import names the columns it read, the device types the
// codes name, and the cameras whose code or row names another district than the one they
// stand in (the districts stored before).
func TestImportRegistryCSV(t *testing.T) {
	districts := collection(
		`{"type":"Feature","properties":{"name":"朝阳区"},"geometry":{"type":"Polygon","coordinates":[[[116.4,39.9],[116.5,39.9],[116.5,40],[116.4,40],[116.4,39.9]]]}}`,
		`{"type":"Feature","properties":{"name":"海淀区"},"geometry":{"type":"Polygon","coordinates":[[[116.2,39.9],[116.3,39.9],[116.3,40],[116.2,40],[116.2,39.9]]]}}`)
	registry := "序号,设备编码,点位名称,经度,纬度,镜头朝向,视角,监控距离(米),安装高度,建设单位,投资性质,所属辖区\n" +
		"1,11010500001320000001,朝阳路口,116.45,39.95,90°,60,50米,6,北京市公安局朝阳分局,政府,\n" +
		"2,11010500001320000002,海淀路口,116.25,39.95,180,90,40,4.5,某商场,社会,\n" +
		"3,11010800001310000003,中关村,116.26,39.96,270,60,30,,某公司,社会投资,海淀区\n"
	for name, open := range testStores {
		t.Run(name, func(t *testing.T) {
			db, dir := open(t), t.TempDir()
			if exit, _, errOut := cli(t, "import", "--db", db, "--layer", "districts", "--from", writeFile(t, dir, "d.geojson", districts)); exit != 0 {
				t.Fatalf("districts: %s", errOut)
			}
			exit, out, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", writeFile(t, dir, "登记表.csv", registry))
			if exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			for _, want := range []string{
				"format CSV, coordinate system wgs84 (the default)",
				"columns: id ← 设备编码, azimuth ← 镜头朝向, hfov ← 视角, range ← 监控距离(米), owner ← 建设单位, investment ← 投资性质, height ← 安装高度, district ← 所属辖区, lon ← 经度, lat ← 纬度",
				"columns not read: 序号, 点位名称",
				"GB/T 28181 codes: 3 cameras; 2 IP camera",
				"to verify: camera 11010500001320000002: its code's division 110105 names district 朝阳区, but it stands in 海淀区",
			} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if strings.Count(errOut, "to verify") != 1 || out != "cameras: 3\n" {
				t.Errorf("stdout %q, stderr:\n%s", out, errOut)
			}
			got := storedLayers(t, db).Cameras
			want := coverage.Camera{ID: "11010500001320000001", Pos: orb.Point{116.45, 39.95}, Azimuth: 90, HFOV: 60, Range: 50, Height: 6,
				Owner: "北京市公安局朝阳分局", Investment: coverage.Government}
			if len(got) != 3 || got[0] != want || got[2].Investment != coverage.Private {
				t.Errorf("stored %+v\nwant first %+v", got, want)
			}
		})
	}
}
