package coverage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/internal/psort"
)

// DefaultHotspotExtent is the most a hotspot spans by default, east-west and north-south,
// in metres: a place a planner can walk round in a few minutes, 3 × 3 cells of the
// default 50 m grid (at most 2.25 ha).
const DefaultHotspotExtent = 150

// Hotspot is a compact place of duplicate-build cells: grid cells whose centre cameras of
// at least Options.MinOwners different owners cover (重复建设), cut so that a planner can
// visit it and decide on it.
//
// Connected duplicate-build cells merge without limit in a dense centre (in the sample
// city, into half the city), so the cells are cut by seeded region growing rather than
// into connected components. The cell with the most owners (then the most cameras, then
// the southernmost, westernmost) that no hotspot holds yet seeds a hotspot, which grows
// cell by cell into the 4-neighbours that no hotspot holds, taking next the one with the
// most owners (then nearest the seed, then southernmost, westernmost), as long as
//   - the neighbour has no more owners than the cell it is reached from, so that growth
//     runs downhill from the peak and a second peak, even one close by, seeds its own
//     hotspot, and
//   - the hotspot's cells then still fit in a box of Options.HotspotExtent on each side.
//
// Every duplicate-build cell lands in exactly one hotspot, so the hotspots' areas add up
// to the duplicate-build area, and the cut depends only on the cells, their owners and
// cameras, never on the order of the layers. Fixed tiles would cut a peak in two wherever
// a tile edge crosses it; growing from the peaks keeps each worst place whole.
type Hotspot struct {
	// ID is H1, H2, … in rank order, worst first.
	ID string
	// Cells are the hotspot's grid cells in the run's projection, row by row (south to
	// north, west to east).
	Cells  []geo.Cell
	AreaM2 float64
	// Cameras are indexes into Layers.Cameras, in index order: the cameras that see the
	// centre of a cell of the hotspot and count for an owner (see Options.UnknownOwners).
	Cameras []int32
	// Owners are the distinct owners of those cameras by name as given (of the names one
	// owner is given as, the least; see OwnerKey), sorted.
	Owners []string
	// GovernmentShare is the share of Cameras of government investment.
	GovernmentShare float64
	// MaxOwners is the most owners covering any one cell: the owners of its peak.
	MaxOwners int
	// Score is the redundant owner-cells: for each cell, the owners covering it beyond the
	// first, weighted by cell area in units of a 50 m cell, so scores compare across grid
	// sizes.
	Score float64
	// Centre is the centre of the hotspot's bounding box, WGS84.
	Centre orb.Point
}

// RedundantCell is a duplicate-build grid cell and the number of distinct owners whose
// cameras see its centre: the redundancy a heat map draws.
type RedundantCell struct {
	Cell   geo.Cell
	Owners int
}

// ErrGridTooFine is returned when the hotspot grid would have more cells over the data's
// extent than the analysis can number (2^32).
var ErrGridTooFine = errors.New("planner: hotspot grid too fine for the data's extent")

// redundantCell is a duplicate-build cell in the hotspot phase: its number in the grid,
// its run of hits and its number of distinct owners.
type redundantCell struct {
	no     uint64
	lo, hi int32
	owners int32
}

