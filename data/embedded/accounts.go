package embedded

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"cctvgis/auth"
)

var _ auth.Store = (*Store)(nil)

// The buckets of the accounts (auth.Store). They were added to schema version 2 without
// changing it: initSchema creates them when missing, and a program that does not know them
// leaves them alone.
var (
	// usersBucket maps a user's id to the user as JSON (userValue).
	usersBucket = []byte("users")
	// userNamesBucket maps a user's name to the id, so names are unique and list in byte
	// order.
	userNamesBucket = []byte("user_names")
	// sessionsBucket maps a session's token hash to the session (sessionValue).
	sessionsBucket = []byte("sessions")
)

// createAccountBuckets creates the buckets of the accounts when missing.
func createAccountBuckets(tx *bolt.Tx) error {
	for _, name := range [][]byte{usersBucket, userNamesBucket, sessionsBucket} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// userValue is a user as stored, keyed by id. JSON, so that fields can be added later
// without a new schema version; times in microseconds since 1970, as PostgreSQL keeps them.
type userValue struct {
	Name         string `json:"name"`
	Role         string `json:"role"`
	District     string `json:"district"`
	Disabled     bool   `json:"disabled"`
	PasswordHash string `json:"password_hash"`
	CreatedAtUS  int64  `json:"created_at_us"`
}

func encodeUser(u auth.User) ([]byte, error) {
	b, err := json.Marshal(userValue{Name: u.Name, Role: string(u.Role), District: u.District, Disabled: u.Disabled,
		PasswordHash: u.PasswordHash, CreatedAtUS: u.CreatedAt.UnixMicro()})
	if err != nil {
		return nil, fmt.Errorf("encoding user %q: %w", u.Name, err)
	}
	return b, nil
}

func decodeUser(id, b []byte) (auth.User, error) {
	var v userValue
	if err := json.Unmarshal(b, &v); err != nil {
		return auth.User{}, fmt.Errorf("%w: user id %s: %w", ErrCorrupt, id, err)
	}
	if !auth.Role(v.Role).Valid() {
		return auth.User{}, fmt.Errorf("%w: user id %s: role %q", ErrCorrupt, id, v.Role)
	}
	return auth.User{ID: string(id), Name: v.Name, Role: auth.Role(v.Role), District: v.District, Disabled: v.Disabled,
		PasswordHash: v.PasswordHash, CreatedAt: time.UnixMicro(v.CreatedAtUS).UTC()}, nil
}

// sessionHeader is the fixed part of a stored session: expires_at and created_at, each
// 8 bytes of big-endian microseconds since 1970; the user's id follows. Binary, so that
// the purge reads an expiry without decoding the rest.
const sessionHeader = 16

func encodeSession(s auth.Session) []byte {
	b := make([]byte, 0, sessionHeader+len(s.UserID))
	b = binary.BigEndian.AppendUint64(b, uint64(s.ExpiresAt.UnixMicro()))
	b = binary.BigEndian.AppendUint64(b, uint64(s.CreatedAt.UnixMicro()))
	return append(b, s.UserID...)
}

func decodeSession(h, b []byte) (auth.Session, error) {
	if len(h) != len(auth.TokenHash{}) || len(b) <= sessionHeader {
		return auth.Session{}, fmt.Errorf("%w: a session of %d bytes under a key of %d", ErrCorrupt, len(b), len(h))
	}
	s := auth.Session{
		UserID:    string(b[sessionHeader:]),
		ExpiresAt: sessionExpiry(b),
		CreatedAt: time.UnixMicro(int64(binary.BigEndian.Uint64(b[8:]))).UTC(),
	}
	copy(s.TokenHash[:], h)
	return s, nil
}

// sessionExpiry reads the expiry of a stored session at least sessionHeader long.
func sessionExpiry(b []byte) time.Time {
	return time.UnixMicro(int64(binary.BigEndian.Uint64(b))).UTC()
}

// view and update run f in a read or write transaction of the accounts, after checking
// the context: one transaction is short, so it is not checked within.
func (s *Store) view(ctx context.Context, f func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(f)
}

func (s *Store) update(ctx context.Context, f func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(f)
}

// userByID reads the user of that id in tx, or auth.ErrNotFound.
func userByID(tx *bolt.Tx, id []byte) (auth.User, error) {
	b := tx.Bucket(usersBucket).Get(id)
	if b == nil {
		return auth.User{}, auth.ErrNotFound
	}
	return decodeUser(id, b)
}

// CreateUser stores a new user; a name or id already stored is auth.ErrExists. Writers
// queue on bbolt's single write transaction, so two creates of one name cannot both pass.
func (s *Store) CreateUser(ctx context.Context, u auth.User) error {
	if u.ID == "" || u.Name == "" {
		return fmt.Errorf("creating user %q in %s: %w: empty id or name", u.Name, s.path, auth.ErrInvalid)
	}
	v, err := encodeUser(u)
	if err != nil {
		return err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		names, users := tx.Bucket(userNamesBucket), tx.Bucket(usersBucket)
		if names.Get([]byte(u.Name)) != nil || users.Get([]byte(u.ID)) != nil {
			return auth.ErrExists
		}
		if err := names.Put([]byte(u.Name), []byte(u.ID)); err != nil {
			return err
		}
		return users.Put([]byte(u.ID), v)
	})
	if err != nil {
		return fmt.Errorf("creating user %q in %s: %w", u.Name, s.path, err)
	}
	return nil
}

