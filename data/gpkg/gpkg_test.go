package gpkg_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/data/gpkg"
	"cctvgis/data/table"
	"cctvgis/geo"
)

// variant copies the GeoPackage testdata/name into a temporary folder, changes it with
// the SQL statements stmts, and returns its path.
func variant(tb testing.TB, name string, stmts ...string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	for _, s := range stmts {
		if _, err := db.ExecContext(tb.Context(), s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
	return path
}

// open opens a table of a GeoPackage, closing it when the test ends.
func open(tb testing.TB, path, name string) *gpkg.Table {
	tb.Helper()
	t, err := gpkg.Open(tb.Context(), path, name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = t.Close() })
	return t
}

// features reads every feature of t.
func features(tb testing.TB, t *gpkg.Table) []table.Feature {
	tb.Helper()
	var out []table.Feature
	for {
		var f table.Feature
		err := t.Next(&f)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, f)
	}
}

func TestOpenRefusesWhatIsNotAGeoPackage(t *testing.T) {
	plain := filepath.Join(t.TempDir(), "plain.gpkg")
	db, err := sql.Open("sqlite", plain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), `CREATE TABLE cameras (id TEXT)`); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	tests := []struct {
		name, path string
		want       error
		says       string
	}{
		{"a GeoJSON file named .gpkg", filepath.Join("testdata", "cameras.geojson"), gpkg.ErrNotGeoPackage, "cameras.geojson is not an SQLite database"},
		{"an SQLite database of another application", plain, gpkg.ErrNotGeoPackage, "plain.gpkg is an SQLite database whose application id is 0, not a GeoPackage's"},
		{"a GeoPackage without gpkg_contents", variant(t, "registry.gpkg", `DROP TABLE gpkg_contents`), gpkg.ErrNotGeoPackage, "registry.gpkg has no gpkg_contents table"},
		{"a missing file", filepath.Join("testdata", "missing.gpkg"), fs.ErrNotExist, "missing.gpkg"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := gpkg.Open(context.Background(), tc.path, "")
			if err == nil {
				_ = tab.Close()
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err %v, want %v saying %q", err, tc.want, tc.says)
			}
		})
	}
}

func TestOpenChoosesTheTable(t *testing.T) {
	city := filepath.Join("testdata", "city.gpkg")
	listing := "cameras (features, 5 rows), districts (features, 2 rows)"
	tests := []struct {
		name, path, table string
		want              string   // the table opened
		says              []string // or what the error says
	}{
		{"the only table", filepath.Join("testdata", "cameras.4527.gpkg"), "", "摄像机", nil},
		{"the only table, of attributes", filepath.Join("testdata", "registry.gpkg"), "", "registry", nil},
		{"a named table", city, "districts", "districts", nil},
		{"several and none named", city, "", "", []string{"city.gpkg holds 2 tables: " + listing, "name one with --table"}},
		{"an unknown name", city, "roads", "", []string{`city.gpkg has no table "roads"; its tables: ` + listing}},
		{"no table of features or attributes", variant(t, "registry.gpkg", `DELETE FROM gpkg_contents`), "", "", []string{"registry.gpkg holds no table of features or attributes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := gpkg.Open(context.Background(), tc.path, tc.table)
			if tc.says == nil {
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = tab.Close() }()
				if tab.Name() != tc.want {
					t.Errorf("opened table %s, want %s", tab.Name(), tc.want)
				}
				return
			}
			if err == nil {
				_ = tab.Close()
			}
			for _, s := range tc.says {
				if !errors.Is(err, gpkg.ErrTable) || !strings.Contains(err.Error(), s) {
					t.Errorf("err %v, want ErrTable saying %q", err, s)
				}
			}
		})
	}
}

