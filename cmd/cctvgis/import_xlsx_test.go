package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	orbgeo "github.com/paulmach/orb/geo"

	"cctvgis/data/geojson"
	"cctvgis/planner/coverage"
)

// registry is the Excel registry of data/xlsx/testdata (gen/main.go): five cameras in
// Wuhan under a title and notes, on three sheets.
const registry = "../../data/xlsx/testdata/registry.xlsx"

// saysAll checks that text, the output named what, says each of want.
func saysAll(t *testing.T, what, text string, want []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, text)
		}
	}
}

// An Excel registry with Chinese headers and GB/T 28181 codes imports into both stores
// where its cameras stand (within 1 mm), from longitude/latitude or from Gauss-Krüger X/Y
// that PROJ computed, and under headers of its own once --map names them; the import says
// how it read the file.
func TestImportExcelRegistry(t *testing.T) {
	var want coverage.Layers
	if _, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: coverage.LayerCameras, File: "../../data/xlsx/testdata/registry.wgs84.geojson"}, &want); err != nil {
		t.Fatal(err)
	}
	// check compares the stored cameras with the registry's.
	check := func(t *testing.T, db string) {
		t.Helper()
		got := storedLayers(t, db).Cameras
		if len(got) != len(want.Cameras) {
			t.Fatalf("stored %d cameras, want %d", len(got), len(want.Cameras))
		}
		for i, c := range got {
			w := want.Cameras[i]
			if d := orbgeo.Distance(c.Pos, w.Pos); d > 0.001 {
				t.Errorf("camera %s stored at %v, %.4f m from where it stands", c.ID, c.Pos, d)
			}
			if c.ID != w.ID || c.Azimuth != w.Azimuth || c.HFOV != w.HFOV || c.Range != w.Range || c.Owner != w.Owner || c.Investment != w.Investment {
				t.Errorf("camera stored as %+v, want %+v", c, w)
			}
		}
	}
	mapping := "id=枪机编号,azimuth=镜头指向,range=照射距离,owner=维护单位,investment=出资方"
	steps := []struct {
		name string
		args []string
		want []string // on stderr
	}{
		{"longitude and latitude under recognised headers", nil, []string{
			"format Excel, coordinate system wgs84 (the default)",
			"columns: id ← 设备编码, azimuth ← 方向, hfov ← 视角, range ← 监控距离(米), owner ← 建设单位, investment ← 投资性质, height ← 安装高度, district ← 所属辖区, lon ← 经度, lat ← 纬度",
			"columns not read: 序号, 点位名称",
			"registry.xlsx: sheet 监控点位, header in row 3 (rows 1–2 above it, a title or notes, not read)",
			"GB/T 28181 codes: 5 cameras; 5 IP camera (IPC)",
		}},
		{"X northing and Y easting in EPSG:4547", []string{"--sheet", "XY坐标", "--crs", "EPSG:4547"}, []string{
			"coordinate system epsg:4547 (as --crs names)", "lon ← X坐标, lat ← Y坐标", "the X column holds northings",
		}},
		{"headers of its own, with --map", []string{"--sheet", "自定义表头", "--map", mapping}, []string{
			"columns: id ← 枪机编号, azimuth ← 镜头指向, hfov ← 可视角度, range ← 照射距离, owner ← 维护单位, investment ← 出资方, lon ← 东经, lat ← 北纬",
		}},
	}
	for name, open := range testStores {
		t.Run(name, func(t *testing.T) {
			for _, s := range steps {
				db := open(t)
				exit, out, errOut := cli(t, append([]string{"import", "--db", db, "--layer", "cameras", "--from", registry}, s.args...)...)
				if exit != 0 || out != "cameras: 5\n" {
					t.Fatalf("%s: exit %d, stdout %q: %s", s.name, exit, out, errOut)
				}
				saysAll(t, s.name+": stderr", errOut, s.want)
				check(t, db)
			}
		})
	}
}

