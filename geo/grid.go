package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Grid is a square metric grid in projected metres: cell (I, J) covers
// [Origin.X + I·Size, Origin.X + (I+1)·Size) × [Origin.Y + J·Size, Origin.Y + (J+1)·Size).
// Size must be positive.
type Grid struct {
	Origin orb.Point
	Size   float64
}

// Cell identifies a grid cell: I counts columns eastward and J rows northward.
type Cell struct{ I, J int32 }

// Cell returns the cell containing p. Indices beyond the int32 range are
// clamped to it.
func (g Grid) Cell(p orb.Point) Cell {
	return Cell{index((p[0] - g.Origin[0]) / g.Size), index((p[1] - g.Origin[1]) / g.Size)}
}

// Centre returns the centre point of c.
func (g Grid) Centre(c Cell) orb.Point {
	return orb.Point{
		g.Origin[0] + (float64(c.I)+0.5)*g.Size,
		g.Origin[1] + (float64(c.J)+0.5)*g.Size,
	}
}

// Cells returns the inclusive range of cells that intersect b: every cell
// (I, J) with min.I ≤ I ≤ max.I and min.J ≤ J ≤ max.J, which are the cells of
// all points of b.
func (g Grid) Cells(b orb.Bound) (min, max Cell) {
	return g.Cell(b.Min), g.Cell(b.Max)
}

// Neighbours4 returns the cells sharing an edge with c, in the order west,
// east, south, north.
func (c Cell) Neighbours4() [4]Cell {
	return [4]Cell{{c.I - 1, c.J}, {c.I + 1, c.J}, {c.I, c.J - 1}, {c.I, c.J + 1}}
}

func index(v float64) int32 {
	return int32(min(max(math.Floor(v), math.MinInt32), math.MaxInt32))
}
