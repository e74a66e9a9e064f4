package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"syscall"

	"github.com/labstack/echo/v4"

	"cctvgis/internal/fault"
)

// ErrorBody is the body of every error answer: a stable code for programs, a message for
// people, the field at fault when there is one, and the request's id to quote when
// reporting it.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Problems lists every field at fault, when the request had several.
	Problems  []Problem `json:"problems,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
}

// Problem is one field at fault in an error answer.
type Problem struct {
	Code    string `json:"code"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// The stable error codes. Their messages are in messages; a handler's own message (Error)
// replaces the code's to say more, never with an internal error's text.
const (
	CodeMalformed         = "malformed"
	CodeUnknownField      = "unknown_field"
	CodeInvalid           = "invalid"
	CodeUnauthorized      = "unauthorized"
	CodeBadCredentials    = "bad_credentials"
	CodeForbidden         = "forbidden"
	CodeNotFound          = "not_found"
	CodeConflict          = "conflict"
	CodeStale             = "stale"
	CodeIllegalTransition = "illegal_transition"
	CodeHashMismatch      = "hash_mismatch"
	CodeTooLarge          = "too_large"
	CodeUnsupported       = "unsupported_media_type"
	CodeThrottled         = "too_many_attempts"
	CodeMethod            = "method_not_allowed"
	CodeUnavailable       = "unavailable"
	CodeInternal          = "internal"
)

// Codes are every error code the API answers with.
func Codes() []string {
	return []string{CodeMalformed, CodeUnknownField, CodeInvalid, CodeUnauthorized, CodeBadCredentials, CodeForbidden,
		CodeNotFound, CodeConflict, CodeStale, CodeIllegalTransition, CodeHashMismatch, CodeTooLarge, CodeUnsupported, CodeThrottled,
		CodeMethod, CodeUnavailable, CodeInternal}
}

// messages is all the user-facing error text of the API, a message per code.
var messages = map[string]string{
	CodeMalformed:         "the request is not well-formed",
	CodeUnknownField:      "the request has a field this API does not know",
	CodeInvalid:           "a value is not acceptable",
	CodeUnauthorized:      "log in first: the token is missing, expired or revoked",
	CodeBadCredentials:    "wrong name or password",
	CodeForbidden:         "your role may not do this",
	CodeNotFound:          "no such object",
	CodeConflict:          "this conflicts with what is stored",
	CodeStale:             "this changed meanwhile; reload it and try again",
	CodeIllegalTransition: "that change of state is not allowed from the current state",
	CodeHashMismatch:      "the bytes do not match the SHA-256 sent with them",
	CodeTooLarge:          "the request body is too large",
	CodeUnsupported:       "this type of content is not accepted",
	CodeThrottled:         "too many failed logins; try again later",
	CodeMethod:            "method not allowed",
	CodeUnavailable:       "the store is not reachable; try again shortly",
	CodeInternal:          "internal error",
}

// byKind is the answer to each kind of failure.
var byKind = map[fault.Kind]struct {
	status int
	code   string
}{
	fault.NotFound:     {http.StatusNotFound, CodeNotFound},
	fault.Invalid:      {http.StatusUnprocessableEntity, CodeInvalid},
	fault.Conflict:     {http.StatusConflict, CodeConflict},
	fault.Forbidden:    {http.StatusForbidden, CodeForbidden},
	fault.Stale:        {http.StatusConflict, CodeStale},
	fault.WrongState:   {http.StatusConflict, CodeIllegalTransition},
	fault.Throttled:    {http.StatusTooManyRequests, CodeThrottled},
	fault.Unauthorized: {http.StatusUnauthorized, CodeUnauthorized},
	fault.Unsupported:  {http.StatusUnsupportedMediaType, CodeUnsupported},
	fault.Unavailable:  {http.StatusServiceUnavailable, CodeUnavailable},
}

// apiError is an error with its HTTP answer.
type apiError struct {
	status int
	code   string
	field  string
	// detail replaces the code's message when the message must say more (which field,
	// what limit); it never holds an internal error's text.
	detail   string
	problems []Problem
	// retryAfter is the Retry-After header, in seconds, for 429.
	retryAfter int
	err        error
}

func (e *apiError) Error() string {
	msg := e.detail
	if msg == "" {
		msg = messages[e.code]
	}
	if e.err != nil {
		return fmt.Sprintf("%d %s: %s: %v", e.status, e.code, msg, e.err)
	}
	return fmt.Sprintf("%d %s: %s", e.status, e.code, msg)
}

