package postgis

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"cctvgis/planner"
)

const sqlDistrictExists = `SELECT EXISTS (SELECT 1 FROM districts WHERE name = $1)`

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
		for _, l := range layerSQLs {
			sql := l.all
			if q.District != "" {
				sql = l.in
			}
			if err := readLayer(ctx, tx, l.desc, sql, args, into); err != nil {
				return fmt.Errorf("reading %s: %w", l.desc.Name, err)
			}
		}
		return nil
	})
}

// readLayer appends the rows of a selection of layer d: its fields in order, then the
// geometry as EWKB.
func readLayer(ctx context.Context, tx pgx.Tx, d *planner.LayerDesc, sql string, args []any, into *planner.Layers) error {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var row planner.Row
	var ewkb []byte
	dst := make([]any, 0, len(d.Fields)+1)
	for _, f := range d.Fields {
		if f.Kind == planner.FieldNumber {
			dst = append(dst, &row.Num[f.Slot])
		} else {
			dst = append(dst, &row.Text[f.Slot])
		}
	}
	dst = append(dst, &ewkb)
	for n := 0; rows.Next(); n++ {
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		g, err := fromEWKB(ewkb)
		if err != nil {
			return err
		}
		row.SetGeometry(d, g)
		d.Add(into, &row)
		if n%8192 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return ctx.Err()
}
