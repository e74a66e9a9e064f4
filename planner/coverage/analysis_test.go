package planner_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/rules"
	"cctvgis/geo"
	"cctvgis/internal/testenv"
	"cctvgis/planner"
)

// at converts local metres (east, north) around a fixed origin in Yangzhou to WGS84.
var origin = geo.NewProjection(orb.Point{119.4, 32.4})

func at(x, y float64) orb.Point { return origin.Inverse(orb.Point{x, y}) }

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)}}
}

func line(pts ...[2]float64) orb.LineString {
	ls := orb.LineString{}
	for _, p := range pts {
		ls = append(ls, at(p[0], p[1]))
	}
	return ls
}

// handCity is a small city whose every result is worked out by hand (see the comments).
func handCity() *planner.Layers {
	cam := func(id string, x, y, az, fov, rng float64, owner string, inv planner.Investment) planner.Camera {
		return planner.Camera{ID: id, Pos: at(x, y), Azimuth: az, HFOV: fov, Range: rng, Owner: owner, Investment: inv}
	}
	return &planner.Layers{
		Sites: []planner.Site{
			{ID: "S1", Category: "education", Name: "school", Geometry: rect(0, 0, 100, 100)},
			{ID: "S2", Category: "medical", Name: "hospital", Geometry: at(300, 0)},
			{ID: "S3", Category: "residential_compound", Geometry: at(600, 600)},
			{ID: "S4", Category: "square", Geometry: rect(-300, -300, -200, -200)},
		},
		Entrances: []planner.Entrance{
			{SiteID: "S1", Pos: at(50, 0), Kind: "main"},
			{SiteID: "S1", Pos: at(100, 50), Kind: "side"},
			{SiteID: "S3", Pos: at(600, 600), Kind: "main"},
			{SiteID: "S4", Pos: at(-250, -200), Kind: "main"},
		},
		Cameras: []planner.Camera{
			// C1 looks north at S1's main gate, 30 m away.
			cam("C1", 50, -30, 0, 90, 50, "公安局", planner.Government),
			// C2 looks west at S1's side gate, 30 m away.
			cam("C2", 130, 50, 270, 60, 40, "school", planner.Private),
			// C3 watches the main gate too, 60 m away: with C1, a duplicate build.
			cam("C3", 50, -60, 0, 90, 80, "shop", planner.Private),
			// C4 watches S3's gate from 20 m north.
			cam("C4", 600, 620, 180, 90, 30, "estate", planner.Private),
			// C5 stands inside the square (government-only in Liaoning) and sees its gate.
			cam("C5", -250, -230, 0, 90, 50, "mall", planner.Private),
			// C6 is inside a hotel room.
			cam("C6", 400, 400, 0, 90, 10, "hotel", planner.Private),
			// C7 is a government dome at the intersection: 50 m each way along the roads.
			cam("C7", 0, -100, 90, 360, 50, "交通局", planner.Government),
			// C8 is a private dome 5 m off the arterial road: ±19.365 m of it.
			cam("C8", 200, -95, 90, 360, 20, "shop2", planner.Private),
		},
		Roads: []planner.Road{
			{ID: "R1a", Class: "arterial_road", Geometry: line([2]float64{-500, -100}, [2]float64{0, -100})},
			{ID: "R1b", Class: "arterial_road", Geometry: line([2]float64{0, -100}, [2]float64{500, -100})},
			{ID: "R2", Class: "urban_road", Geometry: line([2]float64{0, -100}, [2]float64{0, -500})},
		},
		PrivateSpaces: []planner.PrivateSpace{
			{ID: "P1", Space: "hotel_room", Geometry: rect(390, 390, 410, 410)},
		},
		Districts: []planner.District{
			{Name: "西区", Geometry: rect(-1000, -1000, -10, 1000)},
			{Name: "东区", Geometry: rect(-10, -1000, 1000, 1000)},
		},
	}
}

// effective returns the built-in rules of code on a day and the taxonomy.
func effective(tb testing.TB, code, on string) (*planner.EffectiveRules, *planner.Taxonomy) {
	tb.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	eff, err := lib.Effective(code, date(tb, on))
	if err != nil {
		tb.Fatal(err)
	}
	return eff, lib.Taxonomy
}

