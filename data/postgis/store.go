package postgis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// Store is the store of record: the layers in PostGIS tables (see migrations/),
// where planners also open them in QGIS.
type Store struct {
	pool    *pgxpool.Pool
	tax     *rulebook.Taxonomy
	commits *committer
	// schema holds the store's tables, River's among them.
	schema string
	// channel announces the store's version changes (versionChannel).
	channel string
}

// ErrNotMigrated is returned when the database's schema is older than this binary's.
var ErrNotMigrated = errors.New("data: the database schema is not up to date (run cctvgis migrate)")

// connectTimeout bounds how long opening a store waits for an unreachable server.
const connectTimeout = 10 * time.Second

// Connect opens one connection to the database at url (a postgres:// URL or libpq
// keywords; libpq's PG* variables fill what it leaves out), for migrate and tests.
func Connect(ctx context.Context, url string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parsing the database URL: %w", err)
	}
	cfg.ConnectTimeout = connectTimeout
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to the database: %w", err)
	}
	return conn, nil
}

// Open opens the PostGIS store at url. The database must have PostGIS and an
// up-to-date schema (cctvgis migrate); tax validates what is put.
func Open(ctx context.Context, url string, tax *rulebook.Taxonomy) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parsing the database URL: %w", err)
	}
	cfg.ConnConfig.ConnectTimeout = connectTimeout
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to the database: %w", err)
	}
	s := &Store{pool: pool, tax: tax}
	if err := s.check(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	s.commits = newCommitter(cfg.ConnConfig.Copy())
	return s, nil
}

const sqlSchemaVersion = `SELECT coalesce(max(version), 0) FROM schema_migrations`

func (s *Store) check(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("connecting to the database: %w", err)
	}
	if err := requirePostGIS(ctx, s.pool); err != nil {
		return err
	}
	all, err := Migrations()
	if err != nil {
		return err
	}
	var have int
	if err := s.pool.QueryRow(ctx, sqlSchemaVersion).Scan(&have); err != nil {
		// No schema_migrations table at all: never migrated.
		return fmt.Errorf("%w: %w", ErrNotMigrated, err)
	}
	if want := all[len(all)-1].Version; have < want {
		return fmt.Errorf("%w: at version %d, this cctvgis needs %d", ErrNotMigrated, have, want)
	}
	if s.schema, err = storeSchema(ctx, s.pool); err != nil {
		return err
	}
	s.channel = versionChannel(s.schema)
	return nil
}

// Close stops the committer of inspections, failing the calls it has not committed, and
// releases the store's connections.
func (s *Store) Close() error {
	s.commits.stop()
	s.pool.Close()
	return nil
}

const sqlStoredSites = `SELECT id FROM sites WHERE id = ANY($1)`

// PutLayers writes the layers in one transaction (see coverage.LayerStore). Each layer is
// copied into a temporary staging table, checked there, and upserted from it; the store's
// version moves last.
func (s *Store) PutLayers(ctx context.Context, l *coverage.Layers) (map[string]int, error) {
	counts := map[string]int{}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		stored, err := storedSites(ctx, tx, l)
		if err != nil {
			return err
		}
		if err := checkPut(l, s.tax, stored); err != nil {
			return err
		}
		for _, q := range layerSQLs {
			n := q.desc.Len(l)
			if n == 0 {
				continue
			}
			if err := q.put(ctx, tx, l); err != nil {
				return fmt.Errorf("writing %s: %w", q.desc.Name, err)
			}
			counts[q.desc.Name] = n
		}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// storedSites finds which sites named by entrances but absent from l are already stored.
func storedSites(ctx context.Context, tx pgx.Tx, l *coverage.Layers) (map[string]bool, error) {
	in := map[string]bool{}
	for _, st := range l.Sites {
		in[st.ID] = true
	}
	var ask []string
	for _, e := range l.Entrances {
		if !in[e.SiteID] {
			in[e.SiteID] = true
			ask = append(ask, e.SiteID)
		}
	}
	stored := map[string]bool{}
	if len(ask) == 0 {
		return stored, nil
	}
	rows, err := tx.Query(ctx, sqlStoredSites, ask)
	if err != nil {
		return nil, fmt.Errorf("looking up stored sites: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("looking up stored sites: %w", err)
		}
		stored[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("looking up stored sites: %w", err)
	}
	return stored, nil
}

// checkPut refuses layers that break the input contract or lack ids.
func checkPut(l *coverage.Layers, tax *rulebook.Taxonomy, stored map[string]bool) error {
	if rej := l.CheckWithSites(tax, stored); len(rej) > 0 {
		return fmt.Errorf("%w: %w", rulebook.ErrInvalid, rej[0])
	}
	for i, o := range l.Occluders {
		if o.ID == "" {
			return fmt.Errorf("%w: %s feature %d: id: missing", rulebook.ErrInvalid, coverage.LayerOccluders, i)
		}
	}
	for i, p := range l.PrivateSpaces {
		if p.ID == "" {
			return fmt.Errorf("%w: %s feature %d: id: missing", rulebook.ErrInvalid, coverage.LayerPrivateSpaces, i)
		}
	}
	return nil
}

// PoolStats says how the store's connection pool is used: connections in use, idle,
// open in all, and the most it opens; for the server's metrics.
func (s *Store) PoolStats() (acquired, idle, total, max int32) {
	st := s.pool.Stat()
	return st.AcquiredConns(), st.IdleConns(), st.TotalConns(), st.MaxConns()
}
