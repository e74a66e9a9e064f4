package auth_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"cctvgis/auth"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// outcome is what the test reports after an attempt is let through.
type outcome int

const (
	failed outcome = iota
	succeeded
	abandoned
)

// step is one login attempt after waiting: want is the wait the limiter must impose
// (0: the attempt is let through and then ends with out).
type step struct {
	wait       time.Duration
	name, addr string
	out        outcome
	want       time.Duration
	times      int // repeats of the step; 0 is 1
}

// fails returns n failed attempts of name from addr, let through.
func fails(n int, name, addr string) step {
	return step{name: name, addr: addr, times: n}
}

func runSteps(t *testing.T, l *auth.Limiter, c *fakeClock, steps []step) {
	t.Helper()
	for i, s := range steps {
		for range max(s.times, 1) {
			c.advance(s.wait)
			err := l.Attempt(s.name, s.addr)
			var te *auth.ThrottledError
			switch {
			case s.want == 0 && err != nil:
				t.Fatalf("step %d (%s from %s): refused (%v), want let through", i, s.name, s.addr, err)
			case s.want != 0 && (!errors.As(err, &te) || !errors.Is(err, auth.ErrThrottled)):
				t.Fatalf("step %d (%s from %s): error %v, want a wait of %v", i, s.name, s.addr, err, s.want)
			case s.want != 0 && te.RetryAfter != s.want:
				t.Fatalf("step %d (%s from %s): wait %v, want %v", i, s.name, s.addr, te.RetryAfter, s.want)
			case s.want == 0 && s.out == succeeded:
				l.Succeeded(s.name, s.addr)
			case s.want == 0 && s.out == abandoned:
				l.Abandoned(s.name, s.addr)
			}
		}
	}
}

func TestLimiter(t *testing.T) {
	const a1, a2 = "198.51.100.7", "203.0.113.9"
	tests := []struct {
		name  string
		steps []step
	}{
		{"a name gets five free failures, then doubling waits, then a lockout", []step{
			fails(5, "wang", a1),
			{name: "wang", addr: a1, want: time.Second},
			{wait: time.Second, name: "wang", addr: a1},
			{name: "wang", addr: a1, want: 2 * time.Second},
			{wait: 2 * time.Second, name: "wang", addr: a1},
			{wait: 4 * time.Second, name: "wang", addr: a1},
			{wait: 8 * time.Second, name: "wang", addr: a1},
			{wait: 16 * time.Second, name: "wang", addr: a1}, // the 10th failure locks
			{name: "wang", addr: a1, want: 15 * time.Minute},
			{name: "wang", addr: a2, want: 15 * time.Minute},
			{wait: 15*time.Minute - time.Second, name: "wang", addr: a2, want: time.Second},
			// After the lockout the name starts again.
			{wait: time.Second, name: "wang", addr: a2},
			fails(3, "wang", a2),
		}},
		{"refused attempts are not counted", []step{
			fails(5, "li", a1),
			{name: "li", addr: a1, want: time.Second, times: 100},
			{wait: time.Second, name: "li", addr: a1},
			{name: "li", addr: a1, want: 2 * time.Second},
		}},
		{"success forgets the name's failures", []step{
			fails(4, "zhao", a1),
			{name: "zhao", addr: a1, out: succeeded},
			fails(4, "zhao", a1),
			{name: "zhao", addr: a1, out: succeeded},
			fails(5, "zhao", a1),
			{name: "zhao", addr: a1, want: time.Second},
		}},
		{"abandoned attempts count for nothing", []step{
			{name: "qian", addr: a1, out: abandoned, times: 60},
			fails(4, "qian", a1),
		}},
		{"fifteen quiet minutes forget the failures", []step{
			fails(4, "sun", a1),
			{wait: 15 * time.Minute, name: "sun", addr: a1},
			fails(3, "sun", a1),
			{name: "sun", addr: a1},
			{name: "sun", addr: a1, want: time.Second},
		}},
		{"failures closer than the window add up", []step{
			fails(4, "wu", a1),
			{wait: 14 * time.Minute, name: "wu", addr: a1},
			{name: "wu", addr: a1, want: time.Second},
		}},
		{"one locked name leaves other names alone", []step{
			fails(5, "zheng", a1),
			{wait: time.Second, name: "zheng", addr: a1}, {wait: 2 * time.Second, name: "zheng", addr: a1},
			{wait: 4 * time.Second, name: "zheng", addr: a1}, {wait: 8 * time.Second, name: "zheng", addr: a1},
			{wait: 16 * time.Second, name: "zheng", addr: a1},
			{name: "zheng", addr: a2, want: 15 * time.Minute},
			fails(4, "feng", a2),
		}},
		{"an address is limited across names", []step{
			fails(5, "n1", a1), fails(5, "n2", a1), fails(5, "n3", a1), fails(5, "n4", a1),
			{name: "n5", addr: a1, want: time.Second},
			{name: "n5", addr: a2},
		}},
		{"a success from an address does not clear its other failures", []step{
			fails(4, "m1", a1), fails(4, "m2", a1), fails(4, "m3", a1), fails(4, "m4", a1), fails(3, "m5", a1),
			{name: "good", addr: a1, out: succeeded},
			{name: "m6", addr: a1},
			{name: "m7", addr: a1, want: time.Second},
		}},
		{"an IPv6 /64 is one address", []step{
			fails(4, "v1", "2001:db8:1:2::1"), fails(4, "v2", "2001:db8:1:2::2"), fails(4, "v3", "2001:db8:1:2:ffff::3"),
			fails(4, "v4", "[2001:db8:1:2::4]:443"), fails(4, "v5", "2001:db8:1:2::5%eth0"),
			{name: "v6", addr: "2001:db8:1:2::6", want: time.Second},
			{name: "v6", addr: "2001:db8:1:3::6"},
		}},
		{"ports and IPv4-mapped IPv6 name the same address", []step{
			fails(4, "p1", "192.0.2.1:1000"), fails(4, "p2", "[::ffff:192.0.2.1]:2000"), fails(4, "p3", "::ffff:192.0.2.1"),
			fails(4, "p4", "192.0.2.1"), fails(4, "p5", "192.0.2.1:3000"),
			{name: "p6", addr: "192.0.2.1", want: time.Second},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
			l := auth.NewLimiter(auth.LimiterConfig{}, c.now)
			runSteps(t, l, c, tc.steps)
		})
	}
}

