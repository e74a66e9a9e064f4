package coverage_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plannertest"
)

var (
	at       = plannertest.At
	rect     = plannertest.Rect
	handCity = plannertest.HandCity
	date     = plannertest.Date
)

// effective returns the built-in rules of code on a day and the taxonomy.
var effective = plannertest.Effective

func analyze(t *testing.T, l *coverage.Layers, code, on string, opt coverage.Options) *coverage.Result {
	t.Helper()
	rules, tax := effective(t, code, on)
	if rej := l.Check(tax); len(rej) > 0 {
		t.Fatalf("fixture rejected: %v", rej)
	}
	res, err := coverage.Analyze(context.Background(), l, rules, tax, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func cameraIDs(l *coverage.Layers, idx []int32) []string {
	var ids []string
	for _, i := range idx {
		ids = append(ids, l.Cameras[i].ID)
	}
	return ids
}

func TestGoldenHandCity(t *testing.T) {
	l := handCity()
	res := analyze(t, l, "liaoning", "2024-06-01", coverage.Options{GridSize: 10})

	t.Run("sites", func(t *testing.T) {
		want := []struct {
			id        string
			coverage  coverage.Coverage
			mandatory bool
			cameras   []string
			district  string
		}{
			{"S1", coverage.Covered, true, []string{"C1", "C2", "C3"}, "东区"},
			{"S2", coverage.Uncovered, true, nil, "东区"},
			{"S3", coverage.Covered, false, []string{"C4"}, "东区"},
			{"S4", coverage.Covered, true, []string{"C5"}, "西区"},
		}
		for i, w := range want {
			got := res.Sites[i]
			if l.Sites[got.Site].ID != w.id || got.Coverage != w.coverage || got.Mandatory != w.mandatory ||
				!slices.Equal(cameraIDs(l, got.Cameras), w.cameras) || got.District != w.district {
				t.Errorf("%s: got %s mandatory=%v cameras=%v district=%s, want %s %v %v %s", w.id, got.Coverage, got.Mandatory,
					cameraIDs(l, got.Cameras), got.District, w.coverage, w.mandatory, w.cameras, w.district)
			}
		}
		s1 := res.Sites[0]
		if !slices.Equal(cameraIDs(l, s1.KeyPoints[0].Cameras), []string{"C1", "C3"}) || !slices.Equal(cameraIDs(l, s1.KeyPoints[1].Cameras), []string{"C2"}) {
			t.Errorf("S1 key points: main %v, side %v", cameraIDs(l, s1.KeyPoints[0].Cameras), cameraIDs(l, s1.KeyPoints[1].Cameras))
		}
		if !res.Sites[1].Implicit || res.Sites[1].Citation.Citation != "第六条第一款第（三）项" {
			t.Errorf("S2 should use a point inside it and cite art. 6(1) item 3: %+v", res.Sites[1])
		}
	})

	t.Run("roads", func(t *testing.T) {
		want := map[string]struct {
			length, covered float64
			inter, interCov int
			mandatory       bool
		}{
			"arterial_road": {1000, 50 + 50 + 2*math.Sqrt(20*20-5*5), 1, 1, true},
			"urban_road":    {400, 50, 1, 1, false},
		}
		if len(res.RoadClasses) != 2 {
			t.Fatalf("road classes %+v", res.RoadClasses)
		}
		for _, rc := range res.RoadClasses {
			w := want[rc.Class]
			if math.Abs(rc.LengthM-w.length) > w.length*1e-4 || math.Abs(rc.CoveredM-w.covered) > 0.05 ||
				rc.Intersections != w.inter || rc.IntersectionsCovered != w.interCov || rc.Mandatory != w.mandatory {
				t.Errorf("%s: got %+v, want %+v", rc.Class, rc, w)
			}
		}
	})

	t.Run("hotspots", func(t *testing.T) {
		if len(res.Hotspots) != 1 {
			t.Fatalf("%d hotspots, want 1 (C1 and C3 at the school gate)", len(res.Hotspots))
		}
		h := res.Hotspots[0]
		if !slices.Equal(h.Owners, []string{"shop", "公安局"}) || !slices.Equal(cameraIDs(l, h.Cameras), []string{"C1", "C3"}) || h.MaxOwners != 2 {
			t.Errorf("hotspot owners %v cameras %v max %d", h.Owners, cameraIDs(l, h.Cameras), h.MaxOwners)
		}
		// C1's quarter disc (π·50²/4 ≈ 1963 m²) lies almost wholly inside C3's footprint.
		if h.AreaM2 < 1500 || h.AreaM2 > 2400 {
			t.Errorf("hotspot area %.0f m², want about 1963", h.AreaM2)
		}
		if math.Abs(h.Score-float64(len(h.Cells))*100/2500) > 1e-9 {
			t.Errorf("score %v for %d cells of 10 m", h.Score, len(h.Cells))
		}
	})

	t.Run("violations", func(t *testing.T) {
		type v struct{ rule, who, citation string }
		var got []v
		for _, x := range res.Violations {
			who := ""
			if x.Camera >= 0 {
				who = l.Cameras[x.Camera].ID
			} else {
				who = l.Sites[x.Site].ID
			}
			got = append(got, v{x.Rule, who, x.Citation})
		}
		want := []v{
			{"unauthorized_builder", "C5", "第七条第一款"},
			{"private_space_install", "C6", "第九条"},
			{"unauthorized_builder", "C8", "第七条第一款"},
			{"not_built", "S2", "第六条第一款第（三）项"},
		}
		if !slices.Equal(got, want) {
			t.Errorf("violations\n got %v\nwant %v", got, want)
		}
		for _, x := range res.Violations {
			if x.Rule == coverage.RulePrivateSpace && !slices.Equal(x.Penalties, []string{"第二十一条"}) {
				t.Errorf("private space penalties %v, want art. 21", x.Penalties)
			}
		}
	})

	t.Run("summary", func(t *testing.T) {
		s := res.Summary
		if s.Sites != (coverage.StatusCounts{Total: 4, Covered: 3, Uncovered: 1}) ||
			s.MandatorySites != (coverage.StatusCounts{Total: 3, Covered: 2, Uncovered: 1}) {
			t.Errorf("sites %+v mandatory %+v", s.Sites, s.MandatorySites)
		}
		if s.CamerasByInvestment[coverage.Government] != 2 || s.CamerasByInvestment[coverage.Private] != 6 {
			t.Errorf("cameras by investment %v", s.CamerasByInvestment)
		}
		if len(s.ByDistrict) != 2 || s.ByDistrict[0].District != "东区" || s.ByDistrict[0].Sites.Total != 3 || s.ByDistrict[1].Cameras != 1 {
			t.Errorf("districts %+v", s.ByDistrict)
		}
	})
}

func TestGoldenHandCityUnderNationalBaseline(t *testing.T) {
	// From 2025-04-01 the national regulation also reserves bridges, tunnels, underpasses
	// and main highway sections; this city has none, so nothing changes but the source.
	l := handCity()
	res := analyze(t, l, "liaoning", "2026-01-01", coverage.Options{GridSize: 10})
	if n := len(res.Violations); n != 4 {
		t.Errorf("%d violations, want 4", n)
	}
	if res.Rules.Baseline == nil {
		t.Error("national baseline not layered")
	}
}

func TestOccludersHideCameras(t *testing.T) {
	l := handCity()
	// A building between C4 (600, 620) and S3's gate (600, 600).
	l.Occluders = []coverage.Occluder{{ID: "B1", Geometry: rect(590, 605, 610, 612)}}
	tests := []struct {
		name string
		use  bool
		want coverage.Coverage
	}{
		{"without visibility the gate is covered", false, coverage.Covered},
		{"behind the building the gate is hidden", true, coverage.Uncovered},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := analyze(t, l, "liaoning", "2024-06-01", coverage.Options{UseOccluders: tc.use})
			if got := res.Sites[2].Coverage; got != tc.want {
				t.Errorf("S3 %s, want %s", got, tc.want)
			}
		})
	}
}

