package embedded_test

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"cctvgis/auth"
	"cctvgis/data/embedded"
	"cctvgis/planner/coverage"
)

func accountUser(name string) auth.User {
	return auth.User{ID: auth.NewUserID(), Name: name, Role: auth.RoleInspector, District: "广陵区",
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$x$y", CreatedAt: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
}

// A store written before the accounts (layers only) opens with the accounts' buckets
// added and its version unchanged: they came without a new version.
func TestEmbeddedAccountsAddedToAnOlderStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	buckets := map[string]map[string][]byte{"meta": {"version": binary.BigEndian.AppendUint64(nil, embedded.Version)}}
	for _, d := range coverage.Descs() {
		buckets[d.Name] = nil
	}
	writeBolt(t, path, buckets)
	s := openEmbedded(t, path)
	u := accountUser("wang")
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatalf("creating a user in an older store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	if err := db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket([]byte("meta")).Get([]byte("version")); binary.BigEndian.Uint64(v) != embedded.Version {
			t.Errorf("the schema version became %d", binary.BigEndian.Uint64(v))
		}
		for _, b := range []string{"users", "user_names", "sessions"} {
			if tx.Bucket([]byte(b)) == nil {
				t.Errorf("no bucket %s", b)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// The accounts' buckets sit beside the layers' buckets, so no layer may take their names.
func TestEmbeddedAccountBucketsAreNotLayers(t *testing.T) {
	for _, d := range coverage.Descs() {
		switch d.Name {
		case "users", "user_names", "sessions", "meta":
			t.Errorf("layer %s has the name of another bucket", d.Name)
		}
	}
}

func TestEmbeddedAccountsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := embedded.Open(path, embeddedTaxonomy(t))
	if err != nil {
		t.Fatal(err)
	}
	u := accountUser("li")
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	_, h := auth.NewToken()
	sess := auth.Session{TokenHash: h, UserID: u.ID, CreatedAt: u.CreatedAt, ExpiresAt: u.CreatedAt.Add(time.Hour)}
	if err := s.CreateSession(t.Context(), sess); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got, gotU, err := openEmbedded(t, path).SessionByTokenHash(t.Context(), h)
	if err != nil || got != sess || gotU != u {
		t.Fatalf("after reopening: %+v, %+v, %v; want %+v of %+v", got, gotU, err, sess, u)
	}
}

func TestEmbeddedAccountsCorrupt(t *testing.T) {
	tests := []struct {
		name   string
		bucket string
		value  []byte
		read   func(t *testing.T, s *embedded.Store, u auth.User, h auth.TokenHash) error
	}{
		{"user not JSON", "users", []byte("{"), func(t *testing.T, s *embedded.Store, u auth.User, _ auth.TokenHash) error {
			t.Helper()
			_, err := s.UserByID(t.Context(), u.ID)
			return err
		}},
		{"user of an unknown role", "users", []byte(`{"name":"wang","role":"root"}`), func(t *testing.T, s *embedded.Store, u auth.User, _ auth.TokenHash) error {
			t.Helper()
			_, err := s.UserByName(t.Context(), u.Name)
			return err
		}},
		{"session too short", "sessions", []byte{1, 2, 3}, func(t *testing.T, s *embedded.Store, _ auth.User, h auth.TokenHash) error {
			t.Helper()
			_, _, err := s.SessionByTokenHash(t.Context(), h)
			return err
		}},
		{"session too short, purged", "sessions", []byte{1, 2, 3}, func(t *testing.T, s *embedded.Store, _ auth.User, _ auth.TokenHash) error {
			t.Helper()
			_, err := s.DeleteExpiredSessions(t.Context(), time.Now())
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.db")
			s, err := embedded.Open(path, embeddedTaxonomy(t))
			if err != nil {
				t.Fatal(err)
			}
			u := accountUser("wang")
			if err := s.CreateUser(t.Context(), u); err != nil {
				t.Fatal(err)
			}
			_, h := auth.NewToken()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			key := []byte(u.ID)
			if tc.bucket == "sessions" {
				key = h[:]
			}
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(tc.bucket)).Put(key, tc.value) })
			if cerr := db.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.read(t, openEmbedded(t, path), u, h); !errors.Is(err, embedded.ErrCorrupt) {
				t.Errorf("error %v, want ErrCorrupt", err)
			}
		})
	}
}
