package mobileapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/inspect"
)

// ErrorBody is the body of every error response: a stable code for programs, a message
// for people, and the field at fault when there is one.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Problems lists every invalid field of a rejected inspection.
	Problems []inspect.Problem `json:"problems,omitempty"`
}

// The stable error codes, and the one message each sends. All user-facing error text is
// here; the log gets the error chain, which never reaches a response.
const (
	codeMalformed     = "malformed"
	codeUnknownField  = "unknown_field"
	codeInvalid       = "invalid"
	codeUnauthorized  = "unauthorized"
	codeForbidden     = "forbidden"
	codeNotFound      = "not_found"
	codeConflict      = "conflict"
	codeTooLarge      = "too_large"
	codeUnsupported   = "unsupported_media_type"
	codeThrottled     = "too_many_attempts"
	codeHashMismatch  = "hash_mismatch"
	codeIllegalMove   = "illegal_transition"
	codeInternal      = "internal"
	codeUnavailable   = "unavailable"
	codeMethod        = "method_not_allowed"
	codeBadCredential = "bad_credentials"
)

var messages = map[string]string{
	codeMalformed:     "the request is not well-formed",
	codeUnknownField:  "the request has a field this API does not know",
	codeInvalid:       "a value is not acceptable",
	codeUnauthorized:  "log in first: the token is missing, expired or revoked",
	codeBadCredential: "wrong name or password",
	codeForbidden:     "your role may not do this",
	codeNotFound:      "no such object",
	codeConflict:      "this conflicts with what is stored",
	codeTooLarge:      "the request body is too large",
	codeUnsupported:   "only JPEG and PNG photos are accepted",
	codeThrottled:     "too many failed logins; try again later",
	codeHashMismatch:  "the bytes do not match the SHA-256 sent with them",
	codeIllegalMove:   "that change of state is not allowed from the current state",
	codeInternal:      "internal error",
	codeUnavailable:   "the store is not reachable",
	codeMethod:        "method not allowed",
}

// apiError is an error with its HTTP status, code and, where one is at fault, field.
type apiError struct {
	status int
	code   string
	field  string
	// detail replaces the code's message when the message must say more (which field,
	// what limit); it never holds an internal error's text.
	detail   string
	problems []inspect.Problem
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

func fail(status int, code, field, detail string) *apiError {
	return &apiError{status: status, code: code, field: field, detail: detail}
}

// notFound is the answer for an id that does not exist or that the caller may not see.
func notFound(field string) *apiError {
	return fail(http.StatusNotFound, codeNotFound, field, "")
}

// classify maps an error to its HTTP answer: the one place that decides status codes.
func classify(err error) *apiError {
	var ae *apiError
	var ve *inspect.ValidationError
	var te *auth.ThrottledError
	var fe *auth.FieldError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &ve):
		return &apiError{status: http.StatusUnprocessableEntity, code: codeInvalid, problems: ve.Problems,
			field: firstField(ve.Problems), detail: ve.Error(), err: err}
	case errors.As(err, &te):
		return &apiError{status: http.StatusTooManyRequests, code: codeThrottled, retryAfter: int(te.Seconds().Seconds()), err: err}
	case errors.As(err, &fe):
		return &apiError{status: http.StatusUnprocessableEntity, code: codeInvalid, field: fe.Field, detail: fe.Field + ": " + fe.Reason, err: err}
	case errors.Is(err, auth.ErrUnauthorized):
		return &apiError{status: http.StatusUnauthorized, code: codeUnauthorized, err: err}
	case errors.Is(err, inspect.ErrNotFound), errors.Is(err, auth.ErrNotFound):
		return &apiError{status: http.StatusNotFound, code: codeNotFound, err: err}
	case errors.Is(err, inspect.ErrConflict):
		return &apiError{status: http.StatusConflict, code: codeConflict, err: err}
	case errors.Is(err, inspect.ErrInvalid):
		return &apiError{status: http.StatusUnprocessableEntity, code: codeInvalid, detail: err.Error(), err: err}
	case errors.Is(err, inspect.ErrIllegalTransition):
		return &apiError{status: http.StatusConflict, code: codeIllegalMove, err: err}
	case errors.Is(err, inspect.ErrHashMismatch):
		return &apiError{status: http.StatusUnprocessableEntity, code: codeHashMismatch, field: "sha256", err: err}
	case errors.Is(err, inspect.ErrUnsupportedFormat):
		return &apiError{status: http.StatusUnsupportedMediaType, code: codeUnsupported, field: "file", err: err}
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return &apiError{status: he.Code, code: codeNotFound, err: err}
		case http.StatusMethodNotAllowed:
			return &apiError{status: he.Code, code: codeMethod, err: err}
		case http.StatusRequestEntityTooLarge:
			return &apiError{status: he.Code, code: codeTooLarge, err: err}
		case http.StatusUnauthorized:
			return &apiError{status: he.Code, code: codeUnauthorized, err: err}
		}
		return &apiError{status: http.StatusBadRequest, code: codeMalformed, err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &apiError{status: http.StatusServiceUnavailable, code: codeUnavailable, err: err}
	}
	return &apiError{status: http.StatusInternalServerError, code: codeInternal, err: err}
}

func firstField(ps []inspect.Problem) string {
	if len(ps) == 0 {
		return ""
	}
	return ps[0].Field
}

// body is the response body of an error.
func (e *apiError) body() ErrorBody {
	msg := e.detail
	if msg == "" || e.status >= 500 {
		msg = messages[e.code]
	}
	return ErrorBody{Code: e.code, Message: msg, Field: e.field, Problems: e.problems}
}

// errorHandler renders every error a handler returns, and logs the chain of those that
// are the server's fault.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		ae := classify(err)
		if ae.status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "method", c.Request().Method,
				"path", c.Path(), "err", err)
		}
		if ae.retryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(ae.retryAfter))
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(ae.status)
			return
		}
		_ = c.JSON(ae.status, ae.body())
	}
}

// Error is an answer of the API for routes of other packages: the status, a code from
// the API's list (such as "invalid", "conflict", "forbidden", "not_found"), the field at
// fault and a message for the user; cause goes to the log only.
func Error(status int, code, field, message string, cause error) error {
	return &apiError{status: status, code: code, field: field, detail: message, err: cause}
}
