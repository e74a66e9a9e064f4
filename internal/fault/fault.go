package fault

import (
	"errors"
	"time"
)

// Kind is a kind of failure. A Kind is itself an error, so that errors.Is(err, NotFound)
// asks whether err is of that kind.
type Kind uint8

// The kinds of failure.
const (
	// NotFound: the named object does not exist, or the caller may not see it.
	NotFound Kind = iota + 1
	// Invalid: a value breaks the rules of its field.
	Invalid
	// Conflict: the request contradicts what is stored (the same id with another body).
	Conflict
	// Forbidden: the caller's role may not do this.
	Forbidden
	// Stale: the object changed since the caller read it, or the request was made for a
	// state of the city that has moved on; read again and redo.
	Stale
	// WrongState: the object's state does not allow this change.
	WrongState
	// Throttled: too many attempts; the error says when to retry (RetryAfter).
	Throttled
	// Unauthorized: no valid login.
	Unauthorized
	// Unsupported: the content's type or format is not accepted.
	Unsupported
	// Unavailable: a store or service the request needs is not reachable.
	Unavailable
)

var kindNames = [...]string{
	NotFound:     "not found",
	Invalid:      "invalid",
	Conflict:     "conflict",
	Forbidden:    "forbidden",
	Stale:        "stale",
	WrongState:   "wrong state",
	Throttled:    "throttled",
	Unauthorized: "unauthorized",
	Unsupported:  "unsupported",
	Unavailable:  "unavailable",
}

// Error names the kind.
func (k Kind) Error() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown kind of failure"
}

// Kinds are every kind, in the order errors are matched against them by Of.
func Kinds() []Kind {
	return []Kind{NotFound, Invalid, Conflict, Forbidden, Stale, WrongState, Throttled, Unauthorized, Unsupported, Unavailable}
}

// sentinel is a domain's named error of one kind.
type sentinel struct {
	kind Kind
	msg  string
}

func (s *sentinel) Error() string { return s.msg }

// Is makes the sentinel match its kind.
func (s *sentinel) Is(target error) bool { return target == error(s.kind) }

// New returns a sentinel error with the message msg (package-prefixed, as
// "inspect: not found") that matches kind k under errors.Is.
func New(k Kind, msg string) error { return &sentinel{kind: k, msg: msg} }

// Of returns the kind err matches, 0 when it matches none.
func Of(err error) Kind {
	for _, k := range Kinds() {
		if errors.Is(err, k) {
			return k
		}
	}
	return 0
}

// Problem is one field at fault: its path (camera.azimuth, position.lat), a stable code
// and a message for people.
type Problem struct {
	Code    string
	Field   string
	Message string
}

// FieldProblems is implemented by errors that blame fields of a request.
type FieldProblems interface {
	FieldProblems() []Problem
}

// Problems returns the fields err blames, nil when it blames none.
func Problems(err error) []Problem {
	var fp FieldProblems
	if errors.As(err, &fp) {
		return fp.FieldProblems()
	}
	return nil
}

// Retrier is implemented by throttling errors: how long to wait before trying again.
type Retrier interface {
	RetryIn() time.Duration
}

// RetryIn returns how long err asks the caller to wait, 0 when it does not say.
func RetryIn(err error) time.Duration {
	var r Retrier
	if errors.As(err, &r) {
		return r.RetryIn()
	}
	return 0
}
