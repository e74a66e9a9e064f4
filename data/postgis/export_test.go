package postgis

// Methods only the tests use: the store's raw connection pool, for SQL that checks what
// the store wrote, the channel of its version, and the length of the committer's queue,
// to see calls queue behind a group.

import "github.com/jackc/pgx/v5/pgxpool"

// Pool is the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Channel is the channel that announces the store's version.
func (s *Store) Channel() string { return s.channel }

// VersionChannel is the channel of the store whose tables are in schema.
var VersionChannel = versionChannel

// Queued is the number of RecordInspection calls waiting for a group.
func (s *Store) Queued() int {
	c := s.commits
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue)
}
