package csv_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"cctvgis/data/rules"
	"cctvgis/planner/coverage"

	"cctvgis/internal/testenv"

	"cctvgis/data/csv"
	"cctvgis/data/table"
	"cctvgis/geo"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// readCSV reads cameras from CSV text in WGS84 and checks that every camera read passes
// Layers.Check.
func readCSV(t *testing.T, text string) (*coverage.Layers, []coverage.Rejection) {
	t.Helper()
	var l coverage.Layers
	rej, err := csv.ReadCameras(context.Background(), strings.NewReader(text), csv.Input{CRS: geo.WGS84}, &l)
	if err != nil {
		t.Fatalf("ReadCamerasCSV: %v", err)
	}
	checkLayers(t, &l)
	return &l, rej
}

func TestReadCamerasCSV(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []coverage.Camera
	}{
		{
			name: "required columns",
			text: "id,lon,lat,azimuth,hfov,range,owner,investment\n" +
				"c1,119.4,32.4,90,60,50,公安局,government\n",
			want: []coverage.Camera{{ID: "c1", Pos: orb.Point{119.4, 32.4}, Azimuth: 90, HFOV: 60, Range: 50, Owner: "公安局", Investment: coverage.Government}},
		},
		{
			name: "any order, extra and optional columns, header case and spaces",
			text: " Investment ,note,RANGE,hfov,azimuth,lat,lon,status,height,owner,id\r\n" +
				"private,front gate,30,360,0,32.41,119.41,online,4.5,op-1,c2\r\n" +
				"government,,80,45,270,32.42,119.42,,,op-2,c3\r\n",
			want: []coverage.Camera{
				{ID: "c2", Pos: orb.Point{119.41, 32.41}, Azimuth: 0, HFOV: 360, Range: 30, Owner: "op-1", Investment: coverage.Private, Height: 4.5, Status: "online"},
				{ID: "c3", Pos: orb.Point{119.42, 32.42}, Azimuth: 270, HFOV: 45, Range: 80, Owner: "op-2", Investment: coverage.Government},
			},
		},
		{
			name: "byte-order mark",
			text: "\uFEFFid,lon,lat,azimuth,hfov,range,owner,investment\n" +
				"c4,119.4,32.4,90,60,50,op,private\n",
			want: []coverage.Camera{{ID: "c4", Pos: orb.Point{119.4, 32.4}, Azimuth: 90, HFOV: 60, Range: 50, Owner: "op", Investment: coverage.Private}},
		},
		{
			name: "header only",
			text: "id,lon,lat,azimuth,hfov,range,owner,investment\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, rej := readCSV(t, tc.text)
			if len(rej) != 0 {
				t.Errorf("rejections = %v, want none", rej)
			}
			if len(l.Cameras) != len(tc.want) {
				t.Fatalf("cameras = %+v, want %+v", l.Cameras, tc.want)
			}
			for i := range tc.want {
				if l.Cameras[i] != tc.want[i] {
					t.Errorf("camera %d = %+v, want %+v", i, l.Cameras[i], tc.want[i])
				}
			}
		})
	}
}

