package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// shpTestdata holds the shapefiles GDAL made of six Beijing cameras (data/shp/testdata/make.sh).
const shpTestdata = "../../data/shp/testdata"

// shapefileCamera is a camera of the registry the test shapefiles were made from.
type shapefileCamera struct {
	pos               orb.Point
	owner, investment string
}

// shapefileCameras reads the registry the test shapefiles were made from, by device code.
func shapefileCameras(t *testing.T) map[string]shapefileCamera {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(shpTestdata, "cameras.wgs84.geojson"))
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
	out := map[string]shapefileCamera{}
	for _, f := range fc.Features {
		p := f.Properties
		inv := map[any]string{"政府": "government", "社会": "private"}[p["投资性质"]]
		out[p["设备编码"].(string)] = shapefileCamera{pos: f.Geometry.Coordinates, owner: p["建设单位"].(string), investment: inv}
	}
	return out
}

// A bureau's camera registry as a shapefile or an Excel sheet GDAL wrote imports through
// the CLI into either store, whatever its coordinate system and encoding, zipped or not:
// every camera within 1 mm of where it stands, its Chinese device code and owner intact,
// 政府/社会 read as the investment; and the import says the format, the system and where it
// came from, the columns it read each field from, and the encoding of the text.
func TestImportRegistriesGDALWrote(t *testing.T) {
	want := shapefileCameras(t)
	const gbkColumns = "columns: id ← 设备编码, azimuth ← 镜头朝向, hfov ← 视角, range ← 监控距离, owner ← 建设单位, investment ← 投资性质, height ← 安装高度, district ← 所属辖区"
	const utf8Columns = "columns: id ← 设备编, azimuth ← 镜头朝, hfov ← 视角, range ← 监控距, owner ← 建设单, investment ← 投资性, height ← 安装高, district ← 所属辖"
	const xlsxColumns = "columns: id ← 设备编码, azimuth ← 镜头朝向, hfov ← 视角, range ← 监控距离, owner ← 建设单位, investment ← 投资性质, height ← 安装高度, district ← 所属辖区"
	const xlsxTestdata = "../../data/xlsx/testdata"
	cases := []struct {
		file string
		args []string
		says []string
	}{
		{"cameras.gbk.shp", nil, []string{"format Shapefile, coordinate system epsg:4547 (as the file declares)", gbkColumns, "cameras.gbk.shp: attribute text in GBK (from .cpg)"}},
		{"cameras.utf8.shp", nil, []string{"format Shapefile, coordinate system wgs84 (as the file declares)", utf8Columns, "attribute text in UTF-8 (from .cpg)"}},
		{"cameras.nocpg.shp", nil, []string{"coordinate system cgcs2000 (as the file declares)", gbkColumns, "attribute text in GB18030 (detected)"}},
		{"cameras.3857.shp", nil, []string{"coordinate system webmercator (as the file declares)", utf8Columns}},
		{"cameras.4527.shp", nil, []string{"coordinate system epsg:4527 (as the file declares)", gbkColumns}},
		{"cameras.zip", nil, []string{"format Shapefile, coordinate system epsg:4547 (as the file declares)", gbkColumns, "cameras.zip: attribute text in GBK (from .cpg)"}},
		{filepath.Join(xlsxTestdata, "cameras.gdal.xlsx"), nil, []string{"format Excel, coordinate system wgs84 (the default)", xlsxColumns + ", lon ← 经度, lat ← 纬度"}},
		{filepath.Join(xlsxTestdata, "cameras.gdal.4547.xlsx"), []string{"--crs", "epsg:4547"}, []string{"format Excel, coordinate system epsg:4547 (as --crs names)", xlsxColumns + ", lon ← X坐标, lat ← Y坐标"}},
	}
	for name, open := range testStores {
		for _, c := range cases {
			t.Run(name+"/"+filepath.Base(c.file), func(t *testing.T) {
				db := open(t)
				path := c.file
				if filepath.Base(path) == path {
					path = filepath.Join(shpTestdata, path)
				}
				exit, out, errOut := cli(t, append([]string{"import", "--db", db, "--layer", "cameras", "--from", path}, c.args...)...)
				if exit != 0 {
					t.Fatalf("exit %d: %s", exit, errOut)
				}
				for _, s := range c.says {
					if !strings.Contains(errOut, s+"\n") {
						t.Errorf("stderr does not say %q:\n%s", s, errOut)
					}
				}
				if out != "cameras: 6\n" {
					t.Errorf("stdout %q", out)
				}
				got := storedLayers(t, db).Cameras
				if len(got) != len(want) {
					t.Fatalf("stored %d cameras, want %d", len(got), len(want))
				}
				for _, cam := range got {
					w, ok := want[cam.ID]
					switch {
					case !ok:
						t.Errorf("stored camera %q, not in the registry", cam.ID)
					case orbgeo.Distance(cam.Pos, w.pos) > 0.001:
						t.Errorf("camera %s stored at %v, %.4f m from where it stands", cam.ID, cam.Pos, orbgeo.Distance(cam.Pos, w.pos))
					case cam.Owner != w.owner || string(cam.Investment) != w.investment:
						t.Errorf("camera %s: owner %q, investment %q; want %q, %q", cam.ID, cam.Owner, cam.Investment, w.owner, w.investment)
					}
				}
			})
		}
	}
}
