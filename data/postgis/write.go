package postgis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"cctvgis/data/wkb"
	"cctvgis/internal/progress"
	"cctvgis/internal/psort"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// layerSQL is the SQL of one layer, built from its coverage.LayerDesc: the table's columns
// are the fields' columns and geom.
type layerSQL struct {
	desc *coverage.LayerDesc
	// table is the layer's table.
	table string
	// stage creates the staging table: ord (the feature's index in its layer) first, the
	// fields' columns (an entrance's seq after its site_id), the geometry as EWKB.
	stage   string
	columns []string
	// upsert moves the staging table into the layer's table; a keyed layer's rows that
	// equal their stored ones are left as they are. insert does it into an empty table.
	upsert []string
	insert string
	// changed counts the staged rows of a keyed layer that are new or differ from the
	// stored ones; "" for the entrances, which all replace their site's.
	changed string
	// all and in select the layer's features in id order: all of them, or those of the
	// district named by $1 (d is the district row).
	all, in string
}

// pgType is the column type of a field.
func pgType(f coverage.Field) string {
	if f.Kind == coverage.FieldNumber {
		return "float8"
	}
	return "text"
}

// layerSQLs are the statements of every layer, in the order of coverage.Descs, which
// satisfies the foreign keys (sites before entrances).
var layerSQLs = buildLayerSQL()

func buildLayerSQL() []layerSQL {
	var out []layerSQL
	for _, d := range coverage.Descs() {
		out = append(out, newLayerSQL(d))
	}
	return out
}

// sqlCamerasIn selects the cameras in the district or within their range of it. The box
// test (a degree of longitude is more than 60 km everywhere in China) lets the GiST index
// cut the candidates before the geodesic distance.
const sqlCamerasIn = `SELECT %s FROM cameras x, districts d
WHERE d.name = $1
  AND x.geom && ST_Expand(d.geom, (SELECT coalesce(max(range_m), 0) FROM cameras) / 60000.0)
  AND (ST_Intersects(x.geom, d.geom) OR ST_DWithin(x.geom::geography, d.geom::geography, x.range_m))
ORDER BY x.%s`

// sqlEntrancesIn selects the entrances of the sites that intersect the district.
const sqlEntrancesIn = `SELECT %s FROM entrances x
JOIN sites s ON s.id = x.site_id JOIN districts d ON d.name = $1 AND ST_Intersects(s.geom, d.geom)
ORDER BY x.site_id, x.seq`

func newLayerSQL(d *coverage.LayerDesc) layerSQL {
	q := layerSQL{desc: d, table: tableOf(d)}
	id := columnOf(d, d.Fields[0])
	var cols, defs, sel, set []string
	for _, f := range d.Fields {
		c := columnOf(d, f)
		cols = append(cols, c)
		defs = append(defs, c+" "+pgType(f))
		sel = append(sel, "x."+c)
		if c != id {
			set = append(set, fmt.Sprintf("%s = EXCLUDED.%s", c, c))
		}
	}
	if d.Kinds == coverage.GeomPoint {
		// Points come back as two numbers, which cost neither EWKB nor an orb.Geometry.
		sel = append(sel, "ST_X(x.geom)", "ST_Y(x.geom)")
	} else {
		sel = append(sel, "ST_AsEWKB(x.geom)")
	}
	stage := "stage_" + q.table
	q.columns = append(append([]string{"ord"}, cols...), "geom")
	if !d.Keyed {
		// Entrances: numbered within their site; a site's entrances replace its stored ones.
		q.columns = append(append([]string{"ord", id, "seq"}, cols[1:]...), "geom")
		defs = append([]string{defs[0], "seq int"}, defs[1:]...)
		q.insert = fmt.Sprintf(`INSERT INTO %s (%s, seq, %s, geom) SELECT %s, seq, %s, ST_GeomFromEWKB(geom) FROM %s`,
			q.table, id, strings.Join(cols[1:], ", "), id, strings.Join(cols[1:], ", "), stage)
		q.upsert = []string{fmt.Sprintf(`DELETE FROM %s WHERE %s IN (SELECT %s FROM %s)`, q.table, id, id, stage), q.insert}
		q.all = fmt.Sprintf(`SELECT %s FROM %s x ORDER BY x.%s, x.seq`, strings.Join(sel, ", "), q.table, id)
		q.in = fmt.Sprintf(sqlEntrancesIn, strings.Join(sel, ", "))
	} else {
		// Geometry's = is exact (the same coordinates in the same order) since PostGIS 2.4.
		stored, staged, excluded := prefixed("t.", cols, "t.geom"), prefixed("s.", cols, "ST_GeomFromEWKB(s.geom)"), prefixed("EXCLUDED.", cols, "EXCLUDED.geom")
		conflict := fmt.Sprintf("UPDATE SET %s WHERE (%s) IS DISTINCT FROM (%s)",
			strings.Join(append(set, "geom = EXCLUDED.geom"), ", "), stored, excluded)
		q.insert = fmt.Sprintf(`INSERT INTO %s AS t (%s, geom) SELECT %s, ST_GeomFromEWKB(geom) FROM %s`,
			q.table, strings.Join(cols, ", "), strings.Join(cols, ", "), stage)
		q.upsert = []string{fmt.Sprintf(`%s ON CONFLICT (%s) DO %s`, q.insert, id, conflict)}
		q.changed = fmt.Sprintf(`SELECT count(*) FROM %s s LEFT JOIN %s t ON t.%s = s.%s WHERE t.%s IS NULL OR (%s) IS DISTINCT FROM (%s)`,
			stage, q.table, id, id, id, stored, staged)
		q.all = fmt.Sprintf(`SELECT %s FROM %s x ORDER BY x.%s`, strings.Join(sel, ", "), q.table, id)
		if _, ranged := d.Field("range"); ranged {
			q.in = fmt.Sprintf(sqlCamerasIn, strings.Join(sel, ", "), id)
		} else {
			q.in = fmt.Sprintf(`SELECT %s FROM %s x, districts d WHERE d.name = $1 AND ST_Intersects(x.geom, d.geom) ORDER BY x.%s`,
				strings.Join(sel, ", "), q.table, id)
		}
		if d.Name == coverage.LayerDistricts {
			q.in = fmt.Sprintf(`SELECT %s FROM districts x WHERE x.name = $1`, strings.Join(sel, ", "))
		}
	}
	q.stage = fmt.Sprintf(`CREATE TEMP TABLE %s (ord int, %s, geom bytea) ON COMMIT DROP`, stage, strings.Join(defs, ", "))
	return q
}

