package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"cctvgis/internal/audit"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
)

// VersionStore is what the version suite needs of a store: its version, and the writes
// that move it, of the layers and of the plans applied to them.
type VersionStore interface {
	coverage.VersionStore
	PlanStore
}

// WatchTimeout is how soon a version watch must report a change: each process serving
// one city reloads within two seconds of another's change.
const WatchTimeout = 2 * time.Second

// RunVersion runs the conformance suite of coverage.VersionStore against a store, through
// the interfaces only. open returns a new, empty store for one subtest.
func RunVersion(t *testing.T, open func(t *testing.T) VersionStore) {
	t.Helper()
	cases := []struct {
		name string
		run  func(t *testing.T, s VersionStore)
	}{
		{"a new store is at version 0", testVersionNew},
		{"each put moves the version by one; reads do not", testVersionPut},
		{"an apply moves the version; creating and saving plans do not", testVersionApply},
		{"refused, stale and cancelled writes leave the version", testVersionRefused},
		{"a watch reports the version, then each put's", testVersionWatchPut},
		{"a watch reports an apply's version", testVersionWatchApply},
		{"a watch ends with its context", testVersionWatchEnds},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
	}
}

// WantVersion fails the test unless the store is at version want after what the test did.
func WantVersion(t *testing.T, s coverage.VersionStore, want int64, after string) {
	t.Helper()
	v, err := s.Version(t.Context())
	switch {
	case err != nil:
		t.Fatalf("reading the version after %s: %v", after, err)
	case v != want:
		t.Errorf("version %d after %s, want %d", v, after, want)
	}
}

// VersionWatch is a store's version watch run for a test.
type VersionWatch struct {
	seen    chan int64
	last    int64
	cancel  context.CancelFunc
	done    chan error
	stopped bool
}

// Watch starts s.WatchVersion for the test, which stops it at its end if it has not.
func Watch(t *testing.T, s coverage.VersionStore) *VersionWatch {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	w := &VersionWatch{seen: make(chan int64, 16), last: -1, cancel: cancel, done: make(chan error, 1)}
	go func() {
		w.done <- s.WatchVersion(ctx, func(v int64) {
			select {
			case w.seen <- v:
			case <-ctx.Done():
			}
		})
	}()
	t.Cleanup(func() { w.Stop(t) })
	return w
}

// Next waits for the next version the watch reports, at most WatchTimeout, and wants it
// above the one before.
func (w *VersionWatch) Next(t *testing.T) int64 {
	t.Helper()
	select {
	case v := <-w.seen:
		if v <= w.last {
			t.Errorf("the watch reported version %d after %d", v, w.last)
		}
		w.last = v
		return v
	case err := <-w.done:
		t.Fatalf("the watch ended: %v", err)
	case <-time.After(WatchTimeout):
		t.Fatalf("the watch reported nothing in %v after version %d", WatchTimeout, w.last)
	}
	return 0
}

// Until waits for the watch to report version want, each report above the one before
// and none beyond want.
func (w *VersionWatch) Until(t *testing.T, want int64) {
	t.Helper()
	for w.last < want {
		if v := w.Next(t); v > want {
			t.Fatalf("the watch reported version %d, beyond %d", v, want)
		}
	}
}

// Stop cancels the watch's context and wants the watch to end with context.Canceled,
// within WatchTimeout.
func (w *VersionWatch) Stop(t *testing.T) {
	t.Helper()
	if w.stopped {
		return
	}
	w.stopped = true
	w.cancel()
	select {
	case err := <-w.done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the watch ended with %v, want context.Canceled", err)
		}
	case <-time.After(WatchTimeout):
		t.Errorf("the watch did not end within %v of its context", WatchTimeout)
	}
}

func testVersionNew(t *testing.T, s VersionStore) {
	t.Helper()
	WantVersion(t, s, 0, "opening")
}

