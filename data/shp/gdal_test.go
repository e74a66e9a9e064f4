package shp_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"cctvgis/data/shp"
)

// sourceCameras reads the cameras GDAL's shapefiles were made from (testdata/make.sh):
// their WGS84 positions and properties, in the file's order.
func sourceCameras(t *testing.T) ([]orb.Point, []map[string]any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "cameras.wgs84.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry   struct{ Coordinates orb.Point }
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	var pts []orb.Point
	var props []map[string]any
	for _, f := range fc.Features {
		pts = append(pts, f.Geometry.Coordinates)
		props = append(props, f.Properties)
	}
	return pts, props
}

// sameCell reports whether a cell read holds the source's value v: text as it was, numbers
// by value, dates on their day, JSON null as nil.
func sameCell(cell, v any) bool {
	switch v := v.(type) {
	case nil:
		return cell == nil
	case string:
		if d, ok := cell.(time.Time); ok {
			return d.Format(time.DateOnly) == v
		}
		return cell == v
	case float64:
		switch c := cell.(type) {
		case int64:
			return float64(c) == v
		case float64:
			return c == v
		}
	}
	return false
}

// The shapefiles GDAL writes of a Chinese camera registry read back whole, whichever the
// coordinate system and the encoding: each camera within 1 mm of where it stands, its
// text, numbers, blanks and dates as they were, the headers in Chinese (cut to 10 bytes
// in UTF-8, as GDAL writes them), and the encoding named with how it was chosen.
func TestGDALCameras(t *testing.T) {
	pts, props := sourceCameras(t)
	full := []string{"设备编码", "点位名称", "镜头朝向", "视角", "监控距离", "安装高度", "建设单位", "投资性质", "所属辖区", "建设日期"}
	cut := []string{"设备编", "点位名", "镜头朝", "视角", "监控距", "安装高", "建设单", "投资性", "所属辖", "建设日"}
	cases := []struct {
		file, encoding string
		epsg           int
		columns        []string
	}{
		{"cameras.utf8.shp", "UTF-8 (from .cpg)", 4326, cut},
		{"cameras.gbk.shp", "GBK (from .cpg)", 4547, full},
		{"cameras.nocpg.shp", "GB18030 (detected)", 4490, full},
		{"cameras.3857.shp", "UTF-8 (from .cpg)", 3857, cut},
		{"cameras.4527.shp", "GBK (from .cpg)", 4527, full},
		{"cameras.zip", "GBK (from .cpg)", 4547, full},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f, got, err := readAll(t, filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding() != c.encoding {
				t.Errorf("encoding %q, want %q", f.Encoding(), c.encoding)
			}
			crs, declared, err := f.CRS()
			if err != nil || !declared || crs.EPSG() != c.epsg {
				t.Errorf("CRS %v (declared %v, error %v), want EPSG:%d", crs, declared, err, c.epsg)
			}
			if !slices.Equal(f.Columns(), c.columns) {
				t.Errorf("columns %q, want %q", f.Columns(), c.columns)
			}
			if len(got) != len(pts) {
				t.Fatalf("read %d features, want %d", len(got), len(pts))
			}
			for i, ft := range got {
				p, ok := ft.Geom.(orb.Point)
				if !ok || ft.N != int64(i+1) {
					t.Fatalf("record %d: feature %+v, want record %d, a point", i+1, ft, i+1)
				}
				if d := orbgeo.Distance(crs.ToWGS84(p), pts[i]); d > 0.001 {
					t.Errorf("record %d at %v, %.6f m from where it stands", i+1, crs.ToWGS84(p), d)
				}
				for k, col := range full {
					if v := props[i][col]; !sameCell(ft.Cells[k], v) {
						t.Errorf("record %d, %s: %#v, want %#v", i+1, col, ft.Cells[k], v)
					}
				}
			}
		})
	}
}

