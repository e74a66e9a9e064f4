package coverage

import (
	"context"
	"runtime"
	"slices"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/internal/psort"
)

// footprints is every camera's footprint in the local metric projection, indexed by the
// bounding box of its true arc. It is built once per run and read concurrently.
//
// Sectors are stored, and inserted into the tree, in Hilbert order of their apexes, so
// that neighbours in space are neighbours in memory: building is faster, the tree's nodes
// are tighter, and lookups of nearby points touch the same cache lines. Slots are
// positions in that order; order converts a slot to its camera index.
type footprints struct {
	proj    *geo.Projection
	sectors []geo.Sector
	// order[slot] is the camera index of a slot.
	order []int32
	// apex[i] is camera i's projected position, in camera order, for passes that visit
	// the cameras in their own order.
	apex []orb.Point
	// tree indexes the footprints' boxes, its items in slot order.
	tree packedTree
	// box bounds every apex, for Hilbert keys of other points; padded by maxRange, the
	// longest range, it bounds every footprint.
	box      orb.Bound
	maxRange float64
	// occluders is nil when the run ignores visibility.
	occluders *geo.Occluders
	// under[slot] is true for an underground camera, which watches no surface road; nil
	// when no camera is underground.
	under []bool
}

// footprintSector is the sector the analysis counts camera c as seeing, in projection
// proj: its own, or for a camera of unknown direction a disc of radius unknownRange
// (at most its range).
func footprintSector(proj *geo.Projection, c *Camera, unknownRange float64) geo.Sector {
	return sectorAt(proj, c, proj.Forward(c.Pos), unknownRange)
}

// sectorAt is footprintSector for a camera whose projected position is known: apex.
func sectorAt(proj *geo.Projection, c *Camera, apex orb.Point, unknownRange float64) geo.Sector {
	if c.Direction == DirectionUnknown {
		return geo.NewSector(apex, 0, 360, min(c.Range, unknownRange))
	}
	// Azimuths are true bearings; sectors live on the projection's grid.
	return geo.NewSector(apex, proj.GridBearing(c.Pos, c.Azimuth), c.HFOV, c.Range)
}

func newFootprints(ctx context.Context, proj *geo.Projection, cams []Camera, occ *geo.Occluders, opt Options) (*footprints, error) {
	workers := opt.Workers
	n := len(cams)
	// The apexes first, in camera order, for the Hilbert order; then the sectors and their
	// boxes straight into their slots, the boxes with room for the tree's nodes after them.
	apex := make([]orb.Point, n)
	if err := parallel(ctx, n, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			apex[i] = proj.Forward(cams[i].Pos)
		}
	}); err != nil {
		return nil, err
	}
	f := &footprints{proj: proj, sectors: make([]geo.Sector, n), apex: apex, occluders: occ}
	f.box = boundOf(apex)
	f.order = hilbertOrder(ctx, f.box, apex)
	boxes := make([]orb.Bound, n, packedCap(n))
	ranges := make([]float64, workers)
	if err := parallel(ctx, n, workers, func(w, lo, hi int) {
		// The longest range is kept in a local until the end: workers writing their
		// neighbouring slots of ranges at every camera would fight over one cache line.
		longest := 0.0
		for k := lo; k < hi; k++ {
			i := f.order[k]
			f.sectors[k] = sectorAt(proj, &cams[i], apex[i], opt.UnknownDirectionRange)
			boxes[k] = f.sectors[k].Bound()
			longest = max(longest, f.sectors[k].Range())
		}
		ranges[w] = longest
	}); err != nil {
		return nil, err
	}
	f.maxRange = slices.Max(append(ranges, 0))
	for k, i := range f.order {
		if cams[i].Underground() {
			if f.under == nil {
				f.under = make([]bool, n)
			}
			f.under[k] = true
		}
	}
	f.tree = newPackedTree(boxes)
	return f, nil
}

// search calls fn with the slot of every footprint whose box intersects [lo, hi], until
// fn returns false.
func (f *footprints) search(lo, hi orb.Point, fn func(k int32) bool) {
	f.tree.search(lo, hi, fn)
}

// boundOf is the bounding box of the points, or an empty box at the origin for none.
func boundOf(pts []orb.Point) orb.Bound {
	if len(pts) == 0 {
		return orb.Bound{}
	}
	return orb.MultiPoint(pts).Bound()
}

// hilbertOrder returns the indexes of the points sorted along a Hilbert curve over box.
// The keys are always computed in full (parallel's error, ctx's, is the caller's to see).
func hilbertOrder(ctx context.Context, box orb.Bound, pts []orb.Point) []int32 {
	keys := make([]uint64, len(pts))
	_ = parallel(ctx, len(pts), runtime.GOMAXPROCS(0), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i] = uint64(geo.HilbertKey(box, pts[i]))<<32 | uint64(i)
		}
	})
	psort.Uint64s(keys)
	order := make([]int32, len(pts))
	for k, key := range keys {
		order[k] = int32(uint32(key))
	}
	return order
}

