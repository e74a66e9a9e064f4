package shp

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// The layout of the .shp and .shx, from ESRI's Shapefile Technical Description (1998).
const (
	headerSize   = 100
	fileCode     = 9994
	version      = 1000
	recordHeader = 8
	// maxRecord is the largest record read, in bytes: 16 million positions, far beyond
	// any real outline, and short of what a corrupt length would have the reader allocate.
	maxRecord = 256 << 20
)

// header is the 100-byte header the .shp and .shx share.
type header struct {
	// length is the file's length in bytes as the header gives it.
	length int64
	kind   int32
}

// readHeader reads and checks the header of the .shp or .shx name.
func readHeader(r io.Reader, size int64, name string) (header, error) {
	var b [headerSize]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return header{}, &Error{File: name, Offset: -1, Reason: fmt.Sprintf("the file has %d bytes, fewer than the %d of its header: not a shapefile, or cut short", size, headerSize)}
		}
		return header{}, &Error{File: name, Offset: 0, Reason: "reading the header: " + err.Error()}
	}
	if code := int32(binary.BigEndian.Uint32(b[0:])); code != fileCode {
		return header{}, &Error{File: name, Offset: 0, Reason: fmt.Sprintf("file code %d, want %d: not a shapefile", code, fileCode)}
	}
	if v := int32(binary.LittleEndian.Uint32(b[28:])); v != version {
		return header{}, &Error{File: name, Offset: 28, Reason: fmt.Sprintf("version %d, want %d", v, version)}
	}
	h := header{length: int64(binary.BigEndian.Uint32(b[24:])) * 2, kind: int32(binary.LittleEndian.Uint32(b[32:]))}
	if h.length < headerSize {
		return header{}, &Error{File: name, Offset: 24, Reason: fmt.Sprintf("the header gives the file a length of %d bytes, less than the header's own %d", h.length, headerSize)}
	}
	return h, nil
}

// shpReader reads the records of a .shp in order.
type shpReader struct {
	name string
	r    *bufio.Reader
	h    header
	// pos is the offset of the next byte r gives; end the offset where the records
	// end: the file's length as its header gives it, or its size when that is less.
	pos, end int64
	buf      []byte
}

func newSHP(r io.Reader, size int64, name string) (*shpReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	h, err := readHeader(br, size, name)
	if err != nil {
		return nil, err
	}
	return &shpReader{name: name, r: br, h: h, pos: headerSize, end: min(h.length, size)}, nil
}

// errorAt is an Error of record n at byte at.
func (s *shpReader) errorAt(n, at int64, format string, args ...any) error {
	return &Error{File: s.name, Record: n, Offset: at, Reason: fmt.Sprintf(format, args...)}
}

// next reads record n, at byte at when at ≥ 0 (the .shx's offset), else where the record
// before it ends; it returns its shape and the problem of a shape that cannot be read, or
// io.EOF after the last record when reading without offsets.
func (s *shpReader) next(n, at int64) (orb.Geometry, string, error) {
	switch {
	case at < 0 && s.pos >= s.end:
		if s.end < s.h.length {
			return nil, "", s.errorAt(n, s.pos, "the file ends here, and its header says it has %d bytes: it was cut short", s.h.length)
		}
		return nil, "", io.EOF
	case at >= 0 && at < s.pos:
		return nil, "", s.errorAt(n, at, "the .shx places the record inside the header or the record before, which end at byte %d", s.pos)
	case at > s.pos:
		if at > s.end {
			return nil, "", s.errorAt(n, at, "the .shx places the record past the end of the file at byte %d", s.end)
		}
		for s.pos < at {
			k, err := s.r.Discard(int(min(at-s.pos, 1<<30)))
			s.pos += int64(k)
			if err != nil {
				return nil, "", s.errorAt(n, s.pos, "reading: %v", err)
			}
		}
	}
	start := s.pos
	if start+recordHeader > s.end {
		return nil, "", s.errorAt(n, start, "the record's header runs past the end of the file at byte %d", s.end)
	}
	var rh [recordHeader]byte
	if err := s.read(rh[:]); err != nil {
		return nil, "", s.errorAt(n, start, "reading: %v", err)
	}
	length := int64(binary.BigEndian.Uint32(rh[4:])) * 2
	switch {
	case length > maxRecord:
		return nil, "", s.errorAt(n, start, "the record claims %d bytes, more than the %d a record may hold", length, maxRecord)
	case start+recordHeader+length > s.end:
		return nil, "", s.errorAt(n, start, "the record's %d bytes run past the end of the file at byte %d", length, s.end)
	}
	if err := s.readContent(int(length)); err != nil {
		return nil, "", s.errorAt(n, start, "reading: %v", err)
	}
	g, problem := decodeShape(s.buf)
	return g, problem, nil
}