// Polylines read as line strings and multi line strings, at their positions.
func TestGDALRoads(t *testing.T) {
	_, got, err := readAll(t, filepath.Join("testdata", "roads.shp"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"orb.LineString [[116.3507 39.9073] [116.3912 39.9079] [116.4341 39.9085]]",
		"orb.MultiLineString [[[116.4103 39.9139] [116.4105 39.9196]] [[116.4121 39.9139] [116.4123 39.9196]]]",
		"orb.LineString [[116.3264 39.8947] [116.327 39.889]]",
	}
	for i, ft := range got {
		if i >= len(want) || describe(ft) != want[i] || ft.Cells[1] != []string{"长安街", "王府井大街", "莲花池东路"}[i] {
			t.Errorf("record %d: %s %q", ft.N, describe(ft), ft.Cells)
		}
	}
	if len(got) != len(want) {
		t.Errorf("read %d roads, want %d", len(got), len(want))
	}
}

// How the encoding of a .dbf is chosen: its .cpg when it names one, else its language
// driver byte when that names a Chinese one, else the one its text is valid in; the name
// says which.
func TestEncodingChoice(t *testing.T) {
	gbk := []byte("GBK")
	cases := []struct {
		name string
		// from is the shapefile copied; cpg the .cpg written (nil for none); ldid the
		// language driver byte set, 0 to keep it.
		from string
		cpg  []byte
		ldid byte
		want string
		// name0 is the first column's name as read.
		name0 string
	}{
		{"GBK named by the .cpg", "cameras.gbk", gbk, 0, "GBK (from .cpg)", "设备编码"},
		{"GBK by code page number", "cameras.gbk", []byte("936\r\n"), 0, "GBK (from .cpg)", "设备编码"},
		{"GB2312, read as GBK", "cameras.gbk", []byte("gb2312"), 0, "GBK (from .cpg)", "设备编码"},
		{"GB18030 named", "cameras.gbk", []byte("GB18030"), 0, "GB18030 (from .cpg)", "设备编码"},
		{"UTF-8 by code page number", "cameras.utf8", []byte("65001"), 0, "UTF-8 (from .cpg)", "设备编"},
		{"GBK by the language driver", "cameras.gbk", nil, 0x4D, "GBK (from the .dbf's language driver 0x4D)", "设备编码"},
		{"GBK detected", "cameras.gbk", nil, 0, "GB18030 (detected)", "设备编码"},
		{"UTF-8 detected", "cameras.utf8", nil, 0, "UTF-8 (detected)", "设备编"},
		{"the .cpg wins over the language driver", "cameras.utf8", []byte("UTF-8"), 0x4D, "UTF-8 (from .cpg)", "设备编"},
		{"a .cpg naming an encoding not read", "cameras.gbk", []byte("KOI8-R"), 0, `GB18030 (detected; the .cpg names "KOI8-R", which is not read)`, "设备编码"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string][]byte{}
			for _, ext := range []string{".shp", ".shx", ".dbf"} {
				b, err := os.ReadFile(filepath.Join("testdata", c.from+ext))
				if err != nil {
					t.Fatal(err)
				}
				files["a"+ext] = b
			}
			if c.ldid != 0 {
				files["a.dbf"][29] = c.ldid
			}
			if c.cpg != nil {
				files["a.cpg"] = c.cpg
			}
			f, got, err := readAll(t, filepath.Join(writeFiles(t, files), "a.shp"))
			if err != nil {
				t.Fatal(err)
			}
			if f.Encoding() != c.want || f.Columns()[0] != c.name0 || got[1].Cells[1] != "王府井步行街北口" {
				t.Errorf("encoding %q, first column %q, a name %q; want %q, %q, 王府井步行街北口", f.Encoding(), f.Columns()[0], got[1].Cells[1], c.want, c.name0)
			}
		})
	}
}

