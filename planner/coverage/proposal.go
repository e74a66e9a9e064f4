package coverage

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"cctvgis/internal/fault"
	"cctvgis/planner/rulebook"
)

// ProposalKind is what a proposal of a coverage plan does to the camera layer.
type ProposalKind string

// The kinds of proposal.
const (
	// ProposeAdd builds a new camera (Proposal.Camera, every field).
	ProposeAdd ProposalKind = "add"
	// ProposeMove moves an existing camera (Proposal.CameraID) to Proposal.To.
	ProposeMove ProposalKind = "move"
	// ProposeReaim turns an existing camera and changes its field of view and range
	// (Proposal.Aim).
	ProposeReaim ProposalKind = "reaim"
	// ProposeRemove removes an existing camera (拆除).
	ProposeRemove ProposalKind = "remove"
)

// Values are the kinds of proposal.
func (ProposalKind) Values() []ProposalKind {
	return []ProposalKind{ProposeAdd, ProposeMove, ProposeReaim, ProposeRemove}
}

// Valid reports whether p is one of Values.
func (p ProposalKind) Valid() bool { return slices.Contains(p.Values(), p) }

// Aim is a camera's lens direction, field of view and range, as a re-aim proposes them.
type Aim struct {
	// Azimuth is in degrees clockwise from north, 0 ≤ a < 360.
	Azimuth float64
	// HFOV is in degrees, 0 < f ≤ 360.
	HFOV float64
	// Range is in metres, > 0.
	Range float64
}

// Proposal is one change a coverage plan proposes. Only the fields of its Kind are set:
// Camera for an add; CameraID and To for a move; CameraID and Aim for a re-aim; CameraID
// for a removal. CheckProposal refuses the fields of other kinds, so that two different
// proposals never encode alike.
type Proposal struct {
	// ID names the proposal within its plan (p1, p2, …); Plan.Propose assigns it.
	ID   string
	Kind ProposalKind
	// CameraID is the existing camera a move, re-aim or removal changes. For an add it is
	// empty: the new camera's id is Camera.ID.
	CameraID string
	// Camera is the camera an add builds; Plan.Propose assigns its ID when empty.
	Camera Camera
	// To is where a move puts the camera, WGS84.
	To orb.Point
	// Aim is what a re-aim sets.
	Aim Aim
	// Note is the planner's reason for the proposal, free text.
	Note string
}

// Next returns the camera as the proposal leaves it, from cur, the camera as it stands
// (nil for none): the proposal's camera for an add, cur moved or re-aimed, nil for a
// removal. The caller has checked that cur exists for all but an add.
func (p *Proposal) Next(cur *Camera) *Camera {
	var c Camera
	switch p.Kind {
	case ProposeAdd:
		c = p.Camera
	case ProposeMove:
		c = *cur
		c.Pos = p.To
	case ProposeReaim:
		c = *cur
		c.Reaim(p.Aim)
	default:
		return nil
	}
	return &c
}

// Target returns the id of the camera the proposal changes or builds.
func (p *Proposal) Target() string {
	if p.Kind == ProposeAdd {
		return p.Camera.ID
	}
	return p.CameraID
}

// Errors of proposals; a *ProposalError matches one of them.
var (
	// ErrProposalInvalid: a field is missing or out of range.
	ErrProposalInvalid = fault.New(fault.Invalid, "planner: invalid proposal")
	// ErrUnknownCamera: the proposal names a camera that does not exist in the current
	// state (never did, or an earlier proposal removed it).
	ErrUnknownCamera = fault.New(fault.Invalid, "planner: unknown camera")
	// ErrRefused: the rules forbid the proposal (a prohibited private space, a
	// government-only zone); the error cites the provision.
	ErrRefused = fault.New(fault.Invalid, "planner: proposal refused by the rules")
)

// ProposalError says why a proposal cannot join a plan: the field at fault and, when the
// rules refuse it, the provision. It matches ErrProposalInvalid, ErrUnknownCamera or
// ErrRefused.
type ProposalError struct {
	// Proposal is the proposal's id, "" before one is assigned.
	Proposal string
	// Field is the field at fault: "kind", "camera.azimuth", "to", "camera_id", …
	Field  string
	Reason string
	// Rule is the violation id a refusal would be (RulePrivateSpace, RuleGovernmentZone),
	// and Cite its provision; empty otherwise.
	Rule string
	Cite *rulebook.Cited
	Err  error
}

