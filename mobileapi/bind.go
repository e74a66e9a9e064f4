package mobileapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// DecodeJSON reads the request body, at most limit bytes, as exactly one JSON value into
// v, as the API's own routes do: unknown fields, trailing data and a body that is too
// large are refused with the field or the limit named.
func DecodeJSON(c echo.Context, limit int64, v any) error { return decodeJSON(c, limit, v) }

// decodeJSON reads the request body, at most limit bytes, as exactly one JSON value into
// v. Unknown fields, trailing data and a body that is too large are refused with the
// field or the limit named.
func decodeJSON(c echo.Context, limit int64, v any) error {
	r := http.MaxBytesReader(c.Response(), c.Request().Body, limit)
	b, err := io.ReadAll(r)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return fail(http.StatusRequestEntityTooLarge, codeTooLarge, "", fmt.Sprintf("the body is larger than %d bytes", limit))
	case err != nil:
		return fail(http.StatusBadRequest, codeMalformed, "", "the body could not be read")
	}
	return unmarshalStrict(b, v)
}

// unmarshalStrict decodes one JSON value from b into v, refusing unknown fields and
// anything after the value.
func unmarshalStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return fail(http.StatusBadRequest, codeMalformed, "", "the body is empty; send a JSON object")
	case errors.As(err, &se):
		return fail(http.StatusBadRequest, codeMalformed, "", fmt.Sprintf("not JSON at byte %d", se.Offset))
	case errors.As(err, &te):
		field := te.Field
		return fail(http.StatusBadRequest, codeMalformed, field, fmt.Sprintf("%s: want %s, got JSON %s", field, te.Type, te.Value))
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fail(http.StatusBadRequest, codeUnknownField, field, fmt.Sprintf("unknown field %q", field))
	case err != nil:
		return fail(http.StatusBadRequest, codeMalformed, "", "the body is not a JSON value of the expected shape")
	}
	if dec.More() {
		return fail(http.StatusBadRequest, codeMalformed, "", "more data follows the JSON value")
	}
	return nil
}

// query reads the query parameters of a request, keeping the first problem.
type query struct {
	c   echo.Context
	err error
}

func (q *query) bad(name, reason string) {
	if q.err == nil {
		q.err = fail(http.StatusUnprocessableEntity, codeInvalid, name, name+": "+reason)
	}
}

// float returns the named parameter as a finite number in [lo, hi], or def when absent
// and not required.
func (q *query) float(name string, required bool, def, lo, hi float64) float64 {
	s := q.c.QueryParam(name)
	if s == "" {
		if required {
			q.bad(name, "missing")
		}
		return def
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		q.bad(name, fmt.Sprintf("%q is not a number", s))
		return def
	}
	if v < lo || v > hi {
		q.bad(name, fmt.Sprintf("%v is outside %v..%v", v, lo, hi))
		return def
	}
	return v
}

// int returns the named parameter as an integer in [lo, hi], or def when absent.
func (q *query) int(name string, def, lo, hi int) int {
	s := q.c.QueryParam(name)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		q.bad(name, fmt.Sprintf("%q is not a whole number in %d..%d", s, lo, hi))
		return def
	}
	return v
}
