package planner

import (
	"cmp"
	"context"
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
	// Centre is the hotspot's centre, WGS84.
	Centre orb.Point
	// Area is the union of its cells, WGS84.
	Area orb.MultiPolygon
}

type cellHit struct {
	key uint64
	cam int32
}

func findHotspots(ctx context.Context, fp *footprints, cams []Camera, opt Options) ([]Hotspot, error) {
	grid := geo.Grid{Size: opt.GridSize}
	owners, ownerOf := internOwners(cams)

	// Every (cell, camera) pair where the camera sees the cell's centre, per worker.
	parts := make([][]cellHit, opt.Workers)
	err := parallel(ctx, len(cams), opt.Workers, func(w, lo, hi int) {
		var hits []cellHit
		for i := lo; i < hi; i++ {
			if i%8192 == 0 && ctx.Err() != nil {
				return
			}
			first, last := grid.Cells(fp.sectors[i].Bound())
			for ci := first.I; ci <= last.I; ci++ {
				for cj := first.J; cj <= last.J; cj++ {
					c := geo.Cell{I: ci, J: cj}
					if fp.sees(int32(i), grid.Centre(c)) {
						hits = append(hits, cellHit{key: c.Key(), cam: int32(i)})
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
	slices.SortFunc(hits, func(a, b cellHit) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.cam, b.cam)
	})

	// Cells with enough distinct owners, each with its run of hits.
	type cell struct {
		key    uint64
		lo, hi int
		owners int
	}
	var cells []cell
	index := map[uint64]int{}
	var distinct []int32
	for lo := 0; lo < len(hits); {
		hi := lo
		distinct = distinct[:0]
		for ; hi < len(hits) && hits[hi].key == hits[lo].key; hi++ {
			if o := ownerOf[hits[hi].cam]; !slices.Contains(distinct, o) {
				distinct = append(distinct, o)
			}
		}
		if len(distinct) >= opt.MinOwners {
			index[hits[lo].key] = len(cells)
			cells = append(cells, cell{key: hits[lo].key, lo: lo, hi: hi, owners: len(distinct)})
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
			gc := geo.CellFromKey(c.key)
			h.Cells = append(h.Cells, gc)
			h.Score += float64(c.owners-1) * weight
			h.MaxOwners = max(h.MaxOwners, c.owners)
			for _, hit := range hits[c.lo:c.hi] {
				camIdx = append(camIdx, hit.cam)
			}
			for _, n := range gc.Neighbours4() {
				if ni, ok := index[n.Key()]; ok && !done[ni] {
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
		h.Centre, h.Area = cellsGeometry(fp, grid, h.Cells)
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
	ids := map[string]int32{}
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

// cellsGeometry returns the centre of the cells' bounding box and the cells as squares,
// both in WGS84.
func cellsGeometry(fp *footprints, grid geo.Grid, cells []geo.Cell) (orb.Point, orb.MultiPolygon) {
	half := grid.Size / 2
	var box orb.Bound
	area := make(orb.MultiPolygon, 0, len(cells))
	for k, c := range cells {
		m := grid.Centre(c)
		sq := orb.Ring{{m[0] - half, m[1] - half}, {m[0] + half, m[1] - half}, {m[0] + half, m[1] + half}, {m[0] - half, m[1] + half}, {m[0] - half, m[1] - half}}
		if k == 0 {
			box = sq.Bound()
		} else {
			box = box.Union(sq.Bound())
		}
		area = append(area, fp.proj.InverseGeometry(orb.Polygon{sq}).(orb.Polygon))
	}
	return fp.proj.Inverse(box.Center()), area
}
