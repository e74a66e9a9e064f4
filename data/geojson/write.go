package geojson

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"cctvgis/planner/coverage"
)

// WriteLayers writes one <layer>.geojson per non-empty layer into dir (sites.geojson, entrances.geojson,
// cameras.geojson, roads.geojson, occluders.geojson, private-spaces.geojson, districts.geojson), atomically
// (write to a temp file in dir, fsync, rename), and returns the paths written.
//
// The map is keyed by layer name. Every file is written and synced before the first is
// renamed, so a failure while writing leaves dir as it was; the files are readable by all
// (mode 0644).
func WriteLayers(ctx context.Context, dir string, l *coverage.Layers) (map[string]string, error) {
	var files []fileContent
	paths := map[string]string{}
	for _, layer := range coverage.LayerNames() {
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
func WriteLayer(ctx context.Context, w io.Writer, layer string, l *coverage.Layers) error {
	desc, ok := coverage.Desc(layer)
	if !ok {
		return fmt.Errorf("writing layer: %w %q", ErrUnknownLayer, layer)
	}
	e := newEncoder(w)
	e.layer = true
	var failed error
	index, id := 0, ""
	e.bad = func(field, reason string) {
		if failed == nil {
			rej := coverage.Rejection{Layer: layer, Index: index, ID: id, Field: field, Reason: reason}
			failed = fmt.Errorf("writing %w: %w", rej, ErrNotWritable)
		}
	}
	e.buf = append(e.buf, `{"type":"FeatureCollection","features":[`...)
	var row coverage.Row
	for n := desc.Len(l); index < n && failed == nil && e.err == nil; index++ {
		if index%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("writing %s: %w", layer, err)
			}
		}
		desc.Get(l, index, &row)
		id = row.Text[0]
		if index > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = append(e.buf, "\n"...)
		e.comma = false
		e.objectStart()
		e.key("type")
		e.raw(`"Feature"`)
		e.key("geometry")
		if desc.Kinds == coverage.GeomPoint {
			// Not through orb.Geometry: putting the point in an interface would allocate
			// for every camera.
			e.objectStart()
			e.key("type")
			e.raw(`"Point"`)
			e.key("coordinates")
			e.position(row.Point)
			e.objectEnd()
		} else if kind := coverage.KindOf(row.Geom); kind&desc.Kinds == 0 {
			e.bad("geometry", fmt.Sprintf("%T is not accepted in %s (want %s)", row.Geom, layer, desc.Kinds))
		} else {
			e.geometry(row.Geom)
		}
		e.key("properties")
		e.objectStart()
		for _, fd := range desc.Fields {
			if fd.Kind == coverage.FieldNumber {
				if v := row.Num[fd.Slot]; fd.Required || v != 0 {
					e.key(fd.Name)
					e.num(fd.Name, v)
				}
			} else if v := row.Text[fd.Slot]; fd.Required || v != "" {
				e.key(fd.Name)
				e.str(v)
			}
		}
		e.objectEnd()
		e.objectEnd()
		e.spill()
	}
	if failed != nil {
		return failed
	}
	e.buf = append(e.buf, "\n]}\n"...)
	if err := e.finish(); err != nil {
		return fmt.Errorf("writing %s: %w", layer, err)
	}
	return nil
}