func TestReadCamerasCSVRejections(t *testing.T) {
	const header = "id,lon,lat,azimuth,hfov,range,owner,investment,height\n"
	cases := []struct {
		name string
		row  string
		want coverage.Rejection // Layer and Index are checked apart
		// reason is a part of the wanted reason.
		reason string
	}{
		{"bad number", "c1,119.4,32.4,north,60,50,op,private,", coverage.Rejection{ID: "c1", Field: "azimuth"}, `"north"`},
		{"NaN", "c1,119.4,32.4,90,NaN,50,op,private,", coverage.Rejection{ID: "c1", Field: "hfov"}, `"NaN"`},
		{"infinite", "c1,119.4,32.4,90,60,Inf,op,private,", coverage.Rejection{ID: "c1", Field: "range"}, `"Inf"`},
		{"bad optional number", "c1,119.4,32.4,90,60,50,op,private,3 floors", coverage.Rejection{ID: "c1", Field: "height"}, `"3 floors"`},
		{"missing id", ",119.4,32.4,90,60,50,op,private,", coverage.Rejection{Field: "id"}, "missing"},
		{"missing number", "c1,119.4,32.4,,60,50,op,private,", coverage.Rejection{ID: "c1", Field: "azimuth"}, "missing"},
		{"missing owner", "c1,119.4,32.4,90,60,50, ,private,", coverage.Rejection{ID: "c1", Field: "owner"}, "missing"},
		{"longitude out of range", "c1,190,32.4,90,60,50,op,private,", coverage.Rejection{ID: "c1", Field: "lon"}, "190"},
		{"latitude out of range", "c1,119.4,-91,90,60,50,op,private,", coverage.Rejection{ID: "c1", Field: "lat"}, "-91"},
		{"too few fields", "c1,119.4,32.4,90,60,50,op", coverage.Rejection{ID: "c1", Field: "row"}, "7 fields"},
		{"bare quote", `c1,119.4,32.4,90,60,50,o"p,private,`, coverage.Rejection{Field: "row"}, "quote"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The rejected row is on line 3, after a good row.
			l, rej := readCSV(t, header+"ok,119.4,32.4,90,60,50,op,private,\n"+tc.row+"\nok2,119.4,32.4,90,60,50,op,private,\n")
			if len(l.Cameras) != 2 {
				t.Errorf("cameras = %+v, want the 2 good rows", l.Cameras)
			}
			want := tc.want
			want.Layer, want.Index, want.At = coverage.LayerCameras, coverage.NotRead, csv.Lines.At(3)
			if len(rej) != 1 || rej[0].Layer != want.Layer || rej[0].Index != want.Index || rej[0].At != want.At || rej[0].ID != want.ID ||
				rej[0].Field != want.Field || !strings.Contains(rej[0].Reason, tc.reason) {
				t.Errorf("rejections = %+v, want %+v with a reason naming %s", rej, want, tc.reason)
			}
		})
	}
}

func TestReadCamerasCSVLineNumbers(t *testing.T) {
	// A quoted field spans lines 2 and 3, so the bad row is on line 4.
	text := "id,lon,lat,azimuth,hfov,range,owner,investment,status\n" +
		"c1,119.4,32.4,90,60,50,op,private,\"being\nrepaired\"\n" +
		"c2,119.4,32.4,90,sixty,50,op,private,\n"
	l, rej := readCSV(t, text)
	if len(l.Cameras) != 1 || l.Cameras[0].Status != "being\nrepaired" {
		t.Errorf("cameras = %+v, want c1 with a two-line status", l.Cameras)
	}
	if len(rej) != 1 || rej[0].At != (csv.Lines.At(4)) || rej[0].ID != "c2" {
		t.Errorf("rejections = %+v, want c2 on line 4", rej)
	}
}

func TestReadCamerasCSVConvertsCRS(t *testing.T) {
	text := "id,lon,lat,azimuth,hfov,range,owner,investment\nc1,119.4,32.4,90,60,50,op,private\n"
	var l coverage.Layers
	if _, err := csv.ReadCameras(context.Background(), strings.NewReader(text), csv.Input{CRS: geo.GCJ02}, &l); err != nil {
		t.Fatalf("ReadCamerasCSV: %v", err)
	}
	if want := geo.GCJ02ToWGS84(orb.Point{119.4, 32.4}); len(l.Cameras) != 1 || l.Cameras[0].Pos != want {
		t.Errorf("cameras = %+v, want one at %v", l.Cameras, want)
	}
}

func TestReadCamerasCSVErrors(t *testing.T) {
	cases := []struct {
		name string
		text string
		want error
		// says are parts of the message.
		says []string
	}{
		{"empty", "", csv.ErrNoHeader, nil},
		{"only a byte-order mark", "\uFEFF", csv.ErrNoHeader, nil},
		{"missing column", "id,lon,lat,hfov,range,owner,investment\n", table.ErrMapping, []string{"no column for azimuth (方向"}},
		{"missing columns", "id,lon,lat,azimuth,hfov,range\n", table.ErrMapping, []string{"owner (建设单位", "; investment (投资性质"}},
		{"duplicate column", "id,lon,lat,azimuth,hfov,range,owner,investment,ID\n", table.ErrMapping, []string{`"id" appears twice (columns 1 and 9)`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := coverage.Layers{Cameras: []coverage.Camera{{ID: "before"}}}
			_, err := csv.ReadCameras(context.Background(), strings.NewReader(tc.text), csv.Input{CRS: geo.WGS84}, &l)
			if !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v", err, tc.want)
			}
			for _, w := range tc.says {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error = %v, want one saying %s", err, w)
				}
			}
			if len(l.Cameras) != 1 {
				t.Errorf("cameras = %+v, want them as they were", l.Cameras)
			}
		})
	}
}

