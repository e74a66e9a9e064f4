package geojson_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cctvgis/data/samplecity"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"

	"cctvgis/data/geojson"
	"cctvgis/geo"

	"github.com/paulmach/orb"
)

// equalLayers fails the test where got and want differ, coordinates by more than tol degrees.
func equalLayers(t *testing.T, got, want *coverage.Layers, tol float64) {
	t.Helper()
	check := func(layer string, n, m int, at func(i int) (g, w any, gg, wg orb.Geometry)) {
		t.Helper()
		if n != m {
			t.Errorf("%s: %d features, want %d", layer, n, m)
			return
		}
		bad := 0
		for i := 0; i < n && bad < 5; i++ {
			g, w, gg, wg := at(i)
			if g != w {
				t.Errorf("%s %d = %+v, want %+v", layer, i, g, w)
				bad++
			}
			if err := sameGeometry(gg, wg, tol); err != nil {
				t.Errorf("%s %d geometry: %v", layer, i, err)
				bad++
			}
		}
	}
	check(coverage.LayerSites, len(got.Sites), len(want.Sites), func(i int) (any, any, orb.Geometry, orb.Geometry) {
		g, w := got.Sites[i], want.Sites[i]
		gg, wg := g.Geometry, w.Geometry
		g.Geometry, w.Geometry = nil, nil
		return g, w, gg, wg
	})
	check(coverage.LayerEntrances, len(got.Entrances), len(want.Entrances), func(i int) (any, any, orb.Geometry, orb.Geometry) {
		g, w := got.Entrances[i], want.Entrances[i]
		gg, wg := g.Pos, w.Pos
		g.Pos, w.Pos = orb.Point{}, orb.Point{}
		return g, w, gg, wg
	})
	check(coverage.LayerCameras, len(got.Cameras), len(want.Cameras), func(i int) (any, any, orb.Geometry, orb.Geometry) {
		g, w := got.Cameras[i], want.Cameras[i]
		gg, wg := g.Pos, w.Pos
		g.Pos, w.Pos = orb.Point{}, orb.Point{}
		return g, w, gg, wg
	})
	check(coverage.LayerRoads, len(got.Roads), len(want.Roads), func(i int) (any, any, orb.Geometry, orb.Geometry) {
		g, w := got.Roads[i], want.Roads[i]
		gg, wg := g.Geometry, w.Geometry
		g.Geometry, w.Geometry = nil, nil
		return g, w, gg, wg
	})
	check(coverage.LayerOccluders, len(got.Occluders), len(want.Occluders), func(i int) (any, any, orb.Geometry, orb.Geometry) {
		g, w := got.Occluders[i], want.Occluders[i]
		gg, wg := g.Geometry, w.Geometry
		g.Geometry, w.Geometry = nil, nil
		return g, w, gg, wg
	})
	check(coverage.LayerPrivateSpaces, len(got.PrivateSpaces), len(want.PrivateSpaces), func(i int) (any, any, orb.Geometry, orb.Geometry) {
		g, w := got.PrivateSpaces[i], want.PrivateSpaces[i]
		gg, wg := g.Geometry, w.Geometry
		g.Geometry, w.Geometry = nil, nil
		return g, w, gg, wg
	})
	check(coverage.LayerDistricts, len(got.Districts), len(want.Districts), func(i int) (any, any, orb.Geometry, orb.Geometry) {
		g, w := got.Districts[i], want.Districts[i]
		gg, wg := g.Geometry, w.Geometry
		g.Geometry, w.Geometry = nil, nil
		return g, w, gg, wg
	})
}

