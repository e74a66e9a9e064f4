// Package plan holds coverage plans (建设规划): drafting proposals with their live effect,
// submission into hashed versions, staged review, comments, applying an approved version to
// the camera layer, and measuring a version on the city as it stands (VersionTotals), over
// a city that changes under the plan. Its transitions return the audit entries that the
// plan store appends with the change.
//
// It imports planner/coverage and planner/rulebook; it does no I/O (the stores implement
// Store).
package plan
