// Package osm reads sites, entrances, roads, private spaces and cameras from OpenStreetMap
// XML and PBF files, by a tag mapping passed in its options.
//
// It imports the domain (planner), paulmach/osm and the YAML decoder, which reads the
// files of tag mappings (mapping.yaml is the default); it must not import a store or
// another format.
package osm
