package geojson

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"unicode/utf8"

	"cctvgis/planner"

	"github.com/paulmach/orb"
)

// WriteLayers writes one <layer>.geojson per non-empty layer into dir (sites.geojson, entrances.geojson,
// cameras.geojson, roads.geojson, occluders.geojson, private-spaces.geojson, districts.geojson), atomically
// (write to a temp file in dir, fsync, rename), and returns the paths written.
//
// The map is keyed by layer name. Every file is written and synced before the first is
// renamed, so a failure while writing leaves dir as it was; the files are readable by all
// (mode 0644).
func WriteLayers(ctx context.Context, dir string, l *planner.Layers) (map[string]string, error) {
	var files []fileContent
	paths := map[string]string{}
	for _, layer := range planner.LayerNames() {
		if l.Len(layer) == 0 {
			continue
		}
		name := layer + ".geojson"
		files = append(files, fileContent{name: name, write: func(w io.Writer) error { return WriteLayer(ctx, w, layer, l) }})
		paths[layer] = filepath.Join(dir, name)
	}
	if err := writeFiles(ctx, dir, files); err != nil {
		return nil, err
	}
	return paths, nil
}

// ErrNotWritable is wrapped by WriteLayer for a value that the GeoJSON input format cannot
// hold: a number that is not finite, or a geometry of a type the layer does not accept.
var ErrNotWritable = errors.New("data: value not writable as GeoJSON")

// WriteLayer writes one layer as a FeatureCollection to w, in the input format above.
//
// That is the format ReadLayer reads, one feature per line: coordinates in degrees with 7
// decimals (about 1 cm), other numbers in their shortest exact form, optional properties left
// out when they hold their zero value (no name, height 0, …). A ring whose last point is not
// its first is written closed. An error names the feature and wraps ErrNotWritable or the
// writer's error.
func WriteLayer(ctx context.Context, w io.Writer, layer string, l *planner.Layers) error {
	desc, ok := planner.Desc(layer)
	if !ok {
		return fmt.Errorf("writing layer: %w %q", ErrUnknownLayer, layer)
	}
	fw := &featureWriter{w: bufio.NewWriterSize(w, 64<<10), layer: layer, geom: desc.Kinds}
	fw.buf = append(fw.buf, `{"type":"FeatureCollection","features":[`...)
	var row planner.Row
	for i, n := 0, desc.Len(l); i < n && fw.err == nil; i++ {
		if i%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("writing %s: %w", layer, err)
			}
		}
		desc.Get(l, i, &row)
		fw.begin(i, row.Text[0])
		if desc.Kinds == planner.GeomPoint {
			fw.point(row.Point)
		} else {
			fw.geometry(row.Geom)
		}
		for _, fd := range desc.Fields {
			if fd.Kind == planner.FieldNumber {
				if v := row.Num[fd.Slot]; fd.Required || v != 0 {
					fw.num(fd.Name, v)
				}
			} else if v := row.Text[fd.Slot]; fd.Required || v != "" {
				fw.str(fd.Name, v)
			}
		}
		fw.end()
	}
	if fw.err != nil {
		return fw.err
	}
	fw.buf = append(fw.buf, "\n]}\n"...)
	if _, err := fw.w.Write(fw.buf); err != nil {
		return fmt.Errorf("writing %s: %w", layer, err)
	}
	if err := fw.w.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", layer, err)
	}
	return nil
}

// featureWriter formats one feature at a time into buf and hands it to w. The first
// error stops it: later calls do nothing.
type featureWriter struct {
	w     *bufio.Writer
	buf   []byte
	layer string
	geom  planner.GeomKinds
	err   error

	// The current feature.
	index  int
	id     string
	nprops int
}

// begin starts a feature; its geometry follows, then its properties.
func (fw *featureWriter) begin(i int, id string) {
	if fw.err != nil {
		return
	}
	fw.index, fw.id, fw.nprops = i, id, 0
	if i > 0 {
		fw.buf = append(fw.buf, ',')
	}
	fw.buf = append(fw.buf, "\n{\"type\":\"Feature\",\"geometry\":"...)
}

// end closes the feature and passes it on once the buffer holds enough.
func (fw *featureWriter) end() {
	if fw.err != nil {
		return
	}
	fw.buf = append(fw.buf, "}}"...)
	if len(fw.buf) >= 32<<10 {
		if _, err := fw.w.Write(fw.buf); err != nil {
			fw.err = fmt.Errorf("writing %s: %w", fw.layer, err)
		}
		fw.buf = fw.buf[:0]
	}
}

