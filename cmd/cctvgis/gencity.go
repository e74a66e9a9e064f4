package main

import (
	"context"
	"fmt"
	"slices"

	"cctvgis/data/geojson"
	"cctvgis/data/samplecity"
)

func runGenCity(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("gen-city", e.errOut)
	seed := fs.Uint64("seed", 1, "seed; the same seed gives the same city")
	cameras := fs.Int("cameras", 5000, "number of cameras")
	sites := fs.Int("sites", 2000, "number of sites (two entrances each)")
	occluders := fs.Bool("occluders", false, "also write building footprints (occluders.geojson)")
	density := fs.Float64("density", 1, densityHelp)
	outDir := fs.String("out", "", "folder to write the layers into")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("gen-city", pos); err != nil {
		return err
	}
	if *outDir == "" {
		return usagef("--out is required")
	}
	if *cameras < 0 || *sites < 0 {
		return usagef("--cameras and --sites must not be negative")
	}
	if err := checkDensity(*density); err != nil {
		return err
	}
	city, err := samplecity.Generate(ctx, samplecity.Options{Seed: *seed, Cameras: *cameras, Sites: *sites, Occluders: *occluders, Density: *density})
	if err != nil {
		return err
	}
	paths, err := geojson.WriteLayers(ctx, *outDir, city)
	if err != nil {
		return err
	}
	layers := make([]string, 0, len(paths))
	for layer := range paths {
		layers = append(layers, layer)
	}
	slices.Sort(layers)
	for _, layer := range layers {
		fmt.Fprintln(e.out, paths[layer])
	}
	return nil
}

// densityHelp describes the --density flag of gen-city and bench.
const densityHelp = "site and camera density over Yangzhou's (1); 6 makes a 250,000-camera city with up to ~70 cameras seeing one entrance in its centre"

// maxDensity bounds --density: at 100 a Yangzhou-sized registry fits in 2.6 km × 2.6 km.
const maxDensity = 100

// checkDensity refuses a --density that is not a number in (0, maxDensity].
func checkDensity(d float64) error {
	if !(d > 0 && d <= maxDensity) {
		return usagef("--density must be more than 0 and at most %d", maxDensity)
	}
	return nil
}
