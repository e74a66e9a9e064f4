// Package data picks a store from the name the user gives it (OpenStore) and holds
// nothing heavy: the stores and formats live in its subpackages (data/postgis,
// data/embedded, data/geojson, data/csv, data/osm, data/rules, data/samplecity). The
// domain packages (geo, planner, inspect) must not import it or them.
package data
