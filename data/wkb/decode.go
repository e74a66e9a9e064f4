package wkb

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Error is WKB that cannot be decoded: bytes cut short or inconsistent, or a geometry of
// a type cctvgis does not read. Reason says which, as a user reads it.
type Error struct{ Reason string }

func (e *Error) Error() string { return "wkb: " + e.Reason }

// errorf returns an Error of the message format and args make.
func errorf(format string, args ...any) error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// The geometry type codes, flags and dimensions: OGC codes 1–17, ISO's 1000s for Z,
// 2000s for M and 3000s for ZM, and EWKB's high bits for Z, M and an SRID.
const (
	typePoint           = 1
	typeLineString      = 2
	typePolygon         = 3
	typeMultiPoint      = 4
	typeMultiLineString = 5
	typeMultiPolygon    = 6

	flagZ    = 0x80000000
	flagM    = 0x40000000
	flagSRID = 0x20000000
)

// typeNames are the OGC names of the type codes, for messages.
var typeNames = [...]string{"", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString",
	"MultiPolygon", "GeometryCollection", "CircularString", "CompoundCurve", "CurvePolygon",
	"MultiCurve", "MultiSurface", "Curve", "Surface", "PolyhedralSurface", "TIN", "Triangle"}

// Decode decodes the geometry b holds, in any of WKB's byte orders and variants, and
// returns it with the SRID an EWKB value carries (0 for none). Positions keep their X and
// Y; Z and M are dropped. Points, line strings, polygons and their multi forms are read;
// a collection, a curve, a surface, an empty point or bytes left after the geometry are
// an Error.
func Decode(b []byte) (orb.Geometry, int, error) {
	d := decoder{b: b}
	g, srid, err := d.geometry(0)
	if err != nil {
		return nil, 0, err
	}
	if d.off != len(b) {
		return nil, 0, errorf("%d bytes after the geometry", len(b)-d.off)
	}
	return g, srid, nil
}

// decoder reads WKB from b; off is the next byte to read.
type decoder struct {
	b     []byte
	off   int
	order binary.ByteOrder
}

// header reads a geometry's byte order, type and SRID; dims is the number of coordinates
// of each position.
func (d *decoder) header() (kind uint32, dims int, srid int, err error) {
	if d.off >= len(d.b) {
		return 0, 0, 0, d.short()
	}
	switch o := d.b[d.off]; o {
	case 0:
		d.order = binary.BigEndian
	case 1:
		d.order = binary.LittleEndian
	default:
		return 0, 0, 0, errorf("byte order %d at byte %d, want 0 or 1", o, d.off)
	}
	d.off++
	code, err := d.uint32()
	if err != nil {
		return 0, 0, 0, err
	}
	dims = 2
	if code&flagZ != 0 {
		dims++
	}
	if code&flagM != 0 {
		dims++
	}
	if code&flagSRID != 0 {
		s, err := d.uint32()
		if err != nil {
			return 0, 0, 0, err
		}
		srid = int(int32(s))
	}
	kind = code &^ (flagZ | flagM | flagSRID)
	if kind >= 1000 && kind < 4000 {
		dims += [...]int{0, 1, 1, 2}[kind/1000]
		kind %= 1000
	}
	return kind, dims, srid, nil
}

// geometry reads one geometry; depth is 0 for the outermost, 1 for a part of a multi one.
func (d *decoder) geometry(depth int) (orb.Geometry, int, error) {
	kind, dims, srid, err := d.header()
	if err != nil {
		return nil, 0, err
	}
	switch kind {
	case typePoint:
		p, err := d.point(dims)
		if err == nil && math.IsNaN(p[0]) && math.IsNaN(p[1]) {
			err = errorf("an empty point")
		}
		return p, srid, err
	case typeLineString:
		ls, err := d.points(dims)
		return orb.LineString(ls), srid, err
	case typePolygon:
		p, err := d.polygon(dims)
		return p, srid, err
	}
	if depth > 0 || kind < typeMultiPoint || kind > typeMultiPolygon {
		if int(kind) < len(typeNames) && kind != 0 {
			what := "a part of a multi geometry"
			if depth == 0 {
				what = "a geometry"
			}
			return nil, 0, errorf("%s of type %s: cctvgis reads points, lines and polygons", what, typeNames[kind])
		}
		return nil, 0, errorf("unknown geometry type %d", kind)
	}
	// Each part takes at least a byte order, a type and a count or a position.
	n, err := d.count(9)
	if err != nil {
		return nil, 0, err
	}
	var g orb.Geometry
	switch kind {
	case typeMultiPoint:
		g, err = parts[orb.Point, orb.MultiPoint](d, n)
	case typeMultiLineString:
		g, err = parts[orb.LineString, orb.MultiLineString](d, n)
	default:
		g, err = parts[orb.Polygon, orb.MultiPolygon](d, n)
	}
	if err != nil {
		return nil, 0, err
	}
	return g, srid, nil
}

// parts reads the n parts of a multi geometry M, each of which must be a P.
func parts[P orb.Geometry, M ~[]P](d *decoder, n int) (M, error) {
	m := make(M, n)
	for i := range m {
		g, _, err := d.geometry(1)
		if err != nil {
			return nil, err
		}
		p, ok := g.(P)
		if !ok {
			var want P
			return nil, errorf("part %d of a Multi%s is a %s", i+1, want.GeoJSONType(), g.GeoJSONType())
		}
		m[i] = p
	}
	return m, nil
}

// polygon reads a polygon's rings.
func (d *decoder) polygon(dims int) (orb.Polygon, error) {
	// Each ring takes at least its count.
	n, err := d.count(4)
	if err != nil {
		return nil, err
	}
	p := make(orb.Polygon, n)
	for i := range p {
		r, err := d.points(dims)
		if err != nil {
			return nil, err
		}
		p[i] = r
	}
	return p, nil
}

// points reads a count and that many positions.
func (d *decoder) points(dims int) ([]orb.Point, error) {
	n, err := d.count(8 * dims)
	if err != nil {
		return nil, err
	}
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i], _ = d.point(dims)
	}
	return pts, nil
}

// point reads a position's X and Y, skipping its Z and M.
func (d *decoder) point(dims int) (orb.Point, error) {
	if len(d.b)-d.off < 8*dims {
		return orb.Point{}, d.short()
	}
	x := math.Float64frombits(d.order.Uint64(d.b[d.off:]))
	y := math.Float64frombits(d.order.Uint64(d.b[d.off+8:]))
	d.off += 8 * dims
	return orb.Point{x, y}, nil
}

// count reads a count of elements each taking at least size bytes, refusing one that the
// bytes left cannot hold: a corrupt count never becomes a large allocation.
func (d *decoder) count(size int) (int, error) {
	at := d.off
	c, err := d.uint32()
	if err != nil {
		return 0, err
	}
	if left := len(d.b) - d.off; uint64(c)*uint64(size) > uint64(left) {
		return 0, errorf("a count of %d at byte %d, more than the %d bytes left can hold", c, at, left)
	}
	return int(c), nil
}

func (d *decoder) uint32() (uint32, error) {
	if len(d.b)-d.off < 4 {
		return 0, d.short()
	}
	v := d.order.Uint32(d.b[d.off:])
	d.off += 4
	return v, nil
}

// short is the error of bytes that end inside a value.
func (d *decoder) short() error {
	return errorf("cut short at byte %d", len(d.b))
}