// A school drawn as its own building, with no entrance mapped, is judged by a point inside
// it. The building hides that point from every camera, so the school could never be
// covered; a camera that sees the building's walls watches the school, and a building
// in between still hides it. The plan editor judges it the same way.
func TestSiteInsideItsOwnBuilding(t *testing.T) {
	building := rect(0, 0, 40, 30)
	city := func(cameras ...coverage.Camera) *coverage.Layers {
		return &coverage.Layers{
			Sites:     []coverage.Site{{ID: "school", Category: "education", Geometry: building}},
			Occluders: []coverage.Occluder{{ID: "school-building", Geometry: building}, {ID: "shed", Geometry: rect(100, 10, 104, 20)}},
			Cameras:   cameras,
		}
	}
	west := coverage.Camera{ID: "west", Pos: at(-30, 15), Azimuth: 90, HFOV: 60, Range: 80, Owner: "公安局", Investment: coverage.Government}
	east := coverage.Camera{ID: "east", Pos: at(130, 15), Azimuth: 270, HFOV: 30, Range: 150, Owner: "公安局", Investment: coverage.Government}
	tests := []struct {
		name   string
		camera coverage.Camera
		want   coverage.Coverage
	}{
		{"a camera facing the building watches the school", west, coverage.Covered},
		{"a shed between hides it", east, coverage.Uncovered},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := analyze(t, city(tc.camera), "liaoning", "2024-06-01", coverage.Options{UseOccluders: true})
			if got := res.Sites[0].Coverage; got != tc.want {
				t.Errorf("school %s, want %s", got, tc.want)
			}
			ed, _, _ := newEditor(t, city(), "liaoning", "2024-06-01", coverage.EditorOptions{Analysis: coverage.Options{UseOccluders: true}})
			if _, err := ed.Apply(coverage.Proposal{ID: "p1", Kind: coverage.ProposeAdd, Camera: tc.camera}); err != nil {
				t.Fatal(err)
			}
			if got, _ := ed.Coverage("school"); got != tc.want {
				t.Errorf("the editor says school %s, want %s", got, tc.want)
			}
		})
	}
}

