// Package jobs runs the server's background work: an analysis of the city recorded after
// each change of the store, exports of the city's analysis as files, and, as they come,
// the optimiser's suggestions and imports from the web. A Queue runs each job once,
// however many server processes share it, and keeps its state, its progress and its
// output where every process reads them: River on PostGIS (data/postgis), and Local, in
// the process, for the embedded store, which one process opens at a time.
//
// It imports internal/fault; the domain and the stores import it, not the other way.
package jobs
