package main

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
)

// Beijing's 16 districts, 12 of them self-intersecting, are refused without --repair and
// all imported with it into either store, each valid and within 0.5 % of its raw area
// when read back (issue 21).
func TestImportRepairsBeijing(t *testing.T) {
	path := testenv.Shared(t, "data", "beijing.geojson")
	names, raw := testenv.Beijing(t)
	for name, open := range testStores {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			exit, _, errOut := cli(t, "import", "--db", db, "--layer", "districts", "--from", path)
			if exit != 2 || !strings.Contains(errOut, `districts features[0] (id "东城区"): geometry: self-intersection at lon 116.437500, lat 39.929688 (and 11 more`) {
				t.Fatalf("without --repair: exit %d, stderr %q", exit, errOut)
			}
			exit, out, errOut := cli(t, "import", "--db", db, "--layer", "districts", "--from", path, "--repair")
			if exit != 0 || out != "districts: 16\n" {
				t.Fatalf("with --repair: exit %d, stdout %q, stderr %s", exit, out, errOut)
			}
			for _, want := range []string{
				`repaired districts[3] (id "丰台区"): split at 8 self-intersections, dropped 3 spike edges, dropped 1 repeated position, reversed 1 ring; area `,
				"repaired 16 outlines\n",
				"districts overlap in 48 places, 865917 m² in all:\n  丰台区 and 海淀区: 182774 m² in 1 place, the largest at lon 116.295898, lat 39.897461\n",
				"districts leave 47 gaps, 874979 m² in all:\n",
			} {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			storedBeijing(t, db, names, raw)
		})
	}
}

// storedBeijing checks that the store db holds the districts named, each valid and within
// 0.5 % of the area of its published outline in raw.
func storedBeijing(t *testing.T, db string, names []string, raw []orb.Geometry) {
	t.Helper()
	stored := storedLayers(t, db).Districts
	if len(stored) != len(names) {
		t.Errorf("stored %d districts, want %d", len(stored), len(names))
	}
	for k, n := range names {
		i := slices.IndexFunc(stored, func(d coverage.District) bool { return d.Name == n })
		if i < 0 {
			t.Errorf("%s was not stored", n)
			continue
		}
		if p := coverage.PolygonProblem(stored[i].Geometry); p != "" {
			t.Errorf("%s is stored invalid: %s", n, p)
		}
		if before, after := geo.Area(raw[k]), geo.Area(stored[i].Geometry); math.Abs(after-before) > 0.005*before {
			t.Errorf("%s: %.0f m² stored, %.0f m² published", n, after, before)
		}
	}
}

// A repair that changes an area by more than 1 % (a bow-tie's lobes cancel in its raw
// area) is refused and listed like any invalid feature; --repair-force keeps it.
func TestImportRefusesLargeRepairUnlessForced(t *testing.T) {
	dir := t.TempDir()
	sites := writeFile(t, dir, "sites.geojson", collection(bowTieSite("bow"), site("ok", "hotel", 119.42, 32.4)))
	db := "file:" + filepath.Join(dir, "store.db")
	const refusal = `sites features[0] (id "bow"): geometry: its repair (split at 1 self-intersection) would change its area from 0 m² to 521620 m² (from nothing), more than the 1 % a repair may change unforced`
	for _, c := range []struct {
		name   string
		args   []string
		exit   int
		says   string
		stored []string
	}{
		{"refused, the import stops", []string{"--repair"}, 2, "repaired 0 outlines, refused 1 (listed with the invalid features)\ncctvgis: " + filepath.Join(dir, "sites.geojson") + ": " + refusal, nil},
		{"refused, --skip-invalid goes on without it", []string{"--repair", "--skip-invalid"}, 0, "skipped: " + filepath.Join(dir, "sites.geojson") + ": " + refusal, []string{"ok"}},
		{"forced, it is kept", []string{"--repair", "--repair-force"}, 0, "repaired sites[0] (id \"bow\"): split at 1 self-intersection; area 0 m² → 521620 m² (from nothing) (forced)\nrepaired 1 outline\n", []string{"bow", "ok"}},
		{"--repair-force alone is a usage error", []string{"--repair-force"}, 2, "--repair-force keeps the repairs of --repair, which is missing", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"import", "--db", db, "--layer", "sites", "--from", sites}, c.args...)
			exit, _, errOut := cli(t, args...)
			if exit != c.exit || !strings.Contains(errOut, c.says) {
				t.Fatalf("exit %d, want %d; stderr lacks %q:\n%s", exit, c.exit, c.says, errOut)
			}
			if c.stored == nil {
				return
			}
			var ids []string
			for _, s := range storedLayers(t, db).Sites {
				ids = append(ids, s.ID)
				if p := coverage.PolygonProblem(s.Geometry); p != "" {
					t.Errorf("site %s is stored invalid: %s", s.ID, p)
				}
			}
			if !slices.Equal(ids, c.stored) {
				t.Errorf("stored %v, want %v", ids, c.stored)
			}
		})
	}
}

