// Package psort sorts large slices on every CPU: runs sorted side by side, then merged.
//
// It imports only the standard library.
package psort

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
)

// minRun is the shortest run worth a goroutine of its own; shorter slices are sorted in
// place by slices.SortFunc.
const minRun = 1 << 14

// Sort sorts s in ascending order, as SortFunc does with cmp.Compare but with
// slices.Sort for the runs, which is faster on ordered types.
func Sort[E cmp.Ordered](s []E) {
	sortRuns(s, slices.Sort[[]E], cmp.Compare[E])
}

// SortFunc sorts s in ascending order as cmp determines, like slices.SortFunc (and, like it,
// not stably): s is cut into one run per CPU, the runs are sorted at the same time, and
// then merged pairwise, each level of merges also side by side. It uses a second slice
// as long as s.
func SortFunc[E any](s []E, cmp func(a, b E) int) {
	sortRuns(s, func(run []E) { slices.SortFunc(run, cmp) }, cmp)
}

// sortRuns sorts s by sorting runs of it with sortRun, side by side, and merging them
// pairwise as cmp orders them.
func sortRuns[E any](s []E, sortRun func([]E), cmp func(a, b E) int) {
	runs := min(runtime.GOMAXPROCS(0), len(s)/minRun)
	if runs < 2 {
		sortRun(s)
		return
	}
	bounds := make([]int, runs+1)
	for k := range bounds {
		bounds[k] = len(s) * k / runs
	}
	var wg sync.WaitGroup
	for k := range runs {
		wg.Go(func() { sortRun(s[bounds[k]:bounds[k+1]]) })
	}
	wg.Wait()
	src, dst := s, make([]E, len(s))
	for len(bounds) > 2 {
		next := []int{0}
		for k := 0; k+1 < len(bounds); k += 2 {
			lo := bounds[k]
			if k+2 >= len(bounds) {
				// An odd run out: copied over as it is.
				hi := bounds[k+1]
				wg.Go(func() { copy(dst[lo:hi], src[lo:hi]) })
				next = append(next, hi)
				continue
			}
			mid, hi := bounds[k+1], bounds[k+2]
			wg.Go(func() { merge(dst[lo:hi], src[lo:mid], src[mid:hi], cmp) })
			next = append(next, hi)
		}
		wg.Wait()
		src, dst, bounds = dst, src, next
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}

// merge merges the sorted a and b into dst, which is as long as both; on ties a's
// element comes first.
func merge[E any](dst, a, b []E, cmp func(a, b E) int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if cmp(b[j], a[i]) < 0 {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}
