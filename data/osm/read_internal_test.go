package osm

import (
	"math"
	"slices"
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
		{"range of abbreviations", "n-e", direction{azimuth: 45, arc: 90}, true},
		{"a word cut in two", "nor-th", direction{}, false},
		{"a separator alone", "-", direction{}, false},
		{"word", "up", direction{}, false},
		{"range without an end", "90-", direction{}, false},
		{"range of words", "abc-def", direction{}, false},
		{"range of compass points", "N-S", direction{azimuth: 90, arc: 180}, true},
		{"range of compass points in words", "north - south", direction{azimuth: 90, arc: 180}, true},
		{"degree sign", " 180° ", direction{azimuth: 180}, true},
		{"range with degree signs", "90°-270°", direction{azimuth: 180, arc: 180}, true},
		{"Chinese compass point", "西南", direction{azimuth: 225}, true},
		{"Chinese due east", "正东", direction{azimuth: 90}, true},
		{"two words that are no compass point", "north east south", direction{}, false},
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

// TestParseDirections checks how a direction tag's value splits into the entries that
// become one camera each.
func TestParseDirections(t *testing.T) {
	u := direction{unknown: true}
	cases := []struct {
		name string
		in   string
		want []direction
		odd  []string
	}{
		{"one", "90", []direction{{azimuth: 90}}, nil},
		{"semicolons", "90;160;270", []direction{{azimuth: 90}, {azimuth: 160}, {azimuth: 270}}, nil},
		{"commas and spaces", "180, 270", []direction{{azimuth: 180}, {azimuth: 270}}, nil},
		{"spaces", "90  270", []direction{{azimuth: 90}, {azimuth: 270}}, nil},
		{"words with a space are one compass point", "south west", []direction{{azimuth: 225}}, nil},
		{"a range with spaces is one range", "10 - 130", []direction{{azimuth: 70, arc: 120}}, nil},
		{"Chinese separators", "北；东，南、西", []direction{{azimuth: 0}, {azimuth: 90}, {azimuth: 180}, {azimuth: 270}}, nil},
		{"empty entries are nothing", ";90;;", []direction{{azimuth: 90}}, nil},
		{"an entry that is no direction", "90; up", []direction{{azimuth: 90}, u}, []string{"up"}},
		{"words of which one is no direction", "90 up", []direction{u}, []string{"90 up"}},
		{"not available", "N/A", []direction{u}, []string{"N/A"}},
		{"separators alone", " ; ,", []direction{u}, []string{" ; ,"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, odd := parseDirections(tc.in)
			if !slices.Equal(got, tc.want) || !slices.Equal(odd, tc.odd) {
				t.Errorf("parseDirections(%q) = %+v, %q, want %+v, %q", tc.in, got, odd, tc.want, tc.odd)
			}
		})
	}
}
