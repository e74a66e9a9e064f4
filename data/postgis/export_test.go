package postgis

// Methods only the tests use: the store's raw connection pool, for SQL that checks what
// the store wrote.

import "github.com/jackc/pgx/v5/pgxpool"

// Pool is the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }
