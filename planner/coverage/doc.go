// Package planner holds the planning domain: jurisdictions' rulebooks and the coverage
// analysis that applies them to a city's map layers. It does no I/O.
package planner
