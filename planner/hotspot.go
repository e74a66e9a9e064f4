package planner

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"cctvgis/geo"
)

// Hotspot is a connected area of duplicate-build cells: grid cells whose centre cameras
// of several different owners cover (重复建设).
type Hotspot struct {
	// ID is H1, H2, … in rank order, worst first.
	ID string
	// Cells are the hotspot's grid cells in the run's projection.
	Cells  []geo.Cell
	AreaM2 float64
	// Cameras are indexes into Layers.Cameras, in index order.
	Cameras []int32
	// Owners are the distinct owners of those cameras, sorted.
	Owners []string
	// MaxOwners is the most owners covering any one cell.
	MaxOwners int
	// Score is the redundant owner-cells: for each cell, the owners covering it beyond the
	// first, weighted by cell area in units of a 50 m cell, so scores compare across grid
	// sizes.
	Score float64
	// Centre is the centre of the hotspot's bounding box, WGS84.
	Centre orb.Point
}

// ErrGridTooFine is returned when the hotspot grid would have more cells over the data's
// extent than the analysis can number (2^32).
var ErrGridTooFine = errors.New("planner: hotspot grid too fine for the data's extent")

func findHotspots(ctx context.Context, fp *footprints, cams []Camera, opt Options) ([]Hotspot, error) {
	grid := geo.Grid{Size: opt.GridSize}
	owners, ownerOf := internOwners(cams)

	// Cells are numbered row by row over the extent of every footprint, so that a cell and
	// a camera pack into one uint64 (cell << 32 | camera) that sorts fast.
	first, last := grid.Cells(fp.box.Pad(fp.maxRange))
	width, height := int64(last.I-first.I)+1, int64(last.J-first.J)+1
	if len(fp.sectors) > 0 && width*height > 1<<32 {
		return nil, fmt.Errorf("%w: %d × %d cells of %g m", ErrGridTooFine, width, height, opt.GridSize)
	}
	cellNo := func(c geo.Cell) uint64 { return uint64(int64(c.J-first.J)*width + int64(c.I-first.I)) }
	cellAt := func(n uint64) geo.Cell {
		return geo.Cell{I: first.I + int32(int64(n)%width), J: first.J + int32(int64(n)/width)}
	}

	// Every (cell, camera) pair where the camera sees the cell's centre, per worker.
	parts := make([][]uint64, opt.Workers)
	err := parallel(ctx, len(fp.sectors), opt.Workers, func(w, lo, hi int) {
		hits := make([]uint64, 0, 2*(hi-lo))
		for k := lo; k < hi; k++ {
			if k%8192 == 0 && ctx.Err() != nil {
				return
			}
			cmin, cmax := grid.Cells(fp.sectors[k].Bound())
			for ci := cmin.I; ci <= cmax.I; ci++ {
				for cj := cmin.J; cj <= cmax.J; cj++ {
					c := geo.Cell{I: ci, J: cj}
					if fp.sees(int32(k), grid.Centre(c)) {
						hits = append(hits, cellNo(c)<<32|uint64(fp.order[k]))
					}
				}
			}
		}
		parts[w] = hits
	})
	if err != nil {
		return nil, err
	}
	hits := slices.Concat(parts...)
	slices.Sort(hits)
	cellOf := func(h uint64) uint64 { return h >> 32 }
	camOf := func(h uint64) int32 { return int32(uint32(h)) }

	// Cells with enough distinct owners, each with its run of hits.
	type cell struct {
		no     uint64
		lo, hi int
		owners int
	}
	var cells []cell
	index := make(map[uint64]int, len(hits)/8)
	var distinct []int32
	for lo := 0; lo < len(hits); {
		hi := lo
		distinct = distinct[:0]
		for ; hi < len(hits) && cellOf(hits[hi]) == cellOf(hits[lo]); hi++ {
			if o := ownerOf[camOf(hits[hi])]; !slices.Contains(distinct, o) {
				distinct = append(distinct, o)
			}
		}
		if len(distinct) >= opt.MinOwners {
			index[cellOf(hits[lo])] = len(cells)
			cells = append(cells, cell{no: cellOf(hits[lo]), lo: lo, hi: hi, owners: len(distinct)})
		}
		lo = hi
	}

	// Connected components of those cells (4-neighbourhood).
	weight := opt.GridSize * opt.GridSize / 2500
	done := make([]bool, len(cells))
	var spots []Hotspot
	for start := range cells {
		if done[start] {
			continue
		}
		h := Hotspot{}
		var camIdx []int32
		queue := []int{start}
		done[start] = true
		for len(queue) > 0 {
			ci := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			c := cells[ci]
			gc := cellAt(c.no)
			h.Cells = append(h.Cells, gc)
			h.Score += float64(c.owners-1) * weight
			h.MaxOwners = max(h.MaxOwners, c.owners)
			for _, hit := range hits[c.lo:c.hi] {
				camIdx = append(camIdx, camOf(hit))
			}
			for _, n := range gc.Neighbours4() {
				if n.I < first.I || n.I > last.I || n.J < first.J || n.J > last.J {
					continue
				}
				if ni, ok := index[cellNo(n)]; ok && !done[ni] {
					done[ni] = true
					queue = append(queue, ni)
				}
			}
		}
		h.Cameras = uniqueIndexes(camIdx)
		seen := map[int32]bool{}
		for _, ci := range h.Cameras {
			if o := ownerOf[ci]; !seen[o] {
				seen[o] = true
				h.Owners = append(h.Owners, owners[o])
			}
		}
		slices.Sort(h.Owners)
		h.AreaM2 = float64(len(h.Cells)) * opt.GridSize * opt.GridSize
		slices.SortFunc(h.Cells, func(a, b geo.Cell) int {
			if c := cmp.Compare(a.J, b.J); c != 0 {
				return c
			}
			return cmp.Compare(a.I, b.I)
		})
		h.Centre = fp.proj.Inverse(cellsBound(grid, h.Cells).Center())
		spots = append(spots, h)
	}
	slices.SortFunc(spots, func(a, b Hotspot) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.Cameras), len(a.Cameras)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Cells[0].J, b.Cells[0].J); c != 0 {
			return c
		}
		return cmp.Compare(a.Cells[0].I, b.Cells[0].I)
	})
	for i := range spots {
		spots[i].ID = fmt.Sprintf("H%d", i+1)
	}
	return spots, nil
}

