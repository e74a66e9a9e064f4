package main

import (
	"context"
	"fmt"
	"path/filepath"

	"cctvgis/data"
	"cctvgis/data/embedded"
	"cctvgis/data/geojson"
	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/planner"
)

// runDemo generates a sample city, stores it in the embedded store, analyses it under a
// jurisdiction's rules and writes the layers and the results, so a fresh machine sees the
// product work end to end.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("demo", e.errOut)
	code := fs.String("rules", "nanchang", "jurisdiction code of the rulebook")
	outDir := fs.String("out", "cctvgis-demo", "folder to write the city and the results into")
	seed := fs.Uint64("seed", 1, "seed of the sample city")
	on := &dateFlag{d: e.today()}
	fs.Var(on, "on", "the day the rules apply to (YYYY-MM-DD, default today)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("demo", pos); err != nil {
		return err
	}
	start := e.now()
	lib, err := rules.Builtin()
	if err != nil {
		return fmt.Errorf("loading rulebooks: %w", err)
	}
	rules, err := lib.Effective(*code, on.d)
	if err != nil {
		return usageError{err}
	}
	for _, w := range rules.Warnings {
		fmt.Fprintln(e.errOut, "warning: "+w)
	}
	city, err := samplecity.Generate(ctx, samplecity.Options{Seed: *seed, Cameras: 20000, Sites: 8000, Occluders: true})
	if err != nil {
		return err
	}
	city.AssignIDs()
	inputDir, resultDir := filepath.Join(*outDir, "input"), filepath.Join(*outDir, "result")
	if _, err := geojson.WriteLayers(ctx, inputDir, city); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Sample city (seed %d) written to %s\n", *seed, inputDir)

	// The city goes into the embedded store, the zero-install default, and is analysed
	// from there as a planner's city would be.
	dbPath := filepath.Join(*outDir, data.DefaultEmbeddedPath)
	store, err := embedded.Open(dbPath, lib.Taxonomy)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()
	if _, err := store.PutLayers(ctx, city); err != nil {
		return fmt.Errorf("storing the sample city: %w", err)
	}
	layers := &planner.Layers{}
	if err := store.ReadLayers(ctx, planner.LayerQuery{}, layers); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Stored in the embedded store %s\n", dbPath)
	input := &analyzeInput{lib: lib, rules: rules, layers: layers}
	if err := analyzeAndWrite(ctx, e, input, planner.Options{UseOccluders: true}, resultDir, start); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Results (report.json, sites/roads/hotspots/violations.geojson) in %s\n", resultDir)
	fmt.Fprintf(e.out, "Again from the store: cctvgis analyze --db file:%s --rules %s --out DIR\n", dbPath, *code)
	return nil
}
