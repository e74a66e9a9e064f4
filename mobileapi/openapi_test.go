package mobileapi_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"cctvgis/internal/httpapi/apitest"

	"github.com/labstack/echo/v4"
)

// spec is the OpenAPI document as the server serves it, parsed once per test binary.
var spec struct {
	once sync.Once
	v    *apitest.Validator
}

func (h *harness) openAPI() *apitest.Validator {
	h.t.Helper()
	spec.once.Do(func() { spec.v = apitest.New(h.t, h.api.Document()) })
	return spec.v
}

// validate checks a real answer against the OpenAPI document.
func (h *harness) validate(req *http.Request, res *http.Response, body []byte) {
	h.t.Helper()
	h.openAPI().Check(h.t, req, res, body)
}

// Every route the server answers is in the document, and every path of the document is a
// route of the server.
func TestOpenAPIMatchesTheRoutes(t *testing.T) {
	h := newHarness(t, stores[0].url(t))
	doc := h.openAPI().Doc
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	var served []string
	for _, r := range h.api.Handler().(*echo.Echo).Routes() {
		p := r.Path
		for part := range strings.SplitSeq(p, "/") {
			if strings.HasPrefix(part, ":") {
				p = strings.Replace(p, part, "{"+part[1:]+"}", 1)
			}
		}
		served = append(served, r.Method+" "+p)
	}
	slices.Sort(documented)
	slices.Sort(served)
	for _, d := range documented {
		if !slices.Contains(served, d) {
			t.Errorf("documented but not served: %s", d)
		}
	}
	for _, s := range served {
		if !slices.Contains(documented, s) {
			t.Errorf("served but not documented: %s", s)
		}
	}
	if len(served) < 15 {
		t.Errorf("only %d routes served: %v", len(served), served)
	}

	// The document is what GET /api/v1/openapi.json answers.
	r := h.do("GET", "/api/v1/openapi.json", "", nil)
	var got map[string]any
	h.mustJSON(r, 200, &got)
	if got["openapi"] != "3.0.3" || got["paths"] == nil {
		t.Errorf("served document %.200s", r.body)
	}
}
