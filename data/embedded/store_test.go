package embedded_test

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"

	"cctvgis/auth"
	"cctvgis/data/embedded"
	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/data/storetest"
	"cctvgis/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	bolt "go.etcd.io/bbolt"
)

func embeddedTaxonomy(tb testing.TB) *rulebook.Taxonomy {
	tb.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		tb.Fatalf("loading embedded rulebooks: %v", err)
	}
	return lib.Taxonomy
}

// openEmbedded opens the embedded store at path and closes it when the test ends.
func openEmbedded(tb testing.TB, path string) *embedded.Store {
	tb.Helper()
	s, err := embedded.Open(path, embeddedTaxonomy(tb))
	if err != nil {
		tb.Fatalf("opening embedded store: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("closing embedded store: %v", err)
		}
	})
	return s
}

func TestEmbeddedStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) coverage.LayerStore {
		t.Helper()
		return openEmbedded(t, filepath.Join(t.TempDir(), "c.db"))
	})
}

func TestEmbeddedStoreSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	tax := embeddedTaxonomy(t)
	want := generate(t, samplecity.Options{Seed: testenv.Seed(t), Cameras: 500, Sites: 200, Occluders: true})
	s, err := embedded.Open(path, tax)
	if err != nil {
		t.Fatalf("opening embedded store: %v", err)
	}
	if _, err := s.PutLayers(t.Context(), want); err != nil {
		t.Fatalf("putting layers: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("closing embedded store: %v", err)
	}
	got := &coverage.Layers{}
	if err := openEmbedded(t, path).ReadLayers(t.Context(), coverage.LayerQuery{}, got); err != nil {
		t.Fatalf("reading layers after reopening: %v", err)
	}
	storetest.EqualLayers(t, got, want)
}

// TestEmbeddedStoreExact checks what the conformance suite allows a tolerance for: the
// embedded store gives back every float to the bit.
func TestEmbeddedStoreExact(t *testing.T) {
	want := generate(t, samplecity.Options{Seed: testenv.Seed(t), Cameras: 300, Sites: 100, Occluders: true})
	s := openEmbedded(t, filepath.Join(t.TempDir(), "c.db"))
	if _, err := s.PutLayers(t.Context(), want); err != nil {
		t.Fatalf("putting layers: %v", err)
	}
	got := &coverage.Layers{}
	if err := s.ReadLayers(t.Context(), coverage.LayerQuery{}, got); err != nil {
		t.Fatalf("reading layers: %v", err)
	}
	byID := func(a, b coverage.Camera) int { return strings.Compare(a.ID, b.ID) }
	wantCams := slices.SortedFunc(slices.Values(want.Cameras), byID)
	if !slices.Equal(got.Cameras, wantCams) {
		t.Errorf("cameras read back are not bit-identical to the cameras put")
	}
	for i, o := range got.Occluders {
		w := want.Occluders[slices.IndexFunc(want.Occluders, func(w coverage.Occluder) bool { return w.ID == o.ID })]
		if !orb.Equal(o.Geometry, w.Geometry) || o.Height != w.Height {
			t.Errorf("occluder %d (%s) read back differs from the one put", i, o.ID)
		}
	}
}

