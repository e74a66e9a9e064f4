package mobileapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"
)

// spec is the OpenAPI document as the server serves it, parsed once per test binary.
var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

func (h *harness) openAPI() (*openapi3.T, routers.Router) {
	h.t.Helper()
	spec.once.Do(func() {
		openapi3filter.RegisterBodyDecoder("image/jpeg", openapi3filter.FileBodyDecoder)
		openapi3filter.RegisterBodyDecoder("image/png", openapi3filter.FileBodyDecoder)
		b, err := json.Marshal(h.api.Document())
		if err != nil {
			spec.err = err
			return
		}
		doc, err := openapi3.NewLoader().LoadFromData(b)
		if err != nil {
			spec.err = err
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			spec.err = err
			return
		}
		doc.Servers = openapi3.Servers{{URL: "/"}}
		spec.doc = doc
		spec.router, spec.err = gorillamux.NewRouter(doc)
	})
	if spec.err != nil {
		h.t.Fatalf("the OpenAPI document: %v", spec.err)
	}
	return spec.doc, spec.router
}

// validate checks a real answer against the OpenAPI document: the route must be there,
// and the status and body must be what the document says, every field of it (the
// schemas refuse fields they do not list).
func (h *harness) validate(req *http.Request, res *http.Response, body []byte) {
	h.t.Helper()
	_, router := h.openAPI()
	r := req.Clone(context.Background())
	r.URL = &url.URL{Path: req.URL.Path, RawQuery: req.URL.RawQuery}
	r.Body = http.NoBody
	route, params, err := router.FindRoute(r)
	if err != nil {
		h.t.Errorf("%s %s: not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		h.t.Errorf("%s %s → %d does not match the OpenAPI document: %v\nbody: %.400s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}

// Every route the server answers is in the document, and every path of the document is a
// route of the server.
func TestOpenAPIMatchesTheRoutes(t *testing.T) {
	h := newHarness(t, stores[0].url(t))
	doc, _ := h.openAPI()
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