func (e *apiError) Unwrap() error { return e.err }

// Error is an answer for a handler to return: the status, one of the codes, the field at
// fault, a message for the user (the code's own when ""), and the cause, which goes to the
// log only.
func Error(status int, code, field, message string, cause error) error {
	return &apiError{status: status, code: code, field: field, detail: message, err: cause}
}

// Invalid is the 422 answer for a bad value of a field, named in the message.
func Invalid(field, reason string) error {
	return Error(http.StatusUnprocessableEntity, CodeInvalid, field, field+": "+reason, nil)
}

// NotFound is the answer for an id that does not exist or that the caller may not see:
// the same answer for both, so that a caller cannot tell them apart. It matches
// fault.NotFound.
func NotFound(field string) error {
	return Error(http.StatusNotFound, CodeNotFound, field, "", fault.NotFound)
}

// Malformed is the 400 answer for a request that cannot be read, naming the field when
// one is at fault.
func Malformed(field, message string) error {
	return Error(http.StatusBadRequest, CodeMalformed, field, message, nil)
}

// TooLarge is the 413 answer for a body or a part of it above a limit.
func TooLarge(field, message string) error {
	return Error(http.StatusRequestEntityTooLarge, CodeTooLarge, field, message, nil)
}

// Classify maps an error to its HTTP answer: the one place that decides statuses and
// codes. Answers built with Error keep theirs; domain errors answer by their kind
// (internal/fault), with the fields they blame and the wait they ask for; a cancelled or
// timed-out request and an unreachable store are 503; anything else is a 500.
func Classify(err error) (status int, body ErrorBody) {
	ae := classify(err)
	return ae.status, ae.body()
}

func classify(err error) *apiError {
	var ae *apiError
	var he *echo.HTTPError
	if errors.As(err, &ae) {
		return ae
	}
	if k := fault.Of(err); k != 0 {
		a := byKind[k]
		out := &apiError{status: a.status, code: a.code, err: err}
		for _, p := range fault.Problems(err) {
			out.problems = append(out.problems, Problem(p))
		}
		switch {
		case len(out.problems) == 1:
			out.field, out.detail, out.problems = out.problems[0].Field, out.problems[0].Message, nil
		case len(out.problems) > 1:
			out.field, out.detail = out.problems[0].Field, err.Error()
		}
		if d := fault.RetryIn(err); d > 0 {
			out.retryAfter = int((d + 999_999_999) / 1_000_000_000)
		}
		return out
	}
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return &apiError{status: he.Code, code: CodeNotFound, err: err}
		case http.StatusMethodNotAllowed:
			return &apiError{status: he.Code, code: CodeMethod, err: err}
		case http.StatusRequestEntityTooLarge:
			return &apiError{status: he.Code, code: CodeTooLarge, err: err}
		case http.StatusUnauthorized:
			return &apiError{status: he.Code, code: CodeUnauthorized, err: err}
		}
		return &apiError{status: http.StatusBadRequest, code: CodeMalformed, err: err}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &apiError{status: http.StatusRequestEntityTooLarge, code: CodeTooLarge,
			detail: fmt.Sprintf("the body is larger than %d bytes", mbe.Limit), err: err}
	}
	// A request cut short, or a store that cannot be reached, is the server's trouble
	// and passes: never a client error.
	var ne net.Error
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return &apiError{status: http.StatusServiceUnavailable, code: CodeUnavailable, err: err}
	}
	return &apiError{status: http.StatusInternalServerError, code: CodeInternal, err: err}
}

// body is the response body of an error.
func (e *apiError) body() ErrorBody {
	msg := e.detail
	if msg == "" || e.status >= 500 {
		msg = messages[e.code]
	}
	return ErrorBody{Code: e.code, Message: msg, Field: e.field, Problems: e.problems}
}

// errorHandler renders every error a handler returns, with the request's id, and logs the
// chain of those that are the server's fault.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		ae := classify(err)
		if ae.status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "method", c.Request().Method,
				"route", c.Path(), "request_id", RequestID(c), "err", err)
		}
		if ae.retryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(ae.status)
			return
		}
		b := ae.body()
		b.RequestID = RequestID(c)
		_ = c.JSON(ae.status, b)
	}
}
