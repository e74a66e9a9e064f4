package coverage_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/rules"
	"cctvgis/planner/coverage"
)

func TestCheckRejectsBadFeatures(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	good := coverage.Camera{ID: "c", Pos: orb.Point{119, 32}, Azimuth: 10, HFOV: 90, Range: 30, Owner: "o", Investment: coverage.Private}
	with := func(f func(*coverage.Camera)) coverage.Camera { c := good; f(&c); return c }
	site := coverage.Site{ID: "s1", Category: "education", Geometry: orb.Point{119, 32}}
	tests := []struct {
		name   string
		layers coverage.Layers
		want   []coverage.Rejection
	}{
		{"azimuth of 360", coverage.Layers{Cameras: []coverage.Camera{with(func(c *coverage.Camera) { c.Azimuth = 360 })}},
			[]coverage.Rejection{{Layer: "cameras", Index: 0, ID: "c", Field: "azimuth"}}},
		{"hfov of zero", coverage.Layers{Cameras: []coverage.Camera{with(func(c *coverage.Camera) { c.HFOV = 0 })}},
			[]coverage.Rejection{{Layer: "cameras", Index: 0, ID: "c", Field: "hfov"}}},
		{"negative range", coverage.Layers{Cameras: []coverage.Camera{with(func(c *coverage.Camera) { c.Range = -5 })}},
			[]coverage.Rejection{{Layer: "cameras", Index: 0, ID: "c", Field: "range"}}},
		{"unknown investment", coverage.Layers{Cameras: []coverage.Camera{with(func(c *coverage.Camera) { c.Investment = "mixed" })}},
			[]coverage.Rejection{{Layer: "cameras", Index: 0, ID: "c", Field: "investment"}}},
		{"duplicate camera id", coverage.Layers{Cameras: []coverage.Camera{good, good}},
			[]coverage.Rejection{{Layer: "cameras", Index: 1, ID: "c", Field: "id"}}},
		{"duplicates among many cameras, the later ones rejected", coverage.Layers{Cameras: manyCameras(good, 40000, map[int]string{7: "x", 25000: "x", 31000: "x", 9: "y", 39999: "y"})},
			[]coverage.Rejection{{Layer: "cameras", Index: 25000, ID: "x", Field: "id"}, {Layer: "cameras", Index: 31000, ID: "x", Field: "id"},
				{Layer: "cameras", Index: 39999, ID: "y", Field: "id"}}},
		{"unknown category", coverage.Layers{Sites: []coverage.Site{{ID: "s1", Category: "school", Geometry: orb.Point{119, 32}}}},
			[]coverage.Rejection{{Layer: "sites", Index: 0, ID: "s1", Field: "category"}}},
		{"road class as a site", coverage.Layers{Sites: []coverage.Site{{ID: "s1", Category: "arterial_road", Geometry: orb.Point{119, 32}}}},
			[]coverage.Rejection{{Layer: "sites", Index: 0, ID: "s1", Field: "category"}}},
		{"entrance without site", coverage.Layers{Sites: []coverage.Site{site}, Entrances: []coverage.Entrance{{SiteID: "s2"}}},
			[]coverage.Rejection{{Layer: "entrances", Index: 0, ID: "s2", Field: "site_id"}}},
		{"entrance of a rejected site", coverage.Layers{Sites: []coverage.Site{site, site}, Entrances: []coverage.Entrance{{SiteID: "s1"}}},
			[]coverage.Rejection{{Layer: "sites", Index: 1, ID: "s1", Field: "id"}}},
		{"unknown road class", coverage.Layers{Roads: []coverage.Road{{ID: "r", Class: "lane"}}},
			[]coverage.Rejection{{Layer: "roads", Index: 0, ID: "r", Field: "class"}}},
		{"unknown space kind", coverage.Layers{PrivateSpaces: []coverage.PrivateSpace{{ID: "p", Space: "sauna"}}},
			[]coverage.Rejection{{Layer: "private-spaces", Index: 0, ID: "p", Field: "space"}}},
		{"duplicate occluder id", coverage.Layers{Occluders: []coverage.Occluder{{ID: "b1"}, {ID: "b2"}, {ID: "b1"}}},
			[]coverage.Rejection{{Layer: "occluders", Index: 2, ID: "b1", Field: "id"}}},
		{"occluders without ids", coverage.Layers{Occluders: []coverage.Occluder{{}, {}}}, nil},
		{"duplicate district name", coverage.Layers{Districts: []coverage.District{{Name: "广陵区"}, {Name: "邗江区"}, {Name: "广陵区"}}},
			[]coverage.Rejection{{Layer: "districts", Index: 2, ID: "广陵区", Field: "name"}}},
		{"district without a name", coverage.Layers{Districts: []coverage.District{{Name: "广陵区"}, {}}},
			[]coverage.Rejection{{Layer: "districts", Index: 1, Field: "name"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.layers.Check(lib.Taxonomy)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Layer != w.Layer || g.Index != w.Index || g.ID != w.ID || g.Field != w.Field || g.Reason == "" {
					t.Errorf("got %+v, want %+v", g, w)
				}
			}
		})
	}
}

