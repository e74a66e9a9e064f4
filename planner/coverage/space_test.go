package coverage_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/planner/coverage"
)

// circle is a polygon of n vertices on a circle of radius r metres around (x, y), as a
// surveyed outline of a large building is: many short edges.
func circle(x, y, r float64, n int) orb.Polygon {
	ring := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		ring = append(ring, at(x+r*math.Cos(a), y+r*math.Sin(a)))
	}
	return orb.Polygon{append(ring, ring[0])}
}

// A camera is flagged for a private space whatever the number of vertices of its
// outline: inside it, on it, not outside it.
func TestPrivateSpaceWithALongOutline(t *testing.T) {
	rules, tax := effective(t, "yangzhou", "2026-01-01")
	const n = 4000
	space := circle(0, 0, 60, n)
	cam := func(id string, p orb.Point) coverage.Camera {
		return coverage.Camera{ID: id, Pos: p, Azimuth: 0, HFOV: 90, Range: 30, Owner: "hotel", Investment: coverage.Private}
	}
	l := &coverage.Layers{
		PrivateSpaces: []coverage.PrivateSpace{{ID: "dormitory", Space: "dormitory", Geometry: space}},
		Cameras: []coverage.Camera{
			cam("inside near the wall", at(59, 0)),
			cam("on a vertex", space[0][n/4]),
			cam("just outside", at(61, 0)),
			cam("far outside", at(200, 200)),
		},
	}
	res, err := coverage.Analyze(context.Background(), l, rules, tax, coverage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var flagged []string
	for _, v := range res.Violations {
		if v.Rule == coverage.RulePrivateSpace {
			flagged = append(flagged, l.Cameras[v.Camera].ID)
		}
	}
	if fmt.Sprint(flagged) != "[inside near the wall on a vertex]" {
		t.Errorf("flagged %q, want the camera inside and the one on a vertex", flagged)
	}
}
