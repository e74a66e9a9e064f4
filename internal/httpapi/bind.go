package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// DecodeJSON reads the request body as exactly one JSON value into v. The body is already
// bounded by the endpoint's MaxBody; unknown fields, trailing data and a body over the
// limit are refused, naming the field or the limit.
func DecodeJSON(c echo.Context, v any) error {
	b, err := readBody(c)
	if err != nil {
		return err
	}
	return Unmarshal(b, v)
}

// DecodeOptionalJSON is DecodeJSON for a body that may be left out: an empty body leaves
// v as it is.
func DecodeOptionalJSON(c echo.Context, v any) error {
	b, err := readBody(c)
	if err != nil || len(bytes.TrimSpace(b)) == 0 {
		return err
	}
	return Unmarshal(b, v)
}

func readBody(c echo.Context) ([]byte, error) {
	b, err := io.ReadAll(c.Request().Body)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, TooLarge("", fmt.Sprintf("the body is larger than %d bytes", mbe.Limit))
	case err != nil:
		return nil, Malformed("", "the body could not be read")
	}
	return b, nil
}

// Unmarshal decodes one JSON value from b into v as DecodeJSON does, refusing unknown
// fields and anything after the value; for the items of a batch, decoded one by one.
func Unmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return Malformed("", "the body is empty; send a JSON object")
	case errors.As(err, &se):
		return Malformed("", fmt.Sprintf("not JSON at byte %d", se.Offset))
	case errors.As(err, &te):
		return Malformed(te.Field, fmt.Sprintf("%s: want %s, got JSON %s", te.Field, te.Type, te.Value))
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return Error(http.StatusBadRequest, CodeUnknownField, field, fmt.Sprintf("unknown field %q", field), nil)
	case err != nil:
		return Malformed("", "the body is not a JSON value of the expected shape")
	}
	if dec.More() {
		return Malformed("", "more data follows the JSON value")
	}
	return nil
}

// Query reads the query parameters of a request, keeping the first problem for Err.
type Query struct {
	c   echo.Context
	err error
}

// NewQuery reads c's query parameters.
func NewQuery(c echo.Context) *Query { return &Query{c: c} }

// Err is the first problem met, as a 422 naming the parameter, or nil.
func (q *Query) Err() error { return q.err }

func (q *Query) bad(name, reason string) {
	if q.err == nil {
		q.err = Invalid(name, reason)
	}
}

// Float returns the named parameter as a finite number in [lo, hi], or def when absent and
// not required.
func (q *Query) Float(name string, required bool, def, lo, hi float64) float64 {
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

// Int returns the named parameter as an integer in [lo, hi], or def when absent.
func (q *Query) Int(name string, def, lo, hi int) int {
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

// Bool returns the named parameter as true or false, false when absent.
func (q *Query) Bool(name string) bool {
	switch q.c.QueryParam(name) {
	case "", "false":
		return false
	case "true":
		return true
	}
	q.bad(name, "want true or false")
	return false
}

// String returns the named parameter, "" when absent.
func (q *Query) String(name string) string { return q.c.QueryParam(name) }

// Enum returns the named parameter when it is one of values, "" when absent.
func Enum[T ~string](q *Query, name string, values []T) T {
	s := T(q.c.QueryParam(name))
	if s != "" && !slices.Contains(values, s) {
		q.bad(name, fmt.Sprintf("%q is not one of %s", s, list(values)))
		return ""
	}
	return s
}

// EnumList returns the named parameter as a comma-separated list of values, nil when
// absent.
func EnumList[T ~string](q *Query, name string, values []T) []T {
	s := q.c.QueryParam(name)
	if s == "" {
		return nil
	}
	var out []T
	for v := range strings.SplitSeq(s, ",") {
		if !slices.Contains(values, T(v)) {
			q.bad(name, fmt.Sprintf("%q is not one of %s", v, list(values)))
			return nil
		}
		out = append(out, T(v))
	}
	return out
}

func list[T ~string](values []T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}
