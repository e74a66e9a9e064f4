package storetest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cctvgis/auth"
)

// RunAccounts runs the conformance suite of auth.Store against a store. open returns a
// new, empty store for one subtest (the suite calls it once per subtest).
func RunAccounts(t *testing.T, open func(t *testing.T) auth.Store) {
	t.Helper()
	runSubtests(t, open, []subtest[auth.Store]{
		{"create and read back", testUserRoundTrip},
		{"duplicate name or id is ErrExists", testUserDuplicate},
		{"concurrent creates of one name", testUserRace},
		{"unknown is ErrNotFound", testAccountsUnknown},
		{"update changes only what it names", testUserUpdate},
		{"list ordered by name", testUserList},
		{"session create, lookup, delete", testSessionRoundTrip},
		{"sessions of a user deleted", testUserSessionsDeleted},
		{"expired sessions deleted", testExpiredSessions},
		{"password hash stored verbatim", testPasswordHashVerbatim},
		{"service logs in and out", testServiceOverStore},
	})
}

// subtest is one case of a suite, run on a value that the suite makes afresh for it.
type subtest[S any] struct {
	name string
	run  func(t *testing.T, s S)
}

// runSubtests runs each case as a subtest, on a value that open makes for it.
func runSubtests[S any](t *testing.T, open func(t *testing.T) S, cases []subtest[S]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open(t)) })
	}
}

// cheapParams makes the suite's password hashes fast; the stores keep any hash verbatim.
var cheapParams = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// accountsTime is the suite's clock: in China's zone and to the microsecond, so that a
// store must keep the instant and return it in UTC.
var accountsTime = time.Date(2025, 3, 1, 8, 30, 0, 123456000, time.FixedZone("CST", 8*3600))

// newUser returns a user of that name with a new id and a fixed PHC hash.
func newUser(name string) auth.User {
	return auth.User{
		ID:           auth.NewUserID(),
		Name:         name,
		Role:         auth.RoleInspector,
		District:     "广陵区",
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$K4QkYxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc",
		CreatedAt:    accountsTime,
	}
}

func createUser(t *testing.T, s auth.Store, u auth.User) {
	t.Helper()
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatalf("creating user %s: %v", u.Name, err)
	}
}

func createSession(t *testing.T, s auth.Store, userID string, expires time.Time) auth.Session {
	t.Helper()
	_, h := auth.NewToken()
	sess := auth.Session{TokenHash: h, UserID: userID, CreatedAt: expires.Add(-time.Hour), ExpiresAt: expires}
	if err := s.CreateSession(t.Context(), sess); err != nil {
		t.Fatalf("creating a session of user %s: %v", userID, err)
	}
	return sess
}

// equalUser reports how got differs from want; times must be the same instant, in UTC.
func equalUser(t *testing.T, got, want auth.User) {
	t.Helper()
	gt, wt := got.CreatedAt, want.CreatedAt
	got.CreatedAt, want.CreatedAt = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("user\n got %+v\nwant %+v", got, want)
	}
	equalTime(t, "created_at", gt, wt)
}

func equalTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("%s %v, want %v in UTC", what, got, want.UTC())
	}
}

func equalSession(t *testing.T, got, want auth.Session) {
	t.Helper()
	if got.TokenHash != want.TokenHash || got.UserID != want.UserID {
		t.Errorf("session %x of user %s, want %x of %s", got.TokenHash, got.UserID, want.TokenHash, want.UserID)
	}
	equalTime(t, "session created_at", got.CreatedAt, want.CreatedAt)
	equalTime(t, "session expires_at", got.ExpiresAt, want.ExpiresAt)
}