// allRead checks, once the count records the .shx lists are read, that the .shp holds no
// more.
func (s *shpReader) allRead(shx string, count int64) error {
	if s.pos < s.end {
		return &Error{File: shx, Offset: -1, Reason: fmt.Sprintf("lists %d records, and %s holds more (its records end at byte %d, the last the .shx lists at %d): rebuild the .shx, or delete it", count, s.name, s.end, s.pos)}
	}
	return io.EOF
}

// read fills b from the file.
func (s *shpReader) read(b []byte) error {
	k, err := io.ReadFull(s.r, b)
	s.pos += int64(k)
	return err
}

// readContent reads the next n bytes into s.buf, growing it as the bytes arrive, so that
// a file claiming more than it holds never has a large buffer allocated for it.
func (s *shpReader) readContent(n int) error {
	const step = 1 << 20
	s.buf = s.buf[:0]
	for len(s.buf) < n {
		k := min(n-len(s.buf), step)
		if cap(s.buf)-len(s.buf) < k {
			s.buf = append(s.buf, make([]byte, k)...)[:len(s.buf)]
		}
		chunk := s.buf[len(s.buf) : len(s.buf)+k]
		if err := s.read(chunk); err != nil {
			return err
		}
		s.buf = s.buf[:len(s.buf)+k]
	}
	return nil
}

// shxReader reads the record offsets of a .shx in order.
type shxReader struct {
	name  string
	r     *bufio.Reader
	count int64
	read  int64
}

func newSHX(r io.Reader, size int64, name string) (*shxReader, error) {
	br := bufio.NewReaderSize(r, 16<<10)
	h, err := readHeader(br, size, name)
	if err != nil {
		return nil, err
	}
	if h.length > size {
		return nil, &Error{File: name, Offset: -1, Reason: fmt.Sprintf("the header says the file has %d bytes, and it has %d: it was cut short", h.length, size)}
	}
	if (h.length-headerSize)%recordHeader != 0 {
		return nil, &Error{File: name, Offset: 24, Reason: fmt.Sprintf("a length of %d bytes is not the header and 8 bytes a record", h.length)}
	}
	return &shxReader{name: name, r: br, count: (h.length - headerSize) / recordHeader}, nil
}

// next returns the offset of record n in the .shp, io.EOF after the last.
func (x *shxReader) next(n int64) (int64, error) {
	if x.read == x.count {
		return 0, io.EOF
	}
	var b [recordHeader]byte
	if _, err := io.ReadFull(x.r, b[:]); err != nil {
		return 0, &Error{File: x.name, Record: n, Offset: headerSize + x.read*recordHeader, Reason: "reading: " + err.Error()}
	}
	x.read++
	return int64(binary.BigEndian.Uint32(b[0:])) * 2, nil
}

// Shape types, by the numbers of the Shapefile Technical Description.
const (
	typeNull        = 0
	typePoint       = 1
	typePolyLine    = 3
	typePolygon     = 5
	typeMultiPoint  = 8
	typePointZ      = 11
	typePolyLineZ   = 13
	typePolygonZ    = 15
	typeMultiPointZ = 18
	typePointM      = 21
	typePolyLineM   = 23
	typePolygonM    = 25
	typeMultiPointM = 28
	typeMultiPatch  = 31
)

// decodeShape reads the shape of a record's content b, in a fresh geometry: nil for a
// null shape; with the reason when the shape cannot be read. Z and M values are passed
// over.
func decodeShape(b []byte) (orb.Geometry, string) {
	if len(b) < 4 {
		return nil, fmt.Sprintf("a record of %d bytes, too short to hold a shape type", len(b))
	}
	t := int32(binary.LittleEndian.Uint32(b))
	switch t {
	case typeNull:
		return nil, ""
	case typePoint, typePointZ, typePointM:
		if len(b) < 20 {
			return nil, fmt.Sprintf("a point record of %d bytes, need 20", len(b))
		}
		return point(b[4:]), ""
	case typeMultiPoint, typeMultiPointZ, typeMultiPointM:
		return multiPoint(b)
	case typePolyLine, typePolyLineZ, typePolyLineM, typePolygon, typePolygonZ, typePolygonM:
		parts, why := decodeParts(b)
		if why != "" {
			return nil, why
		}
		if t == typePolyLine || t == typePolyLineZ || t == typePolyLineM {
			return lines(parts), ""
		}
		return polygons(parts), ""
	case typeMultiPatch:
		return nil, "a multipatch (shape type 31), a 3D surface: not read"
	}
	return nil, fmt.Sprintf("shape type %d is not one of a shapefile", t)
}

// point reads the x and y at the start of b.
func point(b []byte) orb.Point {
	return orb.Point{
		math.Float64frombits(binary.LittleEndian.Uint64(b)),
		math.Float64frombits(binary.LittleEndian.Uint64(b[8:])),
	}
}

