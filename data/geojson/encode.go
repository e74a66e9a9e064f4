package geojson

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// spillAt is how many bytes an encoder gathers before it hands them to its writer.
const spillAt = 64 << 10

// encoder appends JSON text to buf and hands it to w in blocks of about spillAt bytes, so
// that a file of any size is written in constant memory and without reflection. It tracks
// commas itself: after an opening bracket or a key the next value needs none, after any
// value the next member or element does. The first error stops it; later calls do nothing
// but append to a buffer that is never written. An encoder without a writer only fills
// its buffer, for its owner to write.
type encoder struct {
	w     io.Writer
	buf   []byte
	comma bool
	err   error
	// bad is called for a value JSON cannot hold (a number that is not finite); it
	// records the error.
	bad func(field, reason string)
	// layer selects the input format's positions: 7 decimals, rings closed. Otherwise
	// positions are written exactly, in the shortest form that reads back the same.
	layer bool
}

func newEncoder(w io.Writer) *encoder {
	return &encoder{w: w, buf: make([]byte, 0, spillAt+spillAt/2)}
}

// spill hands the buffer to w once it holds spillAt bytes; call it between features.
func (e *encoder) spill() {
	if len(e.buf) >= spillAt {
		e.write()
	}
}

// finish writes what the buffer holds and returns the first error.
func (e *encoder) finish() error {
	e.write()
	return e.err
}

func (e *encoder) write() {
	if e.err == nil && len(e.buf) > 0 {
		_, e.err = e.w.Write(e.buf)
	}
	e.buf = e.buf[:0]
}

// sep writes the comma a value or a member needs before it.
func (e *encoder) sep() {
	if e.comma {
		e.buf = append(e.buf, ',')
	}
}

func (e *encoder) open(c byte) {
	e.sep()
	e.buf = append(e.buf, c)
	e.comma = false
}

func (e *encoder) close(c byte) {
	e.buf = append(e.buf, c)
	e.comma = true
}

func (e *encoder) objectStart() { e.open('{') }
func (e *encoder) objectEnd()   { e.close('}') }
func (e *encoder) arrayStart()  { e.open('[') }
func (e *encoder) arrayEnd()    { e.close(']') }

// key writes a member's key, which must need no escaping (the format's own keys).
func (e *encoder) key(k string) {
	e.sep()
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, k...)
	e.buf = append(e.buf, '"', ':')
	e.comma = false
}

// raw writes a value given as JSON text.
func (e *encoder) raw(v string) {
	e.sep()
	e.buf = append(e.buf, v...)
	e.comma = true
}

func (e *encoder) str(s string) {
	e.sep()
	e.buf = appendString(e.buf, s)
	e.comma = true
}

// strs writes a list of strings; nil is null, as encoding/json has it.
func (e *encoder) strs(ss []string) {
	if ss == nil {
		e.raw("null")
		return
	}
	e.arrayStart()
	for _, s := range ss {
		e.str(s)
	}
	e.arrayEnd()
}

func (e *encoder) bool(b bool) {
	if b {
		e.raw("true")
	} else {
		e.raw("false")
	}
}

func (e *encoder) int(n int) {
	e.sep()
	e.buf = strconv.AppendInt(e.buf, int64(n), 10)
	e.comma = true
}

// intOrNull writes *n, or null.
func (e *encoder) intOrNull(n *int) {
	if n == nil {
		e.raw("null")
		return
	}
	e.int(*n)
}

// num writes a finite number in the shortest form that reads back as v; prop, the
// property it is the value of, names it when it is not finite.
func (e *encoder) num(prop string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		e.bad("properties."+prop, fmt.Sprintf("%v is not a finite number", v))
		return
	}
	e.sep()
	e.buf = appendFloat(e.buf, v)
	e.comma = true
}

// appendFloat appends v as encoding/json writes a float64: the shortest decimal that
// reads back as v, in exponent form only below 1e-6 and from 1e21.
func appendFloat(b []byte, v float64) []byte {
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.AppendFloat(b, v, 'e', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// geometry writes g as a GeoJSON geometry object; nil is null.
func (e *encoder) geometry(g orb.Geometry) {
	if g == nil {
		e.raw("null")
		return
	}
	e.objectStart()
	e.key("type")
	e.str(g.GeoJSONType())
	e.key("coordinates")
	switch g := g.(type) {
	case orb.Point:
		e.position(g)
	case orb.MultiPoint:
		e.positions(g, false)
	case orb.LineString:
		e.positions(g, false)
	case orb.MultiLineString:
		e.arrayStart()
		for _, ls := range g {
			e.positions(ls, false)
		}
		e.arrayEnd()
	case orb.Ring:
		e.positions(g, e.layer)
	case orb.Polygon:
		e.polygon(g)
	case orb.MultiPolygon:
		e.arrayStart()
		for _, poly := range g {
			e.polygon(poly)
		}
		e.arrayEnd()
	case orb.Bound:
		e.polygon(g.ToPolygon())
	default:
		e.bad("geometry", fmt.Sprintf("%T cannot be written as GeoJSON here", g))
	}
	e.objectEnd()
}

func (e *encoder) polygon(poly orb.Polygon) {
	e.arrayStart()
	for _, r := range poly {
		e.positions(r, e.layer)
	}
	e.arrayEnd()
}

// positions writes an array of positions, closing it as a ring when ring is set.
func (e *encoder) positions(pts []orb.Point, ring bool) {
	e.arrayStart()
	for _, p := range pts {
		e.position(p)
	}
	if ring && len(pts) > 0 && pts[0] != pts[len(pts)-1] {
		e.position(pts[0])
	}
	e.arrayEnd()
}

// position writes [lon, lat]: to 7 decimals in the input format, else exactly.
func (e *encoder) position(p orb.Point) {
	if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
		e.bad("geometry", fmt.Sprintf("position %v is not finite", p))
		return
	}
	e.sep()
	e.buf = append(e.buf, '[')
	if e.layer {
		e.buf = strconv.AppendFloat(e.buf, p[0], 'f', 7, 64)
		e.buf = append(e.buf, ',')
		e.buf = strconv.AppendFloat(e.buf, p[1], 'f', 7, 64)
	} else {
		e.buf = appendFloat(e.buf, p[0])
		e.buf = append(e.buf, ',')
		e.buf = appendFloat(e.buf, p[1])
	}
	e.buf = append(e.buf, ']')
	e.comma = true
}

// appendString appends s as a JSON string: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced by U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		b = append(b, s[start:i]...)
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, `\ufffd`...)
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
