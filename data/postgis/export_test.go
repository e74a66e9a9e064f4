package postgis

// Methods only the tests use: the store's raw connection pool, for SQL that checks what
// the store wrote, and the channel of its version.

import "github.com/jackc/pgx/v5/pgxpool"

// Pool is the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Channel is the channel that announces the store's version.
func (s *Store) Channel() string { return s.channel }

// VersionChannel is the channel of the store whose tables are in schema.
var VersionChannel = versionChannel