// multiPoint reads a multipoint: a point when it holds one, nil when none.
func multiPoint(b []byte) (orb.Geometry, string) {
	const head = 40 // type, box, count
	if len(b) < head {
		return nil, fmt.Sprintf("a multipoint record of %d bytes, need at least %d", len(b), head)
	}
	n := uint64(binary.LittleEndian.Uint32(b[36:]))
	if n > uint64(len(b)-head)/16 {
		return nil, fmt.Sprintf("a multipoint of %d points in a record of %d bytes", n, len(b))
	}
	switch n {
	case 0:
		return nil, ""
	case 1:
		return point(b[head:]), ""
	}
	return nil, fmt.Sprintf("a multipoint of %d points, where one point per record is read", n)
}

// decodeParts reads the parts of a polyline or polygon, each a fresh slice of points.
func decodeParts(b []byte) ([][]orb.Point, string) {
	const head = 44 // type, box, part count, point count
	if len(b) < head {
		return nil, fmt.Sprintf("a record of %d bytes, need at least %d for its parts", len(b), head)
	}
	np := uint64(binary.LittleEndian.Uint32(b[36:]))
	n := uint64(binary.LittleEndian.Uint32(b[40:]))
	rest := uint64(len(b) - head)
	if np > rest/4 || n > (rest-4*np)/16 {
		return nil, fmt.Sprintf("%d parts of %d points in a record of %d bytes", np, n, len(b))
	}
	if np == 0 {
		return nil, ""
	}
	starts := b[head : head+4*np]
	pts := b[head+4*np:]
	all := make([]orb.Point, n)
	for i := range all {
		all[i] = point(pts[16*i:])
	}
	parts := make([][]orb.Point, np)
	for i := range parts {
		from := uint64(binary.LittleEndian.Uint32(starts[4*i:]))
		to := n
		if i+1 < len(parts) {
			to = uint64(binary.LittleEndian.Uint32(starts[4*i+4:]))
		}
		switch {
		case i == 0 && from != 0:
			return nil, fmt.Sprintf("part 0 starts at point %d, not 0", from)
		case to < from || to > n:
			return nil, fmt.Sprintf("part %d runs from point %d to %d of %d", i, from, to, n)
		}
		parts[i] = all[from:to:to]
	}
	return parts, ""
}

// lines makes the parts of a polyline a line string, or a multi line string when there
// are several; nil when there are none.
func lines(parts [][]orb.Point) orb.Geometry {
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return orb.LineString(parts[0])
	}
	mls := make(orb.MultiLineString, len(parts))
	for i, p := range parts {
		mls[i] = p
	}
	return mls
}

// polygons assembles the rings of a polygon record: clockwise rings are shells and
// counter-clockwise ones holes (ESRI's rule), each hole in the smallest shell holding it,
// and a hole in no shell a shell of its own. The rings come out as GeoJSON wants them
// (RFC 7946): shells counter-clockwise, holes clockwise. One shell is a polygon, several a
// multipolygon; no rings, nil.
func polygons(parts [][]orb.Point) orb.Geometry {
	type shell struct {
		poly orb.Polygon
		area float64
		box  orb.Bound
	}
	var shells []shell
	var holes []orb.Ring
	for _, p := range parts {
		r := orb.Ring(p)
		if a := signedArea(r); a > 0 {
			holes = append(holes, r)
		} else {
			r.Reverse()
			shells = append(shells, shell{poly: orb.Polygon{r}, area: -a, box: r.Bound()})
		}
	}
	for _, h := range holes {
		h.Reverse()
		best := -1
		if len(h) > 0 {
			for i, s := range shells {
				if s.box.Contains(h[0]) && planar.RingContains(s.poly[0], h[0]) && (best < 0 || s.area < shells[best].area) {
					best = i
				}
			}
		}
		if best < 0 {
			h.Reverse()
			shells = append(shells, shell{poly: orb.Polygon{h}, box: h.Bound()})
			continue
		}
		shells[best].poly = append(shells[best].poly, h)
	}
	switch len(shells) {
	case 0:
		return nil
	case 1:
		return shells[0].poly
	}
	mp := make(orb.MultiPolygon, len(shells))
	for i, s := range shells {
		mp[i] = s.poly
	}
	return mp
}

// signedArea is the area ring r encloses, positive when it runs counter-clockwise with
// y up; r is taken as closed.
func signedArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	var a float64
	x0, y0 := r[0][0], r[0][1]
	for i := 1; i+1 < len(r); i++ {
		a += (r[i][0]-x0)*(r[i+1][1]-y0) - (r[i+1][0]-x0)*(r[i][1]-y0)
	}
	return a / 2
}