func testUserRoundTrip(t *testing.T, s auth.Store) {
	t.Helper()
	want := newUser("张伟")
	want.Role, want.District = auth.RoleSupervisor, ""
	createUser(t, s, want)
	createUser(t, s, newUser("other"))
	got, err := s.UserByName(t.Context(), want.Name)
	if err != nil {
		t.Fatalf("reading by name: %v", err)
	}
	equalUser(t, got, want)
	got, err = s.UserByID(t.Context(), want.ID)
	if err != nil {
		t.Fatalf("reading by id: %v", err)
	}
	equalUser(t, got, want)
}

func testUserDuplicate(t *testing.T, s auth.Store) {
	t.Helper()
	first := newUser("wang")
	createUser(t, s, first)
	sameName := newUser("wang")
	sameName.Role = auth.RoleAdmin
	sameID := newUser("li")
	sameID.ID = first.ID
	for what, u := range map[string]auth.User{"name": sameName, "id": sameID} {
		if err := s.CreateUser(t.Context(), u); !errors.Is(err, auth.ErrExists) {
			t.Errorf("creating a user with a stored %s: error %v, want ErrExists", what, err)
		}
	}
	got, err := s.UserByName(t.Context(), "wang")
	if err != nil {
		t.Fatal(err)
	}
	equalUser(t, got, first)
	if _, err := s.UserByName(t.Context(), "li"); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("the refused user li was stored: error %v", err)
	}
}

func testUserRace(t *testing.T, s auth.Store) {
	t.Helper()
	const n = 8
	created := concurrently(t, n, auth.ErrExists, func(int) error { return s.CreateUser(t.Context(), newUser("racer")) })
	if created != 1 {
		t.Errorf("%d of %d concurrent creates of one name succeeded, want 1", created, n)
	}
}

// concurrently makes the n calls call(0) … call(n-1) at once and returns how many
// returned nil; an error that does not match want fails the test.
func concurrently(t *testing.T, n int, want error, call func(i int) error) int {
	t.Helper()
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = call(i) })
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, want):
			t.Errorf("call %d: error %v, want nil or %v", i, err, want)
		}
	}
	return ok
}

func testAccountsUnknown(t *testing.T, s auth.Store) {
	t.Helper()
	ctx := t.Context()
	createUser(t, s, newUser("known"))
	yes := true
	_, h := auth.NewToken()
	calls := map[string]func() error{
		"user by name": func() error { _, err := s.UserByName(ctx, "unknown"); return err },
		"user by name differing in case": func() error {
			_, err := s.UserByName(ctx, "Known")
			return err
		},
		"user by id": func() error { _, err := s.UserByID(ctx, auth.NewUserID()); return err },
		"update": func() error {
			_, err := s.UpdateUser(ctx, auth.NewUserID(), auth.UserChange{Disabled: &yes})
			return err
		},
		"session": func() error { _, _, err := s.SessionByTokenHash(ctx, h); return err },
		"session of no user": func() error {
			return s.CreateSession(ctx, auth.Session{TokenHash: h, UserID: auth.NewUserID(), CreatedAt: accountsTime, ExpiresAt: accountsTime.Add(time.Hour)})
		},
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("%s: error %v, want ErrNotFound", name, err)
		}
	}
	if err := s.DeleteSession(ctx, h); err != nil {
		t.Errorf("deleting an unknown session: %v, want nil", err)
	}
	if n, err := s.DeleteUserSessions(ctx, auth.NewUserID()); n != 0 || err != nil {
		t.Errorf("deleting the sessions of an unknown user: %d, %v; want 0, nil", n, err)
	}
}

