package embedded

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"

	"cctvgis/planner/coverage"

	bolt "go.etcd.io/bbolt"
)

var _ coverage.VersionStore = (*Store)(nil)

// contentVersionKey holds, in the meta bucket, the store's content version
// (coverage.VersionStore), 8 bytes big-endian. A store written before it has none, which
// reads as 0, so that its file needs no new schema version.
var contentVersionKey = []byte("content_version")

// contentVersion reads the store's content version from the meta bucket.
func contentVersion(tx *bolt.Tx) (int64, error) {
	switch v := tx.Bucket(metaBucket).Get(contentVersionKey); {
	case v == nil:
		return 0, nil
	case len(v) != 8:
		return 0, fmt.Errorf("%w: a store version of %d bytes", ErrCorrupt, len(v))
	default:
		return int64(binary.BigEndian.Uint64(v)), nil
	}
}

// bumpVersion increments the store's content version in tx, the transaction that makes
// the change; the caller wakes the watchers (changed.notify) once it has committed.
func bumpVersion(tx *bolt.Tx) error {
	v, err := contentVersion(tx)
	if err != nil {
		return err
	}
	if err := tx.Bucket(metaBucket).Put(contentVersionKey, binary.BigEndian.AppendUint64(nil, uint64(v+1))); err != nil {
		return fmt.Errorf("moving the store version: %w", err)
	}
	return nil
}

// Version returns the store's content version (see coverage.VersionStore).
func (s *Store) Version(ctx context.Context) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("reading the store version: %w", err)
	}
	var v int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		v, err = contentVersion(tx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("reading the store version of %s: %w", s.path, err)
	}
	return v, nil
}

// WatchVersion calls fn with the store's version, then again after each commit of this
// process that moves it (see coverage.VersionStore): no other process writes the file
// while this one has it open.
func (s *Store) WatchVersion(ctx context.Context, fn func(version int64)) error {
	last := int64(-1)
	for {
		// Taken before the read, so that a commit after the read wakes this watch.
		wake := s.changed.wait()
		v, err := s.Version(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		if v > last {
			fn(v)
			last = v
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		}
	}
}

// notifier wakes the store's version watchers after a commit: each waits on the channel
// of the moment, which the next commit closes and replaces.
type notifier struct {
	mu sync.Mutex
	ch chan struct{}
}

// wait returns the channel the next notify closes.
func (n *notifier) wait() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

// notify wakes every watcher waiting.
func (n *notifier) notify() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch != nil {
		close(n.ch)
		n.ch = nil
	}
}
