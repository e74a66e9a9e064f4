package coverage_test

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"cctvgis/geo"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
)

// beijingDistricts reads Beijing's 16 district polygons from the shared real data.
func beijingDistricts(tb testing.TB) []coverage.District {
	tb.Helper()
	names, outlines := testenv.Beijing(tb)
	ds := make([]coverage.District, len(names))
	for k := range names {
		ds[k] = coverage.District{Name: names[k], Geometry: outlines[k]}
	}
	return ds
}

func TestDistrictLocatorOnBeijing(t *testing.T) {
	ds := beijingDistricts(t)
	locate := coverage.NewDistrictLocator(ds)
	for _, c := range []struct {
		name string
		p    orb.Point
		want string
	}{
		{"Zhongguancun lies in Haidian", orb.Point{116.31, 39.98}, "海淀区"},
		{"the Miyun reservoir lies in Miyun", orb.Point{116.95, 40.50}, "密云区"},
		{"Yanqing town lies in Yanqing", orb.Point{115.97, 40.46}, "延庆区"},
		{"Tongzhou lies in Tongzhou", orb.Point{116.66, 39.91}, "通州区"},
		{"Tianjin lies in none", orb.Point{117.20, 39.13}, ""},
		{"a point south of Beijing's box lies in none", orb.Point{116.4, 38.0}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := locate.Find(c.p); got != c.want {
				t.Errorf("Find(%v) = %q, want %q", c.p, got, c.want)
			}
		})
	}
	// Every point finds the smallest district that holds it, as a walk over every
	// district's every edge finds it; vertices and points on edges count as inside, and
	// Beijing's outlines, rounded one by one, overlap along their shared boundaries.
	rng := rand.New(rand.NewPCG(testenv.Seed(t), 13))
	var box orb.Bound
	for i, d := range ds {
		if i == 0 {
			box = d.Geometry.Bound()
		}
		box = box.Union(d.Geometry.Bound())
	}
	for range 5000 {
		p := orb.Point{box.Min[0] + rng.Float64()*(box.Max[0]-box.Min[0]), box.Min[1] + rng.Float64()*(box.Max[1]-box.Min[1])}
		if rng.IntN(10) == 0 {
			// a vertex, or a point on an edge, of a random district
			ring := outerRing(ds[rng.IntN(len(ds))].Geometry)
			k := rng.IntN(len(ring) - 1)
			t := float64(rng.IntN(3)) / 2
			p = orb.Point{ring[k][0] + t*(ring[k+1][0]-ring[k][0]), ring[k][1] + t*(ring[k+1][1]-ring[k][1])}
		}
		want, area := "", 0.0
		for _, d := range ds {
			if a := geo.Area(d.Geometry); inside(d.Geometry, p) && (want == "" || a < area) {
				want, area = d.Name, a
			}
		}
		if got := locate.Find(p); got != want {
			t.Fatalf("Find(%v) = %q, want %q", p, got, want)
		}
	}
}

// TestDistrictLocatorSharedPoints checks the rule for a point that several districts hold:
// the smallest district takes it, then the name that sorts first, in whatever order the
// districts come.
func TestDistrictLocatorSharedPoints(t *testing.T) {
	square := func(x0, y0, side float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}}}
	}
	// 东 and 西 are equal squares sharing the edge x = 116.01; 大 overlaps 西 and holds 小,
	// an enclave drawn without its hole in 大's outline.
	ds := []coverage.District{
		{Name: "西", Geometry: square(116, 39, 0.01)},
		{Name: "东", Geometry: square(116.01, 39, 0.01)},
		{Name: "大", Geometry: square(115.995, 39.005, 0.1)},
		{Name: "小", Geometry: square(116.05, 39.05, 0.01)},
	}
	for _, c := range []struct {
		name string
		p    orb.Point
		want string
	}{
		{"a point on the edge two equal districts share goes to the name that sorts first", orb.Point{116.01, 39.001}, "东"},
		{"a point where a large district overlaps a small one goes to the small one", orb.Point{116.005, 39.006}, "西"},
		{"a point in an enclave goes to the enclave", orb.Point{116.055, 39.055}, "小"},
		{"a point in the large district alone stays in it", orb.Point{116.08, 39.02}, "大"},
		{"a point in none goes to none", orb.Point{117, 39}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}} {
				given := make([]coverage.District, len(order))
				for k, i := range order {
					given[k] = ds[i]
				}
				if got := coverage.NewDistrictLocator(given).Find(c.p); got != c.want {
					t.Errorf("districts in order %v: Find(%v) = %q, want %q", order, c.p, got, c.want)
				}
			}
		})
	}
}

// outerRing is the outer ring of a polygon or of a multipolygon's first part.
func outerRing(g orb.Geometry) orb.Ring {
	if mp, ok := g.(orb.MultiPolygon); ok {
		return mp[0][0]
	}
	return g.(orb.Polygon)[0]
}

// inside is orb's point-in-polygon test.
func inside(g orb.Geometry, p orb.Point) bool {
	if mp, ok := g.(orb.MultiPolygon); ok {
		return planar.MultiPolygonContains(mp, p)
	}
	return planar.PolygonContains(g.(orb.Polygon), p)
}

// BenchmarkDistrictLocator finds the district of 250,000 points spread over Beijing's box,
// as the analysis does for the cameras of a city, against its real district outlines.
func BenchmarkDistrictLocator(b *testing.B) {
	ds := beijingDistricts(b)
	locate := coverage.NewDistrictLocator(ds)
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 250000)
	for i := range pts {
		pts[i] = orb.Point{115.4 + rng.Float64()*2.2, 39.4 + rng.Float64()*1.7}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pts {
			locate.Find(p)
		}
	}
}
