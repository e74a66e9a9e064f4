package samplecity_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"

	"cctvgis/data/geojson"
	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// mustGenerate is Generate for tests: it fails tb on error.
func mustGenerate(tb testing.TB, opt samplecity.Options) *coverage.Layers {
	tb.Helper()
	l, err := samplecity.Generate(context.Background(), opt)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// generate makes a city with the seed of the run and logs it, so a failure can be
// replayed with CCTVGIS_SEED.
func generate(tb testing.TB, sites, cameras int, occluders bool) *coverage.Layers {
	tb.Helper()
	return mustGenerate(tb, samplecity.Options{Seed: testenv.Seed(tb), Sites: sites, Cameras: cameras, Occluders: occluders})
}

func taxonomy(t *testing.T) *rulebook.Taxonomy {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatalf("loading embedded rulebooks: %v", err)
	}
	return lib.Taxonomy
}

func TestGenerateCityCounts(t *testing.T) {
	tax := taxonomy(t)
	tests := []struct {
		name           string
		sites, cameras int
	}{
		{"nothing", 0, 0},
		{"cameras without sites", 0, 300},
		{"one site", 1, 10},
		{"few cameras for many sites", 400, 50},
		{"a town", 2000, 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := generate(t, tt.sites, tt.cameras, true)
			if len(l.Sites) != tt.sites || len(l.Cameras) != tt.cameras {
				t.Errorf("%d sites and %d cameras, want %d and %d", len(l.Sites), len(l.Cameras), tt.sites, tt.cameras)
			}
			if len(l.Entrances) != 2*tt.sites {
				t.Errorf("%d entrances, want two per site", len(l.Entrances))
			}
			kinds := map[string][]string{}
			for _, e := range l.Entrances {
				kinds[e.SiteID] = append(kinds[e.SiteID], e.Kind)
			}
			for _, s := range l.Sites {
				if k := kinds[s.ID]; !slices.Equal(k, []string{"main", "side"}) {
					t.Errorf("site %s has entrances %v, want main and side", s.ID, k)
					break
				}
			}
			if len(l.Districts) != 5 || len(l.Roads) == 0 {
				t.Errorf("%d districts and %d roads, want 5 and some", len(l.Districts), len(l.Roads))
			}
			if rej := l.Check(tax); len(rej) > 0 {
				t.Errorf("Check found %d rejections, first %v", len(rej), rej[0])
			}
		})
	}
}

func TestGenerateCityDeterministic(t *testing.T) {
	write := func(opt samplecity.Options) map[string][]byte {
		t.Helper()
		dir := t.TempDir()
		paths, err := geojson.WriteLayers(context.Background(), dir, mustGenerate(t, opt))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for layer, path := range paths {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files[layer] = b
		}
		return files
	}
	opt := samplecity.Options{Seed: testenv.Seed(t), Sites: 800, Cameras: 2000, Occluders: true}
	first, again := write(opt), write(opt)
	if len(first) != 7 {
		t.Errorf("wrote %d layers, want all 7", len(first))
	}
	for layer, b := range first {
		if !bytes.Equal(b, again[layer]) {
			t.Errorf("%s differs between two runs with the same seed", layer)
		}
	}
	opt.Occluders = false
	for layer, b := range write(opt) {
		if !bytes.Equal(b, first[layer]) {
			t.Errorf("%s changes when occluders are asked for", layer)
		}
	}
	opt.Seed++
	for layer, b := range write(opt) {
		if layer != coverage.LayerDistricts && bytes.Equal(b, first[layer]) {
			t.Errorf("%s is the same with another seed", layer)
		}
	}
}

// metric is a generated city projected to metres, with indexes for the checks.
type metric struct {
	proj    *geo.Projection
	cams    []orb.Point
	camIdx  grid
	entries map[string][]orb.Point // entrances by site id
}

// grid indexes items by the 100 m cells their boxes touch.
type grid map[[2]int][]int

const cell = 100.0

func (g grid) add(i int, b orb.Bound) {
	for x := math.Floor(b.Min[0] / cell); x <= math.Floor(b.Max[0]/cell); x++ {
		for y := math.Floor(b.Min[1] / cell); y <= math.Floor(b.Max[1]/cell); y++ {
			g[[2]int{int(x), int(y)}] = append(g[[2]int{int(x), int(y)}], i)
		}
	}
}

// near returns the items whose cells meet the box around p of half side r, maybe twice.
func (g grid) near(p orb.Point, r float64) []int {
	var out []int
	for x := math.Floor((p[0] - r) / cell); x <= math.Floor((p[0]+r)/cell); x++ {
		for y := math.Floor((p[1] - r) / cell); y <= math.Floor((p[1]+r)/cell); y++ {
			out = append(out, g[[2]int{int(x), int(y)}]...)
		}
	}
	return out
}