// sameGeometry reports how g differs from w: type, shape, or a point more than tol away.
func sameGeometry(g, w orb.Geometry, tol float64) error {
	points := func(g orb.Geometry) (string, [][]orb.Point) {
		switch g := g.(type) {
		case orb.Point:
			return "Point", [][]orb.Point{{g}}
		case orb.LineString:
			return "LineString", [][]orb.Point{g}
		case orb.MultiLineString:
			var out [][]orb.Point
			for _, ls := range g {
				out = append(out, ls)
			}
			return "MultiLineString", out
		case orb.Polygon:
			var out [][]orb.Point
			for _, r := range g {
				out = append(out, r)
			}
			return "Polygon", out
		case orb.MultiPolygon:
			out := [][]orb.Point{nil}
			for _, p := range g {
				for _, r := range p {
					out = append(out, r)
				}
				out = append(out, nil) // marks where a polygon ends
			}
			return "MultiPolygon", out
		}
		return fmt.Sprintf("%T", g), nil
	}
	gt, gp := points(g)
	wt, wp := points(w)
	if gt != wt || len(gp) != len(wp) {
		return fmt.Errorf("%s of %d parts, want %s of %d", gt, len(gp), wt, len(wp))
	}
	for i := range gp {
		if len(gp[i]) != len(wp[i]) {
			return fmt.Errorf("part %d has %d points, want %d", i, len(gp[i]), len(wp[i]))
		}
		for j := range gp[i] {
			a, b := gp[i][j], wp[i][j]
			if !(math.Abs(a[0]-b[0]) <= tol && math.Abs(a[1]-b[1]) <= tol) {
				return fmt.Errorf("point %d of part %d is %v, want %v", j, i, a, b)
			}
		}
	}
	return nil
}

// handLayers holds every layer, every geometry type and every optional property, set and not.
func handLayers() *coverage.Layers {
	ring := orb.Ring{{119.4, 32.4}, {119.41, 32.4}, {119.41, 32.41}, {119.4, 32.4}}
	hole := orb.Ring{{119.402, 32.402}, {119.403, 32.402}, {119.403, 32.403}, {119.402, 32.402}}
	return &coverage.Layers{
		Sites: []coverage.Site{
			{ID: "s1", Category: "hotel", Name: "迎宾馆 \"东楼\"\t\\", District: "广陵区", Geometry: orb.Polygon{ring, hole}},
			{ID: "s2", Category: "bus_stop", Geometry: orb.Point{-179.9999999, -89.5}},
			{ID: "s3", Category: "park", Geometry: orb.MultiPolygon{{ring}, {hole}}},
		},
		Entrances: []coverage.Entrance{
			{SiteID: "s1", Pos: orb.Point{119.4, 32.405}, Kind: "main"},
			{SiteID: "s2", Pos: orb.Point{180, 90}},
		},
		Cameras: []coverage.Camera{
			{ID: "c1", Pos: orb.Point{119.4215123, 32.3932456}, Azimuth: 359.9, HFOV: 110, Range: 87.5,
				Owner: "op-s1", Investment: coverage.Private, Height: 4.5, Status: "online"},
			{ID: "c2", Pos: orb.Point{0, 0}, Azimuth: 0, HFOV: 360, Range: 1e-3, Owner: "公安局", Investment: coverage.Government},
		},
		Roads: []coverage.Road{
			{ID: "r1", Class: "arterial_road", Name: "文昌路", Geometry: orb.LineString{{119.4, 32.4}, {119.5, 32.4}}},
			{ID: "r2", Class: "expressway", Geometry: orb.MultiLineString{{{119.4, 32.4}, {119.5, 32.4}}, {{119.5, 32.4}, {119.5, 32.5}, {119.6, 32.5}}}},
		},
		Occluders: []coverage.Occluder{
			{ID: "b1", Geometry: orb.Polygon{ring}, Height: 24},
			{Geometry: orb.MultiPolygon{{ring, hole}}},
		},
		PrivateSpaces: []coverage.PrivateSpace{
			{ID: "p1", Space: "hotel_room", Geometry: orb.Polygon{hole}},
			{Space: "toilet", Geometry: orb.MultiPolygon{{hole}}},
		},
		Districts: []coverage.District{{Name: "广陵区", Geometry: orb.Polygon{ring}}},
	}
}

