package plan

import (
	"cctvgis/internal/audit"
	"slices"
)

// Stored returns a copy of p as a plan store keeps it: every time in UTC to the
// microsecond, the precision the version hashes already count (VersionHash) and that
// PostgreSQL keeps. The copy shares no slice that the stamping changes with p, so p is left
// as it was.
func (p *Plan) Stored() *Plan {
	c := *p
	c.CreatedAt = audit.Stamp(c.CreatedAt)
	c.Versions = slices.Clone(c.Versions)
	for i := range c.Versions {
		v := &c.Versions[i]
		v.SubmittedAt = audit.Stamp(v.SubmittedAt)
		v.Reviews = slices.Clone(v.Reviews)
		for j := range v.Reviews {
			v.Reviews[j].At = audit.Stamp(v.Reviews[j].At)
		}
		if v.Applied != nil {
			a := *v.Applied
			a.At = audit.Stamp(a.At)
			v.Applied = &a
		}
	}
	c.Comments = slices.Clone(c.Comments)
	for i := range c.Comments {
		c.Comments[i].At = audit.Stamp(c.Comments[i].At)
	}
	return &c
}
