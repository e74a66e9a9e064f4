package postgis

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"cctvgis/planner"
)

// pgLayerWriter copies one layer into a staging table and upserts it into its table.
type pgLayerWriter struct {
	layer string
	// stage creates the staging table: ord (the feature's index) first, geometry as EWKB.
	stage   string
	columns []string
	// row fills the staging row of feature i; geometry as EWKB.
	row func(l *planner.Layers, i int, dst []any) ([]any, error)
	// checkGeometry finds the first invalid geometry among polygons and lines.
	checkGeometry bool
	upsert        []string
}

// pgLayerWriters returns the writers of one PutLayers call, in an order that satisfies the
// foreign keys. They hold per-call state (entrance numbering): never share them.
func pgLayerWriters() []pgLayerWriter {
	return []pgLayerWriter{
		{
			layer:   planner.LayerDistricts,
			stage:   `CREATE TEMP TABLE stage_districts (ord int, id text, geom bytea) ON COMMIT DROP`,
			columns: []string{"ord", "id", "geom"},
			row: func(l *planner.Layers, i int, dst []any) ([]any, error) {
				d := l.Districts[i]
				return geomRow(dst, d.Geometry, i, d.Name)
			},
			checkGeometry: true,
			upsert: []string{`INSERT INTO districts (name, geom) SELECT id, ST_GeomFromEWKB(geom) FROM stage_districts
ON CONFLICT (name) DO UPDATE SET geom = EXCLUDED.geom`},
		},
		{
			layer:   planner.LayerSites,
			stage:   `CREATE TEMP TABLE stage_sites (ord int, id text, category text, name text, district text, geom bytea) ON COMMIT DROP`,
			columns: []string{"ord", "id", "category", "name", "district", "geom"},
			row: func(l *planner.Layers, i int, dst []any) ([]any, error) {
				s := l.Sites[i]
				return geomRow(dst, s.Geometry, i, s.ID, s.Category, s.Name, s.District)
			},
			checkGeometry: true,
			upsert: []string{`INSERT INTO sites (id, category, name, district, geom)
SELECT id, category, name, district, ST_GeomFromEWKB(geom) FROM stage_sites
ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category, name = EXCLUDED.name,
    district = EXCLUDED.district, geom = EXCLUDED.geom`},
		},
		{
			layer:   planner.LayerEntrances,
			stage:   `CREATE TEMP TABLE stage_entrances (ord int, id text, seq int, kind text, geom bytea) ON COMMIT DROP`,
			columns: []string{"ord", "id", "seq", "kind", "geom"},
			row:     entranceRow(),
			upsert: []string{
				`DELETE FROM entrances WHERE site_id IN (SELECT id FROM stage_entrances)`,
				`INSERT INTO entrances (site_id, seq, kind, geom) SELECT id, seq, kind, ST_GeomFromEWKB(geom) FROM stage_entrances`,
			},
		},
		{
			layer: planner.LayerCameras,
			stage: `CREATE TEMP TABLE stage_cameras (ord int, id text, azimuth float8, hfov float8, range_m float8,
    owner text, investment text, height_m float8, status text, geom bytea) ON COMMIT DROP`,
			columns: []string{"ord", "id", "azimuth", "hfov", "range_m", "owner", "investment", "height_m", "status", "geom"},
			row: func(l *planner.Layers, i int, dst []any) ([]any, error) {
				c := l.Cameras[i]
				return geomRow(dst, c.Pos, i, c.ID, c.Azimuth, c.HFOV, c.Range, c.Owner, string(c.Investment), c.Height, c.Status)
			},
			upsert: []string{`INSERT INTO cameras (id, azimuth, hfov, range_m, owner, investment, height_m, status, geom)
SELECT id, azimuth, hfov, range_m, owner, investment, height_m, status, ST_GeomFromEWKB(geom) FROM stage_cameras
ON CONFLICT (id) DO UPDATE SET azimuth = EXCLUDED.azimuth, hfov = EXCLUDED.hfov, range_m = EXCLUDED.range_m,
    owner = EXCLUDED.owner, investment = EXCLUDED.investment, height_m = EXCLUDED.height_m,
    status = EXCLUDED.status, geom = EXCLUDED.geom`},
		},
		{
			layer:   planner.LayerRoads,
			stage:   `CREATE TEMP TABLE stage_roads (ord int, id text, class text, name text, geom bytea) ON COMMIT DROP`,
			columns: []string{"ord", "id", "class", "name", "geom"},
			row: func(l *planner.Layers, i int, dst []any) ([]any, error) {
				r := l.Roads[i]
				return geomRow(dst, r.Geometry, i, r.ID, r.Class, r.Name)
			},
			checkGeometry: true,
			upsert: []string{`INSERT INTO roads (id, class, name, geom) SELECT id, class, name, ST_GeomFromEWKB(geom) FROM stage_roads
ON CONFLICT (id) DO UPDATE SET class = EXCLUDED.class, name = EXCLUDED.name, geom = EXCLUDED.geom`},
		},
		{
			layer:   planner.LayerOccluders,
			stage:   `CREATE TEMP TABLE stage_occluders (ord int, id text, height_m float8, geom bytea) ON COMMIT DROP`,
			columns: []string{"ord", "id", "height_m", "geom"},
			row: func(l *planner.Layers, i int, dst []any) ([]any, error) {
				o := l.Occluders[i]
				return geomRow(dst, o.Geometry, i, o.ID, o.Height)
			},
			checkGeometry: true,
			upsert: []string{`INSERT INTO occluders (id, height_m, geom) SELECT id, height_m, ST_GeomFromEWKB(geom) FROM stage_occluders
ON CONFLICT (id) DO UPDATE SET height_m = EXCLUDED.height_m, geom = EXCLUDED.geom`},
		},
		{
			layer:   planner.LayerPrivateSpaces,
			stage:   `CREATE TEMP TABLE stage_private_spaces (ord int, id text, space text, geom bytea) ON COMMIT DROP`,
			columns: []string{"ord", "id", "space", "geom"},
			row: func(l *planner.Layers, i int, dst []any) ([]any, error) {
				p := l.PrivateSpaces[i]
				return geomRow(dst, p.Geometry, i, p.ID, p.Space)
			},
			checkGeometry: true,
			upsert: []string{`INSERT INTO private_spaces (id, space, geom) SELECT id, space, ST_GeomFromEWKB(geom) FROM stage_private_spaces
ON CONFLICT (id) DO UPDATE SET space = EXCLUDED.space, geom = EXCLUDED.geom`},
		},
	}
}

