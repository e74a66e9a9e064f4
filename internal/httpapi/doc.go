// Package httpapi is the HTTP framework of the server's API under /api/v1: endpoints (one
// value serves a route and describes it in the OpenAPI document), the router, which refuses
// a route mounted twice, login and role checks, request limits, request ids, the one
// classification of errors into stable codes and statuses, JSON and query helpers,
// Prometheus metrics, and the OpenAPI document built from the mounted endpoints.
//
// Route packages (mobileapi, web/plans, web/overview, web/tiles) are its peers: each mounts
// its endpoints through an API and none imports another. It imports auth (the caller),
// internal/fault (the kinds of failure), echo and the Prometheus client; it must not import
// a route package, a domain package or a store.
package httpapi
