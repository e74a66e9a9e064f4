package planner_test

import (
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
