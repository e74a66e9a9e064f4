package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// EntranceRef names one stored entrance: its site and its place among the site's entrances.
type EntranceRef struct {
	SiteID string
	Seq    int
}

// The SQL side of the engine's coverage: every camera's sector built in PostGIS
// (camera_sector, traced on the WGS84 spheroid with an arc vertex every 0.25°: under
// 0.3 mm from the true arc at 120 m), indexed, and the entrances no sector covers.
const (
	sqlFootprintTable = `CREATE TEMP TABLE footprint_check ON COMMIT DROP AS
    SELECT id, camera_sector(geom, azimuth, hfov, range_m, 0.25) AS geom FROM cameras`
	sqlFootprintIndex   = `CREATE INDEX ON footprint_check USING gist (geom)`
	sqlFootprintAnalyze = `ANALYZE footprint_check`
	sqlUncovered        = `SELECT e.site_id, e.seq FROM entrances e
WHERE NOT EXISTS (SELECT 1 FROM footprint_check f WHERE ST_Covers(f.geom, e.geom))
ORDER BY e.site_id, e.seq`
)

// UncoveredEntrances returns the entrances that no camera's footprint covers, computed
// entirely in PostGIS from the cameras' azimuth, hfov and range.
func (s *Store) UncoveredEntrances(ctx context.Context) ([]EntranceRef, error) {
	var out []EntranceRef
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, q := range []string{sqlFootprintTable, sqlFootprintIndex, sqlFootprintAnalyze} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("building footprints: %w", err)
			}
		}
		var err error
		out, err = entranceRefs(ctx, tx, sqlUncovered)
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