func testUserUpdate(t *testing.T, s auth.Store) {
	t.Helper()
	want := newUser("zhao")
	createUser(t, s, want)
	other := newUser("qian")
	createUser(t, s, other)
	hash := "$argon2id$v=19$m=65536,t=3,p=2$bmV3c2FsdG5ld3NhbHQ$bmV3aGFzaG5ld2hhc2huZXdoYXNobmV3aGFzaA"
	role, district, yes, no := auth.RoleReviewer, "邗江区", true, false
	steps := []struct {
		name   string
		change auth.UserChange
		apply  func(u *auth.User)
	}{
		{"nothing", auth.UserChange{}, func(*auth.User) {}},
		{"password", auth.UserChange{PasswordHash: &hash}, func(u *auth.User) { u.PasswordHash = hash }},
		{"role", auth.UserChange{Role: &role}, func(u *auth.User) { u.Role = role }},
		{"district", auth.UserChange{District: &district}, func(u *auth.User) { u.District = district }},
		{"disable", auth.UserChange{Disabled: &yes}, func(u *auth.User) { u.Disabled = true }},
		{"enable and whole store", auth.UserChange{Disabled: &no, District: new("")}, func(u *auth.User) { u.Disabled, u.District = false, "" }},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.apply(&want)
			got, err := s.UpdateUser(t.Context(), want.ID, st.change)
			if err != nil {
				t.Fatalf("updating: %v", err)
			}
			equalUser(t, got, want)
			back, err := s.UserByID(t.Context(), want.ID)
			if err != nil {
				t.Fatal(err)
			}
			equalUser(t, back, want)
		})
	}
	back, err := s.UserByName(t.Context(), other.Name)
	if err != nil {
		t.Fatal(err)
	}
	equalUser(t, back, other)
}

func testUserList(t *testing.T, s auth.Store) {
	t.Helper()
	got, err := s.ListUsers(t.Context())
	if err != nil || len(got) != 0 {
		t.Fatalf("an empty store lists %d users, error %v", len(got), err)
	}
	// Byte order, whatever the database's collation: upper case before lower, a prefix
	// before its extensions, Chinese after ASCII.
	names := []string{"zoe", "张伟", "Adam", "bob", "a-b", "a", "李娜", "B"}
	byName := map[string]auth.User{}
	for _, n := range names {
		u := newUser(n)
		byName[n] = u
		createUser(t, s, u)
	}
	got, err = s.ListUsers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(names)
	slices.SortFunc(want, strings.Compare)
	var gotNames []string
	for _, u := range got {
		gotNames = append(gotNames, u.Name)
	}
	if !slices.Equal(gotNames, want) {
		t.Fatalf("listed %q, want %q", gotNames, want)
	}
	for _, u := range got {
		equalUser(t, u, byName[u.Name])
	}
}

func testSessionRoundTrip(t *testing.T, s auth.Store) {
	t.Helper()
	ctx := t.Context()
	u := newUser("sun")
	createUser(t, s, u)
	sess := createSession(t, s, u.ID, accountsTime.Add(12*time.Hour))
	if err := s.CreateSession(ctx, sess); !errors.Is(err, auth.ErrExists) {
		t.Errorf("creating the session again: error %v, want ErrExists", err)
	}
	gotS, gotU, err := s.SessionByTokenHash(ctx, sess.TokenHash)
	if err != nil {
		t.Fatalf("looking the session up: %v", err)
	}
	equalSession(t, gotS, sess)
	equalUser(t, gotU, u)

	// The session's user is read as it is now.
	role := auth.RoleAdmin
	if u, err = s.UpdateUser(ctx, u.ID, auth.UserChange{Role: &role}); err != nil {
		t.Fatal(err)
	}
	if _, gotU, err = s.SessionByTokenHash(ctx, sess.TokenHash); err != nil || gotU.Role != auth.RoleAdmin {
		t.Errorf("after a role change the session's user is %+v, error %v; want role admin", gotU, err)
	}

	for range 2 {
		if err := s.DeleteSession(ctx, sess.TokenHash); err != nil {
			t.Fatalf("deleting the session: %v", err)
		}
	}
	if _, _, err := s.SessionByTokenHash(ctx, sess.TokenHash); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("a deleted session: error %v, want ErrNotFound", err)
	}
}

