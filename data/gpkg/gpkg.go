package gpkg

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: SQLite in pure Go, no cgo

	"cctvgis/data/table"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// Features numbers the features of a GeoPackage table by their integer primary key, the
// fid GIS tools show (a view without one, by the feature's place from 1).
var Features = coverage.NewNumbering("fid %d")

// Errors of opening a GeoPackage; match them with errors.Is. Their messages name the file
// and say what is wrong.
var (
	// ErrNotGeoPackage is a file that is not a GeoPackage: not an SQLite database, or one
	// without the GeoPackage application id or its gpkg_contents table.
	ErrNotGeoPackage = errors.New("data: not a GeoPackage")
	// ErrTable is a table that cannot be chosen: a name the file does not hold, several
	// tables and none named, or none at all. The message lists the tables there are.
	ErrTable = errors.New("data: choosing a GeoPackage table")
)

// applicationIDs are the application ids of GeoPackages in an SQLite file's header:
// "GPKG" from version 1.2 on, "GP10" and "GP11" before.
var applicationIDs = []string{"GPKG", "GP10", "GP11"}

// Table is a table of a GeoPackage opened for reading once, from its first feature to its
// last; it implements table.Source.
type Table struct {
	name, file string
	db         *sql.DB
	rows       *sql.Rows
	columns    []string
	// kinds are the declared types of the attribute columns, upper case.
	kinds []string
	// geomColumn is the geometry column of a table of features, "" for attributes.
	geomColumn string
	// pk says that the rows start with the integer primary key; dest are where a row is
	// scanned to, in the order selected: the key, the geometry, the cells.
	pk      bool
	dest    []any
	fid     int64
	rawGeom sql.RawBytes
	cells   []any
	// n counts the rows read.
	n int64
	// crs is the coordinate system the table declares when declared; undeclared says why
	// a declaration could not be understood.
	crs        geo.CRS
	declared   bool
	undeclared error
}

// Open opens the table named name of the GeoPackage at path, or the only feature or
// attribute table it holds when name is "". The file is opened read-only and as
// immutable: nothing is written to it, nor locked.
func Open(ctx context.Context, path, name string) (*Table, error) {
	base := filepath.Base(path)
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", base, err)
	}
	// One connection: a reading is one query at a time, and immutable=1 shares nothing.
	db.SetMaxOpenConns(1)
	t := &Table{file: base, db: db}
	if err := t.open(ctx, name); err != nil {
		_ = t.Close()
		return nil, err
	}
	return t, nil
}

// fileURI is the SQLite URI of the file at path, read-only and immutable, with the
// characters a URI reserves escaped.
func fileURI(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + r.Replace(path) + "?mode=ro&immutable=1"
}

