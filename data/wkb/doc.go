// Package wkb reads and writes geometries in well-known binary, the form a geometry
// crosses into and out of a database: PostGIS's EWKB in the store, OGC and ISO WKB inside
// a GeoPackage's geometry blobs. It reads the two-dimensional part of every variant
// (ISO's Z, M and ZM codes, EWKB's flags) of the types the layers hold, decodes straight
// into orb geometries, and never allocates more than the bytes it is given can fill.
//
// It imports only orb.
package wkb