// An attempt counts as a failure while it is being checked, so that guesses sent together
// cannot all pass before the first failure is counted.
func TestLimiterCountsAttemptsInFlight(t *testing.T) {
	c := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	l := auth.NewLimiter(auth.LimiterConfig{}, c.now)
	for i := range 5 {
		if err := l.Attempt("chen", "192.0.2.8"); err != nil {
			t.Fatalf("attempt %d in flight: %v", i, err)
		}
	}
	if err := l.Attempt("chen", "192.0.2.8"); !errors.Is(err, auth.ErrThrottled) {
		t.Fatalf("a sixth attempt while five are in flight: %v, want ErrThrottled", err)
	}
	for range 5 {
		l.Abandoned("chen", "192.0.2.8")
	}
	if err := l.Attempt("chen", "192.0.2.8"); err != nil {
		t.Fatalf("after the five were abandoned: %v", err)
	}
}

func TestLimiterAddressLockout(t *testing.T) {
	c := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	l := auth.NewLimiter(auth.LimiterConfig{}, c.now)
	cfg := auth.DefaultLimiterConfig().ByAddr
	for i := range cfg.Lockout {
		name := fmt.Sprintf("spray%d", i)
		var te *auth.ThrottledError
		if err := l.Attempt(name, "198.51.100.1"); errors.As(err, &te) {
			c.advance(te.RetryAfter)
			if err := l.Attempt(name, "198.51.100.1"); err != nil {
				t.Fatalf("attempt %d after waiting: %v", i, err)
			}
		}
	}
	var te *auth.ThrottledError
	if err := l.Attempt("fresh", "198.51.100.1"); !errors.As(err, &te) || te.RetryAfter != cfg.LockFor {
		t.Fatalf("after %d failures from one address: %v, want a lockout of %v", cfg.Lockout, err, cfg.LockFor)
	}
}

// The limiter remembers at most MaxKeys names; the one touched least recently goes first.
func TestLimiterForgetsTheOldestBeyondMaxKeys(t *testing.T) {
	c := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	p := auth.Policy{Free: 1, Delay: time.Minute, MaxDelay: time.Minute, Lockout: 2, LockFor: time.Hour, Window: time.Hour}
	loose := auth.Policy{Free: 1000, Lockout: 1000, Window: time.Hour}
	l := auth.NewLimiter(auth.LimiterConfig{ByName: p, ByAddr: loose, MaxKeys: 3}, c.now)
	steps := []step{
		fails(1, "old", "a"), // "old" must wait a minute
		fails(1, "kept", "a"),
		{name: "old", addr: "a", want: time.Minute},
		fails(1, "b", "a"),
		{wait: time.Minute, name: "kept", addr: "a"}, // locks "kept" for an hour and touches it
		fails(1, "c", "a"),                           // four names: "old" is forgotten, "kept" stays
		{name: "kept", addr: "a", want: time.Hour},
		fails(1, "old", "a"),
	}
	runSteps(t, l, c, steps)
}

func TestNilLimiterLetsEverythingThrough(t *testing.T) {
	var l *auth.Limiter
	for range 100 {
		if err := l.Attempt("x", "y"); err != nil {
			t.Fatal(err)
		}
	}
	l.Succeeded("x", "y")
	l.Abandoned("x", "y")
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
