package coverage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// BenchmarkPlanEdit measures the live effect of one edit on the 250,000-camera generated
// city: each iteration applies a random proposal (add, move, re-aim or remove) and takes
// it back, and the p95 of the applies is reported as p95-ms/edit. Building the editor (a
// full analysis) is outside the timer. Run it with
//
//	go test ./planner/coverage/ -run '^$' -bench BenchmarkPlanEdit -benchtime 400x
func BenchmarkPlanEdit(b *testing.B) {
	city, eff, tax := bigCity(b)
	ed, err := coverage.NewEditor(context.Background(), city, eff, tax, coverage.EditorOptions{})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	box := orb.MultiPoint{}
	for _, c := range city.Cameras {
		box = append(box, c.Pos)
	}
	bound := box.Bound()
	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := city.Cameras[rng.IntN(len(city.Cameras))]
		var p coverage.Proposal
		switch i % 4 {
		case 0:
			p = coverage.Proposal{Kind: coverage.ProposeAdd, Camera: coverage.Camera{ID: fmt.Sprintf("new-%d", i),
				Pos:     orb.Point{bound.Min[0] + rng.Float64()*(bound.Max[0]-bound.Min[0]), bound.Min[1] + rng.Float64()*(bound.Max[1]-bound.Min[1])},
				Azimuth: float64(rng.IntN(360)), HFOV: 90, Range: 80, Owner: "公安局", Investment: coverage.Government}}
		case 1:
			p = coverage.Proposal{Kind: coverage.ProposeMove, CameraID: c.ID, To: orb.Point{c.Pos[0] + 0.0005, c.Pos[1] + 0.0003}}
		case 2:
			p = coverage.Proposal{Kind: coverage.ProposeReaim, CameraID: c.ID, Aim: coverage.Aim{Azimuth: float64(rng.IntN(360)), HFOV: 120, Range: 150}}
		default:
			p = coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: c.ID}
		}
		start := time.Now()
		_, err := ed.Apply(p)
		times = append(times, time.Since(start))
		if err != nil {
			continue
		}
		if _, err := ed.Undo(); err != nil {
			b.Fatal(err)
		}
	}
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms/edit")
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms/edit")
	}
}

// BenchmarkCityEditor measures what a plan's editor or a what-if costs on the server: a
// clone of the city's editor (City.Editor), against the full analysis a new editor would
// take, on the 250,000-camera generated city. Run it with
//
//	go test ./planner/coverage/ -run '^$' -bench BenchmarkCityEditor -benchtime 20x
func BenchmarkCityEditor(b *testing.B) {
	city, eff, tax := bigCity(b)
	start := time.Now()
	c, err := coverage.NewCity(context.Background(), city, eff, tax, 1)
	if err != nil {
		b.Fatal(err)
	}
	built := time.Since(start)
	b.ResetTimer()
	for b.Loop() {
		if ed := c.Editor(); ed.Totals().Cameras != len(city.Cameras) {
			b.Fatal("a clone counts other cameras")
		}
	}
	b.ReportMetric(float64(built.Milliseconds()), "ms/new-city")
}

// bigCity is the 250,000-camera generated city and Yangzhou's rules.
func bigCity(b *testing.B) (*coverage.Layers, *rulebook.EffectiveRules, *rulebook.Taxonomy) {
	b.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	eff, err := lib.Effective("yangzhou", date(b, "2026-01-01"))
	if err != nil {
		b.Fatal(err)
	}
	city, err := samplecity.Generate(context.Background(), samplecity.Options{Seed: 1, Cameras: 250000, Sites: 100000})
	if err != nil {
		b.Fatal(err)
	}
	return city, eff, lib.Taxonomy
}
