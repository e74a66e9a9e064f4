package postgis

// Methods only the tests use: the store's raw connection pool, for SQL that checks what
// the store wrote, and the length of the committer's queue, to see calls queue behind a
// group.

import "github.com/jackc/pgx/v5/pgxpool"

// Pool is the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Queued is the number of RecordInspection calls waiting for a group.
func (s *Store) Queued() int {
	c := s.commits
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.queue)
}
