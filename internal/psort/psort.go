// Package psort sorts and merges large slices on every CPU: runs sorted side by side,
// then merged side by side, each CPU writing its own stretch of the output.
//
// It imports only the standard library.
package psort

import (
	"cmp"
	"runtime"
	"slices"
	"sort"
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
// then merged into a second slice as long as s, which is copied back.
func SortFunc[E any](s []E, cmp func(a, b E) int) {
	sortRuns(s, func(run []E) { slices.SortFunc(run, cmp) }, cmp)
}

// sortRuns sorts s by sorting runs of it with sortRun, side by side, and merging them as
// cmp orders them.
func sortRuns[E any](s []E, sortRun func([]E), cmp func(a, b E) int) {
	runs := min(runtime.GOMAXPROCS(0), len(s)/minRun)
	if runs < 2 {
		sortRun(s)
		return
	}
	parts := make([][]E, runs)
	var wg sync.WaitGroup
	for k := range parts {
		parts[k] = s[len(s)*k/runs : len(s)*(k+1)/runs]
		wg.Go(func() { sortRun(parts[k]) })
	}
	wg.Wait()
	merged := MergeFunc(parts, cmp)
	each(len(s), func(lo, hi int) { copy(s[lo:hi], merged[lo:hi]) })
}

// Merge returns the sorted parts merged into one new slice, as MergeFunc does with
// cmp.Compare.
func Merge[E cmp.Ordered](parts [][]E) []E {
	return MergeFunc(parts, cmp.Compare[E])
}

// MergeFunc returns the parts, each sorted as cmp orders them, merged into one new sorted
// slice. The output is cut into one stretch per CPU at values taken from the longest
// part; each CPU merges into its stretch the elements of every part that fall in it.
// Equal elements come in the order of their parts.
func MergeFunc[E any](parts [][]E, cmp func(a, b E) int) []E {
	n := 0
	longest := 0
	for k, p := range parts {
		n += len(p)
		if len(p) > len(parts[longest]) {
			longest = k
		}
	}
	out := make([]E, n)
	stretches := min(runtime.GOMAXPROCS(0), n/minRun)
	if stretches < 2 {
		mergeInto(out, parts, cmp)
		return out
	}
	// cut[j][k] is where stretch j starts in part k: before the first element not less
	// than the stretch's first value.
	cut := make([][]int, stretches+1)
	for j := range cut {
		cut[j] = make([]int, len(parts))
		for k, p := range parts {
			switch j {
			case 0:
			case stretches:
				cut[j][k] = len(p)
			default:
				v := parts[longest][len(parts[longest])*j/stretches]
				cut[j][k] = sort.Search(len(p), func(i int) bool { return cmp(p[i], v) >= 0 })
			}
		}
	}
	var wg sync.WaitGroup
	at := 0
	for j := range stretches {
		in := make([][]E, len(parts))
		size := 0
		for k, p := range parts {
			in[k] = p[cut[j][k]:cut[j+1][k]]
			size += len(in[k])
		}
		dst := out[at : at+size]
		at += size
		wg.Go(func() { mergeInto(dst, in, cmp) })
	}
	wg.Wait()
	return out
}

// mergeInto merges the sorted parts into dst, which is as long as all of them; on ties
// the element of the earlier part comes first.
func mergeInto[E any](dst []E, parts [][]E, cmp func(a, b E) int) {
	parts = slices.DeleteFunc(slices.Clone(parts), func(p []E) bool { return len(p) == 0 })
	k := 0
	for len(parts) > 1 {
		least := 0
		for q := 1; q < len(parts); q++ {
			if cmp(parts[q][0], parts[least][0]) < 0 {
				least = q
			}
		}
		dst[k] = parts[least][0]
		k++
		if parts[least] = parts[least][1:]; len(parts[least]) == 0 {
			parts = slices.Delete(parts, least, least+1)
		}
	}
	if len(parts) == 1 {
		copy(dst[k:], parts[0])
	}
}

// each runs fn over [0, n) in one stretch per CPU, side by side.
func each(n int, fn func(lo, hi int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n/minRun))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { fn(n*w/workers, n*(w+1)/workers) })
	}
	wg.Wait()
}
