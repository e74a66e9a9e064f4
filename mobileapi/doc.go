// Package mobileapi is the phone app's HTTP API under /api/v1 (echo): login and sessions,
// the inspector's tasks and nearby cameras, field checks sent one by one or as an offline
// batch, their photos, findings and their rectification, and supervisors' reviews. Every
// route checks the caller's role, and every object id the caller's district: an object of
// another district is 404, as if it did not exist. The OpenAPI document at
// /api/v1/openapi.json is built from the same route table the server registers.
//
// It imports the domain (inspect, planner, auth) and echo; it must not import a store
// (data/...) or pgx: the stores come in through the interfaces the domain declares.
package mobileapi
