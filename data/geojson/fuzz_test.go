package geojson_test

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/geojson"
	"cctvgis/data/rules"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// FuzzReadLayer reads any bytes as each layer in turn. The reader must not panic; on error
// it leaves the layers as they were; every rejection names the file and the layer; every
// feature read has a geometry its layer holds, with finite positions in lon/lat range; and
// dropping the rejected features (as --skip-invalid does) keeps exactly the others. The
// seed corpus under testdata/fuzz/FuzzReadLayer holds the probes of issue 9.
func FuzzReadLayer(f *testing.F) {
	for _, feature := range validFeatures {
		f.Add([]byte(collection(feature)))
	}
	f.Add([]byte(collection(camera(cameraPoint, withProp("azimuth", `"north"`)))))
	f.Add([]byte(collection(camera(`{"type":"Point","coordinates":[119.4]}`, cameraProps))))
	lib, err := rules.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, layer := range coverage.LayerNames() {
			var l coverage.Layers
			rej, err := geojson.ReadLayer(context.Background(), bytes.NewReader(data),
				geojson.Input{Layer: layer, File: "f.geojson", CRS: geo.WGS84}, &l)
			n := l.Len(layer)
			if err != nil {
				if n != 0 || rej != nil {
					t.Fatalf("%s: error %v with %d features and %d rejections", layer, err, n, len(rej))
				}
				continue
			}
			for _, r := range rej {
				if r.Layer != layer || r.File != "f.geojson" || r.Index != coverage.NotRead {
					t.Fatalf("%s: rejection %+v", layer, r)
				}
			}
			d, _ := coverage.Desc(layer)
			for i := range n {
				g := d.Geometry(&l, i)
				if reason := d.Kinds.Check(g); reason != "" {
					t.Fatalf("%s[%d]: geometry %v read: %s", layer, i, g, reason)
				}
				checkPositions(t, g)
			}
			l.AssignIDs()
			checked := l.Check(lib.Taxonomy)
			dropped := map[int]bool{}
			for _, r := range checked {
				if r.Index < 0 || r.Index >= n {
					t.Fatalf("%s: check rejects index %d of %d", layer, r.Index, n)
				}
				dropped[r.Index] = true
			}
			if kept := l.Without(append(rej, checked...)).Len(layer); kept != n-len(dropped) {
				t.Fatalf("%s: kept %d of %d with %d dropped", layer, kept, n, len(dropped))
			}
		}
	})
}

// checkPositions fails unless every position of g is finite and within lon/lat range.
func checkPositions(t *testing.T, g orb.Geometry) {
	t.Helper()
	var bad orb.Point
	ok := true
	each(g, func(p orb.Point) {
		if !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) || math.IsNaN(p[0]) || math.IsNaN(p[1]) {
			bad, ok = p, false
		}
	})
	if !ok {
		t.Fatalf("position %v read", bad)
	}
}

func each(g orb.Geometry, fn func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		fn(g)
	case orb.LineString:
		for _, p := range g {
			fn(p)
		}
	case orb.MultiLineString:
		for _, ls := range g {
			each(ls, fn)
		}
	case orb.Ring:
		for _, p := range g {
			fn(p)
		}
	case orb.Polygon:
		for _, r := range g {
			each(r, fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			each(p, fn)
		}
	}
}
