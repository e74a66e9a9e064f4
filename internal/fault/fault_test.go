package fault_test

import (
	"errors"
	"fmt"
	"testing"

	"cctvgis/internal/fault"
)

type fieldErr struct{ field string }

func (e *fieldErr) Error() string { return e.field + ": bad" }
func (e *fieldErr) Unwrap() error { return errInvalid }
func (e *fieldErr) FieldProblems() []fault.Problem {
	return []fault.Problem{{Code: "bad", Field: e.field, Message: "bad"}}
}

var (
	errNotFound = fault.New(fault.NotFound, "thing: not found")
	errInvalid  = fault.New(fault.Invalid, "thing: invalid")
)

func TestOf(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want fault.Kind
	}{
		{"a sentinel", errNotFound, fault.NotFound},
		{"a wrapped sentinel", fmt.Errorf("loading thing 4: %w", errNotFound), fault.NotFound},
		{"an error type unwrapping to a sentinel", &fieldErr{"name"}, fault.Invalid},
		{"a kind itself", fault.Stale, fault.Stale},
		{"a plain error", errors.New("disk on fire"), 0},
		{"nil", nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fault.Of(c.err); got != c.want {
				t.Errorf("Of(%v) = %v, want %v", c.err, got, c.want)
			}
		})
	}
}

func TestSentinelKeepsItsMessageAndIdentity(t *testing.T) {
	if errNotFound.Error() != "thing: not found" {
		t.Errorf("message %q", errNotFound)
	}
	other := fault.New(fault.NotFound, "thing: not found")
	if errors.Is(errNotFound, other) {
		t.Error("two sentinels of one kind and message match each other; each must be its own")
	}
	if errors.Is(errNotFound, fault.Invalid) {
		t.Error("a not-found sentinel matches Invalid")
	}
}

func TestProblems(t *testing.T) {
	err := fmt.Errorf("saving: %w", &fieldErr{"camera.azimuth"})
	ps := fault.Problems(err)
	if len(ps) != 1 || ps[0].Field != "camera.azimuth" {
		t.Errorf("Problems = %+v", ps)
	}
	if fault.Problems(errNotFound) != nil {
		t.Error("a sentinel blames fields")
	}
}

func TestEveryKindHasAName(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range fault.Kinds() {
		name := k.Error()
		if name == "unknown kind of failure" || seen[name] {
			t.Errorf("kind %d is named %q", k, name)
		}
		seen[name] = true
	}
}