func testUserSessionsDeleted(t *testing.T, s auth.Store) {
	t.Helper()
	ctx := t.Context()
	a, b := newUser("zhou"), newUser("wu")
	createUser(t, s, a)
	createUser(t, s, b)
	exp := accountsTime.Add(time.Hour)
	a1, a2, b1 := createSession(t, s, a.ID, exp), createSession(t, s, a.ID, exp), createSession(t, s, b.ID, exp)
	n, err := s.DeleteUserSessions(ctx, a.ID)
	if err != nil || n != 2 {
		t.Fatalf("deleted %d sessions of a user with 2, error %v", n, err)
	}
	for _, h := range []auth.TokenHash{a1.TokenHash, a2.TokenHash} {
		if _, _, err := s.SessionByTokenHash(ctx, h); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("a deleted session: error %v, want ErrNotFound", err)
		}
	}
	if _, _, err := s.SessionByTokenHash(ctx, b1.TokenHash); err != nil {
		t.Errorf("another user's session: %v", err)
	}
}

func testExpiredSessions(t *testing.T, s auth.Store) {
	t.Helper()
	ctx := t.Context()
	u := newUser("zheng")
	createUser(t, s, u)
	now := accountsTime
	expired := []auth.Session{createSession(t, s, u.ID, now.Add(-time.Hour)), createSession(t, s, u.ID, now)}
	alive := []auth.Session{createSession(t, s, u.ID, now.Add(time.Microsecond)), createSession(t, s, u.ID, now.Add(time.Hour))}
	n, err := s.DeleteExpiredSessions(ctx, now)
	if err != nil || n != len(expired) {
		t.Fatalf("deleted %d expired sessions, want %d; error %v", n, len(expired), err)
	}
	for _, sess := range expired {
		if _, _, err := s.SessionByTokenHash(ctx, sess.TokenHash); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("session expiring at %v: error %v, want ErrNotFound", sess.ExpiresAt, err)
		}
	}
	for _, sess := range alive {
		got, _, err := s.SessionByTokenHash(ctx, sess.TokenHash)
		if err != nil {
			t.Errorf("session expiring at %v: %v", sess.ExpiresAt, err)
			continue
		}
		equalSession(t, got, sess)
	}
	if n, err := s.DeleteExpiredSessions(ctx, now); n != 0 || err != nil {
		t.Errorf("a second purge deleted %d, error %v; want 0", n, err)
	}
}

func testPasswordHashVerbatim(t *testing.T, s auth.Store) {
	t.Helper()
	const password = "correct horse battery"
	hash, err := auth.HashPassword(password, cheapParams)
	if err != nil {
		t.Fatal(err)
	}
	u := newUser("feng")
	u.PasswordHash = hash
	createUser(t, s, u)
	got, err := s.UserByName(t.Context(), u.Name)
	if err != nil {
		t.Fatal(err)
	}
	if got.PasswordHash != hash {
		t.Fatalf("stored hash %q, want %q verbatim", got.PasswordHash, hash)
	}
	if strings.Contains(got.PasswordHash, password) {
		t.Fatal("the stored hash holds the password")
	}
	if err := auth.CheckPassword(got.PasswordHash, password); err != nil {
		t.Errorf("the stored hash does not check: %v", err)
	}
}

func testServiceOverStore(t *testing.T, s auth.Store) {
	t.Helper()
	ctx := t.Context()
	now := accountsTime
	svc := &auth.Service{Store: s, Params: cheapParams, Clock: func() time.Time { return now }, TTL: time.Hour}
	const password = "长城-watchtower-7"
	u, err := svc.AddUser(ctx, "chen", auth.RolePlanner, "仪征市", password)
	if err != nil {
		t.Fatalf("adding a user: %v", err)
	}
	stored, err := s.UserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	equalUser(t, stored, u)
	if _, _, err := svc.Login(ctx, "chen", "wrong-password", "192.0.2.1"); !errors.Is(err, auth.ErrUnauthorized) {
		t.Fatalf("login with a wrong password: error %v, want ErrUnauthorized", err)
	}
	token, sess, err := svc.Login(ctx, "chen", password, "192.0.2.1")
	if err != nil {
		t.Fatalf("logging in: %v", err)
	}
	got, err := svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatalf("authenticating: %v", err)
	}
	equalUser(t, got, u)
	gotS, _, err := s.SessionByTokenHash(ctx, sess.TokenHash)
	if err != nil {
		t.Fatal(err)
	}
	equalSession(t, gotS, sess)
	if err := svc.Logout(ctx, token); err != nil {
		t.Fatalf("logging out: %v", err)
	}
	if _, err := svc.Authenticate(ctx, token); !errors.Is(err, auth.ErrUnauthorized) {
		t.Errorf("after logout: error %v, want ErrUnauthorized", err)
	}
}

