package coverage_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/samplecity"
	"cctvgis/planner/coverage"
)

// layerSample is one feature of a layer whose every field holds a value of its own, and
// those values by field name.
type layerSample struct {
	layer  string
	sample coverage.Layers
	want   map[string]any
}

func layerSamples() []layerSample {
	square := orb.Polygon{{{119.40, 32.39}, {119.41, 32.39}, {119.41, 32.40}, {119.40, 32.39}}}
	return []layerSample{
		{coverage.LayerSites, coverage.Layers{Sites: []coverage.Site{{ID: "s-id", Category: "s-category", Name: "s-name", District: "s-district", Geometry: square}}},
			map[string]any{"id": "s-id", "category": "s-category", "name": "s-name", "district": "s-district"}},
		{coverage.LayerEntrances, coverage.Layers{Entrances: []coverage.Entrance{{SiteID: "e-site", Kind: "e-kind", Pos: orb.Point{119.4, 32.39}}}},
			map[string]any{"site_id": "e-site", "kind": "e-kind"}},
		{coverage.LayerCameras, coverage.Layers{Cameras: []coverage.Camera{{ID: "c-id", Pos: orb.Point{119.4, 32.39}, Azimuth: 1, HFOV: 2, Range: 3,
			Owner: "c-owner", Investment: "c-investment", Height: 4, Status: "c-status", Direction: "c-direction", Surveillance: "c-surveillance",
			Mount: "c-mount", Level: 5}}},
			map[string]any{"id": "c-id", "azimuth": 1.0, "hfov": 2.0, "range": 3.0, "owner": "c-owner", "investment": "c-investment", "height": 4.0,
				"status": "c-status", "direction": "c-direction", "surveillance": "c-surveillance", "mount": "c-mount", "level": 5.0}},
		{coverage.LayerRoads, coverage.Layers{Roads: []coverage.Road{{ID: "r-id", Class: "r-class", Name: "r-name", Level: -1,
			Geometry: orb.LineString{{119.4, 32.39}, {119.41, 32.39}}}}},
			map[string]any{"id": "r-id", "class": "r-class", "name": "r-name", "level": -1.0}},
		{coverage.LayerOccluders, coverage.Layers{Occluders: []coverage.Occluder{{ID: "o-id", Height: 6, Geometry: square}}},
			map[string]any{"id": "o-id", "height": 6.0}},
		{coverage.LayerPrivateSpaces, coverage.Layers{PrivateSpaces: []coverage.PrivateSpace{{ID: "p-id", Space: "p-space", Geometry: square}}},
			map[string]any{"id": "p-id", "space": "p-space"}},
		{coverage.LayerDistricts, coverage.Layers{Districts: []coverage.District{{Name: "d-name", Geometry: orb.MultiPolygon{square}}}},
			map[string]any{"name": "d-name"}},
	}
}

// fieldsOf returns a copy of the field list of the named layer.
func fieldsOf(t *testing.T, layer string) []coverage.Field {
	t.Helper()
	d, ok := coverage.Desc(layer)
	if !ok {
		t.Fatalf("no layer %s", layer)
	}
	return slices.Clone(d.Fields)
}

// A layer's values bind to its fields by name: with its field list in another order, each
// value of a feature goes into the slot of its field, and comes back into its place in the
// feature.
func TestLayerFieldsBindByName(t *testing.T) {
	orders := []struct {
		name  string
		order func(fs []coverage.Field)
	}{
		{"as listed", func([]coverage.Field) {}},
		{"reversed after the first", func(fs []coverage.Field) { slices.Reverse(fs[1:]) }},
		{"rotated after the first", func(fs []coverage.Field) {
			if len(fs) > 1 {
				copy(fs[1:], append(slices.Clone(fs[2:]), fs[1]))
			}
		}},
	}
	samples := layerSamples()
	if len(samples) != len(coverage.Descs()) {
		t.Fatalf("%d samples for %d layers", len(samples), len(coverage.Descs()))
	}
	for _, c := range samples {
		for _, o := range orders {
			t.Run(c.layer+"/"+o.name, func(t *testing.T) {
				fs := fieldsOf(t, c.layer)
				o.order(fs)
				d := coverage.NewLayer(c.layer, fs...)
				if len(d.Fields) != len(c.want) {
					t.Fatalf("%d fields, the sample has %d", len(d.Fields), len(c.want))
				}
				var row coverage.Row
				d.Get(&c.sample, 0, &row)
				for _, f := range d.Fields {
					var got any = row.Text[f.Slot]
					if !f.Kind.Text() {
						got = row.Num[f.Slot]
					}
					if want, ok := c.want[f.Name]; !ok || got != want {
						t.Errorf("field %s (slot %d) holds %v, want %v", f.Name, f.Slot, got, want)
					}
				}
				var back coverage.Layers
				d.Add(&back, &row)
				if !reflect.DeepEqual(back, c.sample) {
					t.Errorf("read back as\n%+v\nwant\n%+v", back, c.sample)
				}
			})
		}
	}
}

// A field list that the layer's functions do not bind one to one panics when the layer
// is built, naming the layer and the field.
func TestLayerBindingMismatchPanics(t *testing.T) {
	tests := []struct {
		name  string
		layer string
		edit  func(fs []coverage.Field) []coverage.Field
		want  string
	}{
		{"a field left out", coverage.LayerCameras, func(fs []coverage.Field) []coverage.Field {
			return slices.DeleteFunc(fs, func(f coverage.Field) bool { return f.Name == "owner" })
		}, "the binding of owner names no field"},
		{"a field no function binds", coverage.LayerRoads, func(fs []coverage.Field) []coverage.Field {
			return append(fs, coverage.Field{Name: "colour", Kind: coverage.FieldLabel})
		}, "field colour is bound 0 times"},
		{"a field listed twice", coverage.LayerRoads, func(fs []coverage.Field) []coverage.Field {
			return append(fs, fs[1])
		}, "field class is listed twice"},
		{"a field of the other kind", coverage.LayerRoads, func(fs []coverage.Field) []coverage.Field {
			fs[3].Kind = coverage.FieldLabel
			return fs
		}, "field level is bound as the other kind"},
		{"a number first", coverage.LayerOccluders, func(fs []coverage.Field) []coverage.Field {
			fs[0], fs[1] = fs[1], fs[0]
			return fs
		}, "the first field must be text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := tt.edit(fieldsOf(t, tt.layer))
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, "layer "+tt.layer+":") || !strings.Contains(msg, tt.want) {
					t.Errorf("panic %q, want one naming layer %s and saying %q", msg, tt.layer, tt.want)
				}
			}()
			coverage.NewLayer(tt.layer, fs...)
		})
	}
}

// BenchmarkLayerRows moves every feature of a city through a Row, out of one Layers and
// into another, as the readers of files and stores and their writers do.
func BenchmarkLayerRows(b *testing.B) {
	city, err := samplecity.Generate(b.Context(), samplecity.Options{Seed: 1, Cameras: 250000, Sites: 100000})
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, d := range coverage.Descs() {
		n += d.Len(city)
	}
	b.ReportAllocs()
	for b.Loop() {
		var out coverage.Layers
		var row coverage.Row
		for _, d := range coverage.Descs() {
			d.Grow(&out, d.Len(city))
			for i := range d.Len(city) {
				d.Get(city, i, &row)
				d.Add(&out, &row)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/feature")
}
