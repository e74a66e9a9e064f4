// Package gpkg reads a table of a GeoPackage (.gpkg): its features (geometry and
// attributes) or, for an attributes table, its rows, as a table.Source, with the
// coordinate system its spatial reference table declares. It reads the file through a
// pure-Go SQLite (modernc.org/sqlite), read-only and as immutable, so that reading never
// writes to nor locks a bureau's file, and the binary stays free of cgo.
//
// It imports data/table, data/wkb, geo, planner/coverage and modernc.org/sqlite.
package gpkg
