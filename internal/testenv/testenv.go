// Package testenv gives tests what they take from their environment: the seed of randomised
// tests, the shared folder of real data and legal texts (and Beijing's districts from it),
// and comparing JSON documents.
// Only tests import it; it imports nothing of the product.
package testenv

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"
)

// SeedEnv names the environment variable that fixes the seed of randomised tests.
const SeedEnv = "CCTVGIS_SEED"

var (
	seedOnce sync.Once
	seed     uint64
	seedErr  error
)

// Seed returns the seed of this test run's randomised tests and logs it, so that a failure
// can be replayed: the value of CCTVGIS_SEED when it is set, else a seed drawn once per test
// binary, so that every run explores other cases.
func Seed(tb testing.TB) uint64 {
	tb.Helper()
	seedOnce.Do(func() {
		if v := os.Getenv(SeedEnv); v != "" {
			seed, seedErr = strconv.ParseUint(v, 10, 64)
			return
		}
		seed = rand.Uint64() % 1_000_000
	})
	if seedErr != nil {
		tb.Fatalf("%s: %v", SeedEnv, seedErr)
	}
	tb.Logf("seed %d (replay with %s=%d)", seed, SeedEnv, seed)
	return seed
}

// Shared returns the path of a file or folder in the project's shared folder (../shared
// beside the module root). When it is missing, the test is skipped with a message, or fails
// under CI=true, where the shared folder is always laid out.
func Shared(tb testing.TB, elem ...string) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatalf("finding the module root: %v", err)
	}
	p := filepath.Join(append([]string{root, "..", "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared data missing under CI: %v", err)
		}
		tb.Skipf("shared data not here (%v); tests that need it skip outside CI", err)
	}
	return p
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// SameJSON reports whether two JSON documents decode to the same value: the same members
// in any order and spacing, numbers equal as float64.
func SameJSON(tb testing.TB, a, b []byte) bool {
	tb.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		tb.Fatalf("decoding %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		tb.Fatalf("decoding %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// Beijing reads Beijing's 16 district outlines from the shared real data, with their
// names: 116 to 1,149 vertices each, two of them multipolygons, and 12 of them
// self-intersecting where rounding to 1/1024 degree folded them.
func Beijing(tb testing.TB) (names []string, outlines []orb.Geometry) {
	tb.Helper()
	raw, err := os.ReadFile(Shared(tb, "data", "beijing.geojson"))
	if err != nil {
		tb.Fatal(err)
	}
	fc, err := orbjson.UnmarshalFeatureCollection(raw)
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range fc.Features {
		names = append(names, f.Properties.MustString("name"))
		outlines = append(outlines, f.Geometry)
	}
	return names, outlines
}
