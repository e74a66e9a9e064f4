package inspect

import "errors"

// Sentinel errors of the package; match them with errors.Is.
var (
	// ErrNotFound is returned by stores for an id they do not hold.
	ErrNotFound = errors.New("inspect: not found")
	// ErrConflict is returned when a write contradicts what is stored: the same
	// inspection id with a different body, or a transition from a state the object is no
	// longer in.
	ErrConflict = errors.New("inspect: conflict")
	// ErrInvalid is matched by every *ValidationError.
	ErrInvalid = errors.New("inspect: invalid inspection")
	// ErrIllegalTransition is returned for a state change the state machine does not allow.
	ErrIllegalTransition = errors.New("inspect: illegal transition")
	// ErrCameraMismatch is returned when findings are asked for with a camera other than
	// the one the inspection names.
	ErrCameraMismatch = errors.New("inspect: camera does not match the inspection")
	// ErrChainBroken is matched by every *ChainError from Verify.
	ErrChainBroken = errors.New("inspect: audit chain broken")
	// ErrHashMismatch is returned when an upload's bytes do not have the SHA-256 the
	// client sent.
	ErrHashMismatch = errors.New("inspect: sha256 does not match the bytes")
	// ErrUnsupportedFormat is returned for an upload that is neither JPEG nor PNG.
	ErrUnsupportedFormat = errors.New("inspect: not a JPEG or PNG image")
	// ErrEXIF is returned for EXIF data that cannot be read.
	ErrEXIF = errors.New("inspect: malformed EXIF")
)

// ErrEvidence is matched by every *EvidenceError from VerifyEvidence: stored evidence that
// its audit log does not account for.
var ErrEvidence = errors.New("inspect: stored evidence does not match the audit log")