func project(l *coverage.Layers) *metric {
	m := &metric{proj: geo.NewProjection(samplecity.YangzhouCentre()), camIdx: grid{}, entries: map[string][]orb.Point{}}
	for i, c := range l.Cameras {
		p := m.proj.Forward(c.Pos)
		m.cams = append(m.cams, p)
		m.camIdx.add(i, orb.Bound{Min: p, Max: p})
	}
	for _, e := range l.Entrances {
		m.entries[e.SiteID] = append(m.entries[e.SiteID], m.proj.Forward(e.Pos))
	}
	return m
}

// covers reports whether camera c, at p in metres, sees q.
func covers(c coverage.Camera, p, q orb.Point) bool {
	d := math.Hypot(q[0]-p[0], q[1]-p[1])
	if d > c.Range {
		return false
	}
	if c.HFOV >= 360 || d == 0 {
		return true
	}
	b := math.Atan2(q[0]-p[0], q[1]-p[1]) * 180 / math.Pi
	diff := math.Abs(math.Mod(b-c.Azimuth+540, 360) - 180)
	return diff <= c.HFOV/2
}

// distToSegment returns the distance from p to segment ab.
func distToSegment(p, a, b orb.Point) float64 {
	d := orb.Point{b[0] - a[0], b[1] - a[1]}
	t := 0.0
	if l2 := d[0]*d[0] + d[1]*d[1]; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*d[0]+(p[1]-a[1])*d[1])/l2))
	}
	return math.Hypot(p[0]-a[0]-t*d[0], p[1]-a[1]-t*d[1])
}

// distToGeometry returns the distance from p to a point or polygon in metres.
func distToGeometry(p orb.Point, g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Point:
		return math.Hypot(p[0]-g[0], p[1]-g[1])
	case orb.Polygon:
		if planar.PolygonContains(g, p) {
			return 0
		}
		d := math.Inf(1)
		for _, r := range g {
			for k := 1; k < len(r); k++ {
				d = math.Min(d, distToSegment(p, r[k-1], r[k]))
			}
		}
		return d
	}
	panic("unexpected geometry")
}

