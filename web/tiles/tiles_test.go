package tiles_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
	"cctvgis/web/tiles"
)

// source builds tiles of a generated city analysed under Yangzhou's rules.
func source(tb testing.TB, cameras, sites int, seed uint64) (*tiles.Source, *coverage.Layers) {
	tb.Helper()
	city, res := analysed(tb, cameras, sites, seed)
	return tiles.NewSource(res, tiles.Options{}), city
}

// analysed generates a city and analyses it under Yangzhou's rules.
func analysed(tb testing.TB, cameras, sites int, seed uint64) (*coverage.Layers, *coverage.Result) {
	tb.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	eff, err := lib.Effective("yangzhou", rulebook.DateOf(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		tb.Fatal(err)
	}
	city, err := samplecity.Generate(context.Background(), samplecity.Options{Seed: seed, Cameras: cameras, Sites: sites})
	if err != nil {
		tb.Fatal(err)
	}
	res, err := coverage.Analyze(context.Background(), city, eff, lib.Taxonomy, coverage.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return city, res
}

func TestBadTilesAreRefused(t *testing.T) {
	s, _ := source(t, 200, 100, 1)
	tests := []struct {
		name    string
		z, x, y uint32
	}{
		{"zoom above 22", 23, 0, 0},
		{"x beyond the row", 3, 8, 0},
		{"y beyond the column", 3, 0, 8},
		{"x far out", 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Tile(context.Background(), tt.z, tt.x, tt.y); !errors.Is(err, tiles.ErrBadTile) {
				t.Errorf("err %v, want ErrBadTile", err)
			}
		})
	}
	if b, err := s.Tile(context.Background(), 22, 1<<22-1, 1<<22-1); err != nil || b == nil {
		t.Errorf("the last tile of zoom 22: %v", err)
	}
}

// A camera's tile at zoom 17 holds the camera where it stands, its footprint around it,
// and the layers the map draws, each feature with the properties the style reads.
func TestTileHoldsTheCity(t *testing.T) {
	s, city := source(t, 2000, 800, testenv.Seed(t))
	c := city.Cameras[len(city.Cameras)/2]
	layers := tileAt(t, s, c.Pos, 17)
	byName := map[string]*mvt.Layer{}
	for _, l := range layers {
		byName[l.Name] = l
	}
	cams := byName[tiles.LayerCameras]
	if cams == nil {
		t.Fatalf("no cameras layer in %d layers", len(layers))
	}
	found := false
	for _, f := range cams.Features {
		if f.Properties["id"] == c.ID {
			found = true
			p := f.Geometry.(orb.Point)
			// A unit of a zoom-17 tile is under 3 cm.
			if math.Abs(p[0]-c.Pos[0]) > 1e-6 || math.Abs(p[1]-c.Pos[1]) > 1e-6 {
				t.Errorf("camera at %v, stands at %v", p, c.Pos)
			}
			if f.Properties["investment"] != string(c.Investment) || f.Properties["azimuth"] != c.Azimuth {
				t.Errorf("camera properties %v", f.Properties)
			}
		}
	}
	if !found {
		t.Errorf("camera %s not in its own tile", c.ID)
	}
	fps := byName[tiles.LayerFootprints]
	if fps == nil || !slices.ContainsFunc(fps.Features, func(f *geojson.Feature) bool { return f.Properties["id"] == c.ID }) {
		t.Errorf("no footprint of %s in its tile", c.ID)
	}
	if byName[tiles.LayerDistricts] == nil {
		t.Error("no districts layer")
	}
	// Low zooms leave the dense layers out, draw hotspots as points and keep to the
	// roads the rules require watched.
	for _, l := range tileAt(t, s, c.Pos, 10) {
		if l.Name == tiles.LayerCameras || l.Name == tiles.LayerFootprints || l.Name == tiles.LayerSites {
			t.Errorf("layer %s at zoom 10", l.Name)
		}
	}
	for _, l := range tileAt(t, s, c.Pos, 12) {
		for _, f := range l.Features {
			switch {
			case l.Name == tiles.LayerRoads && f.Properties["mandatory"] != true:
				t.Errorf("road %v at zoom 12 is not mandatory", f.Properties["id"])
			case l.Name == tiles.LayerHotspots:
				t.Errorf("hotspot outline %v at zoom 12", f.Properties["id"])
			case l.Name == tiles.LayerHotspotCentres && f.Geometry.GeoJSONType() != "Point":
				t.Errorf("hotspot centre %v is a %s", f.Properties["id"], f.Geometry.GeoJSONType())
			}
		}
	}
}

// The map's filters read each camera's and footprint's owner, district and status, and
// each site's name and district, from the tile; every feature with an id carries it as a
// string (the map promotes it to recolour the sites a draft plan covers).
func TestTileFeaturesCarryFilterProperties(t *testing.T) {
	s, city := source(t, 2000, 800, testenv.Seed(t))
	locate := coverage.NewDistrictLocator(city.Districts)
	c := city.Cameras[len(city.Cameras)/3]
	layers := tileAt(t, s, c.Pos, 17)
	want := map[string][]string{
		tiles.LayerCameras:    {"id", "owner", "district", "status", "investment"},
		tiles.LayerFootprints: {"id", "owner", "district", "status", "investment"},
		tiles.LayerSites:      {"id", "name", "district", "category", "coverage", "mandatory"},
	}
	seen := map[string]bool{}
	for _, l := range layers {
		for _, f := range l.Features {
			if id, ok := f.Properties["id"]; ok {
				if _, isString := id.(string); !isString {
					t.Errorf("layer %s: id %v is a %T, want a string", l.Name, id, id)
				}
			}
			for _, key := range want[l.Name] {
				if _, ok := f.Properties[key]; !ok {
					t.Errorf("layer %s: feature %v has no %q", l.Name, f.Properties["id"], key)
				}
			}
			seen[l.Name] = true
			if l.Name == tiles.LayerCameras && f.Properties["id"] == c.ID {
				if f.Properties["owner"] != c.Owner || f.Properties["status"] != c.Status || f.Properties["district"] != locate.Find(c.Pos) {
					t.Errorf("camera %s: properties %v, want owner %q status %q district %q", c.ID, f.Properties, c.Owner, c.Status, locate.Find(c.Pos))
				}
			}
		}
	}
	for name := range want {
		if name != tiles.LayerSites && !seen[name] {
			t.Errorf("no %s in the camera's tile", name)
		}
	}
	// A site's tile holds it with its name and district.
	site := city.Sites[len(city.Sites)/2]
	found := false
	for _, l := range tileAt(t, s, coverage.PointInside(site.Geometry), 16) {
		for _, f := range l.Features {
			if l.Name == tiles.LayerSites && f.Properties["id"] == site.ID {
				found = true
				if f.Properties["name"] != site.Name || f.Properties["district"] != site.District {
					t.Errorf("site %s: properties %v, want name %q district %q", site.ID, f.Properties, site.Name, site.District)
				}
			}
		}
	}
	if !found {
		t.Errorf("site %s not in its own tile", site.ID)
	}
}

// The hot_cells layer draws each duplicate-build cell as a square with its owners, from
// zoom 13; the hotspots layer carries each hotspot's government share and area.
func TestTilesDrawRedundancy(t *testing.T) {
	_, res := analysed(t, 2000, 800, testenv.Seed(t))
	s := tiles.NewSource(res, tiles.Options{})
	if len(res.Hotspots) == 0 {
		t.Fatal("no hotspots: the fixture proves little")
	}
	worst := res.Hotspots[0]
	// The tile holds the worst hotspot's cells, its peak among them; cells of neighbouring
	// hotspots may have more owners.
	most, peak, hotspot := 0, false, false
	for _, l := range tileAt(t, s, worst.Centre, 15) {
		for _, f := range l.Features {
			switch l.Name {
			case tiles.LayerHotCells:
				n, _ := f.Properties["owners"].(float64)
				if n < 2 {
					t.Errorf("a hot cell with owners %v", f.Properties["owners"])
				}
				most = max(most, int(n))
				peak = peak || int(n) == worst.MaxOwners
			case tiles.LayerHotspots:
				if f.Properties["id"] == worst.ID {
					hotspot = true
					if f.Properties["government_share"] != math.Round(worst.GovernmentShare*1000)/1000 || f.Properties["area_m2"] != worst.AreaM2 {
						t.Errorf("%s: properties %v, want government_share %v area_m2 %v", worst.ID, f.Properties, worst.GovernmentShare, worst.AreaM2)
					}
				}
			}
		}
	}
	if !peak || most < worst.MaxOwners || !hotspot {
		t.Errorf("the worst hotspot's tile: hotspot %v, a cell of its peak %v, cells of at most %d owners; want its peak of %d", hotspot, peak, most, worst.MaxOwners)
	}
	for _, l := range tileAt(t, s, worst.Centre, 12) {
		if l.Name == tiles.LayerHotCells {
			t.Errorf("hot cells at zoom 12")
		}
	}
}

// tileAt is the tile of zoom z at p, its features in WGS84.
func tileAt(t *testing.T, s *tiles.Source, p orb.Point, z maptile.Zoom) mvt.Layers {
	t.Helper()
	tile := maptile.At(p, z)
	data, err := s.Tile(context.Background(), uint32(tile.Z), tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	layers, err := mvt.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	layers.ProjectToWGS84(tile)
	return layers
}

// A tile is cut once and answered from the cache after; it holds what a fresh cut does.
func TestTilesAreCached(t *testing.T) {
	s, city := source(t, 300, 100, 1)
	tile := maptile.At(city.Cameras[0].Pos, 16)
	a, err := s.Tile(context.Background(), uint32(tile.Z), tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Tile(context.Background(), uint32(tile.Z), tile.X, tile.Y)
	if &a[0] != &b[0] {
		t.Error("the second request cut the tile again")
	}
	c, err := s.Cut(context.Background(), uint32(tile.Z), tile.X, tile.Y)
	if err != nil {
		t.Fatal(err)
	}
	count := func(b []byte) int {
		ls, err := mvt.Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, l := range ls {
			n += len(l.Features)
		}
		return n
	}
	if count(a) != count(c) || count(a) == 0 {
		t.Errorf("the tile cut afresh holds %d features, first %d", count(c), count(a))
	}
}

// BenchmarkTile cuts random tiles at zooms 12 to 17 around the centre of the 250,000-camera
// city, uncached, and reports the 95th percentile.
func BenchmarkTile(b *testing.B) {
	s, city := source(b, 250000, 100000, 1)
	centre := city.Cameras[0].Pos
	for _, c := range city.Cameras[:1000] {
		centre[0] += c.Pos[0]
		centre[1] += c.Pos[1]
	}
	centre = orb.Point{(centre[0] - city.Cameras[0].Pos[0]) / 1000, (centre[1] - city.Cameras[0].Pos[1]) / 1000}
	rng := rand.New(rand.NewPCG(1, 2))
	var took []time.Duration
	byZoom := map[maptile.Zoom][]time.Duration{}
	b.ResetTimer()
	for b.Loop() {
		z := maptile.Zoom(12 + rng.IntN(6))
		p := orb.Point{centre[0] + (rng.Float64()-0.5)*0.1, centre[1] + (rng.Float64()-0.5)*0.1}
		t := maptile.At(p, z)
		t0 := time.Now()
		if _, err := s.Cut(context.Background(), uint32(t.Z), t.X, t.Y); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(t0))
		byZoom[z] = append(byZoom[z], time.Since(t0))
	}
	for z, d := range byZoom {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		b.Logf("zoom %d: %d tiles, p95 %v", z, len(d), d[len(d)*95/100])
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
}

// Tiles cut at once from many goroutines are the tiles cut one by one: cutting never
// touches the source's features.
func TestConcurrentTilesAgree(t *testing.T) {
	s, city := source(t, 1500, 600, 3)
	var want []int
	var ts []maptile.Tile
	for i := range 12 {
		tl := maptile.At(city.Cameras[i*100].Pos, maptile.Zoom(14+i%4))
		ts = append(ts, tl)
	}
	count := func(tl maptile.Tile) int {
		b, err := s.Cut(context.Background(), uint32(tl.Z), tl.X, tl.Y)
		if err != nil {
			t.Error(err)
			return -1
		}
		ls, err := mvt.Unmarshal(b)
		if err != nil {
			t.Error(err)
			return -1
		}
		n := 0
		for _, l := range ls {
			n += len(l.Features)
		}
		return n
	}
	for _, tl := range ts {
		want = append(want, count(tl))
	}
	for range 3 {
		got := make([]int, len(ts))
		done := make(chan struct{})
		for i, tl := range ts {
			go func() { got[i] = count(tl); done <- struct{}{} }()
		}
		for range ts {
			<-done
		}
		if !slices.Equal(got, want) {
			t.Fatalf("concurrent cuts %v, one by one %v", got, want)
		}
	}
}

// A page asks for the layers it draws; the tile holds those and no others, and a name
// that is no layer is refused naming the layers there are.
func TestTileOfChosenLayers(t *testing.T) {
	s, city := source(t, 300, 100, 1)
	tile := maptile.At(city.Cameras[0].Pos, 17)
	data, err := s.TileOf(context.Background(), uint32(tile.Z), tile.X, tile.Y, []string{tiles.LayerCameras, tiles.LayerDistricts})
	if err != nil {
		t.Fatal(err)
	}
	layers, err := mvt.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range layers {
		names = append(names, l.Name)
	}
	sort.Strings(names)
	if !slices.Equal(names, []string{tiles.LayerCameras, tiles.LayerDistricts}) {
		t.Errorf("layers %v, want cameras and districts", names)
	}
	whole := tileAt(t, s, city.Cameras[0].Pos, 17)
	if len(whole) <= len(layers) {
		t.Errorf("the whole tile has %d layers, the chosen %d", len(whole), len(layers))
	}
	_, err = s.TileOf(context.Background(), uint32(tile.Z), tile.X, tile.Y, []string{"cameras", "gaps"})
	if !errors.Is(err, tiles.ErrUnknownLayer) || !strings.Contains(err.Error(), `"gaps"`) || !strings.Contains(err.Error(), "footprints") {
		t.Errorf("err %v, want ErrUnknownLayer naming gaps and the layers", err)
	}
}
