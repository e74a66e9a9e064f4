package static_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"

	"cctvgis/web/static"
)

func get(t *testing.T, e *echo.Echo, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func TestRequests(t *testing.T) {
	e := echo.New()
	static.New(fstest.MapFS{
		"index.html":         {Data: []byte("<!doctype html>")},
		"assets/main-AB.js":  {Data: []byte("console.log(1)")},
		"icons/icon-192.png": {Data: []byte("\x89PNG")},
		"notes.unknown":      {Data: []byte("?")},
	}, "/m/", static.Policy).Register(e)
	cases := []struct {
		name, path   string
		header       []string
		status       int
		ctype, cache string
	}{
		{"the page", "/m/", nil, 200, "text/html; charset=utf-8", "no-cache"},
		{"the page by name", "/m/index.html", nil, 200, "text/html; charset=utf-8", "no-cache"},
		{"a bundle", "/m/assets/main-AB.js", nil, 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"},
		{"an icon", "/m/icons/icon-192.png", nil, 200, "image/png", "public, max-age=86400"},
		{"no such file", "/m/assets/gone.js", nil, 404, "", ""},
		{"a file of no known type", "/m/notes.unknown", nil, 404, "", ""},
		{"a directory", "/m/assets", nil, 404, "", ""},
		{"climbing out", "/m/../go.mod", nil, 404, "", ""},
		{"no slash", "/m", nil, 301, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := get(t, e, c.path, c.header...)
			if res.Code != c.status {
				t.Fatalf("%s: %d, want %d", c.path, res.Code, c.status)
			}
			if c.ctype != "" && res.Header().Get("Content-Type") != c.ctype {
				t.Errorf("Content-Type %q, want %q", res.Header().Get("Content-Type"), c.ctype)
			}
			if c.cache != "" && res.Header().Get("Cache-Control") != c.cache {
				t.Errorf("Cache-Control %q, want %q", res.Header().Get("Cache-Control"), c.cache)
			}
			if c.status == 200 && res.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
		})
	}

	t.Run("a cached copy is confirmed with 304", func(t *testing.T) {
		first := get(t, e, "/m/assets/main-AB.js")
		tag := first.Header().Get("ETag")
		if tag == "" {
			t.Fatal("no ETag")
		}
		if res := get(t, e, "/m/assets/main-AB.js", "If-None-Match", tag); res.Code != 304 {
			t.Errorf("If-None-Match %s: %d, want 304", tag, res.Code)
		}
	})
	t.Run("a redirect goes to the app", func(t *testing.T) {
		if loc := get(t, e, "/m").Header().Get("Location"); loc != "/m/" {
			t.Errorf("Location %q", loc)
		}
	})
}

// An app at the root answers the page at / and leaves other paths to other routes.
func TestAtRoot(t *testing.T) {
	e := echo.New()
	e.GET("/api/v1/me", func(c echo.Context) error { return c.String(200, "me") })
	static.New(fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}, "/", static.Policy).Register(e)
	if res := get(t, e, "/"); res.Code != 200 || res.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("GET /: %d %q", res.Code, res.Header().Get("Content-Type"))
	}
	if res := get(t, e, "/api/v1/me"); res.Body.String() != "me" {
		t.Errorf("GET /api/v1/me went to the app: %d %q", res.Code, res.Body.String())
	}
	if res := get(t, e, "/api/v1/nothing"); res.Code != 404 {
		t.Errorf("GET /api/v1/nothing: %d", res.Code)
	}
}

// A base map's tile server joins the policy's images and fetches, and nothing else.
func TestWithOrigins(t *testing.T) {
	p := static.WithOrigins("https://t0.tianditu.gov.cn")
	for _, want := range []string{"img-src 'self' https://t0.tianditu.gov.cn data:", "connect-src 'self' https://t0.tianditu.gov.cn;", "default-src 'self';"} {
		if !strings.Contains(p, want) {
			t.Errorf("policy %q lacks %q", p, want)
		}
	}
}
