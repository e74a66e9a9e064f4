package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"cctvgis/planner"
)

// The selections of ReadLayers. With a district, $1 is its name and d its geometry.
const (
	sqlDistrictExists = `SELECT EXISTS (SELECT 1 FROM districts WHERE name = $1)`

	sqlReadDistricts   = `SELECT name, ST_AsEWKB(geom) FROM districts ORDER BY name`
	sqlReadDistrictsIn = `SELECT name, ST_AsEWKB(geom) FROM districts WHERE name = $1`

	sqlReadSites   = `SELECT id, category, name, district, ST_AsEWKB(geom) FROM sites ORDER BY id`
	sqlReadSitesIn = `SELECT s.id, s.category, s.name, s.district, ST_AsEWKB(s.geom)
FROM sites s, districts d WHERE d.name = $1 AND ST_Intersects(s.geom, d.geom) ORDER BY s.id`

	sqlReadEntrances   = `SELECT site_id, kind, ST_AsEWKB(geom) FROM entrances ORDER BY site_id, seq`
	sqlReadEntrancesIn = `SELECT e.site_id, e.kind, ST_AsEWKB(e.geom) FROM entrances e
JOIN sites s ON s.id = e.site_id JOIN districts d ON d.name = $1 AND ST_Intersects(s.geom, d.geom)
ORDER BY e.site_id, e.seq`

	sqlReadCameras = `SELECT id, azimuth, hfov, range_m, owner, investment, height_m, status, ST_AsEWKB(geom)
FROM cameras ORDER BY id`
	// Cameras in the district or within their range of it. The box test (a degree of
	// longitude is more than 60 km everywhere in China) lets the GiST index cut the
	// candidates before the geodesic distance.
	sqlReadCamerasIn = `SELECT c.id, c.azimuth, c.hfov, c.range_m, c.owner, c.investment, c.height_m, c.status, ST_AsEWKB(c.geom)
FROM cameras c, districts d
WHERE d.name = $1
  AND c.geom && ST_Expand(d.geom, (SELECT coalesce(max(range_m), 0) FROM cameras) / 60000.0)
  AND (ST_Intersects(c.geom, d.geom) OR ST_DWithin(c.geom::geography, d.geom::geography, c.range_m))
ORDER BY c.id`

	sqlReadRoads   = `SELECT id, class, name, ST_AsEWKB(geom) FROM roads ORDER BY id`
	sqlReadRoadsIn = `SELECT r.id, r.class, r.name, ST_AsEWKB(r.geom) FROM roads r, districts d
WHERE d.name = $1 AND ST_Intersects(r.geom, d.geom) ORDER BY r.id`

	sqlReadOccluders   = `SELECT id, height_m, ST_AsEWKB(geom) FROM occluders ORDER BY id`
	sqlReadOccludersIn = `SELECT o.id, o.height_m, ST_AsEWKB(o.geom) FROM occluders o, districts d
WHERE d.name = $1 AND ST_Intersects(o.geom, d.geom) ORDER BY o.id`

	sqlReadSpaces   = `SELECT id, space, ST_AsEWKB(geom) FROM private_spaces ORDER BY id`
	sqlReadSpacesIn = `SELECT p.id, p.space, ST_AsEWKB(p.geom) FROM private_spaces p, districts d
WHERE d.name = $1 AND ST_Intersects(p.geom, d.geom) ORDER BY p.id`
)

// pgLayerReader reads one layer: its two selections and how a row becomes a feature.
type pgLayerReader struct {
	layer   string
	all, in string
	scan    func(rows pgx.Rows, into *planner.Layers) error
}

