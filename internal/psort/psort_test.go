package psort

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"
)

// onEveryCPUCount runs check as a subtest, named by prefix, for each slice length n and
// each of several GOMAXPROCS values, with a random source seeded by both; the subtest
// fails with the error check returns.
func onEveryCPUCount(t *testing.T, prefix string, lengths []int, check func(r *rand.Rand, n int) error) {
	t.Helper()
	for _, procs := range []int{1, 2, 3, 4, 7} {
		for _, n := range lengths {
			t.Run(fmt.Sprintf("%sprocs=%d/n=%d", prefix, procs, n), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				if err := check(rand.New(rand.NewPCG(uint64(n), uint64(procs))), n); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func TestSortFuncOrdersLikeSlicesSort(t *testing.T) {
	onEveryCPUCount(t, "", []int{0, 1, 5, minRun - 1, minRun * 2, minRun*5 + 3, 100_003}, func(r *rand.Rand, n int) error {
		s := make([]string, n)
		for i := range s {
			// Few distinct values, so ties are common.
			s[i] = "cam-" + strconv.Itoa(r.IntN(n/3+1))
		}
		want := slices.Clone(s)
		slices.Sort(want)
		got := slices.Clone(s)
		SortFunc(got, cmp.Compare[string])
		if !slices.Equal(got, want) {
			return errors.New("SortFunc: not sorted like slices.Sort")
		}
		if Sort(s); !slices.Equal(s, want) {
			return errors.New("Sort: not sorted like slices.Sort")
		}
		return nil
	})
}

func BenchmarkSortFunc(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	ids := make([]string, 250_000)
	for i := range ids {
		ids[i] = "cam-" + strconv.Itoa(r.IntN(1_000_000))
	}
	benchSorts(b, ids, map[string]func([]string){
		"psort":  func(s []string) { SortFunc(s, cmp.Compare[string]) },
		"slices": func(s []string) { slices.SortFunc(s, cmp.Compare[string]) },
	})
}

// benchSorts times each sort on a fresh copy of input.
func benchSorts[E any](b *testing.B, input []E, sorts map[string]func([]E)) {
	b.Helper()
	s := make([]E, len(input))
	for name, sort := range sorts {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				copy(s, input)
				sort(s)
			}
		})
	}
}

func TestMergeKeepsEveryElementInOrder(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 8} {
		for _, sizes := range [][]int{{}, {0, 0}, {5}, {minRun * 3, 0, 7}, {minRun, minRun * 2, minRun / 2}, {70000, 70000}} {
			t.Run(fmt.Sprintf("procs=%d/sizes=%v", procs, sizes), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				r := rand.New(rand.NewPCG(uint64(len(sizes)), uint64(procs)))
				var parts [][]uint64
				var want []uint64
				for _, n := range sizes {
					p := make([]uint64, n)
					for i := range p {
						p[i] = uint64(r.IntN(n/4 + 1)) // many ties
					}
					slices.Sort(p)
					parts = append(parts, p)
					want = append(want, p...)
				}
				slices.Sort(want)
				if got := Merge(parts); !slices.Equal(got, want) {
					t.Fatalf("merged %d elements, not the sorted %d given", len(got), len(want))
				}
			})
		}
	}
}

func TestUint64sOrdersLikeSlicesSort(t *testing.T) {
	inputs := map[string]func(r *rand.Rand, i int) uint64{
		"any 64 bits":               func(r *rand.Rand, _ int) uint64 { return r.Uint64() },
		"a 32-bit key and an index": func(r *rand.Rand, i int) uint64 { return uint64(r.Uint32())<<32 | uint64(i) },
		"a cell and a camera":       func(r *rand.Rand, _ int) uint64 { return uint64(r.IntN(5000))<<32 | uint64(r.IntN(250_000)) },
		"few distinct values":       func(r *rand.Rand, _ int) uint64 { return uint64(r.IntN(3)) << 60 },
		"all equal":                 func(*rand.Rand, int) uint64 { return 42 },
		"descending":                func(_ *rand.Rand, i int) uint64 { return ^uint64(i) },
	}
	for name, gen := range inputs {
		onEveryCPUCount(t, name+"/", []int{0, 1, 7, radixMin - 1, radixMin, minRun*2 + 1, 100_003}, func(r *rand.Rand, n int) error {
			s := make([]uint64, n)
			for i := range s {
				s[i] = gen(r, i)
			}
			want := slices.Clone(s)
			slices.Sort(want)
			if Uint64s(s); !slices.Equal(s, want) {
				return errors.New("not sorted like slices.Sort")
			}
			return nil
		})
	}
}

// BenchmarkUint64s sorts 250,000 packed Hilbert keys, a city's cameras, by radix and by
// comparison.
func BenchmarkUint64s(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 250_000)
	for i := range keys {
		keys[i] = uint64(r.Uint32())<<32 | uint64(i)
	}
	benchSorts(b, keys, map[string]func([]uint64){"radix": Uint64s, "pdqsort": Sort[uint64]})
}
