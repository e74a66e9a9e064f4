// Package samplecity generates the synthetic city behind gen-city, bench and demo: a
// Yangzhou-sized street grid with districts, sites of every mandatory kind, their
// entrances, buildings, private spaces and cameras of many owners, with planted cases
// (uncovered sites, hotspots, cameras in private spaces) that tests look for.
//
// It imports the domain (planner, geo); it must not import a store or a format.
package samplecity
