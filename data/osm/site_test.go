package osm_test

import (
	"context"
	"errors"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cctvgis/data/osm"
	"cctvgis/planner/coverage"

	"github.com/paulmach/orb"
)

// readFixture reads a cut of the Liechtenstein extract in testdata/liechtenstein with opt,
// and checks that every feature read passes Layers.Check.
func readFixture(t *testing.T, name string, opt osm.Options) (*coverage.Layers, osm.Stats) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "liechtenstein", name))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	var l coverage.Layers
	stats, err := osm.Read(context.Background(), f, osm.OSMXML, opt, &l)
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	checkLayers(t, &l)
	return &l, stats
}

// siteIDs returns "id category" of each site.
func siteIDs(l *coverage.Layers) []string {
	var out []string
	for _, s := range l.Sites {
		out = append(out, s.ID+" "+s.Category)
	}
	return out
}

// Schloss Vaduz is a building multipolygon with two courtyards: an occluder with both
// holes, and a site with them when a mapping takes castles; with its outer ring broken it
// is skipped and named, never drawn half.
func TestReadOSMMultipolygonSchlossVaduz(t *testing.T) {
	castles := osm.DefaultMapping()
	castles.Categories = append([]osm.TagRule{{Key: "historic", Value: "castle", Category: "heritage_site"}}, castles.Categories...)
	tests := []struct {
		name      string
		file      string
		mapping   *osm.Mapping
		sites     []string
		occluders int
		skipped   map[string][]string
	}{
		{"a building", "schloss-vaduz.osm", nil, nil, 1, map[string][]string{}},
		{"a castle when the mapping takes castles", "schloss-vaduz.osm", castles, []string{"osm:r52 heritage_site"}, 1, map[string][]string{}},
		{"an outer ring that does not close", "schloss-vaduz-broken.osm", castles, nil, 0,
			map[string][]string{"multipolygon whose rings do not close": {"relation/52"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, stats := readFixture(t, tt.file, osm.Options{Mapping: tt.mapping})
			if got := siteIDs(l); !slices.Equal(got, tt.sites) {
				t.Errorf("sites %q, want %q", got, tt.sites)
			}
			if len(l.Occluders) != tt.occluders {
				t.Fatalf("%d occluders, want %d", len(l.Occluders), tt.occluders)
			}
			if !maps.EqualFunc(stats.Examples, tt.skipped, slices.Equal) {
				t.Errorf("skipped %v, want %v", stats.Examples, tt.skipped)
			}
			var geoms []orb.Geometry
			for _, s := range l.Sites {
				geoms = append(geoms, s.Geometry)
			}
			for _, o := range l.Occluders {
				if o.ID != "osm:r52" {
					t.Errorf("occluder id %q, want osm:r52", o.ID)
				}
				geoms = append(geoms, o.Geometry)
			}
			for _, g := range geoms {
				p, ok := g.(orb.Polygon)
				if !ok || len(p) != 3 {
					t.Errorf("geometry %T with %d rings, want a Polygon with its shell and 2 courtyards", g, len(p))
				}
			}
			if len(l.Sites) == 1 && l.Sites[0].Name != "Schloss Vaduz" {
				t.Errorf("name %q", l.Sites[0].Name)
			}
		})
	}
}

// Multipolygons drawn by hand: two outer rings make a MultiPolygon; an outer ring split
// over two ways is joined; an inner ring outside the outer one is skipped; a member way
// not in the file is skipped as clipped.
func TestReadOSMMultipolygonRings(t *testing.T) {
	a, aRing := osmSquare(10)
	b := osmNode(20, 9.530, 47.140) + osmNode(21, 9.531, 47.140) + osmNode(22, 9.531, 47.141) + osmNode(23, 9.530, 47.141)
	relation := func(members string) string {
		return `<relation id="1">` + members + osmTags([]string{"type=multipolygon", "amenity=school", "name=Campus"}) + `</relation>`
	}
	member := func(way int, role string) string {
		return `<member type="way" ref="` + strconv.Itoa(way) + `" role="` + role + `"/>`
	}
	tests := []struct {
		name     string
		elements []string
		want     string // the geometry type of the site, "" for none
		skipped  string
	}{
		{"two outer rings", []string{a, b, osmWay(100, aRing), osmWay(101, []int{20, 21, 22, 23, 20}),
			relation(member(100, "outer") + member(101, "outer"))}, "MultiPolygon", ""},
		{"an outer ring over two ways", []string{a, osmWay(100, []int{10, 11, 12}), osmWay(101, []int{10, 13, 12}),
			relation(member(100, "outer") + member(101, ""))}, "Polygon", ""},
		{"an inner ring outside", []string{a, b, osmWay(100, aRing), osmWay(101, []int{20, 21, 22, 23, 20}),
			relation(member(100, "outer") + member(101, "inner"))}, "", "multipolygon with an inner ring in no outer ring"},
		{"a member way not in the file", []string{a, osmWay(100, aRing),
			relation(member(100, "outer") + member(999, "inner"))}, "", "multipolygon with ways missing from the file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, stats := readOSMXML(t, tt.elements...)
			got := ""
			if len(l.Sites) == 1 {
				got = l.Sites[0].Geometry.GeoJSONType()
			}
			if got != tt.want || len(l.Sites) > 1 {
				t.Errorf("sites %+v, want one %s", l.Sites, tt.want)
			}
			if tt.skipped != "" && stats.Skipped[tt.skipped] != 1 {
				t.Errorf("skipped %v, want %q", stats.Skipped, tt.skipped)
			}
		})
	}
}

