package geo

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// CRS is a geographic coordinate system in which longitude/latitude input may
// arrive. The zero value is WGS84.
type CRS int

const (
	// WGS84 is EPSG:4326, GPS's system and the one used inside cctvgis.
	// CGCS2000 (EPSG:4490), China's official datum, parses to WGS84: the two
	// differ by a few centimetres, far below camera-planning accuracy.
	WGS84 CRS = iota
	// GCJ02 is the obfuscated "Mars" system that Chinese web maps (AMap,
	// Tencent) are published in, offset from WGS84 by a few hundred metres.
	GCJ02
)

// ErrUnknownCRS is wrapped by ParseCRS when it does not recognise a name.
var ErrUnknownCRS = errors.New("geo: unknown coordinate system")

// ParseCRS returns the coordinate system named s: "wgs84", "cgcs2000" or
// "gcj02", in any case.
func ParseCRS(s string) (CRS, error) {
	switch strings.ToLower(s) {
	case "wgs84", "cgcs2000":
		return WGS84, nil
	case "gcj02":
		return GCJ02, nil
	}
	return 0, fmt.Errorf("%w %q (accepted: wgs84, cgcs2000, gcj02)", ErrUnknownCRS, s)
}

// String returns the name ParseCRS accepts for c.
func (c CRS) String() string {
	switch c {
	case WGS84:
		return "wgs84"
	case GCJ02:
		return "gcj02"
	}
	return fmt.Sprintf("CRS(%d)", int(c))
}

// ToWGS84 converts p, a longitude/latitude in c, to WGS84. Values of c other
// than the constants return p unchanged.
func (c CRS) ToWGS84(p orb.Point) orb.Point {
	if c == GCJ02 {
		return GCJ02ToWGS84(p)
	}
	return p
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
	w := p
	for range 20 {
		g := gcjOffset(w)
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
