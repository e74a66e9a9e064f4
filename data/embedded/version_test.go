package embedded_test

import (
	"path/filepath"
	"testing"

	"cctvgis/data/storetest"

	bolt "go.etcd.io/bbolt"
)

func TestEmbeddedVersionConformance(t *testing.T) {
	storetest.RunVersion(t, func(t *testing.T) storetest.VersionStore {
		t.Helper()
		return openEmbedded(t, filepath.Join(t.TempDir(), "v.db"))
	})
}

// A store written before the version was kept has no version key: it reads as 0, and the
// next write counts on from there.
func TestEmbeddedVersionOfAnOlderStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	city := storedCity(t, path)
	s := openEmbedded(t, path)
	if err := s.DB().Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Delete([]byte("content_version")) }); err != nil {
		t.Fatal(err)
	}
	storetest.WantVersion(t, s, 0, "removing the version key")
	if _, err := s.PutLayers(t.Context(), city); err != nil {
		t.Fatal(err)
	}
	storetest.WantVersion(t, s, 1, "a put into the older store")
}
