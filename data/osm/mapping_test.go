package osm_test

import (
	"slices"
	"testing"

	"cctvgis/data/osm"
)

// mapped returns what a read with opt makes of one closed way with tags: "site C",
// "road C", "space K" and "occluder", sorted.
func mapped(t *testing.T, opt osm.Options, tags ...string) []string {
	t.Helper()
	corners, ring := osmSquare(10)
	l, _ := readOSMWith(t, opt, corners, osmWay(20, ring, tags...))
	var got []string
	for _, s := range l.Sites {
		got = append(got, "site "+s.Category)
	}
	for _, r := range l.Roads {
		got = append(got, "road "+r.Class)
	}
	for _, p := range l.PrivateSpaces {
		got = append(got, "space "+p.Space)
	}
	if len(l.Occluders) > 0 {
		got = append(got, "occluder")
	}
	slices.Sort(got)
	return got
}

// The default mapping, decoded from mapping.yaml, maps the tag sets of real data as the
// README's "OpenStreetMap mapping" says.
func TestDefaultMappingMapsRealTags(t *testing.T) {
	cases := []struct {
		name string
		tags []string
		want []string
	}{
		{"school", []string{"amenity=school", "name=Primarschule Vaduz"}, []string{"site education"}},
		{"kindergarten", []string{"amenity=kindergarten"}, []string{"site education"}},
		{"college", []string{"amenity=college"}, []string{"site education"}},
		{"hospital building", []string{"amenity=hospital", "building=hospital"}, []string{"occluder", "site medical"}},
		{"clinic", []string{"amenity=clinic"}, []string{"site medical"}},
		{"bank", []string{"amenity=bank", "name=LGT"}, []string{"site financial"}},
		{"bus stop", []string{"highway=bus_stop", "public_transport=platform"}, []string{"site bus_stop"}},
		{"rail station", []string{"railway=station", "public_transport=station"}, []string{"site rail_station"}},
		{"metro station", []string{"railway=station", "subway=yes"}, []string{"site metro_station"}},
		{"hotel", []string{"tourism=hotel", "building=yes"}, []string{"occluder", "site hotel"}},
		{"B&B as a guest house", []string{"tourism=guest_house", "name=民宿"}, []string{"site hotel"}},
		{"hostel", []string{"tourism=hostel"}, []string{"site hotel"}},
		{"ferry terminal", []string{"amenity=ferry_terminal"}, []string{"site port"}},
		{"parking", []string{"amenity=parking", "parking=surface"}, []string{"site parking"}},
		{"traffic signals", []string{"highway=traffic_signals"}, []string{"site intersection"}},
		{"bridge", []string{"man_made=bridge"}, []string{"site bridge"}},
		{"bridge for people on foot", []string{"man_made=bridge", "foot=yes"}, []string{"site footbridge"}},
		{"bridge designated for people on foot", []string{"man_made=bridge", "foot=designated"}, []string{"site footbridge"}},
		{"footway on a bridge", []string{"highway=footway", "bridge=yes"}, []string{"site footbridge"}},
		{"footway in a tunnel", []string{"highway=footway", "tunnel=yes"}, []string{"site underpass"}},
		{"footway", []string{"highway=footway"}, nil},
		{"motorway", []string{"highway=motorway", "ref=A13"}, []string{"road expressway"}},
		{"trunk", []string{"highway=trunk"}, []string{"road expressway"}},
		{"primary", []string{"highway=primary"}, []string{"road arterial_road"}},
		{"secondary", []string{"highway=secondary"}, []string{"road arterial_road"}},
		{"tertiary", []string{"highway=tertiary"}, []string{"road urban_road"}},
		{"unclassified", []string{"highway=unclassified"}, []string{"road urban_road"}},
		{"residential street", []string{"highway=residential", "name=Äulestrasse"}, []string{"road urban_road"}},
		{"service road", []string{"highway=service"}, nil},
		{"dormitory", []string{"building=dormitory"}, []string{"occluder", "space dormitory"}},
		{"toilets", []string{"amenity=toilets"}, []string{"space toilet"}},
		{"public bath", []string{"amenity=public_bath"}, []string{"space bath"}},
		{"sauna", []string{"leisure=sauna"}, []string{"space bath"}},
		{"building", []string{"building=yes", "building:levels=3"}, []string{"occluder"}},
		{"building=no", []string{"building=no"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := mapped(t, osm.Options{}, tc.tags...); !slices.Equal(got, tc.want) {
				t.Errorf("%q maps to %q, want %q", tc.tags, got, tc.want)
			}
		})
	}
}
