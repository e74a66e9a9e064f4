package osm

import (
	"math"
	"strings"
	"testing"
)

// FuzzParseDirection reads any tag value as a camera direction and as a list of them: it
// must not panic; a direction it accepts is a bearing in [0, 360) with an arc in [0,
// 360], and a refusal is the zero direction; a list has at least one entry, each a
// direction or of unknown direction, one odd text per unknown entry, and a value without
// a separator that is one direction is a list of that one.
func FuzzParseDirection(f *testing.F) {
	for _, s := range []string{
		"90", "360", "NNE", " sw ", "-1", "400", "1e400", "NaN", "north", "", "0x1p3",
		"-10", "-370", "north-east", "South West", "north_north_east", "90-180", "350-10",
		"-90-90", "0-360", "10 - 130", "90-", "-", "abc-def", "up", "1e308-1e308", "-1e-300",
		"180, 270", "90;160;270", "N;S", "NE SW", "E-W", "n-e", "180°", "90°-270°", "东北",
		"正北；西、南", ";", "90;;up", "N/A", "north east south",
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
		dirs, odd := parseDirections(s)
		unknown := 0
		for _, e := range dirs {
			switch {
			case e.unknown && e != (direction{unknown: true}):
				t.Fatalf("parseDirections(%q) has an unknown entry %+v", s, e)
			case e.unknown:
				unknown++
			case !(e.azimuth >= 0 && e.azimuth < 360 && e.arc >= 0 && e.arc <= 360):
				t.Fatalf("parseDirections(%q) has %+v", s, e)
			}
		}
		if len(dirs) == 0 || unknown != len(odd) {
			t.Fatalf("parseDirections(%q) = %+v, %q", s, dirs, odd)
		}
		if ok && !strings.ContainsAny(s, ";,；，、") && (len(dirs) != 1 || dirs[0] != d) {
			t.Fatalf("parseDirections(%q) = %+v, want the one direction %+v", s, dirs, d)
		}
	})
}

// FuzzParseHeight reads any tag value as a height: it must not panic, and a height it
// accepts is a finite number of metres, at least 0.
func FuzzParseHeight(f *testing.F) {
	for _, s := range []string{"4", "4 m", "4m", "-1", "1e400", "NaN", "Inf", "tall", "", " 3.5 m ", "3,5 m", "4 Metres", "1,2.3", "m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, ok := parseHeight(s)
		if ok && !(h >= 0 && !math.IsInf(h, 0) && !math.IsNaN(h)) {
			t.Fatalf("parseHeight(%q) = %v", s, h)
		}
	})
}
