// Package embedded is the zero-install store: coverage.LayerStore in one bbolt file, with its
// compact binary encoding, driven by each layer's coverage.LayerDesc; the inspections
// (inspect.Store, inspections.go) with their findings, photos and audit chain, and an index
// of each camera's checks that count; the accounts (auth.Store: users and sessions,
// accounts.go) in three buckets of their own; the coverage plans (plan.Store,
// plans.go), whose events go onto the inspections' audit chain; and the content version
// (coverage.VersionStore, version.go) in the meta bucket.
//
// The file's schema has a version, in the meta bucket. Opened for writing, a store of an
// older version is migrated (migrate.go): one step after another, each a function over
// one write transaction that also moves the version, so that a failed step leaves the
// file at the version before it; Migrate does only that. A newer file is refused. A
// read-only open never writes, so it refuses an older file and says how to migrate it,
// rather than reading a format this code no longer writes. testdata/v4.db, written by
// version 4, is migrated by the tests, which check that everything in it reads back and
// that its audit chain and evidence verify.
//
// Since version 5 a layer's value counts its fields, stored in the store's own order and
// bound to the layer's fields by name (layout.go), so that a layer's field list may be
// reordered and a new optional field needs no migration: older values read it as the zero
// value, and a program that does not know it refuses values that hold it. The inspections,
// accounts and plans are JSON, to which fields are added without a version.
//
// It imports the domain (planner, inspect, geo, auth) and bbolt; it must not import the
// other data packages, pgx, or anything HTTP.
package embedded
