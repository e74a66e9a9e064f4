package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cctvgis/data"
	"cctvgis/data/layerfile"
	"cctvgis/data/osm"
	"cctvgis/data/rules"
	"cctvgis/internal/progress"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("import", e.errOut)
	db := fs.String("db", e.getenv("DATABASE_URL"), "the store to write into: a PostGIS URL (postgres://… or libpq host=… dbname=…), or file:PATH for the embedded store, created when missing (default $DATABASE_URL, else the embedded store "+data.DefaultEmbeddedPath+")")
	layer := fs.String("layer", "", "layer to import: "+strings.Join(coverage.LayerNames(), ", ")+", or all (OpenStreetMap only)")
	from := fs.String("from", "", "file to import: .geojson/.json, .csv, .osm, .osm.pbf, a shapefile (.shp, or a .zip of one), .gpkg, .xlsx")
	var crs crsFlag
	fs.Var(&crs, "crs", crsHelp)
	table := fs.String("table", "", tableHelp)
	var mapping mapFlag
	fs.Var(&mapping, "map", mapHelp)
	sheet := fs.String("sheet", "", sheetHelp)
	skipInvalid := fs.Bool("skip-invalid", false, "import the valid features and list the others instead of stopping")
	mappingFile := fs.String("osm-mapping", "", osmMappingHelp)
	strict := fs.Bool("strict", false, osmStrictHelp)
	repair := addRepairFlags(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("import", pos); err != nil {
		return err
	}
	if *from == "" || *layer == "" {
		return usagef("import: --layer and --from are required")
	}
	if *layer != "all" && !slices.Contains(coverage.LayerNames(), *layer) {
		return usagef("import: unknown layer %q (want %s or all)", *layer, strings.Join(coverage.LayerNames(), ", "))
	}
	lib, err := rules.Builtin()
	if err != nil {
		return fmt.Errorf("loading rulebooks: %w", err)
	}
	opt, err := osmOptions(*mappingFile, *strict, lib.Taxonomy)
	if err != nil {
		return err
	}
	start := e.now()
	l := &coverage.Layers{}
	rep, err := layerfile.Read(ctx, *from, layerfile.Options{Layer: *layer, CRS: crs.crs, CRSSet: crs.set, Map: mapping.m, Sheet: *sheet, Table: *table, OSM: opt}, l)
	if err != nil {
		return usageError{err}
	}
	fmt.Fprintf(e.errOut, "read %s in %.2f s\n", *from, e.since(start).Seconds())
	printReadReport(e.errOut, rep)
	rej := rep.Rejections
	l.AssignIDs()
	if err := repair.apply(e.errOut, l); err != nil {
		return err
	}
	store, name, err := data.OpenStore(ctx, *db, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		return storeError(err)
	}
	defer func() { _ = store.Close() }()
	if err := printRegistryCheck(ctx, e.errOut, l, rep.Districts, store); err != nil {
		return err
	}
	// Features that break the contract are found before anything is written.
	rej = l.CheckImport(lib.Taxonomy, rej)
	if l, rej, err = screen(l, rej, *skipInvalid); err != nil {
		return err
	}
	if err := reportTopology(e.errOut, l); err != nil {
		return err
	}
	if len(rej) > 0 {
		for _, r := range rej[:min(len(rej), 20)] {
			fmt.Fprintf(e.errOut, "skipped: %v\n", r)
		}
		if len(rej) > 20 {
			fmt.Fprintf(e.errOut, "skipped %d more\n", len(rej)-20)
		}
	}
	start = e.now()
	total := 0
	for _, d := range coverage.Descs() {
		total += d.Len(l)
	}
	meter := progress.New(e.errOut, "rows", int64(total))
	counts, err := store.PutLayers(progress.NewContext(ctx, meter), l)
	meter.Finish()
	if errors.Is(err, rulebook.ErrInvalid) {
		return usageError{err}
	}
	if err != nil {
		return fmt.Errorf("importing %s: %w", *from, err)
	}
	fmt.Fprintf(e.errOut, "wrote to the %s in one transaction in %.2f s\n", name, e.since(start).Seconds())
	written := 0
	for _, layer := range coverage.LayerNames() {
		if n := counts[layer]; n > 0 {
			fmt.Fprintf(e.out, "%s: %d\n", layer, n)
			written += n
		}
	}
	if written == 0 {
		fmt.Fprintln(e.out, "nothing to import")
	}
	if len(rej) > 0 {
		fmt.Fprintf(e.out, "skipped: %d invalid features\n", len(rej))
	}
	return nil
}

// tableHelp is the help of --table, the same for import and analyze.
const tableHelp = "the table of a GeoPackage (.gpkg) to read, when it holds several"

// osmMappingHelp is the help of --osm-mapping, the same for import and analyze.
const osmMappingHelp = "YAML file mapping OpenStreetMap tags to categories, road classes and private spaces, which replaces the default mapping whole (rules categories prints the default)"

// osmStrictHelp is the help of --strict, the same for import and analyze.
const osmStrictHelp = "stop at the first OpenStreetMap camera tag value that cannot be read (a direction, height, camera:count or surveillance:type), naming the node, the tag and the value, instead of skipping and counting it"

// osmOptions are the OpenStreetMap reader's options with the mapping of the file at path,
// checked against tax, and strict; with the default mapping when path is "".
func osmOptions(path string, strict bool, tax *rulebook.Taxonomy) (osm.Options, error) {
	if path == "" {
		return osm.Options{Strict: strict}, nil
	}
	m, err := osm.ReadMappingFile(path, tax)
	if err != nil {
		return osm.Options{}, usageError{err}
	}
	return osm.Options{Mapping: m, Strict: strict}, nil
}