// geomRow fills dst with the feature's index, the values and the geometry as EWKB.
func geomRow(dst []any, g orb.Geometry, i int, values ...any) ([]any, error) {
	b, err := toEWKB(g)
	if err != nil {
		return nil, err
	}
	dst = append(append(append(dst[:0], i), values...), b)
	return dst, nil
}

// entranceRow numbers each site's entrances 0, 1, … in the order they come.
func entranceRow() func(l *planner.Layers, i int, dst []any) ([]any, error) {
	seq := map[string]int{}
	return func(l *planner.Layers, i int, dst []any) ([]any, error) {
		e := l.Entrances[i]
		n := seq[e.SiteID]
		seq[e.SiteID] = n + 1
		return geomRow(dst, e.Pos, i, e.SiteID, n, e.Kind)
	}
}

const sqlFirstInvalid = `SELECT ord, id, ST_IsValidReason(g) FROM (
    SELECT ord, id, ST_GeomFromEWKB(geom) AS g FROM %s
) s WHERE NOT ST_IsValid(g) ORDER BY ord LIMIT 1`

func (w pgLayerWriter) put(ctx context.Context, tx pgx.Tx, l *planner.Layers) error {
	table := "stage_" + w.table()
	if _, err := tx.Exec(ctx, w.stage); err != nil {
		return fmt.Errorf("creating %s: %w", table, err)
	}
	n := l.Len(w.layer)
	i := 0
	var row []any
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		if i%8192 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var err error
		row, err = w.row(l, i, row)
		if err != nil {
			return nil, fmt.Errorf("%s feature %d: %w", w.layer, i, err)
		}
		i++
		return row, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, w.columns, src); err != nil {
		return fmt.Errorf("copying: %w", err)
	}
	if w.checkGeometry {
		var ord int
		var id, reason string
		err := tx.QueryRow(ctx, fmt.Sprintf(sqlFirstInvalid, table)).Scan(&ord, &id, &reason)
		switch {
		case err == nil:
			return fmt.Errorf("%w: %w", planner.ErrInvalid, planner.Rejection{Layer: w.layer, Index: ord, ID: id, Field: "geometry", Reason: "invalid: " + reason})
		case !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("checking geometry: %w", err)
		}
	}
	for _, q := range w.upsert {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("upserting: %w", err)
		}
	}
	return nil
}

// table is the layer's table name: the layer name with _ for -.
func (w pgLayerWriter) table() string {
	if w.layer == planner.LayerPrivateSpaces {
		return "private_spaces"
	}
	return w.layer
}
