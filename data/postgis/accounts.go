package postgis

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"cctvgis/auth"
)

var (
	_ auth.Store         = (*Store)(nil)
	_ auth.ThrottleStore = (*Store)(nil)
)

// PostgreSQL's error codes that the accounts map to auth's sentinels.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// accountErr maps a unique violation to auth.ErrExists and a foreign key violation to
// auth.ErrNotFound, keeping the database's error in the chain for the log.
func accountErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation:
			return fmt.Errorf("%w: %w", auth.ErrExists, err)
		case pgForeignKeyViolation:
			return fmt.Errorf("%w: %w", auth.ErrNotFound, err)
		}
	}
	return err
}

// userColumns are the columns of a user, in the order scanUser reads them.
const userColumns = `id, name, role, district, disabled, password_hash, created_at`

// scanUser reads a row of userColumns.
func scanUser(row pgx.Row) (auth.User, error) {
	var u auth.User
	var role string
	if err := row.Scan(&u.ID, &u.Name, &role, &u.District, &u.Disabled, &u.PasswordHash, &u.CreatedAt); err != nil {
		return auth.User{}, err
	}
	u.Role = auth.Role(role)
	u.CreatedAt = u.CreatedAt.UTC()
	return u, nil
}

// notFound turns pgx.ErrNoRows into auth.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return auth.ErrNotFound
	}
	return err
}

const sqlCreateUser = `INSERT INTO users (` + userColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7)`

// CreateUser stores a new user; a name or id already stored is auth.ErrExists.
func (s *Store) CreateUser(ctx context.Context, u auth.User) error {
	_, err := s.pool.Exec(ctx, sqlCreateUser, u.ID, u.Name, string(u.Role), u.District, u.Disabled, u.PasswordHash, u.CreatedAt)
	if err != nil {
		return fmt.Errorf("creating user %q: %w", u.Name, accountErr(err))
	}
	return nil
}

const sqlUserByName = `SELECT ` + userColumns + ` FROM users WHERE name = $1`

// UserByName returns the user of that name, or auth.ErrNotFound.
func (s *Store) UserByName(ctx context.Context, name string) (auth.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, sqlUserByName, name))
	if err != nil {
		return auth.User{}, fmt.Errorf("reading user %q: %w", name, notFound(err))
	}
	return u, nil
}

const sqlUserByID = `SELECT ` + userColumns + ` FROM users WHERE id = $1`

// UserByID returns the user of that id, or auth.ErrNotFound.
func (s *Store) UserByID(ctx context.Context, id string) (auth.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, sqlUserByID, id))
	if err != nil {
		return auth.User{}, fmt.Errorf("reading user id %s: %w", id, notFound(err))
	}
	return u, nil
}

// sqlUpdateUser changes the fields whose parameter is not NULL, in one statement, so that
// concurrent changes of different fields do not undo each other.
const sqlUpdateUser = `UPDATE users SET
    password_hash = coalesce($2, password_hash),
    role          = coalesce($3, role),
    district      = coalesce($4, district),
    disabled      = coalesce($5, disabled)
