package postgis

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
	"github.com/twpayne/go-geom/encoding/wkbcommon"
)

// go-geom allocates what an EWKB value's counts announce before reading the elements, so
// that a corrupt value claiming 2^31 points asks for 32 GB (FuzzFromEWKB found it). Its
// limits are package variables, and this package is its only user in cctvgis: at most
// 2^21 positions in a line or ring (32 MB before the read fails on the value's end), and
// 2^16 rings in a polygon, lines in a multi line string or polygons in a multipolygon.
func init() {
	wkbcommon.MaxGeometryElements = [4]int{0, 1 << 21, 1 << 16, 1 << 16}
}

// srid is the spatial reference of every stored geometry: WGS84 longitude/latitude.
const srid = 4326

// ErrGeometry is wrapped for a geometry that cannot cross the storage boundary: a type
// the layers do not use, or an EWKB value of another SRID.
var ErrGeometry = errors.New("data: unsupported geometry")

// toEWKB encodes an orb geometry as EWKB with SRID 4326, through go-geom.
func toEWKB(g orb.Geometry) ([]byte, error) {
	t, err := toGeom(g)
	if err != nil {
		return nil, err
	}
	return ewkb.Marshal(t, ewkb.NDR)
}

// fromEWKB decodes EWKB of SRID 4326 into an orb geometry.
func fromEWKB(b []byte) (orb.Geometry, error) {
	t, err := ewkb.Unmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("decoding EWKB: %w", err)
	}
	if t.SRID() != srid {
		return nil, fmt.Errorf("%w: SRID %d, want %d", ErrGeometry, t.SRID(), srid)
	}
	return fromGeom(t)
}

func toGeom(g orb.Geometry) (geom.T, error) {
	switch g := g.(type) {
	case orb.Point:
		return geom.NewPointFlat(geom.XY, []float64{g[0], g[1]}).SetSRID(srid), nil
	case orb.LineString:
		return geom.NewLineStringFlat(geom.XY, flatPoints(g)).SetSRID(srid), nil
	case orb.MultiLineString:
		m := geom.NewMultiLineString(geom.XY).SetSRID(srid)
		for _, ls := range g {
			if err := m.Push(geom.NewLineStringFlat(geom.XY, flatPoints(ls))); err != nil {
				return nil, err
			}
		}
		return m, nil
	case orb.Polygon:
		return toGeomPolygon(g).SetSRID(srid), nil
	case orb.MultiPolygon:
		m := geom.NewMultiPolygon(geom.XY).SetSRID(srid)
		for _, p := range g {
			if err := m.Push(toGeomPolygon(p)); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	return nil, fmt.Errorf("%w: %T", ErrGeometry, g)
}

func toGeomPolygon(p orb.Polygon) *geom.Polygon {
	var flat []float64
	ends := make([]int, 0, len(p))
	for _, r := range p {
		flat = append(flat, flatPoints(r)...)
		ends = append(ends, len(flat))
	}
	return geom.NewPolygonFlat(geom.XY, flat, ends)
}

func flatPoints[T ~[]orb.Point](pts T) []float64 {
	flat := make([]float64, 0, 2*len(pts))
	for _, p := range pts {
		flat = append(flat, p[0], p[1])
	}
	return flat
}

func fromGeom(t geom.T) (orb.Geometry, error) {
	switch t := t.(type) {
	case *geom.Point:
		// EWKB writes POINT EMPTY as NaN, NaN, which go-geom reads as a point without
		// coordinates.
		if t.Empty() {
			return nil, fmt.Errorf("%w: empty point", ErrGeometry)
		}
		c := t.Coords()
		return orb.Point{c[0], c[1]}, nil
	case *geom.LineString:
		return orb.LineString(points(t.Coords())), nil
	case *geom.MultiLineString:
		m := make(orb.MultiLineString, t.NumLineStrings())
		for i := range m {
			m[i] = orb.LineString(points(t.LineString(i).Coords()))
		}
		return m, nil
	case *geom.Polygon:
		return fromGeomPolygon(t), nil
	case *geom.MultiPolygon:
		m := make(orb.MultiPolygon, t.NumPolygons())
		for i := range m {
			m[i] = fromGeomPolygon(t.Polygon(i))
		}
		return m, nil
	}
	return nil, fmt.Errorf("%w: %T", ErrGeometry, t)
}

func fromGeomPolygon(p *geom.Polygon) orb.Polygon {
	out := make(orb.Polygon, p.NumLinearRings())
	for i := range out {
		out[i] = orb.Ring(points(p.LinearRing(i).Coords()))
	}
	return out
}

func points(cs []geom.Coord) []orb.Point {
	out := make([]orb.Point, len(cs))
	for i, c := range cs {
		out[i] = orb.Point{c[0], c[1]}
	}
	return out
}
