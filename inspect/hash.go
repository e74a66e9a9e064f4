package inspect

import (
	"encoding/hex"

	"cctvgis/internal/audit"
)

// bodyHashTag names the encoding BodyHash writes; change its version with the encoding.
const bodyHashTag = "cctvgis/inspect/submission/v1"

// BodyHash returns the lowercase hex SHA-256 of a canonical encoding of the submission:
// every client-supplied field in a fixed order, numbers as fixed-width binary, strings
// length-prefixed, optional groups preceded by a presence byte, the observation time as
// microseconds since the Unix epoch. Two resends that differ only in JSON formatting, key
// order or the time zone offset of observed_at hash alike; any change of a value does not.
// Normalize the submission first so that the id's case does not count.
func (s Submission) BodyHash() string {
	c := audit.NewCanon(bodyHashTag)
	c.Str(s.ID)
	c.Str(s.CameraID)
	c.Str(s.SiteID)
	c.F64(s.Position.Lat)
	c.F64(s.Position.Lon)
	c.F64(s.Position.AccuracyM)
	c.I64(s.ObservedAt.UnixMicro())
	if g := s.Signage; c.Present(g != nil) {
		c.Bool(g.Present)
		c.Bool(g.Legible)
	}
	if g := s.Lens; c.Present(g != nil) {
		c.F64(g.MeasuredAzimuthDeg)
		c.Str(string(g.Method))
	}
	if g := s.Obstruction; c.Present(g != nil) {
		c.Str(string(g.Kind))
		c.F64(g.BlockedShare)
	}
	if g := s.Privacy; c.Present(g != nil) {
		c.Bool(g.InPrivateSpace)
		c.Str(g.Space)
	}
	c.Str(string(s.Image))
	if r := s.Running; c.Present(r != nil) {
		c.Bool(*r)
	}
	c.Str(s.Notes)
	sum := c.Sum()
	return hex.EncodeToString(sum[:])
}

// SameBody reports whether a resent submission is the stored one again: the idempotency
// test for an inspection id. A stored inspection with a different body under the same id
// is a conflict (ErrConflict). It normalises its copy of s first.
func (in *Inspection) SameBody(s Submission) bool {
	s.Normalize()
	return in.ID == s.ID && in.BodyHash == s.BodyHash()
}
