// Package rules holds the rulebook files embedded in the binary (one YAML file per
// jurisdiction, the national baseline and the shared taxonomy), decodes them strictly into
// its own file types (decode.go), converts those to planner's and validates them into a
// rulebook.Library. The domain types carry no file format; this package is where the YAML
// field names live.
//
// It imports the domain (planner) and the YAML decoder; it must not import a store or a
// format.
package rules
