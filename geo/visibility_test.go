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

// square returns the closed counter-clockwise square polygon [x0, x1] × [y0, y1].
func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

func TestOccludersBlocked(t *testing.T) {
	building := square(10, -10, 30, 10)
	courtyard := orb.Polygon{
		{{60, -20}, {100, -20}, {100, 20}, {60, 20}, {60, -20}},
		{{70, -10}, {90, -10}, {90, 10}, {70, 10}, {70, -10}},
	}
	o := geo.NewOccluders([]orb.Polygon{building, courtyard, square(-20, 20, -10, 30)})
	cases := []struct {
		name     string
		from, to orb.Point
		want     bool
	}{
		{"in front of the building", orb.Point{0, 0}, orb.Point{5, 0}, false},
		{"behind the building", orb.Point{0, 0}, orb.Point{50, 0}, true},
		{"past the corner", orb.Point{0, 0}, orb.Point{40, 40.001}, false},
		{"clipping the corner", orb.Point{0, 0}, orb.Point{50, 40}, true},
		{"inside the building", orb.Point{0, 0}, orb.Point{20, 0}, true},
		{"on the near wall", orb.Point{0, 0}, orb.Point{10, 0}, false},
		{"on the far wall", orb.Point{0, 0}, orb.Point{30, 0}, true},
		{"touching a corner", orb.Point{0, 0}, orb.Point{20, 20}, false},
		{"diagonal through two corners", orb.Point{0, -20}, orb.Point{40, 20}, true},
		{"behind another building", orb.Point{0, 0}, orb.Point{-30, 50}, true},
		{"along a wall", orb.Point{0, 10}, orb.Point{40, 10}, false},
		{"into a courtyard", orb.Point{40, 0}, orb.Point{80, 0}, true},
		{"within a courtyard", orb.Point{75, 0}, orb.Point{85, 5}, false},
		{"from a wall, outward", orb.Point{10, 0}, orb.Point{-20, 5}, false},
		{"from just outside a wall, outward", orb.Point{9.7, 0}, orb.Point{-20, 5}, false},
		{"from just inside a wall, outward", orb.Point{10.2, 0}, orb.Point{-20, 5}, false},
		{"from a wall, into its own building", orb.Point{10, 0}, orb.Point{20, 0}, false},
		{"from a wall, to another building", orb.Point{30, 0}, orb.Point{80, 15}, true},
		{"from a wall, past its own building", orb.Point{10, 0}, orb.Point{40, 0}, false},
		{"from a wall 0.6 m away", orb.Point{9.4, 0}, orb.Point{40, 0}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := o.Blocked(c.from, c.to); got != c.want {
				t.Errorf("Blocked(%v, %v) = %v, want %v", c.from, c.to, got, c.want)
			}
		})
	}
}

func TestOccludersVisible(t *testing.T) {
	o := geo.NewOccluders([]orb.Polygon{square(10, -10, 30, 10)})
	facing := geo.NewSector(orb.Point{0, 0}, 90, 60, 100)
	mounted := geo.NewSector(orb.Point{10, 0}, 270, 90, 50)
	cases := []struct {
		name string
		o    *geo.Occluders
		s    geo.Sector
		p    orb.Point
		want bool
	}{
		{"in front", o, facing, orb.Point{5, 0}, true},
		{"behind the building", o, facing, orb.Point{50, 0}, false},
		{"outside the sector", o, facing, orb.Point{-5, 0}, false},
		{"beyond range", o, facing, orb.Point{0, 150}, false},
		{"wall-mounted, outward", o, mounted, orb.Point{-20, 5}, true},
		{"wall-mounted, behind itself", o, mounted, orb.Point{20, 0}, false},
		{"no occluders", nil, facing, orb.Point{50, 0}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.o.Visible(c.s, c.p); got != c.want {
				t.Errorf("Visible(%v) = %v, want %v", c.p, got, c.want)
			}
		})
	}
}

// A point standing for a whole place inside its own building is seen by a camera that
// sees the building; another building in between still hides it, and a spot on the
// ground inside a building stays hidden.
func TestOccludersVisiblePlace(t *testing.T) {
	own := square(10, -10, 30, 10)
	o := geo.NewOccluders([]orb.Polygon{own, square(40, -5, 45, 5)})
	facing := geo.NewSector(orb.Point{0, 0}, 90, 60, 100)
	across := geo.NewSector(orb.Point{60, 0}, 270, 60, 100)
	cases := []struct {
		name  string
		s     geo.Sector
		p     orb.Point
		place bool
		want  bool
	}{
		{"a spot inside a building is hidden", facing, orb.Point{20, 0}, false, false},
		{"the place of its own building is seen", facing, orb.Point{20, 0}, true, true},
		{"another building in between hides the place", across, orb.Point{20, 0}, true, false},
		{"a place outside the sector is not seen", facing, orb.Point{20, 60}, true, false},
		{"a place behind the building is still hidden", facing, orb.Point{50, 0}, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := o.Visible(c.s, c.p)
			if c.place {
				got = o.VisiblePlace(c.s, c.p)
			}
			if got != c.want {
				t.Errorf("place %v, visible(%v) = %v, want %v", c.place, c.p, got, c.want)
			}
		})
	}
	if !(*geo.Occluders)(nil).VisiblePlace(facing, orb.Point{20, 0}) {
		t.Error("nil occluders hide a place")
	}
}

