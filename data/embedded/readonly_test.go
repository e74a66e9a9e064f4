package embedded_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cctvgis/data/embedded"
	"cctvgis/data/samplecity"
	"cctvgis/data/storetest"
	"cctvgis/planner/coverage"
)

// storedCity puts a small city into a new store at path and closes it.
func storedCity(t *testing.T, path string) *coverage.Layers {
	t.Helper()
	l, err := samplecity.Generate(context.Background(), samplecity.Options{Seed: 5, Cameras: 200, Sites: 80, Occluders: true})
	if err != nil {
		t.Fatal(err)
	}
	l.AssignIDs()
	s, err := embedded.Open(path, embeddedTaxonomy(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutLayers(t.Context(), l); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return l
}

func openReadOnly(t *testing.T, path string) *embedded.Store {
	t.Helper()
	s, err := embedded.OpenReadOnly(path, embeddedTaxonomy(t))
	if err != nil {
		t.Fatalf("opening read-only: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestOpenReadOnlyReadsWithoutWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	want := storedCity(t, path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Readers share the file.
	a, b := openReadOnly(t, path), openReadOnly(t, path)
	for _, s := range []*embedded.Store{a, b} {
		got := &coverage.Layers{}
		if err := s.ReadLayers(t.Context(), coverage.LayerQuery{}, got); err != nil {
			t.Fatalf("reading: %v", err)
		}
		storetest.EqualLayers(t, got, want)
	}
	if _, err := a.PutLayers(t.Context(), want); err == nil {
		t.Errorf("putting into a read-only store succeeded")
	}
	// A writer waits for the readers, and gives up.
	if s, err := embedded.Open(path, embeddedTaxonomy(t)); !errors.Is(err, embedded.ErrStoreLocked) {
		if s != nil {
			_ = s.Close()
		}
		t.Errorf("opening for writing while read: %v, want ErrStoreLocked", err)
	}
	_, _ = a.Close(), b.Close()
	if after, err := os.ReadFile(path); err != nil || !slices.Equal(after, before) {
		t.Errorf("reading changed the store's file (read error %v)", err)
	}
}

func TestOpenReadOnlyRefuses(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"missing file", func(*testing.T, string) {}, embedded.ErrNoStore},
		{"bbolt file without a schema", func(t *testing.T, path string) {
			t.Helper()
			writeBolt(t, path, nil)
		}, embedded.ErrNotStore},
		{"store without a layer's bucket", func(t *testing.T, path string) {
			t.Helper()
			writeBolt(t, path, map[string]map[string][]byte{"meta": {"version": binary.BigEndian.AppendUint64(nil, embedded.Version)}})
		}, embedded.ErrCorrupt},
		{"store of a newer version", func(t *testing.T, path string) {
			t.Helper()
			writeBolt(t, path, map[string]map[string][]byte{"meta": {"version": binary.BigEndian.AppendUint64(nil, 99)}})
		}, embedded.ErrStoreVersion},
		{"not a database", func(t *testing.T, path string) {
			t.Helper()
			if err := os.WriteFile(path, []byte(strings.Repeat("not a store\n", 1000)), 0o600); err != nil {
				t.Fatal(err)
			}
		}, embedded.ErrNotStore},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.db")
			c.make(t, path)
			before, _ := os.ReadFile(path)
			s, err := embedded.OpenReadOnly(path, embeddedTaxonomy(t))
			if err == nil {
				_ = s.Close()
				t.Fatal("opening succeeded, want an error")
			}
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %v, want one wrapping %v and naming %s", err, c.want, path)
			}
			after, rerr := os.ReadFile(path)
			missing := errors.Is(c.want, embedded.ErrNoStore)
			switch {
			case missing && !errors.Is(rerr, os.ErrNotExist):
				t.Errorf("opening a missing store created it (%v)", rerr)
			case !missing && !slices.Equal(after, before):
				t.Errorf("opening changed the file")
			}
		})
	}
}