// checkHeader checks that the file at path is an SQLite database with a GeoPackage's
// application id, before SQLite opens it.
func checkHeader(path string) error {
	base := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("opening %s: %w", base, err)
	}
	defer func() { _ = f.Close() }()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || !bytes.HasPrefix(h[:], []byte("SQLite format 3\x00")) {
		return fmt.Errorf("%w: %s is not an SQLite database", ErrNotGeoPackage, base)
	}
	id := h[68:72]
	for _, want := range applicationIDs {
		if string(id) == want {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is an SQLite database whose application id is %d, not a GeoPackage's (\"GPKG\")", ErrNotGeoPackage, base, binary.BigEndian.Uint32(id))
}

// contentsQuery lists the tables of features and attributes a GeoPackage holds.
const contentsQuery = `SELECT table_name, data_type FROM gpkg_contents
WHERE data_type IN ('features', 'attributes') ORDER BY table_name`

// open chooses the table, reads its columns and coordinate system, and starts the query
// of its rows.
func (t *Table) open(ctx context.Context, name string) error {
	var hasContents bool
	if err := t.db.QueryRowContext(ctx, `SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_contents'`).Scan(&hasContents); err != nil {
		return fmt.Errorf("reading %s: %w", t.file, err)
	}
	if !hasContents {
		return fmt.Errorf("%w: %s has no gpkg_contents table", ErrNotGeoPackage, t.file)
	}
	tables, err := t.tables(ctx)
	if err != nil {
		return err
	}
	var chosen *content
	for i := range tables {
		if tables[i].name == name || name == "" && len(tables) == 1 {
			chosen = &tables[i]
		}
	}
	if chosen == nil {
		return t.choiceError(ctx, name, tables)
	}
	t.name = chosen.name
	if chosen.kind == "features" {
		if err := t.geometryColumn(ctx); err != nil {
			return err
		}
	}
	return t.query(ctx)
}

// content is a table of gpkg_contents: its name and data type.
type content struct{ name, kind string }

func (t *Table) tables(ctx context.Context) ([]content, error) {
	rows, err := t.db.QueryContext(ctx, contentsQuery)
	if err != nil {
		return nil, fmt.Errorf("reading the tables of %s: %w", t.file, err)
	}
	defer func() { _ = rows.Close() }()
	var out []content
	for rows.Next() {
		var c content
		if err := rows.Scan(&c.name, &c.kind); err != nil {
			return nil, fmt.Errorf("reading the tables of %s: %w", t.file, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the tables of %s: %w", t.file, err)
	}
	return out, nil
}

// choiceError is the error of a table name the file does not hold, or of several tables
// and none named: it lists the tables with their type and number of rows.
func (t *Table) choiceError(ctx context.Context, name string, tables []content) error {
	if len(tables) == 0 {
		return fmt.Errorf("%w: %s holds no table of features or attributes", ErrTable, t.file)
	}
	list := make([]string, len(tables))
	for i, c := range tables {
		var n int64
		// The name comes from the file's own gpkg_contents, quoted as an identifier.
		if err := t.db.QueryRowContext(ctx, `SELECT count(*) FROM `+quote(c.name)).Scan(&n); err != nil {
			return fmt.Errorf("counting the rows of table %s of %s: %w", c.name, t.file, err)
		}
		list[i] = fmt.Sprintf("%s (%s, %d rows)", c.name, c.kind, n)
	}
	if name != "" {
		return fmt.Errorf("%w: %s has no table %q; its tables: %s", ErrTable, t.file, name, strings.Join(list, ", "))
	}
	return fmt.Errorf("%w: %s holds %d tables: %s; name one with --table", ErrTable, t.file, len(tables), strings.Join(list, ", "))
}

// quote quotes an SQL identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

const geometryColumnQuery = `SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?`

// geometryColumn finds the table's geometry column and its coordinate system.
func (t *Table) geometryColumn(ctx context.Context) error {
	var column string
	var srsID int64
	err := t.db.QueryRowContext(ctx, geometryColumnQuery, t.name).Scan(&column, &srsID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: table %s of %s is of features but has no row in gpkg_geometry_columns", ErrNotGeoPackage, t.name, t.file)
	}
	if err != nil {
		return fmt.Errorf("reading the geometry column of table %s of %s: %w", t.name, t.file, err)
	}
	t.geomColumn = column
	return t.spatialRef(ctx, srsID)
}

const srsQuery = `SELECT coalesce(srs_name, ''), coalesce(organization, ''), coalesce(organization_coordsys_id, 0),
coalesce(definition, '') FROM gpkg_spatial_ref_sys WHERE srs_id = ?`

// spatialRef reads the coordinate system of srs_id id: by its EPSG code when cctvgis
// reads that code, else by its definition's WKT. The ids 0 and -1 are GeoPackage's
// undefined systems, which declare nothing.
func (t *Table) spatialRef(ctx context.Context, id int64) error {
	if id == 0 || id == -1 {
		return nil
	}
	var name, org, def string
	var code int64
	err := t.db.QueryRowContext(ctx, srsQuery, id).Scan(&name, &org, &code, &def)
	if errors.Is(err, sql.ErrNoRows) {
		t.undeclared = fmt.Errorf("table %s names srs_id %d, which gpkg_spatial_ref_sys does not hold", t.name, id)
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the coordinate system of table %s of %s: %w", t.name, t.file, err)
	}
	if strings.EqualFold(org, "EPSG") {
		if c, err := geo.CRSFromEPSG(int(code)); err == nil {
			t.crs, t.declared = c, true
			return nil
		}
	}
	if c, err := geo.CRSFromWKT(def); err == nil {
		t.crs, t.declared = c, true
		return nil
	}
	t.undeclared = fmt.Errorf("table %s is in %q (%s:%d), a coordinate system cctvgis does not read", t.name, name, org, code)
	return nil
}

// query reads the table's columns and starts the query of its rows: the integer primary
// key when it has one, the geometry when it has one, then the attribute columns in the
// order the table declares them.
func (t *Table) query(ctx context.Context) error {
	type column struct {
		name, kind string
		pk         int
	}
	var cols []column
	rows, err := t.db.QueryContext(ctx, `SELECT name, upper(type), pk FROM pragma_table_info(?) ORDER BY cid`, t.name)
	if err != nil {
		return fmt.Errorf("reading the columns of table %s of %s: %w", t.name, t.file, err)
	}
	defer func() { _ = rows.Close() }()
	keys := 0
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.kind, &c.pk); err != nil {
			return fmt.Errorf("reading the columns of table %s of %s: %w", t.name, t.file, err)
		}
		if c.pk > 0 {
			keys++
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the columns of table %s of %s: %w", t.name, t.file, err)
	}
	var selected []string
	for _, c := range cols {
		if c.pk > 0 && keys == 1 && c.kind == "INTEGER" {
			t.pk = true
			selected = append(selected, quote(c.name))
			t.dest = append(t.dest, &t.fid)
		}
	}
	if t.geomColumn != "" {
		selected = append(selected, quote(t.geomColumn))
		t.dest = append(t.dest, &t.rawGeom)
	}
	for _, c := range cols {
		if c.pk > 0 && t.pk || strings.EqualFold(c.name, t.geomColumn) {
			continue
		}
		t.columns = append(t.columns, c.name)
		t.kinds = append(t.kinds, c.kind)
		selected = append(selected, quote(c.name))
	}
	t.cells = make([]any, len(t.columns))
	for i := range t.cells {
		t.dest = append(t.dest, &t.cells[i])
	}
	// The names come from the file's own schema, quoted as identifiers.
	t.rows, err = t.db.QueryContext(ctx, `SELECT `+strings.Join(selected, ", ")+` FROM `+quote(t.name)) //nolint:rowserrcheck // the rows outlive this call: Next checks Err when they end
	if err != nil {
		return fmt.Errorf("reading table %s of %s: %w", t.name, t.file, err)
	}
	return nil
}

// Columns names the attribute columns: all but the integer primary key and the geometry.
func (t *Table) Columns() []string { return t.columns }

// Next reads the next row into f: its fid (or its place from 1 in a table without an
// integer primary key), its cells and its geometry in the file's coordinate system. It
// returns io.EOF after the last row.
func (t *Table) Next(f *table.Feature) error {
	if !t.rows.Next() {
		if err := t.rows.Err(); err != nil {
			return fmt.Errorf("reading table %s of %s: %w", t.name, t.file, err)
		}
		return io.EOF
	}
	if err := t.rows.Scan(t.dest...); err != nil {
		return fmt.Errorf("reading table %s of %s: %w", t.name, t.file, err)
	}
	t.n++
	f.N = t.n
	if t.pk {
		f.N = t.fid
	}
	f.Cells = f.Cells[:0]
	for i, v := range t.cells {
		f.Cells = append(f.Cells, cell(v, t.kinds[i]))
	}
	f.Geom, f.Problem = nil, ""
	if t.geomColumn != "" && t.rawGeom != nil {
		f.Geom, f.Problem = decodeBlob(t.rawGeom)
	}
	return nil
}

// cell is the value v of a column of the declared type kind as a table.Feature's cell:
// GeoPackage's BOOLEAN is an integer 0 or 1, and a blob is text when it is UTF-8.
func cell(v any, kind string) any {
	switch v := v.(type) {
	case int64:
		if kind == "BOOLEAN" {
			return v != 0
		}
	case []byte:
		if utf8.Valid(v) {
			return string(v)
		}
		return nil
	}
	return v
}

// CRS returns the coordinate system the table's geometries are in, when the file declares
// one it names (declared); err says why a declaration could not be understood. A table
// in GeoPackage's undefined systems (srs_id 0 or -1), and a table of attributes, declare
// none.
func (t *Table) CRS() (crs geo.CRS, declared bool, err error) {
	return t.crs, t.declared, t.undeclared
}

// HasGeometry reports whether the table is of features with geometries; a table of
// attributes gives positions in its longitude and latitude columns, if any.
func (t *Table) HasGeometry() bool { return t.geomColumn != "" }

// Name returns the table's name.
func (t *Table) Name() string { return t.name }

// Close ends the reading and closes the file.
func (t *Table) Close() error {
	if t.rows != nil {
		_ = t.rows.Close()
	}
	return t.db.Close()
}
