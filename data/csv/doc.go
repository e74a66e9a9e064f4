// Package csv reads a camera registry from CSV with a header row, the columns being the
// cameras layer's fields (coverage.LayerDesc) and lon/lat.
//
// It imports the domain (planner, geo); it must not import a store or another format.
package csv
