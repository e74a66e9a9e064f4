package postgis

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// EntranceRef names one stored entrance: its site and its place among the site's entrances.
type EntranceRef struct {
	SiteID string
	Seq    int
}

// The exact SQL answer to "which entrances does no camera see", as a PostGIS expert would
// write it: for each entrance, one GiST probe of cameras_reach (each camera's own range as
// a degree box) finds the candidates, then the definition of camera_sees is tested on the
// WGS84 spheroid (geodesic distance at most range_m, geodesic bearing within hfov/2 of the
// azimuth; an apex sees itself) and NOT EXISTS stops at the first camera that sees it.
//
// Variants measured against it on the same city (bench --db, 25,000 cameras, 20,000
// entrances): a single degree box of the largest range (ST_DWithin on geometry) as the
// prefilter took twice as long, with seven times the candidates; a local tangent
// plane (distance and bearing from the degree differences scaled by the meridian and
// prime-vertical radii) computed from the geometries row by row ran no faster, the probe
// dominating; computed from plain numbers copied out first, it is the fastest
// (sqlUncoveredLocal). A transverse Mercator centred on the city (a custom SRID) with
// float8 coordinates ran as fast, but needs a row in spatial_ref_sys. A UTM
// projection is not exact here: its scale (0.9996 to 1.0004) moves a 120 m range's edge by
// up to 5 cm and its grid north is up to a degree or two off true north. The apex test is
// ST_Equals, not ~=, which compares float4 boxes and takes points 0.1 m apart as equal.
const sqlUncoveredFast = `SELECT e.site_id, e.seq FROM entrances e
WHERE NOT EXISTS (
    SELECT 1 FROM cameras c
    WHERE camera_reach(c.geom, c.range_m) && e.geom
      AND ST_DWithin(c.geom::geography, e.geom::geography, c.range_m)
      AND (c.hfov >= 360 OR ST_Equals(c.geom, e.geom)
           OR abs(180 - abs(180 - abs(degrees(ST_Azimuth(c.geom::geography, e.geom::geography)) - c.azimuth))) <= c.hfov / 2))
ORDER BY e.site_id, e.seq`

// The planner's settings for the query: JIT costs more to compile than it saves on a
// query of short probes, and a low parallel setup cost lets both of the machine's cores
// probe, as the engine uses both.
var sqlUncoveredSettings = []string{
	`SET LOCAL jit = off`,
	`SET LOCAL parallel_setup_cost = 10`,
	`SET LOCAL parallel_tuple_cost = 0.001`,
}

// UncoveredEntrances returns the entrances that no camera sees, by the exact test of
// distance and bearing on the spheroid, computed entirely in PostGIS from the cameras'
// azimuth, hfov and range: the geography formulation. UncoveredEntrancesLocal is faster;
// see UncoveredEntrancesBySectors for the route through footprint polygons.
func (s *Store) UncoveredEntrances(ctx context.Context) ([]EntranceRef, error) {
	var out []EntranceRef
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, q := range sqlUncoveredSettings {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("setting up the query: %w", err)
			}
		}
		var err error
		out, err = entranceRefs(ctx, tx, sqlUncoveredFast)
		return err
	})
	return out, err
}

// The fastest exact formulation measured (bench --db, the dense city of 250,000 cameras and
// 200,000 entrances: 4.2-5.5 s against 20 s for sqlUncoveredFast): distance and bearing in
// the camera's local tangent plane, from plain numbers. The cameras and entrances are first
// copied into unlogged tables with their longitude and latitude as float8 and, per camera,
// the metres in a degree of longitude and of latitude at its latitude on the WGS84
// ellipsoid (the prime-vertical and meridian radii), with cameras_reach's box indexed; each
// candidate is then tested by arithmetic alone, without deserialising a geometry. An
// east-west offset is scaled at the mean of the two latitudes, to first order (kt): the
// plane then departs from the spheroid by well under a millimetre at 150 m and under 1 cm
// at coverage.MaxRange, the 1 cm bench --db allows at a footprint's edge. Unlike temporary
// tables, unlogged ones can be scanned by parallel workers; they live in the transaction,
// which is rolled back.
var sqlLocalPrepare = []string{
	`CREATE UNLOGGED TABLE cctvgis_local_cameras AS
SELECT camera_reach(geom, range_m) AS reach, ST_X(geom) AS lon, ST_Y(geom) AS lat, azimuth, hfov, range_m,
       radians(6378137 * cos(radians(ST_Y(geom))) / sqrt(1 - 0.00669437999014 * sin(radians(ST_Y(geom))) ^ 2)) AS kx,
       radians(6378137 * (1 - 0.00669437999014) / (1 - 0.00669437999014 * sin(radians(ST_Y(geom))) ^ 2) ^ 1.5) AS ky,
       tan(radians(ST_Y(geom))) * pi() / 360 AS kt
FROM cameras`,
	`CREATE INDEX ON cctvgis_local_cameras USING gist (reach)`,
	`CREATE UNLOGGED TABLE cctvgis_local_entrances AS SELECT site_id, seq, geom, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM entrances`,
	`ALTER TABLE cctvgis_local_entrances SET (parallel_workers = 2)`,
	`ANALYZE cctvgis_local_cameras`,
	`ANALYZE cctvgis_local_entrances`,
}

