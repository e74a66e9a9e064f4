package coverage_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/rules"
	"cctvgis/planner/coverage"
)

// A road in a tunnel under a camera's footprint is not watched by it, and a government-only
// road underground puts no zone on the surface above it; the same road at the surface is
// watched and zoned. Liaoning's 第七条第一款 reserves city arterial roads (城市干道、城市主干道)
// to government-built systems.
func TestUndergroundRoadsAreKeptApart(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eff, err := lib.Effective("liaoning", date(t, "2024-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	road := orb.LineString{{115.900, 28.680}, {115.902, 28.680}}
	layers := func(level int) *coverage.Layers {
		return &coverage.Layers{
			Roads: []coverage.Road{{ID: "r1", Class: "arterial_road", Geometry: road, Level: level}},
			Cameras: []coverage.Camera{{ID: "shop", Pos: orb.Point{115.901, 28.6801}, Azimuth: 180, HFOV: 120, Range: 40,
				Owner: "商店", Investment: coverage.Private}},
		}
	}
	tests := []struct {
		name       string
		level      int
		watched    bool
		zoneBroken bool
	}{
		{"at the surface", 0, true, true},
		{"on a bridge", 1, true, true},
		{"in a tunnel", -1, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := layers(tt.level)
			if rej := l.Check(lib.Taxonomy); len(rej) > 0 {
				t.Fatal(rej)
			}
			res, err := coverage.Analyze(context.Background(), l, eff, lib.Taxonomy, coverage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Roads[0].CoveredLength > 0; got != tt.watched {
				t.Errorf("watched %v (covered %.1f of %.1f m), want %v", got, res.Roads[0].CoveredLength, res.Roads[0].Length, tt.watched)
			}
			zoned := false
			for _, v := range res.Violations {
				if v.Rule == coverage.RuleGovernmentZone {
					zoned = true
				}
			}
			if zoned != tt.zoneBroken {
				t.Errorf("unauthorized_builder %v, want %v", zoned, tt.zoneBroken)
			}
			// The plan editor keeps the levels apart the same way.
			ed, err := coverage.NewEditor(context.Background(), l, eff, lib.Taxonomy, coverage.EditorOptions{})
			if err != nil {
				t.Fatal(err)
			}
			eff2, err := ed.Apply(coverage.Proposal{Kind: coverage.ProposeReaim, CameraID: "shop", Aim: coverage.Aim{Azimuth: 180, HFOV: 150, Range: 45}})
			if err != nil {
				t.Fatal(err)
			}
			for _, rc := range eff2.Roads {
				if !tt.watched && rc.CoveredMAfter > 0 {
					t.Errorf("after a re-aim the tunnel is watched: %+v", rc)
				}
			}
		})
	}
}
