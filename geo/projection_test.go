package geo_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/geo"
)

// vincenty returns the WGS84 ellipsoidal distance in metres between two
// longitude/latitude points by Vincenty's inverse formula.
func vincenty(tb testing.TB, p1, p2 orb.Point) float64 {
	tb.Helper()
	const (
		a = 6378137.0
		f = 1 / 298.257223563
		b = a * (1 - f)
		r = math.Pi / 180
	)
	l := (p2[0] - p1[0]) * r
	u1 := math.Atan((1 - f) * math.Tan(p1[1]*r))
	u2 := math.Atan((1 - f) * math.Tan(p2[1]*r))
	su1, cu1 := math.Sincos(u1)
	su2, cu2 := math.Sincos(u2)
	lambda := l
	var sinS, cosS, sigma, cos2a, cos2sm float64
	for i := 0; ; i++ {
		if i == 200 {
			tb.Fatalf("vincenty %v %v: no convergence", p1, p2)
		}
		sl, cl := math.Sincos(lambda)
		sinS = math.Hypot(cu2*sl, cu1*su2-su1*cu2*cl)
		if sinS == 0 {
			return 0
		}
		cosS = su1*su2 + cu1*cu2*cl
		sigma = math.Atan2(sinS, cosS)
		sinA := cu1 * cu2 * sl / sinS
		cos2a = 1 - sinA*sinA
		cos2sm = 0
		if cos2a != 0 {
			cos2sm = cosS - 2*su1*su2/cos2a
		}
		c := f / 16 * cos2a * (4 + f*(4-3*cos2a))
		prev := lambda
		lambda = l + (1-c)*f*sinA*(sigma+c*sinS*(cos2sm+c*cosS*(-1+2*cos2sm*cos2sm)))
		if math.Abs(lambda-prev) < 1e-13 {
			break
		}
	}
	u2sq := cos2a * (a*a - b*b) / (b * b)
	bigA := 1 + u2sq/16384*(4096+u2sq*(-768+u2sq*(320-175*u2sq)))
	bigB := u2sq / 1024 * (256 + u2sq*(-128+u2sq*(74-47*u2sq)))
	ds := bigB * sinS * (cos2sm + bigB/4*(cosS*(-1+2*cos2sm*cos2sm)-
		bigB/6*cos2sm*(-3+4*sinS*sinS)*(-3+4*cos2sm*cos2sm)))
	return b * bigA * (sigma - ds)
}

// nearby returns a random point roughly within maxDist metres of c.
func nearby(r interface{ Float64() float64 }, c orb.Point, maxDist float64) orb.Point {
	d := maxDist * math.Sqrt(r.Float64())
	s, co := math.Sincos(2 * math.Pi * r.Float64())
	return orb.Point{
		c[0] + d*s/(111320*math.Cos(c[1]*math.Pi/180)),
		c[1] + d*co/110950,
	}
}

