package geo

import "github.com/paulmach/orb"

// ellipsoid is a reference ellipsoid by its semi-major axis and flattening.
type ellipsoid struct{ a, f float64 }

// The ellipsoids of the projections cctvgis reads.
var (
	ellpsWGS84    = ellipsoid{a: 6378137, f: 1 / 298.257223563}
	ellpsCGCS2000 = ellipsoid{a: 6378137, f: 1 / 298.257222101}
)

// tmerc is a transverse Mercator projection (Gauss-Krüger): central meridian lon0
// (degrees), scale k0 on it, false easting x0 and false northing y0 (metres), latitude
// of origin the equator.
type tmerc struct {
	ellps    ellipsoid
	lon0, k0 float64
	x0, y0   float64
}

// inverse returns the longitude/latitude, in degrees, of easting and northing p.
func (t tmerc) inverse(p orb.Point) orb.Point {
	k := newKrugerTM(t.ellps)
	dlon, lat := k.inverse((p[0]-t.x0)/t.k0, (p[1]-t.y0)/t.k0)
	return orb.Point{t.lon0 + dlon, lat}
}
