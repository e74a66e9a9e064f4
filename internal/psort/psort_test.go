package psort

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"
)

func TestSortFuncOrdersLikeSlicesSort(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 4, 7} {
		for _, n := range []int{0, 1, 5, minRun - 1, minRun * 2, minRun*5 + 3, 100_003} {
			t.Run("procs="+strconv.Itoa(procs)+"/n="+strconv.Itoa(n), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				r := rand.New(rand.NewPCG(uint64(n), uint64(procs)))
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
					t.Fatalf("SortFunc: not sorted like slices.Sort")
				}
				Sort(s)
				if !slices.Equal(s, want) {
					t.Fatalf("Sort: not sorted like slices.Sort")
				}
			})
		}
	}
}

func BenchmarkSortFunc(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	ids := make([]string, 250_000)
	for i := range ids {
		ids[i] = "cam-" + strconv.Itoa(r.IntN(1_000_000))
	}
	s := make([]string, len(ids))
	b.Run("psort", func(b *testing.B) {
		for b.Loop() {
			copy(s, ids)
			SortFunc(s, cmp.Compare[string])
		}
	})
	b.Run("slices", func(b *testing.B) {
		for b.Loop() {
			copy(s, ids)
			slices.SortFunc(s, cmp.Compare[string])
		}
	})
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
