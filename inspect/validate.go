package inspect

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"cctvgis/internal/fault"
	"cctvgis/planner/rulebook"
)

// MaxClockSkew is how far in the future an observation time may lie, for phones whose
// clocks run ahead.
const MaxClockSkew = 5 * time.Minute

// MaxNotesRunes caps the length of an inspection's notes, in characters.
const MaxNotesRunes = 2000

// MaxRefLen caps the length of a camera or site id.
const MaxRefLen = 128

// The codes of validation problems; clients may rely on them.
const (
	CodeRequired     = "required"
	CodeFormat       = "format"
	CodeRange        = "range"
	CodeEnum         = "enum"
	CodeTooLong      = "too_long"
	CodeFuture       = "future"
	CodeTooOld       = "too_old"
	CodeExclusive    = "exclusive"
	CodeInconsistent = "inconsistent"
	CodeUnknown      = "unknown"
)

// Problem is one invalid field of a submission.
type Problem struct {
	// Code is one of the Code constants.
	Code string
	// Field names the field as the API's view of a submission does, e.g. position.lat.
	Field   string
	Message string
}

// ValidationError lists every invalid field of a submission, in field order. It matches
// ErrInvalid.
type ValidationError struct {
	Problems []Problem
}

// Error lists every problem as "field: message".
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field + ": " + p.Message
	}
	return "invalid inspection: " + strings.Join(parts, "; ")
}

// Unwrap returns ErrInvalid, so that every ValidationError matches it and its kind.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// FieldProblems lists the fields at fault, in field order.
func (e *ValidationError) FieldProblems() []fault.Problem {
	out := make([]fault.Problem, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = fault.Problem{Code: p.Code, Field: p.Field, Message: p.Message}
	}
	return out
}

type problems []Problem

