package postgis

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"cctvgis/planner/rulebook"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one versioned SQL file of the PostGIS schema.
type Migration struct {
	Version  int
	Name     string
	SQL      string
	Checksum string
}

// ErrMigration is wrapped for a schema that migrate cannot bring up to date: a migration
// changed after it was applied, or a database newer than this binary.
var ErrMigration = errors.New("data: migration")

// Migrations returns the embedded migrations in version order. Files are named
// NNNN_name.sql.
func Migrations() ([]Migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("listing migrations: %w", err)
	}
	sort.Strings(names)
	var out []Migration
	for _, n := range names {
		base := path.Base(n)
		num, name, ok := strings.Cut(strings.TrimSuffix(base, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("%w: file %s is not named NNNN_name.sql", ErrMigration, base)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", base, err)
		}
		sum := sha256.Sum256(b)
		out = append(out, Migration{Version: v, Name: name, SQL: string(b), Checksum: hex.EncodeToString(sum[:])})
	}
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("%w: two migrations have version %d", ErrMigration, out[i].Version)
		}
	}
	return out, nil
}

// migrationLock is the advisory lock that keeps two migrate runs from interleaving.
const migrationLock = 7_205_301_117

const sqlCreateMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)`

const sqlAppliedMigrations = `SELECT version, name, checksum FROM schema_migrations ORDER BY version`

const sqlRecordMigration = `INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`

// Migrate brings the database's schema up to date: it applies, in order and each in its
// own transaction, the embedded migrations not yet applied, then refreshes the
// vocabulary tables from the taxonomy. It creates the PostGIS extension when the database
// lacks it and the role may (a superuser, usually); otherwise the error wraps ErrNoPostGIS. A
// migration already applied is not applied again; one whose file has changed since, or a
// database with versions this binary does not know, is an error wrapping ErrMigration.
// It returns the migrations it applied.
func Migrate(ctx context.Context, conn *pgx.Conn, tax *rulebook.Taxonomy) ([]Migration, error) {
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return nil, fmt.Errorf("locking migrations: %w", err)
	}
	defer func() {
		// Released with the session when this fails; nothing else to do with the error.
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock)
	}()
	// Under the lock, so that two first runs do not both create the extension.
	if err := createPostGIS(ctx, conn); err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, sqlCreateMigrations); err != nil {
		return nil, fmt.Errorf("creating schema_migrations: %w", err)
	}
	all, err := Migrations()
	if err != nil {
		return nil, err
	}
	applied, err := appliedMigrations(ctx, conn)
	if err != nil {
		return nil, err
	}
	known := map[int]Migration{}
	for _, m := range all {
		known[m.Version] = m
	}
	for v, sum := range applied {
		m, ok := known[v]
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: the database has version %d, which this cctvgis does not know: use a newer cctvgis", ErrMigration, v)
		case m.Checksum != sum:
			return nil, fmt.Errorf("%w: %04d_%s.sql changed after it was applied: write a new migration instead", ErrMigration, v, m.Name)
		}
	}
	var done []Migration
	for _, m := range all {
		if _, ok := applied[m.Version]; ok {
			continue
		}
		if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, sqlRecordMigration, m.Version, m.Name, m.Checksum)
			return err
		}); err != nil {
			return done, fmt.Errorf("applying migration %04d_%s: %w", m.Version, m.Name, err)
		}
		done = append(done, m)
	}
	if err := migrateRiver(ctx, conn); err != nil {
		return done, err
	}
	if err := syncVocabularies(ctx, conn, tax); err != nil {
		return done, err
	}
	return done, nil
}

// migrateRiver brings River's tables, the job queue's, up to date in the schema the
// connection's search path creates tables in. River migrates each version in a
// transaction of its own (one may add an enum value the next uses), through a pool of its
// own on the connection's settings.
func migrateRiver(ctx context.Context, conn *pgx.Conn) error {
	var schema string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return fmt.Errorf("finding the schema: %w", err)
	}
	cfg, err := pgxpool.ParseConfig(conn.Config().ConnString())
	if err != nil {
		return fmt.Errorf("connecting for the job queue's migrations: %w", err)
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connecting for the job queue's migrations: %w", err)
	}
	defer pool.Close()
	m, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Schema: schema, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("preparing the job queue's migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrating the job queue's tables: %w", err)
	}
	return nil
}

func appliedMigrations(ctx context.Context, conn *pgx.Conn) (map[int]string, error) {
	rows, err := conn.Query(ctx, sqlAppliedMigrations)
	if err != nil {
		return nil, fmt.Errorf("reading schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int]string{}
	for rows.Next() {
		var v int
		var name, sum string
		if err := rows.Scan(&v, &name, &sum); err != nil {
			return nil, fmt.Errorf("reading schema_migrations: %w", err)
		}
		applied[v] = sum
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading schema_migrations: %w", err)
	}
	return applied, nil
}

const sqlUpsertCategory = `INSERT INTO categories (id, zh, en, kind) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO UPDATE SET zh = EXCLUDED.zh, en = EXCLUDED.en, kind = EXCLUDED.kind`

const sqlUpsertSpaceKind = `INSERT INTO space_kinds (id, zh, en) VALUES ($1, $2, $3)
ON CONFLICT (id) DO UPDATE SET zh = EXCLUDED.zh, en = EXCLUDED.en`

// syncVocabularies upserts the taxonomy's categories and space kinds. Ids no longer in the
// taxonomy stay, so stored features that use them keep their foreign keys.
func syncVocabularies(ctx context.Context, conn *pgx.Conn, tax *rulebook.Taxonomy) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		batch := &pgx.Batch{}
		for _, c := range tax.Categories {
			batch.Queue(sqlUpsertCategory, c.ID, c.Zh, c.En, string(c.Kind))
		}
		for _, s := range tax.Spaces {
			batch.Queue(sqlUpsertSpaceKind, s.ID, s.Zh, s.En)
		}
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return fmt.Errorf("refreshing the taxonomy tables: %w", err)
		}
		return nil
	})
}

// ErrNoPostGIS is returned for a database without the PostGIS extension.
var ErrNoPostGIS = errors.New("data: the database has no PostGIS (run CREATE EXTENSION postgis as a superuser)")

// sqlCreatePostGIS installs PostGIS into the database, in the first schema of the search
// path, as PostgreSQL does by default.
const sqlCreatePostGIS = `CREATE EXTENSION IF NOT EXISTS postgis`

// createPostGIS creates the PostGIS extension unless the database has it. When the server
// refuses (the role may not create extensions, or PostGIS is not installed on the server),
// the error wraps ErrNoPostGIS and gives the server's reason.
func createPostGIS(ctx context.Context, conn *pgx.Conn) error {
	err := requirePostGIS(ctx, conn)
	if !errors.Is(err, ErrNoPostGIS) {
		return err
	}
	if _, err := conn.Exec(ctx, sqlCreatePostGIS); err != nil {
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
			return fmt.Errorf("%w: creating it failed: %s", ErrNoPostGIS, pgErr.Message)
		}
		return fmt.Errorf("creating the PostGIS extension: %w", err)
	}
	return requirePostGIS(ctx, conn)
}

func requirePostGIS(ctx context.Context, conn interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) error {
	var has bool
	err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')`).Scan(&has)
	if err != nil {
		return fmt.Errorf("checking for PostGIS: %w", err)
	}
	if !has {
		return ErrNoPostGIS
	}
	return nil
}