// Azimuths are true bearings: a narrow camera far east of the data's centre, facing true
// north, sees a point due north of it although grid north there is 0.09° off true north.
func TestAzimuthIsTrueBearing(t *testing.T) {
	east, west := at(15000, 0), at(-15000, 0)
	l := &coverage.Layers{
		Cameras: []coverage.Camera{
			{ID: "east", Pos: east, Azimuth: 0, HFOV: 0.1, Range: 100, Owner: "a", Investment: coverage.Government},
			{ID: "west", Pos: west, Azimuth: 0, HFOV: 0.1, Range: 100, Owner: "b", Investment: coverage.Government},
		},
		Sites: []coverage.Site{
			{ID: "north-of-east", Category: "medical", Geometry: orb.Point{east[0], east[1] + 80.0/111000}},
			{ID: "north-of-west", Category: "medical", Geometry: orb.Point{west[0], west[1] + 80.0/111000}},
		},
	}
	res := analyze(t, l, "nanchang", "2024-06-01", coverage.Options{})
	for _, s := range res.Sites {
		if s.Coverage != coverage.Covered {
			t.Errorf("%s is %s, want covered", l.Sites[s.Site].ID, s.Coverage)
		}
	}
}

func TestEmptyLayersGiveEmptyReport(t *testing.T) {
	res := analyze(t, &coverage.Layers{}, "nanchang", "2024-06-01", coverage.Options{})
	if len(res.Sites)+len(res.Roads)+len(res.Hotspots)+len(res.Violations) != 0 || res.Summary.Sites.Total != 0 {
		t.Errorf("empty input gave %+v", res.Summary)
	}
}

func TestOnPhaseFollowsPhases(t *testing.T) {
	var got []coverage.Phase
	analyze(t, handCity(), "nanchang", "2024-06-01", coverage.Options{OnPhase: func(p coverage.Phase) { got = append(got, p) }})
	if want := coverage.Phases(); !slices.Equal(got, want) {
		t.Errorf("OnPhase saw %v, want %v", got, want)
	}
}

// The index must find exactly the cameras a brute-force scan of every footprint finds.
func TestCoverageMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(testenv.Seed(t), 1))
	l := &coverage.Layers{}
	for i := range 3000 {
		l.Cameras = append(l.Cameras, coverage.Camera{ID: "c" + strconv.Itoa(i),
			Pos: at(rng.Float64()*4000-2000, rng.Float64()*4000-2000), Azimuth: rng.Float64() * 360,
			HFOV: []float64{30, 90, 200, 360}[rng.IntN(4)], Range: 10 + rng.Float64()*150, Owner: strconv.Itoa(rng.IntN(50)), Investment: coverage.Private})
	}
	for i := range 2000 {
		l.Sites = append(l.Sites, coverage.Site{ID: strconv.Itoa(i), Category: "education", Geometry: at(rng.Float64()*4000-2000, rng.Float64()*4000-2000)})
	}
	res := analyze(t, l, "nanchang", "2024-06-01", coverage.Options{})
	proj := geo.NewProjection(orb.Point{119.4, 32.4})
	for _, s := range res.Sites {
		p := proj.Forward(l.Sites[s.Site].Geometry.(orb.Point))
		var want []int32
		for ci, c := range l.Cameras {
			if geo.NewSector(proj.Forward(c.Pos), proj.GridBearing(c.Pos, c.Azimuth), c.HFOV, c.Range).Contains(p) {
				want = append(want, int32(ci))
			}
		}
		// The engine projects around its own centre; points within 1 mm of a footprint's
		// edge may fall either way, so compare only clear-cut cases.
		if !slices.Equal(s.Cameras, want) && !nearEdge(proj, l, p, s.Cameras, want) {
			t.Fatalf("site %s: engine %v, brute force %v", l.Sites[s.Site].ID, s.Cameras, want)
		}
	}
}

func nearEdge(proj *geo.Projection, l *coverage.Layers, p orb.Point, a, b []int32) bool {
	for _, ci := range slices.Concat(a, b) {
		if slices.Contains(a, ci) && slices.Contains(b, ci) {
			continue
		}
		c := l.Cameras[ci]
		apex := proj.Forward(c.Pos)
		d := math.Hypot(p[0]-apex[0], p[1]-apex[1])
		// Angular distance from the point's bearing to the nearer edge of the field of view.
		bearing := math.Atan2(p[0]-apex[0], p[1]-apex[1]) * 180 / math.Pi
		off := math.Abs(math.Remainder(bearing-proj.GridBearing(c.Pos, c.Azimuth), 360))
		edge := math.Abs(off-c.HFOV/2) * math.Pi / 180 * d
		if math.Abs(d-c.Range) > 1e-2 && (c.HFOV >= 360 || edge > 1e-2) {
			return false
		}
	}
	return true
}
