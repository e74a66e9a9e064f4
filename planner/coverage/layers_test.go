package planner_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/rules"
	"cctvgis/planner"
)

func TestCheckRejectsBadFeatures(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	good := planner.Camera{ID: "c", Pos: orb.Point{119, 32}, Azimuth: 10, HFOV: 90, Range: 30, Owner: "o", Investment: planner.Private}
	with := func(f func(*planner.Camera)) planner.Camera { c := good; f(&c); return c }
	site := planner.Site{ID: "s1", Category: "education", Geometry: orb.Point{119, 32}}
	tests := []struct {
		name   string
		layers planner.Layers
		want   []planner.Rejection
	}{
		{"azimuth of 360", planner.Layers{Cameras: []planner.Camera{with(func(c *planner.Camera) { c.Azimuth = 360 })}},
			[]planner.Rejection{{Layer: "cameras", Index: 0, ID: "c", Field: "azimuth"}}},
		{"hfov of zero", planner.Layers{Cameras: []planner.Camera{with(func(c *planner.Camera) { c.HFOV = 0 })}},
			[]planner.Rejection{{Layer: "cameras", Index: 0, ID: "c", Field: "hfov"}}},
		{"negative range", planner.Layers{Cameras: []planner.Camera{with(func(c *planner.Camera) { c.Range = -5 })}},
			[]planner.Rejection{{Layer: "cameras", Index: 0, ID: "c", Field: "range"}}},
		{"unknown investment", planner.Layers{Cameras: []planner.Camera{with(func(c *planner.Camera) { c.Investment = "mixed" })}},
			[]planner.Rejection{{Layer: "cameras", Index: 0, ID: "c", Field: "investment"}}},
		{"duplicate camera id", planner.Layers{Cameras: []planner.Camera{good, good}},
			[]planner.Rejection{{Layer: "cameras", Index: 1, ID: "c", Field: "id"}}},
		{"duplicates among many cameras, the later ones rejected", planner.Layers{Cameras: manyCameras(good, 40000, map[int]string{7: "x", 25000: "x", 31000: "x", 9: "y", 39999: "y"})},
			[]planner.Rejection{{Layer: "cameras", Index: 25000, ID: "x", Field: "id"}, {Layer: "cameras", Index: 31000, ID: "x", Field: "id"},
				{Layer: "cameras", Index: 39999, ID: "y", Field: "id"}}},
		{"unknown category", planner.Layers{Sites: []planner.Site{{ID: "s1", Category: "school", Geometry: orb.Point{119, 32}}}},
			[]planner.Rejection{{Layer: "sites", Index: 0, ID: "s1", Field: "category"}}},
		{"road class as a site", planner.Layers{Sites: []planner.Site{{ID: "s1", Category: "arterial_road", Geometry: orb.Point{119, 32}}}},
			[]planner.Rejection{{Layer: "sites", Index: 0, ID: "s1", Field: "category"}}},
		{"entrance without site", planner.Layers{Sites: []planner.Site{site}, Entrances: []planner.Entrance{{SiteID: "s2"}}},
			[]planner.Rejection{{Layer: "entrances", Index: 0, ID: "s2", Field: "site_id"}}},
		{"entrance of a rejected site", planner.Layers{Sites: []planner.Site{site, site}, Entrances: []planner.Entrance{{SiteID: "s1"}}},
			[]planner.Rejection{{Layer: "sites", Index: 1, ID: "s1", Field: "id"}}},
		{"unknown road class", planner.Layers{Roads: []planner.Road{{ID: "r", Class: "lane"}}},
			[]planner.Rejection{{Layer: "roads", Index: 0, ID: "r", Field: "class"}}},
		{"unknown space kind", planner.Layers{PrivateSpaces: []planner.PrivateSpace{{ID: "p", Space: "sauna"}}},
			[]planner.Rejection{{Layer: "private-spaces", Index: 0, ID: "p", Field: "space"}}},
		{"duplicate occluder id", planner.Layers{Occluders: []planner.Occluder{{ID: "b1"}, {ID: "b2"}, {ID: "b1"}}},
			[]planner.Rejection{{Layer: "occluders", Index: 2, ID: "b1", Field: "id"}}},
		{"occluders without ids", planner.Layers{Occluders: []planner.Occluder{{}, {}}}, nil},
		{"duplicate district name", planner.Layers{Districts: []planner.District{{Name: "广陵区"}, {Name: "邗江区"}, {Name: "广陵区"}}},
			[]planner.Rejection{{Layer: "districts", Index: 2, ID: "广陵区", Field: "name"}}},
		{"district without a name", planner.Layers{Districts: []planner.District{{Name: "广陵区"}, {}}},
			[]planner.Rejection{{Layer: "districts", Index: 1, Field: "name"}}},
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
	l := planner.Layers{
		Sites:     []planner.Site{{ID: "a", Category: "medical", Geometry: orb.Point{119, 32}}, {ID: "b", Category: "nope", Geometry: orb.Point{119, 32}}},
		Entrances: []planner.Entrance{{SiteID: "a"}, {SiteID: "b"}, {SiteID: "b"}},
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
	d, _ := planner.Desc(planner.LayerCameras)
	l := &planner.Layers{}
	add := func(id string, at planner.Position) {
		l.Cameras = append(l.Cameras, planner.Camera{ID: id})
		if at.Kind != planner.PosNone {
			l.Locate(d, "cams.geojson", at)
		}
	}
	feature := func(n int64) planner.Position { return planner.Position{Kind: planner.PosFeature, N: n} }
	// features[0..2], features[4] (3 was rejected), one camera without a place, then
	// node/7 and node/9.
	add("a", feature(0))
	add("b", feature(1))
	add("c", feature(2))
	add("e", feature(4))
	add("f", planner.Position{})
	add("g", planner.Position{Kind: planner.PosNode, N: 7})
	add("h", planner.Position{Kind: planner.PosNode, N: 9})
	want := []string{"features[0]", "features[1]", "features[2]", "features[4]", "", "node/7", "node/9"}
	got := func(l *planner.Layers) []string {
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
	if file, at := l.Origin(d, 7); file != "" || at.Kind != planner.PosNone {
		t.Errorf("past the end: %q %v, want nothing", file, at)
	}

	t.Run("without", func(t *testing.T) {
		k := l.Without([]planner.Rejection{{Layer: planner.LayerCameras, Index: 1}, {Layer: planner.LayerCameras, Index: 5}})
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
		m[slices.Index(planner.LayerNames(), planner.LayerCameras)] = 2
		l.Truncate(m)
		add("z", feature(10))
		w := []string{"features[0]", "features[1]", "features[10]"}
		if g := got(l); !slices.Equal(g, w) {
			t.Errorf("positions %q, want %q", g, w)
		}
	})
}

// manyCameras returns n copies of c with distinct ids, but for the indexes given an id.
func manyCameras(c planner.Camera, n int, ids map[int]string) []planner.Camera {
	cams := make([]planner.Camera, n)
	for i := range cams {
		cams[i] = c
		cams[i].ID = "cam-" + strconv.Itoa(i)
		if id, ok := ids[i]; ok {
			cams[i].ID = id
		}
	}
	return cams
}
