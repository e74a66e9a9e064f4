package postgis

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

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

// The EWKB geometry type codes of the layers' types, and the flag saying an SRID follows.
const (
	wkbPoint           = 1
	wkbLineString      = 2
	wkbPolygon         = 3
	wkbMultiLineString = 5
	wkbMultiPolygon    = 6
	ewkbSRIDFlag       = 0x20000000
)

// appendEWKB appends g as little-endian EWKB with SRID 4326 to b, as go-geom's ewkb.Marshal
// writes it but without building a go-geom value: an import encodes every feature, and
// reuses b for the next.
func appendEWKB(b []byte, g orb.Geometry) ([]byte, error) {
	switch g := g.(type) {
	case orb.Point:
		return appendCoords(appendHeader(b, wkbPoint, true), g), nil
	case orb.LineString:
		return appendPoints(appendHeader(b, wkbLineString, true), g), nil
	case orb.MultiLineString:
		b = binary.LittleEndian.AppendUint32(appendHeader(b, wkbMultiLineString, true), uint32(len(g)))
		for _, ls := range g {
			b = appendPoints(appendHeader(b, wkbLineString, false), ls)
		}
		return b, nil
	case orb.Polygon:
		return appendRings(appendHeader(b, wkbPolygon, true), g), nil
	case orb.MultiPolygon:
		b = binary.LittleEndian.AppendUint32(appendHeader(b, wkbMultiPolygon, true), uint32(len(g)))
		for _, p := range g {
			b = appendRings(appendHeader(b, wkbPolygon, false), p)
		}
		return b, nil
	}
	return b, fmt.Errorf("%w: %T", ErrGeometry, g)
}

// appendHeader appends the byte order and the type, with the SRID when withSRID (only the
// outermost geometry carries it).
func appendHeader(b []byte, kind uint32, withSRID bool) []byte {
	b = append(b, 1) // NDR: little-endian
	if !withSRID {
		return binary.LittleEndian.AppendUint32(b, kind)
	}
	b = binary.LittleEndian.AppendUint32(b, kind|ewkbSRIDFlag)
	return binary.LittleEndian.AppendUint32(b, srid)
}

func appendCoords(b []byte, p orb.Point) []byte {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[0]))
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(p[1]))
}

func appendPoints[T ~[]orb.Point](b []byte, pts T) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(pts)))
	for _, p := range pts {
		b = appendCoords(b, p)
	}
	return b
}

func appendRings(b []byte, p orb.Polygon) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(p)))
	for _, r := range p {
		b = appendPoints(b, r)
	}
	return b
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
