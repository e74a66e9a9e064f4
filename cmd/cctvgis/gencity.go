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
	city, err := samplecity.Generate(ctx, samplecity.Options{Seed: *seed, Cameras: *cameras, Sites: *sites, Occluders: *occluders})
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
