package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
)

// Authenticator tells the user of a bearer token: auth.Service in the server.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (auth.User, error)
}

// Config is what an API is built from.
type Config struct {
	// Title and Description head the OpenAPI document.
	Title, Description string
	// Auth checks the bearer tokens of the routes with Roles.
	Auth Authenticator
	// Ready reports whether the store is reachable, for /readyz; nil means always.
	Ready func(context.Context) error
	// Log receives a line per request and the error chain of every 5xx; nil discards.
	Log *slog.Logger
}

// API is a route table and the HTTP handler that serves it: the endpoints mounted by the
// route packages plus /healthz, /readyz, /metrics and the OpenAPI document.
type API struct {
	cfg Config

	mu        sync.Mutex
	endpoints []Endpoint
	routes    map[string]string
	schemas   map[reflect.Type]map[string]any
	handler   *echo.Echo

	metrics *Metrics

	docOnce sync.Once
	doc     []byte
	docErr  error
}

// New returns an API with its own endpoints mounted: /healthz, /readyz, /metrics and
// /api/v1/openapi.json.
func New(cfg Config) (*API, error) {
	if cfg.Auth == nil {
		return nil, errors.New("httpapi: Config.Auth is required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Ready == nil {
		cfg.Ready = func(context.Context) error { return nil }
	}
	a := &API{cfg: cfg, routes: map[string]string{}, schemas: map[reflect.Type]map[string]any{}, metrics: newMetrics()}
	err := a.Mount(
		Endpoint{Method: "GET", Path: "/healthz", Summary: "The process is up.",
			Responses: map[int]any{200: Status{}}, Handle: a.healthz},
		Endpoint{Method: "GET", Path: "/readyz", Summary: "The store is reachable.",
			Responses: map[int]any{200: Status{}}, Errors: []int{503}, Handle: a.readyz},
		Endpoint{Method: "GET", Path: "/metrics", Summary: "Prometheus metrics: request rates and latencies by route, the city's version, the job queue and the store's connection pool (text format 0.0.4).",
			Responses: map[int]any{200: Binary{MediaType: "text/plain"}}, Handle: a.metrics.handle},
		Endpoint{Method: "GET", Path: Base + "/openapi.json", Summary: "This document.",
			Responses: map[int]any{200: map[string]any{}}, Handle: a.openapi},
	)
	return a, err
}

// Metrics are the API's metrics, for the server to add its own gauges to.
func (a *API) Metrics() *Metrics { return a.metrics }

// Mount adds endpoints to the table. A route already mounted (the same method and path,
// whatever its parameters are called) is refused with an error naming both, and nothing
// of the call is mounted; so is a mount after the handler was built.
func (a *API) Mount(eps ...Endpoint) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.handler != nil {
		return errors.New("httpapi: mounting after the handler was built")
	}
	added := map[string]string{}
	for _, ep := range eps {
		if ep.Handle == nil || ep.Method == "" || !strings.HasPrefix(ep.Path, "/") {
			return fmt.Errorf("httpapi: endpoint %s %q needs a method, a path from / and a handler", ep.Method, ep.Path)
		}
		key := ep.Method + " " + routeShape(ep.Path)
		if prev, ok := a.routes[key]; ok {
			return fmt.Errorf("httpapi: %s %s is mounted twice (first as %s)", ep.Method, ep.Path, prev)
		}
		if prev, ok := added[key]; ok {
			return fmt.Errorf("httpapi: %s %s is mounted twice (first as %s)", ep.Method, ep.Path, prev)
		}
		added[key] = ep.Path
	}
	for k, v := range added {
		a.routes[k] = v
	}
	a.endpoints = append(a.endpoints, eps...)
	return nil
}

// Schema gives the OpenAPI schema of a type that encodes itself (a json.Marshaler or
// encoding.TextMarshaler, such as a date or a hash). Registering one type twice keeps
// the last.
func (a *API) Schema(t reflect.Type, schema map[string]any) {
	a.mu.Lock()
	a.schemas[t] = schema
	a.mu.Unlock()
}

// routeShape is a path with its parameters' names left out: /plans/{} for /plans/{id}.
func routeShape(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			parts[i] = "{}"
		}
	}
	return strings.Join(parts, "/")
}

// Endpoints are the mounted endpoints by path and method, for a document that does not
// depend on the order of mounting.
func (a *API) Endpoints() []Endpoint {
	a.mu.Lock()
	eps := slices.Clone(a.endpoints)
	a.mu.Unlock()
	slices.SortFunc(eps, func(x, y Endpoint) int {
		return strings.Compare(x.Path+" "+x.Method, y.Path+" "+y.Method)
	})
	return eps
}

// Document is the OpenAPI 3.0 document of the mounted endpoints.
func (a *API) Document() map[string]any { return a.document() }

