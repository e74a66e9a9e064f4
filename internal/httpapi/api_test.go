package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/internal/fault"
	"cctvgis/internal/httpapi"
)

// tokens is an authenticator of fixed tokens.
type tokens map[string]auth.User

func (t tokens) Authenticate(_ context.Context, token string) (auth.User, error) {
	if u, ok := t[token]; ok {
		return u, nil
	}
	return auth.User{}, auth.ErrUnauthorized
}

func newAPI(t *testing.T) *httpapi.API {
	t.Helper()
	api, err := httpapi.New(httpapi.Config{Title: "test", Auth: tokens{"tok": {ID: "u1", Name: "li", Role: auth.RolePlanner}}})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func ok(c echo.Context) error { return c.NoContent(http.StatusNoContent) }

func TestMountRefusesARouteTwice(t *testing.T) {
	cases := []struct {
		name   string
		first  httpapi.Endpoint
		second httpapi.Endpoint
	}{
		{"the same path", httpapi.Endpoint{Method: "GET", Path: "/api/v1/things", Handle: ok},
			httpapi.Endpoint{Method: "GET", Path: "/api/v1/things", Handle: ok}},
		{"parameters named otherwise", httpapi.Endpoint{Method: "GET", Path: "/api/v1/things/{id}", Handle: ok},
			httpapi.Endpoint{Method: "GET", Path: "/api/v1/things/{thing}", Handle: ok}},
		{"one of the framework's own", httpapi.Endpoint{Method: "GET", Path: "/api/v1/thing", Handle: ok},
			httpapi.Endpoint{Method: "GET", Path: "/healthz", Handle: ok}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			api := newAPI(t)
			if err := api.Mount(c.first); err != nil {
				t.Fatal(err)
			}
			err := api.Mount(httpapi.Endpoint{Method: "GET", Path: "/api/v1/other", Handle: ok}, c.second)
			if err == nil || !strings.Contains(err.Error(), "mounted twice") {
				t.Fatalf("mounting %s %s again: %v", c.second.Method, c.second.Path, err)
			}
			// Nothing of a refused call is mounted.
			if err := api.Mount(httpapi.Endpoint{Method: "GET", Path: "/api/v1/other", Handle: ok}); err != nil {
				t.Errorf("a refused call left /api/v1/other mounted: %v", err)
			}
		})
	}
	api := newAPI(t)
	if err := api.Mount(httpapi.Endpoint{Method: "POST", Path: "/api/v1/things", Handle: ok},
		httpapi.Endpoint{Method: "GET", Path: "/api/v1/things", Handle: ok}); err != nil {
		t.Errorf("two methods on one path: %v", err)
	}
}

var (
	errGone     = fault.New(fault.NotFound, "thing: gone")
	errState    = fault.New(fault.WrongState, "thing: not now")
	errStale    = fault.New(fault.Stale, "thing: changed meanwhile")
	errThrottle = &throttled{}
)

type throttled struct{}

func (*throttled) Error() string                  { return "slow down" }
func (*throttled) Unwrap() error                  { return fault.Throttled }
func (*throttled) RetryIn() time.Duration         { return 1500 * time.Millisecond }
func (*throttled) Is(target error) bool           { return false }
func (*throttled) FieldProblems() []fault.Problem { return nil }

type fields struct{}

func (*fields) Error() string { return "two fields" }
func (*fields) Unwrap() error { return fault.Invalid }
func (*fields) FieldProblems() []fault.Problem {
	return []fault.Problem{{Code: "range", Field: "lat", Message: "lat: 95 is outside -90..90"}, {Code: "missing", Field: "id", Message: "id: missing"}}
}

// One classification decides every answer: by the kind of a domain error, with the fields
// it blames and the wait it asks for; an unreachable store or a cancelled request is 503,
// and nothing unknown leaks its text.
func TestClassify(t *testing.T) {
	cases := []struct {
		name       string
		err        error
		status     int
		code       string
		field      string
		message    string
		retryAfter string
	}{
		{"not found", fmt.Errorf("loading thing 4: %w", errGone), 404, "not_found", "", "no such object", ""},
		{"a wrong state", errState, 409, "illegal_transition", "", "that change of state is not allowed from the current state", ""},
		{"stale", errStale, 409, "stale", "", "this changed meanwhile; reload it and try again", ""},
		{"throttled", errThrottle, 429, "too_many_attempts", "", "too many failed logins; try again later", "2"},
		{"several fields", &fields{}, 422, "invalid", "lat", "two fields", ""},
		{"a handler's own answer", httpapi.Invalid("radius_m", "too far"), 422, "invalid", "radius_m", "radius_m: too far", ""},
		{"an unreachable store", &netErr{}, 503, "unavailable", "", "the store is not reachable; try again shortly", ""},
		{"a cancelled request", fmt.Errorf("reading: %w", context.Canceled), 503, "unavailable", "", "the store is not reachable; try again shortly", ""},
		{"anything else", errors.New("SELECT * FROM secrets failed"), 500, "internal", "", "internal error", ""},
		{"an internal error with a message", httpapi.Error(500, httpapi.CodeInternal, "", "disk full at /var", nil), 500, "internal", "", "internal error", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			api := newAPI(t)
			if err := api.Mount(httpapi.Endpoint{Method: "GET", Path: "/api/v1/fail", Handle: func(echo.Context) error { return c.err }}); err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			api.Handler().ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), "GET", "/api/v1/fail", nil))
			var body httpapi.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if rec.Code != c.status || body.Code != c.code || body.Field != c.field || body.Message != c.message {
				t.Errorf("%d %+v, want %d %s field %q message %q", rec.Code, body, c.status, c.code, c.field, c.message)
			}
			if got := rec.Header().Get("Retry-After"); got != c.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, c.retryAfter)
			}
			if body.RequestID == "" || body.RequestID != rec.Header().Get(httpapi.RequestIDHeader) {
				t.Errorf("request id %q in the body, %q in the header", body.RequestID, rec.Header().Get(httpapi.RequestIDHeader))
			}
		})
	}
}