// A registry with Chinese headers, units in its cells and 政府/社会 for the investment
// reads without a mapping; one in a Gauss-Krüger zone reads in the system --crs names.
func TestReadCSVRegistry(t *testing.T) {
	text := "序号,设备编码,点位名称,经度,纬度,方向,视角,监控距离(米),建设单位,投资性质\n" +
		"1,32100200001320000001,文昌路口,119.4,32.4,90°,60,50米,扬州市公安局,政府\n"
	l, rej := readCSV(t, text)
	want := coverage.Camera{ID: "32100200001320000001", Pos: orb.Point{119.4, 32.4}, Azimuth: 90, HFOV: 60, Range: 50, Owner: "扬州市公安局", Investment: coverage.Government}
	if len(rej) != 0 || len(l.Cameras) != 1 || l.Cameras[0] != want {
		t.Errorf("cameras %+v, rejections %v; want %+v", l.Cameras, rej, want)
	}
	gk, _ := geo.CRSFromEPSG(4547)
	var g coverage.Layers
	// Where PROJ puts 114.3°E 30.6°N: echo "30.6 114.3" | cs2cs EPSG:4490 EPSG:4547.
	text = "id,X,Y,azimuth,hfov,range,owner,investment\ng1,528770.2373,3386666.2506,0,90,50,op,private\n"
	if _, err := csv.ReadCameras(context.Background(), strings.NewReader(text), csv.Input{CRS: gk, CRSSet: true}, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cameras) != 1 || orbgeo.Distance(g.Cameras[0].Pos, orb.Point{114.3, 30.6}) > 0.001 {
		t.Errorf("cameras %+v, want one at 114.3°E 30.6°N", g.Cameras)
	}
}

// TestReadCamerasCSVFileHongKong shows the error for a real camera list that lacks the
// columns of a camera's view: it has positions but no direction, view or owner.
func TestReadCamerasCSVFileHongKong(t *testing.T) {
	hongKongCameras := testenv.Shared(t, "data", "Traffic_Camera_Locations_En.csv")
	file, err := os.Open(hongKongCameras)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = file.Close() }()
	var l coverage.Layers
	_, err = csv.ReadCameras(context.Background(), file, csv.Input{CRS: geo.WGS84}, &l)
	if !errors.Is(err, table.ErrMapping) || !strings.Contains(err.Error(), "; azimuth (方向") {
		t.Fatalf("error = %v, want ErrMapping naming azimuth", err)
	}
	t.Logf("%v", err)
}

// checkLayers fails the test for every feature that breaks the input contract.
func checkLayers(t *testing.T, l *coverage.Layers) {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatalf("loading embedded rulebooks: %v", err)
	}
	for _, r := range l.Check(lib.Taxonomy) {
		t.Errorf("Check: %v", r)
	}
}

// Camera registries exported by office software come with semicolons or tabs, a byte-order
// mark, or in GBK; the reader tells them apart and reads the same cameras.
func TestReadCamerasDelimitersAndEncodings(t *testing.T) {
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name, text string
	}{
		{"commas", "id,lon,lat,azimuth,hfov,range,owner,investment\nc1,119.4,32.4,90,60,50,扬州市公安局,government\n"},
		{"semicolons with a BOM", "\uFEFFid;lon;lat;azimuth;hfov;range;owner;investment\nc1;119.4;32.4;90;60;50;扬州市公安局;government\n"},
		{"tabs", "id\tlon\tlat\tazimuth\thfov\trange\towner\tinvestment\nc1\t119.4\t32.4\t90\t60\t50\t扬州市公安局\tgovernment\n"},
		{"semicolons, a quoted comma in a name", "id;lon;lat;azimuth;hfov;range;owner;investment;status\nc1;119.4;32.4;90;60;50;扬州市公安局;government;\"维修中, 待换\"\n"},
		{"GBK with semicolons", gbk("id;lon;lat;azimuth;hfov;range;owner;investment\nc1;119.4;32.4;90;60;50;扬州市公安局;government\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, rej := readCSV(t, tt.text)
			if len(rej) != 0 || len(l.Cameras) != 1 {
				t.Fatalf("cameras %+v, rejections %v", l.Cameras, rej)
			}
			c := l.Cameras[0]
			if c.ID != "c1" || c.Owner != "扬州市公安局" || c.Azimuth != 90 || c.Pos != (orb.Point{119.4, 32.4}) {
				t.Errorf("camera %+v", c)
			}
		})
	}
}
