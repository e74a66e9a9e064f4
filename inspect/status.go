package inspect

import (
	"cctvgis/internal/audit"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Status is where a finding stands on its way to rectification.
type Status string

// The finding statuses. Open is the start and verified the end.
const (
	StatusOpen      Status = "open"
	StatusRectified Status = "rectified"
	StatusVerified  Status = "verified"
	StatusReopened  Status = "reopened"
)

// Values are the finding statuses, from open to verified.
func (Status) Values() []Status {
	return []Status{StatusOpen, StatusRectified, StatusVerified, StatusReopened}
}

// Valid reports whether s is one of Values.
func (s Status) Valid() bool { return slices.Contains(s.Values(), s) }

// Event is what moves a finding.
type Event string

// The finding events.
const (
	// EventRectify: the owner reports the breach corrected, with a note.
	EventRectify Event = "rectify"
	// EventVerify: a later inspection confirms the correction.
	EventVerify Event = "verify"
	// EventReopen: a later inspection finds the breach still there.
	EventReopen Event = "reopen"
)

// Values are the finding events.
func (Event) Values() []Event { return []Event{EventRectify, EventVerify, EventReopen} }

// Valid reports whether v is one of Values.
func (v Event) Valid() bool { return slices.Contains(v.Values(), v) }

// findingMoves is the finding state machine: each status and event to the next status.
var findingMoves = map[Status]map[Event]Status{
	StatusOpen:      {EventRectify: StatusRectified},
	StatusReopened:  {EventRectify: StatusRectified},
	StatusRectified: {EventVerify: StatusVerified, EventReopen: StatusReopened},
}

// Next returns the status a finding in status from moves to on event ev, or an error
// matching ErrIllegalTransition.
func Next(from Status, ev Event) (Status, error) {
	to, ok := findingMoves[from][ev]
	if !ok {
		return from, fmt.Errorf("%w: finding %s on %s", ErrIllegalTransition, from, ev)
	}
	return to, nil
}

// Transition is one recorded move of a finding: the unit a store applies, atomically and
// only if the finding is still in From.
type Transition struct {
	FindingID string
	Event     Event
	From      Status
	To        Status
	At        time.Time
	// Actor is the id of the user who reported or confirmed.
	Actor string
	// Note is the owner's report of what was done; required to rectify.
	Note string
	// InspectionID is the later inspection that verifies or reopens; required for those.
	InspectionID string
}

// Move plans the transition of f on event ev. Rectifying needs a note; verifying and
// reopening need a later inspection of the same camera or site, other than the one that
// found the breach. It returns ErrIllegalTransition for a move the machine does not allow,
// ErrInvalid for a missing note, actor or inspection. It does not change f; Apply does.
func (f *Finding) Move(ev Event, actor, note string, later *Inspection, at time.Time) (Transition, error) {
	to, err := Next(f.Status, ev)
	if err != nil {
		return Transition{}, fmt.Errorf("finding %s: %w", f.ID, err)
	}
	t := Transition{FindingID: f.ID, Event: ev, From: f.Status, To: to, At: audit.Stamp(at), Actor: actor, Note: note}
	switch {
	case actor == "":
		return Transition{}, fmt.Errorf("%w: finding %s: %s needs an actor", ErrInvalid, f.ID, ev)
	case ev == EventRectify && strings.TrimSpace(note) == "":
		return Transition{}, fmt.Errorf("%w: finding %s: rectifying needs a note of what was done", ErrInvalid, f.ID)
	case ev == EventVerify || ev == EventReopen:
		if err := f.checkLater(later); err != nil {
			return Transition{}, fmt.Errorf("%w: finding %s: %s: %w", ErrInvalid, f.ID, ev, err)
		}
		t.InspectionID = later.ID
	}
	return t, nil
}

func (f *Finding) checkLater(later *Inspection) error {
	switch {
	case later == nil:
		return fmt.Errorf("a later inspection is required")
	case later.ID == f.InspectionID:
		return fmt.Errorf("inspection %s is the one that made the finding", later.ID)
	case later.CameraID != f.CameraID || later.SiteID != f.SiteID:
		return fmt.Errorf("inspection %s checks another camera or site", later.ID)
	case !later.Review.State.Counts():
		return fmt.Errorf("inspection %s was rejected", later.ID)
	}
	return nil
}

// Apply moves f by t, which must start from f's status. Stores call it inside the
// transaction that records t.
func (f *Finding) Apply(t Transition) error {
	to, err := Next(f.Status, t.Event)
	switch {
	case t.FindingID != f.ID:
		return fmt.Errorf("%w: transition of %s applied to %s", ErrConflict, t.FindingID, f.ID)
	case t.From != f.Status:
		return fmt.Errorf("%w: finding %s is %s, not %s", ErrConflict, f.ID, f.Status, t.From)
	case err != nil:
		return fmt.Errorf("finding %s: %w", f.ID, err)
	case to != t.To:
		return fmt.Errorf("%w: finding %s: %s from %s leads to %s, not %s", ErrIllegalTransition, f.ID, t.Event, t.From, to, t.To)
	}
	f.Status = to
	f.UpdatedAt = t.At
	return nil
}

// Open reports whether a finding still needs the owner to act: open or reopened.
func (s Status) Open() bool { return slices.Contains([]Status{StatusOpen, StatusReopened}, s) }
