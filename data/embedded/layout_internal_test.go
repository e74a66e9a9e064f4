package embedded

import (
	"errors"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"cctvgis/data/rules"
	"cctvgis/planner/coverage"

	"github.com/paulmach/orb"
	bolt "go.etcd.io/bbolt"
)

// A layer value holds its count of fields: a value of fewer fields, as a program from
// before a field was added writes it, reads the fields it lacks as zero; one of more
// fields than this program stores, as a newer program writes it, is refused, naming the
// layer and the feature.
func TestLayerValueFieldCount(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := coverage.Desc(coverage.LayerCameras)
	stored := layoutOf(d).fields
	cam := coverage.Camera{ID: "C1", Pos: orb.Point{119.4, 32.39}, Azimuth: 10, HFOV: 90, Range: 30, Owner: "公安局",
		Investment: coverage.Government, Height: 4.5, Status: "online", Direction: coverage.DirectionUnknown,
		Surveillance: "outdoor", Mount: "pole", Level: -1}
	tests := []struct {
		name   string
		fields []coverage.Field
		want   coverage.Camera
		err    error
		msg    string
	}{
		{"every field", stored, cam, nil, ""},
		{"the first six fields", stored[:6], coverage.Camera{ID: "C1", Pos: cam.Pos, Azimuth: 10, HFOV: 90, Range: 30, Owner: "公安局",
			Investment: coverage.Government, Height: 4.5}, nil, ""},
		{"no field", nil, coverage.Camera{ID: "C1", Pos: cam.Pos}, nil, ""},
		{"a field more than stored", append(slices.Clone(stored), coverage.Field{Name: "colour", Kind: coverage.FieldLabel}), coverage.Camera{},
			ErrStoreVersion, `decoding cameras "C1": data: unsupported embedded store version: a value of 12 fields, of which this program knows 11: written by a newer cctvgis`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(filepath.Join(t.TempDir(), "c.db"), lib.Taxonomy)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = s.Close() }()
			var row coverage.Row
			d.Get(&coverage.Layers{Cameras: []coverage.Camera{cam}}, 0, &row)
			w := newLayerWriter(t.Context())
			w.enc.begin()
			if err := w.encode(&layout{desc: d, fields: tt.fields}, &row); err != nil {
				t.Fatal(err)
			}
			if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(d.Name)).Put([]byte(cam.ID), w.enc.end()) }); err != nil {
				t.Fatal(err)
			}
			got := &coverage.Layers{}
			err = s.ReadLayers(t.Context(), coverage.LayerQuery{}, got)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.msg) {
					t.Errorf("error %v, want one wrapping %v and saying %q", err, tt.err, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Cameras) != 1 || !reflect.DeepEqual(got.Cameras[0], tt.want) {
				t.Errorf("read %+v, want %+v", got.Cameras, tt.want)
			}
		})
	}
}

// The stored fields of every layer are bound to its fields by name, each field but the
// key once and as its kind; a list that disagrees with the layers is refused, naming the
// layer and the field.
func TestBindLayouts(t *testing.T) {
	with := func(layer string, edit func([]storedField) []storedField) map[string][]storedField {
		out := maps.Clone(storedFields)
		out[layer] = edit(slices.Clone(out[layer]))
		return out
	}
	tests := []struct {
		name   string
		stored map[string][]storedField
		want   string
	}{
		{"the stored fields", storedFields, ""},
		{"a field not stored", with(coverage.LayerCameras, func(fs []storedField) []storedField { return fs[:len(fs)-1] }),
			"embedded: layer cameras: field level is not stored: append it"},
		{"a stored field the layer lacks", with(coverage.LayerRoads, func(fs []storedField) []storedField { return append(fs, storedField{"colour", asText}) }),
			"embedded: layer roads: stored field colour is no field of the layer"},
		{"a field stored twice", with(coverage.LayerSites, func(fs []storedField) []storedField { return append(fs, fs[0]) }),
			"embedded: layer sites: field category is stored twice"},
		{"the key stored", with(coverage.LayerOccluders, func(fs []storedField) []storedField { return append(fs, storedField{"id", asText}) }),
			"embedded: layer occluders: field id is stored twice, or is the key"},
		{"a field stored as the other kind", with(coverage.LayerRoads, func(fs []storedField) []storedField { fs[2].num = asText; return fs }),
			"embedded: layer roads: field level is stored as the other kind"},
		{"a layer without its list", func() map[string][]storedField {
			out := maps.Clone(storedFields)
			delete(out, coverage.LayerDistricts)
			return out
		}(), "embedded: layer districts: no stored fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bindLayouts(coverage.Descs(), tt.stored)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// The migrations step one version at a time, from the oldest that this program
// migrates to the one it writes.
func TestMigrationsStepToTheVersion(t *testing.T) {
	for i, m := range migrations {
		if m.To != m.From+1 || i > 0 && m.From != migrations[i-1].To {
			t.Errorf("migration %d goes from %d to %d after one to %d", i, m.From, m.To, migrations[max(i-1, 0)].To)
		}
	}
	if last := migrations[len(migrations)-1]; last.To != embeddedVersion {
		t.Errorf("the last migration leads to %d, not to %d", last.To, embeddedVersion)
	}
}
