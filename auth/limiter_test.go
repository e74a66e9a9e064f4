package auth_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"cctvgis/auth"
	"cctvgis/data/storetest"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// The limiter in memory behaves as the PostGIS store's limiter does: they run one suite.
func TestLimiter(t *testing.T) {
	storetest.RunLimiter(t, func(_ *testing.T, cfg auth.LimiterConfig, now func() time.Time) *auth.Limiter {
		return auth.NewLimiter(cfg, now)
	})
}

// The in-memory limiter's store passes the suite the PostGIS store passes.
func TestMemThrottleConformance(t *testing.T) {
	storetest.RunThrottle(t, func(*testing.T) auth.ThrottleStore { return auth.NewMemThrottle(10_000) })
}

// attempt is one login attempt of a test and the wait it must get (0: let through, and
// then left as a failure).
type attempt struct {
	name, addr string
	want       time.Duration
}

func runAttempts(t *testing.T, l *auth.Limiter, attempts []attempt) {
	t.Helper()
	for i, a := range attempts {
		err := l.Attempt(t.Context(), a.name, a.addr)
		te, isWait := errors.AsType[*auth.ThrottledError](err)
		switch {
		case a.want == 0 && err != nil:
			t.Fatalf("attempt %d (%s from %s): refused (%v), want let through", i, a.name, a.addr, err)
		case a.want != 0 && (!isWait || te.RetryAfter != a.want):
			t.Fatalf("attempt %d (%s from %s): error %v, want a wait of %v", i, a.name, a.addr, err, a.want)
		}
	}
}

// The limiter in memory remembers at most MaxKeys names; the one changed least recently
// goes first.
func TestLimiterForgetsTheOldestBeyondMaxKeys(t *testing.T) {
	c := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	p := auth.Policy{Free: 1, Delay: time.Minute, MaxDelay: time.Minute, Lockout: 2, LockFor: time.Hour, Window: time.Hour}
	loose := auth.Policy{Free: 1000, Lockout: 1000, Window: time.Hour}
	l := auth.NewLimiter(auth.LimiterConfig{ByName: p, ByAddr: loose, MaxKeys: 3}, c.now)
	runAttempts(t, l, []attempt{
		{name: "old", addr: "a"}, // "old" must wait a minute
		{name: "kept", addr: "a"},
		{name: "old", addr: "a", want: time.Minute},
		{name: "b", addr: "a"},
	})
	c.advance(time.Minute)
	runAttempts(t, l, []attempt{
		{name: "kept", addr: "a"}, // locks "kept" for an hour and changes it
		{name: "c", addr: "a"},    // four names: "old" is forgotten, "kept" stays
		{name: "kept", addr: "a", want: time.Hour},
		{name: "old", addr: "a"},
	})
}

// NewLimiterFor keeps the failures in a store that keeps them, so that two limiters on it
// (two server processes) count them together; on any other store each limiter counts its
// own.
func TestNewLimiterFor(t *testing.T) {
	tests := []struct {
		name   string
		store  func() auth.Store
		shared bool
	}{
		{"a store that keeps throttles", func() auth.Store {
			return throttlingStore{memStore: newMemStore(), ThrottleStore: auth.NewMemThrottle(10)}
		}, true},
		{"a store that does not", func() auth.Store { return newMemStore() }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
			st := tc.store()
			first := auth.NewLimiterFor(auth.LimiterConfig{}, st, c.now)
			second := auth.NewLimiterFor(auth.LimiterConfig{}, st, c.now)
			free := auth.DefaultLimiterConfig().ByName.Free
			for range free {
				if err := first.Attempt(t.Context(), "wang", "192.0.2.1"); err != nil {
					t.Fatal(err)
				}
			}
			err := second.Attempt(t.Context(), "wang", "192.0.2.1")
			if shared := errors.Is(err, auth.ErrThrottled); shared != tc.shared {
				t.Errorf("after %d failures on the first limiter the second answers %v; shared %v, want %v", free, err, shared, tc.shared)
			}
		})
	}
}

// throttlingStore is a store that keeps the limiter's state, as the PostGIS store does.
type throttlingStore struct {
	*memStore
	auth.ThrottleStore
}

func TestLimiterDeleteExpired(t *testing.T) {
	c := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	l := auth.NewLimiter(auth.LimiterConfig{}, c.now)
	cfg := auth.DefaultLimiterConfig()
	runAttempts(t, l, []attempt{{name: "wang", addr: "192.0.2.1"}})
	c.advance(cfg.ByName.Window - time.Second)
	runAttempts(t, l, []attempt{{name: "li", addr: "192.0.2.2"}})
	c.advance(time.Second)
	if n, err := l.DeleteExpired(t.Context()); n != 2 || err != nil {
		t.Fatalf("deleted %d, %v; want wang's name and address, 2", n, err)
	}
}

func TestNilLimiterLetsEverythingThrough(t *testing.T) {
	var l *auth.Limiter
	ctx := t.Context()
	for range 100 {
		if err := l.Attempt(ctx, "x", "y"); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(l.Succeeded(ctx, "x", "y"), l.Abandoned(ctx, "x", "y")); err != nil {
		t.Fatal(err)
	}
	if n, err := l.DeleteExpired(ctx); n != 0 || err != nil {
		t.Fatalf("deleted %d, %v", n, err)
	}
}

func TestThrottledErrorRoundsUp(t *testing.T) {
	tests := []struct {
		name string
		in   time.Duration
		want time.Duration
	}{
		{"a fraction is a second", 400 * time.Millisecond, time.Second},
		{"whole seconds stay", 2 * time.Second, 2 * time.Second},
		{"just over", 2*time.Second + time.Nanosecond, 3 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := &auth.ThrottledError{RetryAfter: tc.in}
			if got := e.Seconds(); got != tc.want {
				t.Errorf("Seconds = %v, want %v", got, tc.want)
			}
			if want := fmt.Sprintf("auth: too many failed logins; retry after %v", tc.want); e.Error() != want {
				t.Errorf("Error = %q, want %q", e.Error(), want)
			}
		})
	}
}
