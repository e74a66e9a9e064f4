package auth

import (
	"container/list"
	"context"
	"crypto/sha256"
	"sync"
	"time"
)

// memThrottle is the ThrottleStore of a Limiter in memory. It remembers at most max keys
// of each kind, so that a flood of addresses cannot push out the names' lockouts; beyond
// it, the key changed least recently is forgotten.
type memThrottle struct {
	mu    sync.Mutex
	max   int
	kinds map[ThrottleKind]*memStates
}

// memStates holds the states of the keys of one kind, the most recently changed first.
type memStates struct {
	byHash map[[sha256.Size]byte]*list.Element
	order  list.List // of *memState
}

// memState is the state of one key.
type memState struct {
	hash [sha256.Size]byte
	ThrottleState
}

func newMemThrottle(maxKeys int) *memThrottle {
	return &memThrottle{max: maxKeys, kinds: map[ThrottleKind]*memStates{}}
}

// UpdateThrottle calls update with the states of keys under the store's lock and keeps
// what it leaves; it never fails but with update's error.
func (m *memThrottle) UpdateThrottle(_ context.Context, keys []ThrottleKey, update func([]ThrottleState) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	states := make([]ThrottleState, len(keys))
	for i, k := range keys {
		if e, ok := m.of(k.Kind).byHash[k.Hash]; ok {
			states[i] = e.Value.(*memState).ThrottleState
		}
	}
	if err := update(states); err != nil {
		return err
	}
	for i, k := range keys {
		m.of(k.Kind).put(k.Hash, states[i], m.max)
	}
	return nil
}

// DeleteExpiredThrottles deletes the states expired at now and returns how many.
func (m *memThrottle) DeleteExpiredThrottles(_ context.Context, now time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, t := range m.kinds {
		for e := t.order.Front(); e != nil; {
			next := e.Next()
			if s := e.Value.(*memState); !s.Expires.After(now) {
				t.order.Remove(e)
				delete(t.byHash, s.hash)
				n++
			}
			e = next
		}
	}
	return n, nil
}

// of returns the states of kind, made empty on first use.
func (m *memThrottle) of(kind ThrottleKind) *memStates {
	t, ok := m.kinds[kind]
	if !ok {
		t = &memStates{byHash: map[[sha256.Size]byte]*list.Element{}}
		m.kinds[kind] = t
	}
	return t
}

// put keeps st as the state of h, as the most recently changed, and forgets the least
// recently changed beyond maxKeys; a zero st forgets h.
func (t *memStates) put(h [sha256.Size]byte, st ThrottleState, maxKeys int) {
	e, ok := t.byHash[h]
	switch {
	case st.IsZero():
		if ok {
			t.order.Remove(e)
			delete(t.byHash, h)
		}
		return
	case ok:
		e.Value.(*memState).ThrottleState = st
		t.order.MoveToFront(e)
		return
	}
	t.byHash[h] = t.order.PushFront(&memState{hash: h, ThrottleState: st})
	for t.order.Len() > maxKeys {
		old := t.order.Remove(t.order.Back()).(*memState)
		delete(t.byHash, old.hash)
	}
}
