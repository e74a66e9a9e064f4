package geo_test

import (
	"flag"
	"math/rand/v2"
	"testing"
)

var seed = flag.Uint64("seed", 1, "seed of the randomised tests")

// newRand returns the generator of a randomised test and logs its seed so that
// a failure can be replayed with -seed.
func newRand(tb testing.TB) *rand.Rand {
	tb.Helper()
	tb.Logf("seed %d", *seed)
	return rand.New(rand.NewPCG(*seed, 0))
}

// uniform returns a number drawn uniformly from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 {
	return lo + (hi-lo)*r.Float64()
}
