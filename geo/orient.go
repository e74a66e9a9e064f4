package geo

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/paulmach/orb"
)

// orientBound is Shewchuk's error bound of the floating-point orientation test, (3 + 16ε)ε
// for ε = 2⁻⁵³: when the computed determinant exceeds it times the sum of the magnitudes
// of its two products, its sign is the exact sign.
const orientBound = (3 + 16*0x1p-53) * 0x1p-53

// Orient returns the side of the line through a and b, in that direction, on which c
// lies: 1 on the left, -1 on the right and 0 on it. It is exact for finite positions, as
// GEOS's orientation test (and so PostGIS's ST_IsValid) is: the floating-point
// determinant decides when its error bound allows (Shewchuk, "Adaptive precision
// floating-point arithmetic and fast robust geometric predicates", 1997), and exact
// rational arithmetic the rare rest. The layers' validity rule, the repair of outlines and
// their overlay all turn on it, so that they judge alike.
func Orient(a, b, c orb.Point) int {
	l := (a[0] - c[0]) * (b[1] - c[1])
	r := (a[1] - c[1]) * (b[0] - c[0])
	det := l - r
	if math.Abs(det) > orientBound*(math.Abs(l)+math.Abs(r)) || l == 0 && r == 0 || !finite(det) {
		return sign(det)
	}
	return orientExact(a, b, c)
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// orientScale scales coordinates to integers for orientFixed: a float64 of magnitude 4
// or more is a multiple of 2⁻⁵⁰, so any longitude or latitude of China is an integer
// times 2⁻⁵⁰ below 2⁵⁸, its differences below 2⁵⁹ and their products below 2¹¹⁸.
const orientScale = 0x1p50

// orientExact is Orient in exact arithmetic: in 128-bit integers when every coordinate is
// a multiple of 2⁻⁵⁰ below 2⁸ (every longitude and latitude in China is), else in
// rationals, for any finite float64 positions.
func orientExact(a, b, c orb.Point) int {
	var v [6]int64
	fixed := true
	for k, x := range [6]float64{a[0], a[1], b[0], b[1], c[0], c[1]} {
		s := x * orientScale
		if s != math.Trunc(s) || math.Abs(s) >= 0x1p58 {
			fixed = false
			break
		}
		v[k] = int64(s)
	}
	if fixed {
		ln, lh, ll := product(v[0]-v[4], v[3]-v[5])
		rn, rh, rl := product(v[1]-v[5], v[2]-v[4])
		switch {
		case ln != rn && (lh|ll|rh|rl) != 0:
			if ln {
				return -1
			}
			return 1
		case lh != rh:
			return magnitude(lh > rh, ln)
		case ll != rl:
			return magnitude(ll > rl, ln)
		}
		return 0
	}
	return orientRational(a, b, c)
}

// product returns x·y as a sign (negative) and a 128-bit magnitude; 0 is not negative.
func product(x, y int64) (negative bool, hi, lo uint64) {
	ux, uy := uint64(x), uint64(y)
	if x < 0 {
		ux = uint64(-x)
	}
	if y < 0 {
		uy = uint64(-y)
	}
	hi, lo = bits.Mul64(ux, uy)
	return (x < 0) != (y < 0) && (hi|lo) != 0, hi, lo
}

// magnitude is the sign of l − r for l and r of one sign, negative or not, given whether
// |l| > |r| (they differ).
func magnitude(greater, negative bool) int {
	if greater != negative {
		return 1
	}
	return -1
}

// orientRational is Orient in rational arithmetic.
func orientRational(a, b, c orb.Point) int {
	rat := func(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }
	ax, ay, bx, by, cx, cy := rat(a[0]), rat(a[1]), rat(b[0]), rat(b[1]), rat(c[0]), rat(c[1])
	l := new(big.Rat).Mul(new(big.Rat).Sub(ax, cx), new(big.Rat).Sub(by, cy))
	r := new(big.Rat).Mul(new(big.Rat).Sub(ay, cy), new(big.Rat).Sub(bx, cx))
	return l.Cmp(r)
}
