// Package embedded is the zero-install store: planner.LayerStore in one bbolt file, with its
// compact binary encoding, driven by each layer's planner.LayerDesc; the inspections
// (inspect.Store, inspections.go) with their findings, photos and audit chain, and an index
// of each camera's checks that count; the accounts (auth.Store: users and sessions,
// accounts.go) in three buckets of their own; the coverage plans (planner.PlanStore,
// plans.go), whose events go onto the inspections' audit chain; and the content version
// (planner.VersionStore, version.go) in the meta bucket.
//
// It imports the domain (planner, inspect, geo, auth) and bbolt; it must not import the
// other data packages, pgx, or anything HTTP.
package embedded
