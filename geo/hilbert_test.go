package geo_test

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/geo"
)

func ExampleHilbertKey() {
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{100, 100}}
	// The curve starts in the lower left corner and ends in the lower right one.
	fmt.Println(geo.HilbertKey(box, orb.Point{0, 0}), geo.HilbertKey(box, orb.Point{100, 0}))
	// Output:
	// 0 4294967295
}

// Consecutive keys are neighbouring lattice cells: walking the whole curve of a small
// lattice (through the public function, on a box of 2^16 units) visits every cell once,
// each step moving by one cell.
func TestHilbertKeyIsAContinuousCurve(t *testing.T) {
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1<<16 - 1, 1<<16 - 1}}
	const n = 64 // the lower left 64×64 cells hold keys 0 … 4095
	pos := make(map[uint32][2]int, n*n)
	for x := range n {
		for y := range n {
			k := geo.HilbertKey(box, orb.Point{float64(x), float64(y)})
			if _, dup := pos[k]; dup {
				t.Fatalf("key %d given twice", k)
			}
			pos[k] = [2]int{x, y}
		}
	}
	for k := uint32(1); k < n*n; k++ {
		a, okA := pos[k-1]
		b, okB := pos[k]
		if !okA || !okB {
			t.Fatalf("keys %d and %d are not both in the first %d×%d block", k-1, k, n, n)
		}
		if d := abs(a[0]-b[0]) + abs(a[1]-b[1]); d != 1 {
			t.Fatalf("keys %d and %d are %d cells apart: %v %v", k-1, k, d, a, b)
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func TestHilbertKeyClampsOutside(t *testing.T) {
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 10}}
	tests := []struct {
		name string
		p    orb.Point
		want orb.Point
	}{
		{"left of the box", orb.Point{-5, 3}, orb.Point{0, 3}},
		{"above the box", orb.Point{4, 50}, orb.Point{4, 10}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := geo.HilbertKey(box, tc.p), geo.HilbertKey(box, tc.want); got != want {
				t.Errorf("key %d, want %d", got, want)
			}
		})
	}
}