func findHotspots(ctx context.Context, fp *footprints, cams []Camera, opt Options) ([]Hotspot, []RedundantCell, error) {
	grid := geo.Grid{Size: opt.GridSize}
	own := indexOwners(cams, opt.UnknownOwners)

	// Cells are numbered row by row over the extent of every footprint, so that a cell and
	// a camera pack into one uint64 (cell << 32 | camera) that sorts fast.
	first, last := grid.Cells(fp.box.Pad(fp.maxRange))
	width, height := int64(last.I-first.I)+1, int64(last.J-first.J)+1
	if len(fp.sectors) > 0 && width*height > 1<<32 {
		return nil, nil, fmt.Errorf("%w: %d × %d cells of %g m", ErrGridTooFine, width, height, opt.GridSize)
	}
	cellNo := func(c geo.Cell) uint64 { return uint64(int64(c.J-first.J)*width + int64(c.I-first.I)) }
	cellAt := func(n uint64) geo.Cell {
		return geo.Cell{I: first.I + int32(int64(n)%width), J: first.J + int32(int64(n)/width)}
	}

	// Every (cell, camera) pair where the camera sees the cell's centre, per worker; the
	// cameras that count for no owner are left out.
	parts := make([][]uint64, opt.Workers)
	err := parallel(ctx, len(fp.sectors), opt.Workers, func(w, lo, hi int) {
		hits := make([]uint64, 0, 2*(hi-lo))
		for k := lo; k < hi; k++ {
			if k%8192 == 0 && ctx.Err() != nil {
				return
			}
			if own.of[fp.order[k]] < 0 {
				continue
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
		psort.Radix(hits)
		parts[w] = hits
	})
	if err != nil {
		return nil, nil, err
	}
	hits := psort.Merge(parts)
	cellOf := func(h uint64) uint64 { return h >> 32 }
	camOf := func(h uint64) int32 { return int32(uint32(h)) }

	// Cells with enough distinct owners, each with its run of hits, in cell order: each
	// worker takes a stretch of hits that starts and ends at a cell's edge.
	cuts := make([]int, opt.Workers+1)
	for w := 1; w < len(cuts); w++ {
		c := max(cuts[w-1], len(hits)*w/opt.Workers)
		for c > 0 && c < len(hits) && cellOf(hits[c]) == cellOf(hits[c-1]) {
			c++
		}
		cuts[w] = c
	}
	found := make([][]redundantCell, opt.Workers)
	if err := parallel(ctx, opt.Workers, opt.Workers, func(_, wlo, whi int) {
		for w := wlo; w < whi; w++ {
			// Appended to a local, not to found[w]: the workers' slice headers share a
			// cache line.
			var distinct []int32
			var cells []redundantCell
			for lo := cuts[w]; lo < cuts[w+1]; {
				hi := lo
				distinct = distinct[:0]
				for ; hi < len(hits) && cellOf(hits[hi]) == cellOf(hits[lo]); hi++ {
					if o := own.of[camOf(hits[hi])]; !slices.Contains(distinct, o) {
						distinct = append(distinct, o)
					}
				}
				if len(distinct) >= opt.MinOwners {
					cells = append(cells, redundantCell{no: cellOf(hits[lo]), lo: int32(lo), hi: int32(hi), owners: int32(len(distinct))})
				}
				lo = hi
			}
			found[w] = cells
		}
	}); err != nil {
		return nil, nil, err
	}
	cells := slices.Concat(found...)
	redundancy := make([]RedundantCell, len(cells))
	for i, c := range cells {
		redundancy[i] = RedundantCell{Cell: cellAt(c.no), Owners: int(c.owners)}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}

	span := max(1, int32(opt.HotspotExtent/opt.GridSize+1e-9))
	weight := opt.GridSize * opt.GridSize / 2500
	members, ends := growRegions(cells, redundancy, span, neighbours(cells, width))
	// The hotspots are independent of one another: built side by side.
	spots := make([]Hotspot, len(ends))
	err = balanced(ctx, len(ends), opt.Workers, 256, func(lo, hi int) {
		var camIdx, ownIdx []int32
		for r := lo; r < hi; r++ {
			start := int32(0)
			if r > 0 {
				start = ends[r-1]
			}
			h := Hotspot{Cells: make([]geo.Cell, ends[r]-start)}
			camIdx = camIdx[:0]
			for k, ci := range members[start:ends[r]] {
				c := &cells[ci]
				h.Cells[k] = redundancy[ci].Cell
				h.Score += float64(c.owners-1) * weight
				h.MaxOwners = max(h.MaxOwners, int(c.owners))
				for _, hit := range hits[c.lo:c.hi] {
					camIdx = append(camIdx, camOf(hit))
				}
			}
			h.Cameras = uniqueIndexes(camIdx)
			gov := 0
			ownIdx = ownIdx[:0]
			for _, ci := range h.Cameras {
				ownIdx = append(ownIdx, own.of[ci])
				if cams[ci].Investment == Government {
					gov++
				}
			}
			slices.Sort(ownIdx)
			ownIdx = slices.Compact(ownIdx)
			h.Owners = make([]string, len(ownIdx))
			for k, o := range ownIdx {
				h.Owners[k] = own.names[o]
			}
			slices.Sort(h.Owners)
			h.GovernmentShare = float64(gov) / float64(len(h.Cameras))
			h.AreaM2 = float64(len(h.Cells)) * opt.GridSize * opt.GridSize
			h.Centre = fp.proj.Inverse(cellsBound(grid, h.Cells).Center())
			spots[r] = h
		}
	})
	if err != nil {
		return nil, nil, err
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
	return spots, redundancy, nil
}

// neighbours returns, for each of the cells (in cell order, numbered row by row in rows
// of width), the indexes of its duplicate-build neighbours west, east, south and north,
// -1 where the neighbour is not one.
func neighbours(cells []redundantCell, width int64) [][4]int32 {
	out := make([][4]int32, len(cells))
	for i := range out {
		out[i] = [4]int32{-1, -1, -1, -1}
	}
	w := uint64(width)
	for i, j := 0, 0; i < len(cells); i++ {
		if i > 0 && cells[i-1].no == cells[i].no-1 && cells[i].no%w != 0 {
			out[i][0], out[i-1][1] = int32(i-1), int32(i)
		}
		// The cells of the row above come later, in order: one pass finds them all.
		for j < len(cells) && cells[j].no < cells[i].no+w {
			j++
		}
		if j < len(cells) && cells[j].no == cells[i].no+w {
			out[i][3], out[j][2] = int32(j), int32(i)
		}
	}
	return out
}

// growRegions cuts the duplicate-build cells into hotspots (see Hotspot) whose cells fit
// in span × span cells. It returns the hotspots' cells as indexes into cells, hotspot
// after hotspot and each in cell order, and where each hotspot's cells end. at holds the
// cells' grid positions and next their neighbours (see neighbours).
func growRegions(cells []redundantCell, at []RedundantCell, span int32, next [][4]int32) (members, ends []int32) {
	// Seeds by the most owners, then the most cameras (hits), then cell order, which is
	// south to north and west to east; packed into one number that sorts fast, owners and
	// hits capped at 2^16 - 1 (a tie beyond is broken by cell order).
	keys := make([]uint64, len(cells))
	for i, c := range cells {
		keys[i] = uint64(0xffff-min(c.owners, 0xffff))<<48 | uint64(0xffff-min(c.hi-c.lo, 0xffff))<<32 | uint64(i)
	}
	psort.Uint64s(keys)
	seeds := make([]int32, len(cells))
	for i, k := range keys {
		seeds[i] = int32(uint32(k))
	}
	region := make([]int32, len(cells))
	for i := range region {
		region[i] = -1
	}
	members = make([]int32, 0, len(cells))
	front := &frontier{cells: cells, at: at}
	for _, seed := range seeds {
		if region[seed] >= 0 {
			continue
		}
		r, start := int32(len(ends)), len(members)
		lo, hi := at[seed].Cell, at[seed].Cell
		front.seed, front.items = at[seed].Cell, append(front.items[:0], seed)
		for len(front.items) > 0 {
			ci := front.pop()
			if region[ci] >= 0 {
				continue
			}
			c := at[ci].Cell
			nlo := geo.Cell{I: min(lo.I, c.I), J: min(lo.J, c.J)}
			nhi := geo.Cell{I: max(hi.I, c.I), J: max(hi.J, c.J)}
			if nhi.I-nlo.I >= span || nhi.J-nlo.J >= span {
				continue
			}
			lo, hi = nlo, nhi
			region[ci] = r
			members = append(members, ci)
			for _, ni := range next[ci] {
				if ni >= 0 && region[ni] < 0 && cells[ni].owners <= cells[ci].owners {
					front.push(ni)
				}
			}
		}
		slices.Sort(members[start:])
		ends = append(ends, int32(len(members)))
	}
	return members, ends
}

// frontier is a binary heap of the cells a growing hotspot may take next, best first:
// the most owners, then the nearest its seed (in cells, the larger of the two axes), then
// the lowest index (south, then west).
type frontier struct {
	cells []redundantCell
	at    []RedundantCell
	seed  geo.Cell
	items []int32
}

func (f *frontier) push(i int32) {
	f.items = append(f.items, i)
	for k := len(f.items) - 1; k > 0; {
		up := (k - 1) / 2
		if !f.before(f.items[k], f.items[up]) {
			break
		}
		f.items[k], f.items[up] = f.items[up], f.items[k]
		k = up
	}
}

func (f *frontier) pop() int32 {
	top, n := f.items[0], len(f.items)-1
	f.items[0] = f.items[n]
	f.items = f.items[:n]
	for k := 0; ; {
		best := k
		for _, c := range [2]int{2*k + 1, 2*k + 2} {
			if c < n && f.before(f.items[c], f.items[best]) {
				best = c
			}
		}
		if best == k {
			return top
		}
		f.items[k], f.items[best] = f.items[best], f.items[k]
		k = best
	}
}

// before reports whether cell a is taken before cell b.
func (f *frontier) before(a, b int32) bool {
	if oa, ob := f.cells[a].owners, f.cells[b].owners; oa != ob {
		return oa > ob
	}
	if da, db := f.dist(a), f.dist(b); da != db {
		return da < db
	}
	return a < b
}

// dist is how far cell i lies from the seed, in cells along the farther axis.
func (f *frontier) dist(i int32) int32 {
	c := f.at[i].Cell
	return max(abs32(c.I-f.seed.I), abs32(c.J-f.seed.J))
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
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

// CellSquare returns a grid cell of the run's hotspot grid as a WGS84 polygon, for the
// redundancy heat map.
func (r *Result) CellSquare(c geo.Cell) orb.Polygon {
	half := r.grid.Size / 2
	m := r.grid.Centre(c)
	ring := orb.Ring{{m[0] - half, m[1] - half}, {m[0] + half, m[1] - half}, {m[0] + half, m[1] + half}, {m[0] - half, m[1] + half}}
	for i, p := range ring {
		ring[i] = r.proj.Inverse(p)
	}
	return orb.Polygon{append(ring, ring[0])}
}

// HotspotArea returns a hotspot's outline in WGS84 (the union of its cells, holes
// included), for display and export.
func (r *Result) HotspotArea(h *Hotspot) orb.MultiPolygon {
	return r.proj.InverseGeometry(r.grid.Outline(h.Cells)).(orb.MultiPolygon)
}