// Error names the proposal, the field and the reason, and the article of a refusal.
func (e *ProposalError) Error() string {
	s := "proposal"
	if e.Proposal != "" {
		s += " " + e.Proposal
	}
	s += ": " + e.Field + ": " + e.Reason
	if e.Cite != nil {
		s += fmt.Sprintf(" (%s %s %s)", e.Cite.Source, e.Cite.Citation, e.Rule)
	}
	return s
}

// Unwrap returns the sentinel the error matches.
func (e *ProposalError) Unwrap() error { return e.Err }

// FieldProblems names the field at fault with the whole reason, the article of a refusal
// included.
func (e *ProposalError) FieldProblems() []fault.Problem {
	return []fault.Problem{{Code: "invalid", Field: e.Field, Message: e.Error()}}
}

func invalid(p *Proposal, field, format string, args ...any) *ProposalError {
	return &ProposalError{Proposal: p.ID, Field: field, Reason: fmt.Sprintf(format, args...), Err: ErrProposalInvalid}
}

// CheckProposal checks a proposal's own fields, without the layers: a known kind, the
// fields of that kind valid (the camera checks of Layers.Check, a position on the globe)
// and the fields of other kinds unset. Whether the camera exists, and what the rules say
// of the place, an Editor checks.
func CheckProposal(p *Proposal) error {
	var zeroCam Camera
	switch p.Kind {
	case ProposeAdd:
		switch {
		case p.CameraID != "":
			return invalid(p, "camera_id", "an add names its camera in camera.id")
		case p.To != orb.Point{}:
			return invalid(p, "to", "only a move has a destination")
		case p.Aim != Aim{}:
			return invalid(p, "aim", "only a re-aim has an aim")
		case p.Camera.Direction == DirectionUnknown:
			return invalid(p, "camera.direction", "a proposed camera's direction is the plan's to decide: give its azimuth and hfov")
		case p.Camera.Investment == InvestmentUnknown:
			return invalid(p, "camera.investment", "a proposed camera's investment is the plan's to decide: government or private")
		}
		return checkCamera(p, "camera.", p.Camera)
	case ProposeMove, ProposeReaim, ProposeRemove:
		switch {
		case p.CameraID == "":
			return invalid(p, "camera_id", "missing")
		case p.Camera != zeroCam:
			return invalid(p, "camera", "only an add carries a whole camera")
		case p.Kind != ProposeMove && p.To != orb.Point{}:
			return invalid(p, "to", "only a move has a destination")
		case p.Kind != ProposeReaim && p.Aim != Aim{}:
			return invalid(p, "aim", "only a re-aim has an aim")
		}
		switch p.Kind {
		case ProposeMove:
			if reason := CheckPosition(p.To); reason != "" {
				return invalid(p, "to", "%s", reason)
			}
		case ProposeReaim:
			c := Camera{ID: p.CameraID, Azimuth: p.Aim.Azimuth, HFOV: p.Aim.HFOV, Range: p.Aim.Range, Owner: "-", Investment: Government}
			if err := checkCamera(p, "aim.", c); err != nil {
				return err
			}
		}
		return nil
	}
	return invalid(p, "kind", "%q is not one of add, move, reaim, remove", p.Kind)
}

// checkCamera applies the camera checks of Layers.Check and checks the position.
func checkCamera(p *Proposal, prefix string, c Camera) error {
	l := &Layers{Cameras: []Camera{c}}
	if rej := l.Check(&rulebook.Taxonomy{}); len(rej) > 0 {
		return invalid(p, prefix+rej[0].Field, "%s", rej[0].Reason)
	}
	if prefix == "camera." {
		if reason := CheckPosition(c.Pos); reason != "" {
			return invalid(p, "camera.pos", "%s", reason)
		}
	}
	return nil
}

// CheckPosition says why p is not a WGS84 position, or "".
func CheckPosition(p orb.Point) string {
	switch {
	case math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0):
		return "not a finite longitude/latitude"
	case p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90:
		return fmt.Sprintf("%v is not a WGS84 longitude/latitude", p)
	case p == orb.Point{}:
		return "missing"
	}
	return ""
}
