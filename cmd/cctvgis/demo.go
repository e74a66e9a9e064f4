package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"

	"cctvgis/auth"
	"cctvgis/data"
	"cctvgis/data/embedded"
	"cctvgis/data/geojson"
	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/planner/coverage"
)

// runDemo generates a sample city, stores it in the embedded store, analyses it under a
// jurisdiction's rules and writes the layers and the results, so a fresh machine sees the
// product work end to end. Then, unless --no-serve, it creates the demo accounts, prints
// their passwords and serves the city as serve does until ctx ends (SIGINT or SIGTERM).
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("demo", e.errOut)
	code := fs.String("rules", "yangzhou", "jurisdiction code of the rulebook (the sample city lies in Yangzhou)")
	outDir := fs.String("out", "cctvgis-demo", "folder to write the city and the results into: a new or empty folder, or one an earlier demo wrote, which is emptied first")
	seed := fs.Uint64("seed", 1, "seed of the sample city")
	on := &dateFlag{d: e.today()}
	fs.Var(on, "on", "the day the rules apply to (YYYY-MM-DD, default today)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to serve the demo on")
	noServe := fs.Bool("no-serve", false, "write the results and exit: create no accounts, serve nothing")
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
	if err := prepareDemoDir(*outDir); err != nil {
		return err
	}
	inputDir, resultDir := filepath.Join(*outDir, "input"), filepath.Join(*outDir, "result")
	paths, err := geojson.WriteLayers(ctx, inputDir, city)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Sample city (seed %d) written to %s\n", *seed, inputDir)
	// The files round coordinates to 7 decimals (about 1 cm). The store gets the city as
	// the files hold it, so that analysing the files gives what the demo reports.
	if city, err = readBack(ctx, paths); err != nil {
		return err
	}

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
	layers := &coverage.Layers{}
	if err := store.ReadLayers(ctx, coverage.LayerQuery{}, layers); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Stored in the embedded store %s\n", dbPath)
	input := &analyzeInput{lib: lib, rules: rules, layers: layers}
	if err := analyzeAndWrite(ctx, e, input, coverage.Options{UseOccluders: true}, resultDir, start); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "Results (report.json, sites/roads/hotspots/violations.geojson) in %s\n", resultDir)
	fmt.Fprintf(e.out, "Again from the store: cctvgis analyze --db file:%s --rules %s --out DIR\n", dbPath, *code)
	if *noServe {
		return nil
	}
	if err := addDemoAccounts(ctx, e, store); err != nil {
		return err
	}
	return serveStore(ctx, e, store, "embedded store "+dbPath, lib, serveOptions{addr: *addr, code: *code,
		maxPhotoMB: 15, maxAgeDays: 30, staleDays: 180, browse: true})
}

// demoAccounts are the demo's users, each of the whole jurisdiction: one of each role
// the web map and the phone app serve, and a second reviewer for the expert stage of
// two-stage rulebooks.
var demoAccounts = []struct {
	name string
	role auth.Role
}{
	{"planner", auth.RolePlanner}, {"reviewer", auth.RoleReviewer}, {"expert", auth.RoleReviewer},
	{"supervisor", auth.RoleSupervisor}, {"inspector", auth.RoleInspector},
}

// addDemoAccounts creates the demo accounts, each with a new random password, and prints
// them: the demo's store is new, so the accounts are too.
func addDemoAccounts(ctx context.Context, e *env, store *embedded.Store) error {
	svc := &auth.Service{Store: store, Clock: e.now}
	tw := tabwriter.NewWriter(e.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Demo accounts (whole jurisdiction; new passwords each run):")
	fmt.Fprintln(tw, "  name\trole\tpassword")
	for _, a := range demoAccounts {
		password, err := demoPassword()
		if err != nil {
			return err
		}
		if _, err := svc.AddUser(ctx, a.name, a.role, "", password); err != nil {
			return fmt.Errorf("adding the demo account %s: %w", a.name, err)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.name, a.role, password)
	}
	return tw.Flush()
}

// demoPassword is 16 characters drawn by crypto/rand from 32 that are hard to confuse
// (no 0/o, 1/l): 80 bits.
func demoPassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("drawing a demo password: %w", err)
	}
	for i := range b {
		b[i] = alphabet[b[i]%byte(len(alphabet))]
	}
	return string(b), nil
}

// demoMarker is the file that marks a folder demo wrote, so that a later demo may empty it.
const demoMarker = ".cctvgis-demo"

// prepareDemoDir makes dir ready for a demo: a new or empty folder gets the marker; a
// folder an earlier demo wrote loses that demo's city, store and results, so that nothing
// of another seed mixes in; any other folder is refused.
func prepareDemoDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	case err != nil:
		return err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
			return usagef("demo: %s is not empty and was not written by demo; name a new or empty folder with --out", dir)
		}
		for _, name := range []string{"input", "result", data.DefaultEmbeddedPath} {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("emptying the demo folder: %w", err)
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, demoMarker), []byte("written by cctvgis demo; a later demo empties this folder\n"), 0o644)
}

// readBack reads the layer files demo wrote.
func readBack(ctx context.Context, paths map[string]string) (*coverage.Layers, error) {
	l := &coverage.Layers{}
	for _, layer := range coverage.LayerNames() {
		path, ok := paths[layer]
		if !ok {
			continue
		}
		rej, err := geojson.ReadLayerFile(ctx, geojson.Input{Layer: layer, File: path}, l)
		if err != nil {
			return nil, err
		}
		if len(rej) > 0 {
			return nil, fmt.Errorf("reading back the sample city: %w", rej[0])
		}
	}
	return l, nil
}
