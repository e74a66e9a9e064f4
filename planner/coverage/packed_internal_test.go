package coverage

import (
	"math/rand/v2"
	"slices"
	"testing"

	"cctvgis/internal/testenv"

	"github.com/paulmach/orb"
)

// TestPackedTreeFindsWhatAScanFinds compares the tree's searches with a scan of every box,
// for trees of every height up to three levels of nodes, points and boxes, edges included.
func TestPackedTreeFindsWhatAScanFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(testenv.Seed(t), 3))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 255, 256, 257, 5000} {
		items := make([]orb.Bound, n)
		for i := range items {
			x, y := float64(rng.IntN(1000)), float64(rng.IntN(1000))
			items[i] = orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + float64(rng.IntN(60)), y + float64(rng.IntN(60))}}
		}
		tree := newPackedTree(items)
		for range 200 {
			lo := orb.Point{float64(rng.IntN(1100)) - 50, float64(rng.IntN(1100)) - 50}
			hi := lo
			if rng.IntN(2) == 0 {
				hi = orb.Point{lo[0] + float64(rng.IntN(80)), lo[1] + float64(rng.IntN(80))}
			}
			var want, got []int32
			for i, b := range items {
				if b.Min[0] <= hi[0] && b.Max[0] >= lo[0] && b.Min[1] <= hi[1] && b.Max[1] >= lo[1] {
					want = append(want, int32(i))
				}
			}
			tree.search(lo, hi, func(i int32) bool { got = append(got, i); return true })
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%d items, search [%v, %v] found %v, want %v", n, lo, hi, got, want)
			}
			if len(want) > 1 {
				calls := 0
				tree.search(lo, hi, func(int32) bool { calls++; return false })
				if calls != 1 {
					t.Fatalf("%d items: the search went on after fn returned false (%d calls)", n, calls)
				}
			}
		}
	}
}
