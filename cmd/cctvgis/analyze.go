package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"cctvgis/data"
	"cctvgis/data/embedded"
	"cctvgis/data/geojson"
	"cctvgis/data/layerfile"
	"cctvgis/data/osm"
	"cctvgis/data/rules"
	"cctvgis/geo"
	"cctvgis/internal/progress"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// layerFlag names one input layer and the flag that gives its file.
type layerFlag struct {
	layer, flag, help string
	required          bool
}

var layerFlags = []layerFlag{
	{coverage.LayerSites, "sites", "GeoJSON of the sites (Point/Polygon; id, category)", true},
	{coverage.LayerCameras, "cameras", "GeoJSON of the cameras (Point; id, azimuth, hfov, range, owner, investment)", true},
	{coverage.LayerEntrances, "entrances", "GeoJSON of the sites' key points (Point; site_id)", false},
	{coverage.LayerRoads, "roads", "GeoJSON of the roads (LineString; id, class)", false},
	{coverage.LayerOccluders, "occluders", "GeoJSON of buildings that block the view; turns on visibility", false},
	{coverage.LayerPrivateSpaces, "private-spaces", "GeoJSON of private spaces (Polygon; space)", false},
	{coverage.LayerDistricts, "districts", "GeoJSON of districts (Polygon; name)", false},
}

// analyzeInput is what the analyze and bench commands read: the rules and the layers.
type analyzeInput struct {
	lib      *rulebook.Library
	rules    *rulebook.EffectiveRules
	layers   *coverage.Layers
	rejected []coverage.Rejection
	crs      geo.CRS
}

// inputFlags are the flags shared by the commands that read a city's layers.
type inputFlags struct {
	db, district string
	rules        string
	on           dateFlag
	crs          crsFlag
	table        string
	mapping      mapFlag
	sheet        string
	skipInvalid  bool
	files        map[string]*string
	// osm is an OpenStreetMap file that gives every layer it holds, and osmMapping the
	// file of the mapping of its tags, "" for the default; osmStrict stops its read at the
	// first camera tag value it cannot read.
	osm, osmMapping string
	osmStrict       bool
	repair          *repairFlags
}

func addInputFlags(fs *flagSet, e *env) *inputFlags {
	in := &inputFlags{on: dateFlag{d: e.today()}, files: map[string]*string{}}
	fs.StringVar(&in.rules, "rules", "", "jurisdiction code of the rulebook (see cctvgis rules list)")
	fs.Var(&in.on, "on", "the day the rules apply to (YYYY-MM-DD, default today)")
	fs.Var(&in.crs, "crs", crsHelp)
	fs.StringVar(&in.table, "table", "", tableHelp+"; for every GeoPackage layer file")
	fs.Var(&in.mapping, "map", mapHelp+"; applies to each such layer file")
	fs.StringVar(&in.sheet, "sheet", "", sheetHelp+"; applies to each such layer file")
	fs.BoolVar(&in.skipInvalid, "skip-invalid", false, "list invalid features in report.json and go on instead of stopping")
	fs.StringVar(&in.db, "db", e.getenv("DATABASE_URL"), "read the layers from this store when no layer files are given: a PostGIS URL (postgres://… or libpq host=… dbname=…), or file:PATH for an existing embedded store (default $DATABASE_URL, else the embedded store "+data.DefaultEmbeddedPath+")")
	fs.StringVar(&in.district, "district", "", "with a store: analyse only this district (and the cameras within reach of it)")
	for _, lf := range layerFlags {
		in.files[lf.layer] = fs.String(lf.flag, "", lf.help)
	}
	fs.StringVar(&in.osm, "osm", "", "OpenStreetMap file (.osm or .osm.pbf) giving every layer it holds; layer files add to it, and --sites and --cameras are then optional")
	fs.StringVar(&in.osmMapping, "osm-mapping", "", osmMappingHelp+"; with --osm")
	fs.BoolVar(&in.osmStrict, "strict", false, osmStrictHelp+"; with --osm")
	in.repair = addRepairFlags(fs)
	return in
}

