// Package data picks the store that a URL names (OpenStore) and holds nothing else: the
// stores and formats live in its sub-packages, one each (postgis, embedded, geojson, csv,
// osm, rules, samplecity), with storetest the conformance suite both stores pass.
//
// It may import its sub-packages and the domain (planner); geo, planner and inspect never
// import anything under data.
package data
