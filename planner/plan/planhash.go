package plan

import (
	"cctvgis/internal/audit"
	"cctvgis/planner/coverage"
)

// The tags that name each encoding; change the version with the encoding.
const (
	versionTag  = "cctvgis/planner/plan-version/v1"
	proposalTag = "cctvgis/planner/proposal/v1"
	metaTag     = "cctvgis/planner/plan/v1"
	reviewTag   = "cctvgis/planner/review/v1"
	commentTag  = "cctvgis/planner/comment/v1"
)

// meta writes the plan's metadata that a version's hash covers.
func meta(c *audit.Canon, p *Plan) {
	c.Str(p.ID)
	c.Str(p.Rulebook)
	c.Str(p.District)
	c.Str(p.Author)
	c.U64(uint64(p.CreatedAt.UnixMicro()))
}

// proposal writes a proposal: its id and kind, then the fields of its kind only.
func proposal(c *audit.Canon, p *coverage.Proposal) {
	c.Str(p.ID)
	c.Str(string(p.Kind))
	switch p.Kind {
	case coverage.ProposeAdd:
		k := &p.Camera
		c.Str(k.ID)
		c.F64(k.Pos[0])
		c.F64(k.Pos[1])
		c.F64(k.Azimuth)
		c.F64(k.HFOV)
		c.F64(k.Range)
		c.Str(k.Owner)
		c.Str(string(k.Investment))
		c.F64(k.Height)
		c.Str(k.Status)
		// The attributes added later are encoded only when set, so that the hashes of
		// versions frozen before them do not change.
		if k.Surveillance != "" || k.Mount != "" || k.Level != 0 {
			c.Str("attributes")
			c.Str(k.Surveillance)
			c.Str(k.Mount)
			c.F64(float64(k.Level))
		}
	case coverage.ProposeMove:
		c.Str(p.CameraID)
		c.F64(p.To[0])
		c.F64(p.To[1])
	case coverage.ProposeReaim:
		c.Str(p.CameraID)
		c.F64(p.Aim.Azimuth)
		c.F64(p.Aim.HFOV)
		c.F64(p.Aim.Range)
	default:
		c.Str(p.CameraID)
	}
	c.Str(p.Note)
}

// VersionHash is the SHA-256 of a version's canonical encoding: a tag, the plan's id,
// rulebook, district, author and creation time, the version's number, title, submitter
// and submission time (microseconds), and its proposals in order. Reviews are not part of
// it: they come after, each with its own digest in the audit log.
func (p *Plan) VersionHash(v *Version) audit.Hash {
	c := audit.NewCanon(versionTag)
	meta(c, p)
	c.U64(uint64(v.Number))
	c.Str(v.Title)
	c.Str(v.SubmittedBy)
	c.U64(uint64(v.SubmittedAt.UnixMicro()))
	c.U64(uint64(len(v.Proposals)))
	for i := range v.Proposals {
		proposal(c, &v.Proposals[i])
	}
	return c.Sum()
}

// VerifyVersion reports whether version v still has the hash it was frozen with.
func (p *Plan) VerifyVersion(v *Version) bool { return p.VersionHash(v).String() == v.Hash }

func proposalHash(p coverage.Proposal) audit.Hash {
	c := audit.NewCanon(proposalTag)
	proposal(c, &p)
	return c.Sum()
}

func (p *Plan) metaHash() audit.Hash {
	c := audit.NewCanon(metaTag)
	meta(c, p)
	c.Str(p.Title)
	return c.Sum()
}

func reviewHash(v *Version, r Review) audit.Hash {
	c := audit.NewCanon(reviewTag)
	c.Str(v.Hash)
	c.Str(r.Stage)
	c.Str(string(r.Decision))
	c.Str(r.By)
	c.U64(uint64(r.At.UnixMicro()))
	c.Str(r.Note)
	return c.Sum()
}

func commentHash(cm Comment) audit.Hash {
	c := audit.NewCanon(commentTag)
	c.Str(cm.ID)
	c.U64(uint64(cm.Version))
	c.Str(cm.By)
	c.U64(uint64(cm.At.UnixMicro()))
	c.Str(cm.Text)
	if cm.Pos != nil {
		c.U64(1)
		c.F64(cm.Pos[0])
		c.F64(cm.Pos[1])
	} else {
		c.U64(0)
	}
	c.Str(cm.Proposal)
	return c.Sum()
}
