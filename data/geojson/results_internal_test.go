package geojson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"

	"github.com/paulmach/orb/geojson"
)

// The writers of the result files before issue 13 follow: each built its whole
// FeatureCollection as orb/geojson values with map properties, which encoding/json then
// encoded. They are kept here as the reference the streamed writers must agree with.

// oldResults returns the four result files as the old writers made them.
func oldResults(tb testing.TB, l *coverage.Layers, res *coverage.Result) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for name, build := range map[string]func(*coverage.Layers, *coverage.Result) *geojson.FeatureCollection{
		SitesFile: oldSiteFeatures, RoadsFile: oldRoadFeatures, HotspotsFile: oldHotspotFeatures, ViolationsFile: oldViolationFeatures,
	} {
		var b bytes.Buffer
		if err := json.NewEncoder(&b).Encode(build(l, res)); err != nil {
			tb.Fatalf("old %s: %v", name, err)
		}
		out[name] = b.Bytes()
	}
	return out
}

// analyzedCity generates a city and analyses it under Yangzhou's rules, with visibility
// when it has buildings.
func analyzedCity(tb testing.TB, opt samplecity.Options) (*coverage.Layers, *coverage.Result) {
	tb.Helper()
	l, err := samplecity.Generate(context.Background(), opt)
	if err != nil {
		tb.Fatal(err)
	}
	lib, err := rules.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	on, err := rulebook.ParseDate("2026-01-01")
	if err != nil {
		tb.Fatal(err)
	}
	eff, err := lib.Effective("yangzhou", on)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := coverage.Analyze(context.Background(), l, eff, lib.Taxonomy, coverage.Options{UseOccluders: opt.Occluders})
	if err != nil {
		tb.Fatal(err)
	}
	return l, res
}

// TestResultFilesEqualTheOldWriters parses what the streamed writers and the old ones
// make of the sample city and compares every value: numbers as float64, exactly.
func TestResultFilesEqualTheOldWriters(t *testing.T) {
	l, res := analyzedCity(t, samplecity.Options{Seed: testenv.Seed(t), Sites: 1500, Cameras: 4000, Occluders: true})
	if len(res.Hotspots) == 0 || len(res.Violations) == 0 || len(res.Roads) == 0 {
		t.Fatalf("%d hotspots, %d violations, %d roads: the city should have some of each", len(res.Hotspots), len(res.Violations), len(res.Roads))
	}
	files := map[string]resultFile{SitesFile: sitesFile, RoadsFile: roadsFile, HotspotsFile: hotspotsFile, ViolationsFile: violationsFile}
	for name, want := range oldResults(t, l, res) {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			if err := newResults(l, res).write(context.Background(), &got, files[name]); err != nil {
				t.Fatal(err)
			}
			var g, w map[string]any
			if err := json.Unmarshal(got.Bytes(), &g); err != nil {
				t.Fatalf("the new %s is not JSON: %v", name, err)
			}
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatal(err)
			}
			gf, wf := g["features"].([]any), w["features"].([]any)
			if len(gf) != len(wf) || len(wf) == 0 {
				t.Fatalf("%d features, want %d (and some)", len(gf), len(wf))
			}
			for i := range wf {
				if !reflect.DeepEqual(gf[i], wf[i]) {
					t.Fatalf("features[%d] =\n%v\nwant\n%v", i, gf[i], wf[i])
				}
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("the collections differ outside their features")
			}
		})
	}
}

// oldIDs returns the cameras' ids, sorted, so that results do not depend on the order the
// layers came in.
func oldIDs(l *coverage.Layers, idx []int32) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = l.Cameras[i].ID
	}
	slices.Sort(out)
	return out
}

func oldCiteProps(p geojson.Properties, c rulebook.Cited) {
	p["article"] = c.Article
	p["item"] = c.Item
	p["citation"] = c.Citation
	p["citation_en"] = c.CitationEn
	p["source"] = c.Source
}

func oldSiteFeatures(l *coverage.Layers, res *coverage.Result) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, r := range res.Sites {
		s := l.Sites[r.Site]
		f := geojson.NewFeature(s.Geometry)
		f.Properties["id"] = s.ID
		f.Properties["category"] = s.Category
		f.Properties["name"] = s.Name
		f.Properties["district"] = r.District
		f.Properties["mandatory"] = r.Mandatory
		f.Properties["coverage"] = r.Coverage
		f.Properties["covering_cameras"] = oldIDs(l, r.Cameras)
		if r.Citation != nil {
			oldCiteProps(f.Properties, *r.Citation)
		}
		kps := make([]map[string]any, len(r.KeyPoints))
		for k, kp := range r.KeyPoints {
			kps[k] = map[string]any{"kind": kp.Kind, "lon": kp.Pos[0], "lat": kp.Pos[1], "cameras": oldIDs(l, kp.Cameras)}
		}
		f.Properties["key_points"] = kps
		f.Properties["implicit_key_point"] = r.Implicit
		fc.Append(f)
	}
	return fc
}

