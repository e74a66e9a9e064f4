package osm_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cctvgis/data/osm"
	"cctvgis/data/rules"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// readTestdata reads an OpenStreetMap file of testdata with the default options.
func readTestdata(t *testing.T, name string) (*coverage.Layers, osm.Stats) {
	t.Helper()
	l := &coverage.Layers{}
	stats, err := osm.ReadFile(context.Background(), "testdata/"+name, osm.Options{}, l)
	if err != nil {
		t.Fatal(err)
	}
	return l, stats
}

// The cameras of testdata/vaduz-cameras.osm and testdata/yangzhou-cameras.osm (real ways
// of the Liechtenstein extract, cameras tagged as real data tags them), one named case
// each.
func TestReadOSMCameraStates(t *testing.T) {
	vaduz, stats := readTestdata(t, "vaduz-cameras.osm")
	yangzhou, _ := readTestdata(t, "yangzhou-cameras.osm")
	byID := map[string]coverage.Camera{}
	for _, c := range append(vaduz.Cameras, yangzhou.Cameras...) {
		byID[c.ID] = c
	}
	cases := []struct {
		name string
		id   string
		want func(c coverage.Camera) bool
	}{
		{"fixed camera without a direction is of unknown direction", "osm:n9000002", func(c coverage.Camera) bool {
			return c.Direction == coverage.DirectionUnknown && c.Azimuth == 0 && c.HFOV == 360 && c.Mount == "wall" && c.Surveillance == "outdoor"
		}},
		{"indoor camera without a type or direction is of unknown direction", "osm:n9000009", func(c coverage.Camera) bool {
			return c.Direction == coverage.DirectionUnknown && c.Surveillance == "indoor"
		}},
		{"indoor dome is a dome", "osm:n9000008", func(c coverage.Camera) bool {
			return c.Direction == coverage.DirectionKnown && c.HFOV == 360 && c.Mount == "ceiling"
		}},
		{"Landespolizei is the government", "osm:n9000001", func(c coverage.Camera) bool {
			return c.Investment == coverage.Government && c.Azimuth == 270 && c.Height == 5 && c.Mount == "pole"
		}},
		{"Gemeinde Vaduz is the government", "osm:n9000006#1", func(c coverage.Camera) bool { return c.Investment == coverage.Government }},
		{"a café's investment is unknown", "osm:n9000002", func(c coverage.Camera) bool { return c.Investment == coverage.InvestmentUnknown }},
		{"camera:count=3 over two directions: the third looks the last way", "osm:n9000006#3", func(c coverage.Camera) bool {
			return c.Azimuth == 270 && c.Direction == coverage.DirectionKnown
		}},
		{"underground car park camera", "osm:n9000007", func(c coverage.Camera) bool { return c.Level == -1 && c.Underground() }},
		{"公安局 is the government", "osm:n9100001", func(c coverage.Camera) bool { return c.Investment == coverage.Government }},
		{"人民政府 is the government", "osm:n9100002", func(c coverage.Camera) bool {
			return c.Investment == coverage.Government && c.Direction == coverage.DirectionUnknown
		}},
		{"交通警察支队 is the government", "osm:n9100004", func(c coverage.Camera) bool { return c.Investment == coverage.Government }},
		{"a property manager's investment is unknown", "osm:n9100003", func(c coverage.Camera) bool {
			return c.Investment == coverage.InvestmentUnknown && c.Azimuth == 180
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := byID[tc.id]
			if !ok {
				t.Fatalf("no camera %s among %d", tc.id, len(byID))
			}
			if !tc.want(c) {
				t.Errorf("%+v", c)
			}
		})
	}
	t.Run("webcam, fake and guard are skipped and counted", func(t *testing.T) {
		for _, id := range []string{"osm:n9000003", "osm:n9000004", "osm:n9000005"} {
			if _, ok := byID[id]; ok {
				t.Errorf("%s was read", id)
			}
		}
		skipped := 0
		for reason, n := range stats.Skipped {
			switch reason {
			case "surveillance=webcam (a public webcam, not a security camera)", "surveillance=fake (a dummy camera)", "surveillance=guard (a guard, not a camera)":
				skipped += n
			}
		}
		if skipped != 3 {
			t.Errorf("skipped %v, want one webcam, fake and guard", stats.Skipped)
		}
	})
	t.Run("camera:count gives three cameras", func(t *testing.T) {
		for _, id := range []string{"osm:n9000006#1", "osm:n9000006#2", "osm:n9000006#3"} {
			if _, ok := byID[id]; !ok {
				t.Errorf("no %s", id)
			}
		}
	})
	t.Run("unknown states are counted", func(t *testing.T) {
		// 9000002 and 9000009 are of unknown direction; 9000002, 9000007, 9000008 and
		// 9000009 of unknown investment.
		if stats.Cameras["unknown direction"] != 2 || stats.Cameras["unknown investment"] != 4 {
			t.Errorf("camera counts %v", stats.Cameras)
		}
	})
}

