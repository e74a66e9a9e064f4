package table_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"cctvgis/data/table"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// rows is a Source of literal rows.
type rows struct {
	cols  []string
	feats []table.Feature
	i     int
}

func (r *rows) Columns() []string { return r.cols }

func (r *rows) Next(f *table.Feature) error {
	if r.i == len(r.feats) {
		return io.EOF
	}
	*f = r.feats[r.i]
	r.i++
	return nil
}

var rowNumbers = coverage.NewNumbering("row %d")

// A camera registry as bureaus keep it, Chinese headers and all, maps without --map; the
// mapping names each column it took.
func TestMappingRecognisesRegistryHeaders(t *testing.T) {
	desc, _ := coverage.Desc(coverage.LayerCameras)
	cols := []string{"序号", "设备编码", "点位名称", "经度", "纬度", "镜头朝向", "视角（度）", "监控距离(米)", "安装高度", "建设单位", "投资性质", "所属辖区"}
	m, err := table.NewMapping(desc, cols, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	want := "id ← 设备编码, azimuth ← 镜头朝向, hfov ← 视角（度）, range ← 监控距离(米), owner ← 建设单位, investment ← 投资性质, height ← 安装高度, district ← 所属辖区, lon ← 经度, lat ← 纬度"
	if got := m.String(); got != want {
		t.Errorf("mapping\n%s\nwant\n%s", got, want)
	}
	if strings.Join(m.Unused, ",") != "序号,点位名称" {
		t.Errorf("unused columns %v", m.Unused)
	}
	t.Run("other registries' headers", func(t *testing.T) {
		cols := []string{"摄像机编号", "东经", "北纬", "拍摄方向", "可视角度", "覆盖半径", "产权单位", "资金来源"}
		m, err := table.NewMapping(desc, cols, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		want := "id ← 摄像机编号, azimuth ← 拍摄方向, hfov ← 可视角度, range ← 覆盖半径, owner ← 产权单位, investment ← 资金来源, lon ← 东经, lat ← 北纬"
		if got := m.String(); got != want {
			t.Errorf("mapping\n%s\nwant\n%s", got, want)
		}
	})
}

// A Shapefile's field names are cut to ten bytes: a UTF-8 Chinese header keeps three
// characters (GDAL cuts the fourth short, and the reader drops it), an English one ten
// letters; both are still recognised.
func TestMappingRecognisesShapefileCutNames(t *testing.T) {
	desc, _ := coverage.Desc(coverage.LayerCameras)
	cols := []string{"设备编", "点位名", "镜头朝", "视角", "监控距", "安装高", "建设单", "投资性", "所属辖", "SURVEILLAN"}
	m, err := table.NewMapping(desc, cols, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	want := "id ← 设备编, azimuth ← 镜头朝, hfov ← 视角, range ← 监控距, owner ← 建设单, investment ← 投资性, height ← 安装高, surveillance ← SURVEILLAN, district ← 所属辖"
	if got := m.String(); got != want {
		t.Errorf("mapping\n%s\nwant\n%s", got, want)
	}
}

func TestMappingErrors(t *testing.T) {
	desc, _ := coverage.Desc(coverage.LayerCameras)
	cols := []string{"编号", "经度", "纬度", "拍摄角", "视角", "距离", "单位", "投资性质"}
	for _, c := range []struct {
		name      string
		user      map[string]string
		positions bool
		want      []string
	}{
		{"a required field without a column", nil, true, []string{"no column for azimuth (方向", "owner (建设单位", "the columns are 编号, 经度", "--map FIELD=COLUMN"}},
		{"a mapping naming no field", map[string]string{"bearing": "拍摄角"}, true, []string{`--map names field "bearing"`, "its fields: id, azimuth"}},
		{"a mapping naming no column", map[string]string{"azimuth": "朝向"}, true, []string{"--map azimuth=朝向 names no column", "the columns: 编号"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := table.NewMapping(desc, cols, c.user, c.positions)
			if !errors.Is(err, table.ErrMapping) {
				t.Fatalf("error %v, want ErrMapping", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			// The error carries what could be mapped, every field and every column, for
			// an editor to offer.
			var me *table.MappingError
			if !errors.As(err, &me) {
				t.Fatalf("error %T, want *table.MappingError", err)
			}
			if !slices.Equal(me.Mapping.Columns, cols) || !strings.Contains(me.Mapping.String(), "id ← 编号") ||
				len(me.Mapping.Fields) != len(desc.Fields)+3 || !slices.Contains(me.Mapping.Unused, "拍摄角") {
				t.Errorf("mapping %+v", me.Mapping)
			}
		})
	}
	t.Run("the mapping the user gives completes the recognised one", func(t *testing.T) {
		m, err := table.NewMapping(desc, cols, map[string]string{"azimuth": "拍摄角", "owner": "单位"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.String(), "azimuth ← 拍摄角") || m.Pairs[1].By != table.ByUser {
			t.Errorf("mapping %v", m.Pairs)
		}
	})
	t.Run("a spreadsheet cannot hold roads", func(t *testing.T) {
		roads, _ := coverage.Desc(coverage.LayerRoads)
		if _, err := table.NewMapping(roads, []string{"id", "class"}, nil, true); !errors.Is(err, table.ErrMapping) {
			t.Errorf("error %v", err)
		}
	})
}

// Cells of every type a format gives read as the layer's values; a bad cell rejects its
// row, naming the row and the column the user sees. A device code that a spreadsheet
// stored as a number has lost its last digits and is refused, never read as another code.
func TestReadCells(t *testing.T) {
	src := &rows{
		cols: []string{"编号", "经度", "纬度", "方向", "视角", "距离", "建设单位", "投资性质", "所属辖区"},
		feats: []table.Feature{
			{N: 2, Cells: []any{"34020000001320000001", 119.40, 32.40, int64(90), 60.0, "50米", "城投", "政府", "广陵区"}},
			{N: 3, Cells: []any{float64(1002), "119.41", "32,40", "180°", "90", "30 m", "某酒店", "社会", nil}},
			{N: 4, Cells: []any{"c3", 119.42, 32.40, "东北", 60.0, 50.0, "x", "社会", nil}},
			{N: 5, Cells: []any{"c4", 119.42, 32.40, 10.0, 60.0, nil, "x", "社会", nil}},
			{N: 6, Cells: []any{"c5", 219.42, 32.40, 10.0, 60.0, 50.0, "x", "社会", nil}},
			{N: 7, Cells: []any{1.101050000132e19, 119.42, 32.40, 10.0, 60.0, 50.0, "x", "社会", nil}},
		},
	}
	var l coverage.Layers
	rep, err := table.Read(context.Background(), src, table.Input{Layer: coverage.LayerCameras, File: "reg.xlsx", Numbering: rowNumbers}, &l)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Cameras) != 2 {
		t.Fatalf("read %d cameras, want 2", len(l.Cameras))
	}
	c := l.Cameras[1]
	if c.ID != "1002" || c.Pos != (orb.Point{119.41, 32.40}) || c.Azimuth != 180 || c.Range != 30 || c.Investment != coverage.Private {
		t.Errorf("second camera %+v", c)
	}
	if l.Cameras[0].Investment != coverage.Government || rep.Districts["34020000001320000001"] != "广陵区" {
		t.Errorf("first camera %+v, districts %v", l.Cameras[0], rep.Districts)
	}
	want := []string{
		`reg.xlsx: cameras row 4 (id "c3"): 方向: "东北" is not a number`,
		`reg.xlsx: cameras row 5 (id "c4"): 距离: missing`,
		`reg.xlsx: cameras row 6 (id "c5"): 经度: longitude 219.42 is outside −180..180`,
		`reg.xlsx: cameras row 7 (id "1.101050000132E+19"): 编号: stored as a number, its last digits are lost: format the column as text in Excel and enter the codes again`,
	}
	if len(rep.Rejections) != len(want) {
		t.Fatalf("rejections %v", rep.Rejections)
	}
	for i, w := range want {
		if got := rep.Rejections[i].Error(); got != w {
			t.Errorf("rejection %d\n%s\nwant\n%s", i, got, w)
		}
	}
	if file, at := l.Origin(mustDesc(coverage.LayerCameras), 1); file != "reg.xlsx" || at.String() != "row 3" {
		t.Errorf("second camera located at %s %s", file, at)
	}
}

// X and Y columns in a Gauss-Krüger zone, in either order, give the camera's position;
// the same numbers without a system are refused, not guessed.
func TestReadProjectedColumns(t *testing.T) {
	crs, err := geo.CRSFromEPSG(4547) // CGCS2000 3-degree zone, central meridian 114°E
	if err != nil {
		t.Fatal(err)
	}
	// Where PROJ puts 114.3°E 30.6°N: echo "30.6 114.3" | cs2cs EPSG:4490 EPSG:4547.
	east, north := 528770.2373, 3386666.2506
	want := orb.Point{114.3, 30.6}
	for _, c := range []struct {
		name    string
		x, y    float64
		swapped bool
	}{
		{"X easting, Y northing", east, north, false},
		{"X northing, Y easting, as surveyors write them", north, east, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := &rows{cols: []string{"id", "X坐标", "Y坐标", "azimuth", "hfov", "range", "owner", "investment"},
				feats: []table.Feature{{N: 2, Cells: []any{"g1", c.x, c.y, 0.0, 90.0, 50.0, "o", "政府"}}}}
			var l coverage.Layers
			rep, err := table.Read(context.Background(), src, table.Input{Layer: coverage.LayerCameras, CRS: crs, CRSSet: true, Numbering: rowNumbers}, &l)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Cameras) != 1 || rep.Swapped != c.swapped {
				t.Fatalf("cameras %v, swapped %v, rejections %v", l.Cameras, rep.Swapped, rep.Rejections)
			}
			if d := orbgeo.Distance(l.Cameras[0].Pos, want); d > 0.001 {
				t.Errorf("camera at %v, %.4f m from %v", l.Cameras[0].Pos, d, want)
			}
		})
	}
	t.Run("no system", func(t *testing.T) {
		src := &rows{cols: []string{"id", "x", "y", "azimuth", "hfov", "range", "owner", "investment"},
			feats: []table.Feature{{N: 2, Cells: []any{"g1", east, north, 0.0, 90.0, 50.0, "o", "政府"}}}}
		var l coverage.Layers
		if _, err := table.Read(context.Background(), src, table.Input{Layer: coverage.LayerCameras, Numbering: rowNumbers}, &l); !errors.Is(err, geo.ErrLooksProjected) {
			t.Errorf("error %v, want ErrLooksProjected", err)
		}
		if len(l.Cameras) != 0 {
			t.Errorf("kept %d cameras", len(l.Cameras))
		}
	})
}

// Geometries are converted from the source's system; one of a type the layer does not
// hold, or undecodable, rejects its feature.
func TestReadGeometries(t *testing.T) {
	crs, _ := geo.CRSFromEPSG(4547)
	square := orb.Polygon{{{528000, 3385000}, {529000, 3385000}, {529000, 3386000}, {528000, 3386000}, {528000, 3385000}}}
	src := &rows{cols: []string{"NAME"}, feats: []table.Feature{
		{N: 1, Cells: []any{"江岸区"}, Geom: square},
		{N: 2, Cells: []any{"江汉区"}, Geom: orb.Point{528000, 3385000}},
		{N: 3, Cells: []any{"硚口区"}, Problem: "shape type 31 (MultiPatch) is not read"},
		{N: 4, Cells: []any{nil}, Geom: square.Clone()},
	}}
	var l coverage.Layers
	rep, err := table.Read(context.Background(), src, table.Input{Layer: coverage.LayerDistricts, CRS: crs, CRSSet: true, Geometry: true, Numbering: rowNumbers}, &l)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Districts) != 1 || l.Districts[0].Name != "江岸区" {
		t.Fatalf("districts %v", l.Districts)
	}
	ring := l.Districts[0].Geometry.(orb.Polygon)[0]
	if ring[0][0] < 114 || ring[0][0] > 115 || ring[0][1] < 30 || ring[0][1] > 31 {
		t.Errorf("first corner %v not converted to lon/lat", ring[0])
	}
	var reasons []string
	for _, r := range rep.Rejections {
		reasons = append(reasons, r.At.String()+" "+r.Field+": "+r.Reason)
	}
	want := "row 2 geometry: Point is not a type this layer holds (want Polygon or MultiPolygon); row 3 geometry: shape type 31 (MultiPatch) is not read; row 4 NAME: missing"
	if got := strings.Join(reasons, "; "); got != want {
		t.Errorf("rejections\n%s\nwant\n%s", got, want)
	}
}

func mustDesc(name string) *coverage.LayerDesc {
	d, _ := coverage.Desc(name)
	return d
}