// load reads the rulebook and the layers, from the layer files when any is given, else
// from the store, reporting progress on errOut.
func (in *inputFlags) load(ctx context.Context, errOut io.Writer) (*analyzeInput, error) {
	if in.rules == "" {
		return nil, usagef("--rules is required (one of the codes of cctvgis rules list)")
	}
	if in.osmMapping != "" && in.osm == "" {
		return nil, usagef("--osm-mapping maps the tags of the OpenStreetMap file of --osm, which is missing")
	}
	if in.osmStrict && in.osm == "" {
		return nil, usagef("--strict is for the tag values of the OpenStreetMap file of --osm, which is missing")
	}
	crs := in.crs.crs
	lib, err := rules.Builtin()
	if err != nil {
		return nil, fmt.Errorf("loading rulebooks: %w", err)
	}
	rules, err := lib.Effective(in.rules, in.on.d)
	if err != nil {
		return nil, usageError{err}
	}
	for _, w := range rules.Warnings {
		fmt.Fprintln(errOut, "warning: "+w)
	}
	out := &analyzeInput{lib: lib, rules: rules, layers: &coverage.Layers{}, crs: crs}
	if in.mapping.m != nil && !in.anyFormat(layerfile.Format.Table) {
		return nil, usagef("--map maps the columns of table files (.csv, .shp, .gpkg, .xlsx), and no layer file is one")
	}
	if in.sheet != "" && !in.anyFormat(func(f layerfile.Format) bool { return f == layerfile.Excel }) {
		return nil, usagef("--sheet names a sheet of Excel workbooks (.xlsx), and no layer file is one")
	}
	if in.table != "" && !in.anyFormat(func(f layerfile.Format) bool { return f == layerfile.GeoPackage }) {
		return nil, usagef("--table names a table of a GeoPackage, and no layer file is one (.gpkg)")
	}
	if !in.anyFile() {
		if in.repair.on || in.repair.force {
			return nil, usagef("--repair mends the outlines of layer files; a store holds valid ones already")
		}
		return out, in.loadStore(ctx, out, errOut)
	}
	if in.district != "" {
		return nil, usagef("--district selects from a store; with layer files, give the district's files")
	}
	var rej []coverage.Rejection
	if in.osm != "" {
		if in.crs.set && crs != geo.WGS84 {
			return nil, usagef("OpenStreetMap data is WGS84; --crs %s does not apply to --osm", crs)
		}
		opt, err := osmOptions(in.osmMapping, in.osmStrict, lib.Taxonomy)
		if err != nil {
			return nil, err
		}
		stats, err := osm.ReadFile(ctx, in.osm, opt, out.layers)
		if err != nil {
			return nil, usageError{err}
		}
		for _, line := range stats.Lines() {
			fmt.Fprintln(errOut, line)
		}
	}
	for _, lf := range layerFlags {
		path := *in.files[lf.layer]
		if path == "" {
			if lf.required && in.osm == "" {
				return nil, usagef("--%s is required", lf.flag)
			}
			continue
		}
		opt := layerfile.Options{Layer: lf.layer, CRS: crs, CRSSet: in.crs.set}
		if f, err := layerfile.Detect(path); err == nil && f.Table() {
			opt.Map = in.mapping.m
			switch f {
			case layerfile.Excel:
				opt.Sheet = in.sheet
			case layerfile.GeoPackage:
				opt.Table = in.table
			}
		}
		rep, err := layerfile.Read(ctx, path, opt, out.layers)
		if err != nil {
			return nil, usageError{err}
		}
		if rep.Mapping != nil {
			printReadReport(errOut, rep)
		} else {
			for _, n := range rep.Notes {
				fmt.Fprintln(errOut, n)
			}
		}
		rej = append(rej, rep.Rejections...)
	}
	if err := in.repair.apply(errOut, out.layers); err != nil {
		return nil, err
	}
	rej = append(rej, out.layers.Check(lib.Taxonomy)...)
	if out.layers, out.rejected, err = screen(out.layers, rej, in.skipInvalid); err != nil {
		return nil, err
	}
	if err := reportTopology(errOut, out.layers); err != nil {
		return nil, err
	}
	if len(out.rejected) > 0 {
		fmt.Fprintf(errOut, "skipped %d invalid features (listed in report.json under \"rejected\")\n", len(out.rejected))
	}
	return out, nil
}