func TestWriteLayerRoundTrip(t *testing.T) {
	want := handLayers()
	got := &coverage.Layers{}
	for _, layer := range coverage.LayerNames() {
		var buf bytes.Buffer
		if err := geojson.WriteLayer(context.Background(), &buf, layer, want); err != nil {
			t.Fatalf("writing %s: %v", layer, err)
		}
		rej, err := geojson.ReadLayer(context.Background(), &buf, geojson.Input{Layer: layer, CRS: geo.WGS84}, got)
		if err != nil || len(rej) > 0 {
			t.Fatalf("reading %s back: %v, rejections %v", layer, err, rej)
		}
	}
	equalLayers(t, got, want, 1e-7)
}

func TestWriteLayerFormat(t *testing.T) {
	l := &coverage.Layers{Cameras: []coverage.Camera{
		{ID: "c1", Pos: orb.Point{119.42151234567, -32.3}, Azimuth: 90, HFOV: 60, Range: 50, Owner: "a\x01\xff", Investment: coverage.Private},
	}}
	var buf bytes.Buffer
	if err := geojson.WriteLayer(context.Background(), &buf, coverage.LayerCameras, l); err != nil {
		t.Fatal(err)
	}
	want := `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[119.4215123,-32.3000000]},"properties":{"id":"c1","azimuth":90,"hfov":60,"range":50,"owner":"a\u0001\ufffd","investment":"private"}}
]}
`
	if got := buf.String(); got != want {
		t.Errorf("WriteLayer wrote\n%s\nwant\n%s", got, want)
	}
}

func TestWriteLayerClosesRings(t *testing.T) {
	open := orb.Ring{{119.4, 32.4}, {119.41, 32.4}, {119.41, 32.41}}
	l := &coverage.Layers{Occluders: []coverage.Occluder{{ID: "b1", Geometry: orb.Polygon{open}}}}
	var buf bytes.Buffer
	if err := geojson.WriteLayer(context.Background(), &buf, coverage.LayerOccluders, l); err != nil {
		t.Fatal(err)
	}
	var got coverage.Layers
	if rej, err := geojson.ReadLayer(context.Background(), &buf, geojson.Input{Layer: coverage.LayerOccluders, CRS: geo.WGS84}, &got); err != nil || len(rej) > 0 {
		t.Fatalf("reading back: %v, rejections %v", err, rej)
	}
	if r := got.Occluders[0].Geometry.(orb.Polygon)[0]; len(r) != 4 || r[0] != r[3] {
		t.Errorf("ring read back = %v, want the ring closed", r)
	}
}

func TestWriteLayerErrors(t *testing.T) {
	cam := coverage.Camera{ID: "c1", Pos: orb.Point{119.4, 32.4}, Azimuth: 1, HFOV: 60, Range: 50, Owner: "o", Investment: coverage.Private}
	with := func(f func(c *coverage.Camera)) *coverage.Layers {
		c2 := cam
		c2.ID = "c2"
		f(&c2)
		return &coverage.Layers{Cameras: []coverage.Camera{cam, c2}}
	}
	tests := []struct {
		name   string
		layer  string
		l      *coverage.Layers
		field  string
		target error
	}{
		{"azimuth not a number", coverage.LayerCameras, with(func(c *coverage.Camera) { c.Azimuth = math.NaN() }), "properties.azimuth", geojson.ErrNotWritable},
		{"height infinite", coverage.LayerCameras, with(func(c *coverage.Camera) { c.Height = math.Inf(1) }), "properties.height", geojson.ErrNotWritable},
		{"position not finite", coverage.LayerCameras, with(func(c *coverage.Camera) { c.Pos[1] = math.NaN() }), "geometry", geojson.ErrNotWritable},
		{"site as a line string", coverage.LayerSites, &coverage.Layers{Sites: []coverage.Site{
			{ID: "s1", Category: "hotel", Geometry: orb.Point{1, 2}},
			{ID: "s2", Category: "hotel", Geometry: orb.LineString{{1, 2}, {3, 4}}},
		}}, "geometry", geojson.ErrNotWritable},
		{"road without geometry", coverage.LayerRoads, &coverage.Layers{Roads: []coverage.Road{
			{ID: "r1", Class: "urban_road", Geometry: orb.LineString{{1, 2}, {3, 4}}},
			{ID: "r2", Class: "urban_road"},
		}}, "geometry", geojson.ErrNotWritable},
		{"unknown layer", "buildings", &coverage.Layers{}, "", geojson.ErrUnknownLayer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := geojson.WriteLayer(context.Background(), &bytes.Buffer{}, tt.layer, tt.l)
			if !errors.Is(err, tt.target) {
				t.Fatalf("WriteLayer = %v, want %v", err, tt.target)
			}
			var rej coverage.Rejection
			if tt.field != "" && (!errors.As(err, &rej) || rej.Index != 1 || rej.Field != tt.field) {
				t.Errorf("WriteLayer = %v, want feature 1 named, field %s", err, tt.field)
			}
		})
	}
}