// Analysed under Liaoning's rules, which reserve arterial roads (第七条第一款) to
// government-built systems, the Vaduz cameras beside Äulestrasse (highway=primary, an
// arterial road) give no unauthorized_builder: the police camera is the government's and
// the café's investment is unknown, so it is to verify. The car park camera underground
// does not watch the road above it.
func TestAnalyzeOSMCameraStates(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	eff, err := lib.Effective("liaoning", rulebook.DateOf(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	analyze := func(l *coverage.Layers) *coverage.Result {
		t.Helper()
		if rej := l.Check(lib.Taxonomy); len(rej) > 0 {
			t.Fatal(rej)
		}
		res, err := coverage.Analyze(context.Background(), l, eff, lib.Taxonomy, coverage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	l, _ := readTestdata(t, "vaduz-cameras.osm")
	res := analyze(l)
	if n := res.Summary.Violations[coverage.RuleGovernmentZone]; n != 0 {
		t.Errorf("%d unauthorized_builder violations: %+v", n, res.Violations)
	}
	// Only the café stands within 15 m of the road; the car park camera is underground.
	want := coverage.VerifyCounts{UnknownDirection: 2, UnknownInvestment: 4, UnknownInvestmentInZone: 1}
	if res.Summary.ToVerify != want {
		t.Errorf("to verify %+v, want %+v", res.Summary.ToVerify, want)
	}
	var road int
	for i, r := range l.Roads {
		if r.ID == "osm:w39" {
			road = i
		}
	}
	under := res.Roads[road].CoveredLength
	// The same camera at the surface watches more of the road.
	for i := range l.Cameras {
		if l.Cameras[i].ID == "osm:n9000007" {
			l.Cameras[i].Level = 0
		}
	}
	if surface := analyze(l).Roads[road].CoveredLength; !(surface > under+5) {
		t.Errorf("the road is watched %.1f m with the camera underground, %.1f m with it at the surface", under, surface)
	}
}

// The cameras of testdata/zurich-cameras.osm, whose directions take the forms real data
// has, import without an error: each direction of a list is a camera, each form reads as
// the OpenStreetMap wiki defines it, and the values nothing can read are skipped and
// counted, their cameras kept. A strict read stops at the first of them.
func TestReadOSMDirectionForms(t *testing.T) {
	l, stats := readTestdata(t, "zurich-cameras.osm")
	got := map[string]string{}
	for _, c := range l.Cameras {
		if c.Direction == coverage.DirectionUnknown {
			got[c.ID] = "?"
		} else {
			got[c.ID] = fmt.Sprintf("%v/%v", c.Azimuth, c.HFOV)
		}
	}
	cases := []struct {
		name string
		// want maps each camera id of the node to "azimuth/hfov", "?" for unknown.
		want map[string]string
	}{
		{"180, 270: a comma-separated list", map[string]string{"osm:n9200001#1": "180/90", "osm:n9200001#2": "270/90"}},
		{"90;160;270: a semicolon-separated list", map[string]string{"osm:n9200002#1": "90/90", "osm:n9200002#2": "160/90", "osm:n9200002#3": "270/90"}},
		{"N;S: compass points", map[string]string{"osm:n9200003#1": "0/90", "osm:n9200003#2": "180/90"}},
		{"NE;SW: two-letter compass points", map[string]string{"osm:n9200004#1": "45/90", "osm:n9200004#2": "225/90"}},
		{"0-90: a range of degrees", map[string]string{"osm:n9200005": "45/90"}},
		{"E-W: a range of compass points", map[string]string{"osm:n9200006": "180/180"}},
		{"north: a compass point in words", map[string]string{"osm:n9200007": "0/90"}},
		{"direction=SSW: the direction key", map[string]string{"osm:n9200008": "202.5/90"}},
		{"225°: a degree sign", map[string]string{"osm:n9200009": "225/90"}},
		{"135 on a dome: turned to it", map[string]string{"osm:n9200010": "135/360"}},
		{"90 270: a space-separated list", map[string]string{"osm:n9200011#1": "90/90", "osm:n9200011#2": "270/90"}},
		{"45 on an ALPR camera", map[string]string{"osm:n9200013": "45/90"}},
		{"350;170 with camera:count=2", map[string]string{"osm:n9200014#1": "350/90", "osm:n9200014#2": "170/90"}},
		{"up: a word that is no direction", map[string]string{"osm:n9200015": "?"}},
		{"200;?;20: a list with an entry that is no direction", map[string]string{"osm:n9200016#1": "200/90", "osm:n9200016#2": "?", "osm:n9200016#3": "20/90"}},
		{"camera:count=viele: a count that is no number", map[string]string{"osm:n9200017": "0/360"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for id, want := range tc.want {
				if got[id] != want {
					t.Errorf("%s = %q, want %q", id, got[id], want)
				}
			}
		})
	}
	byID := map[string]coverage.Camera{}
	for _, c := range l.Cameras {
		byID[c.ID] = c
	}
	t.Run("height with a decimal comma", func(t *testing.T) {
		if h := byID["osm:n9200012"].Height; h != 3.5 {
			t.Errorf("height %v, want 3.5", h)
		}
	})
	t.Run("a height that is no number is unknown", func(t *testing.T) {
		if c, ok := byID["osm:n9200018"]; !ok || c.Height != 0 || c.Azimuth != 270 {
			t.Errorf("camera %+v", c)
		}
	})
	t.Run("guard and webcam are no cameras", func(t *testing.T) {
		for _, id := range []string{"osm:n9200019", "osm:n9200020"} {
			if _, ok := byID[id]; ok {
				t.Errorf("%s was read", id)
			}
		}
		if len(l.Cameras) != 27 {
			t.Errorf("%d cameras, want 27", len(l.Cameras))
		}
	})
	t.Run("values skipped are counted with their node and tag", func(t *testing.T) {
		want := map[string][]string{
			"camera direction neither degrees, a compass point nor a range, taken as unknown": {`node/9200015 camera:direction="up"`, `node/9200016 camera:direction="200;?;20"`},
			"camera:count not a whole number from 1 to 64, taken as one camera per direction": {`node/9200017 camera:count="viele"`},
			"camera height not in metres, taken as unknown":                                   {`node/9200018 height="ca. 4 m"`},
		}
		for reason, examples := range want {
			if stats.Skipped[reason] != len(examples) || !slices.Equal(stats.Examples[reason], examples) {
				t.Errorf("%q: %d %q, want %q", reason, stats.Skipped[reason], stats.Examples[reason], examples)
			}
		}
	})
	t.Run("a strict read stops at the first", func(t *testing.T) {
		var l coverage.Layers
		_, err := osm.ReadFile(context.Background(), "testdata/zurich-cameras.osm", osm.Options{Strict: true}, &l)
		want := `testdata/zurich-cameras.osm: reading OSM: scanning nodes: node/9200015: camera:direction="up": "up" is neither degrees, a compass point nor a range`
		var ve *osm.ValueError
		if !errors.As(err, &ve) || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("err = %v, want …%s", err, want)
		}
	})
}
