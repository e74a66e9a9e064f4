// Package storetest is the conformance suite that every coverage.LayerStore (Run), every
// auth.Store (RunAccounts), every inspect.Store (RunInspections), every
// plan.Store (RunPlans) and every coverage.VersionStore (RunVersion) passes: the
// embedded store and the PostGIS store run the same subtests, through the interface only.
// Only tests import it.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cctvgis/data/samplecity"
	"cctvgis/geo"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"

	"github.com/paulmach/orb"
)

// The tolerances of a comparison: stores may keep numbers and coordinates as double
// precision values that are not bit-exact after a round trip through text or a geometry
// library.
const (
	// coordTolerance is the largest difference between two coordinates, in degrees.
	coordTolerance = 1e-9
	// relTolerance is the largest difference between two other numbers, relative to the
	// larger.
	relTolerance = 1e-9
)

// maxDiffs is how many differences of one layer a comparison reports.
const maxDiffs = 10

// Run runs the conformance suite against a store. open returns a new, empty store for one
// subtest (the suite calls it once per subtest; each must be independent).
func Run(t *testing.T, open func(t *testing.T) coverage.LayerStore) {
	t.Helper()
	cases := []struct {
		name string
		run  func(t *testing.T, s coverage.LayerStore)
	}{
		{"round trip", testRoundTrip},
		{"put is idempotent", testIdempotent},
		{"upsert replaces by id", testUpsert},
		{"entrances are replaced per site", testEntrancesReplaced},
		{"invalid input writes nothing", testInvalid},
		{"district query", testDistrictQuery},
		{"unknown district", testUnknownDistrict},
		{"some layers", testSomeLayers},
		{"cancelled context", testCancelled},
		{"empty store reads empty", testEmpty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
	}
}

// city returns the generated city the suite puts, with ids assigned. Its second site has
// three more entrances at the end of the layer, so that a store must keep a site's
// entrances together and in order beyond two.
func city(t *testing.T) *coverage.Layers {
	t.Helper()
	l, err := samplecity.Generate(context.Background(), samplecity.Options{Seed: testenv.Seed(t), Cameras: 2000, Sites: 800, Occluders: true})
	if err != nil {
		t.Fatal(err)
	}
	l.AssignIDs()
	site, at := l.Sites[1].ID, l.Sites[1].Geometry.Bound().Center()
	for k, kind := range []string{"key_part", "passage", "main"} {
		l.Entrances = append(l.Entrances, coverage.Entrance{SiteID: site, Pos: orb.Point{at[0] + float64(k)*1e-5, at[1]}, Kind: kind})
	}
	// A tunnel and a bridge, so that levels round-trip.
	l.Roads[0].Level, l.Roads[1].Level = -1, 1
	// Cameras in the states OpenStreetMap leaves open, so that they round-trip: an unknown
	// direction and investment, an indoor camera on a ceiling underground.
	c := &l.Cameras[0]
	c.Direction, c.Investment, c.HFOV, c.Azimuth = coverage.DirectionUnknown, coverage.InvestmentUnknown, 360, 0
	c = &l.Cameras[1]
	c.Surveillance, c.Mount, c.Level = "indoor", "ceiling", -2
	l.Cameras[2].Surveillance, l.Cameras[2].Level = "public", 1
	return l
}

// clone returns a copy of l whose features can be changed without changing l's.
// Geometries are shared.
func clone(l *coverage.Layers) *coverage.Layers {
	return &coverage.Layers{
		Sites:         slices.Clone(l.Sites),
		Entrances:     slices.Clone(l.Entrances),
		Cameras:       slices.Clone(l.Cameras),
		Roads:         slices.Clone(l.Roads),
		Occluders:     slices.Clone(l.Occluders),
		PrivateSpaces: slices.Clone(l.PrivateSpaces),
		Districts:     slices.Clone(l.Districts),
	}
}

var layerNames = []string{
	coverage.LayerSites, coverage.LayerEntrances, coverage.LayerCameras, coverage.LayerRoads,
	coverage.LayerOccluders, coverage.LayerPrivateSpaces, coverage.LayerDistricts,
}

// put puts l and checks that the store reports writing every feature.
func put(t *testing.T, s coverage.LayerStore, l *coverage.Layers) map[string]int {
	t.Helper()
	counts, err := s.PutLayers(t.Context(), l)
	if err != nil {
		t.Fatalf("putting layers: %v", err)
	}
	for _, name := range layerNames {
		if counts[name] != l.Len(name) {
			t.Errorf("put reported %d %s written, want %d", counts[name], name, l.Len(name))
		}
	}
	return counts
}

// read reads the features q selects.
func read(t *testing.T, s coverage.LayerStore, q coverage.LayerQuery) *coverage.Layers {
	t.Helper()
	got := &coverage.Layers{}
	if err := s.ReadLayers(t.Context(), q, got); err != nil {
		t.Fatalf("reading layers (%+v): %v", q, err)
	}
	return got
}

func testRoundTrip(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	want := city(t)
	put(t, s, want)
	EqualLayers(t, read(t, s, coverage.LayerQuery{}), want)
}

func testIdempotent(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	want := city(t)
	first := put(t, s, want)
	second := put(t, s, want)
	for _, name := range layerNames {
		if first[name] != second[name] {
			t.Errorf("second put wrote %d %s, first %d", second[name], name, first[name])
		}
	}
	EqualLayers(t, read(t, s, coverage.LayerQuery{}), want)
}

func testUpsert(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	base := city(t)
	put(t, s, base)
	want := clone(base)
	cam, site := &want.Cameras[5], &want.Sites[7]
	cam.Azimuth = math.Mod(cam.Azimuth+90.5, 360)
	cam.Owner = "changed-owner"
	site.Category = "museum"
	if base.Sites[7].Category == site.Category {
		site.Category = "hotel"
	}
	put(t, s, &coverage.Layers{Cameras: []coverage.Camera{*cam}, Sites: []coverage.Site{*site}})
	EqualLayers(t, read(t, s, coverage.LayerQuery{}), want)
}

func testEntrancesReplaced(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	base := city(t)
	site := base.Sites[0]
	if n := countEntrances(base, site.ID); n != 2 {
		t.Fatalf("the generated site %s has %d entrances, the test needs 2", site.ID, n)
	}
	put(t, s, base)
	at := base.Entrances[0].Pos
	moved := coverage.Entrance{SiteID: site.ID, Pos: orb.Point{at[0] + 1e-4, at[1]}, Kind: "passage"}
	put(t, s, &coverage.Layers{Sites: []coverage.Site{site}, Entrances: []coverage.Entrance{moved}})
	ofSite := func(e coverage.Entrance) bool { return e.SiteID == site.ID }
	want := clone(base)
	want.Entrances = append(slices.DeleteFunc(want.Entrances, ofSite), moved)
	got := read(t, s, coverage.LayerQuery{})
	if n := countEntrances(got, site.ID); n != 1 {
		t.Errorf("site %s has %d entrances after putting 1, want 1", site.ID, n)
	}
	EqualLayers(t, got, want)

	// The entrances of a stored site may come without it.
	again := []coverage.Entrance{
		{SiteID: site.ID, Pos: orb.Point{at[0], at[1] + 1e-4}, Kind: "main"},
		{SiteID: site.ID, Pos: orb.Point{at[0], at[1] + 2e-4}, Kind: "side"},
	}
	put(t, s, &coverage.Layers{Entrances: again})
	want.Entrances = append(slices.DeleteFunc(want.Entrances, ofSite), again...)
	EqualLayers(t, read(t, s, coverage.LayerQuery{}), want)
}

func countEntrances(l *coverage.Layers, site string) int {
	n := 0
	for _, e := range l.Entrances {
		if e.SiteID == site {
			n++
		}
	}
	return n
}

func testInvalid(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	base := city(t)
	put(t, s, base)
	cases := []struct {
		name  string
		spoil func(l *coverage.Layers)
		// want is what the error must say besides wrapping rulebook.ErrInvalid, when the
		// case sets it from base.
		want func(base *coverage.Layers) []string
	}{
		{"camera azimuth 400", func(l *coverage.Layers) { l.Cameras[len(l.Cameras)-1].Azimuth = 400 }, nil},
		// Issue 9, defect 4: one such camera made every later analysis of the store fail.
		{"camera range 1e9", func(l *coverage.Layers) { l.Cameras[len(l.Cameras)-1].Range = 1e9 },
			func(base *coverage.Layers) []string {
				return []string{coverage.LayerCameras, `"cam-new"`, "range", "beyond 2000 m"}
			}},
		// Issue 9, defect 5: PostGIS refused a bow-tie by ST_IsValid, the embedded store kept it.
		{"bow-tie site", func(l *coverage.Layers) {
			c := l.Sites[0].Geometry.Bound().Center()
			l.Sites[0].Geometry = orb.Polygon{{c, {c[0] + 1e-3, c[1] + 1e-3}, {c[0] + 1e-3, c[1]}, {c[0], c[1] + 1e-3}, c}}
		}, func(base *coverage.Layers) []string {
			c := base.Sites[0].Geometry.Bound().Center()
			return []string{coverage.LayerSites, strconv.Quote(base.Sites[0].ID), "geometry",
				fmt.Sprintf("self-intersection at lon %.6f, lat %.6f", c[0]+5e-4, c[1]+5e-4)}
		}},
		{"unknown site category", func(l *coverage.Layers) { l.Sites[len(l.Sites)-1].Category = "no_such_category" }, nil},
		{"entrance of a site neither put nor stored", func(l *coverage.Layers) {
			l.Entrances = append(l.Entrances, coverage.Entrance{SiteID: "no-such-site", Pos: l.Entrances[0].Pos, Kind: "main"})
		}, nil},
		{"duplicate occluder id", func(l *coverage.Layers) { l.Occluders[3].ID = l.Occluders[2].ID },
			func(base *coverage.Layers) []string {
				return []string{coverage.LayerOccluders, strconv.Quote(base.Occluders[2].ID), "duplicate"}
			}},
		{"duplicate district name", func(l *coverage.Layers) { l.Districts[1].Name = l.Districts[0].Name },
			func(base *coverage.Layers) []string {
				return []string{coverage.LayerDistricts, strconv.Quote(base.Districts[0].Name), "duplicate"}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := clone(base)
			// Changes that a partial write would let through.
			bad.Cameras[0].Owner = "should-not-be-written"
			bad.Cameras = append(bad.Cameras, coverage.Camera{ID: "cam-new", Pos: base.Cameras[0].Pos,
				Azimuth: 10, HFOV: 90, Range: 30, Owner: "o", Investment: coverage.Private})
			c.spoil(bad)
			_, err := s.PutLayers(t.Context(), bad)
			if !errors.Is(err, rulebook.ErrInvalid) {
				t.Fatalf("putting invalid layers: error %v, want one wrapping rulebook.ErrInvalid", err)
			}
			if c.want != nil {
				for _, w := range c.want(base) {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %s", err, w)
					}
				}
			}
			EqualLayers(t, read(t, s, coverage.LayerQuery{}), base)
		})
	}
}

