package geo_test

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/geo"
	"cctvgis/internal/testenv"
)

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
	url := pgtest.Database(t)
	ctx := t.Context()
	conn, err := postgis.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connecting to DATABASE_URL: %v", err)
	}
	defer func() { _ = conn.Close(ctx) }()
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
