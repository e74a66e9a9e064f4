package geojson

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
)

// PlanExport is approved version n of a plan as a GeoJSON feature collection: a feature per
// proposal (a point at the camera's new or current position; lookup gives the current
// position of existing cameras and may be nil), and as foreign members the plan, the
// version's hash, its reviews, and the effect summary (the totals without and with the
// plan).
func PlanExport(p *plan.Plan, n int, before, after coverage.Totals, lookup func(id string) (coverage.Camera, bool)) (*geojson.FeatureCollection, error) {
	v, err := p.Approved(n)
	if err != nil {
		return nil, err
	}
	fc := geojson.NewFeatureCollection()
	for _, prop := range v.Proposals {
		fc.Append(proposalFeature(prop, lookup))
	}
	fc.ExtraMembers = geojson.Properties{
		"plan": map[string]any{"id": p.ID, "title": v.Title, "rulebook": p.Rulebook, "district": p.District,
			"author": p.Author, "created_at": p.CreatedAt},
		"version":      v.Number,
		"hash":         v.Hash,
		"submitted_by": v.SubmittedBy,
		"submitted_at": v.SubmittedAt,
		"stages":       views.List(v.Stages, views.NewStageEntry),
		"approvals":    views.List(v.Reviews, views.NewPlanReview),
		"effect":       map[string]views.Totals{"before": views.NewTotals(before), "after": views.NewTotals(after)},
	}
	return fc, nil
}

// proposalFeature is a proposal as a point feature with what it sets as properties; a
// camera that cannot be placed has no geometry.
func proposalFeature(prop coverage.Proposal, lookup func(id string) (coverage.Camera, bool)) *geojson.Feature {
	var pos orb.Point
	switch prop.Kind {
	case coverage.ProposeAdd:
		pos = prop.Camera.Pos
	case coverage.ProposeMove:
		pos = prop.To
	default:
		if lookup != nil {
			if c, ok := lookup(prop.CameraID); ok {
				pos = c.Pos
			}
		}
	}
	f := geojson.NewFeature(pos)
	if pos == (orb.Point{}) {
		f.Geometry = nil
	}
	f.ID = prop.ID
	f.Properties = geojson.Properties{"proposal": prop.ID, "kind": string(prop.Kind), "camera_id": prop.Target(), "note": prop.Note}
	switch prop.Kind {
	case coverage.ProposeAdd:
		c := prop.Camera
		f.Properties["azimuth"], f.Properties["hfov"], f.Properties["range"] = c.Azimuth, c.HFOV, c.Range
		f.Properties["owner"], f.Properties["investment"], f.Properties["height"] = c.Owner, string(c.Investment), c.Height
		f.Properties["status"] = plan.StatusPlanned
	case coverage.ProposeReaim:
		f.Properties["azimuth"], f.Properties["hfov"], f.Properties["range"] = prop.Aim.Azimuth, prop.Aim.HFOV, prop.Aim.Range
	}
	return f
}
