// Package embedded is the zero-install store: planner.LayerStore in one bbolt file, with its
// compact binary encoding, driven by each layer's planner.LayerDesc, and the accounts
// (auth.Store: users and sessions, accounts.go) in three buckets of their own, and the
// coverage plans (planner.PlanStore, plans.go), whose events go onto the inspections'
// audit chain.
//
// It imports the domain (planner, geo, auth) and bbolt; it must not import the other data
// packages, pgx, or anything HTTP.
package embedded
