package coverage_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"cctvgis/data/samplecity"
	"cctvgis/geo"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
)

// disc is a 360° camera of an owner at x, y metres from the test origin.
func disc(id, owner string, x, y, r float64) coverage.Camera {
	return coverage.Camera{ID: id, Pos: at(x, y), Azimuth: 0, HFOV: 360, Range: r, Owner: owner, Investment: coverage.Private}
}

// span returns how far a hotspot's cells reach east-west and north-south, in metres.
func span(h coverage.Hotspot, grid float64) (float64, float64) {
	lo, hi := h.Cells[0], h.Cells[0]
	for _, c := range h.Cells {
		lo.I, lo.J, hi.I, hi.J = min(lo.I, c.I), min(lo.J, c.J), max(hi.I, c.I), max(hi.J, c.J)
	}
	return float64(hi.I-lo.I+1) * grid, float64(hi.J-lo.J+1) * grid
}

// checkCompact fails when a hotspot spans more than the extent, or when the hotspots do
// not hold every duplicate-build cell exactly once.
func checkCompact(t *testing.T, res *coverage.Result) {
	t.Helper()
	opt := res.Options
	held := map[geo.Cell]int{}
	for _, h := range res.Hotspots {
		if w, n := span(h, opt.GridSize); w > opt.HotspotExtent || n > opt.HotspotExtent {
			t.Errorf("%s spans %g × %g m, beyond %g m (%d cells, %d cameras)", h.ID, w, n, opt.HotspotExtent, len(h.Cells), len(h.Cameras))
		}
		for _, c := range h.Cells {
			held[c]++
		}
	}
	for _, c := range res.Redundancy {
		if held[c.Cell] != 1 {
			t.Errorf("duplicate-build cell %v with %d owners is in %d hotspots", c.Cell, c.Owners, held[c.Cell])
		}
		if c.Owners < opt.MinOwners {
			t.Errorf("cell %v has %d owners, below %d", c.Cell, c.Owners, opt.MinOwners)
		}
	}
	if len(held) != len(res.Redundancy) {
		t.Errorf("hotspots hold %d cells, the analysis found %d duplicate-build cells", len(held), len(res.Redundancy))
	}
}

// denseBlock is a square block of side metres packed with 360° cameras of many owners.
func denseBlock(seed uint64, cameras, owners int, side float64) *coverage.Layers {
	rng := rand.New(rand.NewPCG(seed, 11))
	l := &coverage.Layers{}
	for i := range cameras {
		l.Cameras = append(l.Cameras, disc(fmt.Sprintf("C%d", i), fmt.Sprintf("单位%d", rng.IntN(owners)),
			rng.Float64()*side, rng.Float64()*side, 30+rng.Float64()*60))
	}
	return l
}

func TestHotspotsStayWithinTheExtent(t *testing.T) {
	seed := testenv.Seed(t)
	city, err := samplecity.Generate(context.Background(), samplecity.Options{Seed: 1, Cameras: 20000, Sites: 8000})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		layers *coverage.Layers
		opt    coverage.Options
	}{
		{"the sample city", city, coverage.Options{}},
		{"a dense block on the default grid", denseBlock(seed, 2000, 60, 1000), coverage.Options{}},
		{"a dense block, 100 m on a 20 m grid", denseBlock(seed, 2000, 60, 1000), coverage.Options{GridSize: 20, HotspotExtent: 100}},
		{"a dense block, an extent not a multiple of the grid", denseBlock(seed, 2000, 60, 1000), coverage.Options{GridSize: 40, HotspotExtent: 130}},
		{"a dense block, one cell per hotspot", denseBlock(seed, 500, 20, 600), coverage.Options{HotspotExtent: 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := analyze(t, tc.layers, "yangzhou", "2026-01-01", tc.opt)
			if len(res.Hotspots) < 10 {
				t.Fatalf("%d hotspots: the fixture proves little", len(res.Hotspots))
			}
			checkCompact(t, res)
			for i, h := range res.Hotspots {
				if i > 0 && h.Score > res.Hotspots[i-1].Score {
					t.Errorf("%s scores %g above %s's %g", h.ID, h.Score, res.Hotspots[i-1].ID, res.Hotspots[i-1].Score)
				}
				if h.ID != fmt.Sprintf("H%d", i+1) {
					t.Errorf("hotspot %d is %s", i, h.ID)
				}
			}
			t.Logf("%d hotspots of %d cells; the worst %s: %g m², %d cameras of %d owners, peak %d owners",
				len(res.Hotspots), len(res.Redundancy), res.Hotspots[0].ID, res.Hotspots[0].AreaM2,
				len(res.Hotspots[0].Cameras), len(res.Hotspots[0].Owners), res.Hotspots[0].MaxOwners)
		})
	}
}