var pgLayerReaders = []pgLayerReader{
	{planner.LayerDistricts, sqlReadDistricts, sqlReadDistrictsIn, func(rows pgx.Rows, into *planner.Layers) error {
		var d planner.District
		g, err := scanGeometry(rows, &d.Name)
		d.Geometry = g
		into.Districts = append(into.Districts, d)
		return err
	}},
	{planner.LayerSites, sqlReadSites, sqlReadSitesIn, func(rows pgx.Rows, into *planner.Layers) error {
		var s planner.Site
		g, err := scanGeometry(rows, &s.ID, &s.Category, &s.Name, &s.District)
		s.Geometry = g
		into.Sites = append(into.Sites, s)
		return err
	}},
	{planner.LayerEntrances, sqlReadEntrances, sqlReadEntrancesIn, func(rows pgx.Rows, into *planner.Layers) error {
		var e planner.Entrance
		g, err := scanGeometry(rows, &e.SiteID, &e.Kind)
		e.Pos, _ = g.(orb.Point)
		into.Entrances = append(into.Entrances, e)
		return err
	}},
	{planner.LayerCameras, sqlReadCameras, sqlReadCamerasIn, func(rows pgx.Rows, into *planner.Layers) error {
		var c planner.Camera
		var inv string
		g, err := scanGeometry(rows, &c.ID, &c.Azimuth, &c.HFOV, &c.Range, &c.Owner, &inv, &c.Height, &c.Status)
		c.Investment = planner.Investment(inv)
		c.Pos, _ = g.(orb.Point)
		into.Cameras = append(into.Cameras, c)
		return err
	}},
	{planner.LayerRoads, sqlReadRoads, sqlReadRoadsIn, func(rows pgx.Rows, into *planner.Layers) error {
		var r planner.Road
		g, err := scanGeometry(rows, &r.ID, &r.Class, &r.Name)
		r.Geometry = g
		into.Roads = append(into.Roads, r)
		return err
	}},
	{planner.LayerOccluders, sqlReadOccluders, sqlReadOccludersIn, func(rows pgx.Rows, into *planner.Layers) error {
		var o planner.Occluder
		g, err := scanGeometry(rows, &o.ID, &o.Height)
		o.Geometry = g
		into.Occluders = append(into.Occluders, o)
		return err
	}},
	{planner.LayerPrivateSpaces, sqlReadSpaces, sqlReadSpacesIn, func(rows pgx.Rows, into *planner.Layers) error {
		var p planner.PrivateSpace
		g, err := scanGeometry(rows, &p.ID, &p.Space)
		p.Geometry = g
		into.PrivateSpaces = append(into.PrivateSpaces, p)
		return err
	}},
}

// scanGeometry scans the row's columns into dst and its last column, EWKB, into a geometry.
func scanGeometry(rows pgx.Rows, dst ...any) (orb.Geometry, error) {
	var b []byte
	if err := rows.Scan(append(dst, &b)...); err != nil {
		return nil, err
	}
	return fromEWKB(b)
}

// ReadLayers streams the selected features into into, from one consistent snapshot (see
// planner.LayerStore).
func (s *Store) ReadLayers(ctx context.Context, q planner.LayerQuery, into *planner.Layers) error {
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	return pgx.BeginTxFunc(ctx, s.pool, opts, func(tx pgx.Tx) error {
		var args []any
		if q.District != "" {
			var ok bool
			if err := tx.QueryRow(ctx, sqlDistrictExists, q.District).Scan(&ok); err != nil {
				return fmt.Errorf("looking up district %q: %w", q.District, err)
			}
			if !ok {
				return fmt.Errorf("%w: district %q", planner.ErrNotFound, q.District)
			}
			args = []any{q.District}
		}
		for _, r := range pgLayerReaders {
			sql := r.all
			if q.District != "" {
				sql = r.in
			}
			if err := pgReadLayer(ctx, tx, r, sql, args, into); err != nil {
				return fmt.Errorf("reading %s: %w", r.layer, err)
			}
		}
		return nil
	})
}

func pgReadLayer(ctx context.Context, tx pgx.Tx, r pgLayerReader, sql string, args []any, into *planner.Layers) error {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for n := 0; rows.Next(); n++ {
		if err := r.scan(rows, into); err != nil {
			return err
		}
		if n%8192 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return ctx.Err()
}
