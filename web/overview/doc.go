// Package overview is the HTTP side of the city overview for the web map: the city's frame
// (rulebook, bounds, districts, categories, owners, the analysis's summary, tile layers
// and base map) at /api/v1/city, the worst gaps, the duplicate-build hotspots, and the
// inspection findings as GeoJSON at their camera's or site's position. Districts are the
// city's (coverage.City), the one rule the map and the access checks share.
//
// It mounts its routes through internal/httpapi and imports the domain (planner, inspect,
// auth); it must not import a store or another route package.
package overview
