// Package postgis is the store of record: coverage.LayerStore on PostgreSQL with PostGIS
// through pgx, its versioned SQL migrations (embedded) and the EWKB conversion at its
// boundary. Every layer's SQL is built from its coverage.LayerDesc. It also keeps the
// inspections (inspect.Store, inspections.go) with their findings, photos and audit chain,
// concurrent field checks written in groups, one transaction and one commit a group
// (groupcommit.go); the accounts (auth.Store: users and sessions, accounts.go); the
// coverage plans (plan.Store, plans.go), whose events go onto the inspections'
// audit chain; the store's content version (coverage.VersionStore, version.go), announced
// to every process on the database with NOTIFY; and the background jobs' queue on River
// (jobs.go).
//
// It imports the domain (planner, inspect, auth, internal/jobs), pgx and River; it must not
// import the other data packages, a file format, or anything HTTP.
package postgis
