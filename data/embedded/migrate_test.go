package embedded_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cctvgis/data/embedded"
	"cctvgis/data/storetest"
	"cctvgis/planner/coverage"
)

// v4Steps are the migrations of a store of version 4.
var v4Steps = []embedded.Migration{{From: 4, To: 5, Name: "layer values count their fields"}}

// A store of version 4 is migrated when it is opened for writing, or by Migrate, and then
// holds what it held: what fillFixture stores into a new store.
func TestV4StoreMigrates(t *testing.T) {
	want := fillFixture(t, openEmbedded(t, filepath.Join(t.TempDir(), "fresh.db")))
	tests := []struct {
		name    string
		migrate func(t *testing.T, path string)
	}{
		{"opened for writing", func(*testing.T, string) {}},
		{"by Migrate", func(t *testing.T, path string) {
			t.Helper()
			for _, steps := range [][]embedded.Migration{v4Steps, nil} {
				done, err := embedded.Migrate(path, embeddedTaxonomy(t))
				if err != nil || !slices.Equal(done, steps) {
					t.Fatalf("Migrate = %v, %v; want %v", done, err, steps)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := copyFixture(t, "v4.db")
			tt.migrate(t, path)
			checkFixture(t, openEmbedded(t, path), want)
		})
	}
}

// A read-only open never migrates: it refuses a store of version 4, saying how to migrate
// it, and leaves the file's bytes as they were; once migrated, the store opens read-only.
func TestOpenReadOnlyOfAnOlderStore(t *testing.T) {
	path := copyFixture(t, "v4.db")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := embedded.OpenReadOnly(path, embeddedTaxonomy(t))
	if err == nil {
		_ = s.Close()
		t.Fatal("opening a store of version 4 read-only succeeded")
	}
	if !errors.Is(err, embedded.ErrNeedsMigration) || !strings.Contains(err.Error(), "cctvgis migrate --db file:"+path) {
		t.Errorf("error %v, want ErrNeedsMigration saying to run cctvgis migrate --db file:%s", err, path)
	}
	if after, err := os.ReadFile(path); err != nil || !slices.Equal(after, before) {
		t.Fatalf("the read-only open changed the file (read error %v)", err)
	}
	if _, err := embedded.Migrate(path, embeddedTaxonomy(t)); err != nil {
		t.Fatal(err)
	}
	got := &coverage.Layers{}
	if err := openReadOnly(t, path).ReadLayers(t.Context(), coverage.LayerQuery{}, got); err != nil {
		t.Fatal(err)
	}
	storetest.EqualLayers(t, got, fillFixture(t, openEmbedded(t, filepath.Join(t.TempDir(), "fresh.db"))).layers)
}

// Migrate creates no store where there is none.
func TestMigrateMissingStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	if _, err := embedded.Migrate(path, embeddedTaxonomy(t)); !errors.Is(err, embedded.ErrNoStore) {
		t.Errorf("Migrate = %v, want ErrNoStore", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Migrate created %s (%v)", path, err)
	}
}