// fail stops the writer with an error naming the current feature.
func (fw *featureWriter) fail(field, reason string) {
	if fw.err == nil {
		rej := planner.Rejection{Layer: fw.layer, Index: fw.index, ID: fw.id, Field: field, Reason: reason}
		fw.err = fmt.Errorf("writing %w: %w", rej, ErrNotWritable)
	}
}

func (fw *featureWriter) key(k string) {
	if fw.nprops > 0 {
		fw.buf = append(fw.buf, ',')
	}
	fw.nprops++
	fw.buf = append(fw.buf, '"')
	fw.buf = append(fw.buf, k...)
	fw.buf = append(fw.buf, `":`...)
}

func (fw *featureWriter) str(k, v string) {
	if fw.err != nil {
		return
	}
	fw.key(k)
	fw.buf = appendString(fw.buf, v)
}

func (fw *featureWriter) num(k string, v float64) {
	if fw.err != nil {
		return
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		fw.fail("properties."+k, fmt.Sprintf("%v is not a finite number", v))
		return
	}
	fw.key(k)
	fw.buf = strconv.AppendFloat(fw.buf, v, 'f', -1, 64)
}

// point writes the Point geometry of a feature of a layer of points and opens the
// properties: geometry without putting p in an interface, which would allocate for every camera.
func (fw *featureWriter) point(p orb.Point) {
	if fw.err != nil {
		return
	}
	fw.buf = append(fw.buf, `{"type":"Point","coordinates":`...)
	fw.position(p)
	fw.buf = append(fw.buf, `},"properties":{`...)
}

// geometry writes g as a GeoJSON geometry object and opens the properties.
func (fw *featureWriter) geometry(g orb.Geometry) {
	if fw.err != nil {
		return
	}
	if kind := planner.KindOf(g); kind&fw.geom == 0 {
		fw.fail("geometry", fmt.Sprintf("%T is not accepted in %s (want %s)", g, fw.layer, fw.geom))
		return
	}
	fw.buf = append(fw.buf, `{"type":"`...)
	fw.buf = append(fw.buf, g.GeoJSONType()...)
	fw.buf = append(fw.buf, `","coordinates":`...)
	switch g := g.(type) {
	case orb.Point:
		fw.position(g)
	case orb.LineString:
		fw.positions(g, false)
	case orb.MultiLineString:
		fw.buf = append(fw.buf, '[')
		for i, ls := range g {
			if i > 0 {
				fw.buf = append(fw.buf, ',')
			}
			fw.positions(ls, false)
		}
		fw.buf = append(fw.buf, ']')
	case orb.Polygon:
		fw.polygon(g)
	case orb.MultiPolygon:
		fw.buf = append(fw.buf, '[')
		for i, poly := range g {
			if i > 0 {
				fw.buf = append(fw.buf, ',')
			}
			fw.polygon(poly)
		}
		fw.buf = append(fw.buf, ']')
	}
	fw.buf = append(fw.buf, `},"properties":{`...)
}

func (fw *featureWriter) polygon(poly orb.Polygon) {
	fw.buf = append(fw.buf, '[')
	for i, r := range poly {
		if i > 0 {
			fw.buf = append(fw.buf, ',')
		}
		fw.positions(r, true)
	}
	fw.buf = append(fw.buf, ']')
}

// positions writes an array of positions, closing it as a ring when ring is set.
func (fw *featureWriter) positions(pts []orb.Point, ring bool) {
	fw.buf = append(fw.buf, '[')
	for i, p := range pts {
		if i > 0 {
			fw.buf = append(fw.buf, ',')
		}
		fw.position(p)
	}
	if ring && len(pts) > 0 && pts[0] != pts[len(pts)-1] {
		fw.buf = append(fw.buf, ',')
		fw.position(pts[0])
	}
	fw.buf = append(fw.buf, ']')
}

func (fw *featureWriter) position(p orb.Point) {
	if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
		fw.fail("geometry", fmt.Sprintf("position %v is not finite", p))
		return
	}
	fw.buf = append(fw.buf, '[')
	fw.buf = strconv.AppendFloat(fw.buf, p[0], 'f', 7, 64)
	fw.buf = append(fw.buf, ',')
	fw.buf = strconv.AppendFloat(fw.buf, p[1], 'f', 7, 64)
	fw.buf = append(fw.buf, ']')
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
