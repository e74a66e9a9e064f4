package wkb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// ErrUnsupported is wrapped by AppendEWKB for a geometry of a type no layer holds.
var ErrUnsupported = errors.New("wkb: unsupported geometry type")

// AppendEWKB appends g as little-endian EWKB with the SRID srid to b, as PostGIS's
// ST_AsEWKB writes it: a store encodes every feature of an import, and reuses b for the
// next. Points, line strings, polygons and their multi line and multi polygon forms are
// written; another type wraps ErrUnsupported.
func AppendEWKB(b []byte, g orb.Geometry, srid int) ([]byte, error) {
	switch g := g.(type) {
	case orb.Point:
		return appendCoords(appendHeader(b, typePoint, srid), g), nil
	case orb.LineString:
		return appendPoints(appendHeader(b, typeLineString, srid), g), nil
	case orb.MultiLineString:
		b = binary.LittleEndian.AppendUint32(appendHeader(b, typeMultiLineString, srid), uint32(len(g)))
		for _, ls := range g {
			b = appendPoints(appendHeader(b, typeLineString, 0), ls)
		}
		return b, nil
	case orb.Polygon:
		return appendRings(appendHeader(b, typePolygon, srid), g), nil
	case orb.MultiPolygon:
		b = binary.LittleEndian.AppendUint32(appendHeader(b, typeMultiPolygon, srid), uint32(len(g)))
		for _, p := range g {
			b = appendRings(appendHeader(b, typePolygon, 0), p)
		}
		return b, nil
	}
	return b, fmt.Errorf("%w: %s", ErrUnsupported, g.GeoJSONType())
}

// appendHeader appends the byte order and the type, with the SRID when it is not 0 (only
// the outermost geometry carries it).
func appendHeader(b []byte, kind uint32, srid int) []byte {
	b = append(b, 1) // NDR: little-endian
	if srid == 0 {
		return binary.LittleEndian.AppendUint32(b, kind)
	}
	b = binary.LittleEndian.AppendUint32(b, kind|flagSRID)
	return binary.LittleEndian.AppendUint32(b, uint32(int32(srid)))
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
