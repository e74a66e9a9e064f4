package coverage

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/planner/rulebook"
)

// Options tune an analysis run. The zero value gives the documented defaults.
type Options struct {
	// GridSize is the side of a hotspot grid cell in metres (default 50, at least
	// MinGridSize).
	GridSize float64
	// MinOwners is the redundancy threshold: a cell is a duplicate-build cell when cameras
	// of at least this many different owners cover its centre (default 2, at least 2).
	MinOwners int
	// HotspotExtent is the most a hotspot spans east-west and north-south, in metres
	// (default DefaultHotspotExtent, or one cell when the grid is coarser; at least
	// GridSize). See Hotspot for how duplicate-build cells are cut into hotspots.
	HotspotExtent float64
	// UnknownOwners says how cameras of unknown owner count towards a cell's owners
	// (default UnknownNone).
	UnknownOwners UnknownOwners
	// UseOccluders makes footprints the visible part of each sector (an isovist), using
	// the occluder layer. It costs a segment test against nearby building edges for every
	// candidate camera of every point tested.
	UseOccluders bool
	// RoadZoneWidth is how far from a road's centreline, in metres, a camera stands "on"
	// that road for government-only zones (default 15).
	RoadZoneWidth float64
	// PointZoneRadius is the radius in metres of a government-only zone given as a point
	// site, such as an intersection (default 30).
	PointZoneRadius float64
	// UnknownDirectionRange is the radius in metres of the disc a camera of unknown
	// direction (DirectionUnknown) is counted as seeing, at most its own range (default
	// 10): it surely sees little more than what is beside it, so it covers a key point or
	// road only that close, and it is reported "to verify".
	UnknownDirectionRange float64
	// Workers is how many goroutines share the work (default GOMAXPROCS).
	Workers int
	// OnPhase, when set, is called as each phase of the analysis begins (see Phases).
	OnPhase func(Phase)
}

// Phase is one step of an analysis run, named for progress reports and timings. It is
// not a stage of plan approval (StageDraft, …), which belongs to the rulebooks.
type Phase string

// The phases of an analysis, in the order they run.
const (
	PhaseIndex      Phase = "index"
	PhaseSites      Phase = "sites"
	PhaseRoads      Phase = "roads"
	PhaseHotspots   Phase = "hotspots"
	PhaseViolations Phase = "violations"
	PhaseSummary    Phase = "summary"
)

// Phases returns the phases of an analysis in the order they run.
func Phases() []Phase {
	return []Phase{PhaseIndex, PhaseSites, PhaseRoads, PhaseHotspots, PhaseViolations, PhaseSummary}
}

