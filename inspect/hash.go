package inspect

import "encoding/hex"

// bodyHashTag names the encoding BodyHash writes; change its version with the encoding.
const bodyHashTag = "cctvgis/inspect/submission/v1"

// BodyHash returns the lowercase hex SHA-256 of a canonical encoding of the submission:
// every client-supplied field in a fixed order, numbers as fixed-width binary, strings
// length-prefixed, optional groups preceded by a presence byte, the observation time as
// microseconds since the Unix epoch. Two resends that differ only in JSON formatting, key
// order or the time zone offset of observed_at hash alike; any change of a value does not.
// Normalize the submission first so that the id's case does not count.
func (s Submission) BodyHash() string {
	c := newCanon(bodyHashTag)
	c.str(s.ID)
	c.str(s.CameraID)
	c.str(s.SiteID)
	c.f64(s.Position.Lat)
	c.f64(s.Position.Lon)
	c.f64(s.Position.AccuracyM)
	c.i64(s.ObservedAt.UnixMicro())
	if g := s.Signage; c.present(g != nil) {
		c.boolean(g.Present)
		c.boolean(g.Legible)
	}
	if g := s.Lens; c.present(g != nil) {
		c.f64(g.MeasuredAzimuthDeg)
		c.str(string(g.Method))
	}
	if g := s.Obstruction; c.present(g != nil) {
		c.str(string(g.Kind))
		c.f64(g.BlockedShare)
	}
	if g := s.Privacy; c.present(g != nil) {
		c.boolean(g.InPrivateSpace)
		c.str(g.Space)
	}
	c.str(string(s.Image))
	if r := s.Running; c.present(r != nil) {
		c.boolean(*r)
	}
	c.str(s.Notes)
	sum := c.sum()
	return hex.EncodeToString(sum[:])
}

// SameBody reports whether a resent submission is the stored one again: the idempotency
// test for an inspection id. A stored inspection with a different body under the same id
// is a conflict (ErrConflict). It normalises its copy of s first.
func (in *Inspection) SameBody(s Submission) bool {
	s.Normalize()
	return in.ID == s.ID && in.BodyHash == s.BodyHash()
}
