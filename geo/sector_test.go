package geo_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"cctvgis/geo"
)

// randomSector returns a sector near the origin, with the field of view
// sometimes exactly 90, 180, 270 or 360 degrees.
func randomSector(r *rand.Rand) geo.Sector {
	hfov := uniform(r, 0.5, 360)
	if r.IntN(4) == 0 {
		hfov = float64(90 * (1 + r.IntN(4)))
	}
	apex := orb.Point{uniform(r, -1000, 1000), uniform(r, -1000, 1000)}
	return geo.NewSector(apex, uniform(r, -360, 720), hfov, uniform(r, 5, 500))
}

// inSpan reports whether bearing (degrees) lies in the span of s, computed
// with angles rather than the vectors Sector uses.
func inSpan(s geo.Sector, bearing float64) bool {
	first := s.Azimuth() - s.HFOV()/2
	return math.Mod(math.Mod(bearing-first, 360)+360, 360) <= s.HFOV() || s.HFOV() >= 360
}

// onCircle returns the point of the circle of s at bearing degrees.
func onCircle(s geo.Sector, bearing float64) orb.Point {
	sn, c := math.Sincos(bearing * math.Pi / 180)
	a := s.Apex()
	return orb.Point{a[0] + s.Range()*sn, a[1] + s.Range()*c}
}

// ringContains is an even-odd point-in-polygon test, much faster than
// planar.PolygonContains on dense rings; boundary points are not tested.
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i := 1; i < len(r); i++ {
		a, b := r[i-1], r[i]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			in = !in
		}
	}
	return in
}

// boundaryDistance returns the distance from p to the boundary of the true
// sector s: its arc and, unless it is a full disc, its two rays.
func boundaryDistance(s geo.Sector, p orb.Point) float64 {
	a := s.Apex()
	d := math.Inf(1)
	bearing := math.Atan2(p[0]-a[0], p[1]-a[1]) * 180 / math.Pi
	if inSpan(s, bearing) {
		d = math.Abs(distance(p, a) - s.Range())
	}
	if s.HFOV() < 360 {
		first := s.Azimuth() - s.HFOV()/2
		d = min(d,
			planar.DistanceFromSegment(a, onCircle(s, first), p),
			planar.DistanceFromSegment(a, onCircle(s, first+s.HFOV()), p))
	}
	return d
}

func TestSectorContains(t *testing.T) {
	o := orb.Point{}
	cases := []struct {
		name               string
		azimuth, hfov, rng float64
		p                  orb.Point
		want               bool
	}{
		{"ahead", 0, 90, 100, orb.Point{0, 50}, true},
		{"behind", 0, 90, 100, orb.Point{0, -50}, false},
		{"apex", 0, 90, 100, o, true},
		{"beyond range", 0, 90, 100, orb.Point{0, 100.001}, false},
		{"at range", 0, 90, 100, orb.Point{0, 100}, true},
		{"outside the span", 0, 90, 100, orb.Point{50, 10}, false},
		{"on the start ray", 0, 180, 100, orb.Point{-50, 0}, true},
		{"just past the start ray", 0, 180, 100, orb.Point{-50, -1e-9}, false},
		{"on the end ray", 90, 180, 100, orb.Point{0, -50}, true},
		{"east-facing half disc, north", 90, 180, 100, orb.Point{0, 50}, true},
		{"east-facing half disc, west", 90, 180, 100, orb.Point{-1, 0}, false},
		{"270 degrees, rear gap", 0, 270, 100, orb.Point{10, -50}, false},
		{"270 degrees, rear left", 0, 270, 100, orb.Point{-50, -10}, true},
		{"270 degrees, rear right", 0, 270, 100, orb.Point{50, -49}, true},
		{"270 degrees, on the start ray", 0, 270, 100, orb.Point{-30, -30}, true},
		{"full disc, behind", 0, 360, 100, orb.Point{0, -50}, true},
		{"full disc, beyond range", 0, 360, 100, orb.Point{0, -101}, false},
		{"wrapping span, right", 350, 40, 100, orb.Point{5, 50}, true},
		{"wrapping span, left", 350, 40, 100, orb.Point{-20, 50}, true},
		{"wrapping span, outside", 350, 40, 100, orb.Point{20, 50}, false},
		{"azimuth over 360", 450, 10, 100, orb.Point{50, 0}, true},
		{"negative azimuth", -90, 10, 100, orb.Point{-50, 0}, true},
		{"zero width, on the ray", 90, 0, 100, orb.Point{50, 0}, true},
		{"zero width, off the ray", 90, 0, 100, orb.Point{50, 1e-9}, false},
		{"negative width, on the ray", 90, -5, 100, orb.Point{50, 0}, true},
		{"tiny negative azimuth", -1e-20, 0, 100, orb.Point{0, 50}, true},
		{"zero range, apex", 0, 90, 0, o, true},
		{"zero range, near the apex", 0, 90, -1, orb.Point{0, 1e-9}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := geo.NewSector(orb.Point{1000, 2000}, c.azimuth, c.hfov, c.rng)
			p := orb.Point{1000 + c.p[0], 2000 + c.p[1]}
			if got := s.Contains(p); got != c.want {
				t.Errorf("Contains(%v) = %v, want %v", c.p, got, c.want)
			}
		})
	}
}