// RunThrottle runs the conformance suite of auth.ThrottleStore against a store. open
// returns a new, empty store for one subtest.
func RunThrottle(t *testing.T, open func(t *testing.T) auth.ThrottleStore) {
	t.Helper()
	runSubtests(t, open, []subtest[auth.ThrottleStore]{
		{"states read back, names apart from addresses", testThrottleRoundTrip},
		{"a zero state is forgotten", testThrottleZeroForgotten},
		{"an update that fails changes nothing", testThrottleUpdateFails},
		{"expired states deleted", testThrottleExpired},
		{"concurrent updates of a key run one after the other", testThrottleConcurrent},
	})
}

// throttleKey returns the key of kind for text.
func throttleKey(kind auth.ThrottleKind, text string) auth.ThrottleKey {
	return auth.ThrottleKey{Kind: kind, Hash: sha256.Sum256([]byte(text))}
}

// readThrottle returns the states of keys, changing nothing.
func readThrottle(t *testing.T, s auth.ThrottleStore, keys ...auth.ThrottleKey) []auth.ThrottleState {
	t.Helper()
	var got []auth.ThrottleState
	errKeep := errors.New("storetest: read only")
	err := s.UpdateThrottle(t.Context(), keys, func(states []auth.ThrottleState) error {
		got = slices.Clone(states)
		return errKeep
	})
	if !errors.Is(err, errKeep) {
		t.Fatalf("reading throttle states: error %v, want update's", err)
	}
	return got
}

// writeThrottle stores states as those of keys.
func writeThrottle(t *testing.T, s auth.ThrottleStore, keys []auth.ThrottleKey, states ...auth.ThrottleState) {
	t.Helper()
	err := s.UpdateThrottle(t.Context(), keys, func(st []auth.ThrottleState) error {
		copy(st, states)
		return nil
	})
	if err != nil {
		t.Fatalf("writing throttle states: %v", err)
	}
}

// throttleState returns a state of n failures, the last at last, waiting until until
// and expiring at expires.
func throttleState(n int, last, until, expires time.Time) auth.ThrottleState {
	return auth.ThrottleState{Failures: n, Last: last, Until: until, Expires: expires}
}

// equalThrottle reports how got differs from want; times must be the same instant (in
// any zone: the Limiter compares them only), and zero times zero.
func equalThrottle(t *testing.T, what string, got, want auth.ThrottleState) {
	t.Helper()
	if got.Failures != want.Failures {
		t.Errorf("%s: %d failures, want %d", what, got.Failures, want.Failures)
	}
	for _, f := range []struct {
		name      string
		got, want time.Time
	}{{"last", got.Last, want.Last}, {"until", got.Until, want.Until}, {"expires", got.Expires, want.Expires}} {
		if !f.got.Equal(f.want) {
			t.Errorf("%s: %s %v, want %v", what, f.name, f.got, f.want)
		}
	}
}

