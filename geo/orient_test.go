package geo_test

import (
	"math/big"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/geo"
)

func TestOrient(t *testing.T) {
	for _, c := range []struct {
		name    string
		a, b, c orb.Point
		want    int
	}{
		{"left of a line", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{0.5, 1}, 1},
		{"right of a line", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{0.5, -1}, -1},
		{"on a line", orb.Point{116, 39}, orb.Point{116.5, 39.25}, orb.Point{117, 39.5}, 0},
		// In binary fractions the third position is a hair right of the line the first
		// two make; the floating-point determinant comes out 0.
		{"a hair off a line the floating-point determinant calls straight", orb.Point{116.641, 39.106}, orb.Point{116.297, 39.613}, orb.Point{116.49996, 39.31387}, -1},
		{"a hair off a line, as the determinant also sees it", orb.Point{0.1, 0.3}, orb.Point{0.2, 0.6}, orb.Point{0.3, 0.9}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := geo.Orient(c.a, c.b, c.c); got != c.want {
				t.Errorf("Orient = %d, want %d", got, c.want)
			}
		})
	}
	// Near-collinear triples, where floating point alone errs, agree with exact arithmetic:
	// around Beijing (in 128-bit integers) and around 0 (in rationals).
	rng := newRand(t)
	for k := range 40000 {
		centre := orb.Point{116.5, 40}
		if k%2 == 1 {
			centre = orb.Point{0, 0}
		}
		a := orb.Point{centre[0] + uniform(rng, -1, 1), centre[1] + uniform(rng, -1, 1)}
		b := orb.Point{centre[0] + uniform(rng, -1, 1), centre[1] + uniform(rng, -1, 1)}
		u := rng.Float64()
		c := orb.Point{a[0] + u*(b[0]-a[0]), a[1] + u*(b[1]-a[1])}
		if got, want := geo.Orient(a, b, c), exact(a, b, c); got != want {
			t.Fatalf("Orient(%v, %v, %v) = %d, want %d", a, b, c, got, want)
		}
	}
}

// exact is the orientation of a, b, c in rational arithmetic.
func exact(a, b, c orb.Point) int {
	r := func(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }
	sub := func(x, y float64) *big.Rat { return new(big.Rat).Sub(r(x), r(y)) }
	l := new(big.Rat).Mul(sub(b[0], a[0]), sub(c[1], a[1]))
	m := new(big.Rat).Mul(sub(b[1], a[1]), sub(c[0], a[0]))
	return l.Cmp(m)
}
