package postgis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"cctvgis/auth"
)

var _ auth.Store = (*Store)(nil)

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
	tag, err := s.pool.Exec(ctx, sqlDeleteExpiredSessions, now)
	if err != nil {
		return 0, fmt.Errorf("deleting expired sessions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
