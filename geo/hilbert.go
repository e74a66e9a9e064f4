package geo

import "github.com/paulmach/orb"

// hilbertOrder is the number of bits per axis of a Hilbert key.
const hilbertOrder = 16

// HilbertKey returns the position of p along a Hilbert curve over the box b, on a
// 2^16 × 2^16 lattice. Sorting by it puts points that are near in space near in the
// list, which makes index builds and lookups cache-friendly. Points outside b are clamped
// to its edge.
func HilbertKey(b orb.Bound, p orb.Point) uint32 {
	const side = 1<<hilbertOrder - 1
	scale := func(v, lo, hi float64) uint32 {
		if hi <= lo {
			return 0
		}
		t := (v - lo) / (hi - lo)
		switch {
		case !(t > 0):
			return 0
		case t >= 1:
			return side
		}
		return uint32(t * side)
	}
	x, y := scale(p[0], b.Min[0], b.Max[0]), scale(p[1], b.Min[1], b.Max[1])
	var d uint32
	for s := uint32(1 << (hilbertOrder - 1)); s > 0; s >>= 1 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		// Rotate the quadrant; only the bits below s matter from here on, so flipping
		// against s-1 (with unsigned wrap-around) is the same as against the full side.
		if ry == 0 {
			if rx == 1 {
				x, y = s-1-x, s-1-y
			}
			x, y = y, x
		}
	}
	return d
}
