package layerfile_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"cctvgis/data/layerfile"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

const shpTestdata = "../shp/testdata"

// rawBeijing is the file the Beijing shapefiles were projected from.
var rawBeijing = filepath.Join("..", "..", "..", "shared", "data", "beijing.geojson")

// polygonsOf returns the polygons of an areal geometry.
func polygonsOf(t *testing.T, g orb.Geometry) []orb.Polygon {
	t.Helper()
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	}
	t.Fatalf("geometry %T, want an area", g)
	return nil
}

// Beijing's 16 districts, projected by GDAL to EPSG:4547 and EPSG:4527 and read back as a
// layer (unchecked: 10 of them cross themselves, for a repair to mend), stand within 1 mm
// of the raw outlines, vertex by vertex, the rings turned counter-clockwise as GeoJSON has
// them; and the file says it is a Shapefile in the system its .prj names.
func TestShapefileBeijingOutlines(t *testing.T) {
	b, err := os.ReadFile(rawBeijing)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("SKIPPED: %s is not there: the raw outlines to compare with are missing", rawBeijing)
	}
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Features []struct {
			Properties struct{ Name string }
			Geometry   json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	want := map[string][]orb.Polygon{}
	for _, f := range raw.Features {
		var g struct {
			Type        string
			Coordinates json.RawMessage
		}
		if err := json.Unmarshal(f.Geometry, &g); err != nil {
			t.Fatal(err)
		}
		var mp orb.MultiPolygon
		if g.Type == "Polygon" {
			var p orb.Polygon
			err = json.Unmarshal(g.Coordinates, &p)
			mp = orb.MultiPolygon{p}
		} else {
			err = json.Unmarshal(g.Coordinates, &mp)
		}
		if err != nil {
			t.Fatal(err)
		}
		want[f.Properties.Name] = mp
	}
	for _, c := range []struct {
		file string
		epsg int
	}{{"beijing.4547.shp", 4547}, {"beijing.4527.shp", 4527}} {
		t.Run(c.file, func(t *testing.T) {
			var l coverage.Layers
			rep, err := layerfile.Read(context.Background(), filepath.Join(shpTestdata, c.file), layerfile.Options{Layer: coverage.LayerDistricts}, &l)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Format != layerfile.Shapefile || rep.CRS.EPSG() != c.epsg || rep.CRSFrom != "file" {
				t.Errorf("format %s, CRS %v from %s", rep.Format, rep.CRS, rep.CRSFrom)
			}
			if len(l.Districts) != len(want) {
				t.Fatalf("read %d districts, want %d", len(l.Districts), len(want))
			}
			worst := 0.0
			for _, d := range l.Districts {
				got, w := polygonsOf(t, d.Geometry), want[d.Name]
				if len(got) != len(w) {
					t.Fatalf("%s: %d polygons, want %d", d.Name, len(got), len(w))
				}
				for i, p := range got {
					if len(p) != len(w[i]) || len(p[0]) != len(w[i][0]) || p[0].Orientation() != orb.CCW {
						t.Fatalf("%s polygon %d: %d rings, the shell of %d vertices, %v; want %d rings, %d vertices, counter-clockwise", d.Name, i, len(p), len(p[0]), p[0].Orientation(), len(w[i]), len(w[i][0]))
					}
					shell := slices.Clone(p[0])
					slices.Reverse(shell) // the raw shells run clockwise
					for k, q := range shell {
						worst = max(worst, orbgeo.Distance(q, w[i][0][k]))
					}
				}
			}
			if worst > 0.001 {
				t.Errorf("a vertex %.4f m from the raw outline's", worst)
			}
			t.Logf("the farthest vertex %.1e m from the raw outline's", worst)
		})
	}
}

// copyShapefile copies the files of the test shapefile stem with the extensions given
// into a new folder, as a.*, and returns the .shp's path.
func copyShapefile(t *testing.T, stem string, exts ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, ext := range exts {
		b, err := os.ReadFile(filepath.Join(shpTestdata, stem+ext))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "a"+ext), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "a.shp")
}