func oldRoadFeatures(l *coverage.Layers, res *coverage.Result) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, r := range res.Roads {
		road := l.Roads[r.Road]
		f := geojson.NewFeature(road.Geometry)
		f.Properties["id"] = road.ID
		f.Properties["class"] = road.Class
		f.Properties["name"] = road.Name
		f.Properties["mandatory"] = r.Mandatory
		f.Properties["length_m"] = round(r.Length, stepMetres)
		f.Properties["covered_m"] = round(r.CoveredLength, stepMetres)
		share := 0.0
		if r.Length > 0 {
			share = r.CoveredLength / r.Length
		}
		f.Properties["share"] = round(share, stepShare)
		f.Properties["part"] = "road"
		fc.Append(f)
		if len(r.Covered) > 0 {
			c := geojson.NewFeature(r.Covered)
			c.Properties["id"] = road.ID
			c.Properties["class"] = road.Class
			c.Properties["part"] = "covered"
			fc.Append(c)
		}
	}
	return fc
}

func oldHotspotFeatures(l *coverage.Layers, res *coverage.Result) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for rank, h := range res.Hotspots {
		f := geojson.NewFeature(res.HotspotArea(&h))
		f.Properties["id"] = h.ID
		f.Properties["rank"] = rank + 1
		f.Properties["score"] = round(h.Score, stepShare)
		f.Properties["area_m2"] = round(h.AreaM2, stepMetres)
		f.Properties["cells"] = len(h.Cells)
		f.Properties["max_owners"] = h.MaxOwners
		f.Properties["owners"] = h.Owners
		f.Properties["owner_count"] = len(h.Owners)
		f.Properties["government_share"] = round(h.GovernmentShare, stepShare)
		f.Properties["cameras"] = oldIDs(l, h.Cameras)
		f.Properties["camera_count"] = len(h.Cameras)
		f.Properties["centre"] = roundPoint(h.Centre)
		fc.Append(f)
	}
	return fc
}

func oldViolationFeatures(l *coverage.Layers, res *coverage.Result) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, v := range res.Violations {
		f := geojson.NewFeature(v.Pos)
		f.Properties["rule"] = v.Rule
		oldCiteProps(f.Properties, v.Cited)
		f.Properties["penalties"] = append([]string{}, v.Penalties...)
		if v.Camera >= 0 {
			c := l.Cameras[v.Camera]
			f.Properties["camera_id"] = c.ID
			f.Properties["owner"] = c.Owner
		}
		if v.Site >= 0 {
			s := l.Sites[v.Site]
			f.Properties["site_id"] = s.ID
			f.Properties["category"] = s.Category
			f.Properties["coverage"] = v.Coverage
		}
		if v.Space != "" {
			f.Properties["space"] = v.Space
		}
		if v.Zone != "" {
			f.Properties["zone"] = v.Zone
			f.Properties["zone_id"] = v.ZoneID
		}
		fc.Append(f)
	}
	return fc
}

func TestResultFileNamesTheFeatureItCannotWrite(t *testing.T) {
	l, res := analyzedCity(t, samplecity.Options{Seed: testenv.Seed(t), Sites: 200, Cameras: 500, Occluders: true})
	res.Roads[2].Length = math.NaN()
	out := newResults(l, res)
	err := out.write(context.Background(), io.Discard, roadsFile)
	if !errors.Is(err, ErrNotWritable) || !strings.Contains(err.Error(), "roads.geojson: road 2: properties.length_m") {
		t.Errorf("error %v, want ErrNotWritable naming roads.geojson, road 2 and properties.length_m", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := out.write(ctx, io.Discard, sitesFile); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
}

// BenchmarkWriteResults writes the result files of the dense city of issue 13 (250,000
// cameras, 100,000 sites, density 6); MB/s is of the four GeoJSON files together.
func BenchmarkWriteResults(b *testing.B) {
	l, res := analyzedCity(b, samplecity.Options{Seed: 1, Sites: 100000, Cameras: 250000, Density: 6})
	files := []resultFile{sitesFile, roadsFile, hotspotsFile, violationsFile}
	var size counter
	for _, f := range files {
		if err := newResults(l, res).write(context.Background(), &size, f); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("streamed", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			out := newResults(l, res)
			for _, f := range files {
				if err := out.write(context.Background(), io.Discard, f); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("old", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			oldResults(b, l, res)
		}
	})
}

// counter is a writer that counts the bytes written to it.
type counter int

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

// failAfter is a writer that fails once it has taken n bytes.
type failAfter struct{ n int }

var errDiskFull = errors.New("no space left on device")

func (w *failAfter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errDiskFull
	}
	return len(p), nil
}

// A writer that fails part way stops the pipeline with its error, whatever the encoders
// have in hand.
func TestResultFileStopsAtTheWritersError(t *testing.T) {
	l, res := analyzedCity(t, samplecity.Options{Seed: testenv.Seed(t), Sites: 3000, Cameras: 4000})
	out := newResults(l, res)
	for _, n := range []int{0, 100, 1 << 16, 1 << 20} {
		if err := out.write(context.Background(), &failAfter{n: n}, sitesFile); !errors.Is(err, errDiskFull) {
			t.Errorf("failing after %d bytes: error %v, want the writer's", n, err)
		}
	}
}
