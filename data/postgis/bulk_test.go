package postgis_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paulmach/orb"

	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// indexDefs lists the definitions of the indexes of the layers' tables.
func indexDefs(t *testing.T, s *postgis.Store) []string {
	t.Helper()
	rows, err := s.Pool().Query(context.Background(),
		`SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('sites', 'entrances', 'cameras')
		 UNION ALL
		 SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
		 WHERE contype = 'f' AND conrelid::regclass::text IN ('sites', 'entrances', 'cameras')
		 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var defs []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		defs = append(defs, d)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return defs
}

// bulkCity is n sites and n cameras on a grid, enough for a put to rebuild the indexes.
func bulkCity(n int) *coverage.Layers {
	l := &coverage.Layers{}
	for i := range n {
		p := orb.Point{119 + float64(i%100)*0.001, 32 + float64(i/100)*0.001}
		l.Sites = append(l.Sites, coverage.Site{ID: fmt.Sprintf("s%d", i), Category: "park", Geometry: p})
		l.Cameras = append(l.Cameras, coverage.Camera{ID: fmt.Sprintf("c%d", i), Pos: p, Azimuth: 1, HFOV: 90, Range: 10,
			Owner: "o", Investment: coverage.Private})
		l.Entrances = append(l.Entrances, coverage.Entrance{SiteID: fmt.Sprintf("s%d", i), Pos: p, Kind: "main"})
	}
	return l
}

// A put large enough to drop the GiST indexes and build them again after its upsert
// leaves the same indexes, used by the same queries, whether it succeeds or fails.
func TestBulkPutKeepsIndexes(t *testing.T) {
	const n = 6000
	t.Run("a first import", func(t *testing.T) {
		s := openPostGIS(t, pgtest.URL(t))
		ctx := context.Background()
		before := indexDefs(t, s)
		if !slices.ContainsFunc(before, func(d string) bool { return strings.Contains(d, "camera_reach") }) {
			t.Fatalf("indexes before the put: %v, want cameras_reach among them", before)
		}
		if _, err := s.PutLayers(ctx, bulkCity(n)); err != nil {
			t.Fatal(err)
		}
		if after := indexDefs(t, s); !slices.Equal(before, after) {
			t.Errorf("indexes after the put:\n%v\nwant\n%v", after, before)
		}
		// The foreign keys dropped for the put hold again.
		_, err := s.Pool().Exec(ctx, `INSERT INTO entrances (site_id, seq, geom) VALUES ('nope', 0, 'SRID=4326;POINT(119 32)')`)
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); !ok || pgErr.Code != "23503" {
			t.Errorf("an entrance of no site after the put: %v, want a foreign key violation", err)
		}
		back := &coverage.Layers{}
		if err := s.ReadLayers(ctx, coverage.LayerQuery{}, back); err != nil {
			t.Fatal(err)
		}
		if len(back.Sites) != n || len(back.Cameras) != n || len(back.Entrances) != n {
			t.Errorf("read back %d sites, %d cameras and %d entrances, want %d of each", len(back.Sites), len(back.Cameras), len(back.Entrances), n)
		}
		// Copied straight into the empty tables, the points come back as they went in.
		if c, want := back.Cameras[n-1], bulkCity(n).Cameras[999]; c.ID != want.ID || c.Pos != want.Pos {
			t.Errorf("camera %s read back as %s at %v, want at %v", want.ID, c.ID, c.Pos, want.Pos)
		}
	})
	t.Run("a bad row in the middle", func(t *testing.T) {
		s := openPostGIS(t, pgtest.URL(t))
		ctx := context.Background()
		before := indexDefs(t, s)
		l := bulkCity(n)
		// A hole outside its shell: only PostGIS finds it, after the copy.
		sq := func(x float64) orb.Ring {
			return orb.Ring{{x, 33}, {x + 0.01, 33}, {x + 0.01, 33.01}, {x, 33.01}, {x, 33}}
		}
		l.Sites[n/2].Geometry = orb.Polygon{sq(119), sq(119.02)}
		_, err := s.PutLayers(ctx, l)
		want := fmt.Sprintf(`sites[%d] (id "s%d"): geometry: invalid: Hole lies outside shell`, n/2, n/2)
		if !errors.Is(err, rulebook.ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Fatalf("err %v, want one saying %s", err, want)
		}
		back := &coverage.Layers{}
		if err := s.ReadLayers(ctx, coverage.LayerQuery{}, back); err != nil {
			t.Fatal(err)
		}
		if len(back.Sites)+len(back.Cameras) != 0 {
			t.Errorf("a failed put left %d sites and %d cameras", len(back.Sites), len(back.Cameras))
		}
		if after := indexDefs(t, s); !slices.Equal(before, after) {
			t.Errorf("indexes after the failed put:\n%v\nwant\n%v", after, before)
		}
	})
	t.Run("a second import over the first", func(t *testing.T) {
		s := openPostGIS(t, pgtest.URL(t))
		ctx := context.Background()
		before := indexDefs(t, s)
		l := bulkCity(n)
		for range 2 {
			if _, err := s.PutLayers(ctx, l); err != nil {
				t.Fatal(err)
			}
		}
		if after := indexDefs(t, s); !slices.Equal(before, after) {
			t.Errorf("indexes after two puts:\n%v\nwant\n%v", after, before)
		}
		var n2 int
		q := `SELECT count(*) FROM cameras WHERE camera_reach(geom, range_m) && ST_MakeEnvelope(119, 32, 119.01, 32.01, 4326)`
		if err := s.Pool().QueryRow(ctx, q).Scan(&n2); err != nil || n2 == 0 {
			t.Errorf("cameras found through their reach: %d, err %v", n2, err)
		}
	})
}

// A second put of the same features writes no row (their xmin stays), and a put that
// changes one value or one geometry writes that row and reads back changed.
func TestPutLeavesUnchangedRowsAlone(t *testing.T) {
	for _, n := range []int{3, 6000} {
		t.Run(fmt.Sprintf("%d features", n), func(t *testing.T) {
			s := openPostGIS(t, pgtest.URL(t))
			ctx := context.Background()
			xmin := func(id string) string {
				t.Helper()
				var x string
				if err := s.Pool().QueryRow(ctx, `SELECT xmin::text FROM cameras WHERE id = $1`, id).Scan(&x); err != nil {
					t.Fatal(err)
				}
				return x
			}
			l := bulkCity(n)
			if _, err := s.PutLayers(ctx, l); err != nil {
				t.Fatal(err)
			}
			first := []string{xmin("c0"), xmin("c1"), xmin("c2")}
			if _, err := s.PutLayers(ctx, l); err != nil {
				t.Fatal(err)
			}
			if again := []string{xmin("c0"), xmin("c1"), xmin("c2")}; !slices.Equal(first, again) {
				t.Errorf("the same put again rewrote rows: xmin %v, then %v", first, again)
			}
			l.Cameras[1].Azimuth = 45
			l.Cameras[2].Pos = orb.Point{120, 33}
			if _, err := s.PutLayers(ctx, l); err != nil {
				t.Fatal(err)
			}
			if xmin("c0") != first[0] || xmin("c1") == first[1] || xmin("c2") == first[2] {
				t.Errorf("after changing c1 and c2: xmin %s %s %s, first %v", xmin("c0"), xmin("c1"), xmin("c2"), first)
			}
			back := &coverage.Layers{}
			if err := s.ReadLayers(ctx, coverage.LayerQuery{}, back); err != nil {
				t.Fatal(err)
			}
			byID := map[string]coverage.Camera{}
			for _, c := range back.Cameras {
				byID[c.ID] = c
			}
			if byID["c1"].Azimuth != 45 || byID["c2"].Pos != (orb.Point{120, 33}) || len(back.Cameras) != n {
				t.Errorf("read back c1 %+v, c2 %+v, %d cameras", byID["c1"], byID["c2"], len(back.Cameras))
			}
		})
	}
}
