package psort

import "slices"

// radixBits is the width of a digit of Uint64s' radix sort: 2,048 counters, which stay
// in the first-level cache while a pass scatters the keys.
const radixBits = 11

// radixMin is the shortest slice worth a radix sort; shorter ones are sorted by
// comparison, which needs no second buffer.
const radixMin = 1 << 10

// Uint64s sorts s in ascending order, as Sort does, with a least-significant-digit radix
// sort for each CPU's run instead of comparisons: the analysis sorts packed keys (a
// Hilbert key and an index, a cell and a camera) by the hundreds of thousands, and a pass
// per 11-bit digit that varies among them is several times faster than pdqsort.
func Uint64s(s []uint64) {
	sortRuns(s, Radix, func(a, b uint64) int {
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	})
}

// Radix sorts s in ascending order on the calling goroutine, for callers that already
// keep every CPU busy: by its 11-bit digits from the least significant, one counting
// pass for all digits and then one scattering pass for each digit that is not the same
// in every element, through a buffer as long as s.
func Radix(s []uint64) {
	if len(s) < radixMin {
		slices.Sort(s)
		return
	}
	const digits = (64 + radixBits - 1) / radixBits
	var counts [digits][1 << radixBits]int
	for _, v := range s {
		for d := range digits {
			counts[d][v>>(d*radixBits)&(1<<radixBits-1)]++
		}
	}
	src, dst := s, make([]uint64, len(s))
	for d := range digits {
		c := &counts[d]
		if c[s[0]>>(d*radixBits)&(1<<radixBits-1)] == len(s) {
			continue // every element has this digit
		}
		at := 0
		for b := range c {
			c[b], at = at, at+c[b]
		}
		shift := uint(d * radixBits)
		for _, v := range src {
			b := v >> shift & (1<<radixBits - 1)
			dst[c[b]] = v
			c[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}
