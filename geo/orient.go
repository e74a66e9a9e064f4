package geo

import (
	"math"
	"math/big"

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

// orientExact is Orient in rational arithmetic, exact for any finite float64 positions.
func orientExact(a, b, c orb.Point) int {
	rat := func(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }
	ax, ay, bx, by, cx, cy := rat(a[0]), rat(a[1]), rat(b[0]), rat(b[1]), rat(c[0]), rat(c[1])
	l := new(big.Rat).Mul(new(big.Rat).Sub(ax, cx), new(big.Rat).Sub(by, cy))
	r := new(big.Rat).Mul(new(big.Rat).Sub(ay, cy), new(big.Rat).Sub(bx, cx))
	return l.Cmp(r)
}
