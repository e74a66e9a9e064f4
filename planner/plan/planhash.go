package plan

import (
	"cctvgis/planner/coverage"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
)

// Digest is a SHA-256 of a canonical encoding.
type Digest [32]byte

// String returns the digest in lowercase hex.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

func digestOf(d Digest) string { return d.String() }

// The tags that name each encoding; change the version with the encoding.
const (
	versionTag  = "cctvgis/planner/plan-version/v1"
	proposalTag = "cctvgis/planner/proposal/v1"
	metaTag     = "cctvgis/planner/plan/v1"
	reviewTag   = "cctvgis/planner/review/v1"
	commentTag  = "cctvgis/planner/comment/v1"
)

// canon writes an unambiguous encoding: every string length-prefixed, every number fixed
// width, big-endian; floats as IEEE 754 bits with -0 written as 0.
type canon struct{ h hash.Hash }

func newCanon(tag string) *canon {
	c := &canon{h: sha256.New()}
	c.str(tag)
	return c
}

func (c *canon) u64(v uint64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	c.h.Write(b[:])
}

func (c *canon) str(s string) {
	c.u64(uint64(len(s)))
	c.h.Write([]byte(s))
}

func (c *canon) f64(v float64) {
	if v == 0 {
		v = 0
	}
	c.u64(math.Float64bits(v))
}

func (c *canon) sum() Digest {
	var d Digest
	c.h.Sum(d[:0])
	return d
}

// meta writes the plan's metadata that a version's hash covers.
func (c *canon) meta(p *Plan) {
	c.str(p.ID)
	c.str(p.Rulebook)
	c.str(p.District)
	c.str(p.Author)
	c.u64(uint64(p.CreatedAt.UnixMicro()))
}

// proposal writes a proposal: its id and kind, then the fields of its kind only.
func (c *canon) proposal(p *coverage.Proposal) {
	c.str(p.ID)
	c.str(string(p.Kind))
	switch p.Kind {
	case coverage.ProposeAdd:
		k := &p.Camera
		c.str(k.ID)
		c.f64(k.Pos[0])
		c.f64(k.Pos[1])
		c.f64(k.Azimuth)
		c.f64(k.HFOV)
		c.f64(k.Range)
		c.str(k.Owner)
		c.str(string(k.Investment))
		c.f64(k.Height)
		c.str(k.Status)
		// The attributes added later are encoded only when set, so that the hashes of
		// versions frozen before them do not change.
		if k.Surveillance != "" || k.Mount != "" || k.Level != 0 {
			c.str("attributes")
			c.str(k.Surveillance)
			c.str(k.Mount)
			c.f64(float64(k.Level))
		}
	case coverage.ProposeMove:
		c.str(p.CameraID)
		c.f64(p.To[0])
		c.f64(p.To[1])
	case coverage.ProposeReaim:
		c.str(p.CameraID)
		c.f64(p.Aim.Azimuth)
		c.f64(p.Aim.HFOV)
		c.f64(p.Aim.Range)
	default:
		c.str(p.CameraID)
	}
	c.str(p.Note)
}

// VersionHash is the SHA-256 of a version's canonical encoding: a tag, the plan's id,
// rulebook, district, author and creation time, the version's number, title, submitter
// and submission time (microseconds), and its proposals in order. Reviews are not part of
// it: they come after, each with its own digest in the audit log.
func (p *Plan) VersionHash(v *Version) Digest {
	c := newCanon(versionTag)
	c.meta(p)
	c.u64(uint64(v.Number))
	c.str(v.Title)
	c.str(v.SubmittedBy)
	c.u64(uint64(v.SubmittedAt.UnixMicro()))
	c.u64(uint64(len(v.Proposals)))
	for i := range v.Proposals {
		c.proposal(&v.Proposals[i])
	}
	return c.sum()
}

// VerifyVersion reports whether version v still has the hash it was frozen with.
func (p *Plan) VerifyVersion(v *Version) bool { return p.VersionHash(v).String() == v.Hash }

func proposalHash(p coverage.Proposal) Digest {
	c := newCanon(proposalTag)
	c.proposal(&p)
	return c.sum()
}

func (p *Plan) metaHash() Digest {
	c := newCanon(metaTag)
	c.meta(p)
	c.str(p.Title)
	return c.sum()
}

func reviewHash(v *Version, r Review) Digest {
	c := newCanon(reviewTag)
	c.str(v.Hash)
	c.str(r.Stage)
	c.str(string(r.Decision))
	c.str(r.By)
	c.u64(uint64(r.At.UnixMicro()))
	c.str(r.Note)
	return c.sum()
}

func commentHash(cm Comment) Digest {
	c := newCanon(commentTag)
	c.str(cm.ID)
	c.u64(uint64(cm.Version))
	c.str(cm.By)
	c.u64(uint64(cm.At.UnixMicro()))
	c.str(cm.Text)
	if cm.Pos != nil {
		c.u64(1)
		c.f64(cm.Pos[0])
		c.f64(cm.Pos[1])
	} else {
		c.u64(0)
	}
	c.str(cm.Proposal)
	return c.sum()
}