// writeBolt creates a bbolt database at path whose buckets and keys are given as
// bucket → key → value.
func writeBolt(t *testing.T, path string, buckets map[string]map[string][]byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatalf("creating bbolt file: %v", err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for name, kv := range buckets {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			for k, v := range kv {
				if err := b.Put([]byte(k), v); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("writing bbolt file: %v", err)
	}
}

// noiseFile returns a function that writes n bytes of noise at path.
func noiseFile(n int) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		t.Helper()
		noise := make([]byte, n)
		for i := range noise {
			noise[i] = byte(i*7 + i/251)
		}
		if err := os.WriteFile(path, noise, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenEmbeddedRejectsOtherFiles(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		want error
	}{
		{"text file", func(t *testing.T, path string) {
			t.Helper()
			if err := os.WriteFile(path, []byte("id,lon,lat\ncam-1,119.4,32.4\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, embedded.ErrNotStore},
		{"5,000 bytes of noise", noiseFile(5000), embedded.ErrNotStore},
		{"64 KiB of noise", noiseFile(64 << 10), embedded.ErrNotStore},
		{"another program's bbolt file", func(t *testing.T, path string) {
			t.Helper()
			writeBolt(t, path, map[string]map[string][]byte{"sessions": {"a": []byte("b")}})
		}, embedded.ErrNotStore},
		{"newer schema", func(t *testing.T, path string) {
			t.Helper()
			writeBolt(t, path, map[string]map[string][]byte{"meta": {"version": binary.BigEndian.AppendUint64(nil, 99)}})
		}, embedded.ErrStoreVersion},
		{"older schema than any migrated", func(t *testing.T, path string) {
			t.Helper()
			writeBolt(t, path, map[string]map[string][]byte{"meta": {"version": binary.BigEndian.AppendUint64(nil, 3)}})
		}, embedded.ErrStoreVersion},
		// The migration fails, and its transaction leaves the file as it was.
		{"version 4 without its layers' buckets", func(t *testing.T, path string) {
			t.Helper()
			writeBolt(t, path, map[string]map[string][]byte{"meta": {"version": binary.BigEndian.AppendUint64(nil, 4)}})
		}, embedded.ErrCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "not-a-store.db")
			c.make(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := embedded.Open(path, embeddedTaxonomy(t))
			if err == nil {
				_ = s.Close()
				t.Fatalf("opening %s succeeded, want an error", c.name)
			}
			if !errors.Is(err, c.want) {
				t.Errorf("error %v, want one wrapping %v", err, c.want)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the path %s", err, path)
			}
			if after, err := os.ReadFile(path); err != nil || !slices.Equal(after, before) {
				t.Errorf("opening changed the file (read error %v)", err)
			}
		})
	}
}

func TestOpenEmbeddedLockedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	openEmbedded(t, path)
	start := time.Now()
	s, err := embedded.Open(path, embeddedTaxonomy(t))
	took := time.Since(start)
	if err == nil {
		_ = s.Close()
		t.Fatal("a second open of a locked store succeeded")
	}
	if !errors.Is(err, embedded.ErrStoreLocked) {
		t.Errorf("error %v, want one wrapping embedded.ErrStoreLocked", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the path %s", err, path)
	}
	if took > 5*time.Second {
		t.Errorf("the second open took %v to fail, want about a second", took)
	}
}

func TestEmbeddedPutRejectsWhatItCannotStore(t *testing.T) {
	cases := []struct {
		name  string
		spoil func(l *coverage.Layers)
	}{
		{"occluder without id", func(l *coverage.Layers) { l.Occluders[3].ID = "" }},
		{"duplicate occluder id", func(l *coverage.Layers) { l.Occluders[3].ID = l.Occluders[2].ID }},
		{"duplicate district name", func(l *coverage.Layers) { l.Districts[1].Name = l.Districts[0].Name }},
		{"zero byte in a site id", func(l *coverage.Layers) {
			l.Sites[0].ID = "a\x00b"
			l.Entrances[0].SiteID, l.Entrances[1].SiteID = l.Sites[0].ID, l.Sites[0].ID
		}},
		{"road given as a polygon", func(l *coverage.Layers) { l.Roads[0].Geometry = l.Districts[0].Geometry }},
		{"site without geometry", func(l *coverage.Layers) { l.Sites[5].Geometry = nil }},
		{"empty district", func(l *coverage.Layers) { l.Districts[2].Geometry = orb.Polygon{} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openEmbedded(t, filepath.Join(t.TempDir(), "c.db"))
			l := generate(t, samplecity.Options{Seed: testenv.Seed(t), Cameras: 100, Sites: 50, Occluders: true})
			c.spoil(l)
			_, err := s.PutLayers(t.Context(), l)
			var rej coverage.Rejection
			if !errors.Is(err, rulebook.ErrInvalid) || !errors.As(err, &rej) {
				t.Fatalf("error %v, want one wrapping rulebook.ErrInvalid and a coverage.Rejection", err)
			}
			got := &coverage.Layers{}
			if err := s.ReadLayers(t.Context(), coverage.LayerQuery{}, got); err != nil {
				t.Fatalf("reading layers: %v", err)
			}
			storetest.EqualLayers(t, got, &coverage.Layers{})
		})
	}
}

// TestEmbeddedDistrictQueryMatchesBruteForce reads each district of a generated city, and
// a jagged district of 3,000 edges with a hole, and compares the selection with a
// brute-force evaluation of the same definitions, so that the banded edge index is checked
// against every edge.
func TestEmbeddedDistrictQueryMatchesBruteForce(t *testing.T) {
	city := generate(t, samplecity.Options{Seed: testenv.Seed(t), Sites: 1500, Cameras: 6000, Occluders: true})
	tiles := len(city.Districts)
	city.Districts = append(city.Districts, coverage.District{Name: "jagged", Geometry: jagged(city)})
	s := openEmbedded(t, filepath.Join(t.TempDir(), "c.db"))
	if _, err := s.PutLayers(t.Context(), city); err != nil {
		t.Fatalf("putting layers: %v", err)
	}
	seenSites := map[string]bool{}
	for i, d := range city.Districts {
		t.Run(d.Name, func(t *testing.T) {
			got := &coverage.Layers{}
			if err := s.ReadLayers(t.Context(), coverage.LayerQuery{District: d.Name}, got); err != nil {
				t.Fatalf("reading district: %v", err)
			}
			poly := d.Geometry.(orb.Polygon)
			want := &coverage.Layers{Districts: []coverage.District{d}}
			kept := map[string]bool{}
			for _, site := range city.Sites {
				if bruteIntersects(site.Geometry, poly) {
					want.Sites = append(want.Sites, site)
					kept[site.ID] = true
					if i < tiles {
						seenSites[site.ID] = true
					}
				}
			}
			for _, e := range city.Entrances {
				if kept[e.SiteID] {
					want.Entrances = append(want.Entrances, e)
				}
			}
			proj := geo.NewProjection(poly.Bound().Center())
			metric := proj.ForwardGeometry(poly).(orb.Polygon)
			for _, c := range city.Cameras {
				if planar.PolygonContains(poly, c.Pos) || boundaryDistance(metric, proj.Forward(c.Pos)) <= c.Range {
					want.Cameras = append(want.Cameras, c)
				}
			}
			for _, r := range city.Roads {
				if bruteIntersects(r.Geometry, poly) {
					want.Roads = append(want.Roads, r)
				}
			}
			for _, o := range city.Occluders {
				if bruteIntersects(o.Geometry, poly) {
					want.Occluders = append(want.Occluders, o)
				}
			}
			for _, p := range city.PrivateSpaces {
				if bruteIntersects(p.Geometry, poly) {
					want.PrivateSpaces = append(want.PrivateSpaces, p)
				}
			}
			t.Logf("%s: %d sites, %d cameras, %d roads, %d occluders", d.Name, len(want.Sites), len(want.Cameras), len(want.Roads), len(want.Occluders))
			storetest.EqualLayers(t, got, want)
		})
	}
	if len(seenSites) != len(city.Sites) {
		t.Errorf("the districts tile the city, yet %d of %d sites were in none", len(city.Sites)-len(seenSites), len(city.Sites))
	}
}

// bruteIntersects reports whether g, a point, line string or polygon, meets poly, testing
// every pair of edges.
func bruteIntersects(g orb.Geometry, poly orb.Polygon) bool {
	var lines [][]orb.Point
	switch g := g.(type) {
	case orb.Point:
		return planar.PolygonContains(poly, g)
	case orb.LineString:
		lines = [][]orb.Point{g}
	case orb.Polygon:
		for _, p := range poly {
			if planar.PolygonContains(g, p[0]) {
				return true
			}
		}
		for _, r := range g {
			lines = append(lines, r)
		}
	}
	for _, ls := range lines {
		for i, p := range ls {
			if planar.PolygonContains(poly, p) {
				return true
			}
			if i == 0 {
				continue
			}
			for _, r := range poly {
				for j := 1; j < len(r); j++ {
					if segmentsCross(ls[i-1], p, r[j-1], r[j]) {
						return true
					}
				}
			}
		}
	}
	return false
}

// segmentsCross reports whether segments ab and cd meet, by solving for the parameters
// of the crossing point.
func segmentsCross(a, b, c, d orb.Point) bool {
	den := (b[0]-a[0])*(d[1]-c[1]) - (b[1]-a[1])*(d[0]-c[0])
	if den == 0 {
		return false
	}
	s := ((c[0]-a[0])*(d[1]-c[1]) - (c[1]-a[1])*(d[0]-c[0])) / den
	u := ((c[0]-a[0])*(b[1]-a[1]) - (c[1]-a[1])*(b[0]-a[0])) / den
	return s >= 0 && s <= 1 && u >= 0 && u <= 1
}

func boundaryDistance(poly orb.Polygon, p orb.Point) float64 {
	best := math.Inf(1)
	for _, r := range poly {
		for i := 1; i < len(r); i++ {
			best = min(best, planar.DistanceFromSegment(r[i-1], r[i], p))
		}
	}
	return best
}

// jagged returns a star-shaped district around the city's centre, its radius swinging
// between about 0.5 and 1.9 km over 3,000 vertices, with a square hole of 600 m in the middle.
func jagged(city *coverage.Layers) orb.Polygon {
	proj := geo.NewProjection(city.Districts[0].Geometry.Bound().Center())
	const n = 3000
	outer := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / n
		r := 1200 + 600*math.Sin(37*a) + 100*math.Sin(401*a)
		outer = append(outer, proj.Inverse(orb.Point{r * math.Cos(a), r * math.Sin(a)}))
	}
	outer = append(outer, outer[0])
	hole := orb.Ring{proj.Inverse(orb.Point{-300, -300}), proj.Inverse(orb.Point{-300, 300}),
		proj.Inverse(orb.Point{300, 300}), proj.Inverse(orb.Point{300, -300}), proj.Inverse(orb.Point{-300, -300})}
	return orb.Polygon{outer, hole}
}

// benchCity is the Yangzhou-sized city of the benchmarks, made once.
var benchCity = sync.OnceValue(func() *coverage.Layers {
	return mustGenerate(samplecity.Options{Seed: 1, Cameras: 250_000, Sites: 100_000})
})

// BenchmarkEmbeddedStore puts a Yangzhou-sized city (250,000 cameras, 100,000 sites with
// 200,000 entrances, 21,000 roads) into a new store and reads it back; MB/s is of the
// database file.
func BenchmarkEmbeddedStore(b *testing.B) {
	city := benchCity()
	tax := embeddedTaxonomy(b)
	size := func(path string) int64 {
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		return fi.Size()
	}
	b.Run("put", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "c.db")
		for b.Loop() {
			b.StopTimer()
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				b.Fatal(err)
			}
			s, err := embedded.Open(path, tax)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := s.PutLayers(b.Context(), city); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(size(path))
			b.StartTimer()
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/put")
	})
	b.Run("read", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "c.db")
		s := openEmbedded(b, path)
		if _, err := s.PutLayers(b.Context(), city); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(size(path))
		for b.Loop() {
			got := &coverage.Layers{}
			if err := s.ReadLayers(b.Context(), coverage.LayerQuery{}, got); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/read")
	})
	b.Run("read district", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "c.db")
		s := openEmbedded(b, path)
		if _, err := s.PutLayers(b.Context(), city); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			got := &coverage.Layers{}
			if err := s.ReadLayers(b.Context(), coverage.LayerQuery{District: city.Districts[0].Name}, got); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/read")
	})
}

// The embedded store keeps accounts as the PostGIS store does.
func TestEmbeddedAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) auth.Store {
		t.Helper()
		return openEmbedded(t, filepath.Join(t.TempDir(), "c.db"))
	})
}
