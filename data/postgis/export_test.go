package postgis

// Methods only the tests use: the store's raw connection pool, for SQL that checks what
// the store wrote, and the borderline entrances the differential test leaves out.

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Pool is the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

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
