package geo_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"cctvgis/geo"
)

func ExampleGrid_Outline() {
	g := geo.Grid{Size: 10}
	// An L of three cells.
	fmt.Println(g.Outline([]geo.Cell{{0, 0}, {1, 0}, {0, 1}}))
	// Output:
	// [[[[0 0] [20 0] [20 10] [10 10] [10 20] [0 20] [0 0]]]]
}

func cellsOf(rows ...string) []geo.Cell {
	var cells []geo.Cell
	for j, row := range rows {
		for i, ch := range row {
			if ch == '#' {
				cells = append(cells, geo.Cell{I: int32(i), J: int32(len(rows) - 1 - j)})
			}
		}
	}
	return cells
}

func TestOutline(t *testing.T) {
	tests := []struct {
		name     string
		rows     []string
		polygons int
		rings    []int // rings per polygon, in order
		vertices int   // total ring vertices, closing ones excluded
	}{
		{"one cell", []string{"#"}, 1, []int{1}, 4},
		{"a row merges into one rectangle", []string{"####"}, 1, []int{1}, 4},
		{"an L", []string{"#.", "##"}, 1, []int{1}, 6},
		{"a ring of cells has a hole", []string{"###", "#.#", "###"}, 1, []int{2}, 8},
		{"cells touching at a corner stay apart", []string{".#", "#."}, 2, []int{1, 1}, 8},
		{"two separate blocks", []string{"##..##", "##..##"}, 2, []int{1, 1}, 8},
		{"a U", []string{"#.#", "###"}, 1, []int{1}, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := geo.Grid{Origin: orb.Point{100, 200}, Size: 50}
			cells := cellsOf(tc.rows...)
			mp := g.Outline(cells)
			if len(mp) != tc.polygons {
				t.Fatalf("%d polygons, want %d: %v", len(mp), tc.polygons, mp)
			}
			vertices, area := 0, 0.0
			for k, p := range mp {
				if len(p) != tc.rings[k] {
					t.Errorf("polygon %d has %d rings, want %d", k, len(p), tc.rings[k])
				}
				for r, ring := range p {
					vertices += len(ring) - 1
					if ring[0] != ring[len(ring)-1] {
						t.Errorf("polygon %d ring %d is not closed", k, r)
					}
					if (planar.Area(ring) > 0) != (r == 0) {
						t.Errorf("polygon %d ring %d: outer rings go counter-clockwise, holes clockwise", k, r)
					}
				}
				area += math.Abs(planar.Area(p))
			}
			if vertices != tc.vertices {
				t.Errorf("%d vertices, want %d", vertices, tc.vertices)
			}
			if want := float64(len(cells)) * 50 * 50; math.Abs(area-want) > 1e-6 {
				t.Errorf("area %v, want %v", area, want)
			}
			for _, c := range cells {
				if !planar.MultiPolygonContains(mp, g.Centre(c)) {
					t.Errorf("cell %v's centre is outside the outline", c)
				}
			}
		})
	}
}

// For random cell sets, the outline covers exactly the cells: its area is theirs, every
// cell's centre is inside it and every other centre is outside.
func TestOutlineRandomSets(t *testing.T) {
	r := newRand(t)
	g := geo.Grid{Size: 10}
	for range 200 {
		set := map[geo.Cell]bool{}
		var cells []geo.Cell
		for i := range int32(10) {
			for j := range int32(10) {
				if r.Float64() < 0.45 {
					c := geo.Cell{I: i, J: j}
					set[c] = true
					cells = append(cells, c)
				}
			}
		}
		mp := g.Outline(cells)
		area := 0.0
		for _, p := range mp {
			area += planar.Area(p)
		}
		if want := float64(len(cells)) * 100; math.Abs(area-want) > 1e-6 {
			t.Fatalf("area %v, want %v for %v", area, want, cells)
		}
		for i := range int32(10) {
			for j := range int32(10) {
				c := geo.Cell{I: i, J: j}
				if got := planar.MultiPolygonContains(mp, g.Centre(c)); got != set[c] {
					t.Fatalf("cell %v: inside the outline %v, in the set %v", c, got, set[c])
				}
			}
		}
	}
}
