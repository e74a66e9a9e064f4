package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"cctvgis/web/overview"
	"cctvgis/web/plans"
	"cctvgis/web/tiles"

	"cctvgis/auth"
	"cctvgis/data"
	"cctvgis/data/rules"
	"cctvgis/inspect"
	"cctvgis/mobileapi"
	"cctvgis/planner"
	"cctvgis/web/desk"
	"cctvgis/web/mobile"

	"github.com/labstack/echo/v4"
)

// serverStore is what serve needs of a store: the layers, the accounts and the
// inspections.
type serverStore interface {
	planner.LayerStore
	planner.PlanStore
	auth.Store
	inspect.Store
}

// The server's timeouts: a slow or stalled client cannot hold a connection for long, and
// shutdown waits this long for requests under way.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 15 * time.Second
	sessionSweep      = time.Hour
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
	if *maxPhotoMB <= 0 || *maxAgeDays <= 0 || *staleDays <= 0 {
		return usagef("serve: --max-photo-mb, --max-age-days and --stale-days must be positive")
	}
	opt := serveOptions{addr: *addr, code: *code, maxPhotoMB: *maxPhotoMB, maxAgeDays: *maxAgeDays, staleDays: *staleDays}
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
	store, ok := opened.(serverStore)
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

// serveStore serves the API (with the plan, overview and tile routes), the phone app and
// the web map over store until ctx ends, then shuts down gracefully: it stops accepting
// and lets requests under way finish, so that every acknowledged write is committed. The
// caller closes the store.
func serveStore(ctx context.Context, e *env, store serverStore, name string, lib *planner.Library, opt serveOptions) error {
	log := slog.New(slog.NewJSONHandler(e.errOut, nil))
	live, err := newLiveCity(ctx, store, lib, opt.code, opt.basemap, e, log)
	if err != nil {
		return err
	}
	first := live.current()
	ruleOn := func(d planner.Date) (*planner.EffectiveRules, error) { return lib.Effective(opt.code, d) }
	planRoutes, err := plans.New(plans.Deps{Store: store, Layers: first.layers, Rulebook: opt.code, Rules: ruleOn,
		Taxonomy: lib.Taxonomy, Now: e.now, OnApply: live.changed, Analysis: analysisOptions(first.layers),
		UserName: func(ctx context.Context, id string) (string, error) {
			u, err := store.UserByID(ctx, id)
			return u.Name, err
		}}, 0)
	if err != nil {
		return err
	}
	overviewRoutes, err := overview.New(overview.Deps{Findings: store, Taxonomy: lib.Taxonomy, City: live.overview})
	if err != nil {
		return err
	}
	svc := &auth.Service{Store: store, Limiter: auth.NewLimiter(auth.DefaultLimiterConfig(), e.now), Clock: e.now}
	api, err := mobileapi.New(ctx, mobileapi.Deps{
		Auth: svc, Store: store, City: first.registry, Taxonomy: lib.Taxonomy, Log: log, Now: e.now,
		Endpoints: slices.Concat(planRoutes.Endpoints(), overviewRoutes.Endpoints(), []mobileapi.Endpoint{tileEndpoint(first.tiles, live.handleTile)}),
		Rules:     ruleOn,
		Ready:     readiness(store),
	}, mobileapi.Config{
		MaxPhoto:   int64(opt.maxPhotoMB * 1e6),
		MaxAge:     time.Duration(opt.maxAgeDays) * 24 * time.Hour,
		StaleAfter: time.Duration(opt.staleDays) * 24 * time.Hour,
	})
	if err != nil {
		return err
	}
	live.swapped = []func(*cityState){
		func(st *cityState) { api.SetCity(st.registry) },
		func(st *cityState) { planRoutes.SetLayers(st.layers) },
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", opt.addr)
	if err != nil {
		return usageError{fmt.Errorf("serve: %w", err)}
	}
	// Each request carries its own context; the server's ends with shutdown.
	srv := &http.Server{Handler: api.Handler(mobile.Register, desk.Register(basemapURL(opt.basemap))), //nolint:contextcheck // each request has its own context
		ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("serving", "addr", ln.Addr().String(), "store", name, "rules", opt.code, "cameras", len(first.layers.Cameras))
	fmt.Fprintf(e.out, "serving http://%s/api/v1, the map at http://%s/ and the phone app at http://%s%s (store: %s, rules: %s)\n", ln.Addr(), ln.Addr(), ln.Addr(), mobile.Prefix, name, opt.code)
	if opt.browse {
		fmt.Fprintf(e.out, "open http://%s/ in a browser\n", ln.Addr())
	}

	go sweepSessions(ctx, svc, log)
	go live.refresh(ctx)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}

// tileEndpoint serves the map's vector tiles through the API's route table with handle;
// src names the layers.
func tileEndpoint(src *tiles.Source, handle echo.HandlerFunc) mobileapi.Endpoint {
	return mobileapi.Endpoint{
		Method: "GET", Path: mobileapi.APIBase + "/tiles/{z}/{x}/{y}",
		Summary: "A vector tile of the city and its analysis (layers: " + strings.Join(tileLayers(src), ", ") + "); y may end in .pbf.",
		Roles:   []auth.Role{auth.RolePlanner, auth.RoleReviewer, auth.RoleSupervisor, auth.RoleAdmin, auth.RoleInspector},
		Params: []mobileapi.Param{mobileapi.PathParam("z", "integer", "zoom, 0 to 22"),
			mobileapi.PathParam("x", "integer", "column"), mobileapi.PathParam("y", "string", "row, with or without .pbf")},
		Responses: map[int]any{200: mobileapi.Binary{MediaType: tiles.MediaType}},
		Errors:    []int{400},
		Handle:    handle,
	}
}

func tileLayers(src *tiles.Source) []string {
	var names []string
	for _, l := range src.Layers() {
		names = append(names, l.Name)
	}
	return names
}

// openStore loads the rulebooks and opens the store db names for mode; a store named
// wrongly or missing is a usage error.
func openStore(ctx context.Context, db string, mode data.Mode) (*planner.Library, planner.LayerStore, string, error) {
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

// readiness returns the store's ping when it has one: the embedded store is in the
// process and always reachable.
func readiness(s any) func(context.Context) error {
	if p, ok := s.(interface{ Ping(context.Context) error }); ok {
		return p.Ping
	}
	return func(context.Context) error { return nil }
}

// sweepSessions deletes expired sessions every hour until ctx ends.
func sweepSessions(ctx context.Context, svc *auth.Service, log *slog.Logger) {
	t := time.NewTicker(sessionSweep)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := svc.DeleteExpiredSessions(ctx); err != nil {
				log.Warn("deleting expired sessions", "err", err)
			} else if n > 0 {
				log.Info("deleted expired sessions", "n", n)
			}
		}
	}
}

// basemapURL is the base map's tile URL template, "" for none.
func basemapURL(b *overview.Basemap) string {
	if b == nil {
		return ""
	}
	return b.URL
}
