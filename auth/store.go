package auth

import (
	"context"
	"time"
)

// UserStore keeps users. Names are unique; users are never deleted, only disabled, so
// that what they recorded stays attributable.
type UserStore interface {
	// CreateUser stores a new user. A user with the same name or id already stored is an
	// error matching ErrExists, also when two calls race.
	CreateUser(ctx context.Context, u User) error
	// UserByName returns the user of that exact name, or an error matching ErrNotFound.
	UserByName(ctx context.Context, name string) (User, error)
	// UserByID returns the user of that id, or an error matching ErrNotFound.
	UserByID(ctx context.Context, id string) (User, error)
	// UpdateUser changes the fields of the user of that id that ch sets, atomically, and
	// returns the user as stored after the change; an unknown id is an error matching
	// ErrNotFound.
	UpdateUser(ctx context.Context, id string, ch UserChange) (User, error)
	// ListUsers returns every user, ordered by the bytes of their names.
	ListUsers(ctx context.Context) ([]User, error)
}

// UserChange names the fields UpdateUser changes: those whose pointer is not nil. Only
// these fields of a user ever change, each without overwriting the others, so that a
// password change and a concurrent disable both take effect.
type UserChange struct {
	PasswordHash *string
	Role         *Role
	District     *string
	Disabled     *bool
}

// SessionStore keeps sessions, by the hash of their token.
type SessionStore interface {
	// CreateSession stores a new session. A session whose token hash is already stored is
	// an error matching ErrExists; one whose user is not stored, ErrNotFound.
	CreateSession(ctx context.Context, s Session) error
	// SessionByTokenHash returns the session and its user as stored now, or an error
	// matching ErrNotFound. It returns expired sessions and disabled users as they are:
	// the Service decides.
	SessionByTokenHash(ctx context.Context, h TokenHash) (Session, User, error)
	// DeleteSession deletes the session of that token hash. Deleting a session that is not
	// stored is not an error, so that logging out twice is harmless.
	DeleteSession(ctx context.Context, h TokenHash) error
	// DeleteUserSessions deletes every session of the user of that id and returns how many
	// it deleted.
	DeleteUserSessions(ctx context.Context, userID string) (int, error)
	// DeleteExpiredSessions deletes the sessions that expired at now (ExpiresAt not after
	// now) and returns how many it deleted.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}

// Store keeps the accounts: the PostGIS store and the embedded store implement it.
type Store interface {
	UserStore
	SessionStore
}

// ThrottleStore keeps the state of a Limiter's keys, so that every server process on the
// store shares one limiter (NewStoredLimiter). The store only locks, reads and writes; the
// Limiter decides. The PostGIS store implements it; the embedded store, which one process
// at a time opens, need not: a limiter in memory serves it (NewLimiterFor).
type ThrottleStore interface {
	// UpdateThrottle calls update once with the states of keys, which are distinct, in
	// their order (the zero state for a key the store does not hold), and then stores the
	// states update leaves in the slice, forgetting those it leaves zero. Calls that share
	// a key, from this process or another, run one after the other: none reads a state
	// that another is about to change. When update returns an error, the store changes
	// nothing and returns an error that wraps it.
	UpdateThrottle(ctx context.Context, keys []ThrottleKey, update func(states []ThrottleState) error) error
	// DeleteExpiredThrottles deletes the states that expired at now (Expires not after
	// now) and returns how many it deleted.
	DeleteExpiredThrottles(ctx context.Context, now time.Time) (int, error)
}
