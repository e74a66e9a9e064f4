package postgis

import (
	"fmt"

	"cctvgis/planner/coverage"
)

// tables are the layers' tables (migrations/0001_layers.sql and after), by layer name.
var tables = map[string]string{
	coverage.LayerSites:         "sites",
	coverage.LayerEntrances:     "entrances",
	coverage.LayerCameras:       "cameras",
	coverage.LayerRoads:         "roads",
	coverage.LayerOccluders:     "occluders",
	coverage.LayerPrivateSpaces: "private_spaces",
	coverage.LayerDistricts:     "districts",
}

// renamedColumns are the columns that keep a field under another name than the field's,
// by layer and field: lengths carry their unit.
var renamedColumns = map[string]string{
	coverage.LayerCameras + ".range":    "range_m",
	coverage.LayerCameras + ".height":   "height_m",
	coverage.LayerOccluders + ".height": "height_m",
}

// tableOf is the table of layer d. Every layer has one; a layer without is a program
// error, found when the package loads (layerSQLs).
func tableOf(d *coverage.LayerDesc) string {
	t, ok := tables[d.Name]
	if !ok {
		panic(fmt.Sprintf("postgis: layer %s has no table", d.Name))
	}
	return t
}

// columnOf is the column of field f of layer d.
func columnOf(d *coverage.LayerDesc, f coverage.Field) string {
	if c, ok := renamedColumns[d.Name+"."+f.Name]; ok {
		return c
	}
	return f.Name
}