func distance(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

var cities = []struct {
	name   string
	centre orb.Point
}{
	{"Sanya", orb.Point{109.512, 18.252}},
	{"Guangzhou", orb.Point{113.264, 23.129}},
	{"Yangzhou", orb.Point{119.421, 32.393}},
	{"Beijing", orb.Point{116.397, 39.908}},
	{"Urumqi", orb.Point{87.617, 43.826}},
	{"Mohe", orb.Point{122.536, 52.972}},
}

func TestProjectionCentreAndOffsets(t *testing.T) {
	for _, c := range cities {
		t.Run(c.name, func(t *testing.T) {
			p := geo.NewProjection(c.centre)
			if o := p.Forward(c.centre); math.Hypot(o[0], o[1]) > 1e-6 {
				t.Errorf("Forward(centre) = %v, want (0, 0)", o)
			}
			for _, off := range []orb.Point{{100, 0}, {0, 100}, {-100, 0}, {0, -100}} {
				d := vincenty(t, c.centre, p.Inverse(off))
				if math.Abs(d-100) > 0.1 {
					t.Errorf("offset %v measures %.4f m, want 100 ± 0.1", off, d)
				}
			}
		})
	}
}

func TestProjectionDistanceError(t *testing.T) {
	r := newRand(t)
	worst := 0.0
	for range 2000 {
		c := orb.Point{uniform(r, 73, 135), uniform(r, 18, 54)}
		p := geo.NewProjection(c)
		a, b := nearby(r, c, 29000), nearby(r, c, 29000)
		if vincenty(t, c, a) > 30000 || vincenty(t, c, b) > 30000 {
			continue
		}
		want := vincenty(t, a, b)
		if want < 10 {
			continue
		}
		got := distance(p.Forward(a), p.Forward(b))
		worst = max(worst, math.Abs(got-want)/want)
	}
	t.Logf("worst relative distance error %.3g", worst)
	if worst >= 0.001 {
		t.Errorf("worst relative distance error %.3g, want < 0.001", worst)
	}
}

func TestProjectionRoundTrip(t *testing.T) {
	r := newRand(t)
	for range 2000 {
		c := orb.Point{uniform(r, 73, 135), uniform(r, 18, 54)}
		p := geo.NewProjection(c)
		ll := nearby(r, c, 100000)
		back := p.Inverse(p.Forward(ll))
		if math.Abs(back[0]-ll[0]) > 1e-9 || math.Abs(back[1]-ll[1]) > 1e-9 {
			t.Fatalf("centre %v: Inverse(Forward(%v)) = %v", c, ll, back)
		}
	}
}

func TestProjectionFarFromCentre(t *testing.T) {
	cases := []struct {
		name       string
		centre, ll orb.Point
		wantX      float64 // sign of the expected easting
	}{
		{"5 degrees east", orb.Point{110, 30}, orb.Point{115, 31}, 1},
		{"8 degrees west", orb.Point{110, 30}, orb.Point{102, 25}, -1},
		{"across the antimeridian eastward", orb.Point{179.9, -17}, orb.Point{-179.9, -17.1}, 1},
		{"across the antimeridian westward", orb.Point{-179.9, 65}, orb.Point{179.95, 65}, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := geo.NewProjection(c.centre)
			xy := p.Forward(c.ll)
			if math.Signbit(xy[0]) != math.Signbit(c.wantX) {
				t.Errorf("Forward(%v) = %v, want easting of sign %v", c.ll, xy, c.wantX)
			}
			back := p.Inverse(xy)
			if math.Abs(back[0]-c.ll[0]) > 1e-9 || math.Abs(back[1]-c.ll[1]) > 1e-9 {
				t.Errorf("Inverse(Forward(%v)) = %v", c.ll, back)
			}
		})
	}
}

func TestProjectionGeometry(t *testing.T) {
	p := geo.NewProjection(orb.Point{119.42, 32.39})
	ring := orb.Ring{{119.41, 32.38}, {119.43, 32.38}, {119.43, 32.4}, {119.41, 32.38}}
	hole := orb.Ring{{119.42, 32.385}, {119.425, 32.385}, {119.425, 32.39}, {119.42, 32.385}}
	cases := []struct {
		name string
		g    orb.Geometry
	}{
		{"point", orb.Point{119.43, 32.4}},
		{"multipoint", orb.MultiPoint{{119.41, 32.38}, {119.43, 32.4}}},
		{"linestring", orb.LineString{{119.41, 32.38}, {119.43, 32.4}}},
		{"multilinestring", orb.MultiLineString{{{119.41, 32.38}, {119.43, 32.4}}, {{119.4, 32.3}, {119.5, 32.5}}}},
		{"ring", ring},
		{"polygon", orb.Polygon{ring, hole}},
		{"multipolygon", orb.MultiPolygon{{ring, hole}, {ring}}},
		{"collection", orb.Collection{orb.Point{119.43, 32.4}, orb.Polygon{ring}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := orb.Clone(c.g)
			fwd := p.ForwardGeometry(c.g)
			if !orb.Equal(c.g, before) {
				t.Fatal("ForwardGeometry modified its input")
			}
			if fmt.Sprintf("%T", fwd) != fmt.Sprintf("%T", c.g) {
				t.Fatalf("ForwardGeometry returned %T, want %T", fwd, c.g)
			}
			if orb.Equal(fwd, c.g) {
				t.Fatal("ForwardGeometry returned its input")
			}
			fwdBefore := orb.Clone(fwd)
			back := p.InverseGeometry(fwd)
			if !orb.Equal(fwd, fwdBefore) {
				t.Fatal("InverseGeometry modified its input")
			}
			if !orb.Equal(orb.Round(back, 1e8), orb.Round(orb.Clone(c.g), 1e8)) {
				t.Errorf("round trip gave %v, want %v", back, c.g)
			}
		})
	}
}

