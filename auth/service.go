package auth

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Service logs users in and out, authenticates their tokens, and manages users for the
// command line. Its fields are its dependencies and settings; the zero values of the
// optional ones are sensible.
type Service struct {
	// Store keeps the users and sessions.
	Store Store
	// Limiter throttles failed logins; nil throttles nothing. NewLimiterFor returns the
	// one for a server on Store.
	Limiter *Limiter
	// Clock gives the time; nil is time.Now.
	Clock func() time.Time
	// TTL is how long a session lasts; 0 is DefaultTTL.
	TTL time.Duration
	// Params are the argon2id parameters of new password hashes; the zero value is
	// DefaultParams. Stored hashes keep the parameters they were made with.
	Params Params
}

func (s *Service) now() time.Time {
	now := time.Now
	if s.Clock != nil {
		now = s.Clock
	}
	// Stores keep microseconds (PostgreSQL's timestamptz), so a session read back equals
	// the one made.
	return now().UTC().Truncate(time.Microsecond)
}

func (s *Service) ttl() time.Duration {
	if s.TTL > 0 {
		return s.TTL
	}
	return DefaultTTL
}

func (s *Service) params() Params {
	if s.Params == (Params{}) {
		return DefaultParams()
	}
	return s.Params
}

// Login checks name and password and opens a session for addr, the client's address as
// the server sees it. It returns the token for the client (sent once, never stored) and
// the session. A wrong password, an unknown name and a disabled user are all the same
// error matching ErrUnauthorized, and take the same time: an unknown name is checked
// against a dummy hash. Too many failures are a *ThrottledError matching ErrThrottled.
func (s *Service) Login(ctx context.Context, name, password, addr string) (string, Session, error) {
	if err := s.Limiter.Attempt(ctx, name, addr); err != nil {
		return "", Session{}, fmt.Errorf("logging in: %w", err)
	}
	u, err := s.Store.UserByName(ctx, name)
	known := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", Session{}, s.abandon(ctx, name, addr, fmt.Errorf("logging in: %w", err))
	}
	err = CheckPassword(s.hashToCheck(u, known), password)
	switch {
	case errors.Is(err, ErrUnauthorized):
		return "", Session{}, errBadLogin
	case err != nil:
		return "", Session{}, s.abandon(ctx, name, addr, fmt.Errorf("logging in: user %s: %w", u.ID, err))
	case !known || u.Disabled:
		return "", Session{}, errBadLogin
	}
	if err := report(ctx, s.Limiter.Succeeded, name, addr); err != nil {
		return "", Session{}, fmt.Errorf("logging in: %w", err)
	}
	token, h := NewToken()
	now := s.now()
	sess := Session{TokenHash: h, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(s.ttl())}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", Session{}, fmt.Errorf("logging in: %w", err)
	}
	return token, sess, nil
}

// reportTimeout bounds a report to the Limiter made after the client has gone.
const reportTimeout = 10 * time.Second

// report reports the outcome of an attempt with fn (the Limiter's Succeeded or
// Abandoned) even when ctx is cancelled, the client gone while its password was checked,
// so that a stored limiter does not keep counting the attempt as a failure.
func report(ctx context.Context, fn func(context.Context, string, string) error, name, addr string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reportTimeout)
	defer cancel()
	return fn(ctx, name, addr)
}

// abandon reports the attempt of name from addr abandoned because of err, and returns
// err with the report's error, if any.
func (s *Service) abandon(ctx context.Context, name, addr string, err error) error {
	if rerr := report(ctx, s.Limiter.Abandoned, name, addr); rerr != nil {
		return errors.Join(err, rerr)
	}
	return err
}

// hashToCheck is the hash a login checks the password against: the user's, or for an
// unknown name a dummy of the same parameters, so that the login costs the same.
func (s *Service) hashToCheck(u User, known bool) string {
	if !known {
		return s.params().dummyHash()
	}
	return u.PasswordHash
}

