package data_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cctvgis/data"
	"cctvgis/data/embedded"
	"cctvgis/data/pgtest"
	"cctvgis/data/rules"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"

	"github.com/paulmach/orb"
)

func taxonomy(t *testing.T) *rulebook.Taxonomy {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatalf("loading rulebooks: %v", err)
	}
	return lib.Taxonomy
}

// OpenStore picks the store by the form of its name, strictly. The PostGIS forms are told
// apart from the others by where they fail: on connecting, not on the name.
func TestOpenStoreSelection(t *testing.T) {
	tax := taxonomy(t)
	const unreachable = "connecting to the database"
	tests := []struct {
		name string
		url  string
		mode data.Mode
		// exactly one of these
		wantFile    string // an embedded store at this path, relative to the test's folder
		wantErrIs   error
		wantErrText string
	}{
		{"postgres URL", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", data.ReadOnly, "", nil, unreachable},
		{"postgresql URL", "postgresql://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", data.ReadOnly, "", nil, unreachable},
		{"upper-case scheme", "POSTGRES://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", data.ReadOnly, "", nil, unreachable},
		{"libpq settings", "host=127.0.0.1 port=1 dbname=none user=nobody sslmode=disable connect_timeout=2", data.ReadOnly, "", nil, unreachable},
		{"libpq settings, socket folder first", "host=/no/such/folder dbname=x connect_timeout=2", data.ReadOnly, "", nil, unreachable},
		{"libpq settings, dbname first", "dbname=x host=/no/such/folder connect_timeout=2", data.ReadWrite, "", nil, unreachable},
		{"file: for writing creates the store", "file:new.db", data.ReadWrite, "new.db", nil, ""},
		{"empty name is the embedded default", "", data.ReadWrite, data.DefaultEmbeddedPath, nil, ""},
		{"file: for reading a missing store", "file:missing.db", data.ReadOnly, "", embedded.ErrNoStore, "no embedded store at missing.db"},
		{"empty name for reading, no default store", "", data.ReadOnly, "", embedded.ErrNoStore, "no embedded store at " + data.DefaultEmbeddedPath},
		{"bare path", "city.db", data.ReadWrite, "", data.ErrStoreURL, `"city.db"`},
		{"absolute bare path", "/tmp/city.db", data.ReadOnly, "", data.ErrStoreURL, "file:PATH"},
		{"file: without a path", "file:", data.ReadWrite, "", data.ErrStoreURL, "file:PATH"},
		{"other scheme", "sqlite:city.db", data.ReadWrite, "", data.ErrStoreURL, "postgres://"},
		{"mistyped scheme hides its password", "postgress://u:secret@host/db", data.ReadOnly, "", data.ErrStoreURL, "not shown"},
		{"not a libpq keyword", "colour=blue", data.ReadOnly, "", data.ErrStoreURL, "libpq settings"},
		{"words", "the city", data.ReadOnly, "", data.ErrStoreURL, "file:PATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			s, desc, err := data.OpenStore(t.Context(), tt.url, tax, tt.mode)
			if s != nil {
				defer func() { _ = s.Close() }()
			}
			if tt.wantFile != "" {
				if err != nil {
					t.Fatalf("OpenStore(%q): %v, want the embedded store %s", tt.url, err, tt.wantFile)
				}
				if _, ok := s.(*embedded.Store); !ok || !strings.Contains(desc, tt.wantFile) {
					t.Errorf("OpenStore(%q) = %T %q, want the embedded store %s", tt.url, s, desc, tt.wantFile)
				}
				if _, err := os.Stat(filepath.Join(dir, tt.wantFile)); err != nil {
					t.Errorf("the store's file: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("OpenStore(%q) opened %q, want an error", tt.url, desc)
			}
			if tt.wantErrIs != nil && !errors.Is(err, tt.wantErrIs) {
				t.Errorf("OpenStore(%q): %v, want one wrapping %v", tt.url, err, tt.wantErrIs)
			}
			if tt.wantErrIs == nil && errors.Is(err, data.ErrStoreURL) {
				t.Errorf("OpenStore(%q): %v, want the PostGIS store chosen", tt.url, err)
			}
			if !strings.Contains(err.Error(), tt.wantErrText) {
				t.Errorf("OpenStore(%q): %v, want it to say %q", tt.url, err, tt.wantErrText)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("OpenStore(%q): the error %v shows the password", tt.url, err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) > 0 {
				t.Errorf("OpenStore(%q) failed but left %s in the working folder", tt.url, entries[0].Name())
			}
		})
	}
}

// A reading open leaves the embedded store's file as it was, byte for byte.
func TestOpenStoreReadOnlyChangesNothing(t *testing.T) {
	tax := taxonomy(t)
	path := filepath.Join(t.TempDir(), "city.db")
	w, _, err := data.OpenStore(t.Context(), "file:"+path, tax, data.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.PutLayers(t.Context(), &coverage.Layers{Districts: []coverage.District{{Name: "d", Geometry: square()}}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := data.OpenStore(t.Context(), "file:"+path, tax, data.ReadOnly)
	if err != nil {
		t.Fatalf("opening read-only: %v", err)
	}
	got := &coverage.Layers{}
	if err := r.ReadLayers(t.Context(), coverage.LayerQuery{}, got); err != nil || len(got.Districts) != 1 {
		t.Errorf("reading: %d districts, err %v; want 1", len(got.Districts), err)
	}
	if _, err := r.PutLayers(t.Context(), &coverage.Layers{}); err == nil {
		t.Errorf("putting into a read-only store succeeded")
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Errorf("a read-only open changed the store's file")
	}
}

func TestOpenStorePostGIS(t *testing.T) {
	url := pgtest.URL(t)
	s, desc, err := data.OpenStore(t.Context(), url, taxonomy(t), data.ReadOnly)
	if err != nil {
		t.Fatalf("OpenStore: %v", err)
	}
	defer func() { _ = s.Close() }()
	if desc != "PostGIS" || strings.Contains(desc, "@") {
		t.Errorf("description %q", desc)
	}
}

func square() orb.Polygon {
	return orb.Polygon{{{119.40, 32.39}, {119.41, 32.39}, {119.41, 32.40}, {119.40, 32.40}, {119.40, 32.39}}}
}
