package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/netip"
	"time"
)

// Policy is how a Limiter treats the failed logins of one key (a name, or an address).
type Policy struct {
	// Free is how many failures are heard without delay.
	Free int
	// Delay is the wait imposed after failure number Free, doubled after each further
	// failure up to MaxDelay; attempts during the wait are refused.
	Delay, MaxDelay time.Duration
	// Lockout is the failure at which the key is refused for LockFor.
	Lockout int
	// LockFor is how long a locked key is refused.
	LockFor time.Duration
	// Window is how long the failures of a key are remembered after its last failure;
	// a key quiet for Window (and not refused) starts again from zero.
	Window time.Duration
}

// LimiterConfig configures a Limiter.
type LimiterConfig struct {
	// ByName limits the failures for one user name, whether or not it exists.
	ByName Policy
	// ByAddr limits the failures from one client address (an IPv6 address by its /64),
	// across names; looser than ByName, since a station's phones may share one.
	ByAddr Policy
	// MaxKeys bounds the names and, separately, the addresses a limiter in memory
	// remembers; beyond it the one changed least recently is forgotten. A stored limiter
	// keeps every key until its failures are forgotten (Limiter.DeleteExpired).
	MaxKeys int
}

// DefaultLimiterConfig returns the default limits: a name gets 5 free failures, then waits
// of 1 s doubling up to a minute, and is locked for 15 minutes at the 10th failure; an
// address gets 20, then the same waits, and is locked at the 50th. Failures are forgotten
// after 15 quiet minutes; in memory, 10,000 names and 10,000 addresses are remembered
// (about 5 MB).
func DefaultLimiterConfig() LimiterConfig {
	p := Policy{Free: 5, Delay: time.Second, MaxDelay: time.Minute, Lockout: 10, LockFor: 15 * time.Minute, Window: 15 * time.Minute}
	a := p
	a.Free, a.Lockout = 20, 50
	return LimiterConfig{ByName: p, ByAddr: a, MaxKeys: 10_000}
}

// withDefaults returns cfg with its zero Policies and MaxKeys taken from
// DefaultLimiterConfig.
func (cfg LimiterConfig) withDefaults() LimiterConfig {
	def := DefaultLimiterConfig()
	if cfg.ByName == (Policy{}) {
		cfg.ByName = def.ByName
	}
	if cfg.ByAddr == (Policy{}) {
		cfg.ByAddr = def.ByAddr
	}
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = def.MaxKeys
	}
	return cfg
}

// Limiter slows and then refuses logins after repeated failures for a name or from an
// address, without sleeping: a refused attempt is a *ThrottledError that says how long
// to wait. An attempt counts as a failure from the moment it is let through (Attempt)
// until it is reported to have succeeded or to have been abandoned, so concurrent guesses
// cannot all slip through before the first failure is counted.
//
// The policy is decided here; the state of each key is kept by a ThrottleStore, read,
// changed and written back in one atomic step per attempt and per report. NewLimiter
// keeps it in memory, for one process: a restart, or a second server, starts afresh.
// NewStoredLimiter keeps it in a store that every server process on it shares, and that a
// restart does not forget.
//
// A Limiter is safe for concurrent use. The nil *Limiter lets every attempt through.
type Limiter struct {
	now   func() time.Time
	store ThrottleStore
	// policies are the policies of a login's keys, in the order of loginKeys.
	policies [2]Policy
}

// NewLimiter returns a limiter in memory with cfg's limits, reading the time from now
// (time.Now when nil). A zero Policy or MaxKeys of cfg takes its DefaultLimiterConfig
// value; a Policy given is used as it is (a zero Delay imposes no waits).
func NewLimiter(cfg LimiterConfig, now func() time.Time) *Limiter {
	cfg = cfg.withDefaults()
	return NewStoredLimiter(cfg, newMemThrottle(cfg.MaxKeys), now)
}

// NewStoredLimiter returns a limiter that keeps its state in store, with cfg's limits read
// as NewLimiter reads them, and the time from now (time.Now when nil). Every limiter on
// one store counts the same failures, so the limits hold across the processes that share
// it, provided their clocks agree.
func NewStoredLimiter(cfg LimiterConfig, store ThrottleStore, now func() time.Time) *Limiter {
	cfg = cfg.withDefaults()
	if now == nil {
		now = time.Now
	}
	return &Limiter{now: now, store: store, policies: [2]Policy{cfg.ByName, cfg.ByAddr}}
}

// NewLimiterFor returns the limiter for a server on store: stored in it when it is a
// ThrottleStore (PostGIS, shared by every process on the database), in memory otherwise
// (the embedded store, which one process at a time opens).
func NewLimiterFor(cfg LimiterConfig, store Store, now func() time.Time) *Limiter {
	if ts, ok := store.(ThrottleStore); ok {
		return NewStoredLimiter(cfg, ts, now)
	}
	return NewLimiter(cfg, now)
}

// clock returns the time to the microsecond, as PostgreSQL keeps it, so that a limiter
// imposes the same waits whichever store keeps its state.
func (l *Limiter) clock() time.Time {
	return l.now().UTC().Truncate(time.Microsecond)
}

