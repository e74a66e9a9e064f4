package auth_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"cctvgis/auth"
)

// memStore is an auth.Store in memory for the service's tests; it passes the same
// conformance suite as the real stores (TestMemStoreConformance).
type memStore struct {
	mu       sync.Mutex
	users    map[string]auth.User
	sessions map[auth.TokenHash]auth.Session
	// fail, when set, is returned by every call.
	fail error
	// reading, when set, is called as UserByName starts.
	reading func()
}

func newMemStore() *memStore {
	return &memStore{users: map[string]auth.User{}, sessions: map[auth.TokenHash]auth.Session{}}
}

func (m *memStore) CreateUser(_ context.Context, u auth.User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	for _, o := range m.users {
		if o.Name == u.Name || o.ID == u.ID {
			return fmt.Errorf("user %s: %w", u.Name, auth.ErrExists)
		}
	}
	u.CreatedAt = u.CreatedAt.UTC()
	m.users[u.ID] = u
	return nil
}

func (m *memStore) UserByName(_ context.Context, name string) (auth.User, error) {
	if m.reading != nil {
		m.reading()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return auth.User{}, m.fail
	}
	for _, u := range m.users {
		if u.Name == name {
			return u, nil
		}
	}
	return auth.User{}, fmt.Errorf("user %s: %w", name, auth.ErrNotFound)
}

func (m *memStore) UserByID(_ context.Context, id string) (auth.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return auth.User{}, m.fail
	}
	u, ok := m.users[id]
	if !ok {
		return auth.User{}, fmt.Errorf("user id %s: %w", id, auth.ErrNotFound)
	}
	return u, nil
}

func (m *memStore) UpdateUser(_ context.Context, id string, ch auth.UserChange) (auth.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return auth.User{}, m.fail
	}
	u, ok := m.users[id]
	if !ok {
		return auth.User{}, fmt.Errorf("user id %s: %w", id, auth.ErrNotFound)
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
	m.users[id] = u
	return u, nil
}

func (m *memStore) ListUsers(context.Context) ([]auth.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	var out []auth.User
	for _, u := range m.users {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b auth.User) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (m *memStore) CreateSession(_ context.Context, s auth.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	if _, ok := m.sessions[s.TokenHash]; ok {
		return fmt.Errorf("session: %w", auth.ErrExists)
	}
	if _, ok := m.users[s.UserID]; !ok {
		return fmt.Errorf("session of user %s: %w", s.UserID, auth.ErrNotFound)
	}
	s.CreatedAt, s.ExpiresAt = s.CreatedAt.UTC(), s.ExpiresAt.UTC()
	m.sessions[s.TokenHash] = s
	return nil
}

func (m *memStore) SessionByTokenHash(_ context.Context, h auth.TokenHash) (auth.Session, auth.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return auth.Session{}, auth.User{}, m.fail
	}
	s, ok := m.sessions[h]
	if !ok {
		return auth.Session{}, auth.User{}, fmt.Errorf("session: %w", auth.ErrNotFound)
	}
	return s, m.users[s.UserID], nil
}

func (m *memStore) DeleteSession(_ context.Context, h auth.TokenHash) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	delete(m.sessions, h)
	return nil
}

func (m *memStore) DeleteUserSessions(_ context.Context, id string) (int, error) {
	return m.deleteWhere(func(s auth.Session) bool { return s.UserID == id })
}

func (m *memStore) DeleteExpiredSessions(_ context.Context, now time.Time) (int, error) {
	return m.deleteWhere(func(s auth.Session) bool { return s.Expired(now) })
}

func (m *memStore) deleteWhere(f func(auth.Session) bool) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return 0, m.fail
	}
	n := 0
	for h, s := range m.sessions {
		if f(s) {
			delete(m.sessions, h)
			n++
		}
	}
	return n, nil
}
