package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/jobs"
	"cctvgis/mobileapi"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
	"cctvgis/web/background"
	"cctvgis/web/desk"
	"cctvgis/web/imports"
	"cctvgis/web/mobile"
	"cctvgis/web/overview"
	"cctvgis/web/plans"
	"cctvgis/web/tiles"
)

// Store is what a server runs on: the PostGIS store or the embedded one.
type Store interface {
	coverage.LayerStore
	plan.Store
	coverage.VersionStore
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

// Config is what a server is built from. The zero value of a field means its default.
type Config struct {
	// Rules is the jurisdiction code of the rulebook the city is analysed under and that
	// findings and plans cite.
	Rules   string
	Library *rulebook.Library
	// Phone are the phone routes' limits and thresholds.
	Phone mobileapi.Config
	// Basemap is the raster base map the web map is told of, nil for none.
	Basemap *overview.Basemap
	// Log receives the server's log, a line per request; nil discards it.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Poll is how often the store's version is read besides the notices of changes
	// (default 1 s), so that a change whose notice was lost is seen within it.
	Poll time.Duration
	// Passwords are the password hashing parameters (default auth.DefaultParams).
	Passwords auth.Params
	// SessionTTL is how long a login lasts (default auth's).
	SessionTTL time.Duration
	// PlanEditors is how many plans keep an editor in memory (default 8).
	PlanEditors int
	// Imports are the web import's folder and limits.
	Imports imports.Config
}

// snapshot is one state of the city and what the routes make of it. It never changes
// once made.
type snapshot struct {
	city     *coverage.City
	tiles    *tiles.Source
	overview *overview.City
	// built is how long it took to build.
	built time.Duration
}

// Server is the running server: the API over a store, the web map and the phone app.
type Server struct {
	cfg   Config
	store Store
	log   *slog.Logger
	auth  *auth.Service
	api   *httpapi.API
	queue jobs.Queue
	// imports are the web import's routes, whose uploads are swept every hour.
	imports *imports.Handlers

	cur atomic.Pointer[snapshot]
	// effective caches the effective rules of each day asked for: every check asks for
	// its day's, and working them out anew took a tenth of the server's time under load.
	effective sync.Map
	// reloading serialises reloads.
	reloading sync.Mutex
	handler   http.Handler
}

// New builds a server over store: it reads and analyses the city once, so that the first
// request answers from it, and mounts every route. It starts nothing: Run keeps the city
// current, Serve serves.
func New(ctx context.Context, cfg Config, store Store) (*Server, error) {
	if cfg.Library == nil || cfg.Rules == "" {
		return nil, errors.New("server: Config.Library and Config.Rules are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	s := &Server{cfg: cfg, store: store, log: cfg.Log}
	if _, err := s.rules(s.today()); err != nil {
		return nil, err
	}
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	if qs, ok := store.(queueStore); ok {
		q, err := qs.Jobs(s.work(), jobWorkers, cfg.Log)
		if err != nil {
			return nil, err
		}
		s.queue = q
	} else {
		s.queue = jobs.NewLocal(s.work(), jobWorkers, cfg.Now, cfg.Log)
	}
	if err := s.recordAnalysis(ctx, s.City().Version); err != nil {
		return nil, err
	}
	// On PostGIS the limiter counts failed logins in the store, for every process alike.
	s.auth = &auth.Service{Store: store, Limiter: auth.NewLimiterFor(auth.DefaultLimiterConfig(), store, cfg.Now), Clock: cfg.Now,
		Params: cfg.Passwords, TTL: cfg.SessionTTL}
	api, err := httpapi.New(httpapi.Config{
		Title:       "cctvgis API",
		Description: "Planning and inspection of public video surveillance systems: the phone app's tasks, checks and photos; the web map's city, plans and reviews. Errors are {code, message, field, request_id}.",
		Auth:        s.auth, Ready: s.ready, Log: cfg.Log,
	})
	if err != nil {
		return nil, err
	}
	s.api = api
	if err := s.mount(); err != nil {
		return nil, err
	}
	s.metrics() //nolint:contextcheck // a scrape has no context: each gauge bounds its own wait
	// Each request runs in its own context, which the HTTP server gives it.
	s.handler = api.Handler(mobile.Register, desk.Register(basemapURL(cfg.Basemap))) //nolint:contextcheck // see above
	return s, nil
}

// mount registers every route package on the API; each reads the current snapshot through
// the accessor it is given.
func (s *Server) mount() error {
	book, err := s.cfg.Library.Rulebook(s.cfg.Rules)
	if err != nil {
		return err
	}
	phone, err := mobileapi.New(mobileapi.Deps{Auth: s.auth, Store: s.store, City: s.City, Rules: s.rules,
		Taxonomy: s.cfg.Library.Taxonomy, Log: s.log, Now: s.cfg.Now}, s.cfg.Phone)
	if err != nil {
		return err
	}
	planRoutes, err := plans.New(plans.Deps{Store: s.store, City: s.City, Rulebook: book.Code, Rules: s.rules,
		Taxonomy: s.cfg.Library.Taxonomy, Now: s.cfg.Now, UserName: s.userName}, s.cfg.PlanEditors)
	if err != nil {
		return err
	}
	city, err := overview.New(overview.Deps{Findings: s.store, Taxonomy: s.cfg.Library.Taxonomy,
		City: func() *overview.City { return s.cur.Load().overview }})
	if err != nil {
		return err
	}
	work, err := background.New(background.Deps{Queue: s.queue, City: s.City, UserName: s.userName})
	if err != nil {
		return err
	}
	s.imports, err = imports.New(imports.Deps{Store: s.store, Taxonomy: s.cfg.Library.Taxonomy, Refresh: s.Reload, City: s.City,
		Now: s.cfg.Now, Log: s.log}, s.cfg.Imports)
	if err != nil {
		return err
	}
	for _, r := range []interface{ Register(*httpapi.API) error }{
		phone, planRoutes, city, work, s.imports, tiles.Routes{Source: func() *tiles.Source { return s.cur.Load().tiles }},
	} {
		if err := r.Register(s.api); err != nil {
			return err
		}
	}
	return nil
}

// Handler is the whole HTTP handler: the API, the web map at / and the phone app at /m/.
func (s *Server) Handler() http.Handler { return s.handler }

// API is the server's route table, for its OpenAPI document.
func (s *Server) API() *httpapi.API { return s.api }

// Auth is the server's account service, for adding users.
func (s *Server) Auth() *auth.Service { return s.auth }

// City is the current city; a request reads it once.
func (s *Server) City() *coverage.City { return s.cur.Load().city }

func (s *Server) today() rulebook.Date { return rulebook.DateOf(s.cfg.Now().In(inspect.ChinaTime())) }

// rules are the effective rules of the server's jurisdiction on a day. The rulebooks do
// not change while the server runs, so each day's are worked out once.
func (s *Server) rules(d rulebook.Date) (*rulebook.EffectiveRules, error) {
	if r, ok := s.effective.Load(d); ok {
		return r.(*rulebook.EffectiveRules), nil
	}
	r, err := s.cfg.Library.Effective(s.cfg.Rules, d)
	if err != nil {
		return nil, err
	}
	s.effective.Store(d, r)
	return r, nil
}

func (s *Server) userName(ctx context.Context, id string) (string, error) {
	u, err := s.store.UserByID(ctx, id)
	return u.Name, err
}

// ready reports whether the store answers, for /readyz: the embedded store is in the
// process and always does.
func (s *Server) ready(ctx context.Context) error {
	if p, ok := s.store.(interface{ Ping(context.Context) error }); ok {
		return p.Ping(ctx)
	}
	return nil
}

// Reload builds a new snapshot from the store when the store's version differs from the
// current snapshot's (always the first time) and swaps it in. The version is read before
// the layers, so that a snapshot never claims a version newer than its content.
func (s *Server) Reload(ctx context.Context) error {
	s.reloading.Lock()
	defer s.reloading.Unlock()
	v, err := s.store.Version(ctx)
	if err != nil {
		return fmt.Errorf("reading the store's version: %w", err)
	}
	if cur := s.cur.Load(); cur != nil && cur.city.Version == v {
		return nil
	}
	start := time.Now()
	var l coverage.Layers
	if err := s.store.ReadLayers(ctx, coverage.LayerQuery{}, &l); err != nil {
		return fmt.Errorf("reading the layers: %w", err)
	}
	rules, err := s.rules(s.today())
	if err != nil {
		return err
	}
	city, err := coverage.NewCity(ctx, &l, rules, s.cfg.Library.Taxonomy, v)
	if err != nil {
		return fmt.Errorf("analysing the layers: %w", err)
	}
	book, err := s.cfg.Library.Rulebook(s.cfg.Rules)
	if err != nil {
		return err
	}
	src := tiles.NewSource(city.Result, tiles.Options{})
	var layers []overview.LayerView
	for _, l := range src.Layers() {
		layers = append(layers, overview.LayerView(l))
	}
	ov := overview.NewCity(overview.Input{City: city, Rulebook: book, Taxonomy: s.cfg.Library.Taxonomy,
		Tiles: layers, Basemap: s.cfg.Basemap})
	old := s.cur.Swap(&snapshot{city: city, tiles: src, overview: ov, built: time.Since(start)})
	if old != nil {
		s.log.Info("reloaded the city", "version", v, "was", old.city.Version, "cameras", len(l.Cameras),
			"ms", time.Since(start).Milliseconds())
		return s.recordAnalysis(ctx, v)
	}
	return nil
}

// recordAnalysis asks for the analysis of the store at version v to be recorded: one job
// a version, whichever process asks first (jobs.Request.Unique).
func (s *Server) recordAnalysis(ctx context.Context, v int64) error {
	_, err := s.queue.Enqueue(ctx, jobs.Request{Kind: jobs.KindAnalysis, Args: jobs.AnalysisArgs{Version: v}, By: "system", Unique: true})
	if err != nil {
		return fmt.Errorf("asking for the analysis of version %d: %w", v, err)
	}
	return nil
}

// Run keeps the server current until ctx ends: it reloads the city when the store's
// version moves (told by the store's notices, and read every Poll in case a notice is
// lost) and deletes expired sessions every hour. A reload that fails is logged and tried
// again at the next poll; requests go on with the city they have.
func (s *Server) Run(ctx context.Context) error {
	changed := make(chan struct{}, 1)
	nudge := func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		s.watch(ctx, nudge)
	}()
	go func() {
		defer wg.Done()
		s.sweepSessions(ctx)
	}()
	defer wg.Wait()
	queued := make(chan error, 1)
	go func() { queued <- s.queue.Run(ctx) }()
	poll := time.NewTicker(s.cfg.Poll)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return <-queued
		case err := <-queued:
			// The queue stopped before the server: its error is the server's.
			return err
		case <-changed:
		case <-poll.C:
		}
		if err := s.Reload(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("reloading the city; the server keeps the one it has", "err", err)
		}
	}
}

