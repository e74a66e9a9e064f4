package auth

import (
	"container/list"
	"crypto/sha256"
	"net/netip"
	"sync"
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
	// MaxKeys bounds the names and, separately, the addresses remembered; beyond it the
	// one touched least recently is forgotten.
	MaxKeys int
}

// DefaultLimiterConfig returns the default limits: a name gets 5 free failures, then waits
// of 1 s doubling up to a minute, and is locked for 15 minutes at the 10th failure; an
// address gets 20, then the same waits, and is locked at the 50th. Failures are forgotten
// after 15 quiet minutes; 10,000 names and 10,000 addresses are remembered (about 3 MB).
func DefaultLimiterConfig() LimiterConfig {
	p := Policy{Free: 5, Delay: time.Second, MaxDelay: time.Minute, Lockout: 10, LockFor: 15 * time.Minute, Window: 15 * time.Minute}
	a := p
	a.Free, a.Lockout = 20, 50
	return LimiterConfig{ByName: p, ByAddr: a, MaxKeys: 10_000}
}

// Limiter slows and then refuses logins after repeated failures for a name or from an
// address, without sleeping: a refused attempt is a *ThrottledError that says how long
// to wait. An attempt counts as a failure from the moment it is let through (Attempt)
// until it is reported to have succeeded or to have been abandoned, so concurrent guesses
// cannot all slip through before the first failure is counted.
//
// A Limiter is safe for concurrent use. The nil *Limiter lets every attempt through.
// Its state is in memory: a restart, or a second server, starts afresh.
type Limiter struct {
	mu     sync.Mutex
	now    func() time.Time
	names  keyTable
	addrs  keyTable
	tables [2]*keyTable
}

// NewLimiter returns a limiter with cfg's limits, reading the time from now (time.Now
// when nil). A zero Policy or MaxKeys of cfg takes its DefaultLimiterConfig value; a Policy
// given is used as it is (a zero Delay imposes no waits).
func NewLimiter(cfg LimiterConfig, now func() time.Time) *Limiter {
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
	if now == nil {
		now = time.Now
	}
	l := &Limiter{
		now:   now,
		names: newKeyTable(cfg.ByName, cfg.MaxKeys),
		addrs: newKeyTable(cfg.ByAddr, cfg.MaxKeys),
	}
	l.tables = [2]*keyTable{&l.names, &l.addrs}
	return l
}

// keys returns the keys of a login: the name's and the address's, hashed so that every
// key takes the same memory however long the name.
func keys(name, addr string) [2][sha256.Size]byte {
	return [2][sha256.Size]byte{sha256.Sum256([]byte(name)), sha256.Sum256([]byte(addrKey(addr)))}
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
// or Abandoned; a failure needs no report.
func (l *Limiter) Attempt(name, addr string) error {
	if l == nil {
		return nil
	}
	k := keys(name, addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	for i, t := range l.tables {
		if r := t.get(k[i]); r != nil {
			wait = max(wait, r.until.Sub(now))
		}
	}
	if wait > 0 {
		return &ThrottledError{RetryAfter: wait}
	}
	for i, t := range l.tables {
		t.fail(k[i], now)
	}
	return nil
}

// Succeeded reports that the attempt let through was a correct login: the name's failures
// are forgotten, and the attempt no longer counts against the address. The address's
// other failures stay, so one good account does not clear guessing at others.
func (l *Limiter) Succeeded(name, addr string) {
	if l == nil {
		return
	}
	k := keys(name, addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names.forget(k[0])
	l.addrs.uncount(k[1])
}

// Abandoned reports that the attempt let through ended neither in success nor in a wrong
// password (the store failed, say): it no longer counts against the name or the address.
func (l *Limiter) Abandoned(name, addr string) {
	if l == nil {
		return
	}
	k := keys(name, addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, t := range l.tables {
		t.uncount(k[i])
	}
}

// keyTable holds the failures of one kind of key, the most recently touched first.
type keyTable struct {
	policy Policy
	max    int
	byKey  map[[sha256.Size]byte]*list.Element
	order  list.List // of *record
}

// record holds the failures of one key.
type record struct {
	key   [sha256.Size]byte
	fails int
	// last is the time of the last failure; until is when the key may try again.
	last, until time.Time
}

func newKeyTable(p Policy, maxKeys int) keyTable {
	return keyTable{policy: p, max: maxKeys, byKey: map[[sha256.Size]byte]*list.Element{}}
}

// get returns the record of k, or nil.
func (t *keyTable) get(k [sha256.Size]byte) *record {
	if e, ok := t.byKey[k]; ok {
		return e.Value.(*record)
	}
	return nil
}

// fail counts a failure of k at now and sets how long k must then wait.
func (t *keyTable) fail(k [sha256.Size]byte, now time.Time) {
	r := t.get(k)
	if r == nil {
		r = &record{key: k}
		t.byKey[k] = t.order.PushFront(r)
		for t.order.Len() > t.max {
			old := t.order.Remove(t.order.Back()).(*record)
			delete(t.byKey, old.key)
		}
	} else {
		t.order.MoveToFront(t.byKey[k])
	}
	p := t.policy
	if now.Sub(r.last) >= p.Window && !now.Before(r.until) {
		r.fails = 0
	}
	r.fails++
	r.last = now
	switch {
	case r.fails >= p.Lockout:
		r.until = now.Add(p.LockFor)
	case r.fails >= p.Free:
		d := p.Delay
		for i := p.Free; i < r.fails && d < p.MaxDelay; i++ {
			d *= 2
		}
		r.until = now.Add(min(d, p.MaxDelay))
	}
}

// uncount takes one failure of k back; below Free failures, k need not wait.
func (t *keyTable) uncount(k [sha256.Size]byte) {
	r := t.get(k)
	if r == nil {
		return
	}
	if r.fails > 0 {
		r.fails--
	}
	if r.fails < t.policy.Free {
		r.until = time.Time{}
	}
}

// forget drops every failure of k.
func (t *keyTable) forget(k [sha256.Size]byte) {
	if e, ok := t.byKey[k]; ok {
		t.order.Remove(e)
		delete(t.byKey, k)
	}
}
