package postgis_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"cctvgis/data/rules"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/data/storetest"
)

func openPostGIS(t *testing.T, url string) *postgis.Store {
	t.Helper()
	s, err := postgis.Open(context.Background(), url, taxonomy(t))
	if err != nil {
		t.Fatalf("opening the PostGIS store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestMigrate(t *testing.T) {
	url := pgtest.URL(t) // migrated once already
	ctx := context.Background()
	conn, err := postgis.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close(ctx) }()
	tax := taxonomy(t)

	t.Run("a second run applies nothing", func(t *testing.T) {
		done, err := postgis.Migrate(ctx, conn, tax)
		if err != nil || len(done) != 0 {
			t.Fatalf("applied %v, err %v; want nothing", done, err)
		}
	})
	t.Run("the taxonomy is in the vocabulary tables", func(t *testing.T) {
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM categories WHERE kind = 'road'`).Scan(&n); err != nil || n < 5 {
			t.Fatalf("%d road categories, err %v", n, err)
		}
	})
	t.Run("a changed migration is refused", func(t *testing.T) {
		if _, err := conn.Exec(ctx, `UPDATE schema_migrations SET checksum = 'x' WHERE version = 1`); err != nil {
			t.Fatal(err)
		}
		_, err := postgis.Migrate(ctx, conn, tax)
		if !errors.Is(err, postgis.ErrMigration) || !strings.Contains(err.Error(), "0001_layers.sql changed") {
			t.Fatalf("err %v, want a changed-migration error", err)
		}
		all, _ := postgis.Migrations()
		if _, err := conn.Exec(ctx, `UPDATE schema_migrations SET checksum = $1 WHERE version = 1`, all[0].Checksum); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a newer database is refused", func(t *testing.T) {
		if _, err := conn.Exec(ctx, `INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')`); err != nil {
			t.Fatal(err)
		}
		_, err := postgis.Migrate(ctx, conn, tax)
		if !errors.Is(err, postgis.ErrMigration) || !strings.Contains(err.Error(), "9999") {
			t.Fatalf("err %v, want an unknown-version error", err)
		}
		if _, err := conn.Exec(ctx, `DELETE FROM schema_migrations WHERE version = 9999`); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOpenPostGISErrors(t *testing.T) {
	base := pgtest.Database(t)
	ctx := context.Background()
	t.Run("unreachable server", func(t *testing.T) {
		_, err := postgis.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", taxonomy(t))
		if err == nil || !strings.Contains(err.Error(), "connecting to the database") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("schema not migrated", func(t *testing.T) {
		conn, err := postgis.Connect(ctx, base)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = conn.Close(ctx) }()
		if _, err := conn.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS t_empty`); err != nil {
			t.Fatal(err)
		}
		url, err := pgtest.WithSearchPath(base, "t_empty")
		if err != nil {
			t.Fatal(err)
		}
		_, err = postgis.Open(ctx, url, taxonomy(t))
		if !errors.Is(err, postgis.ErrNotMigrated) {
			t.Fatalf("err %v, want ErrNotMigrated", err)
		}
	})
	t.Run("database without PostGIS", func(t *testing.T) {
		_, plain := pgtest.EmptyDatabase(ctx, t)
		if _, err := postgis.Open(ctx, plain, taxonomy(t)); !errors.Is(err, postgis.ErrNoPostGIS) {
			t.Fatalf("open err %v, want ErrNoPostGIS", err)
		}
	})
}

// Geometry crosses the storage boundary as EWKB (data/wkb); PostGIS is the oracle.
func TestGeometryRoundTripThroughPostGIS(t *testing.T) {
	s := openPostGIS(t, pgtest.URL(t))
	tests := []struct {
		name string
		g    orb.Geometry
		wkt  string
	}{
		{"point", orb.Point{119.4215, 32.3932}, "POINT(119.4215 32.3932)"},
		{"line", orb.LineString{{119, 32}, {119.1, 32.2}}, "LINESTRING(119 32,119.1 32.2)"},
		{"multiline", orb.MultiLineString{{{119, 32}, {119.1, 32}}, {{119, 33}, {119, 33.5}}}, "MULTILINESTRING((119 32,119.1 32),(119 33,119 33.5))"},
		{"polygon with hole", orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 2}, {2, 2}, {1, 1}}}, "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,1 2,2 2,1 1))"},
		{"multipolygon", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}, "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))"},
	}
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := &coverage.Layers{Districts: []coverage.District{{Name: "x"}}}
			switch tc.g.(type) {
			case orb.Polygon, orb.MultiPolygon:
				l.Districts[0].Geometry = tc.g
			default:
				l = &coverage.Layers{Roads: []coverage.Road{{ID: "r", Class: "urban_road", Geometry: tc.g}}}
				if p, ok := tc.g.(orb.Point); ok {
					l = &coverage.Layers{Cameras: []coverage.Camera{{ID: "c", Pos: p, Azimuth: 1, HFOV: 90, Range: 10, Owner: "o", Investment: coverage.Private}}}
				}
			}
			if _, err := s.PutLayers(ctx, l); err != nil {
				t.Fatal(err)
			}
			var wkt string
			q := `SELECT ST_AsText(geom) FROM districts UNION ALL SELECT ST_AsText(geom) FROM roads UNION ALL SELECT ST_AsText(geom) FROM cameras`
			if err := s.Pool().QueryRow(ctx, `SELECT string_agg(w, ';') FROM (`+q+`) t(w)`).Scan(&wkt); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(wkt, tc.wkt) {
				t.Errorf("PostGIS holds %s, want %s", wkt, tc.wkt)
			}
			back := &coverage.Layers{}
			if err := s.ReadLayers(ctx, coverage.LayerQuery{}, back); err != nil {
				t.Fatal(err)
			}
			var got orb.Geometry
			switch {
			case len(back.Cameras) > 0 && tc.name == "point":
				got = back.Cameras[0].Pos
			case len(back.Roads) > 0 && len(l.Roads) > 0:
				got = back.Roads[0].Geometry
			case len(l.Districts) > 0:
				got = back.Districts[0].Geometry
			}
			if !orb.Equal(got, tc.g) {
				t.Errorf("read back %v, want %v", got, tc.g)
			}
			if _, err := s.Pool().Exec(ctx, `TRUNCATE districts, roads, cameras`); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSchemaConstraints(t *testing.T) {
	s := openPostGIS(t, pgtest.URL(t))
	ctx := context.Background()
	tests := []struct {
		name, sql, want string
	}{
		{"azimuth out of range", `INSERT INTO cameras (id, geom, azimuth, hfov, range_m, owner, investment) VALUES ('c', ST_SetSRID(ST_MakePoint(119, 32), 4326), 400, 90, 10, 'o', 'private')`, "cameras_azimuth_check"},
		{"unknown investment", `INSERT INTO cameras (id, geom, azimuth, hfov, range_m, owner, investment) VALUES ('c', ST_SetSRID(ST_MakePoint(119, 32), 4326), 40, 90, 10, 'o', 'mixed')`, "cameras_investment_check"},
		{"wrong SRID", `INSERT INTO cameras (id, geom, azimuth, hfov, range_m, owner, investment) VALUES ('c', ST_SetSRID(ST_MakePoint(13000000, 3700000), 3857), 40, 90, 10, 'o', 'private')`, "SRID"},
		{"unknown category", `INSERT INTO sites (id, category, geom) VALUES ('s', 'skatepark', ST_SetSRID(ST_MakePoint(119, 32), 4326))`, "sites_category_fkey"},
		{"self-intersecting polygon", `INSERT INTO districts (name, geom) VALUES ('bow', ST_GeomFromText('POLYGON((0 0,1 1,1 0,0 1,0 0))', 4326))`, "districts_geom_check"},
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

// Polygons that break the domain's rule (coverage.PolygonProblem) are refused with its
// message, as the embedded store refuses them; what only ST_IsValid finds (a hole outside
// its shell) is refused with PostGIS's reason. Neither leaves anything written.
func TestPutRefusesInvalidGeometryAndWritesNothing(t *testing.T) {
	square := func(x, y, side float64) orb.Ring {
		return orb.Ring{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}
	}
	cases := []struct {
		name string
		geom orb.Geometry
		want string
	}{
		{"bow-tie", orb.Polygon{{{119, 32}, {119.01, 32.01}, {119.01, 32}, {119, 32.01}, {119, 32}}},
			`sites[1] (id "bad"): geometry: self-intersection at lon 119.005000, lat 32.005000`},
		{"hole outside its shell", orb.Polygon{square(119, 32, 0.01), square(119.02, 32, 0.01)},
			`sites[1] (id "bad"): geometry: invalid: Hole lies outside shell`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openPostGIS(t, pgtest.URL(t))
			ctx := context.Background()
			l := &coverage.Layers{
				Cameras: []coverage.Camera{{ID: "c1", Pos: orb.Point{119, 32}, Azimuth: 1, HFOV: 90, Range: 10, Owner: "o", Investment: coverage.Private}},
				Sites: []coverage.Site{
					{ID: "ok", Category: "park", Geometry: orb.Point{119, 32}},
					{ID: "bad", Category: "park", Geometry: tc.geom},
				},
			}
			_, err := s.PutLayers(ctx, l)
			if !errors.Is(err, rulebook.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one saying %s", err, tc.want)
			}
			back := &coverage.Layers{}
			if err := s.ReadLayers(ctx, coverage.LayerQuery{}, back); err != nil {
				t.Fatal(err)
			}
			if len(back.Sites)+len(back.Cameras) != 0 {
				t.Errorf("a failed put left %d sites and %d cameras", len(back.Sites), len(back.Cameras))
			}
		})
	}
}

// The PostGIS store passes the same conformance suite as the embedded store.
func TestPostGISConformance(t *testing.T) {
	pgtest.Database(t)
	storetest.Run(t, func(t *testing.T) coverage.LayerStore {
		t.Helper()
		return openPostGIS(t, pgtest.URL(t))
	})
}

func taxonomy(t *testing.T) *rulebook.Taxonomy {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatalf("loading embedded rulebooks: %v", err)
	}
	return lib.Taxonomy
}

// The PostGIS store keeps accounts as the embedded store does.
func TestPostGISAccountsConformance(t *testing.T) {
	pgtest.Database(t)
	storetest.RunAccounts(t, func(t *testing.T) auth.Store {
		t.Helper()
		return openPostGIS(t, pgtest.URL(t))
	})
}
