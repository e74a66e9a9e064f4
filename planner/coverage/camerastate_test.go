package coverage_test

import (
	"errors"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/planner/coverage"
)

// The camera states real data leaves open are judged conservatively: a camera of unknown
// direction sees only a small disc, a camera of unknown investment in a government-only
// zone is to verify instead of unauthorized_builder, and an underground camera watches
// no surface road and is zoned by none. Liaoning's 第七条第一款 reserves arterial roads.
func TestCameraStates(t *testing.T) {
	// The camera stands about 11 m north of the road's middle, looking south.
	road := orb.LineString{{115.900, 28.680}, {115.902, 28.680}}
	base := coverage.Camera{ID: "c", Pos: orb.Point{115.901, 28.6801}, Azimuth: 180, HFOV: 120, Range: 40,
		Owner: "商店", Investment: coverage.Private}
	tests := []struct {
		name     string
		change   func(c *coverage.Camera)
		opt      coverage.Options
		watched  bool
		violated bool
		verify   coverage.VerifyCounts
	}{
		{"known direction, private", func(*coverage.Camera) {}, coverage.Options{}, true, true, coverage.VerifyCounts{}},
		{"unknown direction: a 10 m disc misses the road 11 m away", func(c *coverage.Camera) {
			c.Direction, c.Azimuth, c.HFOV = coverage.DirectionUnknown, 0, 360
		}, coverage.Options{}, false, true, coverage.VerifyCounts{UnknownDirection: 1}},
		{"unknown direction with a 15 m disc reaches it", func(c *coverage.Camera) {
			c.Direction, c.Azimuth, c.HFOV = coverage.DirectionUnknown, 0, 360
		}, coverage.Options{UnknownDirectionRange: 15}, true, true, coverage.VerifyCounts{UnknownDirection: 1}},
		{"unknown investment in the zone is to verify", func(c *coverage.Camera) {
			c.Investment = coverage.InvestmentUnknown
		}, coverage.Options{}, true, false, coverage.VerifyCounts{UnknownInvestment: 1, UnknownInvestmentInZone: 1}},
		{"underground camera neither watches nor is zoned", func(c *coverage.Camera) { c.Level = -1 },
			coverage.Options{}, false, false, coverage.VerifyCounts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.change(&c)
			l := &coverage.Layers{
				Roads:   []coverage.Road{{ID: "r1", Class: "arterial_road", Geometry: road}},
				Cameras: []coverage.Camera{c},
			}
			res := analyze(t, l, "liaoning", "2024-06-01", tt.opt)
			if got := res.Roads[0].CoveredLength > 0; got != tt.watched {
				t.Errorf("watched %v (%.1f m), want %v", got, res.Roads[0].CoveredLength, tt.watched)
			}
			if got := res.Summary.Violations[coverage.RuleGovernmentZone] > 0; got != tt.violated {
				t.Errorf("unauthorized_builder %v, want %v", got, tt.violated)
			}
			if res.Summary.ToVerify != tt.verify {
				t.Errorf("to verify %+v, want %+v", res.Summary.ToVerify, tt.verify)
			}
			// The editor starts from the same figures and keeps them through a removal
			// and its undo.
			ed, _, _ := newEditor(t, l, "liaoning", "2024-06-01", coverage.EditorOptions{Analysis: tt.opt})
			e, err := ed.Apply(coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: "c"})
			if err != nil {
				t.Fatal(err)
			}
			if e.After.ToVerify != (coverage.VerifyCounts{}) || e.Before.ToVerify != tt.verify {
				t.Errorf("to verify before %+v after %+v", e.Before.ToVerify, e.After.ToVerify)
			}
			if e, err = ed.Undo(); err != nil || e.After.ToVerify != tt.verify {
				t.Errorf("undo: %v, to verify %+v", err, e.After.ToVerify)
			}
		})
	}
}

// A re-aim gives a camera of unknown direction a direction; a proposal may not add a
// camera whose direction or investment is unknown.
func TestProposalsDecideCameraStates(t *testing.T) {
	cam := coverage.Camera{ID: "n", Pos: orb.Point{115.9, 28.68}, Azimuth: 0, HFOV: 90, Range: 30, Owner: "公安局", Investment: coverage.Government}
	c := cam
	c.Direction = coverage.DirectionUnknown
	c.Reaim(coverage.Aim{Azimuth: 90, HFOV: 60, Range: 20})
	if c.Direction != coverage.DirectionKnown || c.Azimuth != 90 {
		t.Errorf("after a re-aim: %+v", c)
	}
	for _, tt := range []struct {
		name  string
		field string
		edit  func(c *coverage.Camera)
	}{
		{"unknown direction", "camera.direction", func(c *coverage.Camera) { c.Direction = coverage.DirectionUnknown }},
		{"unknown investment", "camera.investment", func(c *coverage.Camera) { c.Investment = coverage.InvestmentUnknown }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := cam
			tt.edit(&c)
			err := coverage.CheckProposal(&coverage.Proposal{ID: "p1", Kind: coverage.ProposeAdd, Camera: c})
			var pe *coverage.ProposalError
			if !errors.As(err, &pe) || pe.Field != tt.field {
				t.Errorf("got %v, want a refusal of %s", err, tt.field)
			}
		})
	}
}
