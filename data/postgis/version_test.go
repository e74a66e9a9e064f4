package postgis_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/data/storetest"
	"cctvgis/planner/coverage"
)

func TestPostGISVersionConformance(t *testing.T) {
	pgtest.Database(t)
	storetest.RunVersion(t, func(t *testing.T) storetest.VersionStore {
		t.Helper()
		return openPostGIS(t, pgtest.URL(t))
	})
}

func TestVersionChannel(t *testing.T) {
	const prefix = "cctvgis_store_version."
	longest := strings.Repeat("s", 63-len(prefix))
	cases := []struct {
		name, schema, want string
	}{
		{"public", "public", prefix + "public"},
		{"a test's schema", "t_0123456789ab", prefix + "t_0123456789ab"},
		{"the longest schema kept whole", longest, prefix + longest},
		// The first 32 hex digits of the SHA-256 of 42 s, as sha256sum gives them.
		{"a schema one byte longer is hashed", longest + "s", prefix + "7bbed07d913f65baca2e07d1498ad328"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := postgis.VersionChannel(c.schema)
			if len(got) > 63 {
				t.Errorf("channel %q is %d bytes, longer than an identifier", got, len(got))
			}
			if got != c.want {
				t.Errorf("channel %q, want %q", got, c.want)
			}
		})
	}
	a, b := strings.Repeat("x", 62)+"a", strings.Repeat("x", 62)+"b"
	if postgis.VersionChannel(a) == postgis.VersionChannel(b) {
		t.Errorf("two long schemas share channel %q", postgis.VersionChannel(a))
	}
}

// Several processes on one database, each with its own store: a change committed through
// one reaches the version watch of another within storetest.WatchTimeout, and a change in
// another schema reaches neither.
func TestPostGISVersionAcrossStores(t *testing.T) {
	url := pgtest.URL(t)
	watched, writer := openPostGIS(t, url), openPostGIS(t, url)
	other := openPostGIS(t, pgtest.URL(t))
	cam := coverage.Camera{ID: "C1", Pos: orb.Point{119.4128, 32.3942}, Azimuth: 90, HFOV: 60, Range: 50, Owner: "公安局",
		Investment: coverage.Government, Height: 4.5, Status: "running"}
	put := func(t *testing.T, s *postgis.Store) {
		t.Helper()
		if _, err := s.PutLayers(t.Context(), &coverage.Layers{Cameras: []coverage.Camera{cam}}); err != nil {
			t.Fatal(err)
		}
	}
	w := storetest.Watch(t, watched)
	t.Run("the watch begins at the store's version", func(t *testing.T) {
		if v := w.Next(t); v != 0 {
			t.Errorf("the watch began at version %d, want 0", v)
		}
	})
	t.Run("a put through another store reaches the watch", func(t *testing.T) {
		put(t, writer)
		w.Until(t, 1)
	})
	t.Run("the notice carries the version, on the schema's own channel", func(t *testing.T) {
		if watched.Channel() != writer.Channel() || watched.Channel() == other.Channel() {
			t.Fatalf("channels %q, %q and, in another schema, %q", watched.Channel(), writer.Channel(), other.Channel())
		}
		conn, err := postgis.Connect(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = conn.Close(context.WithoutCancel(t.Context())) }()
		if _, err := conn.Exec(t.Context(), "LISTEN "+pgx.Identifier{watched.Channel()}.Sanitize()); err != nil {
			t.Fatal(err)
		}
		// The other schema's put comes first: were it announced on this channel, its
		// notice (version 1) would arrive first.
		put(t, other)
		put(t, writer)
		ctx, cancel := context.WithTimeout(t.Context(), storetest.WatchTimeout)
		defer cancel()
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n.Channel != watched.Channel() || n.Payload != "2" {
			t.Errorf("notice %q on %q, want version 2 on %q", n.Payload, n.Channel, watched.Channel())
		}
		w.Until(t, 2)
		storetest.WantVersion(t, other, 1, "a put in the other schema")
	})
}
