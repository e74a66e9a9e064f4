package postgis

import (
	"strings"
	"testing"

	"cctvgis/planner/coverage"
)

// Every layer has its table, and every renamed column is of a field its layer has: a
// field renamed in the domain without its column fails here, not in a query.
func TestEveryLayerHasItsTableAndColumns(t *testing.T) {
	for _, d := range coverage.Descs() {
		if _, ok := tables[d.Name]; !ok {
			t.Errorf("layer %s has no table", d.Name)
		}
	}
	for key := range renamedColumns {
		layer, field, _ := strings.Cut(key, ".")
		d, ok := coverage.Desc(layer)
		if !ok {
			t.Errorf("renamed column %s: no layer %s", key, layer)
			continue
		}
		if _, ok := d.Field(field); !ok {
			t.Errorf("renamed column %s: layer %s has no field %s", key, layer, field)
		}
	}
}