// The files of a shapefile are found whatever the case of their names, as Windows
// writes them; the .prj gives the system, and one it cannot read is an error of CRS alone.
func TestSiblings(t *testing.T) {
	copyAs := func(t *testing.T, from string, names map[string]string) string {
		t.Helper()
		files := map[string][]byte{}
		for ext, name := range names {
			b, err := os.ReadFile(filepath.Join("testdata", from+ext))
			if err != nil {
				t.Fatal(err)
			}
			files[name] = b
		}
		return writeFiles(t, files)
	}
	t.Run("names in any case", func(t *testing.T) {
		dir := copyAs(t, "cameras.gbk", map[string]string{".shp": "CAM.SHP", ".shx": "Cam.shx", ".dbf": "cam.DBF", ".prj": "CAM.Prj", ".cpg": "cam.cpg"})
		f, got, err := readAll(t, filepath.Join(dir, "CAM.SHP"))
		if err != nil {
			t.Fatal(err)
		}
		crs, declared, _ := f.CRS()
		if f.Encoding() != "GBK (from .cpg)" || crs.EPSG() != 4547 || !declared || len(got) != 6 || got[0].Cells[1] != "天安门广场东侧" {
			t.Errorf("encoding %q, CRS %v, %d features", f.Encoding(), crs, len(got))
		}
	})
	t.Run("no .shp", func(t *testing.T) {
		dir := copyAs(t, "cameras.gbk", map[string]string{".dbf": "a.dbf"})
		for _, path := range []string{filepath.Join(dir, "a.shp"), filepath.Join(dir, "missing", "a.shp")} {
			if _, err := shp.Open(path); err == nil || err.Error() != path+": no such file" {
				t.Errorf("error %v, want %s: no such file", err, path)
			}
		}
	})
	t.Run("no .prj", func(t *testing.T) {
		dir := copyAs(t, "cameras.gbk", map[string]string{".shp": "a.shp", ".dbf": "a.dbf"})
		f, _, err := readAll(t, filepath.Join(dir, "a.shp"))
		if err != nil {
			t.Fatal(err)
		}
		if _, declared, err := f.CRS(); declared || err != nil {
			t.Errorf("declared %v, error %v; want neither", declared, err)
		}
	})
	t.Run("a .prj not understood", func(t *testing.T) {
		dir := copyAs(t, "cameras.gbk", map[string]string{".shp": "a.shp"})
		if err := os.WriteFile(filepath.Join(dir, "a.prj"), []byte(`PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`), 0o600); err != nil {
			t.Fatal(err)
		}
		f, got, err := readAll(t, filepath.Join(dir, "a.shp"))
		if err != nil || len(got) != 6 {
			t.Fatalf("read %d, error %v", len(got), err)
		}
		if _, declared, err := f.CRS(); declared || err == nil || !strings.Contains(err.Error(), "Xian_1980") {
			t.Errorf("declared %v, error %v; want an error naming the system", declared, err)
		}
	})
}

// Beijing's district outlines, projected by GDAL, read back as one counter-clockwise
// shell each (GeoJSON's orientation), every vertex within about 1 mm of the 1/1024-degree
// grid of the raw outlines (1e-5 of a cell is 1.1 mm north-south, 0.8 mm east-west).
func TestGDALBeijingOutlines(t *testing.T) {
	for _, file := range []string{"beijing.4547.shp", "beijing.4527.shp"} {
		t.Run(file, func(t *testing.T) {
			f, got, err := readAll(t, filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			crs, _, _ := f.CRS()
			if len(got) != 16 || got[0].Cells[0] != "东城区" {
				t.Fatalf("read %d districts, the first %q", len(got), got[0].Cells)
			}
			for _, ft := range got {
				var polys []orb.Polygon
				switch g := ft.Geom.(type) {
				case orb.Polygon:
					polys = []orb.Polygon{g}
				case orb.MultiPolygon:
					polys = g
				default:
					t.Fatalf("record %d: %T", ft.N, ft.Geom)
				}
				for _, p := range polys {
					if len(p) != 1 || p[0].Orientation() != orb.CCW {
						t.Errorf("record %d: %d rings, the shell %v", ft.N, len(p), p[0].Orientation())
					}
					for _, q := range p[0] {
						w := crs.ToWGS84(q)
						// The raw outlines are on a grid of 1/1024 degree.
						if dx, dy := math.Abs(w[0]*1024-math.Round(w[0]*1024)), math.Abs(w[1]*1024-math.Round(w[1]*1024)); dx > 1e-5 || dy > 1e-5 {
							t.Fatalf("record %d: vertex %v off the 1/1024-degree grid of the raw outline by %g, %g", ft.N, w, dx/1024, dy/1024)
						}
					}
				}
			}
		})
	}
}
