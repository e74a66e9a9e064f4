// Package pgtest gives integration tests a PostGIS database of their own: a fresh schema
// in the database of DATABASE_URL, migrated, and dropped when the test ends. Only tests
// import it.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cctvgis/data"
	"cctvgis/data/postgis"
	"cctvgis/data/rules"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// URL returns the URL of a new, migrated schema for the test, or skips the test with a
// loud message when DATABASE_URL is unset; under CI=true that is a failure, so CI always
// runs the PostGIS tests (./scripts/test starts a throwaway cluster).
func URL(t *testing.T) string {
	t.Helper()
	return Schema(t)
}

// Schema is URL for a test or a benchmark.
func Schema(tb testing.TB) string {
	tb.Helper()
	u := database(tb)
	ctx := context.Background()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		tb.Fatal(err)
	}
	schema := "t_" + hex.EncodeToString(b)
	conn, err := postgis.Connect(ctx, u)
	if err != nil {
		tb.Fatalf("connecting to DATABASE_URL: %v", err)
	}
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("creating schema %s: %v", schema, err)
	}
	tb.Cleanup(func() {
		c, err := postgis.Connect(context.Background(), u)
		if err != nil {
			tb.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer func() { _ = c.Close(context.Background()) }()
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	su, err := WithSearchPath(u, schema)
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := postgis.Connect(ctx, su)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = sc.Close(ctx) }()
	lib, err := rules.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := postgis.Migrate(ctx, sc, lib.Taxonomy); err != nil {
		tb.Fatalf("migrating schema %s: %v", schema, err)
	}
	return su
}

// Database returns DATABASE_URL, or skips (fails under CI=true) when it is unset.
func Database(t *testing.T) string {
	t.Helper()
	return database(t)
}

func database(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("DATABASE_URL")
	if u == "" {
		msg := "DATABASE_URL is not set: the PostGIS integration tests did not run (./scripts/test starts a throwaway PostGIS cluster)"
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip("SKIPPED: " + msg)
	}
	return u
}

// WithSearchPath returns the database URL with the schema first on its search path, then
// public, where PostGIS lives.
func WithSearchPath(dbURL, schema string) (string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", fmt.Errorf("parsing DATABASE_URL: %w", err)
	}
	if !strings.HasPrefix(u.Scheme, "postgres") {
		return "", fmt.Errorf("DATABASE_URL must be a postgres:// URL, not %s://", u.Scheme)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// EmptyDatabase creates a new database without PostGIS, owned by a new role that may log
// in but is no superuser, and drops both when the test ends. It returns the database's URL
// for the role of DATABASE_URL (a superuser, in the throwaway cluster) and for the new
// role. It skips like URL when DATABASE_URL is unset.
func EmptyDatabase(ctx context.Context, t *testing.T) (asAdmin, asOwner string) {
	t.Helper()
	base := Database(t)
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "t_" + hex.EncodeToString(b)
	conn, err := postgis.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to DATABASE_URL: %v", err)
	}
	defer func() { _ = conn.Close(ctx) }()
	for _, sql := range []string{
		"CREATE ROLE " + name + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
		"CREATE DATABASE " + name + " OWNER " + name,
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("creating database %s: %v", name, err)
		}
	}
	t.Cleanup(func() {
		// The test's own context may be cancelled by now.
		ctx := context.WithoutCancel(ctx)
		c, err := postgis.Connect(ctx, base)
		if err != nil {
			t.Errorf("dropping database %s: %v", name, err)
			return
		}
		defer func() { _ = c.Close(ctx) }()
		for _, sql := range []string{"DROP DATABASE " + name + " WITH (FORCE)", "DROP ROLE " + name} {
			if _, err := c.Exec(ctx, sql); err != nil {
				t.Errorf("dropping database %s: %v", name, err)
			}
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parsing DATABASE_URL: %v", err)
	}
	if !strings.HasPrefix(u.Scheme, "postgres") {
		t.Fatalf("DATABASE_URL must be a postgres:// URL, not %s://", u.Scheme)
	}
	u.Path = "/" + name
	asAdmin = u.String()
	u.User = url.User(name)
	return asAdmin, u.String()
}

// OnStores runs test once on each store: "embedded", a new embedded store file in the
// test's temporary folder, and "PostGIS", a new schema (skipped like URL without a
// database). test gets the store's URL, as data.OpenStore takes it.
func OnStores(t *testing.T, test func(t *testing.T, url string)) {
	t.Helper()
	t.Run("embedded", func(t *testing.T) { test(t, "file:"+filepath.Join(t.TempDir(), "store.db")) })
	t.Run("PostGIS", func(t *testing.T) { test(t, URL(t)) })
}

// Open opens the store at url read-write with the built-in rulebooks' taxonomy, closes it
// when the test ends, and puts l into it. S is what the test needs of the store; a store
// that is not one fails the test.
func Open[S coverage.LayerStore](t *testing.T, url string, l *coverage.Layers) (S, *rulebook.Library) {
	t.Helper()
	ctx := context.Background()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	opened, name, err := data.OpenStore(ctx, url, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = opened.Close() })
	st, ok := opened.(S)
	if !ok {
		t.Fatalf("the %s is not a %T", name, st)
	}
	if _, err := st.PutLayers(ctx, l); err != nil {
		t.Fatal(err)
	}
	return st, lib
}
