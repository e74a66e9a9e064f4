// Package coverage is the coverage analysis of a city under a jurisdiction's rules: the map
// layers and the one table of their fields (layer.go), their validity, the analysis (site
// and road coverage, duplicate-build hotspots, violations, summaries), district location,
// the immutable city snapshot a server answers from (City), and the incremental editor that
// keeps an analysis current while proposals change cameras (Editor, Proposal, Effect).
//
// It imports planner/rulebook (the effective rules it applies), geo and orb; it does no I/O
// and must not import a store, a file format or anything HTTP.
package coverage