// prefixed lists the columns, each after prefix, then the geometry, for a row constructor.
func prefixed(prefix string, cols []string, geom string) string {
	out := make([]string, 0, len(cols)+1)
	for _, c := range cols {
		out = append(out, prefix+c)
	}
	return strings.Join(append(out, geom), ", ")
}

// sqlFirstInvalid finds the first feature of a staging table whose geometry PostGIS finds
// invalid; %s is the staging table and the id column. A point is always valid: the EWKB
// the store writes is little-endian, so a point's type code 1 is its second byte, and
// points (the sites given as points) are passed over without being parsed.
const sqlFirstInvalid = `SELECT ord, %[2]s, ST_IsValidReason(g) FROM (
    SELECT ord, %[2]s, ST_GeomFromEWKB(geom) AS g FROM %[1]s WHERE get_byte(geom, 1) <> 1
) s WHERE NOT ST_IsValid(g) ORDER BY ord LIMIT 1`

// put copies the layer into its staging table, checks its geometry there, and upserts it.
// A layer of points put whole into an empty table, as a first import is, is copied
// straight into the table: points need no check of their geometry, and nothing is there
// to upsert against.
func (q layerSQL) put(ctx context.Context, tx pgx.Tx, l *coverage.Layers) error {
	d := q.desc
	n := d.Len(l)
	if d.Kinds == coverage.GeomPoint && n >= bulkRows {
		var empty bool
		if err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT NOT EXISTS (SELECT 1 FROM %s)`, q.table)).Scan(&empty); err != nil {
			return fmt.Errorf("looking into %s: %w", q.table, err)
		}
		if empty {
			bulk, err := q.prepareBulk(ctx, tx, n)
			if err != nil {
				return err
			}
			if err := q.copyRows(ctx, tx, l, q.table, false); err != nil {
				return err
			}
			return q.restore(ctx, tx, bulk)
		}
	}
	table := "stage_" + q.table
	if _, err := tx.Exec(ctx, q.stage); err != nil {
		return fmt.Errorf("creating %s: %w", table, err)
	}
	if err := q.copyRows(ctx, tx, l, table, true); err != nil {
		return err
	}
	meter := progress.FromContext(ctx)
	meter.Label("checking and storing " + d.Name)
	bulk, err := q.prepareBulk(ctx, tx, n)
	if err != nil {
		return err
	}
	upsert := q.upsert
	if bulk.empty {
		upsert = []string{q.insert}
	}
	// A geometry PostGIS finds invalid breaks the table's CHECK; only then is the staging
	// table searched for the first such feature, to name it, after a rollback to here.
	if _, err := tx.Exec(ctx, "SAVEPOINT put"); err != nil {
		return fmt.Errorf("storing %s: %w", d.Name, err)
	}
	for _, s := range upsert {
		if _, err := tx.Exec(ctx, s); err != nil {
			if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == pgCheckViolation && d.Kinds != coverage.GeomPoint {
				if invalid := q.firstInvalid(ctx, tx, l); invalid != nil {
					return invalid
				}
			}
			return fmt.Errorf("upserting: %w", err)
		}
	}
	return q.restore(ctx, tx, bulk)
}

// restore builds again the indexes and foreign keys prepareBulk dropped.
func (q layerSQL) restore(ctx context.Context, tx pgx.Tx, bulk bulkPut) error {
	for _, def := range bulk.restore {
		if _, err := tx.Exec(ctx, def); err != nil {
			return fmt.Errorf("rebuilding %s: %w", q.table, err)
		}
	}
	return nil
}

// keyOrder returns the positions of the layer's features in the order of their keys:
// the id, or for entrances the site's id, ties in layer order (so that each site's
// entrances keep their order, and their seq). Rows that reach a table, or the staging
// table the upsert reads, in the order of its primary key go into the key's B-tree at its
// right edge, where PostgreSQL appends without searching, instead of splitting pages all
// over it: a first import of 250,000 cameras copied in 1.0 s in layer order and 0.6 s in
// key order. The keys are compared bytewise, which is their order under the C and
// C.UTF-8 collations; under another, most rows still come in order.
func keyOrder(d *coverage.LayerDesc, l *coverage.Layers) []int32 {
	n := d.Len(l)
	keys := make([]string, n)
	perm := make([]int32, n)
	var row coverage.Row
	for i := range keys {
		d.Get(l, i, &row)
		keys[i], perm[i] = row.Text[0], int32(i)
	}
	psort.SortFunc(perm, func(a, b int32) int { return cmp.Or(strings.Compare(keys[a], keys[b]), cmp.Compare(a, b)) })
	return perm
}

// copyRows copies the layer's features into table by binary COPY, in the order of their
// keys (keyOrder): the staging table's columns, ord (the feature's index in its layer)
// first, when staged, else the layer's table's.
func (q layerSQL) copyRows(ctx context.Context, tx pgx.Tx, l *coverage.Layers, table string, staged bool) error {
	d := q.desc
	n := d.Len(l)
	perm := keyOrder(d, l)
	j := 0
	meter := progress.FromContext(ctx)
	meter.Label("copying " + d.Name)
	seq := map[string]int{}
	var row coverage.Row
	var geom []byte
	columns := q.columns
	if !staged {
		columns = columns[1:]
	}
	vals := make([]any, 0, len(columns))
	// pgx encodes each row's values before it asks for the next, so geom is reused.
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if j == n {
			return nil, nil
		}
		if j%8192 == 0 && j > 0 {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			meter.Add(8192)
		}
		i := int(perm[j])
		d.Get(l, i, &row)
		vals = vals[:0]
		if staged {
			vals = append(vals, i)
		}
		vals = append(vals, row.Text[0])
		if !d.Keyed {
			vals = append(vals, seq[row.Text[0]])
			seq[row.Text[0]]++
		}
		for _, f := range d.Fields[1:] {
			if f.Kind == coverage.FieldNumber {
				vals = append(vals, row.Num[f.Slot])
			} else {
				vals = append(vals, row.Text[f.Slot])
			}
		}
		var err error
		if geom, err = wkb.AppendEWKB(geom[:0], row.Geometry(d), srid); err != nil {
			return nil, fmt.Errorf("%w", l.Reject(d.Name, i, row.Text[0], "geometry", err.Error()))
		}
		vals = append(vals, geom)
		j++
		return vals, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, src); err != nil {
		return fmt.Errorf("copying: %w", err)
	}
	meter.Add(int64(n - (n-1)/8192*8192))
	return nil
}

// firstInvalid returns the error naming the first staged feature whose geometry PostGIS
// finds invalid, after rolling the transaction back to before the upsert; nil when there
// is none or the search fails (the caller then reports its own error).
func (q layerSQL) firstInvalid(ctx context.Context, tx pgx.Tx, l *coverage.Layers) error {
	if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT put"); err != nil {
		return nil
	}
	d := q.desc
	var ord int
	var id, reason string
	if err := tx.QueryRow(ctx, fmt.Sprintf(sqlFirstInvalid, "stage_"+q.table, columnOf(d, d.Fields[0]))).Scan(&ord, &id, &reason); err != nil {
		return nil
	}
	return fmt.Errorf("%w: %w", rulebook.ErrInvalid, l.Reject(d.Name, ord, id, "geometry", "invalid: "+reason))
}

// pgCheckViolation is the SQLSTATE of a row that breaks a CHECK constraint.
const pgCheckViolation = "23514"

// bulkRows is the least number of rows a put must hold before it considers rebuilding the
// table's indexes and foreign keys rather than maintaining them row by row: below it, a
// put never takes the lock that dropping them needs.
const bulkRows = 5000

// sqlBulk finds, for the layer's table %[1]s, how many rows it holds, whether the current
// role owns it (only an owner may drop its indexes and constraints), the names and
// definitions of its indexes that no constraint or upsert needs (not unique): the GiST
// indexes of geometry and of camera reach, and those later migrations add; and the names
// and definitions of its foreign keys.
const sqlBulk = `SELECT (SELECT count(*) FROM %[1]s), pg_has_role(c.relowner, 'USAGE'),
       coalesce(array_agg(i.indexrelid::regclass::text ORDER BY i.indexrelid) FILTER (WHERE i.indexrelid IS NOT NULL), '{}'),
       coalesce(array_agg(pg_get_indexdef(i.indexrelid) ORDER BY i.indexrelid) FILTER (WHERE i.indexrelid IS NOT NULL), '{}'),
       coalesce((SELECT array_agg(conname::text ORDER BY conname) FROM pg_constraint WHERE conrelid = c.oid AND contype = 'f'), '{}'),
       coalesce((SELECT array_agg(pg_get_constraintdef(oid) ORDER BY conname) FROM pg_constraint WHERE conrelid = c.oid AND contype = 'f'), '{}')
FROM pg_class c LEFT JOIN pg_index i ON i.indrelid = c.oid AND NOT i.indisunique
WHERE c.oid = '%[1]s'::regclass
GROUP BY c.oid, c.relowner`

// bulkPut is how a put of many rows goes: whether the table is empty (a plain insert then
// does), and the statements that restore what it dropped.
type bulkPut struct {
	empty   bool
	restore []string
}

// prepareBulk drops the table's non-unique indexes and its foreign keys when the put of n
// rows writes many rows (new ones or changed ones: a second import of the same file writes
// none), at least as many as the table holds, and returns the statements that build them
// again after the upsert. Maintaining a GiST index row by row costs several times what
// building it from the finished table does (a first import of 250,000 cameras: 6.8 s of
// upsert with both indexes, 1.8 s without plus 1.5 s to build them); a foreign key checked
// row by row locks the row it references each time (200,000 entrances: 1.7 s), while
// adding it back checks the whole table in one join. The rows were checked against the
// store before the copy (checkPut), so the keys hold. Dropping an index or a constraint
// locks the table against readers until the transaction ends; a failed put rolls back the
// drop with everything else.
func (q layerSQL) prepareBulk(ctx context.Context, tx pgx.Tx, n int) (bulkPut, error) {
	if n < bulkRows {
		return bulkPut{}, nil
	}
	var stored int
	var owner bool
	var names, defs, fkNames, fkDefs []string
	if err := tx.QueryRow(ctx, fmt.Sprintf(sqlBulk, q.table)).Scan(&stored, &owner, &names, &defs, &fkNames, &fkDefs); err != nil {
		return bulkPut{}, fmt.Errorf("looking up the indexes of %s: %w", q.table, err)
	}
	bulk := bulkPut{empty: stored == 0}
	changed := n
	if stored > 0 && q.changed != "" && owner && len(names)+len(fkNames) > 0 {
		if err := tx.QueryRow(ctx, q.changed).Scan(&changed); err != nil {
			return bulkPut{}, fmt.Errorf("comparing %s with the stored rows: %w", q.table, err)
		}
	}
	if !owner || changed < bulkRows || stored > changed {
		return bulk, nil
	}
	if len(names) > 0 {
		if _, err := tx.Exec(ctx, "DROP INDEX "+strings.Join(names, ", ")); err != nil {
			return bulkPut{}, fmt.Errorf("dropping the indexes of %s: %w", q.table, err)
		}
	}
	for k, name := range fkNames {
		if _, err := tx.Exec(ctx, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", q.table, pgx.Identifier{name}.Sanitize())); err != nil {
			return bulkPut{}, fmt.Errorf("dropping the foreign keys of %s: %w", q.table, err)
		}
		bulk.restore = append(bulk.restore, fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s %s", q.table, pgx.Identifier{name}.Sanitize(), fkDefs[k]))
	}
	bulk.restore = append(defs, bulk.restore...)
	return bulk, nil
}