// A shapefile's system is its .prj's, or --crs when it has none; the two must agree; a
// .prj that cannot be understood needs --crs; and projected positions without either are
// refused, never guessed.
func TestShapefileCRS(t *testing.T) {
	epsg := func(code int) geo.CRS {
		c, err := geo.CRSFromEPSG(code)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const xian = `PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
	cases := []struct {
		name string
		prj  string // "" for none, "gdal" for GDAL's
		crs  int    // --crs, 0 for none
		// want is the error said, "" for a read of six cameras; note a line of the report.
		want, note string
	}{
		{"the .prj's system", "gdal", 0, "", ""},
		{"--crs agreeing with the .prj", "gdal", 4547, "", ""},
		{"--crs against the .prj", "gdal", 4526, "a.shp declares its coordinate system epsg:4547, and --crs names epsg:4526", ""},
		{"no .prj, projected positions", "", 0, "look projected", ""},
		{"no .prj, --crs", "", 4547, "", ""},
		{"a .prj not understood", xian, 0, "a.shp: its .prj: geo: unknown coordinate system", ""},
		{"a .prj not understood, --crs", xian, 4547, "", "a.shp: its .prj: geo: unknown coordinate system"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			exts := []string{".shp", ".shx", ".dbf", ".cpg"}
			if c.prj == "gdal" {
				exts = append(exts, ".prj")
			}
			path := copyShapefile(t, "cameras.gbk", exts...)
			if c.prj != "" && c.prj != "gdal" {
				if err := os.WriteFile(strings.TrimSuffix(path, ".shp")+".prj", []byte(c.prj), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			opt := layerfile.Options{Layer: coverage.LayerCameras}
			if c.crs != 0 {
				opt.CRS, opt.CRSSet = epsg(c.crs), true
			}
			var l coverage.Layers
			rep, err := layerfile.Read(context.Background(), path, opt, &l)
			switch {
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("error %v, want one saying %q", err, c.want)
			case c.want == "" && (err != nil || len(l.Cameras) != 6 || rep.CRS.EPSG() != 4547):
				t.Errorf("read %d cameras in %v, error %v", len(l.Cameras), rep.CRS, err)
			case c.note != "" && !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, c.note) }):
				t.Errorf("notes %q lack %q", rep.Notes, c.note)
			}
		})
	}
}

// A shapefile of positions in a Chinese web map's offset system, which no .prj can name,
// reads in the one --crs names: each camera where that system's inverse puts it.
func TestShapefileOffsetSystems(t *testing.T) {
	for _, c := range []struct {
		crs     string
		inverse func(orb.Point) orb.Point
	}{
		{"gcj02", geo.GCJ02ToWGS84},
		{"bd09", func(p orb.Point) orb.Point { return geo.GCJ02ToWGS84(geo.BD09ToGCJ02(p)) }},
	} {
		t.Run(c.crs, func(t *testing.T) {
			// cameras.utf8 holds longitudes and latitudes; read here as offset ones.
			path := copyShapefile(t, "cameras.utf8", ".shp", ".shx", ".dbf", ".cpg")
			var raw, got coverage.Layers
			if _, err := layerfile.Read(context.Background(), path, layerfile.Options{Layer: coverage.LayerCameras}, &raw); err != nil {
				t.Fatal(err)
			}
			crs, err := geo.ParseCRS(c.crs)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := layerfile.Read(context.Background(), path, layerfile.Options{Layer: coverage.LayerCameras, CRS: crs, CRSSet: true}, &got)
			if err != nil || rep.CRSFrom != "--crs" || len(got.Cameras) != len(raw.Cameras) {
				t.Fatalf("read %d cameras, CRS from %s, error %v", len(got.Cameras), rep.CRSFrom, err)
			}
			for i, cam := range got.Cameras {
				if d := orbgeo.Distance(cam.Pos, c.inverse(raw.Cameras[i].Pos)); d > 0.001 {
					t.Errorf("camera %s at %v, %.4f m from where %s puts it", cam.ID, cam.Pos, d, c.crs)
				}
			}
		})
	}
}