// analyze --repair mends layer files; with the layers from a store it is a usage error.
func TestAnalyzeRepair(t *testing.T) {
	dir := t.TempDir()
	sites := writeFile(t, dir, "sites.geojson", collection(bowTieSite("bow")))
	cameras := writeFile(t, dir, "cameras.geojson", collection(camera("c1", 119.401, 32.401, 0)))
	exit, out, errOut := cli(t, "analyze", "--rules", "yangzhou", "--on", "2024-06-01", "--sites", sites, "--cameras", cameras, "--repair", "--repair-force", "--out", filepath.Join(dir, "out"))
	if exit != 0 || !strings.Contains(errOut, `repaired sites[0] (id "bow"): split at 1 self-intersection; area 0 m² → 521620 m² (from nothing) (forced)`) || !strings.Contains(out, "All sites: 1 ") {
		t.Errorf("from files: exit %d, stdout %q, stderr %s", exit, out, errOut)
	}
	exit, _, errOut = cli(t, "analyze", "--db", "file:"+filepath.Join(dir, "none.db"), "--rules", "yangzhou", "--repair", "--out", filepath.Join(dir, "out2"))
	if exit != 2 || !strings.Contains(errOut, "--repair mends the outlines of layer files; a store holds valid ones already") {
		t.Errorf("from a store: exit %d, stderr %s", exit, errOut)
	}
}

// districtFeature is a district named name with the outline of a rectangle, in 1/128
// degree steps from (119.4, 32.4).
func districtFeature(name string, x0, y0, x1, y1 float64) string {
	p := func(x, y float64) string { return fmt.Sprintf("[%v,%v]", 119.4+x/128, 32.4+y/128) }
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[%s,%s,%s,%s,%s]]},"properties":{"name":%q}}`,
		p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1), p(x0, y0), name)
}

// import and analyze list where the districts overlap and the gaps they leave, with their
// areas: here four strips round an empty square, the west strip over the south and north
// ones by half a square each.
func TestDistrictOverlapsAndGapsAreListed(t *testing.T) {
	dir := t.TempDir()
	districts := writeFile(t, dir, "districts.geojson", collection(
		districtFeature("南", 0, 0, 3, 1), districtFeature("北", 0, 2, 3, 3),
		districtFeature("西", 0, 0.5, 1, 2.5), districtFeature("东", 2, 1, 3, 2)))
	square := geo.Area(orb.Polygon{{{119.4, 32.4}, {119.4 + 1.0/128, 32.4}, {119.4 + 1.0/128, 32.4 + 1.0/128}, {119.4, 32.4 + 1.0/128}, {119.4, 32.4}}})
	// Each line, by its start, and the area it gives in m²: the report measures on one
	// projection for all the districts, so its areas differ from square's by 10⁻⁴.
	want := []struct {
		line string
		area float64
	}{
		{"districts overlap in 2 places, ", square},
		{"  南 and 西: ", square / 2},
		{"  北 and 西: ", square / 2},
		{"districts leave 1 gap, ", square},
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"import", []string{"import", "--db", "file:" + filepath.Join(dir, "store.db"), "--layer", "districts", "--from", districts}},
		{"analyze", []string{"analyze", "--rules", "yangzhou", "--on", "2024-06-01", "--sites", writeFile(t, dir, "sites.geojson", collection(site("s1", "hotel", 119.401, 32.401))),
			"--cameras", writeFile(t, dir, "cameras.geojson", collection(camera("c1", 119.401, 32.401, 0))), "--districts", districts, "--out", filepath.Join(dir, "out")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			exit, _, errOut := cli(t, c.args...)
			if exit != 0 {
				t.Fatalf("exit %d: %s", exit, errOut)
			}
			for _, w := range want {
				_, rest, ok := strings.Cut(errOut, "\n"+w.line)
				var area float64
				if _, err := fmt.Sscanf(rest, "%g m²", &area); !ok || err != nil || math.Abs(area-w.area) > 1e-3*w.area {
					t.Errorf("stderr lacks %q with %.0f m²:\n%s", w.line, w.area, errOut)
				}
			}
		})
	}
}

// Beijing's districts projected to a Gauss-Krüger zone (EPSG:4547) and written by GDAL as a
// GeoPackage and a shapefile come back to longitude/latitude off the 1/1024 degree grid
// they were published on, and import with --repair as the GeoJSON does.
func TestImportRepairsBeijingFromProjectedFiles(t *testing.T) {
	names, raw := testenv.Beijing(t)
	for _, file := range []string{"../../data/gpkg/testdata/beijing.4547.gpkg", "../../data/shp/testdata/beijing.4547.shp"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			db := "file:" + filepath.Join(t.TempDir(), "store.db")
			exit, out, errOut := cli(t, "import", "--db", db, "--layer", "districts", "--from", file, "--repair")
			if exit != 0 || out != "districts: 16\n" {
				t.Fatalf("exit %d, stdout %q, stderr %s", exit, out, errOut)
			}
			storedBeijing(t, db, names, raw)
		})
	}
}