func testVersionPut(t *testing.T, s VersionStore) {
	t.Helper()
	for i := range int64(3) {
		// The same layers every time: a put moves the version even when it changes no
		// feature.
		if _, err := s.PutLayers(t.Context(), planCityLayers()); err != nil {
			t.Fatal(err)
		}
		WantVersion(t, s, i+1, "a put")
	}
	read(t, s, coverage.LayerQuery{})
	read(t, s, coverage.LayerQuery{District: planDistrict})
	if err := s.Plans(t.Context(), plan.Query{}, func(*plan.Plan) error { return nil }); err != nil {
		t.Fatal(err)
	}
	WantVersion(t, s, 3, "reads")
}

// approvedChange puts the suite's city into s and steps plan PL1 to approval: it returns
// the plan with the camera change and the event that apply it.
func approvedChange(t *testing.T, s PlanStore) (*planFlow, plan.CameraChange, audit.Entry) {
	t.Helper()
	f := approvedPlan(t, s, newPlanCity(t, s), "PL1")
	ch, ev := f.change(t, s)
	return f, ch, ev
}

func testVersionApply(t *testing.T, s VersionStore) {
	t.Helper()
	f, ch, ev := approvedChange(t, s)
	WantVersion(t, s, 1, "putting the city, then creating and saving a plan")
	if _, err := s.ApplyPlan(t.Context(), f.p, f.rev, ch, ev); err != nil {
		t.Fatal(err)
	}
	WantVersion(t, s, 2, "an apply")
}

func testVersionRefused(t *testing.T, s VersionStore) {
	t.Helper()
	f, ch, ev := approvedChange(t, s)
	bad := coverage.Camera{ID: "bad", Pos: ch.Upsert[0].Pos, HFOV: 60, Range: -5, Owner: "公安局", Investment: coverage.Government}
	invalid := ch
	invalid.Upsert = append(invalid.Upsert[:len(invalid.Upsert):len(invalid.Upsert)], bad)
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	calls := []struct {
		name string
		call func() error
		want error
	}{
		{"an invalid put", func() error {
			_, err := s.PutLayers(t.Context(), &coverage.Layers{Cameras: []coverage.Camera{bad}})
			return err
		}, rulebook.ErrInvalid},
		{"a cancelled put", func() error { _, err := s.PutLayers(cancelled, planCityLayers()); return err }, context.Canceled},
		{"an apply of an invalid camera", func() error { _, err := s.ApplyPlan(t.Context(), f.p, f.rev, invalid, ev); return err }, rulebook.ErrInvalid},
		{"a stale apply", func() error { _, err := s.ApplyPlan(t.Context(), f.p, f.rev-1, ch, ev); return err }, plan.ErrStale},
		{"a cancelled apply", func() error { _, err := s.ApplyPlan(cancelled, f.p, f.rev, ch, ev); return err }, context.Canceled},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, c.want) {
				t.Fatalf("%s: %v, want %v", c.name, err, c.want)
			}
			WantVersion(t, s, 1, c.name)
		})
	}
	if _, err := s.Version(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Version with a cancelled context: %v, want context.Canceled", err)
	}
}

func testVersionWatchPut(t *testing.T, s VersionStore) {
	t.Helper()
	w := Watch(t, s)
	if v := w.Next(t); v != 0 {
		t.Errorf("the watch began at version %d, want 0", v)
	}
	if _, err := s.PutLayers(t.Context(), planCityLayers()); err != nil {
		t.Fatal(err)
	}
	w.Until(t, 1)
	// Puts in quick succession may be reported together, but in order, up to the last.
	for range 3 {
		if _, err := s.PutLayers(t.Context(), planCityLayers()); err != nil {
			t.Fatal(err)
		}
	}
	w.Until(t, 4)
}

func testVersionWatchApply(t *testing.T, s VersionStore) {
	t.Helper()
	f, ch, ev := approvedChange(t, s)
	// A watch begun after a change reports it first.
	w := Watch(t, s)
	if v := w.Next(t); v != 1 {
		t.Errorf("the watch began at version %d, want 1", v)
	}
	if _, err := s.ApplyPlan(t.Context(), f.p, f.rev, ch, ev); err != nil {
		t.Fatal(err)
	}
	w.Until(t, 2)
}

func testVersionWatchEnds(t *testing.T, s VersionStore) {
	t.Helper()
	w := Watch(t, s)
	w.Next(t)
	w.Stop(t)
}
