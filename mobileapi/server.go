package mobileapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/planner"
)

// Config is the API's local settings. The zero value of a field means its default.
type Config struct {
	// Settings are the thresholds and rectification days of findings and flags.
	Settings inspect.Settings
	// MaxBody is the largest JSON body, in bytes (default 1 MiB); a sync batch may be
	// SyncMax times that, at most 64 MiB.
	MaxBody int64
	// MaxPhoto is the largest photo, in bytes (default 15 MB).
	MaxPhoto int64
	// MaxAge is how old an observation may be when it first arrives (default 30 days).
	MaxAge time.Duration
	// StaleAfter is how long since its last inspection a camera is due again (default
	// 180 days).
	StaleAfter time.Duration
	// SyncMax is the most items of one sync batch (default 500).
	SyncMax int
}

func (c Config) withDefaults() Config {
	if c.Settings.RectificationDays == nil {
		c.Settings = inspect.DefaultSettings()
	}
	if c.Settings.Zone == nil {
		c.Settings.Zone = inspect.ChinaTime()
	}
	if c.MaxBody <= 0 {
		c.MaxBody = 1 << 20
	}
	if c.MaxPhoto <= 0 {
		c.MaxPhoto = 15_000_000
	}
	if c.MaxAge <= 0 {
		c.MaxAge = 30 * 24 * time.Hour
	}
	if c.StaleAfter <= 0 {
		c.StaleAfter = 180 * 24 * time.Hour
	}
	if c.SyncMax <= 0 {
		c.SyncMax = 500
	}
	return c
}

// Deps are what the API works on.
type Deps struct {
	Auth  *auth.Service
	Store inspect.Store
	// City is the registry at start; SetCity replaces it.
	City *City
	// Rules returns the jurisdiction's effective rules on a day.
	Rules    func(planner.Date) (*planner.EffectiveRules, error)
	Taxonomy *planner.Taxonomy
	// Ready reports whether the store is reachable, for /readyz.
	Ready func(context.Context) error
	Log   *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Endpoints are more routes of the API, served and documented with its own.
	Endpoints []Endpoint
}

// Server holds the API's dependencies; its handlers are its methods.
type Server struct {
	Deps
	cfg Config

	// current is the registry the handlers answer from, Deps.City until SetCity.
	current atomic.Pointer[City]

	// mu guards last: the latest observation of each camera by a check that counts, for
	// the tasks of cameras not inspected for a while.
	mu   sync.RWMutex
	last map[string]time.Time

	// doc is the OpenAPI document, built on first use.
	docOnce sync.Once
	doc     []byte
	docErr  error
}

