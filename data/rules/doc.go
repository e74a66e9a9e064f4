// Package rules holds the rulebook files embedded in the binary (one YAML file per
// jurisdiction, the national baseline and the shared taxonomy), decodes them strictly and
// validates them into a planner.Library.
//
// It imports the domain (planner) and the YAML decoder; it must not import a store or a
// format.
package rules
