package postgis

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"cctvgis/internal/progress"
	"cctvgis/planner/coverage"
)

const sqlDistrictExists = `SELECT EXISTS (SELECT 1 FROM districts WHERE name = $1)`

// sqlRowEstimates gives the planner's estimate of the rows of each layer's table, known
// after an import (building an index sets it) or an ANALYZE, -1 or 0 before.
const sqlRowEstimates = `SELECT array_agg(c.reltuples::int8 ORDER BY t.k) FROM unnest($1::text[]) WITH ORDINALITY t(name, k)
LEFT JOIN pg_class c ON c.oid = to_regclass(t.name)`

// ReadLayers streams the selected features into into, from one consistent snapshot (see
// coverage.LayerStore). Reading the whole city, it makes room in each layer for the rows
// the server estimates the table holds, so that the layer is not copied as it grows.
func (s *Store) ReadLayers(ctx context.Context, q coverage.LayerQuery, into *coverage.Layers) error {
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	return pgx.BeginTxFunc(ctx, s.pool, opts, func(tx pgx.Tx) error {
		var args []any
		if q.District != "" {
			var ok bool
			if err := tx.QueryRow(ctx, sqlDistrictExists, q.District).Scan(&ok); err != nil {
				return fmt.Errorf("looking up district %q: %w", q.District, err)
			}
			if !ok {
				return fmt.Errorf("%w: district %q", coverage.ErrNotFound, q.District)
			}
			args = []any{q.District}
		} else if q.Layers == nil {
			if err := growLayers(ctx, tx, into); err != nil {
				return err
			}
		}
		labels := map[string]string{}
		for _, l := range layerSQLs {
			if !q.Reads(l.desc) {
				continue
			}
			sql := l.all
			if q.District != "" {
				sql = l.in
			}
			if err := readLayer(ctx, tx, l.desc, sql, args, labels, into); err != nil {
				return fmt.Errorf("reading %s: %w", l.desc.Name, err)
			}
		}
		return nil
	})
}

// growLayers makes room in each layer of into for the rows its table is estimated to hold.
func growLayers(ctx context.Context, tx pgx.Tx, into *coverage.Layers) error {
	tables := make([]string, len(layerSQLs))
	for i, l := range layerSQLs {
		tables[i] = l.table
	}
	var est []*int64
	if err := tx.QueryRow(ctx, sqlRowEstimates, tables).Scan(&est); err != nil {
		return fmt.Errorf("estimating the layers' sizes: %w", err)
	}
	for i, n := range est {
		if n != nil && *n > 0 && i < len(layerSQLs) {
			layerSQLs[i].desc.Grow(into, int(*n))
		}
	}
	return nil
}

// errNull is returned for a NULL where every column of a layer is NOT NULL.
var errNull = errors.New("data: unexpected NULL")

// readLayer appends the rows of a selection of layer d: its fields in order, then the
// geometry (as longitude and latitude for a layer of points, else as EWKB). It decodes the
// columns' raw bytes itself, so that a row costs no allocation beyond its strings and its
// geometry, and labels (owner, category, …) share one string per distinct value.
func readLayer(ctx context.Context, tx pgx.Tx, d *coverage.LayerDesc, sql string, args []any, labels map[string]string, into *coverage.Layers) error {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	formats := rows.FieldDescriptions()
	meter := progress.FromContext(ctx)
	meter.Label("reading " + d.Name)
	var row coverage.Row
	n := 0
	for ; rows.Next(); n++ {
		raw := rows.RawValues()
		if len(raw) != len(formats) || len(raw) < len(d.Fields)+1 {
			return fmt.Errorf("reading a row: %d columns", len(raw))
		}
		for i, f := range d.Fields {
			v := raw[i]
			if v == nil {
				return fmt.Errorf("reading %s: %w", columnOf(d, f), errNull)
			}
			switch f.Kind {
			case coverage.FieldNumber:
				if row.Num[f.Slot], err = float8(v, formats[i].Format); err != nil {
					return fmt.Errorf("reading %s: %w", columnOf(d, f), err)
				}
			case coverage.FieldLabel:
				row.Text[f.Slot] = intern(labels, v)
			default:
				row.Text[f.Slot] = string(v)
			}
		}
		if err := readGeometry(d, &row, raw[len(d.Fields):], formats[len(d.Fields):]); err != nil {
			return err
		}
		d.Add(into, &row)
		if n%8192 == 8191 {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			meter.Add(8192)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	meter.Add(int64(n % 8192))
	return ctx.Err()
}

// readGeometry sets the row's geometry from the columns that follow the fields.
func readGeometry(d *coverage.LayerDesc, row *coverage.Row, raw [][]byte, formats []pgconn.FieldDescription) error {
	if d.Kinds == coverage.GeomPoint {
		if len(raw) != 2 || raw[0] == nil || raw[1] == nil {
			return fmt.Errorf("reading geom: %w", errNull)
		}
		for k := range 2 {
			c, err := float8(raw[k], formats[k].Format)
			if err != nil {
				return fmt.Errorf("reading geom: %w", err)
			}
			row.Point[k] = c
		}
		return nil
	}
	if len(raw) != 1 || raw[0] == nil {
		return fmt.Errorf("reading geom: %w", errNull)
	}
	g, err := fromEWKB(raw[0])
	if err != nil {
		return err
	}
	row.SetGeometry(d, g)
	return nil
}

// float8 decodes a double precision column in either of PostgreSQL's formats.
func float8(v []byte, format int16) (float64, error) {
	if format == pgx.BinaryFormatCode {
		if len(v) != 8 {
			return 0, fmt.Errorf("a float8 of %d bytes", len(v))
		}
		return math.Float64frombits(binary.BigEndian.Uint64(v)), nil
	}
	return strconv.ParseFloat(string(v), 64)
}

// intern returns the one string of labels equal to v, adding it when it is new.
func intern(labels map[string]string, v []byte) string {
	if s, ok := labels[string(v)]; ok {
		return s
	}
	s := string(v)
	labels[s] = s
	return s
}
