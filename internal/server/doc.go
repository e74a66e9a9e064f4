// Package server is the running server: from its configuration and a store it builds one
// immutable city snapshot (the layers as the store holds them, their analysis under the
// rules in force, one index of ids, places and districts, the vector tiles and the
// overview), mounts every route package on one API, and keeps the snapshot current: every
// write of the layers or apply of a plan moves the store's version, which the server
// hears of (LISTEN/NOTIFY on PostGIS, in-process on the embedded store) and also polls, and
// a new snapshot replaces the old in one swap while requests under way finish on the one
// they started with. Several servers on one PostGIS see each other's changes this way.
//
// It imports the route packages (mobileapi, web/...), the HTTP framework, the domain and
// auth; it must not import a store (data/...): the store comes in through Store.
package server