// Handler returns the whole HTTP handler, built on first use: the mounted routes with
// panic recovery, request ids, request logs and metrics, body limits, login and roles,
// and JSON errors. Each request runs in its own context, which ends when the client goes
// or the server shuts down. Each of extra registers more routes that are not part of the
// API (the web apps' pages, say); the document does not list them.
func (a *API) Handler(extra ...func(*echo.Echo)) http.Handler {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.handler != nil {
		return a.handler
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(a.cfg.Log)
	e.Use(a.recover, a.requestID, a.observe)
	for _, ep := range a.endpoints {
		h := ep.Handle
		if ep.Roles != nil {
			h = a.authenticated(ep.Roles, h)
		}
		if ep.Body != nil || ep.Form != nil {
			h = limitBody(ep.maxBody(), h)
		}
		e.Add(ep.Method, echoPath(ep.Path), h)
	}
	for _, register := range extra {
		register(e)
	}
	a.handler = e
	return e
}

func (ep *Endpoint) maxBody() int64 {
	if ep.MaxBody > 0 {
		return ep.MaxBody
	}
	return DefaultMaxBody
}

// limitBody bounds the request body: reading past limit fails with *http.MaxBytesError,
// answered 413.
func limitBody(limit int64, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Request().ContentLength > limit {
			return TooLarge("", fmt.Sprintf("the body is larger than %d bytes", limit))
		}
		c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, limit)
		return next(c)
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

// The keys of what the middleware puts on a request.
const (
	userKey      = "cctvgis.user"
	requestIDKey = "cctvgis.request_id"
)

// authenticated lets the request through when it carries a valid bearer token of a user
// whose role is among roles.
func (a *API) authenticated(roles []auth.Role, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="cctvgis"`)
			return Error(http.StatusUnauthorized, CodeUnauthorized, "", "", nil)
		}
		u, err := a.cfg.Auth.Authenticate(c.Request().Context(), token)
		if err != nil {
			if errors.Is(err, auth.ErrUnauthorized) {
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="cctvgis", error="invalid_token"`)
			}
			return err
		}
		if !slices.Contains(roles, u.Role) {
			return Error(http.StatusForbidden, CodeForbidden, "", "", nil)
		}
		c.Set(userKey, u)
		return next(c)
	}
}

// Caller is the authenticated user of a request to a route with Roles.
func Caller(c echo.Context) auth.User {
	u, _ := c.Get(userKey).(auth.User)
	return u
}

// Token is the bearer token of the request, "" without one.
func Token(c echo.Context) string {
	t, _ := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
	return t
}

// Sees reports whether u may see an object of the district: a user without a district
// sees all of them.
func Sees(u auth.User, district string) bool {
	return u.District == "" || u.District == district
}

// RequestIDHeader carries a request's id, both ways.
const RequestIDHeader = "X-Request-ID"

// goodRequestID is what a client's or a proxy's request id may look like to be kept.
var goodRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// requestID gives each request an id: the one a load balancer or client sent when it looks
// like one, else a new random one. The answer carries it, as do the request's log lines
// and error bodies.
func (a *API) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(RequestIDHeader)
		if !goodRequestID.MatchString(id) {
			var b [12]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Set(requestIDKey, id)
		c.Response().Header().Set(RequestIDHeader, id)
		return next(c)
	}
}

// RequestID is the id of the request.
func RequestID(c echo.Context) string {
	id, _ := c.Get(requestIDKey).(string)
	return id
}

// observe logs each request once it is answered, never its body or headers, so that no
// password or token reaches the log, and counts it in the metrics.
func (a *API) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		took := time.Since(start)
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		a.metrics.observe(c.Request().Method, route, c.Response().Status, took)
		attrs := []any{"method", c.Request().Method, "route", route, "status", c.Response().Status,
			"bytes", c.Response().Size, "ms", float64(took.Microseconds()) / 1000, "request_id", RequestID(c)}
		if u := Caller(c); u.ID != "" {
			attrs = append(attrs, "user", u.ID)
		}
		a.cfg.Log.InfoContext(c.Request().Context(), "request", attrs...)
		return nil
	}
}

// recover turns a handler's panic into a 500 and a log entry, never a stack trace in the
// answer.
func (a *API) recover(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// Status is the body of the health answers.
type Status struct {
	Status string `json:"status"`
}

func (a *API) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, Status{Status: "ok"})
}

func (a *API) readyz(c echo.Context) error {
	if err := a.cfg.Ready(c.Request().Context()); err != nil {
		a.cfg.Log.WarnContext(c.Request().Context(), "store not ready", "err", err)
		return Error(http.StatusServiceUnavailable, CodeUnavailable, "", "", err)
	}
	return c.JSON(http.StatusOK, Status{Status: "ready"})
}

func (a *API) openapi(c echo.Context) error {
	a.docOnce.Do(func() { a.doc, a.docErr = json.Marshal(a.Document()) })
	if a.docErr != nil {
		return a.docErr
	}
	return c.JSONBlob(http.StatusOK, a.doc)
}
