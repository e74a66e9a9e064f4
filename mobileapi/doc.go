// Package mobileapi is the phone app's routes of the API under /api/v1: login and
// sessions, the inspector's tasks and nearby cameras, field checks sent one by one or as
// an offline batch, their photos, findings and their rectification, and supervisors'
// reviews. Every route checks the caller's role, and every object id the caller's
// district: an object of another district is 404, as if it did not exist. The cameras and
// their districts come from the server's current city (coverage.City), the checks from the
// store.
//
// It mounts its routes through internal/httpapi and imports the domain (inspect, planner,
// auth); it must not import a store (data/...), pgx, or another route package.
package mobileapi
