package coverage

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"cctvgis/geo"
	"cctvgis/internal/fault"
	"cctvgis/planner/rulebook"
)

// EditorOptions tune a plan Editor. The zero value gives the documented defaults.
type EditorOptions struct {
	// Analysis are the options of the analysis the editor starts from and keeps current.
	Analysis Options
	// DuplicateShare is the share of a proposed footprint's area that, lying in existing
	// footprints, flags the proposal as duplicate construction (重复建设); default 0.8.
	DuplicateShare float64
}

// Editor keeps the analysis of the current layers up to date while a plan's proposals are
// applied and undone, one at a time, and answers each edit with its Effect. It recomputes
// only what the changed cameras reach: the key points, road segments, intersections and
// hotspot grid cells inside the bounding boxes of their old and new footprints. The
// result equals a full Analyze of the current layers with the proposals applied (see
// Layers) as long as the data's extent, which centres the projection, does not change: the
// editor keeps the projection of the analysis it started from.
//
// An Editor is not safe for concurrent use.
type Editor struct {
	layers *Layers
	rules  *rulebook.EffectiveRules
	opt    EditorOptions
	base   *Result
	fp     *footprints
	grid   geo.Grid

	// masked[slot] is true when the base camera of a slot is not current: removed, or
	// replaced by an extra with new values.
	masked []bool
	slotOf []int32
	extras []extraCam
	xtree  rtree.RTreeG[int32]
	// ids maps each base camera's id to its index in layers.Cameras. Clones share it: it
	// never changes.
	ids map[string]int32
	// over holds the cameras whose place differs from the base: those changed or added
	// (where their values live) and the base cameras removed (gone). A base camera not in
	// it is current as it is.
	over map[string]camRef
	// ncur counts the current cameras.
	ncur int

	// Key points: the base analysis' key points in one array, projected.
	kpPos   []orb.Point
	kpSite  []int32
	kpCount []int32
	kpTree  rtree.RTreeG[int32]
	siteHit []int32
	siteCov []Coverage
	sites   StatusCounts
	mand    StatusCounts

	// Road segments, flattened in road order; each road's segments are a window.
	segA, segB []orb.Point
	segLen     []float64
	segIvs     [][]geo.Interval
	segTree    rtree.RTreeG[int32]
	roadSeg    []int32 // roadSeg[r] is road r's first segment; roadSeg[len] the end
	segRoad    []int32
	roadClass  []int32
	roadCov    []float64
	classes    []RoadClassResult

	// Intersections: road graph nodes of degree three or more.
	nodePos     []orb.Point
	nodeClasses [][]int32
	nodeCount   []int32
	nodeTree    rtree.RTreeG[int32]

	hot map[geo.Cell]bool

	spaces *spaceIndex
	zones  *zoneIndex
	// viol are the current violations by key (rule, camera id, site id).
	viol      map[violationKey]PlanViolation
	violCount map[string]int
	// verify counts the current cameras to verify.
	verify VerifyCounts

	log []applied
}

// camRef says where a current camera's values are: a base camera, or an extra (a camera
// added or changed by a proposal). base is -1 for an added camera, extra -1 for a base
// camera unchanged.
type camRef struct{ base, extra int32 }

// gone marks a base camera removed, in Editor.over.
var gone = camRef{base: -1, extra: -1}

type extraCam struct {
	cam    Camera
	sector geo.Sector
	alive  bool
}

// applied is one step in the undo log: the proposal, the camera it changed, and the
// camera's place before and after.
type applied struct {
	p           Proposal
	id          string
	before, now camRef
	had, has    bool
}

// NewEditor analyses the layers under the rules and prepares to edit them. The layers
// must have passed Layers.Check; the editor does not change them.
func NewEditor(ctx context.Context, l *Layers, rules *rulebook.EffectiveRules, t *rulebook.Taxonomy, opt EditorOptions) (*Editor, error) {
	if opt.DuplicateShare <= 0 || opt.DuplicateShare > 1 {
		opt.DuplicateShare = 0.8
	}
	res, fp, err := analyze(ctx, l, rules, t, opt.Analysis)
	if err != nil {
		return nil, err
	}
	opt.Analysis = res.Options
	e := &Editor{layers: l, rules: rules, opt: opt, base: res, fp: fp, grid: res.grid,
		masked: make([]bool, len(l.Cameras)), slotOf: make([]int32, len(l.Cameras)),
		ids: make(map[string]int32, len(l.Cameras)), over: map[string]camRef{}, ncur: len(l.Cameras), hot: map[geo.Cell]bool{},
		viol: map[violationKey]PlanViolation{}, violCount: map[string]int{}}
	for k, i := range fp.order {
		e.slotOf[i] = int32(k)
	}
	for i, c := range l.Cameras {
		e.ids[c.ID] = int32(i)
	}
	e.verify = res.Summary.ToVerify
	e.initSites(res)
	if err := e.initRoads(ctx, res); err != nil {
		return nil, err
	}
	for _, c := range res.Redundancy {
		e.hot[c.Cell] = true
	}
	e.spaces = newSpaceIndex(fp, l.PrivateSpaces, rules)
	e.zones = newZoneIndex(fp, l, rules, opt.Analysis)
	for _, v := range IdentifyViolations(l, res.Violations) {
		e.viol[v.key()] = v
		e.violCount[v.Rule]++
	}
	return e, nil
}

