package embedded

import bolt "go.etcd.io/bbolt"

// DB is the store's bbolt database, for tests that edit it behind the store's back.
func (s *Store) DB() *bolt.DB { return s.db }

// Version is the schema version this code writes, for tests that write a store by hand.
const Version = embeddedVersion
