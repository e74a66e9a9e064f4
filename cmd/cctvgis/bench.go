package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"text/tabwriter"
	"time"

	"cctvgis/data/geojson"
	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "api" {
		return runBenchAPI(ctx, e, args[1:])
	}
	fs := newFlagSet("bench", e.errOut)
	cameras := fs.Int("cameras", 250000, "cameras in the generated city")
	sites := fs.Int("sites", 100000, "sites in the generated city (two entrances each)")
	seed := fs.Uint64("seed", 1, "seed of the generated city")
	code := fs.String("rules", "yangzhou", "jurisdiction code of the rulebook")
	runs := fs.Int("runs", 3, "analysis runs; the table shows the median")
	occluders := fs.Bool("occluders", false, "generate buildings and analyse with visibility")
	density := fs.Float64("density", 1, densityHelp)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the analysis runs to this file")
	db := fs.String("db", "", "also import the city into this PostGIS database and time the engine against SQL on it")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("bench", pos); err != nil {
		return err
	}
	if *cameras < 0 || *sites < 0 || *runs < 1 {
		return usagef("--cameras and --sites must not be negative and --runs at least 1")
	}
	if err := checkDensity(*density); err != nil {
		return err
	}
	lib, err := rules.Builtin()
	if err != nil {
		return fmt.Errorf("loading rulebooks: %w", err)
	}
	rules, err := lib.Effective(*code, e.today())
	if err != nil {
		return usageError{err}
	}

	dir, err := os.MkdirTemp("", "cctvgis-bench-")
	if err != nil {
		return fmt.Errorf("making a scratch folder: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	paths, genTime, err := writeCity(ctx, e, dir, samplecity.Options{Seed: *seed, Cameras: *cameras, Sites: *sites, Occluders: *occluders, Density: *density})
	if err != nil {
		return err
	}
	runtime.GC()
	t0 := e.now()

	// Parsing, measured separately from the analysis.
	layers := &coverage.Layers{}
	var size int64
	for _, lf := range layerFlags {
		path, ok := paths[lf.layer]
		if !ok {
			continue
		}
		if st, err := os.Stat(path); err == nil {
			size += st.Size()
		}
		if _, err := geojson.ReadLayerFile(ctx, geojson.Input{Layer: lf.layer, File: path}, layers); err != nil {
			return err
		}
	}
	parseTime := e.since(t0)
	if rej := layers.Check(lib.Taxonomy); len(rej) > 0 {
		return fmt.Errorf("generated city rejected: %w", rej[0])
	}
	runtime.GC()
	base := heapBytes()

	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	phaseTimes := map[coverage.Phase][]time.Duration{}
	phasePeaks := map[coverage.Phase]uint64{}
	var totals []time.Duration
	var res *coverage.Result
	for range *runs {
		runtime.GC()
		rec := newPhaseRecorder(e.now)
		opt := coverage.Options{UseOccluders: *occluders, OnPhase: rec.begin}
		start := e.now()
		res, err = coverage.Analyze(ctx, layers, rules, lib.Taxonomy, opt)
		rec.begin("")
		totals = append(totals, e.since(start))
		if err != nil {
			return err
		}
		for phase, d := range rec.times {
			phaseTimes[phase] = append(phaseTimes[phase], d)
			phasePeaks[phase] = max(phasePeaks[phase], rec.peaks[phase])
		}
	}

	fmt.Fprintf(e.out, "city: seed %d, density %g, %d cameras, %d sites, %d entrances, %d roads, %d occluders; rules %s; %d CPU, GOMAXPROCS %d\n",
		*seed, *density, len(layers.Cameras), len(layers.Sites), len(layers.Entrances), len(layers.Roads), len(layers.Occluders), *code, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(e.out, "generate %.2fs; parse %.2fs for %.1f MB (%.0f MB/s); heap with layers loaded %s\n\n",
		genTime.Seconds(), parseTime.Seconds(), float64(size)/1e6, float64(size)/1e6/parseTime.Seconds(), mib(base))
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "phase\tmedian ms\tpeak heap\t\n")
	fmt.Fprintf(tw, "load (parse)\t%.0f\t\t\n", ms(parseTime))
	var peak uint64
	for _, phase := range coverage.Phases() {
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t\n", phase, ms(median(phaseTimes[phase])), mib(phasePeaks[phase]))
		peak = max(peak, phasePeaks[phase])
	}
	fmt.Fprintf(tw, "analysis total\t%.0f\t%s\t\n", ms(median(totals)), mib(peak))
	if err := tw.Flush(); err != nil {
		return err
	}
	s := res.Summary
	fmt.Fprintf(e.out, "\nresult: %d/%d mandatory sites covered, %d hotspots, %d violations\n",
		s.MandatorySites.Covered, s.MandatorySites.Total, s.Hotspots, len(res.Violations))
	if err := benchWrite(ctx, e, filepath.Join(dir, "result"), layers, res, lib.Taxonomy); err != nil {
		return err
	}
	if *db != "" {
		return benchDB(ctx, e, *db, lib, rules, layers)
	}
	return nil
}

// benchWrite times writing the result files into dir, as analyze writes them, synced.
func benchWrite(ctx context.Context, e *env, dir string, l *coverage.Layers, res *coverage.Result, t *rulebook.Taxonomy) error {
	runtime.GC()
	start := e.now()
	if err := geojson.WriteResults(ctx, dir, l, res, geojson.NewReport(l, res, nil, geo.WGS84.String(), t)); err != nil {
		return err
	}
	took := e.since(start)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	var size int64
	for _, entry := range entries {
		if info, err := entry.Info(); err == nil {
			size += info.Size()
		}
	}
	fmt.Fprintf(e.out, "write results %.2fs for %.1f MB (%.0f MB/s)\n", took.Seconds(), float64(size)/1e6, float64(size)/1e6/took.Seconds())
	return nil
}

// writeCity generates a city into dir and returns the files and the generation time; the
// city itself is dropped, so that parsing starts from files as a real run does.
func writeCity(ctx context.Context, e *env, dir string, opt samplecity.Options) (map[string]string, time.Duration, error) {
	start := e.now()
	city, err := samplecity.Generate(ctx, opt)
	if err != nil {
		return nil, 0, err
	}
	took := e.since(start)
	paths, err := geojson.WriteLayers(ctx, dir, city)
	return paths, took, err
}

// phaseRecorder times the phases of one analysis and samples the heap's peak during each.
// One sampler runs at a time; begin waits for it before reading or starting another.
type phaseRecorder struct {
	now     func() time.Time
	current coverage.Phase
	started time.Time
	times   map[coverage.Phase]time.Duration
	peaks   map[coverage.Phase]uint64
	stop    chan struct{}
	done    chan struct{}
}

func newPhaseRecorder(now func() time.Time) *phaseRecorder {
	return &phaseRecorder{now: now, times: map[coverage.Phase]time.Duration{}, peaks: map[coverage.Phase]uint64{}}
}

// begin ends the current phase and starts the given one; "" ends the last.
func (r *phaseRecorder) begin(phase coverage.Phase) {
	if r.stop != nil {
		close(r.stop)
		<-r.done
		r.times[r.current] = r.now().Sub(r.started)
		r.stop = nil
	}
	if phase == "" {
		return
	}
	r.current, r.started = phase, r.now()
	r.stop, r.done = make(chan struct{}), make(chan struct{})
	go r.sample(phase, r.stop, r.done)
}

// sample records the heap's high-water mark every 2 ms until stopped.
func (r *phaseRecorder) sample(phase coverage.Phase, stop, done chan struct{}) {
	defer close(done)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		r.peaks[phase] = max(r.peaks[phase], heapBytes())
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}

// heapBytes is the memory occupied by live and not yet swept heap objects.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// startCPUProfile starts a CPU profile written to path, when path is not empty, and
// returns what stops it.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, usageError{err}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("starting the CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}
