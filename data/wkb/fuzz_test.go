package wkb_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/wkb"
)

// FuzzDecode decodes any bytes as WKB, as the store reads a geometry column and a
// GeoPackage a blob. It must not panic nor allocate much more than the bytes can fill; a
// geometry it accepts encodes again, and that encoding decodes to the same geometry.
func FuzzDecode(f *testing.F) {
	square := orb.Ring{{119.4, 32.4}, {119.41, 32.4}, {119.41, 32.41}, {119.4, 32.4}}
	for _, g := range []orb.Geometry{
		orb.Point{119.4, 32.4},
		orb.LineString{{119.4, 32.4}, {119.41, 32.4}},
		orb.MultiLineString{{{119.4, 32.4}, {119.41, 32.4}}},
		orb.Polygon{square},
		orb.MultiPolygon{{square}, {square}},
	} {
		b, err := wkb.AppendEWKB(nil, g, 4326)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	for _, h := range decodeTests {
		f.Add(unhex(f, h.hex))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		allocated := allocatedBy(func() { _, _, _ = wkb.Decode(b) })
		if limit := 64*uint64(len(b)) + 64<<10; allocated > limit {
			t.Fatalf("decoding %d bytes allocated %d", len(b), allocated)
		}
		g, srid, err := wkb.Decode(b)
		if err != nil {
			return
		}
		if _, ok := g.(orb.MultiPoint); ok {
			return // read from GeoPackages, never written
		}
		again, err := wkb.AppendEWKB(nil, g, srid)
		if err != nil {
			t.Fatalf("decoded %v that does not encode: %v", g, err)
		}
		back, backSRID, err := wkb.Decode(again)
		if err != nil || backSRID != srid {
			t.Fatalf("re-encoded %v does not decode: SRID %d, %v", g, backSRID, err)
		}
		if again2, _ := wkb.AppendEWKB(nil, back, srid); !bytes.Equal(again, again2) {
			t.Fatalf("encoding of %v is not stable", g)
		}
	})
}

// allocatedBy returns the bytes allocated while f runs.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