// anyFormat reports whether the format of some layer file satisfies is.
func (in *inputFlags) anyFormat(is func(layerfile.Format) bool) bool {
	for _, f := range in.files {
		if format, err := layerfile.Detect(*f); err == nil && is(format) {
			return true
		}
	}
	return false
}

func (in *inputFlags) anyFile() bool {
	if in.osm != "" {
		return true
	}
	for _, f := range in.files {
		if *f != "" {
			return true
		}
	}
	return false
}

// loadStore reads the layers from the store named by --db.
func (in *inputFlags) loadStore(ctx context.Context, out *analyzeInput, errOut io.Writer) error {
	store, name, err := data.OpenStore(ctx, in.db, out.lib.Taxonomy, data.ReadOnly)
	if err != nil {
		return storeError(err)
	}
	defer func() { _ = store.Close() }()
	fmt.Fprintf(errOut, "reading the layers from the %s\n", name)
	meter := progress.New(errOut, "rows", 0)
	err = store.ReadLayers(progress.NewContext(ctx, meter), coverage.LayerQuery{District: in.district}, out.layers)
	meter.Finish()
	if errors.Is(err, coverage.ErrNotFound) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if rej := out.layers.Check(out.lib.Taxonomy); len(rej) > 0 {
		return fmt.Errorf("the stored layers break the input contract: %w", rej[0])
	}
	return nil
}

// storeError makes a store the user named wrongly (an unrecognised form, a missing
// embedded store) a usage error.
func storeError(err error) error {
	if errors.Is(err, data.ErrStoreURL) || errors.Is(err, embedded.ErrNoStore) {
		return usageError{err}
	}
	return err
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("analyze", e.errOut)
	in := addInputFlags(fs, e)
	outDir := fs.String("out", "", "folder to write report.json and the result GeoJSON files into")
	grid := fs.Float64("grid", 50, fmt.Sprintf("hotspot grid cell size in metres (at least %d; a run may test at most %d camera-cell pairs)", coverage.MinGridSize, coverage.MaxCellTests))
	noOccluders := fs.Bool("no-occluders", false, "ignore buildings: footprints are whole sectors even where buildings block the view")
	minOwners := fs.Int("min-owners", 2, "redundancy threshold: owners covering a cell to make it a hotspot cell (≥ 2)")
	unknownRange := fs.Float64("unknown-direction-range", 10, "radius in metres of the disc a camera of unknown direction counts as seeing (> 0)")
	extent := fs.Float64("hotspot-extent", 0, fmt.Sprintf("the most a hotspot spans east-west and north-south, in metres, at least one cell (default %d, or one cell when --grid is coarser)", coverage.DefaultHotspotExtent))
	unknown := fs.String("unknown-owners", string(coverage.UnknownNone), "how cameras of unknown owner (empty, unknown, 未知, …) count towards hotspots: none, one (all one owner) or each (each its own)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run, from reading to written results, to this file")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("analyze", pos); err != nil {
		return err
	}
	if *outDir == "" {
		return usagef("--out is required")
	}
	if !(*grid >= coverage.MinGridSize) || *minOwners < 2 {
		return usagef("--grid must be at least %d m and --min-owners at least 2", coverage.MinGridSize)
	}
	if !(*unknownRange > 0) || *unknownRange > coverage.MaxRange {
		return usagef("--unknown-direction-range must be above 0 and at most %d m", coverage.MaxRange)
	}
	unknownOwners, err := coverage.ParseUnknownOwners(*unknown)
	if err != nil {
		return usageError{err}
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	start := e.now()
	input, err := in.load(ctx, e.errOut)
	if err != nil {
		return err
	}
	// Buildings block the view whenever the input has them, from files or the store, so
	// that both give the same results.
	opt := coverage.Options{GridSize: *grid, MinOwners: *minOwners, HotspotExtent: *extent, UnknownOwners: unknownOwners,
		UseOccluders: !*noOccluders && len(input.layers.Occluders) > 0, UnknownDirectionRange: *unknownRange}
	return analyzeAndWrite(ctx, e, input, opt, *outDir, start)
}

// analyzeAndWrite runs the analysis with progress on e.errOut, writes the results into
// outDir and prints the summary on e.out.
func analyzeAndWrite(ctx context.Context, e *env, input *analyzeInput, opt coverage.Options, outDir string, start time.Time) error {
	l := input.layers
	fmt.Fprintf(e.errOut, "loaded %d sites, %d entrances, %d cameras, %d roads in %.2f s\n",
		len(l.Sites), len(l.Entrances), len(l.Cameras), len(l.Roads), e.since(start).Seconds())
	// Each phase is reported when it ends, with how long it took.
	var phase coverage.Phase
	began := e.now()
	done := func() {
		if phase != "" {
			fmt.Fprintf(e.errOut, "  %-10s %.2f s\n", phase, e.since(began).Seconds())
		}
	}
	opt.OnPhase = func(next coverage.Phase) {
		done()
		phase, began = next, e.now()
	}
	res, err := coverage.Analyze(ctx, l, input.rules, input.lib.Taxonomy, opt)
	done()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("analysis interrupted: %w", err)
		}
		if errors.Is(err, coverage.ErrOptions) || errors.Is(err, coverage.ErrTooMuchWork) || errors.Is(err, coverage.ErrGridTooFine) {
			return usageError{err}
		}
		return err
	}
	writing := e.now()
	rep := geojson.NewReport(l, res, input.rejected, input.crs.String(), input.lib.Taxonomy)
	if err := geojson.WriteResults(ctx, outDir, l, res, rep); err != nil {
		return err
	}
	fmt.Fprintf(e.errOut, "  %-10s %.2f s\nwrote %s (%.2f s in all)\n", "writing", e.since(writing).Seconds(), outDir, e.since(start).Seconds())
	printSummary(e.out, rep)
	return nil
}

