package gpkg

import (
	"runtime"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzGeometryBlob decodes any bytes as a GeoPackage geometry blob, as Next reads a
// geometry column. It must not panic, must give either a geometry or a problem, and must not
// allocate much more than the bytes can fill: a blob claiming 2^31 points fails at once.
func FuzzGeometryBlob(f *testing.F) {
	square := orb.Ring{{116, 39}, {116.1, 39}, {116.1, 39.1}, {116, 39}}
	for _, g := range []orb.Geometry{
		orb.Point{116.4, 39.9},
		orb.LineString{{116.4, 39.9}, {116.5, 39.9}},
		orb.Polygon{square},
		orb.MultiLineString{{{116.4, 39.9}, {116.5, 39.9}}},
		orb.MultiPolygon{{square}, {square}},
	} {
		f.Add(blob(f, 1, 0, g))
		f.Add(blob(f, 1|1<<1, 32, g))
		f.Add(blob(f, 4<<1, 64, g))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		g, why := decodeBlob(b)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 64*uint64(len(b))+64<<10 {
			t.Fatalf("decoding %d bytes allocated %d", len(b), n)
		}
		if (g == nil) != (why != "") {
			t.Fatalf("read %v with the problem %q", g, why)
		}
	})
}