const sqlUncoveredLocal = `SELECT e.site_id, e.seq FROM cctvgis_local_entrances e
WHERE NOT EXISTS (
    SELECT 1 FROM cctvgis_local_cameras c
    WHERE c.reach && e.geom
      AND ((e.lon - c.lon) * c.kx * (1 - (e.lat - c.lat) * c.kt)) ^ 2 + ((e.lat - c.lat) * c.ky) ^ 2 <= c.range_m ^ 2
      AND (c.hfov >= 360 OR (c.lon = e.lon AND c.lat = e.lat)
           OR abs(180 - abs(180 - abs(degrees(atan2((e.lon - c.lon) * c.kx * (1 - (e.lat - c.lat) * c.kt), (e.lat - c.lat) * c.ky))
                                       - c.azimuth))) <= c.hfov / 2))
ORDER BY e.site_id, e.seq`

// UncoveredEntrancesLocal returns the entrances that no camera sees by the test in the
// cameras' local tangent planes (see sqlLocalPrepare), how long preparing its tables took,
// and how long the query took on its second run, the first having warmed the caches. It
// changes nothing: everything happens in a transaction that is rolled back.
func (s *Store) UncoveredEntrancesLocal(ctx context.Context) (out []EntranceRef, prepare, query time.Duration, err error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, 0, 0, err
	}
	defer func() { _ = tx.Rollback(ctx) }() // the tables are scratch: nothing to keep
	for _, q := range sqlUncoveredSettings {
		if _, err := tx.Exec(ctx, q); err != nil {
			return nil, 0, 0, fmt.Errorf("setting up the query: %w", err)
		}
	}
	t0 := time.Now()
	for _, q := range sqlLocalPrepare {
		if _, err := tx.Exec(ctx, q); err != nil {
			return nil, 0, 0, fmt.Errorf("preparing the local tables: %w", err)
		}
	}
	prepare = time.Since(t0)
	if _, err := entranceRefs(ctx, tx, sqlUncoveredLocal); err != nil {
		return nil, 0, 0, err
	}
	t0 = time.Now()
	out, err = entranceRefs(ctx, tx, sqlUncoveredLocal)
	return out, prepare, time.Since(t0), err
}

// AnalyzeLayers refreshes the planner's statistics of the tables UncoveredEntrances reads,
// as after a bulk import and before timing a query.
func (s *Store) AnalyzeLayers(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `ANALYZE cameras, entrances`); err != nil {
		return fmt.Errorf("analysing cameras and entrances: %w", err)
	}
	return nil
}

// The route through polygons: every camera's sector built in PostGIS (camera_sector,
// traced on the WGS84 spheroid with an arc vertex every 0.25°: under 0.3 mm from the true
// arc at 120 m), indexed, and the entrances no sector covers. Building a polygon of some
// 400 vertices per camera with ST_Project makes it slow; it is kept as a second,
// independent check of the footprints QGIS shows.
const (
	sqlFootprintTable = `CREATE TEMP TABLE footprint_check ON COMMIT DROP AS
    SELECT id, camera_sector(geom, azimuth, hfov, range_m, 0.25) AS geom FROM cameras`
	sqlFootprintIndex   = `CREATE INDEX ON footprint_check USING gist (geom)`
	sqlFootprintAnalyze = `ANALYZE footprint_check`
	sqlUncoveredSectors = `SELECT e.site_id, e.seq FROM entrances e
WHERE NOT EXISTS (SELECT 1 FROM footprint_check f WHERE ST_Covers(f.geom, e.geom))
ORDER BY e.site_id, e.seq`
)

// UncoveredEntrancesBySectors returns the entrances that no camera's footprint polygon,
// built in PostGIS, covers.
func (s *Store) UncoveredEntrancesBySectors(ctx context.Context) ([]EntranceRef, error) {
	var out []EntranceRef
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, q := range []string{sqlFootprintTable, sqlFootprintIndex, sqlFootprintAnalyze} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("building footprints: %w", err)
			}
		}
		var err error
		out, err = entranceRefs(ctx, tx, sqlUncoveredSectors)
		return err
	})
	return out, err
}

// sqlBorderline finds entrances within $1 metres of the edge of some camera's footprint:
// of its arc (distance minus range) or, for a sector, of its straight sides (angle off
// the nearer side times distance). The degree box (a degree is over 60 km in China) lets
// the GiST index find the candidates.
const sqlBorderline = `SELECT DISTINCT e.site_id, e.seq
FROM entrances e
JOIN cameras c ON ST_DWithin(c.geom, e.geom, (c.range_m + $1) / 60000.0)
CROSS JOIN LATERAL (
    SELECT ST_Distance(c.geom::geography, e.geom::geography) AS d,
           abs(mod((degrees(ST_Azimuth(c.geom::geography, e.geom::geography)) - c.azimuth + 540)::numeric, 360) - 180) AS off
) m
WHERE abs(m.d - c.range_m) < $1
   OR (c.hfov < 360 AND m.d <= c.range_m + $1 AND abs(m.off - c.hfov / 2) * pi() / 180 * m.d < $1)
ORDER BY e.site_id, e.seq`

// BorderlineEntrances returns the entrances within tolerance metres of the edge of a
// camera's footprint, where two exact methods may disagree through rounding.
func (s *Store) BorderlineEntrances(ctx context.Context, tolerance float64) ([]EntranceRef, error) {
	var out []EntranceRef
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		out, err = entranceRefs(ctx, tx, sqlBorderline, tolerance)
		return err
	})
	return out, err
}

func entranceRefs(ctx context.Context, tx pgx.Tx, sql string, args ...any) ([]EntranceRef, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("querying entrances: %w", err)
	}
	defer rows.Close()
	var out []EntranceRef
	for rows.Next() {
		var r EntranceRef
		if err := rows.Scan(&r.SiteID, &r.Seq); err != nil {
			return nil, fmt.Errorf("querying entrances: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("querying entrances: %w", err)
	}
	return out, nil
}
