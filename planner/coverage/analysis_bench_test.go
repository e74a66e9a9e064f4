package coverage_test

import (
	"context"
	"fmt"
	"testing"

	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/planner/coverage"
)

// BenchmarkAnalyze runs a full analysis, without occluders, of generated cities up to
// Yangzhou's scale (250,000 cameras, 100,000 sites with two entrances each). Generation is
// outside the timer; parsing is measured by the data package's benchmarks.
func BenchmarkAnalyze(b *testing.B) {
	lib, err := rules.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	rules, err := lib.Effective("yangzhou", date(b, "2026-01-01"))
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []struct{ cameras, sites int }{{25000, 10000}, {250000, 100000}} {
		b.Run(fmt.Sprintf("cameras=%d", size.cameras), func(b *testing.B) {
			city, err := samplecity.Generate(context.Background(), samplecity.Options{Seed: 1, Cameras: size.cameras, Sites: size.sites})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := coverage.Analyze(context.Background(), city, rules, lib.Taxonomy, coverage.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
