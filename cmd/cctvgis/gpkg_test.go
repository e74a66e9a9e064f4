package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	orbjson "github.com/paulmach/orb/geojson"
)

// gpkgTestdata holds the GeoPackages GDAL built (make.sh there) and their sources.
const gpkgTestdata = "../../data/gpkg/testdata"

// gpkgCameras returns the WGS84 positions of the cameras the test GeoPackages were built
// from, by device code.
func gpkgCameras(t *testing.T) map[string]orb.Point {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(gpkgTestdata, "cameras.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := orbjson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]orb.Point{}
	for _, f := range fc.Features {
		out[f.Properties.MustString("设备编码")] = f.Geometry.(orb.Point)
	}
	return out
}

// A bureau's camera registry as a GeoPackage imports into either store, in the system
// its spatial reference table declares, with every camera within 1 mm of where it stands.
func TestImportGeoPackage(t *testing.T) {
	want := gpkgCameras(t)
	tests := []struct {
		name string
		args []string
		n    int
	}{
		{"Web Mercator", []string{"--from", "cameras.3857.gpkg"}, 5},
		{"3-degree zone 39 with the zone, Point Z", []string{"--from", "cameras.4527.gpkg"}, 5},
		{"CGCS2000, one table of two", []string{"--from", "city.gpkg", "--table", "cameras"}, 5},
		{"a table of attributes with 经度/纬度", []string{"--from", "registry.gpkg"}, 3},
	}
	for name, open := range testStores {
		t.Run(name, func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					db := open(t)
					args := append([]string{"import", "--db", db, "--layer", "cameras"}, tc.args...)
					args[6] = filepath.Join(gpkgTestdata, args[6])
					if exit, _, errOut := cli(t, args...); exit != 0 {
						t.Fatalf("exit %d: %s", exit, errOut)
					}
					got := storedLayers(t, db).Cameras
					if len(got) != tc.n {
						t.Fatalf("stored %d cameras, want %d", len(got), tc.n)
					}
					for _, c := range got {
						if d := orbgeo.Distance(c.Pos, want[c.ID]); d > 0.001 {
							t.Errorf("camera %s stored at %v, %.4f m from where it stands", c.ID, c.Pos, d)
						}
					}
				})
			}
		})
	}
}

// A GeoPackage of several tables names them when none is chosen, and --table applies to
// GeoPackages only.
func TestImportGeoPackageTableChoice(t *testing.T) {
	city := filepath.Join(gpkgTestdata, "city.gpkg")
	tests := []struct {
		name string
		args []string
		says []string
	}{
		{"several tables, none named", []string{"--from", city},
			[]string{"city.gpkg holds 2 tables: cameras (features, 5 rows), districts (features, 2 rows)", "--table"}},
		{"a table the file lacks", []string{"--from", city, "--table", "roads"}, []string{`no table "roads"`, "cameras (features, 5 rows)"}},
		{"--table on GeoJSON", []string{"--from", filepath.Join(gpkgTestdata, "cameras.geojson"), "--table", "cameras"},
			[]string{"--table names a table of a GeoPackage (.gpkg); cameras.geojson is GeoJSON"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := "file:" + filepath.Join(t.TempDir(), "city.db")
			exit, _, errOut := cli(t, append([]string{"import", "--db", db, "--layer", "cameras"}, tc.args...)...)
			for _, s := range tc.says {
				if exit != 2 || !strings.Contains(errOut, s) {
					t.Errorf("exit %d, stderr %q; want 2 saying %q", exit, errOut, s)
				}
			}
		})
	}
}

// analyze reads the table --table names of each GeoPackage layer file.
func TestAnalyzeGeoPackageTable(t *testing.T) {
	dir := t.TempDir()
	sites := writeFile(t, dir, "sites.geojson", collection(site("s1", "education", 116.39, 39.90)))
	city := filepath.Join(gpkgTestdata, "city.gpkg")
	out := filepath.Join(dir, "out")
	exit, _, errOut := cli(t, "analyze", "--rules", "nanchang", "--on", "2024-06-01", "--out", out,
		"--cameras", city, "--table", "cameras", "--sites", sites)
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	if n := readReport(t, out)["input"].(map[string]any)["cameras"].(float64); n != 5 {
		t.Errorf("analysed %v cameras, want the 5 of table cameras", n)
	}
	exit, _, errOut = cli(t, "analyze", "--rules", "nanchang", "--on", "2024-06-01", "--out", filepath.Join(dir, "out2"),
		"--cameras", filepath.Join(gpkgTestdata, "cameras.geojson"), "--table", "cameras", "--sites", sites)
	if exit != 2 || !strings.Contains(errOut, "--table names a table of a GeoPackage, and no layer file is one") {
		t.Errorf("--table without a GeoPackage: exit %d, stderr %q", exit, errOut)
	}
}