func testThrottleRoundTrip(t *testing.T, s auth.ThrottleStore) {
	t.Helper()
	name, addr := throttleKey(auth.ThrottleName, "wang"), throttleKey(auth.ThrottleAddr, "wang")
	other := throttleKey(auth.ThrottleName, "li")
	keys := []auth.ThrottleKey{name, addr, other}
	for i, st := range readThrottle(t, s, keys...) {
		equalThrottle(t, fmt.Sprintf("unknown key %d", i), st, auth.ThrottleState{})
	}
	t0 := accountsTime
	want := []auth.ThrottleState{
		throttleState(7, t0, t0.Add(8*time.Second), t0.Add(15*time.Minute)),
		throttleState(1, t0.Add(-time.Minute), time.Time{}, t0.Add(14*time.Minute)),
		throttleState(10, t0, t0.Add(15*time.Minute), t0.Add(15*time.Minute)),
	}
	writeThrottle(t, s, keys, want...)
	// Read in another order: the states follow their keys.
	got := readThrottle(t, s, other, addr, name)
	equalThrottle(t, "the name", got[2], want[0])
	equalThrottle(t, "the address of the same text", got[1], want[1])
	equalThrottle(t, "another name", got[0], want[2])
}

func testThrottleZeroForgotten(t *testing.T, s auth.ThrottleStore) {
	t.Helper()
	keys := []auth.ThrottleKey{throttleKey(auth.ThrottleName, "zhao"), throttleKey(auth.ThrottleAddr, "192.0.2.1")}
	st := throttleState(3, accountsTime, time.Time{}, accountsTime.Add(time.Hour))
	writeThrottle(t, s, keys, st, st)
	writeThrottle(t, s, keys, auth.ThrottleState{}, st)
	equalThrottle(t, "a state written zero", readThrottle(t, s, keys[0])[0], auth.ThrottleState{})
	if n, err := s.DeleteExpiredThrottles(t.Context(), accountsTime.Add(time.Hour)); n != 1 || err != nil {
		t.Errorf("deleting every state: %d, %v; want the one kept, 1", n, err)
	}
}