func TestProjectionBound(t *testing.T) {
	beijing := orb.Point{116.4, 39.9}
	cases := []struct {
		name   string
		centre orb.Point
		b      orb.Bound
	}{
		{"around the centre", beijing, orb.Bound{Min: orb.Point{116.0, 39.6}, Max: orb.Point{116.8, 40.2}}},
		{"east of the centre", beijing, orb.Bound{Min: orb.Point{116.5, 39.95}, Max: orb.Point{116.9, 40.3}}},
		{"south-west of the centre", beijing, orb.Bound{Min: orb.Point{115.6, 39.0}, Max: orb.Point{116.3, 39.8}}},
		{"across the equator", orb.Point{103.8, 1.3}, orb.Bound{Min: orb.Point{104.5, -1.5}, Max: orb.Point{106, 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := geo.NewProjection(c.centre)
			fb := p.ForwardGeometry(c.b).(orb.Bound)
			checkBoundOfImage(t, fb, edgeSamples(c.b), p.Forward)
			ib := p.InverseGeometry(fb).(orb.Bound)
			checkBoundOfImage(t, ib, edgeSamples(fb), p.Inverse)
		})
	}
}

// edgeSamples returns points densely spread along the edges of b.
func edgeSamples(b orb.Bound) []orb.Point {
	const n = 2000
	var ps []orb.Point
	for i := range n + 1 {
		f := float64(i) / n
		x := b.Min[0] + f*(b.Max[0]-b.Min[0])
		y := b.Min[1] + f*(b.Max[1]-b.Min[1])
		ps = append(ps, orb.Point{x, b.Min[1]}, orb.Point{x, b.Max[1]}, orb.Point{b.Min[0], y}, orb.Point{b.Max[0], y})
	}
	return ps
}

// checkBoundOfImage checks that got is the bound of f applied to samples, to
// within a millionth of its size.
func checkBoundOfImage(t *testing.T, got orb.Bound, samples []orb.Point, f func(orb.Point) orb.Point) {
	t.Helper()
	q := f(samples[0])
	want := orb.Bound{Min: q, Max: q}
	for _, s := range samples {
		want = want.Extend(f(s))
	}
	tol := 1e-6 * math.Max(want.Max[0]-want.Min[0], want.Max[1]-want.Min[1])
	if distance(got.Min, want.Min) > tol || distance(got.Max, want.Max) > tol {
		t.Errorf("bound %v, want %v", got, want)
	}
}

func ExampleProjection() {
	p := geo.NewProjection(orb.Point{116.397, 39.908})
	xy := p.Forward(orb.Point{116.407, 39.918})
	fmt.Printf("%.1f m east, %.1f m north\n", xy[0], xy[1])
	ll := p.Inverse(xy)
	fmt.Printf("back to %.6f, %.6f\n", ll[0], ll[1])
	// Output:
	// 855.0 m east, 1110.4 m north
	// back to 116.407000, 39.918000
}

func BenchmarkForward(b *testing.B) {
	p := geo.NewProjection(orb.Point{119.42, 32.39})
	ll := orb.Point{119.43, 32.40}
	for b.Loop() {
		p.Forward(ll)
	}
}

func BenchmarkInverse(b *testing.B) {
	p := geo.NewProjection(orb.Point{119.42, 32.39})
	xy := orb.Point{940.5, 1109.9}
	for b.Loop() {
		p.Inverse(xy)
	}
}

// A point due true north of another must lie at the grid bearing GridBearing(p, 0).
func TestProjectionConvergence(t *testing.T) {
	tests := []struct {
		name         string
		centre, at   orb.Point
		wantPositive bool
	}{
		{"east of the meridian, north", orb.Point{119.4, 32.4}, orb.Point{119.55, 32.45}, true},
		{"west of the meridian, north", orb.Point{119.4, 32.4}, orb.Point{119.25, 32.30}, false},
		{"far north", orb.Point{126.6, 45.7}, orb.Point{126.9, 45.8}, true},
		{"south China", orb.Point{109.5, 18.3}, orb.Point{109.3, 18.25}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := geo.NewProjection(tc.centre)
			if got := p.Convergence(tc.at) > 0; got != tc.wantPositive {
				t.Fatalf("convergence %v, want positive %v", p.Convergence(tc.at), tc.wantPositive)
			}
			a := p.Forward(tc.at)
			b := p.Forward(orb.Point{tc.at[0], tc.at[1] + 0.001})
			grid := math.Mod(math.Atan2(b[0]-a[0], b[1]-a[1])*180/math.Pi+360, 360)
			want := p.GridBearing(tc.at, 0)
			if d := math.Abs(math.Remainder(grid-want, 360)); d > 1e-5 {
				t.Errorf("true north is at grid bearing %.7f, GridBearing says %.7f", grid, want)
			}
			if c := p.Convergence(tc.centre); math.Abs(c) > 1e-12 {
				t.Errorf("convergence at the centre %v, want 0", c)
			}
		})
	}
}
