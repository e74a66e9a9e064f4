package storetest

import (
	"errors"
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
	cases := []struct {
		name string
		run  func(t *testing.T, s auth.Store)
	}{
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
	}
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
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = s.CreateUser(t.Context(), newUser("racer")) })
	}
	wg.Wait()
	created := 0
	for _, err := range errs {
		switch {
		case err == nil:
			created++
		case !errors.Is(err, auth.ErrExists):
			t.Errorf("error %v, want nil or ErrExists", err)
		}
	}
	if created != 1 {
		t.Errorf("%d of %d concurrent creates of one name succeeded, want 1", created, n)
	}
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