func testThrottleUpdateFails(t *testing.T, s auth.ThrottleStore) {
	t.Helper()
	kept := throttleKey(auth.ThrottleName, "qian")
	fresh := throttleKey(auth.ThrottleAddr, "192.0.2.2")
	want := throttleState(2, accountsTime, time.Time{}, accountsTime.Add(time.Hour))
	writeThrottle(t, s, []auth.ThrottleKey{kept}, want)
	boom := errors.New("the policy refuses")
	err := s.UpdateThrottle(t.Context(), []auth.ThrottleKey{kept, fresh}, func(st []auth.ThrottleState) error {
		st[0].Failures, st[1].Failures = 99, 99
		st[1].Expires = accountsTime.Add(time.Hour)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("a failing update: error %v, want update's", err)
	}
	got := readThrottle(t, s, kept, fresh)
	equalThrottle(t, "the state kept", got[0], want)
	equalThrottle(t, "the state not stored", got[1], auth.ThrottleState{})
	if n, err := s.DeleteExpiredThrottles(t.Context(), accountsTime.Add(time.Hour)); n != 1 || err != nil {
		t.Errorf("deleting every state: %d, %v; want the one kept, 1", n, err)
	}
}

func testThrottleExpired(t *testing.T, s auth.ThrottleStore) {
	t.Helper()
	now := accountsTime
	expired := []auth.ThrottleKey{throttleKey(auth.ThrottleName, "sun"), throttleKey(auth.ThrottleAddr, "192.0.2.3")}
	alive := []auth.ThrottleKey{throttleKey(auth.ThrottleName, "zhou"), throttleKey(auth.ThrottleAddr, "192.0.2.4")}
	at := func(expires time.Time) auth.ThrottleState {
		return throttleState(1, expires.Add(-time.Hour), time.Time{}, expires)
	}
	writeThrottle(t, s, expired, at(now.Add(-time.Hour)), at(now))
	aliveStates := []auth.ThrottleState{at(now.Add(time.Microsecond)), at(now.Add(time.Hour))}
	writeThrottle(t, s, alive, aliveStates...)
	n, err := s.DeleteExpiredThrottles(t.Context(), now)
	if err != nil || n != len(expired) {
		t.Fatalf("deleted %d expired states, want %d; error %v", n, len(expired), err)
	}
	for i, st := range readThrottle(t, s, expired...) {
		equalThrottle(t, fmt.Sprintf("expired state %d", i), st, auth.ThrottleState{})
	}
	for i, st := range readThrottle(t, s, alive...) {
		equalThrottle(t, fmt.Sprintf("state %d alive", i), st, aliveStates[i])
	}
	if n, err := s.DeleteExpiredThrottles(t.Context(), now); n != 0 || err != nil {
		t.Errorf("a second sweep deleted %d, error %v; want 0", n, err)
	}
}

// Every update adds one failure to a shared key; some name the keys in the other order,
// as two logins sharing an address and a name would, which must not deadlock.
func testThrottleConcurrent(t *testing.T, s auth.ThrottleStore) {
	t.Helper()
	const n = 16
	shared := []auth.ThrottleKey{throttleKey(auth.ThrottleAddr, "192.0.2.5"), throttleKey(auth.ThrottleName, "wu")}
	var wg sync.WaitGroup
	for i := range n {
		keys := slices.Clone(shared)
		if i%2 == 1 {
			slices.Reverse(keys)
		}
		keys = append(keys, throttleKey(auth.ThrottleName, fmt.Sprintf("own%d", i)))
		wg.Go(func() {
			err := s.UpdateThrottle(t.Context(), keys, func(st []auth.ThrottleState) error {
				for j := range st {
					st[j].Failures++
					st[j].Last, st[j].Expires = accountsTime, accountsTime.Add(time.Hour)
				}
				return nil
			})
			if err != nil {
				t.Errorf("update %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	for i, st := range readThrottle(t, s, shared...) {
		if st.Failures != n {
			t.Errorf("shared key %d: %d failures after %d concurrent updates", i, st.Failures, n)
		}
	}
}

// RunLimiter runs the behaviour of auth.Limiter against a way of making one: NewLimiter
// in memory, NewStoredLimiter over a store. newLimiter returns a limiter with cfg's
// limits and the clock now over a new, empty state, for one subtest.
func RunLimiter(t *testing.T, newLimiter func(t *testing.T, cfg auth.LimiterConfig, now func() time.Time) *auth.Limiter) {
	t.Helper()
	cases := append(stepCases(),
		subtest[clockedLimiter]{"attempts in flight count as failures", testLimiterInFlight},
		subtest[clockedLimiter]{"an address is locked across names", testLimiterAddressLockout},
		subtest[clockedLimiter]{"concurrent attempts get no more than the free failures", testLimiterConcurrent},
	)
	runSubtests(t, func(t *testing.T) clockedLimiter {
		t.Helper()
		c := newLimiterClock()
		return clockedLimiter{newLimiter(t, auth.LimiterConfig{}, c.now), c}
	}, cases)
}

// clockedLimiter is a limiter under the default limits and the clock it reads.
type clockedLimiter struct {
	*auth.Limiter
	clock *limiterClock
}

// limiterClock is a clock the test moves by hand.
type limiterClock struct{ t time.Time }

func newLimiterClock() *limiterClock {
	return &limiterClock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *limiterClock) now() time.Time          { return c.t }
func (c *limiterClock) advance(d time.Duration) { c.t = c.t.Add(d) }

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

func runSteps(t *testing.T, l clockedLimiter, steps []step) {
	t.Helper()
	ctx := t.Context()
	for i, s := range steps {
		for range max(s.times, 1) {
			l.clock.advance(s.wait)
			err := l.Attempt(ctx, s.name, s.addr)
			te, isWait := errors.AsType[*auth.ThrottledError](err)
			var report error
			switch {
			case s.want == 0 && err != nil:
				t.Fatalf("step %d (%s from %s): refused (%v), want let through", i, s.name, s.addr, err)
			case s.want != 0 && (!isWait || !errors.Is(err, auth.ErrThrottled)):
				t.Fatalf("step %d (%s from %s): error %v, want a wait of %v", i, s.name, s.addr, err, s.want)
			case s.want != 0 && te.RetryAfter != s.want:
				t.Fatalf("step %d (%s from %s): wait %v, want %v", i, s.name, s.addr, te.RetryAfter, s.want)
			case s.want == 0 && s.out == succeeded:
				report = l.Succeeded(ctx, s.name, s.addr)
			case s.want == 0 && s.out == abandoned:
				report = l.Abandoned(ctx, s.name, s.addr)
			}
			if report != nil {
				t.Fatalf("step %d (%s from %s): reporting: %v", i, s.name, s.addr, report)
			}
		}
	}
}

// stepCases are sequences of logins under the default limits.
func stepCases() []subtest[clockedLimiter] {
	const a1, a2 = "198.51.100.7", "203.0.113.9"
	cases := []struct {
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
		{"a name and an address of the same text are apart", []step{
			fails(5, "192.0.2.9", "192.0.2.9"),
			{name: "other", addr: "192.0.2.9"},
		}},
	}
	out := make([]subtest[clockedLimiter], len(cases))
	for i, c := range cases {
		out[i] = subtest[clockedLimiter]{c.name, func(t *testing.T, l clockedLimiter) {
			t.Helper()
			runSteps(t, l, c.steps)
		}}
	}
	return out
}

// An attempt counts as a failure while it is being checked, so that guesses sent together
// cannot all pass before the first failure is counted.
func testLimiterInFlight(t *testing.T, l clockedLimiter) {
	t.Helper()
	ctx := t.Context()
	for i := range 5 {
		if err := l.Attempt(ctx, "chen", "192.0.2.8"); err != nil {
			t.Fatalf("attempt %d in flight: %v", i, err)
		}
	}
	if err := l.Attempt(ctx, "chen", "192.0.2.8"); !errors.Is(err, auth.ErrThrottled) {
		t.Fatalf("a sixth attempt while five are in flight: %v, want ErrThrottled", err)
	}
	for range 5 {
		if err := l.Abandoned(ctx, "chen", "192.0.2.8"); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Attempt(ctx, "chen", "192.0.2.8"); err != nil {
		t.Fatalf("after the five were abandoned: %v", err)
	}
}

func testLimiterAddressLockout(t *testing.T, l clockedLimiter) {
	t.Helper()
	ctx := t.Context()
	cfg := auth.DefaultLimiterConfig().ByAddr
	for i := range cfg.Lockout {
		name := fmt.Sprintf("spray%d", i)
		if te, ok := errors.AsType[*auth.ThrottledError](l.Attempt(ctx, name, "198.51.100.1")); ok {
			l.clock.advance(te.RetryAfter)
			if err := l.Attempt(ctx, name, "198.51.100.1"); err != nil {
				t.Fatalf("attempt %d after waiting: %v", i, err)
			}
		}
	}
	err := l.Attempt(ctx, "fresh", "198.51.100.1")
	if te, ok := errors.AsType[*auth.ThrottledError](err); !ok || te.RetryAfter != cfg.LockFor {
		t.Fatalf("after %d failures from one address: %v, want a lockout of %v", cfg.Lockout, err, cfg.LockFor)
	}
}

// Guesses sent at once, more than the free failures, are let through no more than the
// free failures: each is counted before the next is decided.
func testLimiterConcurrent(t *testing.T, l clockedLimiter) {
	t.Helper()
	const n = 20
	free := auth.DefaultLimiterConfig().ByName.Free
	through := concurrently(t, n, auth.ErrThrottled, func(i int) error {
		return l.Attempt(t.Context(), "guo", fmt.Sprintf("198.51.100.%d", i))
	})
	if through != free {
		t.Errorf("%d of %d concurrent attempts let through, want %d", through, n, free)
	}
}
