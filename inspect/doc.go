// Package inspect holds the field-inspection domain: an inspector's check of a camera or
// site (Inspection), the findings it gives under a jurisdiction's effective rules, each
// citing its provision and carrying a rectification deadline, the flags that cast doubt on
// a check, the review and rectification state machines, the audit entries each of these
// writes onto the hash-chained log (internal/audit) and the check that the stored evidence
// is what the log recorded (VerifyEvidence), the reading of uploaded photos and their EXIF
// data, and the store interfaces that the data packages implement.
//
// It is pure domain code: it imports planner/rulebook, planner/coverage, internal/audit and
// geo (and orb), and never data, echo, pgx, net/http or os. Every function is deterministic
// given its arguments; the current time is always passed in.
package inspect
