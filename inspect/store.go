package inspect

import (
	"context"
	"time"

	"cctvgis/internal/audit"
	"cctvgis/planner/rulebook"
)

// Record is an inspection with the findings it produced, as stored and as the API
// returns it.
type Record struct {
	Inspection Inspection
	Findings   []Finding
	// Skipped are the observations that gave no finding, and why.
	Skipped []Skip
}

// InspectionQuery selects inspections; empty fields select all.
type InspectionQuery struct {
	District string
	CameraID string
	SiteID   string
	// Since and Until bound observed_at, Until exclusive; zero for no bound.
	Since, Until time.Time
	// Limit caps the count; 0 means no cap.
	Limit int
}

// FindingQuery selects findings; empty fields select all.
type FindingQuery struct {
	District string
	CameraID string
	// CameraIDs selects the findings of any of these cameras (and of CameraID, when set);
	// the tasks near an inspector ask for the cameras within reach.
	CameraIDs []string
	Status    []Status
	// DueBefore selects findings whose deadline is before this day, to re-check; zero for
	// no bound.
	DueBefore rulebook.Date
	Limit     int
}

// The audit entries passed to stores are unsealed: the store seals each one with audit.Seal
// onto its chain's current head inside the transaction that makes the change, under a
// lock on the head, so that the change and its entry are written together or not at all
// and the chain has one order.

// InspectionWriter records new inspections.
type InspectionWriter interface {
	// RecordInspection stores rec and the audit entry e (an inspection.create) in one
	// transaction, idempotent by the inspection's id: when no inspection has the id it
	// writes both and returns rec, true. When one has it with the same BodyHash it writes
	// nothing and returns the stored record, false. With a different BodyHash it writes
	// nothing and returns an error matching ErrConflict. Concurrent calls with one id
	// create exactly one record: idempotency rests on the primary key, not on a read
	// before the write.
	RecordInspection(ctx context.Context, rec Record, e audit.Entry) (stored Record, created bool, err error)
}

// InspectionReader reads inspections with their findings.
type InspectionReader interface {
	// Inspection returns the record of the inspection with the given id, or an error
	// matching ErrNotFound.
	Inspection(ctx context.Context, id string) (Record, error)
	// Inspections calls fn for each record that q selects, latest observation first,
	// stopping at fn's first error, which it returns.
	Inspections(ctx context.Context, q InspectionQuery, fn func(Record) error) error
	// LastObserved returns when each of the cameras was last inspected: the latest
	// ObservedAt, in UTC, of its inspections whose review counts (ReviewState.Counts), so
	// that a check a supervisor rejected does not make a camera look recently checked. A
	// camera without such an inspection, and the empty id, have no entry. Every process
	// serving the phones on one store answers from it, so that each sees the others'
	// checks.
	LastObserved(ctx context.Context, cameraIDs []string) (map[string]time.Time, error)
}

// Reviewer records supervisors' reviews.
type Reviewer interface {
	// ReviewInspection sets the review of inspection id to r, if its review is still in
	// state from, and appends e (an inspection.review) in the same transaction. It returns
	// the updated inspection, ErrNotFound, or ErrConflict when the review has moved on.
	ReviewInspection(ctx context.Context, id string, from ReviewState, r Review, e audit.Entry) (Inspection, error)
}

// PhotoStore keeps photos content-addressed by SHA-256.
type PhotoStore interface {
	// AddPhoto stores the bytes under p.SHA256 (once, whatever the number of links) and
	// links p to its inspection, with the audit entry e (a photo.add), in one
	// transaction. Adding the same photo to the same inspection again writes nothing and
	// returns the stored photo, false. It returns ErrNotFound when the inspection does not
	// exist.
	AddPhoto(ctx context.Context, p Photo, data []byte, e audit.Entry) (stored Photo, created bool, err error)
	// Photos returns the photos linked to an inspection, in the order they were added.
	Photos(ctx context.Context, inspectionID string) ([]Photo, error)
	// PhotoData returns the bytes of the photo with the given SHA-256, or ErrNotFound.
	// Callers append an evidence.read entry for every read (AuditLog.AppendAudit).
	PhotoData(ctx context.Context, sha256 string) ([]byte, error)
}

// FindingStore moves findings through rectification.
type FindingStore interface {
	// Finding returns the finding with the given id, or ErrNotFound.
	Finding(ctx context.Context, id string) (Finding, error)
	// Findings calls fn for each finding q selects, earliest deadline first, stopping at
	// fn's first error, which it returns. Findings of rejected inspections are left out
	// (see Counting).
	Findings(ctx context.Context, q FindingQuery, fn func(Finding) error) error
	// TransitionFinding applies t to its finding (Finding.Apply) if the finding is still
	// in t.From, records t in the finding's history and appends e (a
	// finding.transition, PayloadDigest t.Digest()) in one transaction. It returns the
	// updated finding, ErrNotFound, or ErrConflict when the finding has moved on.
	TransitionFinding(ctx context.Context, t Transition, e audit.Entry) (Finding, error)
	// Transitions returns a finding's history, oldest first.
	Transitions(ctx context.Context, findingID string) ([]Transition, error)
}

// Store is everything the inspection API needs from storage. The PostGIS and embedded
// stores implement it and pass one conformance suite.
type Store interface {
	InspectionWriter
	InspectionReader
	Reviewer
	PhotoStore
	FindingStore
	audit.Log
}