func TestCRSFromTheSpatialReferenceTable(t *testing.T) {
	gk39 := func() geo.CRS { c, _ := geo.CRSFromEPSG(4547); return c }()
	gk39zone := func() geo.CRS { c, _ := geo.CRSFromEPSG(4527); return c }()
	tests := []struct {
		name, path string
		want       geo.CRS
		declared   bool
		says       string // what the error says, "" for none
	}{
		{"EPSG:4547", filepath.Join("testdata", "beijing.4547.gpkg"), gk39, true, ""},
		{"EPSG:4490", filepath.Join("testdata", "beijing.4490.gpkg"), geo.CGCS2000, true, ""},
		{"EPSG:3857", filepath.Join("testdata", "cameras.3857.gpkg"), geo.WebMercator, true, ""},
		{"EPSG:4527, with the zone", filepath.Join("testdata", "cameras.4527.gpkg"), gk39zone, true, ""},
		{"another organisation's code, by its WKT", variant(t, "beijing.4547.gpkg",
			`UPDATE gpkg_spatial_ref_sys SET organization = 'bureau', organization_coordsys_id = 7 WHERE srs_id = 4547`), gk39, true, ""},
		{"srs_id 0, undefined", variant(t, "beijing.4547.gpkg", `UPDATE gpkg_geometry_columns SET srs_id = 0`), geo.WGS84, false, ""},
		{"srs_id -1, undefined", variant(t, "beijing.4547.gpkg", `UPDATE gpkg_geometry_columns SET srs_id = -1`), geo.WGS84, false, ""},
		{"a table of attributes", filepath.Join("testdata", "registry.gpkg"), geo.WGS84, false, ""},
		{"a system cctvgis does not read", variant(t, "beijing.4547.gpkg",
			`UPDATE gpkg_spatial_ref_sys SET srs_name = 'Xian 1980 / 3-degree Gauss-Kruger CM 117E', organization_coordsys_id = 2383, definition = 'PROJCS["Xian 1980 / 3-degree Gauss-Kruger CM 117E"]' WHERE srs_id = 4547`),
			geo.WGS84, false, `table districts is in "Xian 1980 / 3-degree Gauss-Kruger CM 117E" (EPSG:2383), a coordinate system cctvgis does not read`},
		{"an srs_id missing from the table", variant(t, "beijing.4547.gpkg", `UPDATE gpkg_geometry_columns SET srs_id = 99`),
			geo.WGS84, false, "table districts names srs_id 99, which gpkg_spatial_ref_sys does not hold"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			crs, declared, err := open(t, tc.path, "").CRS()
			if crs != tc.want || declared != tc.declared {
				t.Errorf("CRS %s, declared %v; want %s, %v", crs, declared, tc.want, tc.declared)
			}
			if got := ""; err != nil || tc.says != "" {
				if err != nil {
					got = err.Error()
				}
				if got != tc.says {
					t.Errorf("err %q, want %q", got, tc.says)
				}
			}
		})
	}
}

func TestNextReadsEveryGeometryType(t *testing.T) {
	tab := open(t, filepath.Join("testdata", "shapes.gpkg"), "")
	if !slices.Equal(tab.Columns(), []string{"名称"}) || !tab.HasGeometry() {
		t.Fatalf("columns %q, geometry %v; want 名称 and a geometry", tab.Columns(), tab.HasGeometry())
	}
	square := orb.Ring{{116, 39}, {116.1, 39}, {116.1, 39.1}, {116, 39}}
	want := map[string]struct {
		geom    orb.Geometry
		problem string
	}{
		"point":      {orb.Point{116.1, 39.1}, ""},
		"line":       {orb.LineString{{116.1, 39.1}, {116.2, 39.2}}, ""},
		"polygon":    {orb.Polygon{square}, ""},
		"one point":  {orb.Point{116.3, 39.3}, ""},
		"two points": {nil, "a MultiPoint of 2 points; cctvgis reads single points"},
		"lines":      {orb.MultiLineString{{{116.1, 39.1}, {116.2, 39.2}}, {{116.3, 39.3}, {116.4, 39.4}}}, ""},
		"polygons":   {orb.MultiPolygon{{square}, {{{117, 40}, {117.1, 40}, {117.1, 40.1}, {117, 40}}}}, ""},
		"collection": {nil, "a geometry of type GeometryCollection: cctvgis reads points, lines and polygons"},
		"none":       {nil, ""},
	}
	got := features(t, tab)
	if len(got) != len(want) {
		t.Fatalf("read %d features, want %d", len(got), len(want))
	}
	for i, f := range got {
		name := f.Cells[0].(string)
		w := want[name]
		if f.N != int64(i+1) {
			t.Errorf("%s: fid %d, want %d", name, f.N, i+1)
		}
		if !orb.Equal(f.Geom, w.geom) && (f.Geom != nil || w.geom != nil) || f.Problem != w.problem {
			t.Errorf("%s: geometry %v, problem %q; want %v, %q", name, f.Geom, f.Problem, w.geom, w.problem)
		}
	}
}