func testDistrictQuery(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	all := twoDistricts()
	put(t, s, all)
	cases := []struct {
		district string
		// the ids of the features kept, by layer; entrances by site id
		want map[string][]string
	}{
		{"广陵区", map[string][]string{
			coverage.LayerSites:         {"w-point", "w-poly", "straddle", "long", "around"},
			coverage.LayerEntrances:     {"w-point", "w-poly", "straddle", "long", "around"},
			coverage.LayerCameras:       {"w-in", "w-near", "w-edge-out", "e-near", "e-long-range"},
			coverage.LayerRoads:         {"w-road", "cross-road"},
			coverage.LayerOccluders:     {"w-bldg"},
			coverage.LayerPrivateSpaces: {"w-room"},
			coverage.LayerDistricts:     {"广陵区"},
		}},
		{"邗江区", map[string][]string{
			coverage.LayerSites:         {"e-point", "e-poly", "straddle", "long", "around"},
			coverage.LayerEntrances:     {"e-point", "e-poly", "straddle", "long", "around"},
			coverage.LayerCameras:       {"e-in", "e-near", "e-long-range", "w-near"},
			coverage.LayerRoads:         {"e-road", "cross-road"},
			coverage.LayerOccluders:     {"e-bldg"},
			coverage.LayerPrivateSpaces: {"e-room"},
			coverage.LayerDistricts:     {"邗江区"},
		}},
	}
	for _, c := range cases {
		t.Run(c.district, func(t *testing.T) {
			got := read(t, s, coverage.LayerQuery{District: c.district})
			EqualLayers(t, got, only(all, c.want))
		})
	}
}