// sees reports whether the camera in slot k sees the projected point p: inside its
// sector and, when occluders are loaded, not hidden behind one.
func (f *footprints) sees(k int32, p orb.Point) bool {
	if f.occluders == nil {
		// Tested in place, without copying the sector into a call.
		return f.sectors[k].Contains(p)
	}
	return f.occluders.Visible(f.sectors[k], p)
}

// nearRun is how many key points, consecutive in Hilbert order and so close together,
// share one search of the tree.
const nearRun = 16

// nearFootprints are the footprints whose boxes meet the bounding box of a run of nearby
// points, with their boxes side by side: one search of the tree serves the whole run, and
// each point then tests these few boxes in order rather than walking the tree again.
type nearFootprints struct {
	slots []int32
	boxes []orb.Bound
	// in holds, for one point, the positions in slots of the boxes that contain it.
	in []int32
}

// find gathers the footprints near the points pts[i] for i in run.
func (nf *nearFootprints) find(fp *footprints, pts []orb.Point, run []int32) {
	box := orb.Bound{Min: pts[run[0]], Max: pts[run[0]]}
	for _, i := range run[1:] {
		p := pts[i]
		box.Min[0], box.Min[1] = min(box.Min[0], p[0]), min(box.Min[1], p[1])
		box.Max[0], box.Max[1] = max(box.Max[0], p[0]), max(box.Max[1], p[1])
	}
	nf.slots, nf.boxes = nf.slots[:0], nf.boxes[:0]
	fp.search(box.Min, box.Max, func(k int32) bool {
		nf.slots = append(nf.slots, k)
		nf.boxes = append(nf.boxes, fp.tree.boxes[k])
		return true
	})
}

// covering appends to dst the camera indexes of the cameras that see the projected point
// p, one of the run the footprints were found for; place says p stands for a whole site
// (geo.Occluders.VisiblePlace).
func (nf *nearFootprints) covering(fp *footprints, p orb.Point, place bool, dst []int32) []int32 {
	// The boxes that hold p first, without a branch per box: which of a run's boxes hold
	// a point is a coin toss the processor cannot predict.
	nf.in = slices.Grow(nf.in[:0], len(nf.boxes))[:len(nf.boxes)]
	n := 0
	for c := range nf.boxes {
		b := &nf.boxes[c]
		nf.in[n] = int32(c)
		n += b2i(b.Min[0] <= p[0]) & b2i(p[0] <= b.Max[0]) & b2i(b.Min[1] <= p[1]) & b2i(p[1] <= b.Max[1])
	}
	for _, c := range nf.in[:n] {
		k := nf.slots[c]
		var seen bool
		if place && fp.occluders != nil {
			seen = fp.occluders.VisiblePlace(fp.sectors[k], p)
		} else {
			// Without occluders, a place is seen as a spot is: in the sector.
			seen = fp.sees(k, p)
		}
		if seen {
			dst = append(dst, fp.order[k])
		}
	}
	return dst
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// watchesSurface reports whether the camera in slot k stands where it can watch a road
// at the surface: not underground.
func (f *footprints) watchesSurface(k int32) bool { return f.under == nil || !f.under[k] }

// roadCovered reports whether any camera that watches roads (see watchesSurface) sees the
// projected point p.
func (f *footprints) roadCovered(p orb.Point) bool {
	found := false
	f.search(p, p, func(k int32) bool {
		found = f.watchesSurface(k) && f.sees(k, p)
		return !found
	})
	return found
}

// projectionCentre is the centre of the bounding box of the cameras, sites and roads,
// around which distances are measured.
func projectionCentre(l *Layers) orb.Point {
	var b orb.Bound
	first := true
	extend := func(g orb.Bound) {
		if g.IsEmpty() {
			return
		}
		if first {
			b, first = g, false
			return
		}
		b.Min[0], b.Min[1] = min(b.Min[0], g.Min[0]), min(b.Min[1], g.Min[1])
		b.Max[0], b.Max[1] = max(b.Max[0], g.Max[0]), max(b.Max[1], g.Max[1])
	}
	for _, c := range l.Cameras {
		extend(orb.Bound{Min: c.Pos, Max: c.Pos})
	}
	for _, s := range l.Sites {
		if s.Geometry != nil {
			extend(s.Geometry.Bound())
		}
	}
	for _, r := range l.Roads {
		if r.Geometry != nil {
			extend(r.Geometry.Bound())
		}
	}
	if first {
		return orb.Point{}
	}
	return b.Center()
}
