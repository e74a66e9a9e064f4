package inspect

import (
	"cctvgis/internal/audit"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Submission is what an inspector's phone sends for one field check: the body of
// POST /api/v1/inspections. It names exactly one camera or one site. Optional
// observation groups are pointers, and an empty Image means the image was not checked:
// nil means "not checked", never "fine".
type Submission struct {
	// ID is made by the client, a UUID, so that a resent check is recognised.
	ID       string
	CameraID string
	SiteID   string
	// Position is where the inspector stood, WGS84.
	Position   Position
	ObservedAt time.Time

	Signage     *Signage
	Lens        *Lens
	Obstruction *Obstruction
	Privacy     *Privacy
	Image       ImageState
	Running     *bool
	Notes       string
}

// Position is a GNSS fix as the phone reports it.
type Position struct {
	Lat float64
	Lon float64
	// AccuracyM is the phone's horizontal accuracy estimate in metres.
	AccuracyM float64
}

// Point returns the position as an orb point, longitude first.
func (p Position) Point() orb.Point { return orb.Point{p.Lon, p.Lat} }

// Signage is what the inspector saw of the notice sign (提示标识).
type Signage struct {
	Present bool
	Legible bool
}

// LensMethod is how the inspector measured the lens direction.
type LensMethod string

// The lens measuring methods.
const (
	LensCompass LensMethod = "compass"
	LensPhoto   LensMethod = "photo"
)

// Values are the lens measuring methods.
func (LensMethod) Values() []LensMethod { return []LensMethod{LensCompass, LensPhoto} }

// Valid reports whether l is one of Values.
func (l LensMethod) Valid() bool { return slices.Contains(l.Values(), l) }

// Lens is the lens direction the inspector measured.
type Lens struct {
	// MeasuredAzimuthDeg is degrees clockwise from true north, 0 ≤ a < 360. A phone
	// compass gives magnetic north unless it corrects for declination; the app must send
	// true bearings.
	MeasuredAzimuthDeg float64
	Method             LensMethod
}

// ObstructionKind is what blocks a camera's view.
type ObstructionKind string

// The obstruction kinds.
const (
	ObstructionNone      ObstructionKind = "none"
	ObstructionTree      ObstructionKind = "tree"
	ObstructionBillboard ObstructionKind = "billboard"
	ObstructionCable     ObstructionKind = "cable"
	ObstructionStructure ObstructionKind = "structure"
	ObstructionOther     ObstructionKind = "other"
)

// Values are the obstruction kinds.
func (ObstructionKind) Values() []ObstructionKind {
	return []ObstructionKind{ObstructionNone, ObstructionTree, ObstructionBillboard, ObstructionCable, ObstructionStructure, ObstructionOther}
}

// Valid reports whether o is one of Values.
func (o ObstructionKind) Valid() bool { return slices.Contains(o.Values(), o) }

// Obstruction is what blocks the view and how much of it.
type Obstruction struct {
	Kind ObstructionKind
	// BlockedShare is the share of the image that is blocked, 0 to 1.
	BlockedShare float64
}

// Privacy is whether the camera is in a private space, and of which kind.
type Privacy struct {
	InPrivateSpace bool
	// Space is a private-space id of the taxonomy (hotel_room, toilet, …); required when
	// InPrivateSpace is true, empty otherwise.
	Space string
}

// ImageState is what the camera's live image looks like.
type ImageState string

// The image states.
const (
	ImageClear    ImageState = "clear"
	ImageBlurred  ImageState = "blurred"
	ImageDark     ImageState = "dark"
	ImageNoSignal ImageState = "no_signal"
)

// Values are the image states.
func (ImageState) Values() []ImageState {
	return []ImageState{ImageClear, ImageBlurred, ImageDark, ImageNoSignal}
}

// Valid reports whether i is one of Values.
func (i ImageState) Valid() bool { return slices.Contains(i.Values(), i) }

// Normalize puts the fields that have several spellings of one value into their
// canonical form: the id in lowercase (phones send UUIDs in either case) and the
// observation time stamped (audit.Stamp: UTC, to the microsecond). Call it before
// Validate, BodyHash and storing.
func (s *Submission) Normalize() {
	s.ID = strings.ToLower(s.ID)
	s.ObservedAt = audit.Stamp(s.ObservedAt)
}

// Inspection is one field check as the server holds it: the inspector's Submission and
// the fields the server sets on receipt. It is also the API's wire type.
type Inspection struct {
	Submission
	Inspector  Inspector
	ReceivedAt time.Time
	// District is the district of the camera or site, used for access control.
	District string
	// BodyHash is the hex BodyHash of the Submission, kept for idempotent resends.
	BodyHash string
	Review   Review
	// Flags are the doubts about the check found on receipt.
	Flags []Flag
}

// Inspector is the user who made a check.
type Inspector struct {
	ID   string
	Name string
}

// NewInspection makes the server's record of a received submission: it normalises the
// submission, sets its body hash and the receiving fields, and starts its review as
// received. It does not validate; call Validate first.
func NewInspection(s Submission, by Inspector, district string, received time.Time) Inspection {
	s.Normalize()
	return Inspection{
		Submission: s,
		Inspector:  by,
		ReceivedAt: audit.Stamp(received),
		District:   district,
		BodyHash:   s.BodyHash(),
		Review:     Review{State: ReviewReceived},
		Flags:      []Flag{},
	}
}