func TestWithoutDropsRejectedSiteAndItsEntrances(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	l := coverage.Layers{
		Sites:     []coverage.Site{{ID: "a", Category: "medical", Geometry: orb.Point{119, 32}}, {ID: "b", Category: "nope", Geometry: orb.Point{119, 32}}},
		Entrances: []coverage.Entrance{{SiteID: "a"}, {SiteID: "b"}, {SiteID: "b"}},
	}
	rej := l.Check(lib.Taxonomy)
	if len(rej) != 3 {
		t.Fatalf("rejections %v, want the site and both its entrances", rej)
	}
	kept := l.Without(rej)
	if len(kept.Sites) != 1 || kept.Sites[0].ID != "a" || len(kept.Entrances) != 1 {
		t.Errorf("kept %+v", kept)
	}
	if again := kept.Check(lib.Taxonomy); len(again) != 0 {
		t.Errorf("still rejected after dropping: %v", again)
	}
}

// TestOriginsNameEachFeaturesPlace checks the file positions a reader records, as
// rejections report them: runs of consecutive positions, gaps, a failed read dropped
// with Truncate, and features dropped with Without.
func TestOriginsNameEachFeaturesPlace(t *testing.T) {
	d, _ := coverage.Desc(coverage.LayerCameras)
	l := &coverage.Layers{}
	add := func(id string, at coverage.Position) {
		l.Cameras = append(l.Cameras, coverage.Camera{ID: id})
		if !at.IsZero() {
			l.Locate(d, "cams.geojson", at)
		}
	}
	features, nodes := coverage.NewNumbering("features[%d]"), coverage.NewNumbering("node/%d")
	feature := features.At
	// features[0..2], features[4] (3 was rejected), one camera without a place, then
	// node/7 and node/9.
	add("a", feature(0))
	add("b", feature(1))
	add("c", feature(2))
	add("e", feature(4))
	add("f", coverage.Position{})
	add("g", nodes.At(7))
	add("h", nodes.At(9))
	want := []string{"features[0]", "features[1]", "features[2]", "features[4]", "", "node/7", "node/9"}
	got := func(l *coverage.Layers) []string {
		var out []string
		for i := range l.Cameras {
			_, at := l.Origin(d, i)
			out = append(out, at.String())
		}
		return out
	}
	if g := got(l); !slices.Equal(g, want) {
		t.Fatalf("positions %q, want %q", g, want)
	}
	if file, _ := l.Origin(d, 0); file != "cams.geojson" {
		t.Errorf("file %q, want cams.geojson", file)
	}
	if file, at := l.Origin(d, 7); file != "" || !at.IsZero() {
		t.Errorf("past the end: %q %v, want nothing", file, at)
	}

	t.Run("without", func(t *testing.T) {
		k := l.Without([]coverage.Rejection{{Layer: coverage.LayerCameras, Index: 1}, {Layer: coverage.LayerCameras, Index: 5}})
		w := []string{"features[0]", "features[2]", "features[4]", "", "node/9"}
		if g := got(k); !slices.Equal(g, w) {
			t.Errorf("positions %q, want %q", g, w)
		}
	})
	t.Run("truncate and read again", func(t *testing.T) {
		m := l.Mark()
		add("x", feature(5))
		l.Truncate(m)
		if g := got(l); !slices.Equal(g, want) {
			t.Errorf("after truncate %q, want %q", g, want)
		}
		m[slices.Index(coverage.LayerNames(), coverage.LayerCameras)] = 2
		l.Truncate(m)
		add("z", feature(10))
		w := []string{"features[0]", "features[1]", "features[10]"}
		if g := got(l); !slices.Equal(g, w) {
			t.Errorf("positions %q, want %q", g, w)
		}
	})
}

// manyCameras returns n copies of c with distinct ids, but for the indexes given an id.
func manyCameras(c coverage.Camera, n int, ids map[int]string) []coverage.Camera {
	cams := make([]coverage.Camera, n)
	for i := range cams {
		cams[i] = c
		cams[i].ID = "cam-" + strconv.Itoa(i)
		if id, ok := ids[i]; ok {
			cams[i].ID = id
		}
	}
	return cams
}