func (e *Editor) initSites(res *Result) {
	n := len(res.Sites)
	e.siteHit, e.siteCov = make([]int32, n), make([]Coverage, n)
	for i, s := range res.Sites {
		e.siteCov[i] = s.Coverage
		for _, kp := range s.KeyPoints {
			k := int32(len(e.kpPos))
			p := e.fp.proj.Forward(kp.Pos)
			e.kpPos = append(e.kpPos, p)
			e.kpSite = append(e.kpSite, int32(i))
			e.kpCount = append(e.kpCount, int32(len(kp.Cameras)))
			e.kpTree.Insert(p, p, k)
			if len(kp.Cameras) > 0 {
				e.siteHit[i]++
			}
		}
	}
	e.sites, e.mand = res.Summary.Sites, res.Summary.MandatorySites
}

func (e *Editor) initRoads(ctx context.Context, res *Result) error {
	classOf := map[string]int32{}
	e.classes = slices.Clone(res.RoadClasses)
	for i, c := range e.classes {
		classOf[c.Class] = int32(i)
		e.classes[i].IntersectionsCovered = 0
	}
	type node struct {
		pos     orb.Point
		degree  int
		classes []int32
	}
	nodes := map[[2]int64]*node{}
	var keys [][2]int64
	for r, road := range e.layers.Roads {
		e.roadSeg = append(e.roadSeg, int32(len(e.segA)))
		cls := classOf[road.Class]
		e.roadClass = append(e.roadClass, cls)
		for _, ls := range projectLines(e.fp.proj, road.Geometry) {
			for k, p := range ls {
				d := 2
				if k == 0 || k == len(ls)-1 {
					d = 1
				}
				key := nodeKey(p)
				n := nodes[key]
				if n == nil {
					n = &node{pos: p}
					nodes[key] = n
					keys = append(keys, key)
				}
				n.degree += d
				if !slices.Contains(n.classes, cls) {
					n.classes = append(n.classes, cls)
				}
				if k > 0 {
					a := ls[k-1]
					s := int32(len(e.segA))
					e.segA, e.segB = append(e.segA, a), append(e.segB, p)
					e.segLen = append(e.segLen, math.Hypot(p[0]-a[0], p[1]-a[1]))
					e.segRoad = append(e.segRoad, int32(r))
					// An underground road's segments are never watched: no camera's
					// change reaches them.
					if !road.Underground() {
						b := segBound(a, p)
						e.segTree.Insert(b.Min, b.Max, s)
					}
				}
			}
		}
		if r%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	e.roadSeg = append(e.roadSeg, int32(len(e.segA)))
	e.segIvs = make([][]geo.Interval, len(e.segA))
	if err := parallel(ctx, len(e.segA), e.opt.Analysis.Workers, func(_, lo, hi int) {
		var buf []geo.Interval
		for s := lo; s < hi; s++ {
			if e.layers.Roads[e.segRoad[s]].Underground() {
				continue
			}
			if ivs := e.fp.clip(e.segA[s], e.segB[s], e.segLen[s], nil, &buf); len(ivs) > 0 {
				e.segIvs[s] = ivs
			}
		}
	}); err != nil {
		return err
	}
	e.roadCov = make([]float64, len(e.layers.Roads))
	for r := range e.roadCov {
		e.sumRoad(r)
	}
	for _, key := range keys {
		n := nodes[key]
		if n.degree < 3 {
			continue
		}
		k := int32(len(e.nodePos))
		e.nodePos = append(e.nodePos, n.pos)
		e.nodeClasses = append(e.nodeClasses, n.classes)
		var count int32
		e.fp.search(n.pos, n.pos, func(k int32) bool {
			if e.fp.watchesSurface(k) && e.fp.sees(k, n.pos) {
				count++
			}
			return true
		})
		e.nodeCount = append(e.nodeCount, count)
		e.nodeTree.Insert(n.pos, n.pos, k)
		if count > 0 {
			for _, c := range n.classes {
				e.classes[c].IntersectionsCovered++
			}
		}
	}
	e.sumClasses()
	return nil
}

func segBound(a, b orb.Point) orb.Bound {
	return orb.Bound{Min: orb.Point{math.Min(a[0], b[0]), math.Min(a[1], b[1])}, Max: orb.Point{math.Max(a[0], b[0]), math.Max(a[1], b[1])}}
}

// sumRoad adds up road r's covered length the way the analysis does: segment by segment,
// interval by interval, so that the sums agree to the last bit.
func (e *Editor) sumRoad(r int) {
	covered := 0.0
	for s := e.roadSeg[r]; s < e.roadSeg[r+1]; s++ {
		for _, iv := range e.segIvs[s] {
			covered += (iv.To - iv.From) * e.segLen[s]
		}
	}
	e.roadCov[r] = covered
}

// sumClasses adds up each class's covered length in road order, as the analysis does.
func (e *Editor) sumClasses() {
	for i := range e.classes {
		e.classes[i].CoveredM = 0
	}
	for r, c := range e.roadClass {
		e.classes[c].CoveredM += e.roadCov[r]
	}
	for i := range e.classes {
		if rc := &e.classes[i]; rc.LengthM > 0 {
			rc.Share = rc.CoveredM / rc.LengthM
		}
	}
}

// sectorOf builds a camera's footprint in the editor's projection.
func (e *Editor) sectorOf(c *Camera) geo.Sector {
	return footprintSector(e.fp.proj, c, e.opt.Analysis.UnknownDirectionRange)
}

// camera returns the values of a current camera.
func (e *Editor) camera(r camRef) *Camera {
	if r.extra >= 0 {
		return &e.extras[r.extra].cam
	}
	return &e.layers.Cameras[r.base]
}

func (e *Editor) sector(r camRef) geo.Sector {
	if r.extra >= 0 {
		return e.extras[r.extra].sector
	}
	return e.fp.sectors[e.slotOf[r.base]]
}

// seesKeyPoint reports whether the sector sees key point k: the point of a site without
// key points as the analysis judges it, the whole place (geo.Occluders.VisiblePlace).
func (e *Editor) seesKeyPoint(s geo.Sector, k int32) bool {
	if e.base.Sites[e.kpSite[k]].Implicit {
		return e.fp.occluders.VisiblePlace(s, e.kpPos[k])
	}
	return e.fp.occluders.Visible(s, e.kpPos[k])
}

// eachSeeing calls fn with every current camera that sees the projected point p, until
// fn returns false.
func (e *Editor) eachSeeing(p orb.Point, fn func(c *Camera) bool) {
	more := true
	e.fp.search(p, p, func(k int32) bool {
		if !e.masked[k] && e.fp.sees(k, p) {
			more = fn(&e.layers.Cameras[e.fp.order[k]])
		}
		return more
	})
	if !more {
		return
	}
	e.xtree.Search(p, p, func(_, _ [2]float64, i int32) bool {
		if x := &e.extras[i]; e.fp.occluders.Visible(x.sector, p) {
			return fn(&x.cam)
		}
		return true
	})
}

// clip is footprints.clip over the current cameras.
func (e *Editor) clip(a, b orb.Point, seg float64, buf *[]geo.Interval) []geo.Interval {
	box := segBound(a, b)
	raw := (*buf)[:0]
	add := func(s geo.Sector) {
		n := len(raw)
		raw = s.ClipSegment(a, b, raw)
		if e.fp.occluders != nil {
			raw = append(raw[:n], e.fp.visibleParts(s, a, b, seg, raw[n:])...)
		}
	}
	e.fp.search(box.Min, box.Max, func(k int32) bool {
		if !e.masked[k] && e.fp.watchesSurface(k) {
			add(e.fp.sectors[k])
		}
		return true
	})
	e.xtree.Search(box.Min, box.Max, func(_, _ [2]float64, i int32) bool {
		if x := &e.extras[i]; !x.cam.Underground() {
			add(x.sector)
		}
		return true
	})
	*buf = raw
	return mergeIntervals(raw, nil)
}

// hotAt reports whether the cell is a duplicate-build cell with the current cameras,
// their owners compared as the analysis compares them.
func (e *Editor) hotAt(c geo.Cell, owners *[]string) bool {
	*owners = (*owners)[:0]
	e.eachSeeing(e.grid.Centre(c), func(cam *Camera) bool {
		if k, _, counts := e.opt.Analysis.UnknownOwners.ownerKey(cam); counts && !slices.Contains(*owners, k) {
			*owners = append(*owners, k)
		}
		return len(*owners) < e.opt.Analysis.MinOwners
	})
	return len(*owners) >= e.opt.Analysis.MinOwners
}

// change gathers what one edit touches, to answer with its Effect.
type change struct {
	before     Totals
	siteBefore map[int32]Coverage
	violBefore map[violationKey]*PlanViolation
	bounds     []orb.Bound
}

func (e *Editor) begin() *change {
	return &change{before: e.Totals(), siteBefore: map[int32]Coverage{}, violBefore: map[violationKey]*PlanViolation{}}
}

// toggle turns the footprint of camera c (sector s) on or off in the counts of the key
// points and intersections it sees, and notes its box for the roads and grid cells.
func (e *Editor) toggle(ch *change, c *Camera, s geo.Sector, on bool) {
	d := int32(-1)
	if on {
		d = 1
	}
	b := s.Bound()
	ch.bounds = append(ch.bounds, b)
	e.kpTree.Search(b.Min, b.Max, func(_, _ [2]float64, k int32) bool {
		if e.seesKeyPoint(s, k) {
			site := e.kpSite[k]
			if _, ok := ch.siteBefore[site]; !ok {
				ch.siteBefore[site] = e.siteCov[site]
			}
			was := e.kpCount[k] > 0
			e.kpCount[k] += d
			if now := e.kpCount[k] > 0; now != was {
				e.siteHit[site] += d
			}
		}
		return true
	})
	e.nodeTree.Search(b.Min, b.Max, func(_, _ [2]float64, k int32) bool {
		// An underground camera watches no intersection of surface roads.
		if !c.Underground() && e.fp.occluders.Visible(s, e.nodePos[k]) {
			was := e.nodeCount[k] > 0
			e.nodeCount[k] += d
			if now := e.nodeCount[k] > 0; now != was {
				for _, cl := range e.nodeClasses[k] {
					e.classes[cl].IntersectionsCovered += int(d)
				}
			}
		}
		return true
	})
	for _, v := range e.cameraViolations(c, s.Apex()) {
		e.setViolation(ch, v, on)
	}
	inZone := false
	if c.Investment == InvestmentUnknown {
		_, inZone = e.zones.find(s.Apex(), c.Underground())
	}
	e.verify.add(c, inZone, int(d))
}

func (e *Editor) setViolation(ch *change, v PlanViolation, on bool) {
	k := v.key()
	if _, ok := ch.violBefore[k]; !ok {
		if old, had := e.viol[k]; had {
			ch.violBefore[k] = &old
		} else {
			ch.violBefore[k] = nil
		}
	}
	_, had := e.viol[k]
	switch {
	case on:
		if !had {
			e.violCount[v.Rule]++
		}
		e.viol[k] = v
	case had:
		delete(e.viol, k)
		e.violCount[v.Rule]--
	}
}

// cameraViolations are the violations of a camera standing at projected point p.
func (e *Editor) cameraViolations(c *Camera, p orb.Point) []PlanViolation {
	var out []PlanViolation
	if k, ok := e.spaces.find(p); ok {
		space := e.layers.PrivateSpaces[k].Space
		out = append(out, PlanViolation{Rule: RulePrivateSpace, CameraID: c.ID, Space: space, Cited: e.spaces.cite[space], Pos: c.Pos})
	}
	// A camera of unknown investment in a zone is to verify, not a violation (see toggle).
	if c.Investment == Private {
		if z, ok := e.zones.find(p, c.Underground()); ok {
			out = append(out, PlanViolation{Rule: RuleGovernmentZone, CameraID: c.ID, Zone: z.category, ZoneID: z.id, Cited: e.zones.cite[z.category], Pos: c.Pos})
		}
	}
	return out
}

// finish recomputes the sites, roads and cells the change touched and returns its Effect.
func (e *Editor) finish(ch *change, proposal string) Effect {
	// Lists are empty, not null, when nothing changed: clients read [] for none.
	eff := NoEffect(proposal)
	// Sites.
	touched := make([]int32, 0, len(ch.siteBefore))
	for s := range ch.siteBefore {
		touched = append(touched, s)
	}
	slices.Sort(touched)
	for _, s := range touched {
		res := &e.base.Sites[s]
		n := int32(len(res.KeyPoints))
		now := Uncovered
		switch {
		case e.siteHit[s] == n:
			now = Covered
		case e.siteHit[s] > 0:
			now = Partial
		}
		was := ch.siteBefore[s]
		e.siteCov[s] = now
		id := e.layers.Sites[s].ID
		if now == was {
			if now != Covered {
				eff.StillUncovered = append(eff.StillUncovered, id)
			}
			continue
		}
		eff.Sites = append(eff.Sites, SiteChange{ID: id, Mandatory: res.Mandatory, Before: was, After: now})
		if now == Covered {
			eff.BecameCovered = append(eff.BecameCovered, id)
		}
		e.sites.move(was, now)
		if res.Mandatory {
			e.mand.move(was, now)
			if was != Covered {
				e.setViolation(ch, e.notBuilt(s, was), false)
			}
			if now != Covered {
				e.setViolation(ch, e.notBuilt(s, now), true)
			}
		}
	}
	// Roads: the segments in reach, then their roads, then the class sums.
	var buf []geo.Interval
	seen := map[int32]bool{}
	roads := map[int]bool{}
	for _, b := range ch.bounds {
		e.segTree.Search(b.Min, b.Max, func(_, _ [2]float64, s int32) bool {
			if !seen[s] {
				seen[s] = true
				e.segIvs[s] = e.clip(e.segA[s], e.segB[s], e.segLen[s], &buf)
				roads[int(e.segRoad[s])] = true
			}
			return true
		})
	}
	for r := range roads {
		e.sumRoad(r)
	}
	e.sumClasses()
	// Grid cells.
	var owners []string
	cells := map[geo.Cell]bool{}
	for _, b := range ch.bounds {
		lo, hi := e.grid.Cells(b)
		for i := lo.I; i <= hi.I; i++ {
			for j := lo.J; j <= hi.J; j++ {
				c := geo.Cell{I: i, J: j}
				if cells[c] {
					continue
				}
				cells[c] = true
				now := e.hotAt(c, &owners)
				switch was := e.hot[c]; {
				case now && !was:
					e.hot[c] = true
					eff.HotCellsAdded = append(eff.HotCellsAdded, e.hotCell(c))
				case was && !now:
					delete(e.hot, c)
					eff.HotCellsRemoved = append(eff.HotCellsRemoved, e.hotCell(c))
				}
			}
		}
	}
	sortCells(eff.HotCellsAdded)
	sortCells(eff.HotCellsRemoved)
	// Violations.
	for k, was := range ch.violBefore {
		now, has := e.viol[k]
		switch {
		case was == nil && has:
			eff.ViolationsAdded = append(eff.ViolationsAdded, now)
		case was != nil && !has:
			eff.ViolationsRemoved = append(eff.ViolationsRemoved, *was)
		case was != nil && has && !was.same(now):
			eff.ViolationsRemoved = append(eff.ViolationsRemoved, *was)
			eff.ViolationsAdded = append(eff.ViolationsAdded, now)
		}
	}
	sortViolations(eff.ViolationsAdded)
	sortViolations(eff.ViolationsRemoved)
	eff.Before, eff.After = ch.before, e.Totals()
	for i, now := range eff.After.RoadClasses {
		if was := eff.Before.RoadClasses[i]; was != now {
			eff.Roads = append(eff.Roads, RoadClassChange{Class: now.Class, Mandatory: now.Mandatory,
				ShareBefore: was.Share, ShareAfter: now.Share, CoveredMBefore: was.CoveredM, CoveredMAfter: now.CoveredM,
				IntersectionsCoveredBefore: was.IntersectionsCovered, IntersectionsCoveredAfter: now.IntersectionsCovered})
		}
	}
	return eff
}

func (e *Editor) notBuilt(s int32, cov Coverage) PlanViolation {
	res := &e.base.Sites[s]
	return PlanViolation{Rule: RuleNotBuilt, SiteID: e.layers.Sites[s].ID, Coverage: cov, Cited: *res.Citation, Pos: res.KeyPoints[0].Pos}
}

func (e *Editor) hotCell(c geo.Cell) HotCell {
	return HotCell{Cell: c, Centre: e.fp.proj.Inverse(e.grid.Centre(c))}
}

func sortCells(cs []HotCell) {
	slices.SortFunc(cs, func(a, b HotCell) int {
		if c := cmp.Compare(a.Cell.J, b.Cell.J); c != 0 {
			return c
		}
		return cmp.Compare(a.Cell.I, b.Cell.I)
	})
}

func sortViolations(vs []PlanViolation) {
	slices.SortFunc(vs, func(a, b PlanViolation) int { return a.key().compare(b.key()) })
}

// Apply checks a proposal against the current state and, when it is accepted, applies it
// and returns its effect. It refuses, with a *ProposalError and nothing changed: invalid
// fields (CheckProposal), a move, re-aim or removal of a camera that is not current, an
// add whose camera id is taken, and a camera placed in a prohibited private space, or a
// non-government camera placed in a government-only zone, citing the provision. A
// footprint that lies mostly in existing footprints is accepted and flagged in
// Effect.Duplicate.
func (e *Editor) Apply(p Proposal) (Effect, error) {
	if err := CheckProposal(&p); err != nil {
		return Effect{}, err
	}
	before, had := e.current(p.Target())
	switch {
	case p.Kind == ProposeAdd && had:
		return Effect{}, &ProposalError{Proposal: p.ID, Field: "camera.id", Reason: fmt.Sprintf("camera %q already exists", p.Camera.ID), Err: ErrProposalInvalid}
	case p.Kind != ProposeAdd && !had:
		return Effect{}, &ProposalError{Proposal: p.ID, Field: "camera_id", Reason: fmt.Sprintf("no current camera has id %q (unknown, or removed by an earlier proposal)", p.CameraID), Err: ErrUnknownCamera}
	}
	var cur *Camera
	if had {
		cur = e.camera(before)
	}
	next := p.Next(cur)
	var sector geo.Sector
	if next != nil {
		sector = e.sectorOf(next)
		if p.Kind != ProposeReaim {
			if err := e.refuse(&p, next, sector.Apex()); err != nil {
				return Effect{}, err
			}
		}
	}
	return e.step(p, p.Target(), next, sector, true), nil
}

// Set puts camera id in the state cam, whatever it is now: nil takes it out, a camera not
// current is added, one current replaced with cam's values. It does not ask the rules:
// it is how a plan brings the city as it stands to the state its proposals describe (see
// plan.Rebase), and how a withdrawal takes one proposal's effect back. label names the
// step in its Effect and in Applied. Undo takes it back like any proposal.
func (e *Editor) Set(label, id string, cam *Camera) Effect {
	p := Proposal{ID: label, Kind: ProposeRemove, CameraID: id}
	var sector geo.Sector
	if cam != nil {
		p = Proposal{ID: label, Kind: ProposeAdd, Camera: *cam}
		sector = e.sectorOf(cam)
	}
	return e.step(p, id, cam, sector, false)
}

// step makes camera id next (nil: no camera), with footprint sector, logs it for Undo and
// returns its effect; with measure, the effect says whether the new footprint duplicates
// the other cameras' (measured without the camera's old footprint, which it replaces).
func (e *Editor) step(p Proposal, id string, next *Camera, sector geo.Sector, measure bool) Effect {
	before, had := e.current(id)
	ch := e.begin()
	a := applied{p: p, id: id, before: before, had: had}
	if had {
		e.deactivate(ch, before)
	}
	var dup *Duplicate
	if next != nil && measure {
		dup = e.duplicate(sector)
	}
	if next != nil {
		// A camera back under a base camera's id stands in that base camera's place,
		// whether or not the base camera was current: the layer has the id once.
		base := int32(-1)
		if had {
			base = before.base
		} else if i, ok := e.ids[id]; ok {
			base = i
		}
		a.now, a.has = e.activate(ch, *next, sector, base), true
	} else if had {
		e.drop(id)
	}
	e.log = append(e.log, a)
	eff := e.finish(ch, p.ID)
	eff.Duplicate = dup
	return eff
}

// current returns where the values of the current camera id live.
func (e *Editor) current(id string) (camRef, bool) {
	if r, ok := e.over[id]; ok {
		return r, r != gone
	}
	if i, ok := e.ids[id]; ok {
		return camRef{base: i, extra: -1}, true
	}
	return camRef{}, false
}

// keep makes r the current place of camera id.
func (e *Editor) keep(id string, r camRef) {
	if _, had := e.current(id); !had {
		e.ncur++
	}
	if r.extra < 0 {
		delete(e.over, id)
		return
	}
	e.over[id] = r
}

// drop takes camera id out of the current cameras.
func (e *Editor) drop(id string) {
	if _, had := e.current(id); had {
		e.ncur--
	}
	if _, base := e.ids[id]; base {
		e.over[id] = gone
		return
	}
	delete(e.over, id)
}

// refuse returns the refusal of a camera placed at projected point apex, or nil.
func (e *Editor) refuse(p *Proposal, c *Camera, apex orb.Point) error {
	field := "to"
	if p.Kind == ProposeAdd {
		field = "camera.pos"
	}
	vs := e.cameraViolations(c, apex)
	if len(vs) > 0 {
		// The first is the gravest: a private space before a zone.
		v := vs[0]
		cite := v.Cited
		reason := fmt.Sprintf("inside a prohibited private space (%s)", v.Space)
		if v.Rule == RuleGovernmentZone {
			reason = fmt.Sprintf("a %s camera inside a government-only zone (%s %s)", c.Investment, v.Zone, v.ZoneID)
		}
		return &ProposalError{Proposal: p.ID, Field: field, Reason: reason, Rule: v.Rule, Cite: &cite, Err: ErrRefused}
	}
	return nil
}

// activate makes camera c with footprint s current, as an extra; base is the base camera
// it replaces, or -1.
func (e *Editor) activate(ch *change, c Camera, s geo.Sector, base int32) camRef {
	i := int32(len(e.extras))
	e.extras = append(e.extras, extraCam{cam: c, sector: s})
	r := camRef{base: base, extra: i}
	e.reactivate(ch, r)
	return r
}

// reactivate makes a camera that was current before current again.
func (e *Editor) reactivate(ch *change, r camRef) {
	var s geo.Sector
	if r.extra >= 0 {
		x := &e.extras[r.extra]
		x.alive, s = true, x.sector
		b := s.Bound()
		e.xtree.Insert(b.Min, b.Max, r.extra)
	} else {
		e.masked[e.slotOf[r.base]] = false
		s = e.sector(r)
	}
	c := e.camera(r)
	e.keep(c.ID, r)
	e.toggle(ch, c, s, true)
}

// deactivate takes a current camera out of the state.
func (e *Editor) deactivate(ch *change, r camRef) {
	s := e.sector(r)
	if r.extra >= 0 {
		x := &e.extras[r.extra]
		x.alive = false
		b := s.Bound()
		e.xtree.Delete(b.Min, b.Max, r.extra)
	} else {
		e.masked[e.slotOf[r.base]] = true
	}
	e.toggle(ch, e.camera(r), s, false)
}

// Undo takes back the last proposal applied and returns the effect of taking it back.
// It returns ErrNothingToUndo when no proposal is applied.
func (e *Editor) Undo() (Effect, error) {
	if len(e.log) == 0 {
		return Effect{}, ErrNothingToUndo
	}
	a := e.log[len(e.log)-1]
	e.log = e.log[:len(e.log)-1]
	ch := e.begin()
	if a.has {
		e.deactivate(ch, a.now)
		e.drop(a.id)
		// The extra is the last one unless an undo left it behind; drop it when it is.
		if int(a.now.extra) == len(e.extras)-1 {
			e.extras = e.extras[:a.now.extra]
		}
	}
	if a.had {
		e.reactivate(ch, a.before)
	}
	return e.finish(ch, a.p.ID), nil
}

// ErrNothingToUndo is returned by Editor.Undo when no proposal is applied.
var ErrNothingToUndo = fault.New(fault.Invalid, "planner: no proposal to undo")

// Applied returns the proposals applied, in order.
func (e *Editor) Applied() []Proposal {
	out := make([]Proposal, len(e.log))
	for i, a := range e.log {
		out[i] = a.p
	}
	return out
}

// duplicate measures how much of footprint s the current cameras already watch, on an
// equal-area lattice of sample points, and flags it at or above the threshold.
func (e *Editor) duplicate(s geo.Sector) *Duplicate {
	const rings, spokes = 12, 32
	apex, az, hfov, rng := s.Apex(), s.Azimuth(), s.HFOV(), s.Range()
	in, seen := 0, 0
	for i := range rings {
		r := rng * math.Sqrt((float64(i)+0.5)/rings)
		for j := range spokes {
			t := (az - hfov/2 + hfov*(float64(j)+0.5)/spokes) * math.Pi / 180
			p := orb.Point{apex[0] + r*math.Sin(t), apex[1] + r*math.Cos(t)}
			if !e.fp.occluders.Visible(s, p) {
				continue
			}
			in++
			e.eachSeeing(p, func(*Camera) bool { seen++; return false })
		}
	}
	if in == 0 {
		return nil
	}
	share := float64(seen) / float64(in)
	if share < e.opt.DuplicateShare {
		return nil
	}
	return &Duplicate{Share: share, Threshold: e.opt.DuplicateShare, Provision: e.rules.AvoidDuplication}
}

// Totals returns the current totals: site coverage, road classes, hotspot cells and
// violations.
func (e *Editor) Totals() Totals {
	t := Totals{Sites: e.sites, MandatorySites: e.mand, RoadClasses: append([]RoadClassResult{}, e.classes...),
		HotCells: len(e.hot), Violations: map[string]int{}, Cameras: e.ncur, ToVerify: e.verify}
	t.HotAreaM2 = float64(t.HotCells) * e.grid.Size * e.grid.Size
	for r, n := range e.violCount {
		if n > 0 {
			t.Violations[r] = n
		}
	}
	return t
}

// Coverage returns the current coverage of the site with the given id.
func (e *Editor) Coverage(siteID string) (Coverage, bool) {
	i := slices.IndexFunc(e.layers.Sites, func(s Site) bool { return s.ID == siteID })
	if i < 0 {
		return "", false
	}
	return e.siteCov[i], true
}

// SiteCoverage returns the current coverage of every site by id.
func (e *Editor) SiteCoverage() map[string]Coverage {
	m := make(map[string]Coverage, len(e.siteCov))
	for i, c := range e.siteCov {
		m[e.layers.Sites[i].ID] = c
	}
	return m
}

// ChangedSites returns the sites whose coverage differs from the analysis the editor
// started from, in the layer's order: what the applied proposals change on the map.
func (e *Editor) ChangedSites() []SiteChange {
	out := []SiteChange{}
	for i, c := range e.siteCov {
		if r := &e.base.Sites[i]; r.Coverage != c {
			out = append(out, SiteChange{ID: e.layers.Sites[r.Site].ID, Mandatory: r.Mandatory, Before: r.Coverage, After: c})
		}
	}
	return out
}

// HotCells returns the current duplicate-build grid cells, row by row.
func (e *Editor) HotCells() []HotCell {
	out := make([]HotCell, 0, len(e.hot))
	for c := range e.hot {
		out = append(out, e.hotCell(c))
	}
	sortCells(out)
	return out
}

// Violations returns the current violations, sorted by rule, camera and site.
func (e *Editor) Violations() []PlanViolation {
	out := make([]PlanViolation, 0, len(e.viol))
	for _, v := range e.viol {
		out = append(out, v)
	}
	sortViolations(out)
	return out
}

// Cameras returns the current camera layer: the base cameras in order, with the values
// proposals gave them and without those removed, then the added cameras in the order
// they were added.
func (e *Editor) Cameras() []Camera {
	out := make([]Camera, 0, e.ncur)
	for i := range e.layers.Cameras {
		if r, ok := e.current(e.layers.Cameras[i].ID); ok {
			out = append(out, *e.camera(r))
		}
	}
	for i := range e.extras {
		if x := &e.extras[i]; x.alive {
			if r, ok := e.over[x.cam.ID]; ok && r.base < 0 && r.extra == int32(i) {
				out = append(out, x.cam)
			}
		}
	}
	return out
}

// Layers returns the layers with the current camera layer (see Cameras), for a full
// analysis of the plan; the other layers are shared with the editor's.
func (e *Editor) Layers() *Layers {
	l := *e.layers
	l.Cameras = e.Cameras()
	return &l
}

// Base returns the analysis the editor started from.
func (e *Editor) Base() *Result { return e.base }

// Camera returns the current values of camera id.
func (e *Editor) Camera(id string) (Camera, bool) {
	r, ok := e.current(id)
	if !ok {
		return Camera{}, false
	}
	return *e.camera(r), true
}

// Clone returns an editor in the same state, proposals and undo log included, that shares
// with e only what neither ever changes: the layers, the analysis, the footprint index and
// the key points', roads' and intersections' geometry. Editing either leaves the other as
// it was, so that one editor of a city, never edited, serves many plans and what-ifs at
// once; cloning costs a copy of the per-item counts, not an analysis.
func (e *Editor) Clone() *Editor {
	c := *e
	c.masked = slices.Clone(e.masked)
	c.over = maps.Clone(e.over)
	c.extras = slices.Clone(e.extras)
	c.xtree = rtree.RTreeG[int32]{}
	for i := range c.extras {
		if x := &c.extras[i]; x.alive {
			b := x.sector.Bound()
			c.xtree.Insert(b.Min, b.Max, int32(i))
		}
	}
	c.kpCount = slices.Clone(e.kpCount)
	c.siteHit = slices.Clone(e.siteHit)
	c.siteCov = slices.Clone(e.siteCov)
	// A segment's intervals are replaced, never changed in place (finish).
	c.segIvs = slices.Clone(e.segIvs)
	c.roadCov = slices.Clone(e.roadCov)
	c.classes = slices.Clone(e.classes)
	c.nodeCount = slices.Clone(e.nodeCount)
	c.hot = maps.Clone(e.hot)
	c.viol = maps.Clone(e.viol)
	c.violCount = maps.Clone(e.violCount)
	c.log = slices.Clone(e.log)
	return &c
}
