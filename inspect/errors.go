package inspect

import (
	"errors"

	"cctvgis/internal/fault"
)

// Sentinel errors of the package; match them with errors.Is.
var (
	// ErrNotFound is returned by stores for an id they do not hold.
	ErrNotFound = fault.New(fault.NotFound, "inspect: not found")
	// ErrConflict is returned when a write contradicts what is stored: the same
	// inspection id with a different body, or a transition from a state the object is no
	// longer in.
	ErrConflict = fault.New(fault.Conflict, "inspect: conflict")
	// ErrInvalid is matched by every *ValidationError.
	ErrInvalid = fault.New(fault.Invalid, "inspect: invalid inspection")
	// ErrIllegalTransition is returned for a state change the state machine does not allow.
	ErrIllegalTransition = fault.New(fault.WrongState, "inspect: illegal transition")
	// ErrCameraMismatch is returned when findings are asked for with a camera other than
	// the one the inspection names.
	ErrCameraMismatch = fault.New(fault.Invalid, "inspect: camera does not match the inspection")
	// ErrHashMismatch is returned when an upload's bytes do not have the SHA-256 the
	// client sent.
	ErrHashMismatch = fault.New(fault.Invalid, "inspect: sha256 does not match the bytes")
	// ErrUnsupportedFormat is returned for an upload that is neither JPEG nor PNG.
	ErrUnsupportedFormat = fault.New(fault.Unsupported, "inspect: not a JPEG or PNG image")
	// ErrEXIF is returned for EXIF data that cannot be read.
	ErrEXIF = fault.New(fault.Invalid, "inspect: malformed EXIF")
)

// ErrEvidence is matched by every *EvidenceError from VerifyEvidence: stored evidence that
// its audit log does not account for.
var ErrEvidence = errors.New("inspect: stored evidence does not match the audit log")