func TestNextReadsCellsByTheirTypes(t *testing.T) {
	t.Run("features with a registry's columns", func(t *testing.T) {
		tab := open(t, filepath.Join("testdata", "cameras.4527.gpkg"), "")
		cols := []string{"设备编码", "点位名称", "方向", "视角", "监控距离", "安装高度", "建设单位", "投资性质", "所属辖区"}
		if !slices.Equal(tab.Columns(), cols) {
			t.Errorf("columns %q, want %q", tab.Columns(), cols)
		}
		f := features(t, tab)[0]
		want := []any{"11010500001320000001", "朝阳门南", int64(90), int64(60), int64(50), 6.5, "朝阳分局", "政府", "朝阳区"}
		if !slices.Equal(f.Cells, want) {
			t.Errorf("cells %v, want %v", f.Cells, want)
		}
		// The file holds Point Z; the reader keeps X and Y.
		if p, ok := f.Geom.(orb.Point); !ok || p[0] < 39e6 || p[1] < 4e6 {
			t.Errorf("geometry %v, want a point of zone 39 with the zone in the easting", f.Geom)
		}
	})
	t.Run("attributes with booleans and dates", func(t *testing.T) {
		path := variant(t, "registry.gpkg",
			`ALTER TABLE registry ADD COLUMN 已联网 BOOLEAN`, `ALTER TABLE registry ADD COLUMN 启用日期 DATE`,
			`UPDATE registry SET 已联网 = 1, 启用日期 = '2024-03-01'`)
		tab := open(t, path, "")
		if tab.HasGeometry() {
			t.Error("a table of attributes has a geometry")
		}
		f := features(t, tab)[0]
		want := []any{"11010500001320000001", "朝阳门南", 116.4340212, 39.9242577, int64(90), int64(60), int64(50), "朝阳分局", "政府",
			true, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
		if !slices.EqualFunc(f.Cells, want, func(a, b any) bool {
			if ta, ok := a.(time.Time); ok {
				return ta.Equal(b.(time.Time))
			}
			return a == b
		}) || f.Geom != nil || f.N != 1 {
			t.Errorf("fid %d, cells %v, geometry %v; want fid 1, %v and no geometry", f.N, f.Cells, f.Geom, want)
		}
	})
}

// A bureau's file is read, never written: not even a journal or a lock beside it.
func TestOpenWritesNothing(t *testing.T) {
	path := variant(t, "city.gpkg")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	tab := open(t, path, "cameras")
	features(t, tab)
	if err := tab.Close(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	again, _ := os.Stat(path)
	entries, _ := os.ReadDir(filepath.Dir(path))
	if !bytes.Equal(before, after) || !again.ModTime().Equal(info.ModTime()) || len(entries) != 1 {
		t.Errorf("the file changed or gained company: %d entries in its folder", len(entries))
	}
}

// A view registered as a table of features has no integer primary key: its features are
// numbered by their place, from 1.
func TestNextNumbersAViewByPlace(t *testing.T) {
	path := variant(t, "shapes.gpkg",
		`CREATE VIEW lines AS SELECT geom, 名称 FROM shapes WHERE 名称 IN ('line', 'lines')`,
		`INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('lines', 'features', 'lines', 4326)`,
		`INSERT INTO gpkg_geometry_columns VALUES ('lines', 'geom', 'GEOMETRY', 4326, 0, 0)`)
	got := features(t, open(t, path, "lines"))
	if len(got) != 2 || got[0].N != 1 || got[1].N != 2 || got[1].Cells[0] != "lines" {
		t.Errorf("read %v, want the line and the lines numbered 1 and 2", got)
	}
}
