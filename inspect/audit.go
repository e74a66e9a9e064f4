package inspect

import (
	"encoding/hex"
	"fmt"
	"time"

	"cctvgis/internal/audit"
)

// The audited actions of inspections.
const (
	ActionInspectionCreate  audit.Action = "inspection.create"
	ActionInspectionReview  audit.Action = "inspection.review"
	ActionPhotoAdd          audit.Action = "photo.add"
	ActionFindingTransition audit.Action = "finding.transition"
	// ActionEvidenceRead records a read of evidence (查阅留痕): an inspection, a photo, a
	// finding's history.
	ActionEvidenceRead audit.Action = "evidence.read"
)

// The kinds of audited object.
const (
	ObjectInspection = "inspection"
	ObjectPhoto      = "photo"
	ObjectFinding    = "finding"
)

// Digest returns the hex SHA-256 of a transition, for an audit entry's PayloadDigest.
func (t Transition) Digest() string {
	c := audit.NewCanon("cctvgis/inspect/transition/v1")
	c.Str(t.FindingID)
	c.Str(string(t.Event))
	c.Str(string(t.From))
	c.Str(string(t.To))
	c.I64(t.At.UnixMicro())
	c.Str(t.Actor)
	c.Str(t.Note)
	c.Str(t.InspectionID)
	s := c.Sum()
	return hex.EncodeToString(s[:])
}

// The entries of the audit log that inspections make, unsealed: the store seals each onto
// the chain in the transaction that makes its change. Each holds the digest that
// VerifyEvidence later checks the stored object against.

// CreatedEntry is the entry of a new inspection with its findings, by its inspector.
func (in *Inspection) CreatedEntry(findings int, at time.Time) audit.Entry {
	return audit.Entry{At: at, Actor: in.Inspector.ID, Action: ActionInspectionCreate, ObjectKind: ObjectInspection,
		ObjectID: in.ID, Detail: fmt.Sprintf("%d findings", findings), PayloadDigest: in.BodyHash}
}

// ReviewedEntry is the entry of a supervisor's review of the inspection, from one state to
// another.
func (in *Inspection) ReviewedEntry(by string, from, to ReviewState, at time.Time) audit.Entry {
	return audit.Entry{At: at, Actor: by, Action: ActionInspectionReview, ObjectKind: ObjectInspection,
		ObjectID: in.ID, Detail: fmt.Sprintf("%s → %s", from, to)}
}

// AddedEntry is the entry of a photo linked to its inspection, by the user who sent it.
func (p *Photo) AddedEntry(by string, at time.Time) audit.Entry {
	return audit.Entry{At: at, Actor: by, Action: ActionPhotoAdd, ObjectKind: ObjectPhoto,
		ObjectID: p.InspectionID + "/" + p.SHA256, Detail: fmt.Sprintf("%s, %d bytes", p.ContentType, p.Size), PayloadDigest: p.SHA256}
}

// Entry is the entry of the transition, by its actor.
func (t Transition) Entry(at time.Time) audit.Entry {
	return audit.Entry{At: at, Actor: t.Actor, Action: ActionFindingTransition, ObjectKind: ObjectFinding,
		ObjectID: t.FindingID, Detail: fmt.Sprintf("%s → %s", t.From, t.To), PayloadDigest: t.Digest()}
}

// ReadEntry is the entry of a read of evidence (查阅留痕): an object of a kind (an
// inspection, a photo as inspection/sha256), with the digest of what was read, by a user.
func ReadEntry(kind, id, digest, byID, byName string, at time.Time) audit.Entry {
	return audit.Entry{At: at, Actor: byID, Action: ActionEvidenceRead, ObjectKind: kind, ObjectID: id,
		Detail: "read by " + byName, PayloadDigest: digest}
}