// Bus stops mapped more than once (Bendern Widagass four times, two pairs at the same spot
// 14 m apart; Abzw. Badäl-Schlatt twice, 14 m apart) are one stop each, whose key points
// are all its positions; the merged nodes are named.
func TestReadOSMNearDuplicateBusStops(t *testing.T) {
	tests := []struct {
		name      string
		distance  float64
		sites     []string
		keyPoints map[string]int
		merged    int
	}{
		{"merged within 30 m", 0, []string{"osm:n22436 bus_stop", "osm:n22517 bus_stop"},
			map[string]int{"osm:n22436": 4, "osm:n22517": 2}, 4},
		{"merged at the same spot only", 1, []string{"osm:n22436 bus_stop", "osm:n22517 bus_stop", "osm:n23528 bus_stop", "osm:n36699 bus_stop"},
			map[string]int{"osm:n22436": 2, "osm:n23528": 2}, 2},
		{"never merged", -1, []string{"osm:n22436 bus_stop", "osm:n22517 bus_stop", "osm:n23528 bus_stop", "osm:n36699 bus_stop", "osm:n56077 bus_stop", "osm:n56078 bus_stop"},
			map[string]int{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, stats := readFixture(t, "bus-stops.osm", osm.Options{DuplicateDistance: tt.distance})
			if got := siteIDs(l); !slices.Equal(got, tt.sites) {
				t.Errorf("sites %q, want %q", got, tt.sites)
			}
			keyPoints := map[string]int{}
			for _, e := range l.Entrances {
				if e.Kind != "merged" {
					t.Errorf("entrance %+v, want kind merged", e)
				}
				keyPoints[e.SiteID]++
			}
			if !maps.Equal(keyPoints, tt.keyPoints) {
				t.Errorf("key points per site %v, want %v", keyPoints, tt.keyPoints)
			}
			const reason = "near-duplicate site, merged into another"
			if stats.Skipped[reason] != tt.merged {
				t.Errorf("merged %d (%v), want %d", stats.Skipped[reason], stats.Examples[reason], tt.merged)
			}
			if tt.merged > 0 && stats.Examples[reason][0] != "node/23528 into osm:n22436" && tt.distance == 0 {
				t.Errorf("examples %q, want node/23528 into osm:n22436 first", stats.Examples[reason])
			}
		})
	}
}

// The mappings real data needs, on real nodes and ways where the extract has them: a
// guest house and two youth hostels are hotels (旅馆), the two hostels 4 m apart under
// different names stay two sites; traffic signals are intersections; a footway on a bridge
// is a footbridge (人行天桥) whose ends are its key points.
func TestReadOSMRealMappings(t *testing.T) {
	l, _ := readFixture(t, "lodging-signals.osm", osm.Options{})
	want := []string{"osm:n237 intersection", "osm:n11288 hotel", "osm:n24184 hotel", "osm:n58088 intersection", "osm:n58238 hotel"}
	if got := siteIDs(l); !slices.Equal(got, want) {
		t.Errorf("sites %q, want %q", got, want)
	}
	l, _ = readFixture(t, "footbridge.osm", osm.Options{})
	if got := siteIDs(l); !slices.Equal(got, []string{"osm:w458 footbridge"}) {
		t.Fatalf("sites %q, want the footbridge", got)
	}
	mid := orb.Point{(9.5132048 + 9.5133611) / 2, (47.1443954 + 47.1444719) / 2}
	if p, ok := l.Sites[0].Geometry.(orb.Point); !ok || math.Abs(p[0]-mid[0]) > 1e-9 || math.Abs(p[1]-mid[1]) > 1e-9 {
		t.Errorf("footbridge at %v, want its middle %v", l.Sites[0].Geometry, mid)
	}
	ends := []coverage.Entrance{
		{SiteID: "osm:w458", Pos: orb.Point{9.5132048, 47.1443954}, Kind: "end"},
		{SiteID: "osm:w458", Pos: orb.Point{9.5133611, 47.1444719}, Kind: "end"},
	}
	if !slices.Equal(l.Entrances, ends) {
		t.Errorf("entrances %+v, want its two ends %+v", l.Entrances, ends)
	}
}