type netErr struct{}

func (*netErr) Error() string   { return "dial tcp 10.0.0.5:5432: connect: connection refused" }
func (*netErr) Timeout() bool   { return false }
func (*netErr) Temporary() bool { return true }

// A request keeps the id a load balancer gave it, when it looks like one; otherwise it
// gets its own.
func TestRequestID(t *testing.T) {
	api := newAPI(t)
	h := api.Handler()
	for _, c := range []struct {
		name, sent string
		kept       bool
	}{
		{"none", "", false},
		{"a load balancer's", "lb-7f3a.91", true},
		{"one with a newline", "x\ny", false},
		{"one too long", strings.Repeat("a", 65), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(t.Context(), "GET", "/healthz", nil)
			if c.sent != "" {
				req.Header.Set(httpapi.RequestIDHeader, c.sent)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			got := rec.Header().Get(httpapi.RequestIDHeader)
			if got == "" || (got == c.sent) != c.kept {
				t.Errorf("sent %q, answered %q", c.sent, got)
			}
		})
	}
}

// /metrics counts requests by their route, not their path, so that ids do not make a
// series each.
func TestMetrics(t *testing.T) {
	api := newAPI(t)
	if err := api.Mount(httpapi.Endpoint{Method: "GET", Path: "/api/v1/things/{id}", Handle: ok}); err != nil {
		t.Fatal(err)
	}
	api.Metrics().Gauge("cctvgis_test_gauge", "A gauge.", func() float64 { return 42 })
	h := api.Handler()
	for _, id := range []string{"a", "b", "c"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(t.Context(), "GET", "/api/v1/things/"+id, nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(t.Context(), "GET", "/nowhere/1", nil))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), "GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`cctvgis_http_requests_total{method="GET",route="/api/v1/things/:id",status="204"} 3`,
		`cctvgis_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`cctvgis_http_request_duration_seconds_count{method="GET",route="/api/v1/things/:id"} 3`,
		"cctvgis_test_gauge 42",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// A route with Roles wants a valid token of one of them; the handler finds the caller.
func TestRoles(t *testing.T) {
	api := newAPI(t)
	if err := api.Mount(httpapi.Endpoint{Method: "GET", Path: "/api/v1/mine", Roles: []auth.Role{auth.RolePlanner},
		Handle: func(c echo.Context) error { return c.String(200, httpapi.Caller(c).Name) }},
		httpapi.Endpoint{Method: "GET", Path: "/api/v1/theirs", Roles: []auth.Role{auth.RoleReviewer}, Handle: ok}); err != nil {
		t.Fatal(err)
	}
	h := api.Handler()
	for _, c := range []struct {
		name, path, token string
		status            int
	}{
		{"no token", "/api/v1/mine", "", 401},
		{"a wrong token", "/api/v1/mine", "nope", 401},
		{"the right role", "/api/v1/mine", "tok", 200},
		{"another role", "/api/v1/theirs", "tok", 403},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(t.Context(), "GET", c.path, nil)
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Errorf("%d, want %d: %s", rec.Code, c.status, rec.Body)
			}
		})
	}
}

// A body over the endpoint's limit is refused before the handler reads it.
func TestBodyLimit(t *testing.T) {
	api := newAPI(t)
	type body struct {
		Text string `json:"text"`
	}
	if err := api.Mount(httpapi.Endpoint{Method: "POST", Path: "/api/v1/notes", Body: body{}, MaxBody: 64,
		Handle: func(c echo.Context) error {
			var b body
			if err := httpapi.DecodeJSON(c, &b); err != nil {
				return err
			}
			return c.NoContent(204)
		}}); err != nil {
		t.Fatal(err)
	}
	h := api.Handler()
	for _, c := range []struct {
		name, body string
		chunked    bool
		status     int
	}{
		{"within the limit", `{"text":"ok"}`, false, 204},
		{"over it, its length said", `{"text":"` + strings.Repeat("x", 100) + `"}`, false, 413},
		{"over it, its length unsaid", `{"text":"` + strings.Repeat("x", 100) + `"}`, true, 413},
		{"an unknown field", `{"txt":"ok"}`, false, 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(t.Context(), "POST", "/api/v1/notes", strings.NewReader(c.body))
			if c.chunked {
				req.ContentLength = -1
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Errorf("%d, want %d: %s", rec.Code, c.status, rec.Body)
			}
		})
	}
}
