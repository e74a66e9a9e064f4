package postgis

import (
	"bytes"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzFromEWKB decodes any bytes as EWKB, as the store reads a geometry column. It must not
// panic; a geometry it accepts encodes again, and that encoding decodes to the same
// geometry.
func FuzzFromEWKB(f *testing.F) {
	square := orb.Ring{{119.4, 32.4}, {119.41, 32.4}, {119.41, 32.41}, {119.4, 32.4}}
	for _, g := range []orb.Geometry{
		orb.Point{119.4, 32.4},
		orb.LineString{{119.4, 32.4}, {119.41, 32.4}},
		orb.MultiLineString{{{119.4, 32.4}, {119.41, 32.4}}},
		orb.Polygon{square},
		orb.MultiPolygon{{square}, {square}},
	} {
		b, err := appendEWKB(nil, g)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := fromEWKB(b)
		if err != nil {
			return
		}
		again, err := appendEWKB(nil, g)
		if err != nil {
			t.Fatalf("decoded %v that does not encode: %v", g, err)
		}
		back, err := fromEWKB(again)
		if err != nil {
			t.Fatalf("re-encoded %v does not decode: %v", g, err)
		}
		if hasNaN(g) {
			return
		}
		if !orb.Equal(g, back) {
			t.Fatalf("%v came back as %v", g, back)
		}
		if again2, _ := appendEWKB(nil, back); !bytes.Equal(again, again2) {
			t.Fatalf("encoding of %v is not stable", g)
		}
	})
}

// hasNaN reports whether a position of g is not a number, which compares unequal to itself.
func hasNaN(g orb.Geometry) bool {
	found := false
	var walk func(g orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			found = found || math.IsNaN(g[0]) || math.IsNaN(g[1])
		case orb.LineString:
			for _, p := range g {
				walk(p)
			}
		case orb.Ring:
			for _, p := range g {
				walk(p)
			}
		case orb.MultiLineString:
			for _, ls := range g {
				walk(ls)
			}
		case orb.Polygon:
			for _, r := range g {
				walk(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		}
	}
	walk(g)
	return found
}
