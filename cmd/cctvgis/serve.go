package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"cctvgis/internal/server"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
	"cctvgis/web/imports"
	"cctvgis/web/overview"

	"cctvgis/data"
	"cctvgis/data/rules"
	"cctvgis/mobileapi"
	"cctvgis/web/mobile"
)

// serveOptions are what a server is started with, by serve and demo alike.
type serveOptions struct {
	addr string
	// code is the rulebook's jurisdiction code.
	code       string
	maxPhotoMB float64
	maxAgeDays int
	staleDays  int
	// basemap is the raster base map the web map is told of, nil for none.
	basemap *overview.Basemap
	// imports are the web import's folder and largest file.
	imports imports.Config
	// browse adds a line saying where to open the web map.
	browse bool
}

// runServe serves the API, the phone app and the web map over a store until ctx ends
// (SIGINT or SIGTERM).
func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve", e.errOut)
	db := fs.String("db", e.getenv("DATABASE_URL"), "the store: a PostGIS URL, or file:PATH for the embedded store (default $DATABASE_URL, else the embedded store "+data.DefaultEmbeddedPath+")")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	code := fs.String("rules", "", "jurisdiction code of the rulebook findings cite (see cctvgis rules list)")
	maxPhotoMB := fs.Float64("max-photo-mb", 15, "largest photo accepted, in MB")
	maxAgeDays := fs.Int("max-age-days", 30, "how old an observation may be when it first arrives, in days")
	staleDays := fs.Int("stale-days", 180, "days after its last inspection a camera is due again")
	basemap := fs.String("basemap", "", "raster XYZ or WMTS tile URL template of the web map's base map, http(s) with {z}, {x} and {y} (default none: the city's own layers)")
	attribution := fs.String("basemap-attribution", "", "the base map's attribution, shown on the map")
	maxImportMB := fs.Int64("max-import-mb", imports.DefaultMaxFile>>20, "largest layer file the web import accepts, in MB")
	importDir := fs.String("import-dir", "", "folder where the web import keeps uploads until they are confirmed; processes behind one load balancer share one (default cctvgis-imports in the system's temporary folder)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("serve", pos); err != nil {
		return err
	}
	if *code == "" {
		return usagef("serve: --rules is required (one of the codes of cctvgis rules list)")
	}
	if *maxPhotoMB <= 0 || *maxAgeDays <= 0 || *staleDays <= 0 || *maxImportMB <= 0 {
		return usagef("serve: --max-photo-mb, --max-age-days, --stale-days and --max-import-mb must be positive")
	}
	opt := serveOptions{addr: *addr, code: *code, maxPhotoMB: *maxPhotoMB, maxAgeDays: *maxAgeDays, staleDays: *staleDays,
		imports: imports.Config{Dir: *importDir, MaxFile: *maxImportMB << 20}}
	if err := checkBasemap(*basemap, *attribution); err != nil {
		return err
	}
	if *basemap != "" {
		opt.basemap = &overview.Basemap{URL: *basemap, Attribution: *attribution}
	}
	lib, err := rules.Builtin()
	if err != nil {
		return fmt.Errorf("loading rulebooks: %w", err)
	}
	if _, err := lib.Effective(*code, e.today()); err != nil {
		return usageError{err}
	}
	opened, name, err := data.OpenStore(ctx, *db, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		return storeError(err)
	}
	defer func() { _ = opened.Close() }()
	store, ok := opened.(server.Store)
	if !ok {
		return fmt.Errorf("the %s keeps no accounts or inspections", name)
	}
	return serveStore(ctx, e, store, name, lib, opt)
}

// checkBasemap checks a base map's URL template: http or https, with {z}, {x} and {y}.
// No URL is no base map, and then no attribution either.
func checkBasemap(raw, attribution string) error {
	if raw == "" {
		if attribution != "" {
			return usagef("serve: --basemap-attribution needs --basemap")
		}
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("serve: --basemap %q is not an http(s) URL", raw)
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(raw, p) {
			return usagef("serve: --basemap %q has no %s: give a tile URL template such as https://tiles.example/{z}/{x}/{y}.png", raw, p)
		}
	}
	return nil
}

// serveStore serves the API, the phone app and the web map over store until ctx ends
// (SIGINT or SIGTERM), then shuts down gracefully (server.Server.Serve). The caller closes
// the store.
func serveStore(ctx context.Context, e *env, store server.Store, name string, lib *rulebook.Library, opt serveOptions) error {
	log := slog.New(slog.NewJSONHandler(e.errOut, nil))
	srv, err := server.New(ctx, server.Config{Rules: opt.code, Library: lib, Basemap: opt.basemap, Log: log, Now: e.now, Imports: opt.imports,
		Phone: mobileapi.Config{
			MaxPhoto:   int64(opt.maxPhotoMB * 1e6),
			MaxAge:     time.Duration(opt.maxAgeDays) * 24 * time.Hour,
			StaleAfter: time.Duration(opt.staleDays) * 24 * time.Hour,
		}}, store)
	if errors.Is(err, rulebook.ErrUnknownRulebook) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", opt.addr)
	if err != nil {
		return usageError{fmt.Errorf("serve: %w", err)}
	}
	log.Info("serving", "addr", ln.Addr().String(), "store", name, "rules", opt.code, "cameras", len(srv.City().Layers().Cameras))
	fmt.Fprintf(e.out, "serving http://%s/api/v1, the map at http://%s/ and the phone app at http://%s%s (store: %s, rules: %s)\n", ln.Addr(), ln.Addr(), ln.Addr(), mobile.Prefix, name, opt.code)
	if opt.browse {
		fmt.Fprintf(e.out, "open http://%s/ in a browser\n", ln.Addr())
	}
	return srv.Serve(ctx, ln)
}

// openStore loads the rulebooks and opens the store db names for mode; a store named
// wrongly or missing is a usage error.
func openStore(ctx context.Context, db string, mode data.Mode) (*rulebook.Library, coverage.LayerStore, string, error) {
	lib, err := rules.Builtin()
	if err != nil {
		return nil, nil, "", fmt.Errorf("loading rulebooks: %w", err)
	}
	st, name, err := data.OpenStore(ctx, db, lib.Taxonomy, mode)
	if err != nil {
		return nil, nil, "", storeError(err)
	}
	return lib, st, name, nil
}
