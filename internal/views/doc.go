// Package views holds the JSON forms in which cctvgis shows the domain's objects to its
// users' programs: the API's answers and request bodies, the command line's --json output,
// the report files of an analysis and the results of background jobs. Each view mirrors a
// domain type under the JSON names clients rely on, with a conversion from the domain
// (NewX) and, for what clients send, back (Domain). The domain's types carry no JSON
// names, so renaming a domain field changes neither what clients read nor what is stored
// (the stores keep their own records, in data/records).
//
// Enums stay the domain's string types: their values are the ids clients see, and their
// Values methods give the API document its enum lists.
//
// It imports the domain (planner/rulebook, planner/coverage, planner/plan, inspect); the
// route packages, the command line and the data packages that write reports import it.
package views
