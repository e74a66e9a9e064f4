package coverage

import (
	"errors"
	"fmt"
	"math"

	"cctvgis/geo"
)

// MaxRange is the longest effective range, in metres, that a camera may have. The
// effective range is the distance within which the camera serves its purpose (to see who
// and what passes, as GB 50395 and GA/T 1127 grade it), not the farthest it sees anything.
// Even long-focus PTZ cameras on masts serve that purpose at a few hundred metres; 2 km is
// beyond any camera of a public surveillance plan, so a larger value is a mistake (a range
// in millimetres or a missing decimal point), and its footprint (π·r²) would cost the
// analysis time and memory as the square of the range.
const MaxRange = 2000

// MinGridSize is the smallest hotspot grid cell, in metres: finer than a GNSS fix or a
// camera's placement is known, a grid only costs more cells.
const MinGridSize = 1

// MaxCellTests bounds the work of the hotspot phase of one run: the number of (camera,
// grid cell) pairs it would test, summed over every camera's footprint. Each pair a camera
// sees costs 8 bytes until the cells are counted, so the bound keeps the phase below about
// 400 MB. A city of 250,000 cameras of 100 m range on the default 50 m grid needs about
// 4 million.
const MaxCellTests = 50_000_000

// ErrTooMuchWork is returned when a run's options would make it test more than MaxCellTests
// camera-cell pairs; a coarser grid needs fewer.
var ErrTooMuchWork = errors.New("planner: the analysis would take too much work")

// ErrOptions is wrapped by the errors of options an analysis cannot run with.
var ErrOptions = errors.New("planner: invalid analysis options")

// check refuses options that no analysis can run with.
func (o Options) check() error {
	if !(o.GridSize >= MinGridSize) || math.IsInf(o.GridSize, 0) {
		return fmt.Errorf("%w: grid of %g m is below %d m (the smallest the analysis accepts)", ErrOptions, o.GridSize, MinGridSize)
	}
	if o.HotspotExtent < o.GridSize || math.IsInf(o.HotspotExtent, 0) {
		return fmt.Errorf("%w: a hotspot extent of %g m is less than one %g m cell", ErrOptions, o.HotspotExtent, o.GridSize)
	}
	if _, err := ParseUnknownOwners(string(o.UnknownOwners)); err != nil {
		return err
	}
	return nil
}

// cellTests returns how many (camera, cell) pairs the hotspot phase tests on grid: the
// cells of every footprint's bounding box, the tree's leaves.
func (f *footprints) cellTests(grid geo.Grid) float64 {
	var n float64
	for _, b := range f.tree.boxes[:len(f.sectors)] {
		lo, hi := grid.Cells(b)
		n += (float64(hi.I) - float64(lo.I) + 1) * (float64(hi.J) - float64(lo.J) + 1)
	}
	return n
}
