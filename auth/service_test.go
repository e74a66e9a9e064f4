package auth_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"cctvgis/auth"
)

const goodPassword = "长城-watchtower-7"

type fixture struct {
	svc   *auth.Service
	store *memStore
	clock *fakeClock
	user  auth.User
}

// newFixture returns a service over a memory store with one inspector, "wang", of the
// district 广陵区.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	c := &fakeClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	st := newMemStore()
	svc := &auth.Service{Store: st, Limiter: auth.NewLimiter(auth.LimiterConfig{}, c.now), Clock: c.now, Params: fast}
	u, err := svc.AddUser(t.Context(), "wang", auth.RoleInspector, "广陵区", goodPassword)
	if err != nil {
		t.Fatalf("adding a user: %v", err)
	}
	return &fixture{svc: svc, store: st, clock: c, user: u}
}

func (f *fixture) login(t *testing.T) string {
	t.Helper()
	token, _, err := f.svc.Login(t.Context(), "wang", goodPassword, "192.0.2.1")
	if err != nil {
		t.Fatalf("logging in: %v", err)
	}
	return token
}

func TestLoginAndAuthenticate(t *testing.T) {
	f := newFixture(t)
	token, sess, err := f.svc.Login(t.Context(), "wang", goodPassword, "192.0.2.1")
	if err != nil {
		t.Fatalf("logging in: %v", err)
	}
	if want := f.clock.t.Add(auth.DefaultTTL); !sess.ExpiresAt.Equal(want) || sess.UserID != f.user.ID {
		t.Errorf("session %+v, want user %s until %v", sess, f.user.ID, want)
	}
	if h, _ := auth.ParseToken(token); h != sess.TokenHash {
		t.Error("the session's hash is not the token's")
	}
	u, err := f.svc.Authenticate(t.Context(), token)
	if err != nil || u.ID != f.user.ID || u.District != "广陵区" || u.Role != auth.RoleInspector {
		t.Fatalf("Authenticate = %+v, %v; want wang", u, err)
	}
	for _, s := range f.store.sessions {
		if s.TokenHash != sess.TokenHash {
			t.Error("the store holds another session")
		}
	}
}

// Every failed login is one error with one message, so a client cannot tell which names
// exist.
func TestLoginFailuresLookAlike(t *testing.T) {
	f := newFixture(t)
	if err := f.svc.Store.CreateUser(t.Context(), disabledUser(t)); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, user, password string }{
		{"wrong password", "wang", "长城-watchtower-8"},
		{"unknown name", "nobody", goodPassword},
		{"disabled user with the right password", "li", goodPassword},
		{"empty password", "wang", ""},
		{"name differing in case", "Wang", goodPassword},
	}
	var msgs []string
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := f.svc.Login(t.Context(), tc.user, tc.password, "192.0.2.1")
			if !errors.Is(err, auth.ErrUnauthorized) {
				t.Fatalf("error %v, want ErrUnauthorized", err)
			}
			msgs = append(msgs, err.Error())
		})
	}
	if c := slices.Compact(slices.Clone(msgs)); len(c) != 1 {
		t.Errorf("failed logins give different messages: %q", msgs)
	}
	if len(f.store.sessions) != 0 {
		t.Errorf("failed logins left %d sessions", len(f.store.sessions))
	}
}

func disabledUser(t *testing.T) auth.User {
	t.Helper()
	h, err := auth.HashPassword(goodPassword, fast)
	if err != nil {
		t.Fatal(err)
	}
	return auth.User{ID: auth.NewUserID(), Name: "li", Role: auth.RoleAdmin, Disabled: true, PasswordHash: h, CreatedAt: time.Now().UTC()}
}