// Two places where four owners each overlap, 90 m apart, joined by the footprints of two
// more owners: one connected cluster that fits in 150 m, but two peaks, so two hotspots.
func TestTwoPeaksInOneClusterAreTwoHotspots(t *testing.T) {
	l := &coverage.Layers{}
	for i, o := range []string{"甲", "乙", "丙", "丁"} {
		l.Cameras = append(l.Cameras, disc(fmt.Sprintf("W%d", i), o, 0, 0, 20), disc(fmt.Sprintf("E%d", i), o+"东", 90, 0, 20))
	}
	l.Cameras = append(l.Cameras, disc("B1", "商场", 45, 0, 65), disc("B2", "小区", 45, 0, 65))
	res := analyze(t, l, "yangzhou", "2026-01-01", coverage.Options{GridSize: 10})
	checkCompact(t, res)
	if len(res.Hotspots) < 2 {
		t.Fatalf("%d hotspots, want one around each peak", len(res.Hotspots))
	}
	var peaks []string
	for _, h := range res.Hotspots[:2] {
		if h.MaxOwners != 6 {
			t.Errorf("%s peaks at %d owners, want 6 (four of its own and the two that join them)", h.ID, h.MaxOwners)
		}
		peaks = append(peaks, fmt.Sprint(h.Owners))
	}
	slices.Sort(peaks)
	want := []string{"[丁 丙 乙 商场 小区 甲]", "[丁东 丙东 乙东 商场 小区 甲东]"}
	if !slices.Equal(peaks, want) {
		t.Errorf("the two worst hotspots have owners %q, want %q", peaks, want)
	}
}

func TestUnknownOwnersSetting(t *testing.T) {
	// Police and two cameras of unknown owner watch one spot; so do two cameras of unknown
	// owner alone, 500 m away.
	l := &coverage.Layers{Cameras: []coverage.Camera{
		disc("P", "公安局", 0, 0, 30), disc("U1", "unknown", 5, 0, 30), disc("U2", " 未知", 0, 5, 30),
		disc("V1", "Unknown", 500, 0, 30), disc("V2", "", 505, 0, 30),
	}}
	tests := []struct {
		name    string
		setting coverage.UnknownOwners
		// want are the owners of each hotspot, worst first.
		want [][]string
	}{
		{"none by default: unknown owners make no hotspot", "", nil},
		{"none", coverage.UnknownNone, nil},
		{"one: all unknown cameras are one owner", coverage.UnknownAsOne, [][]string{{"(unknown)", "公安局"}}},
		{"each: every unknown camera is its own owner", coverage.UnknownEach,
			[][]string{{"(unknown) U1", "(unknown) U2", "公安局"}, {"(unknown) V1", "(unknown) V2"}}},
	}
	eff, tax := effective(t, "yangzhou", "2026-01-01")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Analyze directly: an empty owner is what Layers.Check refuses from files, but
			// other sources may give it.
			res, err := coverage.Analyze(context.Background(), l, eff, tax, coverage.Options{GridSize: 10, UnknownOwners: tc.setting})
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, h := range res.Hotspots {
				got = append(got, h.Owners)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("hotspots' owners %q, want %q", got, tc.want)
			}
			if res.Summary.UnknownOwnerCameras != 4 {
				t.Errorf("%d cameras of unknown owner, want 4", res.Summary.UnknownOwnerCameras)
			}
			if want := cmp.Or(tc.setting, coverage.UnknownNone); res.Options.UnknownOwners != want {
				t.Errorf("the result says %q, want %q", res.Options.UnknownOwners, want)
			}
		})
	}
	if _, err := coverage.Analyze(context.Background(), l, eff, tax, coverage.Options{UnknownOwners: "some"}); err == nil {
		t.Error("an unknown setting was accepted")
	}
}