// watch listens for the store's notices of changes until ctx ends, and starts listening
// again a second after a broken watch.
func (s *Server) watch(ctx context.Context, nudge func()) {
	for ctx.Err() == nil {
		err := s.store.WatchVersion(ctx, func(v int64) {
			if v != s.City().Version {
				nudge()
			}
		})
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("watching the store's version; polling meanwhile", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// sweepSessions deletes expired sessions, login throttles and imports every hour until
// ctx ends.
func (s *Server) sweepSessions(ctx context.Context) {
	t := time.NewTicker(sessionSweep)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for what, sweep := range map[string]func(context.Context) (int, error){
			"sessions": s.auth.DeleteExpiredSessions, "login throttles": s.auth.Limiter.DeleteExpired,
			"imports": func(context.Context) (int, error) { return s.imports.Sweep() },
		} {
			if n, err := sweep(ctx); err != nil {
				s.log.Warn("deleting expired "+what, "err", err)
			} else if n > 0 {
				s.log.Info("deleted expired "+what, "n", n)
			}
		}
	}
}

// Serve serves the handler on ln and keeps the city current (Run) until ctx ends, then
// shuts down gracefully: it stops accepting and lets requests under way finish, so that
// every acknowledged write is committed. The caller closes the store afterwards.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		// Each request has its own context, ended by shutdown.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	ran := make(chan error, 1)
	go func() { ran <- s.Run(runCtx) }()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		stop()
		return errors.Join(fmt.Errorf("serving: %w", err), <-ran)
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutCtx)
	stop()
	if err := errors.Join(err, <-ran); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}

// basemapURL is the base map's tile URL template, "" for none.
func basemapURL(b *overview.Basemap) string {
	if b == nil {
		return ""
	}
	return b.URL
}
