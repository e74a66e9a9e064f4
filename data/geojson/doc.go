// Package geojson reads and writes the input layers as GeoJSON FeatureCollections, one
// layer per file, through each layer's coverage.LayerDesc, and writes the results of an
// analysis (report.json and its GeoJSON files) atomically into a folder.
//
// It imports the domain (planner, geo), orb and internal/psort; it must not import a store.
package geojson
