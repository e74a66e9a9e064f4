package osm

import (
	"math"
	"testing"
)

// FuzzParseDirection reads any tag value as a camera direction: it must not panic, and a
// direction it accepts is a bearing in [0, 360).
func FuzzParseDirection(f *testing.F) {
	for _, s := range []string{"90", "360", "NNE", " sw ", "-1", "400", "1e400", "NaN", "north", "", "0x1p3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := parseDirection(s)
		if ok && !(a >= 0 && a < 360) {
			t.Fatalf("parseDirection(%q) = %v", s, a)
		}
		if !ok && a != 0 {
			t.Fatalf("parseDirection(%q) refused with %v", s, a)
		}
	})
}

// FuzzParseHeight reads any tag value as a height: it must not panic, and a height it
// accepts is a finite number of metres, at least 0.
func FuzzParseHeight(f *testing.F) {
	for _, s := range []string{"4", "4 m", "4m", "-1", "1e400", "NaN", "Inf", "tall", "", " 3.5 m "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, ok := parseHeight(s)
		if ok && !(h >= 0 && !math.IsInf(h, 0) && !math.IsNaN(h)) {
			t.Fatalf("parseHeight(%q) = %v", s, h)
		}
	})
}
