// Package fault names the few kinds of failure that every domain error falls into (not
// found, invalid, conflict, forbidden, stale, throttled, …), so that the HTTP framework
// maps errors to answers in one place without knowing each domain's sentinels. Each
// domain sentinel is made with New and matches its kind under errors.Is; errors that blame
// fields say which with a FieldProblems method.
//
// It imports only the standard library; every other package may import it.
package fault