func TestOwnersCompareNormalised(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		owners []string // the hotspot's owners; nil for none
	}{
		{"a trailing space is the same owner", "公安局 ", "公安局", nil},
		{"an ideographic space is the same owner", "公安　局", "公安局", nil},
		{"case is the same owner", "City Police", "city police", nil},
		{"full-width letters are the same owner", "ＡＢＣ银行", "abc银行", nil},
		{"two bureaus are two owners", "公安局", "交通局", []string{"交通局", "公安局"}},
		{"names keep their form", "City Police", "Mall", []string{"City Police", "Mall"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := &coverage.Layers{Cameras: []coverage.Camera{disc("A", tc.a, 0, 0, 30), disc("B", tc.b, 5, 5, 30)}}
			res := analyze(t, l, "yangzhou", "2026-01-01", coverage.Options{GridSize: 10})
			var got []string
			if len(res.Hotspots) > 0 {
				got = res.Hotspots[0].Owners
			}
			if !slices.Equal(got, tc.owners) || len(res.Hotspots) > 1 {
				t.Errorf("%d hotspots, the first of owners %q; want %q", len(res.Hotspots), got, tc.owners)
			}
		})
	}
}

func TestOwnerKey(t *testing.T) {
	for in, want := range map[string]string{"公安局 ": "公安局", " City  Police\t": "citypolice", "ＡＢＣ": "abc", "交通局": "交通局"} {
		if got := coverage.OwnerKey(in); got != want {
			t.Errorf("OwnerKey(%q) = %q, want %q", in, got, want)
		}
	}
	for _, o := range []string{"", " ", "unknown", "UNKNOWN", "未知", "不详", "n/a", "-"} {
		if !coverage.IsUnknownOwner(o) {
			t.Errorf("%q is not taken for unknown", o)
		}
	}
	if coverage.IsUnknownOwner("公安局") {
		t.Error("公安局 taken for unknown")
	}
}

// The hotspots depend on the cameras, not on the order the layer lists them in.
func TestHotspotsIgnoreLayerOrder(t *testing.T) {
	seed := testenv.Seed(t)
	la := denseBlock(seed, 800, 30, 600)
	la.Cameras[0].Owner, la.Cameras[1].Owner = "单位1 ", "单位1"
	lb := &coverage.Layers{Cameras: slices.Clone(la.Cameras)}
	rng := rand.New(rand.NewPCG(seed, 3))
	rng.Shuffle(len(lb.Cameras), func(i, j int) { lb.Cameras[i], lb.Cameras[j] = lb.Cameras[j], lb.Cameras[i] })
	a := analyze(t, la, "yangzhou", "2026-01-01", coverage.Options{})
	b := analyze(t, lb, "yangzhou", "2026-01-01", coverage.Options{})
	if len(a.Hotspots) != len(b.Hotspots) {
		t.Fatalf("%d hotspots, shuffled %d", len(a.Hotspots), len(b.Hotspots))
	}
	ids := func(l *coverage.Layers, idx []int32) []string {
		s := cameraIDs(l, idx)
		slices.Sort(s)
		return s
	}
	for i := range a.Hotspots {
		x, y := a.Hotspots[i], b.Hotspots[i]
		if x.ID != y.ID || !slices.Equal(x.Cells, y.Cells) || !slices.Equal(x.Owners, y.Owners) || x.Score != y.Score ||
			!slices.Equal(ids(la, x.Cameras), ids(lb, y.Cameras)) {
			t.Fatalf("%s differs when the cameras are shuffled", x.ID)
		}
	}
}