// A query of some layers reads those alone, of the district asked for when one is;
// entrances come only with their sites.
func testSomeLayers(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	all := twoDistricts()
	put(t, s, all)
	names := func(l *coverage.Layers) []string {
		var ids []string
		for _, d := range l.Districts {
			ids = append(ids, d.Name)
		}
		return ids
	}
	got := read(t, s, coverage.LayerQuery{Layers: []string{coverage.LayerDistricts, coverage.LayerEntrances}})
	EqualLayers(t, got, &coverage.Layers{Districts: all.Districts})
	got = read(t, s, coverage.LayerQuery{District: "邗江区", Layers: []string{coverage.LayerDistricts}})
	if n := names(got); !slices.Equal(n, []string{"邗江区"}) || len(got.Cameras) != 0 {
		t.Errorf("district query of the districts layer read districts %v and %d cameras", n, len(got.Cameras))
	}
	got = read(t, s, coverage.LayerQuery{Layers: []string{coverage.LayerSites, coverage.LayerEntrances}})
	EqualLayers(t, got, &coverage.Layers{Sites: all.Sites, Entrances: all.Entrances})
}

// twoDistricts returns a small hand-made city of two districts side by side, 1 km × 1 km
// each, whose features lie clearly in one, the other, both or neither.
func twoDistricts() *coverage.Layers {
	proj := geo.NewProjection(samplecity.YangzhouCentre())
	pt := func(x, y float64) orb.Point { return proj.Inverse(orb.Point{x, y}) }
	rect := func(x0, y0, x1, y1 float64) orb.Polygon {
		return orb.Polygon{{pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)}}
	}
	line := func(x0, y0, x1, y1 float64) orb.LineString { return orb.LineString{pt(x0, y0), pt(x1, y1)} }
	camera := func(id string, x, y, azimuth, rng float64) coverage.Camera {
		return coverage.Camera{ID: id, Pos: pt(x, y), Azimuth: azimuth, HFOV: 90, Range: rng, Owner: "owner-" + id,
			Investment: coverage.Private, Height: 4, Status: "online"}
	}
	l := &coverage.Layers{
		Districts: []coverage.District{
			{Name: "广陵区", Geometry: rect(-1000, -500, 0, 500)},
			{Name: "邗江区", Geometry: rect(0, -500, 1000, 500)},
		},
		Sites: []coverage.Site{
			{ID: "w-point", Category: "hotel", Name: "west point", District: "广陵区", Geometry: pt(-500, 0)},
			{ID: "w-poly", Category: "education", Name: "west polygon", District: "广陵区", Geometry: rect(-320, 180, -280, 220)},
			{ID: "e-point", Category: "hotel", Name: "east point", District: "邗江区", Geometry: pt(500, 0)},
			{ID: "e-poly", Category: "education", Name: "east polygon", District: "邗江区", Geometry: rect(280, -220, 320, -180)},
			// Across the shared boundary.
			{ID: "straddle", Category: "market", Name: "straddling", Geometry: rect(-20, 0, 20, 40)},
			// No vertex in the west district, but edges crossing it.
			{ID: "long", Category: "commercial_street", Name: "long street", Geometry: rect(-1100, 100, 100, 110)},
			// Holds both districts whole: no vertex inside either, no edge crossing.
			{ID: "around", Category: "scenic_area", Name: "scenic area", Geometry: rect(-2000, -1000, 2000, 1000)},
			{ID: "outside", Category: "hotel", Name: "outside", Geometry: pt(2500, 0)},
		},
		Cameras: []coverage.Camera{
			camera("w-in", -500, 20, 180, 50),
			// In the west, 20 m from the east.
			camera("w-near", -20, 300, 270, 50),
			// 30 m outside the west's outer edge, facing away.
			camera("w-edge-out", -1030, 0, 270, 50),
			// 500 m outside the west.
			camera("w-far-out", -1500, 0, 90, 50),
			camera("e-in", 500, 20, 0, 50),
			// In the east, 30 m from the west.
			camera("e-near", 30, -250, 90, 50),
			// In the east, 400 m from the west, reaching 500 m.
			camera("e-long-range", 400, 0, 45, 500),
		},
		Roads: []coverage.Road{
			{ID: "w-road", Class: "urban_road", Name: "west road", Geometry: line(-900, -300, -100, -300)},
			{ID: "e-road", Class: "urban_road", Name: "east road", Geometry: line(100, 300, 900, 300)},
			{ID: "cross-road", Class: "arterial_road", Name: "cross road", Geometry: line(-600, -100, 600, -100)},
			{ID: "outside-road", Class: "village_road", Name: "outside road", Geometry: line(1200, -400, 1200, 400)},
		},
		Occluders: []coverage.Occluder{
			{ID: "w-bldg", Geometry: rect(-700, -200, -680, -180), Height: 12},
			{ID: "e-bldg", Geometry: rect(680, 180, 700, 200), Height: 30},
		},
		PrivateSpaces: []coverage.PrivateSpace{
			{ID: "w-room", Space: "hotel_room", Geometry: rect(-505, -5, -495, 5)},
			{ID: "e-room", Space: "dormitory", Geometry: rect(495, -5, 505, 5)},
		},
	}
	for _, s := range l.Sites {
		c := s.Geometry.Bound().Center()
		l.Entrances = append(l.Entrances,
			coverage.Entrance{SiteID: s.ID, Pos: c, Kind: "main"},
			coverage.Entrance{SiteID: s.ID, Pos: orb.Point{c[0], c[1] + 1e-5}, Kind: "side"})
	}
	return l
}