WHERE id = $1
RETURNING ` + userColumns

// UpdateUser changes the fields that ch sets and returns the user as stored after.
func (s *Store) UpdateUser(ctx context.Context, id string, ch auth.UserChange) (auth.User, error) {
	var role *string
	if ch.Role != nil {
		r := string(*ch.Role)
		role = &r
	}
	u, err := scanUser(s.pool.QueryRow(ctx, sqlUpdateUser, id, ch.PasswordHash, role, ch.District, ch.Disabled))
	if err != nil {
		return auth.User{}, fmt.Errorf("updating user id %s: %w", id, notFound(err))
	}
	return u, nil
}

// sqlListUsers orders by the bytes of the names, as the embedded store does, whatever the
// database's collation.
const sqlListUsers = `SELECT ` + userColumns + ` FROM users ORDER BY name COLLATE "C"`

// ListUsers returns every user, ordered by the bytes of their names.
func (s *Store) ListUsers(ctx context.Context) ([]auth.User, error) {
	rows, err := s.pool.Query(ctx, sqlListUsers)
	if err != nil {
		return nil, fmt.Errorf("listing users: %w", err)
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("listing users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing users: %w", err)
	}
	return out, nil
}

const sqlCreateSession = `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`

// CreateSession stores a new session: a token hash already stored is auth.ErrExists, an
// unknown user auth.ErrNotFound.
func (s *Store) CreateSession(ctx context.Context, sess auth.Session) error {
	_, err := s.pool.Exec(ctx, sqlCreateSession, sess.TokenHash[:], sess.UserID, sess.CreatedAt, sess.ExpiresAt)
	if err != nil {
		return fmt.Errorf("creating a session of user id %s: %w", sess.UserID, accountErr(err))
	}
	return nil
}

const sqlSessionByTokenHash = `SELECT s.created_at, s.expires_at, u.id, u.name, u.role, u.district, u.disabled, u.password_hash, u.created_at
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = $1`

// SessionByTokenHash returns the session and its user, or auth.ErrNotFound.
func (s *Store) SessionByTokenHash(ctx context.Context, h auth.TokenHash) (auth.Session, auth.User, error) {
	sess := auth.Session{TokenHash: h}
	var u auth.User
	var role string
	err := s.pool.QueryRow(ctx, sqlSessionByTokenHash, h[:]).Scan(&sess.CreatedAt, &sess.ExpiresAt,
		&u.ID, &u.Name, &role, &u.District, &u.Disabled, &u.PasswordHash, &u.CreatedAt)
	if err != nil {
		return auth.Session{}, auth.User{}, fmt.Errorf("reading a session: %w", notFound(err))
	}
	sess.UserID, u.Role = u.ID, auth.Role(role)
	sess.CreatedAt, sess.ExpiresAt, u.CreatedAt = sess.CreatedAt.UTC(), sess.ExpiresAt.UTC(), u.CreatedAt.UTC()
	return sess, u, nil
}

const sqlDeleteSession = `DELETE FROM sessions WHERE token_hash = $1`

// DeleteSession deletes the session of that token hash, if it is stored.
func (s *Store) DeleteSession(ctx context.Context, h auth.TokenHash) error {
	if _, err := s.pool.Exec(ctx, sqlDeleteSession, h[:]); err != nil {
		return fmt.Errorf("deleting a session: %w", err)
	}
	return nil
}

const sqlDeleteUserSessions = `DELETE FROM sessions WHERE user_id = $1`

// DeleteUserSessions deletes the sessions of the user of that id and returns how many.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	tag, err := s.pool.Exec(ctx, sqlDeleteUserSessions, userID)
	if err != nil {
		return 0, fmt.Errorf("deleting the sessions of user id %s: %w", userID, err)
	}
	return int(tag.RowsAffected()), nil
}

const sqlDeleteExpiredSessions = `DELETE FROM sessions WHERE expires_at <= $1`

// DeleteExpiredSessions deletes the sessions expired at now and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	return s.deleteExpired(ctx, sqlDeleteExpiredSessions, now, "sessions")
}

// deleteExpired runs sql, which deletes what expired at $1, and returns how many rows it
// deleted; what names them in the error.
func (s *Store) deleteExpired(ctx context.Context, sql string, now time.Time, what string) (int, error) {
	tag, err := s.pool.Exec(ctx, sql, now)
	if err != nil {
		return 0, fmt.Errorf("deleting expired %s: %w", what, err)
	}
	return int(tag.RowsAffected()), nil
}

// sqlInsertThrottle makes sure a key has a row to lock: a key seen for the first time by
// two processes at once gets one row, and the second waits for the first's transaction.
const sqlInsertThrottle = `INSERT INTO login_throttles (kind, key_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING`

const sqlLockThrottle = `SELECT failures, last_failure, retry_at, expires_at FROM login_throttles
WHERE kind = $1 AND key_hash = $2 FOR UPDATE`

const sqlUpdateThrottle = `UPDATE login_throttles SET failures = $3, last_failure = $4, retry_at = $5, expires_at = $6
WHERE kind = $1 AND key_hash = $2`

const sqlDeleteThrottle = `DELETE FROM login_throttles WHERE kind = $1 AND key_hash = $2`

// UpdateThrottle calls update with the states of keys and stores what it leaves, in one
// short transaction: each key's row is inserted when missing and locked, key after key in
// the order of kind and hash, so that logins sharing keys (an address, a name) wait for
// each other and never deadlock, whichever order they name their keys in. A state left
// zero is deleted; when update fails, the transaction is rolled back.
func (s *Store) UpdateThrottle(ctx context.Context, keys []auth.ThrottleKey, update func([]auth.ThrottleState) error) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		states, err := lockThrottles(ctx, tx, keys)
		if err != nil {
			return err
		}
		if err := update(states); err != nil {
			return err
		}
		return writeThrottles(ctx, tx, keys, states)
	})
	if err != nil {
		return fmt.Errorf("updating login throttles: %w", err)
	}
	return nil
}

// lockThrottles locks the rows of keys, inserting those missing, and returns their states
// in the order of keys.
func lockThrottles(ctx context.Context, tx pgx.Tx, keys []auth.ThrottleKey) ([]auth.ThrottleState, error) {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(keys[a].Kind, keys[b].Kind), bytes.Compare(keys[a].Hash[:], keys[b].Hash[:]))
	})
	states := make([]auth.ThrottleState, len(keys))
	batch := &pgx.Batch{}
	for _, i := range order {
		k := keys[i]
		batch.Queue(sqlInsertThrottle, string(k.Kind), k.Hash[:])
		batch.Queue(sqlLockThrottle, string(k.Kind), k.Hash[:]).QueryRow(func(row pgx.Row) error {
			var last, until, expires *time.Time
			if err := row.Scan(&states[i].Failures, &last, &until, &expires); err != nil {
				return err
			}
			states[i].Last, states[i].Until, states[i].Expires = utcOrZero(last), utcOrZero(until), utcOrZero(expires)
			return nil
		})
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return nil, fmt.Errorf("locking: %w", err)
	}
	return states, nil
}

// writeThrottles stores states as those of keys, deleting the rows of zero states.
func writeThrottles(ctx context.Context, tx pgx.Tx, keys []auth.ThrottleKey, states []auth.ThrottleState) error {
	batch := &pgx.Batch{}
	for i, k := range keys {
		st := states[i]
		if st.IsZero() {
			batch.Queue(sqlDeleteThrottle, string(k.Kind), k.Hash[:])
			continue
		}
		batch.Queue(sqlUpdateThrottle, string(k.Kind), k.Hash[:], st.Failures, nullTime(st.Last), nullTime(st.Until), st.Expires)
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("writing: %w", err)
	}
	return nil
}

// utcOrZero is a nullable column's time in UTC, or the zero time for NULL.
func utcOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

const sqlDeleteExpiredThrottles = `DELETE FROM login_throttles WHERE expires_at <= $1`

// DeleteExpiredThrottles deletes the throttle states expired at now and returns how many.
func (s *Store) DeleteExpiredThrottles(ctx context.Context, now time.Time) (int, error) {
	return s.deleteExpired(ctx, sqlDeleteExpiredThrottles, now, "login throttles")
}
