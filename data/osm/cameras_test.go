package osm_test

import (
	"context"
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
	stats, rej, err := osm.ReadFile(context.Background(), "testdata/"+name, osm.Options{}, l)
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) > 0 {
		t.Fatalf("rejections: %v", rej)
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