func (ps *problems) add(code, field, format string, args ...any) {
	*ps = append(*ps, Problem{Code: code, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}

var (
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	idPattern   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// Validate checks a submission received at now: the id is a UUID, exactly one of camera
// and site is named, the position is a real WGS84 fix, the observation is no more than
// MaxClockSkew in the future nor older than maxAge (no lower bound when maxAge ≤ 0), and
// every observation group holds known values in range. It returns a *ValidationError
// listing every problem, or nil.
func (s *Submission) Validate(now time.Time, maxAge time.Duration) error {
	var ps problems
	switch {
	case s.ID == "":
		ps.add(CodeRequired, "id", "a client-made UUID is required")
	case !uuidPattern.MatchString(s.ID):
		ps.add(CodeFormat, "id", "%q is not a UUID (8-4-4-4-12 hex digits)", clip(s.ID))
	}
	switch {
	case s.CameraID == "" && s.SiteID == "":
		ps.add(CodeRequired, "camera_id", "one of camera_id and site_id is required")
	case s.CameraID != "" && s.SiteID != "":
		ps.add(CodeExclusive, "site_id", "give camera_id or site_id, not both")
	}
	checkRef(&ps, "camera_id", s.CameraID)
	checkRef(&ps, "site_id", s.SiteID)

	p := s.Position
	if !(p.Lat >= -90 && p.Lat <= 90) {
		ps.add(CodeRange, "position.lat", "%v is outside -90 to 90", p.Lat)
	}
	if !(p.Lon >= -180 && p.Lon <= 180) {
		ps.add(CodeRange, "position.lon", "%v is outside -180 to 180", p.Lon)
	}
	if !(p.AccuracyM >= 0) || math.IsInf(p.AccuracyM, 0) {
		ps.add(CodeRange, "position.accuracy_m", "%v is not a distance in metres", p.AccuracyM)
	}

	switch {
	case s.ObservedAt.IsZero():
		ps.add(CodeRequired, "observed_at", "the time of the check is required")
	case s.ObservedAt.After(now.Add(MaxClockSkew)):
		ps.add(CodeFuture, "observed_at", "%s is more than %s after the server's time %s",
			s.ObservedAt.Format(time.RFC3339), MaxClockSkew, now.UTC().Format(time.RFC3339))
	case maxAge > 0 && s.ObservedAt.Before(now.Add(-maxAge)):
		ps.add(CodeTooOld, "observed_at", "%s is older than the accepted window of %s",
			s.ObservedAt.Format(time.RFC3339), maxAge)
	}

	if l := s.Lens; l != nil {
		if s.CameraID == "" {
			ps.add(CodeInconsistent, "lens", "a lens direction needs camera_id")
		}
		if !(l.MeasuredAzimuthDeg >= 0 && l.MeasuredAzimuthDeg < 360) {
			ps.add(CodeRange, "lens.measured_azimuth_deg", "%v is outside 0 ≤ a < 360", l.MeasuredAzimuthDeg)
		}
		switch l.Method {
		case LensCompass, LensPhoto:
		case "":
			ps.add(CodeRequired, "lens.method", "compass or photo is required")
		default:
			ps.add(CodeEnum, "lens.method", "%q is not compass or photo", clip(string(l.Method)))
		}
	}
	if o := s.Obstruction; o != nil {
		switch o.Kind {
		case ObstructionNone, ObstructionTree, ObstructionBillboard, ObstructionCable, ObstructionStructure, ObstructionOther:
		case "":
			ps.add(CodeRequired, "obstruction.kind", "the kind of obstruction is required (none if there is none)")
		default:
			ps.add(CodeEnum, "obstruction.kind", "%q is not one of none, tree, billboard, cable, structure, other", clip(string(o.Kind)))
		}
		switch {
		case !(o.BlockedShare >= 0 && o.BlockedShare <= 1):
			ps.add(CodeRange, "obstruction.blocked_share", "%v is outside 0 to 1", o.BlockedShare)
		case o.Kind == ObstructionNone && o.BlockedShare > 0:
			ps.add(CodeInconsistent, "obstruction.blocked_share", "kind none with %v of the view blocked", o.BlockedShare)
		}
	}
	if pv := s.Privacy; pv != nil {
		switch {
		case pv.InPrivateSpace && pv.Space == "":
			ps.add(CodeRequired, "privacy.space", "the kind of private space is required")
		case !pv.InPrivateSpace && pv.Space != "":
			ps.add(CodeInconsistent, "privacy.space", "a space kind is given but in_private_space is false")
		case pv.Space != "" && !idPattern.MatchString(pv.Space):
			ps.add(CodeFormat, "privacy.space", "%q is not a private-space id", clip(pv.Space))
		}
	}
	switch s.Image {
	case "", ImageClear, ImageBlurred, ImageDark, ImageNoSignal:
	default:
		ps.add(CodeEnum, "image", "%q is not one of clear, blurred, dark, no_signal", clip(string(s.Image)))
	}
	switch {
	case !utf8.ValidString(s.Notes):
		ps.add(CodeFormat, "notes", "not valid UTF-8")
	case utf8.RuneCountInString(s.Notes) > MaxNotesRunes:
		ps.add(CodeTooLong, "notes", "%d characters, more than %d", utf8.RuneCountInString(s.Notes), MaxNotesRunes)
	}
	return ps.err()
}

// CheckVocabulary checks the submission's taxonomy ids against the taxonomy: the private
// space kind must be one it lists. It returns a *ValidationError, or nil.
func (s *Submission) CheckVocabulary(t *rulebook.Taxonomy) error {
	var ps problems
	if pv := s.Privacy; pv != nil && pv.Space != "" {
		if _, ok := t.Space(pv.Space); !ok {
			ps.add(CodeUnknown, "privacy.space", "%q is not a private-space kind (see cctvgis rules categories)", clip(pv.Space))
		}
	}
	return ps.err()
}

func checkRef(ps *problems, field, v string) {
	switch {
	case len(v) > MaxRefLen:
		ps.add(CodeTooLong, field, "%d bytes, more than %d", len(v), MaxRefLen)
	case !utf8.ValidString(v):
		ps.add(CodeFormat, field, "not valid UTF-8")
	case strings.TrimSpace(v) != v:
		ps.add(CodeFormat, field, "leading or trailing space")
	}
}

// clip shortens a value quoted back in a message, so that a huge field does not make a
// huge error.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
