package geo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// CRS is a coordinate system in which input may arrive: longitude/latitude on WGS84 or
// CGCS2000, the offset systems Chinese web maps publish in (GCJ-02, BD-09), or a
// projection in metres (Web Mercator, CGCS2000 Gauss-Krüger zones, UTM). ToWGS84 brings
// its coordinates to the WGS84 longitude/latitude used inside cctvgis. CRS values compare
// with ==; the zero value is WGS84.
type CRS struct {
	kind crsKind
	// epsg is the EPSG code of a projection of kind kindTM.
	epsg int
	// tm is the projection of kind tmerc.
	tm tmerc
}

type crsKind uint8

const (
	kindWGS84 crsKind = iota
	kindCGCS2000
	kindGCJ02
	kindBD09
	kindWebMercator
	kindTM
)

// The coordinate systems without parameters.
var (
	// WGS84 is EPSG:4326, GPS's system and the one used inside cctvgis.
	WGS84 = CRS{}
	// CGCS2000 is EPSG:4490, China's official geographic system. It differs from WGS84 by
	// a few centimetres, far below camera-planning accuracy, and is read as WGS84.
	CGCS2000 = CRS{kind: kindCGCS2000}
	// GCJ02 is the obfuscated "Mars" system that Chinese web maps (AMap, Tencent) publish
	// in, offset from WGS84 by a few hundred metres.
	GCJ02 = CRS{kind: kindGCJ02}
	// BD09 is Baidu Maps' system: a further offset of GCJ-02.
	BD09 = CRS{kind: kindBD09}
	// WebMercator is EPSG:3857, the spherical Mercator of web map tiles, in metres.
	WebMercator = CRS{kind: kindWebMercator}
)

// NamedCRS returns the coordinate systems that have a name besides an EPSG code, in the
// order CRSNames lists them: a choice of systems offers them, and epsg:N for the others.
func NamedCRS() []CRS { return []CRS{WGS84, CGCS2000, GCJ02, BD09, WebMercator} }

// ErrUnknownCRS is wrapped by the parsers of coordinate systems when they do not
// recognise one, or recognise one that cctvgis does not read.
var ErrUnknownCRS = errors.New("geo: unknown coordinate system")

// CRSNames lists what ParseCRS accepts, for messages and help texts.
const CRSNames = "wgs84 (epsg:4326), cgcs2000 (epsg:4490), gcj02, bd09, webmercator (epsg:3857), " +
	"epsg:4491–4554 (CGCS2000 Gauss-Krüger, 6- and 3-degree zones, with or without the zone in the easting), " +
	"epsg:32601–32660 and epsg:32701–32760 (UTM on WGS84)"

// ParseCRS returns the coordinate system named s, in any case: a name of CRSNames,
// "epsg:N" (or "EPSG::N" and the OGC URN forms GeoJSON files carry, such as
// urn:ogc:def:crs:EPSG::4547 and urn:ogc:def:crs:OGC:1.3:CRS84).
func ParseCRS(s string) (CRS, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	switch name {
	case "wgs84", "crs84", "urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84":
		return WGS84, nil
	case "cgcs2000":
		return CGCS2000, nil
	case "gcj02":
		return GCJ02, nil
	case "bd09":
		return BD09, nil
	case "webmercator":
		return WebMercator, nil
	}
	for _, prefix := range []string{"urn:ogc:def:crs:epsg::", "urn:ogc:def:crs:epsg:", "epsg::", "epsg:"} {
		if code, ok := strings.CutPrefix(name, prefix); ok {
			// urn:ogc:def:crs:EPSG:6.6:4326 carries a version before the code.
			if i := strings.LastIndexByte(code, ':'); i >= 0 {
				code = code[i+1:]
			}
			n, err := strconv.Atoi(code)
			if err != nil {
				break
			}
			return CRSFromEPSG(n)
		}
	}
	return CRS{}, fmt.Errorf("%w %q (accepted: %s)", ErrUnknownCRS, s, CRSNames)
}

// CRSFromEPSG returns the coordinate system of an EPSG code that cctvgis reads.
func CRSFromEPSG(code int) (CRS, error) {
	switch {
	case code == 4326:
		return WGS84, nil
	case code == 4490:
		return CGCS2000, nil
	case code == 3857 || code == 900913 || code == 102100:
		return WebMercator, nil
	case code >= 4491 && code <= 4554:
		return gaussKruger(code), nil
	case code >= 32601 && code <= 32660:
		return utm(code, code-32600, false), nil
	case code >= 32701 && code <= 32760:
		return utm(code, code-32700, true), nil
	}
	return CRS{}, fmt.Errorf("%w: EPSG:%d (accepted: %s)", ErrUnknownCRS, code, CRSNames)
}