func TestAuthenticateRefuses(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, f *fixture, token string) string
	}{
		{"malformed token", func(_ *testing.T, _ *fixture, token string) string { return token[1:] }},
		{"unknown token", func(*testing.T, *fixture, string) string { tok, _ := auth.NewToken(); return tok }},
		{"logged out", func(t *testing.T, f *fixture, token string) string {
			t.Helper()
			if err := f.svc.Logout(t.Context(), token); err != nil {
				t.Fatal(err)
			}
			return token
		}},
		{"expired", func(_ *testing.T, f *fixture, token string) string {
			f.clock.advance(auth.DefaultTTL)
			return token
		}},
		{"user disabled", func(t *testing.T, f *fixture, token string) string {
			t.Helper()
			// Behind the service's back: the session stays, the user is disabled.
			yes := true
			if _, err := f.store.UpdateUser(t.Context(), f.user.ID, auth.UserChange{Disabled: &yes}); err != nil {
				t.Fatal(err)
			}
			return token
		}},
		{"password changed", func(t *testing.T, f *fixture, token string) string {
			t.Helper()
			if err := f.svc.SetPassword(t.Context(), "wang", "a new password"); err != nil {
				t.Fatal(err)
			}
			return token
		}},
		{"disabled through the service", func(t *testing.T, f *fixture, token string) string {
			t.Helper()
			if err := f.svc.Disable(t.Context(), "wang"); err != nil {
				t.Fatal(err)
			}
			return token
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			token := tc.spoil(t, f, f.login(t))
			if u, err := f.svc.Authenticate(t.Context(), token); !errors.Is(err, auth.ErrUnauthorized) {
				t.Fatalf("Authenticate = %+v, %v; want ErrUnauthorized", u, err)
			}
		})
	}
}

func TestAuthenticateSeesChangesAtOnce(t *testing.T) {
	f := newFixture(t)
	token := f.login(t)
	f.clock.advance(auth.DefaultTTL - time.Microsecond)
	role, district := auth.RoleSupervisor, ""
	if _, err := f.store.UpdateUser(t.Context(), f.user.ID, auth.UserChange{Role: &role, District: &district}); err != nil {
		t.Fatal(err)
	}
	u, err := f.svc.Authenticate(t.Context(), token)
	if err != nil || u.Role != role || u.District != "" {
		t.Fatalf("Authenticate = %+v, %v; want a supervisor of the whole store", u, err)
	}
}

func TestLogout(t *testing.T) {
	f := newFixture(t)
	token := f.login(t)
	other := f.login(t)
	for range 2 {
		if err := f.svc.Logout(t.Context(), token); err != nil {
			t.Fatalf("logging out: %v", err)
		}
	}
	if _, err := f.svc.Authenticate(t.Context(), other); err != nil {
		t.Errorf("logging out one session ended another: %v", err)
	}
	if err := f.svc.Logout(t.Context(), "nonsense"); !errors.Is(err, auth.ErrUnauthorized) {
		t.Errorf("logging out a malformed token: %v, want ErrUnauthorized", err)
	}
}

func TestLoginThrottled(t *testing.T) {
	f := newFixture(t)
	for range 5 {
		if _, _, err := f.svc.Login(t.Context(), "wang", "a wrong password", "192.0.2.1"); !errors.Is(err, auth.ErrUnauthorized) {
			t.Fatal(err)
		}
	}
	_, _, err := f.svc.Login(t.Context(), "wang", goodPassword, "198.51.100.2")
	var te *auth.ThrottledError
	if !errors.As(err, &te) || !errors.Is(err, auth.ErrThrottled) || te.RetryAfter != time.Second {
		t.Fatalf("the sixth login: %v, want a wait of 1s", err)
	}
	f.clock.advance(time.Second)
	if _, _, err := f.svc.Login(t.Context(), "wang", goodPassword, "198.51.100.2"); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
	// The success forgot the name's failures.
	for range 4 {
		if _, _, err := f.svc.Login(t.Context(), "wang", "a wrong password", "198.51.100.3"); !errors.Is(err, auth.ErrUnauthorized) {
			t.Fatal(err)
		}
	}
}