// failingWriter fails every write.
type failingWriter struct{}

var errDiskFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteLayerWriterError(t *testing.T) {
	if err := geojson.WriteLayer(context.Background(), failingWriter{}, coverage.LayerSites, handLayers()); !errors.Is(err, errDiskFull) {
		t.Errorf("WriteLayer = %v, want the writer's error", err)
	}
}

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func TestWriteLayers(t *testing.T) {
	dir := t.TempDir()
	l := handLayers()
	l.Occluders = nil
	paths, err := geojson.WriteLayers(context.Background(), dir, l)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cameras.geojson", "districts.geojson", "entrances.geojson", "private-spaces.geojson", "roads.geojson", "sites.geojson"}
	if got := dirNames(t, dir); !slices.Equal(got, want) {
		t.Errorf("files = %v, want %v (no temporary files, no empty layer)", got, want)
	}
	if len(paths) != len(want) || paths[coverage.LayerPrivateSpaces] != filepath.Join(dir, "private-spaces.geojson") {
		t.Errorf("paths = %v", paths)
	}
	info, err := os.Stat(paths[coverage.LayerCameras])
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", info.Mode().Perm())
	}
	got := &coverage.Layers{}
	for layer, path := range paths {
		if rej, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: layer, File: path}, got); err != nil || len(rej) > 0 {
			t.Fatalf("reading %s: %v, rejections %v", path, err, rej)
		}
	}
	equalLayers(t, got, l, 1e-7)
}

func TestWriteLayersLeavesNothingOnError(t *testing.T) {
	dir := t.TempDir()
	l := handLayers()
	l.Roads[1].Geometry = nil // roads come after sites, entrances and cameras
	if _, err := geojson.WriteLayers(context.Background(), dir, l); !errors.Is(err, geojson.ErrNotWritable) {
		t.Fatalf("WriteLayers = %v, want ErrNotWritable", err)
	}
	if got := dirNames(t, dir); len(got) > 0 {
		t.Errorf("files left = %v, want none", got)
	}
	if _, err := geojson.WriteLayers(context.Background(), filepath.Join(dir, "missing"), l); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("writing into a missing folder: %v, want an error naming it", err)
	}
}

// A generated city written as GeoJSON reads back the same.
func TestGenerateCityRoundTrip(t *testing.T) {
	want := generate(t, samplecity.Options{Seed: testenv.Seed(t), Sites: 600, Cameras: 1500, Occluders: true})
	dir := t.TempDir()
	paths, err := geojson.WriteLayers(context.Background(), dir, want)
	if err != nil {
		t.Fatal(err)
	}
	got := &coverage.Layers{}
	for _, layer := range coverage.LayerNames() {
		if rej, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: layer, File: paths[layer]}, got); err != nil || len(rej) > 0 {
			t.Fatalf("reading %s: %v, rejections %v", layer, err, rej)
		}
	}
	equalLayers(t, got, want, 1e-7)
	if names := dirNames(t, dir); len(names) != 7 {
		t.Errorf("files in the folder = %v, want the 7 layers only", names)
	}
}

// A cancelled write leaves the folder as it was.
func TestWriteLayersCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := geojson.WriteLayers(ctx, dir, handLayers()); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("a cancelled write left %v", names)
	}
}