// only returns the features of l whose ids (entrances: site ids) are listed by layer.
func only(l *coverage.Layers, ids map[string][]string) *coverage.Layers {
	in := func(layer, id string) bool { return slices.Contains(ids[layer], id) }
	return &coverage.Layers{
		Sites:         filter(l.Sites, func(s coverage.Site) bool { return in(coverage.LayerSites, s.ID) }),
		Entrances:     filter(l.Entrances, func(e coverage.Entrance) bool { return in(coverage.LayerEntrances, e.SiteID) }),
		Cameras:       filter(l.Cameras, func(c coverage.Camera) bool { return in(coverage.LayerCameras, c.ID) }),
		Roads:         filter(l.Roads, func(r coverage.Road) bool { return in(coverage.LayerRoads, r.ID) }),
		Occluders:     filter(l.Occluders, func(o coverage.Occluder) bool { return in(coverage.LayerOccluders, o.ID) }),
		PrivateSpaces: filter(l.PrivateSpaces, func(p coverage.PrivateSpace) bool { return in(coverage.LayerPrivateSpaces, p.ID) }),
		Districts:     filter(l.Districts, func(d coverage.District) bool { return in(coverage.LayerDistricts, d.Name) }),
	}
}

func filter[T any](s []T, keep func(T) bool) []T {
	var out []T
	for _, v := range s {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

func testUnknownDistrict(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	put(t, s, twoDistricts())
	const name = "不存在区"
	err := s.ReadLayers(t.Context(), coverage.LayerQuery{District: name}, &coverage.Layers{})
	if !errors.Is(err, coverage.ErrNotFound) {
		t.Fatalf("reading an unknown district: error %v, want one wrapping coverage.ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), name) {
		t.Errorf("error %q does not name the district %q", err, name)
	}
}

func testCancelled(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	base := city(t)
	put(t, s, base)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	changed := clone(base)
	changed.Cameras[0].Owner = "should-not-be-written"
	if _, err := s.PutLayers(ctx, changed); !errors.Is(err, context.Canceled) {
		t.Errorf("putting with a cancelled context: error %v, want context.Canceled", err)
	}
	if err := s.ReadLayers(ctx, coverage.LayerQuery{}, &coverage.Layers{}); !errors.Is(err, context.Canceled) {
		t.Errorf("reading with a cancelled context: error %v, want context.Canceled", err)
	}
	EqualLayers(t, read(t, s, coverage.LayerQuery{}), base)
}

func testEmpty(t *testing.T, s coverage.LayerStore) {
	t.Helper()
	got := read(t, s, coverage.LayerQuery{})
	for _, name := range layerNames {
		if n := got.Len(name); n != 0 {
			t.Errorf("an empty store read %d %s", n, name)
		}
	}
	// ReadLayers appends: what the caller held stays.
	held := coverage.Camera{ID: "held", Pos: orb.Point{119, 32}, Azimuth: 1, HFOV: 90, Range: 30, Owner: "o", Investment: coverage.Private}
	into := &coverage.Layers{Cameras: []coverage.Camera{held}}
	if err := s.ReadLayers(t.Context(), coverage.LayerQuery{}, into); err != nil {
		t.Fatalf("reading layers: %v", err)
	}
	EqualLayers(t, into, &coverage.Layers{Cameras: []coverage.Camera{held}})
}

// EqualLayers reports, through tb, every difference between the layers a store read (got)
// and the layers expected (want), naming the layer, the id and the field. Features are
// matched by id (districts by name; entrances by site id and their order within the site),
// so the order of the layers does not matter. Coordinates may differ by 1e-9 degrees and
// other numbers by 1e-9 of their size.
func EqualLayers(tb testing.TB, got, want *coverage.Layers) {
	tb.Helper()
	compareLayer(tb, coverage.LayerSites, got.Sites, want.Sites, func(s coverage.Site) string { return s.ID }, diffSite)
	compareLayer(tb, coverage.LayerEntrances, entranceKeys(got.Entrances), entranceKeys(want.Entrances),
		func(e keyedEntrance) string { return e.key }, diffEntrance)
	compareLayer(tb, coverage.LayerCameras, got.Cameras, want.Cameras, func(c coverage.Camera) string { return c.ID }, diffCamera)
	compareLayer(tb, coverage.LayerRoads, got.Roads, want.Roads, func(r coverage.Road) string { return r.ID }, diffRoad)
	compareLayer(tb, coverage.LayerOccluders, got.Occluders, want.Occluders, func(o coverage.Occluder) string { return o.ID }, diffOccluder)
	compareLayer(tb, coverage.LayerPrivateSpaces, got.PrivateSpaces, want.PrivateSpaces,
		func(p coverage.PrivateSpace) string { return p.ID }, diffPrivateSpace)
	compareLayer(tb, coverage.LayerDistricts, got.Districts, want.Districts, func(d coverage.District) string { return d.Name }, diffDistrict)
}

// keyedEntrance is an entrance with the key that matches it: its site id and its position
// among the site's entrances.
type keyedEntrance struct {
	key string
	coverage.Entrance
}

func entranceKeys(es []coverage.Entrance) []keyedEntrance {
	seq := map[string]int{}
	out := make([]keyedEntrance, len(es))
	for i, e := range es {
		out[i] = keyedEntrance{key: e.SiteID + "#" + strconv.Itoa(seq[e.SiteID]), Entrance: e}
		seq[e.SiteID]++
	}
	return out
}

// compareLayer matches got and want by id and reports the ids missing, the ids extra and
// the fields that differ, up to maxDiffs features of each.
func compareLayer[T any](tb testing.TB, layer string, got, want []T, id func(T) string, diff func(got, want T) []string) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Errorf("%s: read %d features, want %d", layer, len(got), len(want))
	}
	wantByID := make(map[string]T, len(want))
	for _, w := range want {
		wantByID[id(w)] = w
	}
	var extra, differ []string
	seen := make(map[string]bool, len(got))
	for _, g := range got {
		k := id(g)
		w, ok := wantByID[k]
		switch {
		case seen[k]:
			extra = append(extra, k+" (again)")
		case !ok:
			extra = append(extra, k)
		default:
			if d := diff(g, w); len(d) > 0 {
				differ = append(differ, fmt.Sprintf("%s %s: %s", layer, k, strings.Join(d, "; ")))
			}
		}
		seen[k] = true
	}
	var missing []string
	for _, w := range want {
		if !seen[id(w)] {
			missing = append(missing, id(w))
		}
	}
	if len(missing) > 0 {
		tb.Errorf("%s: %d missing: %s", layer, len(missing), strings.Join(firstOf(missing), ", "))
	}
	if len(extra) > 0 {
		tb.Errorf("%s: %d unexpected: %s", layer, len(extra), strings.Join(firstOf(extra), ", "))
	}
	for i, d := range differ {
		if i == maxDiffs {
			tb.Errorf("%s: %d more features differ", layer, len(differ)-maxDiffs)
			break
		}
		tb.Error(d)
	}
}

// firstOf returns the first maxDiffs entries of list, with an ellipsis when there are more.
func firstOf(list []string) []string {
	if len(list) <= maxDiffs {
		return list
	}
	return append(slices.Clip(list[:maxDiffs]), "…")
}

// fields collects the differences of one feature as "field: got …, want …".
type fields []string

func (f *fields) str(name, got, want string) {
	if got != want {
		*f = append(*f, fmt.Sprintf("%s: got %q, want %q", name, got, want))
	}
}

func (f *fields) num(name string, got, want float64) {
	if !closeRel(got, want) {
		*f = append(*f, fmt.Sprintf("%s: got %v, want %v", name, got, want))
	}
}

func (f *fields) point(name string, got, want orb.Point) {
	if !closePoint(got, want) {
		*f = append(*f, fmt.Sprintf("%s: got %v, want %v", name, got, want))
	}
}

func (f *fields) geometry(got, want orb.Geometry) {
	if err := sameGeometry(got, want); err != nil {
		*f = append(*f, "geometry: "+err.Error())
	}
}

func diffSite(g, w coverage.Site) []string {
	var f fields
	f.str("category", g.Category, w.Category)
	f.str("name", g.Name, w.Name)
	f.str("district", g.District, w.District)
	f.geometry(g.Geometry, w.Geometry)
	return f
}

func diffEntrance(g, w keyedEntrance) []string {
	var f fields
	f.point("pos", g.Pos, w.Pos)
	f.str("kind", g.Kind, w.Kind)
	return f
}

func diffCamera(g, w coverage.Camera) []string {
	var f fields
	f.point("pos", g.Pos, w.Pos)
	f.num("azimuth", g.Azimuth, w.Azimuth)
	f.num("hfov", g.HFOV, w.HFOV)
	f.num("range", g.Range, w.Range)
	f.str("owner", g.Owner, w.Owner)
	f.str("investment", string(g.Investment), string(w.Investment))
	f.num("height", g.Height, w.Height)
	f.str("status", g.Status, w.Status)
	f.str("direction", string(g.Direction), string(w.Direction))
	f.str("surveillance", g.Surveillance, w.Surveillance)
	f.str("mount", g.Mount, w.Mount)
	f.num("level", float64(g.Level), float64(w.Level))
	return f
}

func diffRoad(g, w coverage.Road) []string {
	var f fields
	f.str("class", g.Class, w.Class)
	f.str("name", g.Name, w.Name)
	f.num("level", float64(g.Level), float64(w.Level))
	f.geometry(g.Geometry, w.Geometry)
	return f
}

func diffOccluder(g, w coverage.Occluder) []string {
	var f fields
	f.num("height", g.Height, w.Height)
	f.geometry(g.Geometry, w.Geometry)
	return f
}

func diffPrivateSpace(g, w coverage.PrivateSpace) []string {
	var f fields
	f.str("space", g.Space, w.Space)
	f.geometry(g.Geometry, w.Geometry)
	return f
}

func diffDistrict(g, w coverage.District) []string {
	var f fields
	f.geometry(g.Geometry, w.Geometry)
	return f
}

func closeRel(a, b float64) bool {
	return a == b || math.Abs(a-b) <= relTolerance*max(math.Abs(a), math.Abs(b))
}

func closePoint(a, b orb.Point) bool {
	return math.Abs(a[0]-b[0]) <= coordTolerance && math.Abs(a[1]-b[1]) <= coordTolerance
}

// sameGeometry returns what differs between two geometries: type, shape or a coordinate
// beyond the tolerance.
func sameGeometry(got, want orb.Geometry) error {
	if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) {
		return fmt.Errorf("got a %T, want a %T", got, want)
	}
	switch w := want.(type) {
	case orb.Point:
		return samePoints([]orb.Point{got.(orb.Point)}, []orb.Point{w})
	case orb.LineString:
		return samePoints(got.(orb.LineString), w)
	case orb.MultiLineString:
		return sameParts(got.(orb.MultiLineString), w, func(g, w orb.LineString) error { return samePoints(g, w) })
	case orb.Polygon:
		return samePolygon(got.(orb.Polygon), w)
	case orb.MultiPolygon:
		return sameParts(got.(orb.MultiPolygon), w, samePolygon)
	case nil:
		return nil
	}
	return fmt.Errorf("%T is not a type of any layer", want)
}

func samePolygon(got, want orb.Polygon) error {
	return sameParts(got, want, func(g, w orb.Ring) error { return samePoints(g, w) })
}

// sameParts compares the parts of a multi-part geometry or the rings of a polygon.
func sameParts[S ~[]E, E any](got, want S, same func(g, w E) error) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d parts, want %d", len(got), len(want))
	}
	for i := range want {
		if err := same(got[i], want[i]); err != nil {
			return fmt.Errorf("part %d: %w", i, err)
		}
	}
	return nil
}

func samePoints(got, want []orb.Point) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d points, want %d", len(got), len(want))
	}
	for i := range want {
		if !closePoint(got[i], want[i]) {
			return fmt.Errorf("point %d: got %v, want %v (off by %g, %g degrees)", i, got[i], want[i],
				got[i][0]-want[i][0], got[i][1]-want[i][1])
		}
	}
	return nil
}
