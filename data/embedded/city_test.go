package embedded_test

import (
	"context"
	"testing"

	"cctvgis/data/samplecity"
	"cctvgis/planner/coverage"
)

// generate is samplecity.Generate for tests: it fails tb on error.
func generate(tb testing.TB, opt samplecity.Options) *coverage.Layers {
	tb.Helper()
	l, err := samplecity.Generate(context.Background(), opt)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// mustGenerate is samplecity.Generate where no testing.TB is at hand. Without a deadline
// a generation cannot fail, so an error is a bug and panics.
func mustGenerate(opt samplecity.Options) *coverage.Layers {
	l, err := samplecity.Generate(context.Background(), opt)
	if err != nil {
		panic(err)
	}
	return l
}