func TestSectorContainsMatchesPolygon(t *testing.T) {
	r := newRand(t)
	checked := 0
	for range 300 {
		s := randomSector(r)
		poly := s.Polygon(0.05)
		b := s.Bound().Pad(10)
		for range 200 {
			p := orb.Point{uniform(r, b.Min[0], b.Max[0]), uniform(r, b.Min[1], b.Max[1])}
			if boundaryDistance(s, p) < 0.05 {
				continue
			}
			checked++
			if got, want := s.Contains(p), ringContains(poly[0], p); got != want {
				t.Fatalf("sector %+v: Contains(%v) = %v, polygon says %v", s, p, got, want)
			}
		}
	}
	if checked < 50000 {
		t.Errorf("only %d points checked", checked)
	}
}

func TestSectorBound(t *testing.T) {
	cases := []struct {
		name               string
		azimuth, hfov, rng float64
		want               orb.Bound
	}{
		{"north quarter", 0, 90, 100, orb.Bound{Min: orb.Point{-70.71, 0}, Max: orb.Point{70.71, 100}}},
		{"narrow north-east", 45, 10, 100, orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{76.60, 76.60}}},
		{"east half", 90, 180, 100, orb.Bound{Min: orb.Point{0, -100}, Max: orb.Point{100, 100}}},
		{"270 facing north", 0, 270, 100, orb.Bound{Min: orb.Point{-100, -70.71}, Max: orb.Point{100, 100}}},
		{"full disc", 123, 360, 100, orb.Bound{Min: orb.Point{-100, -100}, Max: orb.Point{100, 100}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := geo.NewSector(orb.Point{}, c.azimuth, c.hfov, c.rng).Bound()
			if distance(got.Min, c.want.Min) > 0.01 || distance(got.Max, c.want.Max) > 0.01 {
				t.Errorf("Bound() = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSectorBoundProperty(t *testing.T) {
	r := newRand(t)
	for range 2000 {
		s := randomSector(r)
		b := s.Bound()
		first := s.Azimuth() - s.HFOV()/2
		const n = 2000
		for i := range n + 1 {
			p := onCircle(s, first+s.HFOV()*float64(i)/n)
			if !b.Pad(1e-9).Contains(p) {
				t.Fatalf("sector %+v: Bound() = %v misses arc point %v", s, b, p)
			}
		}
		if !b.Contains(s.Apex()) {
			t.Fatalf("sector %+v: Bound() = %v misses the apex", s, b)
		}
		touching := []orb.Point{s.Apex(), onCircle(s, first), onCircle(s, first+s.HFOV())}
		for _, cardinal := range []float64{0, 90, 180, 270} {
			if inSpan(s, cardinal) {
				touching = append(touching, onCircle(s, cardinal))
			}
		}
		sides := []struct {
			name  string
			value float64
			coord func(orb.Point) float64
		}{
			{"west", b.Min[0], func(p orb.Point) float64 { return p[0] }},
			{"south", b.Min[1], func(p orb.Point) float64 { return p[1] }},
			{"east", b.Max[0], func(p orb.Point) float64 { return p[0] }},
			{"north", b.Max[1], func(p orb.Point) float64 { return p[1] }},
		}
		for _, side := range sides {
			touched := false
			for _, p := range touching {
				touched = touched || math.Abs(side.coord(p)-side.value) < 1e-6
			}
			if !touched {
				t.Fatalf("sector %+v: the %s side of %v touches no apex, arc end or cardinal extreme", s, side.name, b)
			}
		}
	}
}

func TestSectorArea(t *testing.T) {
	cases := []struct {
		name      string
		hfov, rng float64
		want      float64
	}{
		{"full disc", 360, 10, 100 * math.Pi},
		{"half disc", 180, 10, 50 * math.Pi},
		{"quarter", 90, 20, 100 * math.Pi},
		{"reflex", 270, 10, 75 * math.Pi},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := geo.NewSector(orb.Point{5, 5}, 30, c.hfov, c.rng).Area(); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("Area() = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSectorPolygon(t *testing.T) {
	cases := []struct {
		name       string
		hfov, step float64
		wantPoints int
	}{
		{"quarter by 10 degrees", 90, 10, 9 + 3},
		{"uneven step", 90, 7, 13 + 3},
		{"reflex", 270, 1, 270 + 3},
		{"full disc", 360, 10, 36 + 1},
		{"default step", 60, 0, 60 + 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := geo.NewSector(orb.Point{100, 200}, 75, c.hfov, 50)
			poly := s.Polygon(c.step)
			ring := poly[0]
			if len(poly) != 1 || len(ring) != c.wantPoints {
				t.Fatalf("Polygon(%v) has %d rings, %d points, want 1, %d", c.step, len(poly), len(ring), c.wantPoints)
			}
			if !ring.Closed() || ring.Orientation() != orb.CCW {
				t.Errorf("ring closed %v, orientation %v; want closed and counter-clockwise", ring.Closed(), ring.Orientation())
			}
			for _, p := range ring {
				if d := distance(p, s.Apex()); d > 50+1e-9 {
					t.Errorf("vertex %v lies %v m from the apex, beyond the range", p, d)
				}
			}
			if got := planar.Area(poly); got > s.Area() || got < 0.97*s.Area() {
				t.Errorf("polygon area %v, sector area %v", got, s.Area())
			}
		})
	}
}

func TestSectorClipSegment(t *testing.T) {
	cases := []struct {
		name          string
		azimuth, hfov float64
		a, b          orb.Point
		want          []geo.Interval
	}{
		{"across a quarter", 0, 90, orb.Point{-100, 50}, orb.Point{100, 50}, []geo.Interval{{0.25, 0.75}}},
		{"ending inside", 0, 90, orb.Point{-100, 50}, orb.Point{0, 50}, []geo.Interval{{0.5, 1}}},
		{"wholly inside", 0, 90, orb.Point{0, 10}, orb.Point{0, 90}, []geo.Interval{{0, 1}}},
		{"behind", 0, 90, orb.Point{-100, -50}, orb.Point{100, -50}, nil},
		{"beyond range", 0, 90, orb.Point{-100, 150}, orb.Point{100, 150}, nil},
		{"through the apex from behind", 0, 90, orb.Point{0, -50}, orb.Point{0, 50}, []geo.Interval{{0.5, 1}}},
		{"through the apex, outside the span", 0, 90, orb.Point{-50, 0}, orb.Point{50, 0}, nil},
		{"across the rear gap of 270 degrees", 0, 270, orb.Point{-100, -50}, orb.Point{100, -50},
			[]geo.Interval{{(100 - 50*math.Sqrt(3)) / 200, 0.25}, {0.75, (100 + 50*math.Sqrt(3)) / 200}}},
		{"across the front of 270 degrees", 0, 270, orb.Point{-100, 50}, orb.Point{100, 50},
			[]geo.Interval{{(100 - 50*math.Sqrt(3)) / 200, (100 + 50*math.Sqrt(3)) / 200}}},
		{"across a disc", 0, 360, orb.Point{-200, 0}, orb.Point{200, 0}, []geo.Interval{{0.25, 0.75}}},
		{"tangent to the arc", 0, 360, orb.Point{-200, 100}, orb.Point{200, 100}, nil},
		{"degenerate inside", 0, 90, orb.Point{0, 20}, orb.Point{0, 20}, []geo.Interval{{0, 1}}},
		{"degenerate outside", 0, 90, orb.Point{0, -20}, orb.Point{0, -20}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := geo.NewSector(orb.Point{}, c.azimuth, c.hfov, 100)
			prefix := []geo.Interval{{-1, -1}}
			got := s.ClipSegment(c.a, c.b, prefix)
			if len(got) != len(c.want)+1 || got[0] != prefix[0] {
				t.Fatalf("ClipSegment = %v, want %v after the prefix", got, c.want)
			}
			for i, w := range c.want {
				if g := got[i+1]; math.Abs(g.From-w.From) > 1e-12 || math.Abs(g.To-w.To) > 1e-12 {
					t.Errorf("interval %d = %v, want %v", i, g, w)
				}
			}
		})
	}
}

func TestSectorClipSegmentProperty(t *testing.T) {
	r := newRand(t)
	var ivs []geo.Interval
	for range 3000 {
		s := randomSector(r)
		b := s.Bound().Pad(0.3 * s.Range())
		a := orb.Point{uniform(r, b.Min[0], b.Max[0]), uniform(r, b.Min[1], b.Max[1])}
		e := orb.Point{uniform(r, b.Min[0], b.Max[0]), uniform(r, b.Min[1], b.Max[1])}
		if r.IntN(5) == 0 {
			a = s.Apex() // segments from the apex probe the rays
		}
		ivs = s.ClipSegment(a, e, ivs[:0])
		for i, iv := range ivs {
			if !(0 <= iv.From && iv.From < iv.To && iv.To <= 1) || (i > 0 && ivs[i-1].To >= iv.From) {
				t.Fatalf("sector %+v, segment %v→%v: intervals %v not sorted, disjoint and in [0, 1]", s, a, e, ivs)
			}
		}
		const n = 2000
	samples:
		for k := range n + 1 {
			tt := float64(k) / n
			inside := false
			for _, iv := range ivs {
				if math.Abs(tt-iv.From) <= 1e-6 || math.Abs(tt-iv.To) <= 1e-6 {
					continue samples
				}
				inside = inside || (iv.From < tt && tt < iv.To)
			}
			p := orb.Point{a[0] + tt*(e[0]-a[0]), a[1] + tt*(e[1]-a[1])}
			if distance(p, s.Apex()) <= 1e-6*distance(a, e) {
				continue // a lone contact at the apex is not an interval
			}
			if s.Contains(p) != inside {
				t.Fatalf("sector %+v, segment %v→%v: t=%v inside intervals %v is %v, Contains says %v", s, a, e, tt, ivs, inside, !inside)
			}
		}
	}
}

func ExampleSector() {
	// A camera at the origin looking east with a 90° field of view and 100 m range.
	s := geo.NewSector(orb.Point{0, 0}, 90, 90, 100)
	fmt.Println(s.Contains(orb.Point{50, 10}), s.Contains(orb.Point{-50, 0}))
	b := s.Bound()
	fmt.Printf("bound [%.2f %.2f] to [%.2f %.2f]\n", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
	fmt.Printf("area %.1f m²\n", s.Area())
	for _, iv := range s.ClipSegment(orb.Point{50, -100}, orb.Point{50, 100}, nil) {
		fmt.Printf("segment inside for t in [%.2f, %.2f]\n", iv.From, iv.To)
	}
	// Output:
	// true false
	// bound [0.00 -70.71] to [100.00 70.71]
	// area 7854.0 m²
	// segment inside for t in [0.25, 0.75]
}

func BenchmarkNewSectorContains(b *testing.B) {
	p := orb.Point{30, 40}
	for b.Loop() {
		geo.NewSector(orb.Point{0, 0}, 30, 60, 100).Contains(p)
	}
}

func BenchmarkSectorContains(b *testing.B) {
	s := geo.NewSector(orb.Point{0, 0}, 30, 60, 100)
	p := orb.Point{30, 40}
	for b.Loop() {
		s.Contains(p)
	}
}

func BenchmarkSectorBound(b *testing.B) {
	s := geo.NewSector(orb.Point{0, 0}, 30, 60, 100)
	for b.Loop() {
		s.Bound()
	}
}

func BenchmarkSectorClipSegment(b *testing.B) {
	s := geo.NewSector(orb.Point{0, 0}, 0, 270, 100)
	dst := make([]geo.Interval, 0, 2)
	for b.Loop() {
		dst = s.ClipSegment(orb.Point{-100, -50}, orb.Point{100, -50}, dst[:0])
	}
}