func analyze(t *testing.T, l *planner.Layers, code, on string, opt planner.Options) *planner.Result {
	t.Helper()
	rules, tax := effective(t, code, on)
	if rej := l.Check(tax); len(rej) > 0 {
		t.Fatalf("fixture rejected: %v", rej)
	}
	res, err := planner.Analyze(context.Background(), l, rules, tax, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func cameraIDs(l *planner.Layers, idx []int32) []string {
	var ids []string
	for _, i := range idx {
		ids = append(ids, l.Cameras[i].ID)
	}
	return ids
}

func TestGoldenHandCity(t *testing.T) {
	l := handCity()
	res := analyze(t, l, "liaoning", "2024-06-01", planner.Options{GridSize: 10})

	t.Run("sites", func(t *testing.T) {
		want := []struct {
			id        string
			coverage  planner.Coverage
			mandatory bool
			cameras   []string
			district  string
		}{
			{"S1", planner.Covered, true, []string{"C1", "C2", "C3"}, "东区"},
			{"S2", planner.Uncovered, true, nil, "东区"},
			{"S3", planner.Covered, false, []string{"C4"}, "东区"},
			{"S4", planner.Covered, true, []string{"C5"}, "西区"},
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
			if x.Rule == planner.RulePrivateSpace && !slices.Equal(x.Penalties, []string{"第二十一条"}) {
				t.Errorf("private space penalties %v, want art. 21", x.Penalties)
			}
		}
	})

	t.Run("summary", func(t *testing.T) {
		s := res.Summary
		if s.Sites != (planner.StatusCounts{Total: 4, Covered: 3, Uncovered: 1}) ||
			s.MandatorySites != (planner.StatusCounts{Total: 3, Covered: 2, Uncovered: 1}) {
			t.Errorf("sites %+v mandatory %+v", s.Sites, s.MandatorySites)
		}
		if s.CamerasByInvestment[planner.Government] != 2 || s.CamerasByInvestment[planner.Private] != 6 {
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
	res := analyze(t, l, "liaoning", "2026-01-01", planner.Options{GridSize: 10})
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
	l.Occluders = []planner.Occluder{{ID: "B1", Geometry: rect(590, 605, 610, 612)}}
	tests := []struct {
		name string
		use  bool
		want planner.Coverage
	}{
		{"without visibility the gate is covered", false, planner.Covered},
		{"behind the building the gate is hidden", true, planner.Uncovered},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := analyze(t, l, "liaoning", "2024-06-01", planner.Options{UseOccluders: tc.use})
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
	city := func(cameras ...planner.Camera) *planner.Layers {
		return &planner.Layers{
			Sites:     []planner.Site{{ID: "school", Category: "education", Geometry: building}},
			Occluders: []planner.Occluder{{ID: "school-building", Geometry: building}, {ID: "shed", Geometry: rect(100, 10, 104, 20)}},
			Cameras:   cameras,
		}
	}
	west := planner.Camera{ID: "west", Pos: at(-30, 15), Azimuth: 90, HFOV: 60, Range: 80, Owner: "公安局", Investment: planner.Government}
	east := planner.Camera{ID: "east", Pos: at(130, 15), Azimuth: 270, HFOV: 30, Range: 150, Owner: "公安局", Investment: planner.Government}
	tests := []struct {
		name   string
		camera planner.Camera
		want   planner.Coverage
	}{
		{"a camera facing the building watches the school", west, planner.Covered},
		{"a shed between hides it", east, planner.Uncovered},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := analyze(t, city(tc.camera), "liaoning", "2024-06-01", planner.Options{UseOccluders: true})
			if got := res.Sites[0].Coverage; got != tc.want {
				t.Errorf("school %s, want %s", got, tc.want)
			}
			ed, _, _ := newEditor(t, city(), "liaoning", "2024-06-01", planner.EditorOptions{Analysis: planner.Options{UseOccluders: true}})
			if _, err := ed.Apply(planner.Proposal{ID: "p1", Kind: planner.ProposeAdd, Camera: tc.camera}); err != nil {
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
	l := &planner.Layers{
		Cameras: []planner.Camera{
			{ID: "east", Pos: east, Azimuth: 0, HFOV: 0.1, Range: 100, Owner: "a", Investment: planner.Government},
			{ID: "west", Pos: west, Azimuth: 0, HFOV: 0.1, Range: 100, Owner: "b", Investment: planner.Government},
		},
		Sites: []planner.Site{
			{ID: "north-of-east", Category: "medical", Geometry: orb.Point{east[0], east[1] + 80.0/111000}},
			{ID: "north-of-west", Category: "medical", Geometry: orb.Point{west[0], west[1] + 80.0/111000}},
		},
	}
	res := analyze(t, l, "nanchang", "2024-06-01", planner.Options{})
	for _, s := range res.Sites {
		if s.Coverage != planner.Covered {
			t.Errorf("%s is %s, want covered", l.Sites[s.Site].ID, s.Coverage)
		}
	}
}

func TestEmptyLayersGiveEmptyReport(t *testing.T) {
	res := analyze(t, &planner.Layers{}, "nanchang", "2024-06-01", planner.Options{})
	if len(res.Sites)+len(res.Roads)+len(res.Hotspots)+len(res.Violations) != 0 || res.Summary.Sites.Total != 0 {
		t.Errorf("empty input gave %+v", res.Summary)
	}
}

func TestOnPhaseFollowsPhases(t *testing.T) {
	var got []planner.Phase
	analyze(t, handCity(), "nanchang", "2024-06-01", planner.Options{OnPhase: func(p planner.Phase) { got = append(got, p) }})
	if want := planner.Phases(); !slices.Equal(got, want) {
		t.Errorf("OnPhase saw %v, want %v", got, want)
	}
}

// The index must find exactly the cameras a brute-force scan of every footprint finds.
func TestCoverageMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(testenv.Seed(t), 1))
	l := &planner.Layers{}
	for i := range 3000 {
		l.Cameras = append(l.Cameras, planner.Camera{ID: "c" + strconv.Itoa(i),
			Pos: at(rng.Float64()*4000-2000, rng.Float64()*4000-2000), Azimuth: rng.Float64() * 360,
			HFOV: []float64{30, 90, 200, 360}[rng.IntN(4)], Range: 10 + rng.Float64()*150, Owner: strconv.Itoa(rng.IntN(50)), Investment: planner.Private})
	}
	for i := range 2000 {
		l.Sites = append(l.Sites, planner.Site{ID: strconv.Itoa(i), Category: "education", Geometry: at(rng.Float64()*4000-2000, rng.Float64()*4000-2000)})
	}
	res := analyze(t, l, "nanchang", "2024-06-01", planner.Options{})
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

func nearEdge(proj *geo.Projection, l *planner.Layers, p orb.Point, a, b []int32) bool {
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
