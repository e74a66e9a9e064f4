package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

const deg = math.Pi / 180

// Projection is a transverse Mercator projection on the WGS84 ellipsoid centred
// on a point, so that distances and areas near the centre are in metres.
//
// The central meridian is the centre's longitude, the scale factor on it is 1 and
// the false northing puts the centre at (0, 0); X grows east and Y north. The
// projection uses Krüger's series to sixth order (Karney 2011, "Transverse
// Mercator with an accuracy of a few nanometers"). Scale grows as 1 + x²/(2R²)
// away from the central meridian: about 1e-5 at 30 km and 1.2e-4 at 100 km.
// A Projection is immutable and safe for concurrent use.
type Projection struct {
	lon0 float64 // central meridian, degrees
	y0   float64 // northing of the centre before the false northing, metres
	krugerTM
}

// krugerTM is the transverse Mercator of an ellipsoid with scale 1 on its central
// meridian and its origin where that meridian crosses the equator, by Krüger's series in
// the third flattening n to order n⁶ (Karney 2011, eqs. 11, 15, 35 and 36), the method
// PROJ's tmerc uses: within a few nanometres of the exact projection across a zone.
type krugerTM struct {
	a1    float64    // rectifying radius, metres: a quarter meridian is a1·π/2
	e     float64    // eccentricity
	e2m   float64    // 1 - e²
	alpha [6]float64 // Krüger coefficients, conformal sphere → projection
	beta  [6]float64 // Krüger coefficients, projection → conformal sphere
}

// newKrugerTM returns the series of ellipsoid el.
func newKrugerTM(el ellipsoid) krugerTM {
	n := el.f / (2 - el.f)
	n2 := n * n
	n3, n4 := n2*n, n2*n2
	n5, n6 := n4*n, n3*n3
	return krugerTM{
		a1:  el.a / (1 + n) * (1 + n2/4 + n4/64 + n6/256),
		e:   math.Sqrt(el.f * (2 - el.f)),
		e2m: (1 - el.f) * (1 - el.f),
		alpha: [6]float64{
			n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
			13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
			61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
			49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
			34729*n5/80640 - 3418889*n6/1995840,
			212378941 * n6 / 319334400,
		},
		beta: [6]float64{
			n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
			n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
			17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
			4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
			4583*n5/161280 - 108847*n6/3991680,
			20648693 * n6 / 638668800,
		},
	}
}

// NewProjection returns the projection centred on centre, a WGS84 longitude and
// latitude in degrees.
func NewProjection(centre orb.Point) *Projection {
	p := &Projection{lon0: centre[0], krugerTM: newKrugerTM(ellpsWGS84)}
	p.y0 = p.Forward(centre)[1]
	return p
}

// Forward projects a WGS84 longitude/latitude in degrees to metres east and
// north of the centre. It does not allocate.
func (p *Projection) Forward(ll orb.Point) orb.Point {
	lam := ll[0] - p.lon0
	if lam > 180 {
		lam -= 360
	} else if lam < -180 {
		lam += 360
	}
	sphi, cphi := math.Sincos(ll[1] * deg)
	slam, clam := math.Sincos(lam * deg)
	taup := p.conformal(sphi, cphi)
	xip := math.Atan2(taup, clam)
	etap := asinh(slam / math.Sqrt(taup*taup+clam*clam))
	dxi, deta := kruger(&p.alpha, xip, etap)
	return orb.Point{p.a1 * (etap + deta), p.a1*(xip+dxi) - p.y0}
}

// Inverse maps metres east and north of the centre back to a WGS84
// longitude/latitude in degrees.
func (p *Projection) Inverse(xy orb.Point) orb.Point {
	dlon, lat := p.inverse(xy[0], xy[1]+p.y0)
	lon := p.lon0 + dlon
	if lon > 180 {
		lon -= 360
	} else if lon < -180 {
		lon += 360
	}
	return orb.Point{lon, lat}
}

