package geo_test

import (
	"context"
	"math"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/geo"
	"cctvgis/internal/testenv"
)

// oracle connects to the PostGIS of DATABASE_URL, or skips the test (fails under CI)
// when there is none.
func oracle(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := postgis.Connect(t.Context(), pgtest.Database(t))
	if err != nil {
		t.Fatalf("connecting to DATABASE_URL: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// sqlOracle judges a repair r of the outline o: whether PostGIS finds r valid and why
// not, the areas on the spheroid of r, of ST_MakeValid(o)'s polygons and of o itself, and
// the area where r and ST_MakeValid(o) differ.
const sqlOracle = `SELECT ST_IsValid(r), ST_IsValidReason(r), ST_Area(r::geography), ST_Area(m::geography),
       ST_Area(o::geography), ST_Area(ST_SymDifference(r, m)::geography)
FROM (SELECT r, o, ST_CollectionExtract(ST_MakeValid(o), 3) AS m
      FROM (SELECT ST_GeomFromWKB($1, 4326) AS r, ST_GeomFromWKB($2, 4326) AS o) AS i) AS q`

// TestRepairOutlineAgainstPostGIS checks every repair case and each of Beijing's
// districts against PostGIS: the repair is valid by ST_IsValid, covers what
// ST_MakeValid's polygons cover but for the rounding of crossings to 2⁻³⁰ degree, and
// Area agrees with ST_Area on the spheroid.
func TestRepairOutlineAgainstPostGIS(t *testing.T) {
	ctx := t.Context()
	conn := oracle(t)
	type oracleCase struct {
		name    string
		outline orb.Geometry
		beijing bool
	}
	var cases []oracleCase
	for _, c := range repairCases {
		cases = append(cases, oracleCase{name: c.name, outline: placed(t, c.in)})
	}
	names, outlines := testenv.Beijing(t)
	for k, o := range outlines {
		cases = append(cases, oracleCase{name: "Beijing " + names[k], outline: o, beijing: true})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := geo.RepairOutline(c.outline)
			if err != nil {
				t.Fatal(err)
			}
			r, err := wkb.Marshal(rep.Geometry)
			if err != nil {
				t.Fatal(err)
			}
			// PostGIS reads no open ring: it is given the outline closed.
			o, err := wkb.Marshal(closed(c.outline))
			if err != nil {
				t.Fatal(err)
			}
			var valid bool
			var reason string
			var area, madeValid, raw, differ float64
			if err := conn.QueryRow(ctx, sqlOracle, r, o).Scan(&valid, &reason, &area, &madeValid, &raw, &differ); err != nil {
				t.Fatal(err)
			}
			if !valid {
				t.Errorf("ST_IsValid is false: %s", reason)
			}
			// Rounding moves a crossing by at most 0.07 mm: over a district's 300 km of
			// boundary, some 20 m²; in the cases, on grid already, nothing.
			if differ > 1e-7*madeValid {
				t.Errorf("the repair and ST_MakeValid differ over %.1f m² of %.0f m²", differ, madeValid)
			}
			if got := geo.Area(rep.Geometry); math.Abs(got-area) > 5e-4*area {
				t.Errorf("Area %.0f m², ST_Area %.0f m²", got, area)
			}
			if c.beijing && math.Abs(area-raw) > 0.005*raw {
				t.Errorf("repaired area %.0f m² is more than 0.5 %% from the raw %.0f m²", area, raw)
			}
			t.Logf("%s: %.0f m² raw, %.0f m² repaired (%+.5f %%), ST_MakeValid differs over %.2f m²", rep, raw, area, 100*(area-raw)/raw, differ)
		})
	}
}

// closed returns the outline with each open ring closed.
func closed(g orb.Geometry) orb.Geometry {
	close := func(p orb.Polygon) orb.Polygon {
		out := make(orb.Polygon, len(p))
		for k, r := range p {
			out[k] = r
			if len(r) > 0 && r[0] != r[len(r)-1] {
				out[k] = append(r[:len(r):len(r)], r[0])
			}
		}
		return out
	}
	switch g := g.(type) {
	case orb.Polygon:
		return close(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for k, p := range g {
			out[k] = close(p)
		}
		return out
	}
	return g
}

// sqlOverlaps gives the area on the spheroid where each pair of the outlines ($1, as
// WKB) overlap, by ST_Intersection.
const sqlOverlaps = `WITH o AS (SELECT k, ST_GeomFromWKB(g, 4326) AS g FROM unnest($1::bytea[]) WITH ORDINALITY AS u(g, k))
SELECT a.k - 1, b.k - 1, ST_Area(ST_CollectionExtract(ST_Intersection(a.g, b.g), 3)::geography)
FROM o a JOIN o b ON a.k < b.k AND ST_Intersects(a.g, b.g)`

// sqlGaps gives the area on the spheroid of the holes in the union of the outlines ($1):
// what the union's parts enclose less the union.
const sqlGaps = `WITH u AS (SELECT ST_Union(ST_GeomFromWKB(g, 4326)) AS g FROM unnest($1::bytea[]) AS b(g))
SELECT (SELECT sum(ST_Area(ST_MakePolygon(ST_ExteriorRing(d.geom))::geography)) FROM ST_Dump(u.g) AS d) - ST_Area(u.g::geography) FROM u`

// TestTopologyAgainstPostGIS checks the overlaps NewTopology finds between Beijing's
// repaired districts against ST_Intersection's, pair by pair, and its gaps against the
// holes of ST_Union's.
func TestTopologyAgainstPostGIS(t *testing.T) {
	ctx := t.Context()
	conn := oracle(t)
	names, outlines := testenv.Beijing(t)
	var blobs [][]byte
	for k, o := range outlines {
		rep, err := geo.RepairOutline(o)
		if err != nil {
			t.Fatal(err)
		}
		outlines[k] = rep.Geometry
		b, err := wkb.Marshal(rep.Geometry)
		if err != nil {
			t.Fatal(err)
		}
		blobs = append(blobs, b)
	}
	top, err := geo.NewTopology(outlines)
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]int]float64{}
	for _, o := range top.Overlaps {
		if len(o.Outlines) != 2 {
			t.Fatalf("overlap of %d districts: %v", len(o.Outlines), o.Outlines)
		}
		got[[2]int{o.Outlines[0], o.Outlines[1]}] = o.Area
	}
	rows, err := conn.Query(ctx, sqlOverlaps, blobs)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := map[[2]int]float64{}
	for rows.Next() {
		var a, b int
		var area float64
		if err := rows.Scan(&a, &b, &area); err != nil {
			t.Fatal(err)
		}
		if area > 0 {
			want[[2]int{a, b}] = area
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for pair, w := range want {
		// Area's projection of the whole city errs by up to 2·10⁻⁴ at its edges.
		if g := got[pair]; math.Abs(g-w) > 1e-3*w+1 {
			t.Errorf("%s and %s overlap over %.1f m², ST_Intersection %.1f m²", names[pair[0]], names[pair[1]], g, w)
		}
	}
	for pair := range got {
		if _, ok := want[pair]; !ok {
			t.Errorf("%s and %s overlap by NewTopology, not by ST_Intersection", names[pair[0]], names[pair[1]])
		}
	}
	var holes float64
	if err := conn.QueryRow(ctx, sqlGaps, blobs).Scan(&holes); err != nil {
		t.Fatal(err)
	}
	gaps := 0.0
	for _, g := range top.Gaps {
		gaps += g.Area
	}
	if math.Abs(gaps-holes) > 1e-3*holes {
		t.Errorf("gaps of %.0f m² in all, ST_Union's holes %.0f m²", gaps, holes)
	}
	t.Logf("%d pairs of districts overlap, as ST_Intersection finds; gaps %.0f m², ST_Union's holes %.0f m²", len(want), gaps, holes)
}
