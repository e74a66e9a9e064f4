package postgis_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"cctvgis/auth"
	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/data/storetest"
)

func TestAccountsSchemaConstraints(t *testing.T) {
	s := openPostGIS(t, pgtest.URL(t))
	ctx := t.Context()
	const user = `INSERT INTO users (id, name, role, password_hash, created_at) VALUES `
	if _, err := s.Pool().Exec(ctx, user+`('u1', 'wang', 'inspector', '$argon2id$x', now())`); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, sql, want string }{
		{"unknown role", user + `('u2', 'li', 'root', '$argon2id$x', now())`, "users_role_check"},
		{"empty name", user + `('u2', '', 'admin', '$argon2id$x', now())`, "users_name_check"},
		{"a password, not a hash", user + `('u2', 'li', 'admin', 'hunter22', now())`, "users_password_hash_check"},
		{"token hash not 32 bytes", `INSERT INTO sessions VALUES ('\x0102', 'u1', now(), now())`, "sessions_token_hash_check"},
		{"session of no user", `INSERT INTO sessions VALUES (sha256('x'), 'u9', now(), now())`, "sessions_user_id_fkey"},
		{"throttle of no kind known", `INSERT INTO login_throttles (kind, key_hash) VALUES ('user', sha256('x'))`, "login_throttles_kind_check"},
		{"throttle key not 32 bytes", `INSERT INTO login_throttles (kind, key_hash) VALUES ('name', '\x0102')`, "login_throttles_key_hash_check"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Pool().Exec(ctx, tc.sql)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one naming %s", err, tc.want)
			}
		})
	}
}

// A duplicate is auth.ErrExists for the caller, with PostgreSQL's error kept for the log.
func TestAccountsDuplicateKeepsTheDatabaseError(t *testing.T) {
	s := openPostGIS(t, pgtest.URL(t))
	u := auth.User{ID: auth.NewUserID(), Name: "wang", Role: auth.RoleAdmin, PasswordHash: "$argon2id$x", CreatedAt: time.Now()}
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	u.ID = auth.NewUserID()
	err := s.CreateUser(t.Context(), u)
	var pe *pgconn.PgError
	if !errors.Is(err, auth.ErrExists) || !errors.As(err, &pe) || pe.ConstraintName != "users_name_key" {
		t.Fatalf("err %v, want auth.ErrExists wrapping the violation of users_name_key", err)
	}
}

// The PostGIS store keeps the limiter's state as the limiter in memory does.
func TestPostGISThrottleConformance(t *testing.T) {
	pgtest.Database(t)
	storetest.RunThrottle(t, func(t *testing.T) auth.ThrottleStore {
		t.Helper()
		return openPostGIS(t, pgtest.URL(t))
	})
}

// A limiter stored in PostGIS behaves as the limiter in memory does.
func TestPostGISLimiter(t *testing.T) {
	pgtest.Database(t)
	storetest.RunLimiter(t, func(t *testing.T, cfg auth.LimiterConfig, now func() time.Time) *auth.Limiter {
		t.Helper()
		return auth.NewStoredLimiter(cfg, openPostGIS(t, pgtest.URL(t)), now)
	})
}

// testClock is a clock the test moves by hand.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time          { return c.t }
func (c *testClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// Two server processes on one database, as behind a load balancer, each with its own
// store and its limiter made as the server makes it, count one attacker's failures
// together: spreading guesses over both gains nothing, and a restart forgets no lockout.
func TestThrottleAcrossProcesses(t *testing.T) {
	url := pgtest.URL(t)
	ctx := t.Context()
	c := &testClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	process := func() *auth.Service {
		st := openPostGIS(t, url)
		return &auth.Service{Store: st, Limiter: auth.NewLimiterFor(auth.DefaultLimiterConfig(), st, c.now), Clock: c.now,
			Params: auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}}
	}
	a, b := process(), process()
	cfg := auth.DefaultLimiterConfig().ByName
	const password = "长城-watchtower-7"

	t.Run("the lockout comes after as many failures as on one process", func(t *testing.T) {
		tests := []struct {
			name, user, addr string
			procs            []*auth.Service
		}{
			{"one process", "wang", "198.51.100.1", []*auth.Service{a}},
			{"two processes taking turns", "li", "198.51.100.2", []*auth.Service{a, b}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := a.AddUser(ctx, tc.user, auth.RoleInspector, "", password); err != nil {
					t.Fatal(err)
				}
				if got := failuresToLockout(ctx, t, tc.procs, c, tc.user, tc.addr); got != cfg.Lockout {
					t.Errorf("locked after %d failures, want %d", got, cfg.Lockout)
				}
				restarted := process()
				_, _, err := restarted.Login(ctx, tc.user, password, "192.0.2.99")
				if te, ok := errors.AsType[*auth.ThrottledError](err); !ok || te.RetryAfter != cfg.LockFor {
					t.Errorf("the right password on a restarted process: %v, want a lockout of %v", err, cfg.LockFor)
				}
			})
		}
	})

	t.Run("concurrent guesses on both get no more than the free failures", func(t *testing.T) {
		const n = 20
		procs := []*auth.Service{a, b}
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, _, errs[i] = procs[i%2].Login(ctx, "zhao", "a wrong password", fmt.Sprintf("203.0.113.%d", i))
			})
		}
		wg.Wait()
		heard := 0
		for i, err := range errs {
			switch {
			case errors.Is(err, auth.ErrUnauthorized):
				heard++
			case !errors.Is(err, auth.ErrThrottled):
				t.Errorf("guess %d: %v, want ErrUnauthorized or ErrThrottled", i, err)
			}
		}
		if heard != cfg.Free {
			t.Errorf("%d of %d concurrent guesses heard, want %d", heard, n, cfg.Free)
		}
	})

	t.Run("the sweep deletes the keys forgotten", func(t *testing.T) {
		c.advance(cfg.LockFor + cfg.Window)
		var stored int
		if err := a.Store.(*postgis.Store).Pool().QueryRow(ctx, `SELECT count(*) FROM login_throttles`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		n, err := b.Limiter.DeleteExpired(ctx)
		if err != nil || n != stored || n == 0 {
			t.Fatalf("deleted %d of %d keys, error %v; want them all", n, stored, err)
		}
	})
}

// failuresToLockout sends wrong passwords for name from addr to procs in turn,
// waiting as each wait imposed asks, and returns the number of failures heard before the
// name is locked.
func failuresToLockout(ctx context.Context, t *testing.T, procs []*auth.Service, c *testClock, name, addr string) int {
	t.Helper()
	lockFor := auth.DefaultLimiterConfig().ByName.LockFor
	failures := 0
	for i := range 100 {
		_, _, err := procs[i%len(procs)].Login(ctx, name, "a wrong password", addr)
		te, throttled := errors.AsType[*auth.ThrottledError](err)
		switch {
		case errors.Is(err, auth.ErrUnauthorized):
			failures++
		case throttled && te.RetryAfter == lockFor:
			return failures
		case throttled:
			c.advance(te.RetryAfter)
		default:
			t.Fatalf("login %d: %v", i, err)
		}
	}
	t.Fatalf("not locked after %d failures", failures)
	return 0
}