func TestGenerateCityPlantedCases(t *testing.T) {
	l := generate(t, 6000, 15000, true)
	if rej := l.Check(taxonomy(t)); len(rej) > 0 {
		t.Fatalf("Check found %d rejections, first %v", len(rej), rej[0])
	}
	for _, layer := range coverage.LayerNames() {
		if n := l.Len(layer); n == 0 {
			t.Errorf("layer %s is empty", layer)
		}
	}
	m := project(l)
	share := func(n, of int) float64 { return float64(n) / float64(of) }

	t.Run("cameras inside private spaces", func(t *testing.T) {
		idx := grid{}
		for i, ps := range l.PrivateSpaces {
			idx.add(i, m.proj.ForwardGeometry(ps.Geometry).Bound())
		}
		inside := 0
		for i, c := range l.Cameras {
			for _, k := range idx.near(m.cams[i], 0) {
				if planar.PolygonContains(l.PrivateSpaces[k].Geometry.(orb.Polygon), c.Pos) {
					inside++
					break
				}
			}
		}
		t.Logf("%d cameras inside private spaces", inside)
		if f := share(inside, len(l.Cameras)); inside == 0 || f > 0.005 {
			t.Errorf("%d cameras (%.2f%%) inside private spaces, want some, about 0.2%%", inside, 100*f)
		}
	})

	t.Run("private cameras near arterial roads", func(t *testing.T) {
		segs := grid{}
		var ends [][2]orb.Point
		for _, r := range l.Roads {
			if r.Class != "arterial_road" {
				continue
			}
			ls := r.Geometry.(orb.LineString)
			for k := 1; k < len(ls); k++ {
				a, b := m.proj.Forward(ls[k-1]), m.proj.Forward(ls[k])
				segs.add(len(ends), orb.Bound{Min: a, Max: a}.Extend(b))
				ends = append(ends, [2]orb.Point{a, b})
			}
		}
		near := 0
		for i, c := range l.Cameras {
			if c.Investment != coverage.Private {
				continue
			}
			for _, k := range segs.near(m.cams[i], 10) {
				if distToSegment(m.cams[i], ends[k][0], ends[k][1]) <= 10 {
					near++
					break
				}
			}
		}
		t.Logf("%d private cameras within 10 m of an arterial road", near)
		if f := share(near, len(l.Cameras)); f < 0.005 || f > 0.02 {
			t.Errorf("%d private cameras (%.2f%%) within 10 m of an arterial road, want about 1%%", near, 100*f)
		}
	})

	t.Run("sites without any camera near", func(t *testing.T) {
		alone := 0
		for _, s := range l.Sites {
			g := m.proj.ForwardGeometry(s.Geometry)
			c := g.Bound().Center()
			r := 150 + math.Hypot(g.Bound().Max[0]-c[0], g.Bound().Max[1]-c[1])
			seen := false
			for _, k := range m.camIdx.near(c, r) {
				if distToGeometry(m.cams[k], g) < 150 {
					seen = true
					break
				}
			}
			if !seen {
				alone++
			}
		}
		t.Logf("%d sites without a camera within 150 m", alone)
		if alone == 0 {
			t.Errorf("every site has a camera within 150 m, want some planted without")
		}
	})

	t.Run("coverage of entrances", func(t *testing.T) {
		var full, none int
		hotspot := false
		for _, s := range l.Sites {
			seen := 0
			for _, e := range m.entries[s.ID] {
				owners := map[string]bool{}
				for _, k := range m.camIdx.near(e, 120) {
					if covers(l.Cameras[k], m.cams[k], e) {
						owners[l.Cameras[k].Owner] = true
					}
				}
				if len(owners) > 0 {
					seen++
				}
				hotspot = hotspot || len(owners) >= 3
			}
			switch seen {
			case 2:
				full++
			case 0:
				none++
			}
		}
		t.Logf("entrances all watched at %d sites, none at %d, of %d", full, none, len(l.Sites))
		if f := share(full, len(l.Sites)); f < 0.5 {
			t.Errorf("%.0f%% of sites fully covered, want most", 100*f)
		}
		if f := share(none, len(l.Sites)); f < 0.01 || f > 0.1 {
			t.Errorf("%.1f%% of sites uncovered, want a few percent", 100*f)
		}
		if full+none == len(l.Sites) {
			t.Errorf("no site is partly covered")
		}
		if !hotspot {
			t.Errorf("no entrance is watched by three or more owners")
		}
	})

	t.Run("occluders keep clear of entrances", func(t *testing.T) {
		idx := grid{}
		for i, o := range l.Occluders {
			idx.add(i, m.proj.ForwardGeometry(o.Geometry).Bound())
		}
		for _, e := range l.Entrances {
			p := m.proj.Forward(e.Pos)
			for _, k := range idx.near(p, 0) {
				if planar.PolygonContains(l.Occluders[k].Geometry.(orb.Polygon), e.Pos) {
					t.Fatalf("occluder %s covers an entrance of site %s", l.Occluders[k].ID, e.SiteID)
				}
			}
		}
	})

	t.Run("sites lie in their district", func(t *testing.T) {
		for _, s := range l.Sites {
			c := s.Geometry.Bound().Center()
			var in []string
			for _, d := range l.Districts {
				if planar.PolygonContains(d.Geometry.(orb.Polygon), c) {
					in = append(in, d.Name)
				}
			}
			if !slices.Contains(in, s.District) {
				t.Fatalf("site %s says district %q, lies in %v", s.ID, s.District, in)
			}
		}
	})

	t.Run("camera values", func(t *testing.T) {
		gov := 0
		for _, c := range l.Cameras {
			if !slices.Contains([]float64{60, 90, 110, 360}, c.HFOV) || c.Range < 20 || c.Range > 120 ||
				c.Height < 3 || c.Height > 8 || (c.Status != "online" && c.Status != "offline") {
				t.Fatalf("camera %+v out of the generated ranges", c)
			}
			if c.Investment == coverage.Government {
				gov++
			}
		}
		if f := share(gov, len(l.Cameras)); f < 0.2 || f > 0.4 {
			t.Errorf("%.0f%% government cameras, want about a quarter", 100*f)
		}
	})
}

func TestGenerateCityScale(t *testing.T) {
	if testing.Short() {
		t.Skip("a Yangzhou-sized city takes a second")
	}
	l := generate(t, 100000, 0, false)
	proj := geo.NewProjection(samplecity.YangzhouCentre())
	var b orb.Bound
	for i, s := range l.Sites {
		p := proj.Forward(s.Geometry.Bound().Center())
		if i == 0 {
			b = orb.Bound{Min: p, Max: p}
		}
		b = b.Extend(p)
	}
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	t.Logf("%d road segments; sites over %.1f km × %.1f km", len(l.Roads), w/1000, h/1000)
	if len(l.Roads) < 10000 || len(l.Roads) > 40000 {
		t.Errorf("%d road segments, want on the order of 20,000", len(l.Roads))
	}
	if w < 20000 || w > 30000 || h < 20000 || h > 30000 {
		t.Errorf("sites span %.0f m × %.0f m, want about 25 km × 25 km", w, h)
	}
}

func BenchmarkGenerateCity(b *testing.B) {
	for _, occluders := range []bool{false, true} {
		name := "250k cameras 100k sites"
		if occluders {
			name += " with occluders"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				mustGenerate(b, samplecity.Options{Seed: 1, Cameras: 250000, Sites: 100000, Occluders: occluders})
			}
		})
	}
}