// printSummary writes the short readable summary of an analysis.
func printSummary(w io.Writer, rep *geojson.Report) {
	s := rep.Summary
	r := rep.Rulebook
	force := "in force"
	if !r.InForce {
		force = "NOT in force"
	}
	fmt.Fprintf(w, "Rules: %s %s (%s), %s on %s\n", r.Code, r.NameZh, r.DocumentNo, force, r.On)
	pct := func(n, d int) string {
		if d == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
	}
	m := s.MandatorySites
	fmt.Fprintf(w, "Mandatory sites: %d — covered %d (%s), partial %d, uncovered %d\n", m.Total, m.Covered, pct(m.Covered, m.Total), m.Partial, m.Uncovered)
	fmt.Fprintf(w, "All sites: %d — covered %d, partial %d, uncovered %d\n", s.Sites.Total, s.Sites.Covered, s.Sites.Partial, s.Sites.Uncovered)
	for _, rc := range rep.RoadClasses {
		if !rc.Mandatory {
			continue
		}
		fmt.Fprintf(w, "Road %s %s: %.2f of %.2f km watched (%.1f%%), intersections %d/%d\n", rc.Class, rc.NameZh,
			rc.CoveredM/1000, rc.LengthM/1000, 100*rc.Share, rc.IntersectionsCovered, rc.Intersections)
	}
	fmt.Fprintf(w, "Duplicate-build hotspots: %d, %.2f ha, each at most %g m across\n", s.Hotspots, s.HotspotAreaHa, rep.Options.HotspotExtentM)
	if s.UnknownOwnerCameras > 0 {
		fmt.Fprintf(w, "Cameras of unknown owner: %d, counted for hotspots as %s\n", s.UnknownOwnerCameras, rep.Options.UnknownOwners)
	}
	rules := make([]string, 0, len(s.Violations))
	for rule := range s.Violations {
		rules = append(rules, rule)
	}
	slices.Sort(rules)
	var parts []string
	for _, rule := range rules {
		parts = append(parts, fmt.Sprintf("%s %d", rule, s.Violations[rule]))
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	fmt.Fprintf(w, "Violations: %s\n", strings.Join(parts, ", "))
	if v := s.ToVerify; v != (views.VerifyCounts{}) {
		fmt.Fprintf(w, "Cameras to verify: %d of unknown direction (counted as a %g m disc), %d of unknown investment (%d in a government-only zone, not counted as unauthorized_builder)\n",
			v.UnknownDirection, rep.Options.UnknownDirectionM, v.UnknownInvestment, v.UnknownInvestmentInZone)
	}
	if len(rep.Rejected) > 0 {
		fmt.Fprintf(w, "Rejected features: %d (see report.json)\n", len(rep.Rejected))
	}
}