// internOwners numbers the distinct owners and maps each camera to its owner's number.
func internOwners(cams []Camera) (names []string, ownerOf []int32) {
	ids := make(map[string]int32, len(cams)/4)
	ownerOf = make([]int32, len(cams))
	for i, c := range cams {
		id, ok := ids[c.Owner]
		if !ok {
			id = int32(len(names))
			ids[c.Owner] = id
			names = append(names, c.Owner)
		}
		ownerOf[i] = id
	}
	return names, ownerOf
}

// cellsBound is the projected bounding box of the cells.
func cellsBound(grid geo.Grid, cells []geo.Cell) orb.Bound {
	lo, hi := cells[0], cells[0]
	for _, c := range cells[1:] {
		lo.I, lo.J = min(lo.I, c.I), min(lo.J, c.J)
		hi.I, hi.J = max(hi.I, c.I), max(hi.J, c.J)
	}
	half := grid.Size / 2
	a, b := grid.Centre(lo), grid.Centre(hi)
	return orb.Bound{Min: orb.Point{a[0] - half, a[1] - half}, Max: orb.Point{b[0] + half, b[1] + half}}
}

// Footprint returns the sector camera c covers as a WGS84 polygon for display, its arc
// drawn every maxStepDeg degrees; the analysis itself tests points against the exact
// sector.
func (r *Result) Footprint(c *Camera, maxStepDeg float64) orb.Polygon {
	s := footprintSector(r.proj, c, r.Options.UnknownDirectionRange)
	return r.proj.InverseGeometry(s.Polygon(maxStepDeg)).(orb.Polygon)
}

// HotspotArea returns a hotspot's outline in WGS84 (the union of its cells, holes
// included), for display and export.
func (r *Result) HotspotArea(h *Hotspot) orb.MultiPolygon {
	return r.proj.InverseGeometry(r.grid.Outline(h.Cells)).(orb.MultiPolygon)
}