// gaussKruger is one of CGCS2000's Gauss-Krüger projections, EPSG:4491–4554:
// 4491–4501 6-degree zones 13–23 with the zone number leading the easting, 4502–4512 the
// same zones by central meridian (75°E–135°E) without it; 4513–4533 3-degree zones 25–45
// with the zone number, 4534–4554 the same by central meridian without it.
func gaussKruger(code int) CRS {
	var zone int
	var lon0 float64
	prefixed := false
	switch {
	case code <= 4501:
		zone, prefixed = code-4491+13, true
		lon0 = float64(6*zone - 3)
	case code <= 4512:
		zone = code - 4502 + 13
		lon0 = float64(6*zone - 3)
	case code <= 4533:
		zone, prefixed = code-4513+25, true
		lon0 = float64(3 * zone)
	default:
		zone = code - 4534 + 25
		lon0 = float64(3 * zone)
	}
	x0 := 500000.0
	if prefixed {
		x0 += float64(zone) * 1e6
	}
	return CRS{kind: kindTM, epsg: code, tm: tmerc{ellps: ellpsCGCS2000, lon0: lon0, k0: 1, x0: x0}}
}

// utm is a UTM zone on WGS84.
func utm(code, zone int, south bool) CRS {
	tm := tmerc{ellps: ellpsWGS84, lon0: float64(6*zone - 183), k0: 0.9996, x0: 500000}
	if south {
		tm.y0 = 10000000
	}
	return CRS{kind: kindTM, epsg: code, tm: tm}
}

// String returns the name ParseCRS accepts for c: wgs84, cgcs2000, gcj02, bd09,
// webmercator, or epsg:N for the projections.
func (c CRS) String() string {
	switch c.kind {
	case kindWGS84:
		return "wgs84"
	case kindCGCS2000:
		return "cgcs2000"
	case kindGCJ02:
		return "gcj02"
	case kindBD09:
		return "bd09"
	case kindWebMercator:
		return "webmercator"
	}
	return "epsg:" + strconv.Itoa(c.epsg)
}

// EPSG returns c's EPSG code, 0 for GCJ-02 and BD-09, which have none.
func (c CRS) EPSG() int {
	switch c.kind {
	case kindWGS84:
		return 4326
	case kindCGCS2000:
		return 4490
	case kindWebMercator:
		return 3857
	}
	return c.epsg
}

// Projected reports whether c's coordinates are metres on a projection rather than
// longitude/latitude in degrees.
func (c CRS) Projected() bool { return c.kind == kindWebMercator || c.kind == kindTM }

// ToWGS84 converts p, a position in c (x, y: longitude, latitude or easting, northing),
// to a WGS84 longitude/latitude.
func (c CRS) ToWGS84(p orb.Point) orb.Point {
	switch c.kind {
	case kindGCJ02:
		return GCJ02ToWGS84(p)
	case kindBD09:
		return GCJ02ToWGS84(BD09ToGCJ02(p))
	case kindWebMercator:
		return orb.Point{p[0] / webMercatorR / deg, math.Atan(math.Sinh(p[1]/webMercatorR)) / deg}
	case kindTM:
		return c.tm.inverse(p)
	}
	return p
}

// webMercatorR is the radius of Web Mercator's sphere: WGS84's semi-major axis.
const webMercatorR = 6378137.0

// ErrLooksProjected is wrapped by ProjectedError: a file whose positions are metres on a
// projection it does not name.
var ErrLooksProjected = errors.New("geo: coordinates look projected, not longitude/latitude")

// LooksProjected reports whether p can only be metres on a projection: both coordinates
// beyond 360 in magnitude, which no longitude or latitude reaches, while every projection
// of China puts its positions hundreds of kilometres or more from its origin. A single
// coordinate out of range is a typing error, not a projection.
func LooksProjected(p orb.Point) bool { return math.Abs(p[0]) > 360 && math.Abs(p[1]) > 360 }

// ProjectedError is the error of a file whose positions look projected (p is one) while
// its coordinate system is unknown: it names the systems --crs accepts, so that the file
// is refused rather than its system guessed.
func ProjectedError(p orb.Point) error {
	return fmt.Errorf("%w: (%g, %g); name the file's coordinate system with --crs (accepted: %s)", ErrLooksProjected, p[0], p[1], CRSNames)
}