// UserByName returns the user of that name, or auth.ErrNotFound.
func (s *Store) UserByName(ctx context.Context, name string) (auth.User, error) {
	var u auth.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(userNamesBucket).Get([]byte(name))
		if id == nil {
			return auth.ErrNotFound
		}
		var err error
		if u, err = userByID(tx, id); errors.Is(err, auth.ErrNotFound) {
			return fmt.Errorf("%w: the name points to the missing user id %s", ErrCorrupt, id)
		}
		return err
	})
	if err != nil {
		return auth.User{}, fmt.Errorf("reading user %q from %s: %w", name, s.path, err)
	}
	return u, nil
}

// UserByID returns the user of that id, or auth.ErrNotFound.
func (s *Store) UserByID(ctx context.Context, id string) (auth.User, error) {
	var u auth.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		u, err = userByID(tx, []byte(id))
		return err
	})
	if err != nil {
		return auth.User{}, fmt.Errorf("reading user id %s from %s: %w", id, s.path, err)
	}
	return u, nil
}

// UpdateUser changes the fields that ch sets, in one write transaction, and returns the
// user as stored after.
func (s *Store) UpdateUser(ctx context.Context, id string, ch auth.UserChange) (auth.User, error) {
	var u auth.User
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if u, err = userByID(tx, []byte(id)); err != nil {
			return err
		}
		if ch.PasswordHash != nil {
			u.PasswordHash = *ch.PasswordHash
		}
		if ch.Role != nil {
			u.Role = *ch.Role
		}
		if ch.District != nil {
			u.District = *ch.District
		}
		if ch.Disabled != nil {
			u.Disabled = *ch.Disabled
		}
		v, err := encodeUser(u)
		if err != nil {
			return err
		}
		return tx.Bucket(usersBucket).Put([]byte(id), v)
	})
	if err != nil {
		return auth.User{}, fmt.Errorf("updating user id %s in %s: %w", id, s.path, err)
	}
	return u, nil
}

// ListUsers returns every user, ordered by the bytes of their names.
func (s *Store) ListUsers(ctx context.Context) ([]auth.User, error) {
	var out []auth.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(userNamesBucket).ForEach(func(name, id []byte) error {
			u, err := userByID(tx, id)
			if errors.Is(err, auth.ErrNotFound) {
				return fmt.Errorf("%w: the name %q points to the missing user id %s", ErrCorrupt, name, id)
			}
			out = append(out, u)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("listing users in %s: %w", s.path, err)
	}
	return out, nil
}

// CreateSession stores a new session: a token hash already stored is auth.ErrExists, an
// unknown user auth.ErrNotFound.
func (s *Store) CreateSession(ctx context.Context, sess auth.Session) error {
	if sess.UserID == "" {
		return fmt.Errorf("creating a session in %s: %w: no user", s.path, auth.ErrNotFound)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(sessionsBucket)
		if b.Get(sess.TokenHash[:]) != nil {
			return auth.ErrExists
		}
		if tx.Bucket(usersBucket).Get([]byte(sess.UserID)) == nil {
			return auth.ErrNotFound
		}
		return b.Put(sess.TokenHash[:], encodeSession(sess))
	})
	if err != nil {
		return fmt.Errorf("creating a session of user id %s in %s: %w", sess.UserID, s.path, err)
	}
	return nil
}

// SessionByTokenHash returns the session and its user, or auth.ErrNotFound.
func (s *Store) SessionByTokenHash(ctx context.Context, h auth.TokenHash) (auth.Session, auth.User, error) {
	var sess auth.Session
	var u auth.User
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(sessionsBucket).Get(h[:])
		if b == nil {
			return auth.ErrNotFound
		}
		var err error
		if sess, err = decodeSession(h[:], b); err != nil {
			return err
		}
		if u, err = userByID(tx, []byte(sess.UserID)); errors.Is(err, auth.ErrNotFound) {
			return fmt.Errorf("%w: a session of the missing user id %s", ErrCorrupt, sess.UserID)
		}
		return err
	})
	if err != nil {
		return auth.Session{}, auth.User{}, fmt.Errorf("reading a session from %s: %w", s.path, err)
	}
	return sess, u, nil
}

// DeleteSession deletes the session of that token hash, if it is stored.
func (s *Store) DeleteSession(ctx context.Context, h auth.TokenHash) error {
	err := s.update(ctx, func(tx *bolt.Tx) error { return tx.Bucket(sessionsBucket).Delete(h[:]) })
	if err != nil {
		return fmt.Errorf("deleting a session from %s: %w", s.path, err)
	}
	return nil
}

// DeleteUserSessions deletes the sessions of the user of that id and returns how many. It
// reads every session: an embedded store has a few hundred.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string) (int, error) {
	n, err := s.deleteSessions(ctx, func(v []byte) bool { return string(v[sessionHeader:]) == userID })
	if err != nil {
		return 0, fmt.Errorf("deleting the sessions of user id %s from %s: %w", userID, s.path, err)
	}
	return n, nil
}

// DeleteExpiredSessions deletes the sessions expired at now and returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	n, err := s.deleteSessions(ctx, func(v []byte) bool { return !now.Before(sessionExpiry(v)) })
	if err != nil {
		return 0, fmt.Errorf("deleting expired sessions from %s: %w", s.path, err)
	}
	return n, nil
}

// deleteSessions deletes the sessions whose value del picks, in one write transaction.
func (s *Store) deleteSessions(ctx context.Context, del func(v []byte) bool) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(sessionsBucket)
		var keys [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if len(v) <= sessionHeader {
				return fmt.Errorf("%w: a session of %d bytes", ErrCorrupt, len(v))
			}
			if del(v) {
				// Keys are valid only during the transaction; deleting while iterating
				// would move the cursor.
				keys = append(keys, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(keys)
		return nil
	})
	return n, err
}