// What the Liechtenstein extract lacks, drawn by hand near Vaduz with the tags real data
// uses: a ferry terminal (港口/码头), a footway in a tunnel (地下人行通道), subway entrances
// near and far from their station, unnamed traffic signals on two approaches of one
// junction, and buildings with and without heights.
func TestReadOSMHandDrawnMappings(t *testing.T) {
	station, stationRing := osmSquare(10) // about 75 m by 110 m
	l, stats := readOSMXML(t,
		osmNode(1, 9.50, 47.10, "amenity=ferry_terminal", "name=Fähre"),
		osmNode(2, 9.51, 47.10), osmNode(3, 9.5103, 47.1001),
		osmWay(30, []int{2, 3}, "highway=footway", "tunnel=yes", "layer=-1"),
		station, osmWay(40, stationRing, "railway=station", "subway=yes", "name=Metro"),
		osmNode(4, 9.5215, 47.1405, "railway=subway_entrance"), // about 40 m east of the station
		osmNode(5, 9.5300, 47.1405, "railway=subway_entrance"), // about 680 m east
		osmNode(6, 9.54, 47.12, "highway=traffic_signals"),
		osmNode(7, 9.5401, 47.1201, "highway=traffic_signals"), // 13 m away
		osmNode(8, 9.56, 47.12, "highway=traffic_signals"),
	)
	wantSites := []string{"osm:n1 port", "osm:n6 intersection", "osm:n8 intersection", "osm:w30 underpass", "osm:w40 metro_station"}
	if got := siteIDs(l); !slices.Equal(got, wantSites) {
		t.Errorf("sites %q, want %q", got, wantSites)
	}
	var entrances []string
	for _, e := range l.Entrances {
		entrances = append(entrances, e.SiteID+" "+e.Kind)
	}
	wantEntrances := []string{"osm:w30 end", "osm:w30 end", "osm:n6 merged", "osm:n6 merged", "osm:w40 subway_entrance"}
	if !slices.Equal(entrances, wantEntrances) {
		t.Errorf("entrances %q, want %q", entrances, wantEntrances)
	}
	if got := stats.Examples["station entrance near no station"]; !slices.Equal(got, []string{"node/5"}) {
		t.Errorf("stations skipped %q, want node/5", got)
	}
}

func TestReadOSMBuildingHeights(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		want float64 // -1 for no occluder
	}{
		{"height", []string{"building=yes", "height=12"}, 12},
		{"height in metres", []string{"building=apartments", "height=24.5 m", "building:levels=3"}, 24.5},
		{"levels", []string{"building=residential", "building:levels=6"}, 18},
		{"levels when the height is unreadable", []string{"building=yes", "height=tall", "building:levels=2"}, 6},
		{"unknown", []string{"building=yes"}, 0},
		{"building=no", []string{"building=no", "amenity=parking"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			corners, ring := osmSquare(10)
			l, _ := readOSMXML(t, corners, osmWay(20, ring, tt.tags...))
			switch {
			case tt.want < 0 && len(l.Occluders) != 0:
				t.Errorf("occluders %+v, want none", l.Occluders)
			case tt.want >= 0 && (len(l.Occluders) != 1 || l.Occluders[0].Height != tt.want || l.Occluders[0].ID != "osm:w20"):
				t.Errorf("occluders %+v, want osm:w20 of height %v", l.Occluders, tt.want)
			}
		})
	}
	// Another storey height.
	corners, ring := osmSquare(10)
	l, _ := readOSMWith(t, osm.Options{StoreyHeight: 3.5}, corners, osmWay(20, ring, "building=yes", "building:levels=4"))
	if len(l.Occluders) != 1 || l.Occluders[0].Height != 14 {
		t.Errorf("occluders %+v, want one 14 m high", l.Occluders)
	}
}

func TestReadOSMInvalidSiteOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  osm.Options
	}{
		{"negative storey height", osm.Options{StoreyHeight: -3}},
		{"infinite station radius", osm.Options{StationEntranceRadius: math.Inf(1)}},
		{"duplicate distance not a number", osm.Options{DuplicateDistance: math.NaN()}},
		{"an empty occluder key", osm.Options{Mapping: &osm.Mapping{OccluderKeys: []string{""}}}},
		{"a passage without a category", osm.Options{Mapping: &osm.Mapping{Passages: []osm.TagRule{{Key: "highway", Value: "footway"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l coverage.Layers
			_, err := osm.Read(context.Background(), strings.NewReader(`<osm></osm>`), osm.OSMXML, tt.opt, &l)
			if !errors.Is(err, osm.ErrInvalidOSMOptions) {
				t.Errorf("error = %v, want ErrInvalidOSMOptions", err)
			}
		})
	}
}