// inverse returns the longitude east of the central meridian and the latitude, in
// degrees, of the point x metres east of the central meridian and y north of the equator.
func (k *krugerTM) inverse(x, y float64) (dlon, lat float64) {
	xi := y / k.a1
	eta := x / k.a1
	dxi, deta := kruger(&k.beta, xi, eta)
	xip, etap := xi-dxi, eta-deta
	sxi, cxi := math.Sincos(xip)
	sh := math.Sinh(etap)
	tau := k.geodetic(sxi / math.Sqrt(sh*sh+cxi*cxi))
	return math.Atan2(sh, cxi) / deg, math.Atan(tau) / deg
}

// conformal returns tan of the conformal latitude for the geodetic latitude
// with sine sphi and cosine cphi.
func (k *krugerTM) conformal(sphi, cphi float64) float64 {
	sig := math.Sinh(k.e * atanhSmall(k.e*sphi))
	return (sphi*math.Sqrt(1+sig*sig) - sig) / cphi
}

// geodetic inverts conformal by Newton's method, which converges
// quadratically; the loop bound is a guard, three steps are typical.
func (k *krugerTM) geodetic(taup float64) float64 {
	tau := taup / k.e2m
	tol := math.Sqrt(0x1p-52) / 10 * math.Max(1, math.Abs(taup))
	for range 8 {
		tau1 := math.Sqrt(1 + tau*tau)
		taupa := k.conformal(tau/tau1, 1/tau1)
		dtau := (taup - taupa) * (1 + k.e2m*tau*tau) /
			(k.e2m * tau1 * math.Sqrt(1+taupa*taupa))
		tau += dtau
		if math.Abs(dtau) < tol {
			break
		}
	}
	return tau
}

// kruger sums Σ c[j]·sin(2(j+1)ζ) for ζ = xi + i·eta by Clenshaw's recurrence
// in complex arithmetic, written out in real and imaginary parts, and returns
// the sum's real and imaginary parts; only one sin/cos and one exp are
// evaluated.
func kruger(c *[6]float64, xi, eta float64) (float64, float64) {
	s, co := math.Sincos(2 * xi)
	ex := math.Exp(2 * eta)
	ch := (ex + 1/ex) / 2
	sh := math.Sinh(2 * eta)
	// k = 2·cos 2ζ, w = sin 2ζ.
	kr, ki := 2*co*ch, -2*s*sh
	wr, wi := s*ch, co*sh
	var b1r, b1i, b2r, b2i float64
	for j := len(c) - 1; j >= 0; j-- {
		b1r, b1i, b2r, b2i = kr*b1r-ki*b1i-b2r+c[j], kr*b1i+ki*b1r-b2i, b1r, b1i
	}
	return b1r*wr - b1i*wi, b1r*wi + b1i*wr
}

// The Taylor series below replace math.Atanh and math.Asinh, whose
// logarithms dominated the cost of Forward, for the small arguments Forward
// meets; both are accurate to about 1e-17 relative.

// atanhSmall is atanh(x) for |x| ≤ 0.1, such as e·sin φ.
func atanhSmall(x float64) float64 {
	x2 := x * x
	return x * (1 + x2*(1./3+x2*(1./5+x2*(1./7+x2*(1./9+x2*(1./11+x2*(1./13+x2*(1./15))))))))
}

// asinh is asinh(x): by its series for |x| < 0.05, that is within about
// 300 km of the central meridian, and by math.Asinh beyond.
func asinh(x float64) float64 {
	if math.Abs(x) >= 0.05 {
		return math.Asinh(x)
	}
	x2 := x * x
	return x * (1 + x2*(-1./6+x2*(3./40+x2*(-15./336+x2*(105./3456+x2*(-945./42240+x2*(10395./599040)))))))
}

// Convergence is the meridian convergence at a WGS84 point, in degrees: the angle by which
// true north there lies anticlockwise of the projection's grid north (positive east of the
// central meridian in the northern hemisphere). A bearing measured clockwise from true
// north, such as a camera's azimuth, is the grid bearing plus the convergence, so
// GridBearing(ll, bearing) = bearing − Convergence(ll). The spherical formula
// atan(tan Δλ · sin φ) differs from the ellipsoidal value by under 1e-9 degrees within
// 100 km of the centre.
func (p *Projection) Convergence(ll orb.Point) float64 {
	lam := (ll[0] - p.lon0) * deg
	return math.Atan(math.Tan(lam)*math.Sin(ll[1]*deg)) / deg
}

