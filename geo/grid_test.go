package geo_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/geo"
)

func TestGridCell(t *testing.T) {
	g := geo.Grid{Origin: orb.Point{100, -50}, Size: 50}
	cases := []struct {
		name string
		p    orb.Point
		want geo.Cell
	}{
		{"origin", orb.Point{100, -50}, geo.Cell{0, 0}},
		{"inside the first cell", orb.Point{149.9, -0.1}, geo.Cell{0, 0}},
		{"on a cell edge", orb.Point{150, 0}, geo.Cell{1, 1}},
		{"south-west of the origin", orb.Point{99.9, -50.1}, geo.Cell{-1, -1}},
		{"far", orb.Point{100 + 50*1000.5, -50 - 50*2000.5}, geo.Cell{1000, -2001}},
		{"beyond int32", orb.Point{1e300, -1e300}, geo.Cell{math.MaxInt32, math.MinInt32}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := g.Cell(c.p); got != c.want {
				t.Errorf("Cell(%v) = %v, want %v", c.p, got, c.want)
			}
		})
	}
}

func TestGridCentre(t *testing.T) {
	g := geo.Grid{Origin: orb.Point{100, -50}, Size: 50}
	cases := []struct {
		name string
		c    geo.Cell
		want orb.Point
	}{
		{"first cell", geo.Cell{0, 0}, orb.Point{125, -25}},
		{"negative cell", geo.Cell{-2, -1}, orb.Point{25, -75}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := g.Centre(c.c)
			if got != c.want {
				t.Errorf("Centre(%v) = %v, want %v", c.c, got, c.want)
			}
			if back := g.Cell(got); back != c.c {
				t.Errorf("Cell(Centre(%v)) = %v", c.c, back)
			}
		})
	}
}

func TestGridCells(t *testing.T) {
	g := geo.Grid{Size: 10}
	cases := []struct {
		name     string
		b        orb.Bound
		min, max geo.Cell
	}{
		{"inside one cell", orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{9, 9}}, geo.Cell{0, 0}, geo.Cell{0, 0}},
		{"across cells", orb.Bound{Min: orb.Point{-5, 5}, Max: orb.Point{25, 15}}, geo.Cell{-1, 0}, geo.Cell{2, 1}},
		{"ending on an edge", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 10}}, geo.Cell{0, 0}, geo.Cell{1, 1}},
		{"a point", orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{-1, -1}}, geo.Cell{-1, -1}, geo.Cell{-1, -1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lo, hi := g.Cells(c.b)
			if lo != c.min || hi != c.max {
				t.Errorf("Cells(%v) = %v, %v, want %v, %v", c.b, lo, hi, c.min, c.max)
			}
		})
	}
}

func TestCellNeighbours4(t *testing.T) {
	got := geo.Cell{3, -4}.Neighbours4()
	want := [4]geo.Cell{{2, -4}, {4, -4}, {3, -5}, {3, -3}}
	if got != want {
		t.Errorf("Neighbours4() = %v, want %v", got, want)
	}
}

func ExampleGrid() {
	g := geo.Grid{Origin: orb.Point{0, 0}, Size: 50}
	c := g.Cell(orb.Point{120, -10})
	fmt.Println(c, g.Centre(c))
	lo, hi := g.Cells(orb.Bound{Min: orb.Point{-10, -10}, Max: orb.Point{60, 10}})
	fmt.Println(lo, hi)
	fmt.Println(c.Neighbours4())
	// Output:
	// {2 -1} [125 -25]
	// {-1 -1} {1 0}
	// [{1 -1} {3 -1} {2 -2} {2 0}]
}
