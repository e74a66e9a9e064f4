package embedded

import (
	"context"
	"errors"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"cctvgis/planner/coverage"
)

// FuzzDecodeValue decodes any bytes as the stored value of a feature of each layer, as
// ReadLayers does with what it finds in the file. It must not panic, and it either decodes
// the whole value, with a geometry its layer holds, or fails with ErrCorrupt, or with
// ErrStoreVersion for a value of more fields than the layer stores.
func FuzzDecodeValue(f *testing.F) {
	var enc valueEncoder
	for _, g := range []orb.Geometry{orb.Point{119.4, 32.4}, orb.LineString{{119.4, 32.4}, {119.41, 32.4}},
		orb.Polygon{{{119.4, 32.4}, {119.41, 32.4}, {119.41, 32.41}, {119.4, 32.4}}}} {
		enc.begin()
		enc.uvarint(1)
		enc.str("hotel")
		enc.f64(90)
		enc.point(orb.Point{119.4, 32.4})
		b, err := wkb.Marshal(g)
		if err != nil {
			f.Fatal(err)
		}
		_, _ = enc.Write(b)
		f.Add(append([]byte(nil), enc.end()...))
	}
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, v []byte) {
		for i := range layouts {
			d := layouts[i].desc
			r := &layerReader{ctx: context.Background(), into: &coverage.Layers{}, dec: valueDecoder{interned: map[string]string{}}}
			err := r.decode(&layouts[i], []byte("k"), v)
			if err != nil {
				if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrStoreVersion) {
					t.Fatalf("%s: %v wraps neither ErrCorrupt nor ErrStoreVersion", d.Name, err)
				}
				continue
			}
			if reason := d.Kinds.Check(r.row.Geometry(d)); reason != "" {
				t.Fatalf("%s: decoded geometry %v: %s", d.Name, r.row.Geometry(d), reason)
			}
			d.Add(r.into, &r.row)
		}
	})
}