// camerasFile returns the cameras layer of a Yangzhou-sized city as GeoJSON.
func camerasFile(b *testing.B) []byte {
	b.Helper()
	l := mustGenerate(b, samplecity.Options{Seed: 1, Cameras: 250000, Sites: 100000})
	var buf bytes.Buffer
	if err := geojson.WriteLayer(context.Background(), &buf, coverage.LayerCameras, l); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkReadLayerCameras(b *testing.B) {
	doc := camerasFile(b)
	b.SetBytes(int64(len(doc)))
	b.ReportMetric(float64(len(doc))/1e6, "file-MB")
	for b.Loop() {
		var l coverage.Layers
		rej, err := geojson.ReadLayer(context.Background(), bytes.NewReader(doc), geojson.Input{Layer: coverage.LayerCameras, CRS: geo.WGS84}, &l)
		if err != nil || len(rej) > 0 || len(l.Cameras) != 250000 {
			b.Fatalf("ReadLayer: %v, %d rejections, %d cameras", err, len(rej), len(l.Cameras))
		}
	}
}

func BenchmarkWriteLayerCameras(b *testing.B) {
	l := mustGenerate(b, samplecity.Options{Seed: 1, Cameras: 250000, Sites: 100000})
	var n countingWriter
	if err := geojson.WriteLayer(context.Background(), &n, coverage.LayerCameras, l); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		if err := geojson.WriteLayer(context.Background(), io.Discard, coverage.LayerCameras, l); err != nil {
			b.Fatal(err)
		}
	}
}

type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// countdown is a context whose Err turns to context.Canceled after n calls, so that a test
// stops a generation at a chosen check without racing a clock.
type countdown struct {
	context.Context
	n int
}

func (c *countdown) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

func TestGenerateStopsWhenCancelled(t *testing.T) {
	opt := samplecity.Options{Seed: testenv.Seed(t), Sites: 8000, Cameras: 20000, Occluders: true}
	never := &countdown{Context: context.Background(), n: 1 << 30}
	if _, err := samplecity.Generate(never, opt); err != nil {
		t.Fatalf("Generate, never cancelled: %v", err)
	}
	// The checks: one before each of the six steps, one at the end, and one every 1,024
	// features inside the steps.
	checks := 1<<30 - never.n
	if checks < 7+(8000+20000)/1024 {
		t.Fatalf("Generate checked the context %d times, want one every 1,024 features too", checks)
	}
	for _, n := range []int{0, 1, 2, 3, 5, 8, checks / 4, checks / 2, checks - 2, checks - 1} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			l, err := samplecity.Generate(&countdown{Context: context.Background(), n: n}, opt)
			if !errors.Is(err, context.Canceled) || l != nil {
				t.Errorf("cancelled at check %d of %d: layers %v, error %v; want none and context.Canceled", n+1, checks, l != nil, err)
			}
		})
	}
}

// TestGenerateDensityShrinksTheCity checks that Density packs the same city into a side
// √Density times shorter, still passing Check, and that Density 1 is the default.
func TestGenerateDensityShrinksTheCity(t *testing.T) {
	tax := taxonomy(t)
	seed := testenv.Seed(t)
	side := func(l *coverage.Layers) float64 {
		t.Helper()
		var b orb.Bound
		for k, c := range l.Cameras {
			if k == 0 {
				b = c.Pos.Bound()
			}
			b = b.Extend(c.Pos)
		}
		return b.Max[1] - b.Min[1]
	}
	base := mustGenerate(t, samplecity.Options{Seed: seed, Sites: 20000, Cameras: 5000})
	one := mustGenerate(t, samplecity.Options{Seed: seed, Sites: 20000, Cameras: 5000, Density: 1})
	if !slices.EqualFunc(base.Cameras, one.Cameras, func(a, b coverage.Camera) bool { return a.Pos == b.Pos }) {
		t.Error("Density 1 moved cameras: it must be the default")
	}
	dense := mustGenerate(t, samplecity.Options{Seed: seed, Sites: 20000, Cameras: 5000, Density: 4})
	if len(dense.Sites) != 20000 || len(dense.Cameras) != 5000 {
		t.Fatalf("%d sites and %d cameras, want 20000 and 5000", len(dense.Sites), len(dense.Cameras))
	}
	if rej := dense.Check(tax); len(rej) > 0 {
		t.Errorf("Check found %d rejections, first %v", len(rej), rej[0])
	}
	if r := side(dense) / side(base); r < 0.4 || r > 0.6 {
		t.Errorf("at density 4 the cameras span %.2f of the side at density 1, want about 0.5", r)
	}
}
