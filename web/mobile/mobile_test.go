package mobile_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"cctvgis/web/mobile"
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

func embedded(t *testing.T) *echo.Echo {
	t.Helper()
	e := echo.New()
	mobile.Register(e)
	return e
}

// The built app in the binary: the page, the worker and the manifest are revalidated on
// every load, the hashed bundles are cached for good, and every file the page and the
// worker name is there with its content type.
func TestEmbeddedBuild(t *testing.T) {
	e := embedded(t)
	page := get(t, e, "/m/")
	if page.Code != 200 || page.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /m/: %d %q", page.Code, page.Header().Get("Content-Type"))
	}
	if cc := page.Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("GET /m/ Cache-Control %q", cc)
	}
	if csp := page.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("GET /m/ Content-Security-Policy %q", csp)
	}
	refs := regexp.MustCompile(`(?:href|src)="([^"]+)"`).FindAllStringSubmatch(page.Body.String(), -1)
	if len(refs) < 4 {
		t.Fatalf("the page names only %v", refs)
	}
	for _, r := range refs {
		res := get(t, e, "/m/"+r[1])
		if res.Code != 200 {
			t.Errorf("the page names %s: %d", r[1], res.Code)
		}
		if strings.HasPrefix(r[1], "assets/") && res.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", r[1], res.Header().Get("Cache-Control"))
		}
	}

	sw := get(t, e, "/m/sw.js")
	if sw.Code != 200 || sw.Header().Get("Content-Type") != "text/javascript; charset=utf-8" ||
		sw.Header().Get("Cache-Control") != "no-cache" || sw.Header().Get("Service-Worker-Allowed") != "/m/" {
		t.Fatalf("GET /m/sw.js: %d %v", sw.Code, sw.Header())
	}
	m := regexp.MustCompile(`const SHELL = (\[[^\]]*\]);`).FindStringSubmatch(sw.Body.String())
	if m == nil {
		t.Fatal("sw.js has no SHELL list")
	}
	var shell []string
	if err := json.Unmarshal([]byte(m[1]), &shell); err != nil {
		t.Fatal(err)
	}
	for _, f := range shell {
		if res := get(t, e, "/m/"+strings.TrimPrefix(f, "./")); res.Code != 200 {
			t.Errorf("the service worker caches %s: %d", f, res.Code)
		}
	}

	man := get(t, e, "/m/manifest.webmanifest")
	if man.Header().Get("Content-Type") != "application/manifest+json" {
		t.Errorf("manifest Content-Type %q", man.Header().Get("Content-Type"))
	}
	var manifest struct {
		StartURL string `json:"start_url"`
		Display  string `json:"display"`
		Icons    []struct {
			Src, Sizes, Type string
		} `json:"icons"`
	}
	if err := json.Unmarshal(man.Body.Bytes(), &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.StartURL != "./" || manifest.Display != "standalone" || len(manifest.Icons) < 2 {
		t.Errorf("manifest %+v", manifest)
	}
	for _, ic := range manifest.Icons {
		if res := get(t, e, "/m/"+ic.Src); res.Code != 200 || res.Header().Get("Content-Type") != "image/png" {
			t.Errorf("icon %s: %d %q", ic.Src, res.Code, res.Header().Get("Content-Type"))
		}
	}
}
