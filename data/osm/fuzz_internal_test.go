package osm

import (
	"math"
	"testing"
)

// FuzzParseDirection reads any tag value as a camera direction: it must not panic, a
// direction it accepts is a bearing in [0, 360) with an arc in [0, 360], and a refusal
// is the zero direction.
func FuzzParseDirection(f *testing.F) {
	for _, s := range []string{
		"90", "360", "NNE", " sw ", "-1", "400", "1e400", "NaN", "north", "", "0x1p3",
		"-10", "-370", "north-east", "South West", "north_north_east", "90-180", "350-10",
		"-90-90", "0-360", "10 - 130", "90-", "-", "abc-def", "up", "1e308-1e308", "-1e-300",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDirection(s)
		if ok && !(d.azimuth >= 0 && d.azimuth < 360 && d.arc >= 0 && d.arc <= 360) {
			t.Fatalf("parseDirection(%q) = %+v", s, d)
		}
		if !ok && d != (direction{}) {
			t.Fatalf("parseDirection(%q) refused with %+v", s, d)
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
