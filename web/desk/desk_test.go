package desk_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"cctvgis/web/desk"
)

func get(t *testing.T, e *echo.Echo, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, path, nil))
	return rec
}

// The built map in the binary: the page at the root names its bundles, and each is there.
func TestEmbeddedBuild(t *testing.T) {
	e := echo.New()
	desk.Register("")(e)
	page := get(t, e, "/")
	if page.Code != 200 || page.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /: %d %q", page.Code, page.Header().Get("Content-Type"))
	}
	if csp := page.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self';") {
		t.Errorf("GET / Content-Security-Policy %q", csp)
	}
	refs := regexp.MustCompile(`(?:href|src)="([^"]+)"`).FindAllStringSubmatch(page.Body.String(), -1)
	if len(refs) < 3 {
		t.Fatalf("the page names only %v", refs)
	}
	for _, r := range refs {
		if res := get(t, e, "/"+r[1]); res.Code != 200 {
			t.Errorf("the page names %s: %d", r[1], res.Code)
		}
	}
}

// A configured base map's tile server may be fetched from the page; nothing else is.
func TestBasemapOrigin(t *testing.T) {
	e := echo.New()
	desk.Register("https://t0.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}")(e)
	csp := get(t, e, "/").Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "img-src 'self' https://t0.tianditu.gov.cn ") || !strings.Contains(csp, "connect-src 'self' https://t0.tianditu.gov.cn;") {
		t.Errorf("policy %q does not admit the base map", csp)
	}
	if strings.Contains(csp, "KEY") {
		t.Errorf("policy %q carries the URL's key", csp)
	}
}
