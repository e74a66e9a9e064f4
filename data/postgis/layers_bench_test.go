package postgis_test

import (
	"context"
	"testing"

	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/planner/coverage"
)

// benchCity is the city of the speed figures (issue 13): Yangzhou's 250,000 cameras and
// 100,000 sites with two entrances each, its roads, districts and private spaces.
func benchCity(b *testing.B) (*postgis.Store, *coverage.Layers, int) {
	b.Helper()
	ctx := context.Background()
	url := pgtest.Schema(b)
	lib, err := rules.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	s, err := postgis.Open(ctx, url, lib.Taxonomy)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	l, err := samplecity.Generate(ctx, samplecity.Options{Seed: 1, Cameras: 250000, Sites: 100000})
	if err != nil {
		b.Fatal(err)
	}
	l.AssignIDs()
	rows := 0
	for _, d := range coverage.Descs() {
		rows += d.Len(l)
	}
	return s, l, rows
}

// BenchmarkPutLayers times writing the city and reports rows written per second: into
// empty tables, as a first import does, and over itself, every row an update, as a second
// import of the same files does.
func BenchmarkPutLayers(b *testing.B) {
	for _, again := range []bool{false, true} {
		name := map[bool]string{false: "empty", true: "again"}[again]
		b.Run(name, func(b *testing.B) {
			s, l, rows := benchCity(b)
			ctx := context.Background()
			if again {
				if _, err := s.PutLayers(ctx, l); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if !again {
					b.StopTimer()
					if _, err := s.Pool().Exec(ctx, `TRUNCATE sites, entrances, cameras, roads, occluders, private_spaces, districts`); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if _, err := s.PutLayers(ctx, l); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkReadLayers times reading the whole city back and reports rows read per second.
func BenchmarkReadLayers(b *testing.B) {
	s, l, rows := benchCity(b)
	ctx := context.Background()
	if _, err := s.PutLayers(ctx, l); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := s.ReadLayers(ctx, coverage.LayerQuery{}, &coverage.Layers{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
