// Package postgis is the store of record: planner.LayerStore on PostgreSQL with PostGIS
// through pgx, its versioned SQL migrations (embedded) and the EWKB conversion at its
// boundary. Every layer's SQL is built from its planner.LayerDesc. It also keeps the
// accounts (auth.Store: users and sessions, accounts.go) and the coverage plans
// (planner.PlanStore, plans.go), whose events go onto the inspections' audit chain.
// Concurrent field checks are written in groups, one transaction and one commit a group
// (groupcommit.go).
//
// It imports the domain (planner, auth) and pgx; it must not import the other data packages, a
// file format, or anything HTTP.
package postgis