func (o Options) withDefaults() Options {
	if o.GridSize <= 0 {
		o.GridSize = 50
	}
	if o.MinOwners < 2 {
		o.MinOwners = 2
	}
	if o.HotspotExtent <= 0 {
		o.HotspotExtent = max(DefaultHotspotExtent, o.GridSize)
	}
	if o.UnknownOwners == "" {
		o.UnknownOwners = UnknownNone
	}
	if o.RoadZoneWidth <= 0 {
		o.RoadZoneWidth = 15
	}
	if o.PointZoneRadius <= 0 {
		o.PointZoneRadius = 30
	}
	if o.UnknownDirectionRange <= 0 {
		o.UnknownDirectionRange = 10
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.OnPhase == nil {
		o.OnPhase = func(Phase) {}
	}
	return o
}

// Result is everything an analysis found. Geometry is WGS84 longitude/latitude.
type Result struct {
	// Layers are the layers analysed.
	Layers      *Layers
	Rules       *rulebook.EffectiveRules
	Options     Options
	Sites       []SiteResult
	Roads       []RoadResult
	RoadClasses []RoadClassResult
	Hotspots    []Hotspot
	Violations  []Violation
	// ToVerify are the cameras the analysis could not judge, in camera order.
	ToVerify []Verification
	// Redundancy are the duplicate-build cells with their owners, row by row: every cell
	// of every hotspot, each once.
	Redundancy []RedundantCell
	Summary    Summary

	// proj and grid are the run's projection and hotspot grid, to turn results back into
	// WGS84 geometry for output.
	proj *geo.Projection
	grid geo.Grid
	// cameraDistrict is the index in Layers.Districts of the district each camera stands
	// in, -1 for none (see CameraDistrict).
	cameraDistrict []int32
}

// CameraDistrict is the district camera i stands in, as DistrictLocator finds it: ""
// outside every district.
func (r *Result) CameraDistrict(i int) string {
	if k := r.cameraDistrict[i]; k >= 0 {
		return r.Layers.Districts[k].Name
	}
	return ""
}

// ErrNoRules is returned when an analysis is asked to run without a rule set.
var ErrNoRules = errors.New("planner: analysis needs the effective rules")

// Analyze applies the effective rules to the layers: site coverage, road coverage,
// duplicate-build hotspots, violations and summaries. The layers must have passed
// Layers.Check. It does no I/O and stops early when ctx is cancelled. Options it cannot run
// with wrap ErrOptions; a run that would exceed MaxCellTests is refused with ErrTooMuchWork
// before its costly phases.
func Analyze(ctx context.Context, l *Layers, rules *rulebook.EffectiveRules, t *rulebook.Taxonomy, opt Options) (*Result, error) {
	res, _, err := analyze(ctx, l, rules, t, opt)
	return res, err
}

// analyze is Analyze that also returns the footprint index it built, which a plan Editor
// keeps to recompute what an edit reaches.
func analyze(ctx context.Context, l *Layers, rules *rulebook.EffectiveRules, t *rulebook.Taxonomy, opt Options) (*Result, *footprints, error) {
	if rules == nil {
		return nil, nil, ErrNoRules
	}
	opt = opt.withDefaults()
	if err := opt.check(); err != nil {
		return nil, nil, err
	}
	res := &Result{Layers: l, Rules: rules, Options: opt}

	opt.OnPhase(PhaseIndex)
	proj := geo.NewProjection(projectionCentre(l))
	var occ *geo.Occluders
	if opt.UseOccluders && len(l.Occluders) > 0 {
		occ = geo.NewOccluders(projectPolygons(proj, occluderGeometries(l.Occluders)))
	}
	res.proj, res.grid = proj, geo.Grid{Size: opt.GridSize}
	fp, err := newFootprints(ctx, proj, l.Cameras, occ, opt)
	if err != nil {
		return nil, nil, err
	}
	if n := fp.cellTests(res.grid); n > MaxCellTests {
		return nil, nil, fmt.Errorf("%w: %.3g camera-cell pairs on a %g m grid, at most %d; use a coarser grid",
			ErrTooMuchWork, n, opt.GridSize, MaxCellTests)
	}

	opt.OnPhase(PhaseSites)
	if res.Sites, err = analyzeSites(ctx, fp, l, rules, opt); err != nil {
		return nil, nil, fmt.Errorf("analysing sites: %w", err)
	}

	opt.OnPhase(PhaseRoads)
	if res.Roads, res.RoadClasses, err = analyzeRoads(ctx, fp, l.Roads, rules, t, opt); err != nil {
		return nil, nil, fmt.Errorf("analysing roads: %w", err)
	}

	opt.OnPhase(PhaseHotspots)
	if res.Hotspots, res.Redundancy, err = findHotspots(ctx, fp, l.Cameras, opt); err != nil {
		return nil, nil, fmt.Errorf("finding hotspots: %w", err)
	}

	opt.OnPhase(PhaseViolations)
	if res.Violations, res.ToVerify, err = findViolations(ctx, fp, l, res.Sites, rules, opt); err != nil {
		return nil, nil, fmt.Errorf("finding violations: %w", err)
	}

	opt.OnPhase(PhaseSummary)
	if res.Summary, err = summarize(ctx, l, res, opt.Workers); err != nil {
		return nil, nil, fmt.Errorf("summarising: %w", err)
	}
	return res, fp, nil
}

// balanced runs fn over [0, n) in blocks of about block items that workers take in turn
// as they finish the last, so that uneven work (key points in a dense centre and in the
// suburbs) keeps every worker busy to the end. fn may be called many times per worker; it
// must not rely on which worker runs it.
func balanced(ctx context.Context, n, workers, block int, fn func(lo, hi int)) error {
	var next atomic.Int64
	return parallel(ctx, min(n, workers), workers, func(_, _, _ int) {
		for ctx.Err() == nil {
			lo := int(next.Add(int64(block))) - block
			if lo >= n {
				return
			}
			fn(lo, min(lo+block, n))
		}
	})
}

// parallel runs fn over [0, n) in contiguous chunks, one per worker (numbered from 0,
// fewer than workers when n is small), and returns ctx's error if it was cancelled. fn
// checks ctx itself in long loops.
func parallel(ctx context.Context, n, workers int, fn func(worker, lo, hi int)) error {
	workers = max(1, min(workers, n))
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for w, lo := 0, 0; lo < n; w, lo = w+1, lo+chunk {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(w, lo, min(lo+chunk, n))
		}()
	}
	wg.Wait()
	return ctx.Err()
}

func occluderGeometries(occ []Occluder) []orb.Geometry {
	gs := make([]orb.Geometry, len(occ))
	for i, o := range occ {
		gs[i] = o.Geometry
	}
	return gs
}

// projectPolygons projects polygons and multipolygons into a flat list of polygons.
func projectPolygons(proj *geo.Projection, gs []orb.Geometry) []orb.Polygon {
	var out []orb.Polygon
	for _, g := range gs {
		switch p := proj.ForwardGeometry(g).(type) {
		case orb.Polygon:
			out = append(out, p)
		case orb.MultiPolygon:
			out = append(out, p...)
		}
	}
	return out
}
