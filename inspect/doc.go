// Package inspect holds the field-inspection domain: an inspector's check of a camera or
// site (Inspection), the findings it gives under a jurisdiction's effective rules, each
// citing its provision and carrying a rectification deadline, the flags that cast doubt on
// a check, the review and rectification state machines, the hash-chained audit log that
// makes the evidence tamper-evident (查阅留痕), the reading of uploaded photos and their
// EXIF data, and the store interfaces that the data packages implement.
//
// It is pure domain code: it imports planner and geo (and orb), and never data, echo, pgx,
// net/http or os. Every function is deterministic given its arguments; the current time is
// always passed in.
package inspect
