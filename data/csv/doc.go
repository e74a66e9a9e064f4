// Package csv reads layers of points from CSV with a header row — camera registries above
// all — through the column mapping of data/table: the columns are the layer's fields and
// lon/lat, or the common Chinese and English names of a registry's columns.
//
// It imports the domain (planner, geo) and data/table; it must not import a store or
// another format.
package csv
