// Package filing holds the legal core of filing (备案) a public video system with the
// county public-security bureau (Order 799 art. 14 and the local rules that add their own
// terms): the managing unit's unified social credit code (统一社会信用代码, GB 32100-2015),
// checked character by character; and China's working-day calendar of statutory holidays
// and make-up working days (调休) from the State Council General Office's notices, which
// refuses a day beyond the notices it holds rather than guess; and the filing deadlines a
// system has under the effective rules (after first use, for systems already running, after
// a change), each with the citation the rulebook gives, and by how many days a filing is
// late.
//
// It is pure domain code: it imports planner/rulebook, planner/devicecode (for the GB/T 2260
// division table) and internal/fault, and never a store, a framework or a file format. It
// does no I/O, and the day judged is always passed in; the calendar is a committed data
// file (holidays.tsv, its sources noted there) embedded in the binary.
package filing
