// Package overview is the HTTP side of the city overview for the web map: the city's frame
// (rulebook, bounds, districts, categories, owners, the analysis's summary, tile layers
// and base map) at /api/v1/city, the worst gaps, the duplicate-build hotspots, and the
// inspection findings as GeoJSON at their camera's or site's position. Its routes join the
// API's one route table and OpenAPI document (mobileapi.Endpoint) with the same login,
// roles and district scoping.
//
// It imports the domain (planner, inspect, auth), the API's route types and the tiles'
// layer list; it must not import a store.
package overview
