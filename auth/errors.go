package auth

import (
	"errors"
	"fmt"
	"time"

	"cctvgis/internal/fault"
)

// Errors of the accounts. Stores wrap ErrNotFound and ErrExists; the service returns
// ErrUnauthorized for every failed login and every token it does not accept, so that a
// client cannot tell an unknown name from a wrong password.
var (
	// ErrNotFound is returned when a user or session is not stored.
	ErrNotFound = fault.New(fault.NotFound, "auth: not found")
	// ErrExists is returned when a user with that name (or id), or a session with that
	// token, is already stored.
	ErrExists = fault.New(fault.Conflict, "auth: already exists")
	// ErrUnauthorized is returned for a wrong name or password, and for a token that is
	// malformed, unknown, revoked or expired, or whose user is disabled.
	ErrUnauthorized = fault.New(fault.Unauthorized, "auth: not authorized")
	// ErrThrottled is returned, as a *ThrottledError, when a login is refused because of
	// too many failures for its name or its address.
	ErrThrottled = fault.New(fault.Throttled, "auth: too many failed logins")
	// ErrInvalid is returned, as a *FieldError, for a name, role, district or password that
	// breaks the rules.
	ErrInvalid = fault.New(fault.Invalid, "auth: invalid value")
	// ErrBadHash is returned for a stored password hash that is not a PHC string of a kind
	// this package reads.
	ErrBadHash = errors.New("auth: malformed password hash")
)

// errBadLogin is the one error of a failed login, whatever the reason.
var errBadLogin = fmt.Errorf("%w: wrong name or password", ErrUnauthorized)

// ThrottledError is a login refused by the Limiter; it matches ErrThrottled.
type ThrottledError struct {
	// RetryAfter is how long the client must wait before the next attempt can be heard.
	RetryAfter time.Duration
}

// Error says how long to wait, in whole seconds rounded up.
func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v; retry after %v", ErrThrottled, e.Seconds())
}

// Seconds is RetryAfter rounded up to whole seconds, as an HTTP Retry-After header
// carries it.
func (e *ThrottledError) Seconds() time.Duration {
	return (e.RetryAfter + time.Second - 1).Truncate(time.Second)
}

// Unwrap returns ErrThrottled, so that the error matches it and its kind.
func (e *ThrottledError) Unwrap() error { return ErrThrottled }

// RetryIn is how long to wait, in whole seconds, for the HTTP answer's Retry-After.
func (e *ThrottledError) RetryIn() time.Duration { return e.Seconds() }

// FieldError is a value that breaks the rules of its field; it matches ErrInvalid.
type FieldError struct {
	// Field is the name of the field: "name", "role", "district" or "password".
	Field string
	// Reason says what is wrong, for the person who typed it.
	Reason string
}

// Error names the field and the reason.
func (e *FieldError) Error() string {
	return fmt.Sprintf("%v: %s: %s", ErrInvalid, e.Field, e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// FieldProblems names the field at fault.
func (e *FieldError) FieldProblems() []fault.Problem {
	return []fault.Problem{{Code: "invalid", Field: e.Field, Message: e.Field + ": " + e.Reason}}
}