// A failing store is the server's fault, not the client's: it is not ErrUnauthorized and
// does not count towards throttling.
func TestLoginStoreFailure(t *testing.T) {
	f := newFixture(t)
	boom := errors.New("disk on fire")
	f.store.fail = boom
	for range 20 {
		_, _, err := f.svc.Login(t.Context(), "wang", goodPassword, "192.0.2.1")
		if !errors.Is(err, boom) || errors.Is(err, auth.ErrUnauthorized) {
			t.Fatalf("error %v, want the store's", err)
		}
	}
	token, _ := auth.NewToken()
	if _, err := f.svc.Authenticate(t.Context(), token); !errors.Is(err, boom) || errors.Is(err, auth.ErrUnauthorized) {
		t.Fatalf("Authenticate error %v, want the store's", err)
	}
	f.store.fail = nil
	f.login(t)
}

func TestLoginWithAMalformedStoredHash(t *testing.T) {
	f := newFixture(t)
	bad := "$argon2id$v=19$garbage"
	if _, err := f.store.UpdateUser(t.Context(), f.user.ID, auth.UserChange{PasswordHash: &bad}); err != nil {
		t.Fatal(err)
	}
	_, _, err := f.svc.Login(t.Context(), "wang", goodPassword, "192.0.2.1")
	if !errors.Is(err, auth.ErrBadHash) || errors.Is(err, auth.ErrUnauthorized) {
		t.Fatalf("error %v, want ErrBadHash", err)
	}
}

func TestAddUser(t *testing.T) {
	tests := []struct {
		name, user       string
		role             auth.Role
		district, passwd string
		field            string
		want             error
	}{
		{"ok", "li.na", auth.RolePlanner, "", goodPassword, "", nil},
		{"bad name", "li na", auth.RolePlanner, "", goodPassword, "name", auth.ErrInvalid},
		{"bad role", "li.na", auth.Role("root"), "", goodPassword, "role", auth.ErrInvalid},
		{"bad district", "li.na", auth.RolePlanner, "a\x00b", goodPassword, "district", auth.ErrInvalid},
		{"short password", "li.na", auth.RolePlanner, "", "123456789", "password", auth.ErrInvalid},
		{"name taken", "wang", auth.RoleAdmin, "", goodPassword, "", auth.ErrExists},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			u, err := f.svc.AddUser(t.Context(), tc.user, tc.role, tc.district, tc.passwd)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			var fe *auth.FieldError
			if tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field) {
				t.Fatalf("error %v, want a *FieldError for %s", err, tc.field)
			}
			if err != nil {
				return
			}
			if u.PasswordHash == tc.passwd || auth.CheckPassword(u.PasswordHash, tc.passwd) != nil || !u.CreatedAt.Equal(f.clock.t) {
				t.Errorf("added %+v", u)
			}
		})
	}
}

func TestSetPassword(t *testing.T) {
	f := newFixture(t)
	token := f.login(t)
	if err := f.svc.SetPassword(t.Context(), "wang", "short"); !errors.Is(err, auth.ErrInvalid) {
		t.Fatalf("a short password: %v, want ErrInvalid", err)
	}
	if err := f.svc.SetPassword(t.Context(), "nobody", "a long enough password"); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("an unknown user: %v, want ErrNotFound", err)
	}
	if _, err := f.svc.Authenticate(t.Context(), token); err != nil {
		t.Fatalf("refused changes ended the session: %v", err)
	}
	if err := f.svc.SetPassword(t.Context(), "wang", "a long enough password"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Login(t.Context(), "wang", goodPassword, "192.0.2.1"); !errors.Is(err, auth.ErrUnauthorized) {
		t.Errorf("the old password: %v, want ErrUnauthorized", err)
	}
	if _, _, err := f.svc.Login(t.Context(), "wang", "a long enough password", "192.0.2.1"); err != nil {
		t.Errorf("the new password: %v", err)
	}
}

