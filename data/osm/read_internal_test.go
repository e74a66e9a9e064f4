package osm

import (
	"math"
	"testing"
)

// TestParseDirection checks the arc a range gives, which Read widens to the default
// field of view and so does not show for narrow ranges.
func TestParseDirection(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want direction
		ok   bool
	}{
		{"degrees", "135", direction{azimuth: 135}, true},
		{"negative degrees", "-10", direction{azimuth: 350}, true},
		{"degrees above 360", "400", direction{azimuth: 40}, true},
		{"negative zero", "-0", direction{azimuth: 0}, true},
		{"tiny negative rounds to north", "-1e-300", direction{azimuth: 0}, true},
		{"abbreviation", "nne", direction{azimuth: 22.5}, true},
		{"words", "North-North-West", direction{azimuth: 337.5}, true},
		{"range", "90-180", direction{azimuth: 135, arc: 90}, true},
		{"narrow range across north", "350-10", direction{azimuth: 0, arc: 20}, true},
		{"range backwards is the long way round", "10-350", direction{azimuth: 180, arc: 340}, true},
		{"range to a negative end", "10--10", direction{azimuth: 180, arc: 340}, true},
		{"range of a whole turn", "-10-350", direction{azimuth: 170, arc: 360}, true},
		{"range of one direction", "90-90.0", direction{azimuth: 90}, true},
		{"words with two separators", "north - east", direction{azimuth: 45}, true},
		{"abbreviations with a separator", "n-e", direction{}, false},
		{"a word cut in two", "nor-th", direction{}, false},
		{"a separator alone", "-", direction{}, false},
		{"word", "up", direction{}, false},
		{"range without an end", "90-", direction{}, false},
		{"range of words", "abc-def", direction{}, false},
		{"range of compass points", "N-S", direction{}, false},
		{"infinite end", "0-1e400", direction{}, false},
		{"empty", "", direction{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseDirection(tc.in)
			if got != tc.want || ok != tc.ok || math.Signbit(got.azimuth) {
				t.Errorf("parseDirection(%q) = %+v, %v, want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
