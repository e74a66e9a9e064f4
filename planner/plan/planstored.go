package plan

import (
	"slices"
	"time"
)

// Stored returns a copy of p as a plan store keeps it: every time in UTC to the
// microsecond, the precision the version hashes already count (VersionHash) and that
// PostgreSQL keeps. The copy shares no slice that the stamping changes with p, so p is left
// as it was.
func (p *Plan) Stored() *Plan {
	c := *p
	c.CreatedAt = stamp(c.CreatedAt)
	c.Versions = slices.Clone(c.Versions)
	for i := range c.Versions {
		v := &c.Versions[i]
		v.SubmittedAt = stamp(v.SubmittedAt)
		v.Reviews = slices.Clone(v.Reviews)
		for j := range v.Reviews {
			v.Reviews[j].At = stamp(v.Reviews[j].At)
		}
		if v.Applied != nil {
			a := *v.Applied
			a.At = stamp(a.At)
			v.Applied = &a
		}
	}
	c.Comments = slices.Clone(c.Comments)
	for i := range c.Comments {
		c.Comments[i].At = stamp(c.Comments[i].At)
	}
	return &c
}

// stamp is t in UTC to the microsecond; the zero time stays zero.
func stamp(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}