func TestDisable(t *testing.T) {
	f := newFixture(t)
	f.login(t)
	if err := f.svc.Disable(t.Context(), "wang"); err != nil {
		t.Fatal(err)
	}
	if len(f.store.sessions) != 0 {
		t.Errorf("disabling left %d sessions", len(f.store.sessions))
	}
	if _, _, err := f.svc.Login(t.Context(), "wang", goodPassword, "192.0.2.1"); !errors.Is(err, auth.ErrUnauthorized) {
		t.Errorf("a disabled user logged in: %v", err)
	}
	u, err := f.store.UserByName(t.Context(), "wang")
	if err != nil || !u.Disabled {
		t.Errorf("the user is %+v, %v; want kept and disabled", u, err)
	}
}

func TestServiceTTLAndPurge(t *testing.T) {
	f := newFixture(t)
	f.svc.TTL = time.Hour
	_, sess, err := f.svc.Login(t.Context(), "wang", goodPassword, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if want := f.clock.t.Add(time.Hour); !sess.ExpiresAt.Equal(want) {
		t.Errorf("expires at %v, want %v", sess.ExpiresAt, want)
	}
	f.login(t)
	f.clock.advance(time.Hour)
	n, err := f.svc.DeleteExpiredSessions(t.Context())
	if err != nil || n != 2 {
		t.Errorf("purged %d sessions, %v; want 2", n, err)
	}
}

// A limiter whose store fails is the server's fault: the login fails with the store's
// error, neither ErrUnauthorized nor ErrThrottled, and opens no session.
func TestLoginThrottleStoreFailure(t *testing.T) {
	tests := []struct {
		name     string
		failFrom int // the first call of the throttle store that fails
	}{
		{"counting the attempt", 1},
		{"reporting the success", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			boom := errors.New("database gone")
			ts := &failingThrottle{ThrottleStore: auth.NewMemThrottle(10), from: tc.failFrom, err: boom}
			f.svc.Limiter = auth.NewStoredLimiter(auth.LimiterConfig{}, ts, f.clock.now)
			_, _, err := f.svc.Login(t.Context(), "wang", goodPassword, "192.0.2.1")
			if !errors.Is(err, boom) || errors.Is(err, auth.ErrUnauthorized) || errors.Is(err, auth.ErrThrottled) {
				t.Fatalf("error %v, want the store's", err)
			}
			if len(f.store.sessions) != 0 {
				t.Errorf("the failed login left %d sessions", len(f.store.sessions))
			}
		})
	}
}

// failingThrottle is a ThrottleStore whose updates fail from the from-th on.
type failingThrottle struct {
	auth.ThrottleStore
	calls, from int
	err         error
}

func (f *failingThrottle) UpdateThrottle(ctx context.Context, keys []auth.ThrottleKey, update func([]auth.ThrottleState) error) error {
	f.calls++
	if f.calls >= f.from {
		return f.err
	}
	return f.ThrottleStore.UpdateThrottle(ctx, keys, update)
}

// A client that leaves while its login is under way does not leave the attempt counted
// as a failure when the login is abandoned: the report reaches the limiter's store though
// the request's context has ended.
func TestLoginReportsAfterTheClientLeft(t *testing.T) {
	f := newFixture(t)
	f.svc.Limiter = auth.NewStoredLimiter(auth.LimiterConfig{}, ctxThrottle{auth.NewMemThrottle(10)}, f.clock.now)
	// The store fails as a query does whose context is cancelled.
	f.store.fail = context.Canceled
	for range 10 {
		ctx, leave := context.WithCancel(t.Context())
		f.store.reading = leave
		if _, _, err := f.svc.Login(ctx, "wang", goodPassword, "192.0.2.1"); !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want context.Canceled", err)
		}
	}
	f.store.fail, f.store.reading = nil, nil
	f.login(t)
}

// ctxThrottle is a ThrottleStore that refuses an ended context, as a database does.
type ctxThrottle struct{ auth.ThrottleStore }

func (c ctxThrottle) UpdateThrottle(ctx context.Context, keys []auth.ThrottleKey, update func([]auth.ThrottleState) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.ThrottleStore.UpdateThrottle(ctx, keys, update)
}