// Authenticate returns the user of a token from Login. A token that is malformed,
// unknown, logged out or expired, or whose user is disabled, is an error matching
// ErrUnauthorized; the user's role and district are as stored now.
func (s *Service) Authenticate(ctx context.Context, token string) (User, error) {
	h, err := ParseToken(token)
	if err != nil {
		return User{}, err
	}
	sess, u, err := s.Store.SessionByTokenHash(ctx, h)
	switch {
	case errors.Is(err, ErrNotFound):
		return User{}, fmt.Errorf("%w: unknown or revoked session", ErrUnauthorized)
	case err != nil:
		return User{}, fmt.Errorf("authenticating: %w", err)
	case sess.Expired(s.now()):
		return User{}, fmt.Errorf("%w: session expired", ErrUnauthorized)
	case u.Disabled:
		return User{}, fmt.Errorf("%w: user disabled", ErrUnauthorized)
	}
	return u, nil
}

// Logout ends the session of token. Ending a session that has already ended is not an
// error; a malformed token is one matching ErrUnauthorized.
func (s *Service) Logout(ctx context.Context, token string) error {
	h, err := ParseToken(token)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteSession(ctx, h); err != nil {
		return fmt.Errorf("logging out: %w", err)
	}
	return nil
}

// AddUser adds a user with a new random id. name, role, district and password must
// pass CheckName, ParseRole, CheckDistrict and ValidatePassword, or the error is a
// *FieldError; a name already taken is an error matching ErrExists.
func (s *Service) AddUser(ctx context.Context, name string, role Role, district, password string) (User, error) {
	if err := CheckName(name); err != nil {
		return User{}, err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return User{}, err
	}
	if err := CheckDistrict(district); err != nil {
		return User{}, err
	}
	if err := ValidatePassword(password); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(password, s.params())
	if err != nil {
		return User{}, err
	}
	u := User{ID: NewUserID(), Name: name, Role: role, District: district, PasswordHash: hash, CreatedAt: s.now()}
	if err := s.Store.CreateUser(ctx, u); err != nil {
		return User{}, fmt.Errorf("adding user %s: %w", name, err)
	}
	return u, nil
}

// SetPassword gives the user of that name a new password, which must pass
// ValidatePassword, and ends the user's sessions, so that a stolen token dies with the
// old password.
func (s *Service) SetPassword(ctx context.Context, name, password string) error {
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password, s.params())
	if err != nil {
		return err
	}
	return s.change(ctx, name, UserChange{PasswordHash: &hash})
}

// Disable disables the user of that name and ends the user's sessions. The user stays,
// so that what they recorded stays attributable.
func (s *Service) Disable(ctx context.Context, name string) error {
	yes := true
	return s.change(ctx, name, UserChange{Disabled: &yes})
}

// change applies ch to the user of that name and ends the user's sessions.
func (s *Service) change(ctx context.Context, name string, ch UserChange) error {
	u, err := s.Store.UserByName(ctx, name)
	if err != nil {
		return fmt.Errorf("changing user %s: %w", name, err)
	}
	if _, err := s.Store.UpdateUser(ctx, u.ID, ch); err != nil {
		return fmt.Errorf("changing user %s: %w", name, err)
	}
	if _, err := s.Store.DeleteUserSessions(ctx, u.ID); err != nil {
		return fmt.Errorf("ending the sessions of user %s: %w", name, err)
	}
	return nil
}

// DeleteExpiredSessions deletes the sessions expired by now and returns how many; the
// server calls it from time to time, since Authenticate refuses expired sessions but
// leaves them stored.
func (s *Service) DeleteExpiredSessions(ctx context.Context) (int, error) {
	n, err := s.Store.DeleteExpiredSessions(ctx, s.now())
	if err != nil {
		return 0, fmt.Errorf("deleting expired sessions: %w", err)
	}
	return n, nil
}