// loginKeys returns the keys of a login: the name's and the address's, hashed so that
// every key takes the same room however long the name, and no store keeps a name or an
// address as it was typed.
func loginKeys(name, addr string) []ThrottleKey {
	return []ThrottleKey{
		{Kind: ThrottleName, Hash: sha256.Sum256([]byte(name))},
		{Kind: ThrottleAddr, Hash: sha256.Sum256([]byte(addrKey(addr)))},
	}
}

// addrKey returns the part of a client address that identifies a client: the IP without
// a port, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64 prefix, since one subscriber holds a
// whole /64. Text that is no IP address is its own key.
func addrKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		ap, err := netip.ParseAddrPort(addr)
		if err != nil {
			return addr
		}
		ip = ap.Addr()
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64) // cannot fail for an IPv6 address and 64
		return p.String()
	}
	return ip.String()
}

// Attempt asks to hear a login for name from addr. It returns a *ThrottledError when the
// name or the address must wait, counting nothing; otherwise it counts the attempt as a
// failure of both and returns nil. Report the outcome of a counted attempt with Succeeded
// or Abandoned; a failure needs no report. Any other error is the store's: nothing was
// counted.
func (l *Limiter) Attempt(ctx context.Context, name, addr string) error {
	if l == nil {
		return nil
	}
	now := l.clock()
	err := l.store.UpdateThrottle(ctx, loginKeys(name, addr), func(states []ThrottleState) error {
		var wait time.Duration
		for _, st := range states {
			wait = max(wait, st.Until.Sub(now))
		}
		if wait > 0 {
			return &ThrottledError{RetryAfter: wait}
		}
		for i, p := range l.policies {
			p.fail(&states[i], now)
		}
		return nil
	})
	if te, ok := errors.AsType[*ThrottledError](err); ok {
		return te
	}
	if err != nil {
		return fmt.Errorf("counting a login attempt: %w", err)
	}
	return nil
}

// Succeeded reports that the attempt let through was a correct login: the name's failures
// are forgotten, and the attempt no longer counts against the address. The address's
// other failures stay, so one good account does not clear guessing at others. An error is
// the store's.
func (l *Limiter) Succeeded(ctx context.Context, name, addr string) error {
	if l == nil {
		return nil
	}
	err := l.store.UpdateThrottle(ctx, loginKeys(name, addr), func(states []ThrottleState) error {
		states[0] = ThrottleState{}
		l.policies[1].uncount(&states[1])
		return nil
	})
	if err != nil {
		return fmt.Errorf("reporting a successful login: %w", err)
	}
	return nil
}

// Abandoned reports that the attempt let through ended neither in success nor in a wrong
// password (the store failed, say): it no longer counts against the name or the address.
// An error is the store's.
func (l *Limiter) Abandoned(ctx context.Context, name, addr string) error {
	if l == nil {
		return nil
	}
	err := l.store.UpdateThrottle(ctx, loginKeys(name, addr), func(states []ThrottleState) error {
		for i, p := range l.policies {
			p.uncount(&states[i])
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reporting an abandoned login: %w", err)
	}
	return nil
}

// DeleteExpired deletes the state of the keys whose failures are forgotten by now and
// returns how many it deleted; the server calls it from time to time, since a stored
// limiter's keys are otherwise kept for good (Attempt treats them as forgotten all the
// same). The nil *Limiter deletes nothing.
func (l *Limiter) DeleteExpired(ctx context.Context) (int, error) {
	if l == nil {
		return 0, nil
	}
	n, err := l.store.DeleteExpiredThrottles(ctx, l.clock())
	if err != nil {
		return 0, fmt.Errorf("deleting expired login throttles: %w", err)
	}
	return n, nil
}

// fail counts a failure in st at now and sets how long its key must then wait.
func (p Policy) fail(st *ThrottleState, now time.Time) {
	if now.Sub(st.Last) >= p.Window && !now.Before(st.Until) {
		st.Failures = 0
	}
	st.Failures++
	st.Last = now
	switch {
	case st.Failures >= p.Lockout:
		st.Until = now.Add(p.LockFor)
	case st.Failures >= p.Free:
		d := p.Delay
		for i := p.Free; i < st.Failures && d < p.MaxDelay; i++ {
			d *= 2
		}
		st.Until = now.Add(min(d, p.MaxDelay))
	}
	p.settle(st)
}

// uncount takes one failure of st back; below Free failures, its key need not wait.
func (p Policy) uncount(st *ThrottleState) {
	if st.Failures > 0 {
		st.Failures--
	}
	if st.Failures < p.Free {
		st.Until = time.Time{}
	}
	p.settle(st)
}

// settle sets when st expires: once its key has waited and been quiet for Window, the
// state is worth no more than none. A state with no failures and no wait is already none.
func (p Policy) settle(st *ThrottleState) {
	if st.Failures == 0 && st.Until.IsZero() {
		*st = ThrottleState{}
		return
	}
	st.Expires = st.Last.Add(p.Window)
	if st.Until.After(st.Expires) {
		st.Expires = st.Until
	}
}