// New returns the API over deps. It reads the inspection history once, so that tasks know
// when each camera was last checked.
func New(ctx context.Context, deps Deps, cfg Config) (*Server, error) {
	if deps.Auth == nil || deps.Store == nil || deps.City == nil || deps.Rules == nil || deps.Taxonomy == nil {
		return nil, errors.New("mobileapi: Auth, Store, City, Rules and Taxonomy are required")
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Ready == nil {
		deps.Ready = func(context.Context) error { return nil }
	}
	s := &Server{Deps: deps, cfg: cfg.withDefaults(), last: map[string]time.Time{}}
	s.current.Store(deps.City)
	if err := s.cfg.Settings.Validate(); err != nil {
		return nil, fmt.Errorf("mobileapi settings: %w", err)
	}
	err := deps.Store.Inspections(ctx, inspect.InspectionQuery{}, func(r inspect.Record) error {
		s.saw(&r.Inspection)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the inspection history: %w", err)
	}
	return s, nil
}

// SetCity replaces the registry the API answers from, as one swap: a request under way
// keeps the one it started with. The server calls it when the layers change (a plan
// applied).
func (s *Server) SetCity(c *City) { s.current.Store(c) }

// city is the registry a request answers from; a handler reads it once.
func (s *Server) city() *City { return s.current.Load() }

// saw notes an inspection in the history of its camera.
func (s *Server) saw(in *inspect.Inspection) {
	if in.CameraID == "" || !in.Review.State.Counts() {
		return
	}
	s.mu.Lock()
	if in.ObservedAt.After(s.last[in.CameraID]) {
		s.last[in.CameraID] = in.ObservedAt
	}
	s.mu.Unlock()
}

func (s *Server) lastSeen(cameraID string) (time.Time, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.last[cameraID]
	return t, ok
}

// Handler returns the whole HTTP handler: /healthz, /readyz and the API under /api/v1,
// with request logging, panic recovery and JSON errors. Each request runs in its own
// context, which ends when the client goes or the server shuts down. Each of extra
// registers more routes on the same server (the phone app's pages at /m/, say); they are
// not part of the API, and its OpenAPI document does not list them.
func (s *Server) Handler(extra ...func(*echo.Echo)) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(s.Log)
	e.Use(s.recover, s.logRequests)
	s.Register(e)
	for _, register := range extra {
		register(e)
	}
	return e
}

// Register adds every route of the API to e: the one function that knows them all.
func (s *Server) Register(e *echo.Echo) {
	for _, ep := range s.endpoints() {
		h := ep.Handle
		if ep.Roles != nil {
			h = s.authenticated(ep.Roles, h)
		}
		e.Add(ep.Method, echoPath(ep.Path), h)
	}
}

// echoPath turns an OpenAPI path template (/cameras/{id}) into echo's (/cameras/:id).
func echoPath(p string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(p, "/") {
		if part == "" {
			continue
		}
		b.WriteByte('/')
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			b.WriteString(":" + part[1:len(part)-1])
		} else {
			b.WriteString(part)
		}
	}
	return b.String()
}

// userKey is where authenticated puts the caller.
const userKey = "cctvgis.user"

// authenticated lets the request through when it carries a valid bearer token of a user
// whose role is among roles.
func (s *Server) authenticated(roles []auth.Role, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="cctvgis"`)
			return fail(http.StatusUnauthorized, codeUnauthorized, "", "")
		}
		u, err := s.Auth.Authenticate(c.Request().Context(), token)
		if err != nil {
			if errors.Is(err, auth.ErrUnauthorized) {
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="cctvgis", error="invalid_token"`)
			}
			return err
		}
		if !slices.Contains(roles, u.Role) {
			return fail(http.StatusForbidden, codeForbidden, "", "")
		}
		c.Set(userKey, u)
		return next(c)
	}
}

// Caller is the authenticated user of a request to a route with Roles.
func Caller(c echo.Context) auth.User { return caller(c) }

// caller is the authenticated user of the request.
func caller(c echo.Context) auth.User {
	u, _ := c.Get(userKey).(auth.User)
	return u
}

// sees reports whether u may see an object of the district: a user without a district sees
// all of them.
func sees(u auth.User, district string) bool {
	return u.District == "" || u.District == district
}

// logRequests logs each request once it is answered: never its body or headers, so no
// password or token reaches the log.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		attrs := []any{"method", c.Request().Method, "route", c.Path(), "status", c.Response().Status,
			"bytes", c.Response().Size, "ms", float64(time.Since(start).Microseconds()) / 1000}
		if u := caller(c); u.ID != "" {
			attrs = append(attrs, "user", u.ID)
		}
		s.Log.InfoContext(c.Request().Context(), "request", attrs...)
		return nil
	}
}

// recover turns a handler's panic into a 500 and a log entry, never a stack trace in the
// response.
func (s *Server) recover(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, Status{Status: "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	if err := s.Ready(c.Request().Context()); err != nil {
		s.Log.WarnContext(c.Request().Context(), "store not ready", "err", err)
		return fail(http.StatusServiceUnavailable, codeUnavailable, "", "")
	}
	return c.JSON(http.StatusOK, Status{Status: "ready"})
}

// Status is the body of the health answers.
type Status struct {
	Status string `json:"status"`
}