func TestIsovistWithoutOccluders(t *testing.T) {
	cases := []struct {
		name string
		o    *geo.Occluders
		hfov float64
	}{
		{"nil occluders, quarter", nil, 90},
		{"empty occluders, reflex", geo.NewOccluders(nil), 270},
		{"far occluders, full disc", geo.NewOccluders([]orb.Polygon{square(500, 500, 510, 510)}), 360},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := geo.NewSector(orb.Point{100, 100}, 30, c.hfov, 80)
			iso := c.o.Isovist(s, 360)
			checkRing(t, iso)
			if got := planar.Area(iso); got > s.Area() || got < s.Area()*(1-1e-4) {
				t.Errorf("isovist area %v, sector area %v", got, s.Area())
			}
		})
	}
}

func TestIsovistWithOccluders(t *testing.T) {
	o := geo.NewOccluders([]orb.Polygon{square(10, -10, 30, 10), square(-40, -5, -30, 5)})
	cases := []struct {
		name      string
		s         geo.Sector
		visible   []orb.Point
		invisible []orb.Point
	}{
		{"facing the building", geo.NewSector(orb.Point{0, 0}, 90, 120, 100),
			[]orb.Point{{5, 0}, {30, 40}}, []orb.Point{{50, 0}, {20, 0}}},
		{"full disc between buildings", geo.NewSector(orb.Point{0, 0}, 0, 360, 100),
			[]orb.Point{{5, 0}, {-20, 0}, {0, -50}}, []orb.Point{{50, 0}, {-50, 0}}},
		{"mounted on a wall", geo.NewSector(orb.Point{10, 0}, 270, 120, 100),
			[]orb.Point{{-20, 8}, {-20, 15}}, []orb.Point{{-50, 0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			iso := o.Isovist(c.s, 360)
			checkRing(t, iso)
			if got := planar.Area(iso); got >= c.s.Area() {
				t.Errorf("isovist area %v, want less than the sector's %v", got, c.s.Area())
			}
			for _, p := range c.visible {
				if !planar.PolygonContains(iso, p) {
					t.Errorf("isovist misses visible point %v", p)
				}
			}
			for _, p := range c.invisible {
				if planar.PolygonContains(iso, p) {
					t.Errorf("isovist contains hidden point %v", p)
				}
			}
		})
	}
}

func TestIsovistMatchesVisible(t *testing.T) {
	r := newRand(t)
	checked := 0
	for range 20 {
		o := geo.NewOccluders(randomBuildings(r, 30, 80))
		s := geo.NewSector(orb.Point{uniform(r, -5, 5), uniform(r, -5, 5)}, uniform(r, 0, 360), uniform(r, 30, 360), 80)
		iso := o.Isovist(s, 1800)
		checkRing(t, iso)
		b := s.Bound()
		for range 500 {
			p := orb.Point{uniform(r, b.Min[0], b.Max[0]), uniform(r, b.Min[1], b.Max[1])}
			if planar.DistanceFrom(iso, p) < 0.5 {
				continue
			}
			checked++
			if got, want := planar.PolygonContains(iso, p), o.Visible(s, p); got != want {
				t.Fatalf("sector %+v: isovist contains %v = %v, Visible = %v", s, p, got, want)
			}
		}
	}
	if checked < 5000 {
		t.Errorf("only %d points checked", checked)
	}
}

// randomBuildings returns n rotated rectangles, 5 to 25 m a side, scattered
// within spread metres of the origin.
func randomBuildings(r *rand.Rand, n int, spread float64) []orb.Polygon {
	polys := make([]orb.Polygon, 0, n)
	for range n {
		c := orb.Point{uniform(r, -spread, spread), uniform(r, -spread, spread)}
		w, h := uniform(r, 2.5, 12.5), uniform(r, 2.5, 12.5)
		sn, cs := math.Sincos(uniform(r, 0, math.Pi))
		ring := make(orb.Ring, 0, 5)
		for _, k := range [][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}} {
			x, y := k[0]*w, k[1]*h
			ring = append(ring, orb.Point{c[0] + x*cs - y*sn, c[1] + x*sn + y*cs})
		}
		polys = append(polys, orb.Polygon{ring})
	}
	return polys
}

// checkRing checks that poly is one closed counter-clockwise ring.
func checkRing(t *testing.T, poly orb.Polygon) {
	t.Helper()
	if len(poly) != 1 || !poly[0].Closed() || poly[0].Orientation() != orb.CCW {
		t.Fatalf("want one closed counter-clockwise ring, got %d rings, closed %v, orientation %v",
			len(poly), len(poly) > 0 && poly[0].Closed(), poly[0].Orientation())
	}
}

func ExampleOccluders_Visible() {
	// A 20 m square building east of a camera that looks east.
	o := geo.NewOccluders([]orb.Polygon{square(10, -10, 30, 10)})
	camera := geo.NewSector(orb.Point{0, 0}, 90, 90, 100)
	fmt.Println(o.Visible(camera, orb.Point{5, 0}), o.Visible(camera, orb.Point{50, 0}))
	// A camera mounted on the building's west wall, looking west.
	mounted := geo.NewSector(orb.Point{10, 0}, 270, 90, 100)
	fmt.Println(o.Visible(mounted, orb.Point{-20, 5}))
	// Output:
	// true false
	// true
}

func BenchmarkBlocked(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 0))
	o := geo.NewOccluders(randomBuildings(r, 100, 150))
	targets := make([]orb.Point, 256)
	for i := range targets {
		targets[i] = orb.Point{uniform(r, -100, 100), uniform(r, -100, 100)}
	}
	i := 0
	for b.Loop() {
		o.Blocked(orb.Point{0, 0}, targets[i&255])
		i++
	}
}

func BenchmarkIsovist(b *testing.B) {
	o := geo.NewOccluders(randomBuildings(rand.New(rand.NewPCG(1, 0)), 100, 150))
	s := geo.NewSector(orb.Point{0, 0}, 0, 360, 100)
	for b.Loop() {
		o.Isovist(s, 360)
	}
}
