package layerfile_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/layerfile"
	"cctvgis/data/table"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

const crsDir = "../geojson/testdata/crs/"

// The report says the format and the coordinate system, and where the system came from.
func TestReadReportsFormatAndCRS(t *testing.T) {
	gk, _ := geo.CRSFromEPSG(4547)
	for _, c := range []struct {
		name     string
		file     string
		opt      layerfile.Options
		wantCRS  geo.CRS
		wantFrom string
	}{
		{"a file that names its system", "cameras.4547.geojson", layerfile.Options{}, gk, "file"},
		{"a file that names none, read in --crs", "cameras.4547.nocrs.geojson", layerfile.Options{CRS: gk, CRSSet: true}, gk, "--crs"},
		{"a file that names none, read as WGS84", "cameras.wgs84.geojson", layerfile.Options{}, geo.WGS84, "default"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opt.Layer = coverage.LayerCameras
			var l coverage.Layers
			rep, err := layerfile.Read(context.Background(), crsDir+c.file, c.opt, &l)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Format != layerfile.GeoJSON || rep.CRS != c.wantCRS || rep.CRSFrom != c.wantFrom {
				t.Errorf("format %s, CRS %s from %s; want GeoJSON, %s from %s", rep.Format, rep.CRS, rep.CRSFrom, c.wantCRS, c.wantFrom)
			}
			if len(l.Cameras) == 0 {
				t.Error("read no cameras")
			}
		})
	}
}

// Options that do not apply to a file, and files of no known format, are refused with a
// reason the user reads, and nothing is read.
func TestReadRefusesWhatDoesNotApply(t *testing.T) {
	for _, c := range []struct {
		name string
		file string
		opt  layerfile.Options
		want string
	}{
		{"an unknown format", "cameras.txt", layerfile.Options{Layer: coverage.LayerCameras}, "cameras.txt: unknown format"},
		{"every layer of a GeoJSON file", crsDir + "cameras.wgs84.geojson", layerfile.Options{Layer: "all"}, "--layer all is for OpenStreetMap files"},
		{"a column mapping for GeoJSON", crsDir + "cameras.wgs84.geojson", layerfile.Options{Layer: coverage.LayerCameras, Map: map[string]string{"id": "编号"}}, "--map maps the columns of tables"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var l coverage.Layers
			_, err := layerfile.Read(context.Background(), c.file, c.opt, &l)
			var fe *layerfile.FormatError
			if !errors.As(err, &fe) || !strings.Contains(fe.Reason, c.want) {
				t.Errorf("error %v, want a FormatError saying %q", err, c.want)
			}
			if l.Len(coverage.LayerCameras) != 0 {
				t.Error("read features")
			}
		})
	}
}

// A file that fails part way leaves the layers as they were: the layers of an analysis
// read from several files keep what the other files gave.
func TestReadLeavesLayersOnError(t *testing.T) {
	var l coverage.Layers
	if _, err := layerfile.Read(context.Background(), crsDir+"cameras.wgs84.geojson", layerfile.Options{Layer: coverage.LayerCameras}, &l); err != nil {
		t.Fatal(err)
	}
	n := len(l.Cameras)
	gk, _ := geo.CRSFromEPSG(4526)
	_, err := layerfile.Read(context.Background(), crsDir+"cameras.4547.geojson", layerfile.Options{Layer: coverage.LayerCameras, CRS: gk, CRSSet: true}, &l)
	if err == nil || !strings.Contains(err.Error(), "--crs says epsg:4526") {
		t.Fatalf("error %v, want the file's system and --crs in disagreement", err)
	}
	if len(l.Cameras) != n {
		t.Errorf("%d cameras after the failed read, want %d", len(l.Cameras), n)
	}
}

// A CSV file gives any layer of points, through its column mapping; a layer of lines or
// areas it cannot give.
func TestReadCSVLayers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "学校.csv")
	text := "编号,名称,类别,经度,纬度\ns1,扬州中学,school,119.43,32.39\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	var l coverage.Layers
	rep, err := layerfile.Read(context.Background(), path, layerfile.Options{Layer: coverage.LayerSites}, &l)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Sites) != 1 || l.Sites[0].Name != "扬州中学" || l.Sites[0].Geometry != (orb.Point{119.43, 32.39}) {
		t.Errorf("sites %+v", l.Sites)
	}
	if rep.Format != layerfile.CSV || rep.Mapping == nil || rep.Mapping.String() != "id ← 编号, category ← 类别, name ← 名称, lon ← 经度, lat ← 纬度" {
		t.Errorf("report %+v", rep)
	}
	if _, err := layerfile.Read(context.Background(), path, layerfile.Options{Layer: coverage.LayerRoads}, &l); !errors.Is(err, table.ErrMapping) {
		t.Errorf("roads from CSV: error %v, want ErrMapping", err)
	}
}