// GridBearing converts a bearing in degrees clockwise from true north at a WGS84 point
// into degrees clockwise from the projection's grid north, in [0, 360).
func (p *Projection) GridBearing(ll orb.Point, bearing float64) float64 {
	b := math.Mod(bearing-p.Convergence(ll), 360)
	if b < 0 {
		b += 360
	}
	return b
}

// ForwardGeometry returns a projected copy of g, a geometry in WGS84
// longitude/latitude; g itself is not modified. A Bound becomes the bound of
// the projected box, including the bulge of its parallels at the central
// meridian. It panics on a geometry type that orb does not define.
func (p *Projection) ForwardGeometry(g orb.Geometry) orb.Geometry {
	return transform(g, p.Forward, orb.Point{p.lon0, 0})
}

// InverseGeometry returns a copy of g, a projected geometry, in WGS84
// longitude/latitude; g itself is not modified. A Bound becomes the bound of
// the unprojected box. It panics on a geometry type that orb does not define.
func (p *Projection) InverseGeometry(g orb.Geometry) orb.Geometry {
	return transform(g, p.Inverse, orb.Point{0, -p.y0})
}

// transform applies f to a copy of g. For a Bound, special holds the vertical
// line (special[0]) on which the images of horizontal edges are extreme and
// the horizontal line (special[1]) on which the images of vertical edges are
// extreme: the central meridian and the equator, in the coordinates of g.
func transform(g orb.Geometry, f func(orb.Point) orb.Point, special orb.Point) orb.Geometry {
	switch g := g.(type) {
	case nil:
		return nil
	case orb.Point:
		return f(g)
	case orb.MultiPoint:
		return orb.MultiPoint(points(g, f))
	case orb.LineString:
		return orb.LineString(points(g, f))
	case orb.Ring:
		return orb.Ring(points(g, f))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, ls := range g {
			out[i] = points(ls, f)
		}
		return out
	case orb.Polygon:
		return polygon(g, f)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, poly := range g {
			out[i] = polygon(poly, f)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, c := range g {
			out[i] = transform(c, f, special)
		}
		return out
	case orb.Bound:
		return transformBound(g, f, special)
	}
	panic(fmt.Sprintf("geo: geometry type not supported: %T", g))
}

func points(ps []orb.Point, f func(orb.Point) orb.Point) []orb.Point {
	if ps == nil {
		return nil
	}
	out := make([]orb.Point, len(ps))
	for i, p := range ps {
		out[i] = f(p)
	}
	return out
}

func polygon(poly orb.Polygon, f func(orb.Point) orb.Point) orb.Polygon {
	out := make(orb.Polygon, len(poly))
	for i, r := range poly {
		out[i] = points(r, f)
	}
	return out
}

// transformBound maps the corners of b and, where b spans them, the points of
// its edges on the special lines; along each edge the image coordinates are
// monotonic on either side of those lines, so this is the bound of the image.
func transformBound(b orb.Bound, f func(orb.Point) orb.Point, special orb.Point) orb.Bound {
	c := f(b.Min)
	out := orb.Bound{Min: c, Max: c}
	out = out.Extend(f(b.Max))
	out = out.Extend(f(orb.Point{b.Min[0], b.Max[1]}))
	out = out.Extend(f(orb.Point{b.Max[0], b.Min[1]}))
	if b.Min[0] < special[0] && special[0] < b.Max[0] {
		out = out.Extend(f(orb.Point{special[0], b.Min[1]}))
		out = out.Extend(f(orb.Point{special[0], b.Max[1]}))
	}
	if b.Min[1] < special[1] && special[1] < b.Max[1] {
		out = out.Extend(f(orb.Point{b.Min[0], special[1]}))
		out = out.Extend(f(orb.Point{b.Max[0], special[1]}))
	}
	return out
}
