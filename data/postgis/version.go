package postgis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"cctvgis/planner/coverage"
)

var _ coverage.VersionStore = (*Store)(nil)

// versionChannelPrefix starts the name of the channel a store's version is announced on.
const versionChannelPrefix = "cctvgis_store_version."

// maxIdentifier is the longest identifier PostgreSQL keeps, in bytes (NAMEDATALEN - 1);
// pg_notify refuses a longer channel name.
const maxIdentifier = 63

// versionChannel is the channel that announces the version of the store whose tables are
// in schema: versionChannelPrefix and the schema's name, so that stores in other schemas
// of the database (a second city's, each test's own) wake only their own watchers. A
// name too long for an identifier takes the schema's SHA-256, shortened, instead.
func versionChannel(schema string) string {
	if len(versionChannelPrefix)+len(schema) <= maxIdentifier {
		return versionChannelPrefix + schema
	}
	sum := sha256.Sum256([]byte(schema))
	return versionChannelPrefix + hex.EncodeToString(sum[:16])
}

// sqlVersionSchema finds the schema of the store_version table the search path reaches.
const sqlVersionSchema = `SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = 'store_version'::regclass`

// storeSchema returns the schema of the store the connection's search path reaches.
func storeSchema(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (string, error) {
	var schema string
	if err := q.QueryRow(ctx, sqlVersionSchema).Scan(&schema); err != nil {
		return "", fmt.Errorf("finding the store's schema: %w", err)
	}
	return schema, nil
}

const sqlVersion = `SELECT version FROM store_version`

// Version returns the store's content version (see coverage.VersionStore).
func (s *Store) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := s.pool.QueryRow(ctx, sqlVersion).Scan(&v); err != nil {
		return 0, fmt.Errorf("reading the store version: %w", err)
	}
	return v, nil
}

// sqlBumpVersion increments the store's version and announces the new one on the
// channel $1; PostgreSQL delivers the notice when the transaction commits, and drops it
// when it rolls back.
const sqlBumpVersion = `WITH v AS (UPDATE store_version SET version = version + 1 RETURNING version)
SELECT pg_notify($1, version::text) FROM v`

// bumpVersion increments the store's version in tx, which then holds the version's row
// until it ends: callers do it after their other writes.
func (s *Store) bumpVersion(ctx context.Context, tx pgx.Tx) error {
	tag, err := tx.Exec(ctx, sqlBumpVersion, s.channel)
	switch {
	case err != nil:
		return fmt.Errorf("moving the store version: %w", err)
	case tag.RowsAffected() != 1:
		return errors.New("moving the store version: store_version has no row")
	}
	return nil
}

// WatchVersion listens on the store's channel (versionChannel) on a connection of its own,
// outside the pool, and reads the version from the table after each notice (see
// coverage.VersionStore). A notice that arrives while fn runs waits on the connection.
// Losing the connection ends the watch with its error; the caller watches again.
func (s *Store) WatchVersion(ctx context.Context, fn func(version int64)) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig)
	if err != nil {
		return watchError(ctx, err)
	}
	// The session's LISTEN ends with it.
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel}.Sanitize()); err != nil {
		return watchError(ctx, err)
	}
	last := int64(-1)
	for {
		// Read after LISTEN, so that a change committed before it is seen here and one
		// committed after it is announced.
		var v int64
		if err := conn.QueryRow(ctx, sqlVersion).Scan(&v); err != nil {
			return watchError(ctx, err)
		}
		if v > last {
			fn(v)
			last = v
		}
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return watchError(ctx, err)
		}
	}
}

// watchError is the error that ends a watch: ctx's own when it has ended.
func watchError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("watching the store version: %w", err)
}