// A registry's sheet and mapping that cannot be read are refused with exit 2 and what to
// do, before anything is written.
func TestImportExcelRefused(t *testing.T) {
	dir := t.TempDir()
	geoJSON := writeFile(t, dir, "cameras.geojson", collection(camera("c1", 114.3, 30.6, 10)))
	xls := writeFile(t, dir, "registry.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"projected X/Y without --crs", []string{"--sheet", "XY坐标"}, []string{"look projected", "--crs"}},
		{"headers of its own without --map", []string{"--sheet", "自定义表头"}, []string{"no column for id (", "the columns are 枪机编号, 东经", "--map FIELD=COLUMN"}},
		{"an unknown sheet", []string{"--sheet", "点位表"}, []string{`no sheet "点位表"; its sheets: 监控点位, XY坐标, 自定义表头`}},
		{"--map without =", []string{"--map", "id"}, []string{`invalid value "id" for flag -map: "id" is not FIELD=COLUMN`}},
		{"--map with an empty column", []string{"--map", "id="}, []string{`"id=" names no field or no column`}},
		{"--map naming a field twice", []string{"--map", "id=枪机编号,id=设备编码"}, []string{"field id is mapped twice, to 枪机编号 and 设备编码"}},
		{"--map naming no field", []string{"--map", "bearing=方向"}, []string{`--map names field "bearing", which layer cameras does not have`}},
		{"--map naming no column", []string{"--map", "azimuth=镜头"}, []string{"--map azimuth=镜头 names no column (the columns: 序号, 设备编码"}},
		{"--sheet on GeoJSON", []string{"--from", geoJSON, "--sheet", "监控点位"}, []string{"--sheet names a sheet of an Excel workbook (.xlsx); cameras.geojson is GeoJSON"}},
		{"--map on GeoJSON", []string{"--from", geoJSON, "--map", "id=编号"}, []string{"--map maps the columns of tables"}},
		{"an .xls workbook", []string{"--from", xls}, []string{"registry.xls is an Excel 97–2003 workbook (.xls)", "save it as an Excel workbook (.xlsx)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := "file:" + filepath.Join(t.TempDir(), "s.db")
			args := append([]string{"import", "--db", db, "--layer", "cameras", "--from", registry}, c.args...)
			if exit, _, errOut := cli(t, args...); exit != 2 {
				t.Errorf("exit %d, want 2: %s", exit, errOut)
			} else {
				saysAll(t, "stderr", errOut, c.want)
			}
			if _, err := os.Stat(strings.TrimPrefix(db, "file:")); err == nil {
				t.Errorf("a store was written")
			}
		})
	}
}

// analyze reads an Excel registry as any layer file, --sheet and --map included; --map
// without a table among the layer files is refused.
func TestAnalyzeExcelRegistry(t *testing.T) {
	dir := t.TempDir()
	sites := writeFile(t, dir, "sites.geojson", collection(site("s1", "education", 114.3055, 30.6124)))
	args := []string{"analyze", "--rules", "nanchang", "--on", "2024-06-01", "--sites", sites, "--cameras", registry}
	exit, _, errOut := cli(t, append(args, "--sheet", "自定义表头", "--map", "id=枪机编号,azimuth=镜头指向,range=照射距离,owner=维护单位,investment=出资方", "--out", filepath.Join(dir, "out"))...)
	if exit != 0 {
		t.Fatalf("exit %d: %s", exit, errOut)
	}
	if !strings.Contains(errOut, "columns: id ← 枪机编号") {
		t.Errorf("analyze does not print the mapping:\n%s", errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, "out", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Input map[string]int `json:"input"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Input["cameras"] != 5 {
		t.Errorf("report inputs %v, want 5 cameras", rep.Input)
	}
	exit, _, errOut = cli(t, "analyze", "--rules", "nanchang", "--sites", sites, "--cameras", sites, "--map", "id=编号", "--out", filepath.Join(dir, "out2"))
	if exit != 2 || !strings.Contains(errOut, "--map maps the columns of table files (.csv, .shp, .gpkg, .xlsx), and no layer file is one") {
		t.Errorf("--map without a table: exit %d, stderr %s", exit, errOut)
	}
}
