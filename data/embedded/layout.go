package embedded

import (
	"fmt"

	"cctvgis/planner/coverage"
)

// A layer's value holds a feature's fields after its key (the layer's first field), then
// its geometry:
//
//	uvarint n    how many fields follow
//	n fields     in the order of the layer's storedFields: a number as 8 bytes, IEEE 754
//	             little-endian; text as a uvarint length and its bytes
//	geometry     a point as two numbers (longitude, latitude); any other geometry as WKB
//
// The order is the store's own, apart from the field list of coverage.LayerDesc, which
// files and forms may reorder freely; the two meet by field name.

// storedField is a field of a layer's stored values, by its name in coverage.LayerDesc.
type storedField struct {
	name string
	num  bool
}

// asText and asNumber say how a stored field is encoded.
const (
	asText   = false
	asNumber = true
)

// storedFields name, per layer, the fields its values hold after the key, in the order
// they are stored. A new optional field of a layer is appended to its list: values
// written before it hold fewer fields and read it as the zero value, so it needs no
// migration, and values written with it are refused by a program that does not know it.
// Removing, reordering or retyping a stored field needs a migration.
var storedFields = map[string][]storedField{
	coverage.LayerSites:     {{"category", asText}, {"name", asText}, {"district", asText}},
	coverage.LayerEntrances: {{"kind", asText}},
	coverage.LayerCameras: {{"azimuth", asNumber}, {"hfov", asNumber}, {"range", asNumber}, {"owner", asText},
		{"investment", asText}, {"height", asNumber}, {"status", asText}, {"direction", asText}, {"surveillance", asText},
		{"mount", asText}, {"level", asNumber}},
	coverage.LayerRoads:         {{"class", asText}, {"name", asText}, {"level", asNumber}},
	coverage.LayerOccluders:     {{"height", asNumber}},
	coverage.LayerPrivateSpaces: {{"space", asText}},
	coverage.LayerDistricts:     {},
}

// layout is a layer's stored fields bound, by name, to the slots of coverage.Row that
// its descriptor gives them.
type layout struct {
	desc   *coverage.LayerDesc
	fields []coverage.Field
}

// layouts are the layouts of the layers, in the order of coverage.Descs.
var layouts = mustLayouts()

// mustLayouts binds the stored fields of every layer; a stored field list that
// disagrees with the layers is a programming error, met by every test run.
func mustLayouts() []layout {
	ls, err := bindLayouts(coverage.Descs(), storedFields)
	if err != nil {
		panic(err)
	}
	return ls
}

// bindLayouts binds the stored fields of each layer of descs to the layer's fields by
// name. Every field but the key must be stored exactly once, as the kind it is, and every
// stored field must be one of the layer's; the error names the layer and the field.
func bindLayouts(descs []*coverage.LayerDesc, stored map[string][]storedField) ([]layout, error) {
	out := make([]layout, len(descs))
	for i, d := range descs {
		fail := func(format string, args ...any) error {
			return fmt.Errorf("embedded: layer %s: %s", d.Name, fmt.Sprintf(format, args...))
		}
		sf, ok := stored[d.Name]
		if !ok {
			return nil, fail("no stored fields")
		}
		out[i] = layout{desc: d, fields: make([]coverage.Field, len(sf))}
		seen := map[string]bool{d.IDField().Name: true}
		for j, s := range sf {
			f, ok := d.Field(s.name)
			switch {
			case !ok:
				return nil, fail("stored field %s is no field of the layer: a removed field needs a migration", s.name)
			case seen[s.name]:
				return nil, fail("field %s is stored twice, or is the key", s.name)
			case s.num != (f.Kind == coverage.FieldNumber):
				return nil, fail("field %s is stored as the other kind (text, number): retyping needs a migration", s.name)
			}
			seen[s.name] = true
			out[i].fields[j] = f
		}
		for _, f := range d.Fields {
			if !seen[f.Name] {
				return nil, fail("field %s is not stored: append it to the layer's storedFields", f.Name)
			}
		}
	}
	return out, nil
}

// layoutOf returns the layout of layer d.
func layoutOf(d *coverage.LayerDesc) *layout {
	for i := range layouts {
		if layouts[i].desc == d {
			return &layouts[i]
		}
	}
	panic(fmt.Sprintf("embedded: no layout of layer %s", d.Name))
}
