// Package embedded is the zero-install store: coverage.LayerStore in one bbolt file, with its
// compact binary encoding, driven by each layer's coverage.LayerDesc; the inspections
// (inspect.Store, inspections.go) with their findings, photos and audit chain, and an index
// of each camera's checks that count; the accounts (auth.Store: users and sessions,
// accounts.go) in three buckets of their own; the coverage plans (plan.Store,
// plans.go), whose events go onto the inspections' audit chain; and the content version
// (coverage.VersionStore, version.go) in the meta bucket.
//
// It imports the domain (planner, inspect, geo, auth) and bbolt; it must not import the
// other data packages, pgx, or anything HTTP.
package embedded
