// Package apitest checks real answers of the API against its OpenAPI document, for the
// tests of every package that mounts routes on it. Only tests import it.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

var registerDecoders sync.Once

// Validator checks answers against one OpenAPI document.
type Validator struct {
	Doc    *openapi3.T
	router routers.Router
}

// New parses and validates the document (as httpapi.API.Document builds it).
func New(tb testing.TB, doc map[string]any) *Validator {
	tb.Helper()
	registerDecoders.Do(func() {
		openapi3filter.RegisterBodyDecoder("image/jpeg", openapi3filter.FileBodyDecoder)
		openapi3filter.RegisterBodyDecoder("image/png", openapi3filter.FileBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/vnd.mapbox-vector-tile", openapi3filter.FileBodyDecoder)
	})
	b, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		tb.Fatalf("the OpenAPI document: %v", err)
	}
	if err := d.Validate(context.Background()); err != nil {
		tb.Fatalf("the OpenAPI document: %v", err)
	}
	d.Servers = openapi3.Servers{{URL: "/"}}
	r, err := gorillamux.NewRouter(d)
	if err != nil {
		tb.Fatal(err)
	}
	return &Validator{Doc: d, router: r}
}

// Check fails the test unless the request's route is in the document and the answer's
// status and body are what it says, every field of it (the schemas refuse fields they do
// not list).
func (v *Validator) Check(tb testing.TB, req *http.Request, res *http.Response, body []byte) {
	tb.Helper()
	r := req.Clone(context.Background())
	r.URL = &url.URL{Path: req.URL.Path, RawQuery: req.URL.RawQuery}
	r.Body = http.NoBody
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		tb.Errorf("%s %s: not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		tb.Errorf("%s %s → %d does not match the OpenAPI document: %v\nbody: %.400s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}

// Client sends requests to a test server as its users, by name, and checks every answer
// against the document.
type Client struct {
	TB   testing.TB
	URL  string
	HTTP *http.Client
	Spec *Validator
	// Tokens are the users' bearer tokens, by name (Login fills it in).
	Tokens map[string]string
}

// Response is an answer, its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends a request as the user ("" for none) with body as JSON (nil for none; a string
// or []byte is sent as it is) and checks the answer against the document.
func (c *Client) Do(method, path, user string, body any) Response {
	c.TB.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.TB.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, c.URL+path, r)
	if err != nil {
		c.TB.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.Send(req, user)
}

// Send sends a request as the user ("" for none) and checks the answer against the
// document.
func (c *Client) Send(req *http.Request, user string) Response {
	c.TB.Helper()
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+c.Tokens[user])
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.TB.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.TB.Fatal(err)
	}
	c.Spec.Check(c.TB, req, res, b)
	return Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// JSON fails the test unless the answer has the status, and decodes its body into v (when
// not nil).
func (c *Client) JSON(r Response, status int, v any) {
	c.TB.Helper()
	if r.Status != status {
		c.TB.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if v != nil {
		if err := json.Unmarshal(r.Body, v); err != nil {
			c.TB.Fatalf("decoding %s: %v", r.Body, err)
		}
	}
}

// Login logs the user in through POST /api/v1/auth/login and keeps their token.
func (c *Client) Login(name, password string) {
	c.TB.Helper()
	var lr struct {
		Token string `json:"token"`
	}
	c.JSON(c.Do("POST", "/api/v1/auth/login", "", map[string]string{"name": name, "password": password}), http.StatusOK, &lr)
	if c.Tokens == nil {
		c.Tokens = map[string]string{}
	}
	c.Tokens[name] = lr.Token
}