// Place converts position p, given in c, to WGS84 longitude/latitude, or says why it
// cannot stand: a longitude outside −180..180 or a latitude outside −90..90, as given in a
// geographic system, once converted in a projected one. It is the one position rule of
// the file readers.
func (c CRS) Place(p orb.Point) (orb.Point, string) {
	if c.Projected() {
		w := c.ToWGS84(p)
		if !(w[0] >= -180 && w[0] <= 180 && w[1] >= -90 && w[1] <= 90) {
			return p, fmt.Sprintf("(%v, %v) in %s lie outside longitude −180..180, latitude −90..90", p[0], p[1], c)
		}
		return w, ""
	}
	switch {
	case !(p[0] >= -180 && p[0] <= 180):
		return p, fmt.Sprintf("longitude %v is outside −180..180", p[0])
	case !(p[1] >= -90 && p[1] <= 90):
		return p, fmt.Sprintf("latitude %v is outside −90..90", p[1])
	}
	return c.ToWGS84(p), ""
}

// OutOfChina reports whether p lies outside the rectangle, longitude
// 72.004–137.8347 and latitude 0.8293–55.8271, where GCJ-02 applies.
func OutOfChina(p orb.Point) bool {
	return p[0] < 72.004 || p[0] > 137.8347 || p[1] < 0.8293 || p[1] > 55.8271
}

// WGS84ToGCJ02 converts a WGS84 longitude/latitude to GCJ-02; points outside
// China (see OutOfChina) are returned unchanged.
func WGS84ToGCJ02(p orb.Point) orb.Point {
	if OutOfChina(p) {
		return p
	}
	return gcjOffset(p)
}

// GCJ02ToWGS84 converts a GCJ-02 longitude/latitude to WGS84 by fixed-point
// iteration on WGS84ToGCJ02, to within 1e-9 degrees (at most 20 steps; the
// offset varies slowly, so a handful suffice). Points outside China are
// returned unchanged.
func GCJ02ToWGS84(p orb.Point) orb.Point {
	if OutOfChina(p) {
		return p
	}
	return invert(p, gcjOffset)
}

// invert finds w with f(w) = p by fixed-point iteration, to within 1e-10 degrees (at most
// 20 steps): f is one of the web maps' offsets, which vary slowly.
func invert(p orb.Point, f func(orb.Point) orb.Point) orb.Point {
	w := p
	for range 20 {
		g := f(w)
		dx, dy := p[0]-g[0], p[1]-g[1]
		w = orb.Point{w[0] + dx, w[1] + dy}
		if math.Abs(dx) < 1e-10 && math.Abs(dy) < 1e-10 {
			break
		}
	}
	return w
}

// gcjOffset applies the published GCJ-02 transform without the China test, so
// that the inverse iteration stays smooth near the rectangle's edges.
func gcjOffset(p orb.Point) orb.Point {
	const (
		a  = 6378245.0 // Krasovsky 1940
		ee = 0.00669342162296594323
	)
	x, y := p[0]-105, p[1]-35
	dLat := -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x)) +
		(20*math.Sin(6*x*math.Pi)+20*math.Sin(2*x*math.Pi))*2/3 +
		(20*math.Sin(y*math.Pi)+40*math.Sin(y/3*math.Pi))*2/3 +
		(160*math.Sin(y/12*math.Pi)+320*math.Sin(y*math.Pi/30))*2/3
	dLon := 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x)) +
		(20*math.Sin(6*x*math.Pi)+20*math.Sin(2*x*math.Pi))*2/3 +
		(20*math.Sin(x*math.Pi)+40*math.Sin(x/3*math.Pi))*2/3 +
		(150*math.Sin(x/12*math.Pi)+300*math.Sin(x/30*math.Pi))*2/3
	sl, cl := math.Sincos(p[1] * deg)
	magic := 1 - ee*sl*sl
	sqrtMagic := math.Sqrt(magic)
	dLat = dLat * 180 / (a * (1 - ee) / (magic * sqrtMagic) * math.Pi)
	dLon = dLon * 180 / (a / sqrtMagic * cl * math.Pi)
	return orb.Point{p[0] + dLon, p[1] + dLat}
}

// bdXPi is the constant of Baidu's published transform (π·3000/180).
const bdXPi = math.Pi * 3000 / 180

// GCJ02ToBD09 converts a GCJ-02 longitude/latitude to Baidu's BD-09 by the published
// transform.
func GCJ02ToBD09(p orb.Point) orb.Point {
	x, y := p[0], p[1]
	z := math.Hypot(x, y) + 0.00002*math.Sin(y*bdXPi)
	theta := math.Atan2(y, x) + 0.000003*math.Cos(x*bdXPi)
	return orb.Point{z*math.Cos(theta) + 0.0065, z*math.Sin(theta) + 0.006}
}

// BD09ToGCJ02 converts a BD-09 longitude/latitude to GCJ-02 by fixed-point iteration on
// GCJ02ToBD09, exact where the usual closed-form approximation is off by up to a metre.
func BD09ToGCJ02(p orb.Point) orb.Point { return invert(p, GCJ02ToBD09) }
