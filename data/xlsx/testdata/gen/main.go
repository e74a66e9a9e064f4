// Command gen writes registry.xlsx, the camera registry the Excel reader and the import
// command are tested on, and registry.wgs84.geojson, the same cameras as GeoJSON, whose
// positions the imported ones are compared with. make.sh runs it; see there.
//
// The workbook is laid out as bureaus keep their registries: a merged title row and a
// line of notes above the header, Chinese headers, 20-digit GB/T 28181 device codes as
// text, a blank row, a distance with its unit. Its sheets:
//
//   - 监控点位: longitude and latitude in CGCS2000 degrees, headers cctvgis recognises;
//   - XY坐标: the same cameras in CGCS2000 3-degree Gauss-Krüger zone 38 (EPSG:4547),
//     X the northing and Y the easting as EPSG orders them, projected by PROJ's cs2cs
//     (xy4547.txt, written by make.sh);
//   - 自定义表头: the same cameras under headers that need --map.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// camera is one registry row.
type camera struct {
	code, name        string
	lon, lat          float64
	azimuth, hfov     float64
	rng               any // a number, or text with a unit
	height            float64
	owner, investment string
	district          string
	north, east       float64
}

// cameras are in Wuhan, within zone 38 (112.5°E–115.5°E).
var cameras = []camera{
	{code: "42010200001320000001", name: "江岸区解放大道与黄浦大街路口", lon: 114.3054321, lat: 30.6123456, azimuth: 90, hfov: 60, rng: 80.0, height: 6.5, owner: "武汉市公安局江岸区分局", investment: "政府", district: "江岸区"},
	{code: "42010300001320000002", name: "江汉路步行街北口", lon: 114.2871234, lat: 30.5887654, azimuth: 180, hfov: 90, rng: "50米", height: 4, owner: "武汉市公安局江汉区分局", investment: "政府", district: "江汉区"},
	{code: "42010400001320000103", name: "硚口区中山公园东门", lon: 114.2650001, lat: 30.5818888, azimuth: 270, hfov: 360, rng: 30.0, height: 3.5, owner: "中山公园管理处", investment: "社会", district: "硚口区"},
	{code: "42010600001320000004", name: "武昌火车站东广场", lon: 114.3178765, lat: 30.5284321, azimuth: 45.5, hfov: 70, rng: 120.0, height: 8, owner: "武汉市公安局武昌区分局", investment: "政府", district: "武昌区"},
	{code: "42011100001320000005", name: "光谷广场某商场入口", lon: 114.3987654, lat: 30.5055555, azimuth: 315, hfov: 95, rng: 40.0, height: 3, owner: "某商场物业", investment: "社会", district: "洪山区"},
}

func main() {
	latlon := flag.Bool("latlon", false, "print each camera's latitude and longitude, for cs2cs, and stop")
	xy := flag.String("xy", "xy4547.txt", "cs2cs's output: northing and easting of each camera in EPSG:4547")
	flag.Parse()
	if *latlon {
		for _, c := range cameras {
			fmt.Printf("%.7f %.7f\n", c.lat, c.lon)
		}
		return
	}
	if err := readXY(*xy); err != nil {
		log.Fatal(err)
	}
	if err := writeWorkbook("registry.xlsx"); err != nil {
		log.Fatal(err)
	}
	if err := writeGeoJSON("registry.wgs84.geojson"); err != nil {
		log.Fatal(err)
	}
}

// readXY reads cs2cs's output lines "northing easting height", one per camera.
func readXY(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for i := range cameras {
		if !sc.Scan() {
			return fmt.Errorf("%s: %d lines, want %d", path, i, len(cameras))
		}
		w := strings.Fields(sc.Text())
		if len(w) < 2 {
			return fmt.Errorf("%s line %d: %q", path, i+1, sc.Text())
		}
		if cameras[i].north, err = strconv.ParseFloat(w[0], 64); err != nil {
			return err
		}
		if cameras[i].east, err = strconv.ParseFloat(w[1], 64); err != nil {
			return err
		}
	}
	return sc.Err()
}

// sheet is one sheet's headers and the cells of a camera under them.
type sheet struct {
	name    string
	headers []string
	cells   func(i int, c camera) []any
}

var sheets = []sheet{
	{"监控点位",
		[]string{"序号", "设备编码", "点位名称", "经度", "纬度", "方向", "视角", "监控距离(米)", "安装高度", "建设单位", "投资性质", "所属辖区"},
		func(i int, c camera) []any {
			return []any{i + 1, c.code, c.name, c.lon, c.lat, c.azimuth, c.hfov, c.rng, c.height, c.owner, c.investment, c.district}
		}},
	{"XY坐标",
		[]string{"序号", "国标编码", "点位名称", "X坐标", "Y坐标", "朝向", "视角", "可视距离", "建设单位", "投资性质"},
		func(i int, c camera) []any {
			return []any{i + 1, c.code, c.name, c.north, c.east, c.azimuth, c.hfov, c.rng, c.owner, c.investment}
		}},
	{"自定义表头",
		[]string{"枪机编号", "东经", "北纬", "镜头指向", "可视角度", "照射距离", "维护单位", "出资方"},
		func(_ int, c camera) []any {
			return []any{c.code, c.lon, c.lat, c.azimuth, c.hfov, c.rng, c.owner, c.investment}
		}},
}

func writeWorkbook(path string) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	for k, s := range sheets {
		if k == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		last, _ := excelize.ColumnNumberToName(len(s.headers))
		if err := f.SetCellStr(s.name, "A1", "武汉市公共视频监控点位表"); err != nil {
			return err
		}
		if err := f.MergeCell(s.name, "A1", last+"1"); err != nil {
			return err
		}
		if err := f.SetCellStr(s.name, "A2", "填报单位：武汉市公安局科技信息化处　　填报日期：2026年11月30日"); err != nil {
			return err
		}
		if err := f.SetSheetRow(s.name, "A3", &s.headers); err != nil {
			return err
		}
		row := 4
		for i, c := range cameras {
			if i == 2 {
				row++ // a blank row, as registries have between blocks
			}
			cells := s.cells(i, c)
			if err := f.SetSheetRow(s.name, "A"+strconv.Itoa(row), &cells); err != nil {
				return err
			}
			row++
		}
	}
	return f.SaveAs(path)
}

// writeGeoJSON writes the cameras as the GeoJSON input format.
func writeGeoJSON(path string) error {
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	var fc struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}
	fc.Type = "FeatureCollection"
	for _, c := range cameras {
		inv := "government"
		if c.investment == "社会" {
			inv = "private"
		}
		rng := c.rng
		if _, ok := rng.(string); ok {
			rng = 50.0
		}
		fc.Features = append(fc.Features, feature{Type: "Feature",
			Geometry: map[string]any{"type": "Point", "coordinates": []float64{c.lon, c.lat}},
			Properties: map[string]any{"id": c.code, "azimuth": c.azimuth, "hfov": c.hfov, "range": rng,
				"height": c.height, "owner": c.owner, "investment": inv}})
	}
	b, err := json.MarshalIndent(fc, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
