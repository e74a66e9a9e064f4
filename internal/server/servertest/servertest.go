// Package servertest starts the production server (internal/server) over a real store for
// HTTP tests: the same wiring as cctvgis serve, on a loopback port, with a settable clock,
// users logged in, and every answer checked against the OpenAPI document. Only tests
// import it.
package servertest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"cctvgis/auth"
	"cctvgis/data"
	"cctvgis/data/rules"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/httpapi/apitest"
	"cctvgis/internal/server"
	"cctvgis/mobileapi"
	"cctvgis/planner/coverage"
	"cctvgis/web/imports"
)

// Password is every test user's password.
const Password = "correct horse battery"

// User is a test user, logged in when the server starts.
type User struct {
	Name     string
	Role     auth.Role
	District string
}

// Options say what a test server holds.
type Options struct {
	// Rules is the rulebook's code.
	Rules string
	// Layers are put into the store before the server starts; nil puts nothing.
	Layers *coverage.Layers
	// Start is the clock's first reading.
	Start time.Time
	Users []User
	// Phone are the phone routes' settings.
	Phone mobileapi.Config
	// Imports are the web import's settings; their folder is the test's own unless set.
	Imports imports.Config
}

// Clock is a settable clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set sets the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Harness is a running server over a store, and a client of it.
type Harness struct {
	*apitest.Client
	Server *server.Server
	Store  server.Store
	Clock  *Clock
	// StoreURL names the store, to open it again (Restart).
	StoreURL string

	opt  Options
	stop func()
}

// EmbeddedURL is the URL of a new embedded store in the test's temporary folder.
func EmbeddedURL(t *testing.T) string {
	t.Helper()
	return "file:" + filepath.Join(t.TempDir(), "test.db")
}

// Start opens the store of storeURL, puts o.Layers into it, starts the server on a free
// loopback port with Serve (reloads included), creates o.Users and logs them in. The
// server stops and the store closes when the test ends.
func Start(t *testing.T, storeURL string, o Options) *Harness {
	t.Helper()
	if o.Imports.Dir == "" {
		o.Imports.Dir = filepath.Join(t.TempDir(), "imports")
	}
	h := &Harness{Clock: &Clock{t: o.Start}, StoreURL: storeURL, opt: o}
	h.start(t)
	if o.Layers != nil {
		if _, err := h.Store.PutLayers(t.Context(), o.Layers); err != nil {
			t.Fatal(err)
		}
		h.Reload()
	}
	for _, u := range o.Users {
		if _, err := h.Server.Auth().AddUser(t.Context(), u.Name, u.Role, u.District, Password); err != nil {
			t.Fatal(err)
		}
		h.Login(u.Name, Password)
	}
	return h
}

// start opens the store and starts a server over it.
func (h *Harness) start(t *testing.T) {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	opened, name, err := data.OpenStore(t.Context(), h.StoreURL, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := opened.(server.Store)
	if !ok {
		_ = opened.Close()
		t.Fatalf("the %s is not a server's store", name)
	}
	srv, err := server.New(t.Context(), server.Config{Rules: h.opt.Rules, Library: lib, Now: h.Clock.Now, Phone: h.opt.Phone, Imports: h.opt.Imports,
		Poll: 50 * time.Millisecond, Passwords: auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		// Tests move the clock by months; the sessions last long enough to follow it.
		SessionTTL: 400 * 24 * time.Hour}, st)
	if err != nil {
		_ = st.Close()
		t.Fatal(err)
	}
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("serving: %v", err)
			}
			_ = st.Close()
		})
	}
	t.Cleanup(h.stop)
	h.Server, h.Store = srv, st
	tokens := map[string]string{}
	if h.Client != nil {
		tokens = h.Tokens
	}
	h.Client = &apitest.Client{TB: t, URL: "http://" + ln.Addr().String(), HTTP: &http.Client{Timeout: time.Minute},
		Spec: apitest.New(t, srv.API().Document()), Tokens: tokens}
}

// Restart stops the server, closes the store, and starts a new server over the store
// opened again, as a restart of the process would; the users' sessions go on.
func (h *Harness) Restart(t *testing.T) {
	t.Helper()
	h.stop()
	h.start(t)
}

// Reload makes the server read the store's version now and reload the city when it moved,
// as it does by itself within Config.Poll.
func (h *Harness) Reload() {
	h.TB.Helper()
	if err := h.Server.Reload(context.Background()); err != nil {
		h.TB.Fatal(err)
	}
}

// WantError fails the test unless the answer is an error of the status and code, naming
// field when it is not "", with the request's id, and returns its body.
func (h *Harness) WantError(r apitest.Response, status int, code, field string) httpapi.ErrorBody {
	h.TB.Helper()
	var e httpapi.ErrorBody
	h.JSON(r, status, &e)
	if e.Code != code || field != "" && e.Field != field {
		h.TB.Errorf("error %+v, want code %s field %q", e, code, field)
	}
	if e.RequestID == "" || e.RequestID != r.Header.Get("X-Request-ID") {
		h.TB.Errorf("error %+v carries request id %q, the answer %q", e, e.RequestID, r.Header.Get("X-Request-ID"))
	}
	return e
}
