package geo_test

import (
	"math/rand/v2"
	"testing"

	"cctvgis/internal/testenv"
)

// newRand returns the generator of a randomised test and logs its seed so that
// a failure can be replayed with -seed.
func newRand(tb testing.TB) *rand.Rand {
	tb.Helper()
	return rand.New(rand.NewPCG(testenv.Seed(tb), 0))
}

// uniform returns a number drawn uniformly from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 {
	return lo + (hi-lo)*r.Float64()
}
