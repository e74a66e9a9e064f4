package osm_test

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"cctvgis/data/osm"
	"cctvgis/planner/coverage"
)

// Blanks between the tags of an OSM XML file cost no memory of their own (issue 9, defect
// 13), and blanks inside attribute values are kept. The bound is generous: a reader that
// keeps the blanks allocates at least their size.
func TestReadXMLStreamsWhitespace(t *testing.T) {
	const size = 64 << 20
	doc := bytes.Join([][]byte{
		[]byte(`<?xml version="1.0"?><osm version="0.6">`),
		bytes.Repeat([]byte(" "), size/2),
		[]byte(`<node id="1" lon="119.4" lat="32.4"><tag k="man_made" v="surveillance"/><tag k="operator" v="a  b ` + "\t" + `c"/></node>`),
		bytes.Repeat([]byte("\n"), size/2),
		[]byte(`</osm>`),
	}, nil)
	var before, after runtime.MemStats
	var l coverage.Layers
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := osm.Read(context.Background(), bytes.NewReader(doc), osm.OSMXML, osm.Options{}, &l)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Cameras) != 1 || l.Cameras[0].Owner != "a  b \tc" {
		t.Errorf("cameras %+v, want one owned by %q", l.Cameras, "a  b \tc")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/8 {
		t.Errorf("allocated %d MB for %d MB of blanks", alloc>>20, size>>20)
	}
}
