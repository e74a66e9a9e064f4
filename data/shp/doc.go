// Package shp reads ESRI Shapefiles: the geometries of a .shp (its .shx for the record
// offsets when present), the attribute table of its .dbf in the encoding its .cpg names,
// or else its language driver byte, or else the one its text is valid in (UTF-8, or
// GB18030 for the GBK files of Chinese desktop GIS), and its coordinate system from the
// .prj. A .zip holding one shapefile is read in place. A File is a table.Source.
//
// It imports the domain (planner, geo) and data/table; it must not import a store or
// another format.
package shp
