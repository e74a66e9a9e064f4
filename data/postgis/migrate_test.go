package postgis_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
)

// migrate creates PostGIS itself when the role may, and otherwise says what is missing.
func TestMigrateCreatesPostGIS(t *testing.T) {
	ctx := context.Background()
	asAdmin, asOwner := pgtest.EmptyDatabase(ctx, t)
	tax := taxonomy(t)
	migrate := func(t *testing.T, url string) ([]postgis.Migration, error) {
		t.Helper()
		conn, err := postgis.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = conn.Close(ctx) }()
		return postgis.Migrate(ctx, conn, tax)
	}

	t.Run("a role that may not create it is told so", func(t *testing.T) {
		done, err := migrate(t, asOwner)
		if !errors.Is(err, postgis.ErrNoPostGIS) || len(done) != 0 {
			t.Fatalf("applied %v, err %v; want ErrNoPostGIS and nothing applied", done, err)
		}
		if !strings.Contains(err.Error(), "CREATE EXTENSION postgis") || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("err %q, want the remedy and the server's reason", err)
		}
		if _, err := postgis.Open(ctx, asOwner, tax); !errors.Is(err, postgis.ErrNoPostGIS) {
			t.Errorf("open err %v, want ErrNoPostGIS", err)
		}
	})
	t.Run("a superuser's migrate creates it", func(t *testing.T) {
		done, err := migrate(t, asAdmin)
		if err != nil || len(done) == 0 {
			t.Fatalf("applied %v, err %v; want every migration applied", done, err)
		}
		s, err := postgis.Open(ctx, asAdmin, tax)
		if err != nil {
			t.Fatalf("opening the migrated database: %v", err)
		}
		_ = s.Close()
	})
	t.Run("a second run finds it", func(t *testing.T) {
		if done, err := migrate(t, asAdmin); err != nil || len(done) != 0 {
			t.Fatalf("applied %v, err %v; want nothing", done, err)
		}
	})
}
