package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
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

// runServe serves the mobile inspection API until ctx ends (SIGINT or SIGTERM), then
// shuts down gracefully: it stops accepting, lets requests under way finish, and closes
// the store, so that every acknowledged write is committed.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve", e.errOut)
	db := fs.String("db", e.getenv("DATABASE_URL"), "the store: a PostGIS URL, or file:PATH for the embedded store (default $DATABASE_URL, else the embedded store "+data.DefaultEmbeddedPath+")")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	code := fs.String("rules", "", "jurisdiction code of the rulebook findings cite (see cctvgis rules list)")
	maxPhotoMB := fs.Float64("max-photo-mb", 15, "largest photo accepted, in MB")
	maxAgeDays := fs.Int("max-age-days", 30, "how old an observation may be when it first arrives, in days")
	staleDays := fs.Int("stale-days", 180, "days after its last inspection a camera is due again")
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
	lib, err := rules.Builtin()
	if err != nil {
		return fmt.Errorf("loading rulebooks: %w", err)
	}
	if _, err := lib.Effective(*code, e.today()); err != nil {
		return usageError{err}
	}
	log := slog.New(slog.NewJSONHandler(e.errOut, nil))
	opened, name, err := data.OpenStore(ctx, *db, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		return storeError(err)
	}
	defer func() { _ = opened.Close() }()
	store, ok := opened.(serverStore)
	if !ok {
		return fmt.Errorf("the %s keeps no accounts or inspections", name)
	}
	c, err := loadCity(ctx, store, lib, *code, e)
	if err != nil {
		return err
	}
	src := tiles.NewSource(c.layers, c.res, tiles.Options{})
	book, err := lib.Rulebook(*code)
	if err != nil {
		return usageError{err}
	}
	eff, err := lib.Effective(*code, e.today())
	if err != nil {
		return usageError{err}
	}
	oc := overview.NewCity(overview.Input{Layers: c.layers, Result: c.res, Rules: eff, Rulebook: book, Taxonomy: lib.Taxonomy, Tiles: src.Layers()})
	overviewRoutes, err := overview.New(overview.Deps{Findings: store, Taxonomy: lib.Taxonomy, City: func() *overview.City { return oc }})
	if err != nil {
		return err
	}
	ruleOn := func(d planner.Date) (*planner.EffectiveRules, error) { return lib.Effective(*code, d) }
	planRoutes, err := plans.New(plans.Deps{Store: store, Layers: c.layers, Rulebook: *code, Rules: ruleOn,
		Taxonomy: lib.Taxonomy, Now: e.now, OnApply: src.Invalidate}, 0)
	if err != nil {
		return err
	}
	svc := &auth.Service{Store: store, Limiter: auth.NewLimiter(auth.DefaultLimiterConfig(), e.now), Clock: e.now}
	api, err := mobileapi.New(ctx, mobileapi.Deps{
		Auth: svc, Store: store, City: mobileapi.NewCity(c.layers, c.res), Taxonomy: lib.Taxonomy, Log: log, Now: e.now,
		Endpoints: slices.Concat(planRoutes.Endpoints(), overviewRoutes.Endpoints(), []mobileapi.Endpoint{tileEndpoint(src)}),
		Rules:     func(d planner.Date) (*planner.EffectiveRules, error) { return lib.Effective(*code, d) },
		Ready:     readiness(store),
	}, mobileapi.Config{
		MaxPhoto:   int64(*maxPhotoMB * 1e6),
		MaxAge:     time.Duration(*maxAgeDays) * 24 * time.Hour,
		StaleAfter: time.Duration(*staleDays) * 24 * time.Hour,
	})
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return usageError{fmt.Errorf("serve: %w", err)}
	}
	// Each request carries its own context; the server's ends with shutdown.
	srv := &http.Server{Handler: api.Handler(mobile.Register, desk.Register("")), //nolint:contextcheck // each request has its own context
		ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("serving", "addr", ln.Addr().String(), "store", name, "rules", *code, "cameras", len(c.layers.Cameras))
	fmt.Fprintf(e.out, "serving http://%s/api/v1, the map at http://%s/ and the phone app at http://%s%s (store: %s, rules: %s)\n", ln.Addr(), ln.Addr(), ln.Addr(), mobile.Prefix, name, *code)

	go sweepSessions(ctx, svc, log)
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

// city is the store's layers and their analysis under today's rules, which the API and
// the map answer from.
type city struct {
	layers *planner.Layers
	// res is nil for a city without cameras.
	res *planner.Result
}

// loadCity reads the store's layers and analyses them under today's rules.
func loadCity(ctx context.Context, store planner.LayerStore, lib *planner.Library, code string, e *env) (*city, error) {
	var l planner.Layers
	if err := store.ReadLayers(ctx, planner.LayerQuery{}, &l); err != nil {
		return nil, fmt.Errorf("reading the layers: %w", err)
	}
	if len(l.Cameras) == 0 {
		return &city{layers: &l}, nil
	}
	eff, err := lib.Effective(code, e.today())
	if err != nil {
		return nil, usageError{err}
	}
	res, err := planner.Analyze(ctx, &l, eff, lib.Taxonomy, planner.Options{UseOccluders: len(l.Occluders) > 0})
	if err != nil {
		return nil, fmt.Errorf("analysing the layers: %w", err)
	}
	return &city{layers: &l, res: res}, nil
}

// tileEndpoint serves the map's vector tiles through the API's route table.
func tileEndpoint(src *tiles.Source) mobileapi.Endpoint {
	return mobileapi.Endpoint{
		Method: "GET", Path: mobileapi.APIBase + "/tiles/{z}/{x}/{y}",
		Summary: "A vector tile of the city and its analysis (layers: " + strings.Join(tileLayers(src), ", ") + "); y may end in .pbf.",
		Roles:   []auth.Role{auth.RolePlanner, auth.RoleReviewer, auth.RoleSupervisor, auth.RoleAdmin, auth.RoleInspector},
		Params: []mobileapi.Param{mobileapi.PathParam("z", "integer", "zoom, 0 to 22"),
			mobileapi.PathParam("x", "integer", "column"), mobileapi.PathParam("y", "string", "row, with or without .pbf")},
		Responses: map[int]any{200: mobileapi.Binary{MediaType: tiles.MediaType}},
		Errors:    []int{400},
		Handle:    src.Handle,
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
