package coverage_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/samplecity"
	"cctvgis/geo"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plannertest"
	"cctvgis/planner/rulebook"
)

// newEditor builds an editor over l under the rules of code on a day.
var newEditor = plannertest.NewEditor

func TestEditorRefusesAndFlags(t *testing.T) {
	gov := func(id string, x, y, az, fov, rng float64) coverage.Camera {
		return coverage.Camera{ID: id, Pos: at(x, y), Azimuth: az, HFOV: fov, Range: rng, Owner: "公安局", Investment: coverage.Government}
	}
	priv := gov("N1", -250, -250, 0, 90, 30)
	priv.Owner, priv.Investment = "mall", coverage.Private
	tests := []struct {
		name      string
		code      string
		p         coverage.Proposal
		wantErr   error
		wantField string
		wantCite  string // the refusal's citation, "source citation"
		wantDup   string // the duplicate flag's provision, "source citation"; "" for none
	}{
		{"a camera in a hotel room is refused under article 9", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeAdd, Camera: gov("N1", 400, 400, 0, 90, 10)},
			coverage.ErrRefused, "camera.pos", "liaoning 第九条", ""},
		{"a private camera in a square is refused in liaoning",
			"liaoning", coverage.Proposal{Kind: coverage.ProposeAdd, Camera: priv},
			coverage.ErrRefused, "camera.pos", "liaoning 第七条第一款", ""},
		{"a government camera in the square is accepted", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeAdd, Camera: gov("N1", -250, -250, 0, 90, 30)}, nil, "", "", ""},
		{"moving the school's camera into the hotel room is refused", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeMove, CameraID: "C2", To: at(400, 400)},
			coverage.ErrRefused, "to", "liaoning 第九条", ""},
		{"an unknown camera", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: "C99"}, coverage.ErrUnknownCamera, "camera_id", "", ""},
		{"an existing camera id", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeAdd, Camera: gov("C1", 0, 0, 0, 90, 10)}, coverage.ErrProposalInvalid, "camera.id", "", ""},
		{"an azimuth out of range", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeReaim, CameraID: "C1", Aim: coverage.Aim{Azimuth: 360, HFOV: 90, Range: 50}},
			coverage.ErrProposalInvalid, "aim.azimuth", "", ""},
		{"a move without a destination", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeMove, CameraID: "C1"}, coverage.ErrProposalInvalid, "to", "", ""},
		{"a removal carrying an aim", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: "C1", Aim: coverage.Aim{Azimuth: 1}}, coverage.ErrProposalInvalid, "aim", "", ""},
		{"an unknown kind", "liaoning", coverage.Proposal{Kind: "rotate", CameraID: "C1"}, coverage.ErrProposalInvalid, "kind", "", ""},
		{"a camera inside C3's view is duplicate construction under yangzhou 7(2)", "yangzhou",
			coverage.Proposal{Kind: coverage.ProposeAdd, Camera: gov("N1", 50, -55, 0, 60, 40)}, nil, "", "", "yangzhou 第七条第二款"},
		{"under weihai 6(2)", "weihai",
			coverage.Proposal{Kind: coverage.ProposeAdd, Camera: gov("N1", 50, -55, 0, 60, 40)}, nil, "", "", "weihai 第六条第二款"},
		{"and under order 799 art 6 in liaoning", "liaoning",
			coverage.Proposal{Kind: coverage.ProposeAdd, Camera: gov("N1", 50, -55, 0, 60, 40)}, nil, "", "", "national 第六条"},
		{"a camera watching new ground is no duplicate", "yangzhou",
			coverage.Proposal{Kind: coverage.ProposeAdd, Camera: gov("N1", 300, -20, 0, 60, 40)}, nil, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ed, _, _ := newEditor(t, handCity(), tc.code, "2026-01-01", coverage.EditorOptions{})
			before := ed.Totals()
			eff, err := ed.Apply(tc.p)
			if tc.wantErr != nil {
				var pe *coverage.ProposalError
				if !errors.Is(err, tc.wantErr) || !errors.As(err, &pe) || pe.Field != tc.wantField {
					t.Fatalf("got %v, want %v on field %s", err, tc.wantErr, tc.wantField)
				}
				if tc.wantCite != "" && (pe.Cite == nil || pe.Cite.Source+" "+pe.Cite.Citation != tc.wantCite) {
					t.Errorf("refusal cites %+v, want %s", pe.Cite, tc.wantCite)
				}
				if !reflect.DeepEqual(ed.Totals(), before) || len(ed.Applied()) != 0 {
					t.Error("a refused proposal changed the state")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			switch d := eff.Duplicate; {
			case tc.wantDup == "" && d != nil:
				t.Errorf("flagged as duplicate: %+v", d)
			case tc.wantDup != "" && (d == nil || d.Provision == nil):
				t.Errorf("not flagged with a provision: %+v", d)
			case tc.wantDup != "" && d.Provision.Source+" "+d.Provision.Citation != tc.wantDup:
				t.Errorf("cites %s %s, want %s", d.Provision.Source, d.Provision.Citation, tc.wantDup)
			case d != nil && d.Share < 0.8:
				t.Errorf("share %v under the threshold", d.Share)
			}
		})
	}
}

func TestEditorEffectOnHandCity(t *testing.T) {
	ed, _, _ := newEditor(t, handCity(), "liaoning", "2026-01-01", coverage.EditorOptions{})
	// S2 (a hospital, a point site) has no camera; a government camera 30 m south sees it.
	eff, err := ed.Apply(coverage.Proposal{ID: "p1", Kind: coverage.ProposeAdd,
		Camera: coverage.Camera{ID: "N1", Pos: at(300, -30), Azimuth: 0, HFOV: 60, Range: 50, Owner: "公安局", Investment: coverage.Government}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(eff.BecameCovered, []string{"S2"}) || len(eff.Sites) != 1 || eff.Sites[0].Before != coverage.Uncovered {
		t.Errorf("sites %+v, became covered %v", eff.Sites, eff.BecameCovered)
	}
	if eff.After.MandatorySites.Covered != eff.Before.MandatorySites.Covered+1 {
		t.Errorf("mandatory covered %d → %d", eff.Before.MandatorySites.Covered, eff.After.MandatorySites.Covered)
	}
	if len(eff.ViolationsRemoved) != 1 || eff.ViolationsRemoved[0].Rule != coverage.RuleNotBuilt || eff.ViolationsRemoved[0].SiteID != "S2" {
		t.Errorf("violations removed %+v", eff.ViolationsRemoved)
	}
	// Removing C6, the camera in the hotel room, removes its violation.
	eff, err = ed.Apply(coverage.Proposal{ID: "p2", Kind: coverage.ProposeRemove, CameraID: "C6"})
	if err != nil {
		t.Fatal(err)
	}
	if len(eff.ViolationsRemoved) != 1 || eff.ViolationsRemoved[0].CameraID != "C6" || eff.After.Cameras != eff.Before.Cameras-1 {
		t.Errorf("violations removed %+v", eff.ViolationsRemoved)
	}
	// A proposal on the removed camera is refused.
	if _, err := ed.Apply(coverage.Proposal{Kind: coverage.ProposeReaim, CameraID: "C6", Aim: coverage.Aim{Azimuth: 1, HFOV: 1, Range: 1}}); !errors.Is(err, coverage.ErrUnknownCamera) {
		t.Errorf("re-aim of a removed camera: %v", err)
	}
	// Undoing both returns to the start.
	start := ed.Base().Summary
	for range 2 {
		if _, err := ed.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if got := ed.Totals(); got.Sites != start.Sites || got.MandatorySites != start.MandatorySites {
		t.Errorf("after undo %+v, want %+v", got.Sites, start.Sites)
	}
	if _, err := ed.Undo(); !errors.Is(err, coverage.ErrNothingToUndo) {
		t.Errorf("undo of nothing: %v", err)
	}
}

// TestIncrementalEqualsFullAnalysis applies random edits to a generated city and checks,
// after each, that the editor's state equals a full analysis of the current layers.
func TestIncrementalEqualsFullAnalysis(t *testing.T) {
	seed := testenv.Seed(t)
	for _, tc := range []struct {
		name      string
		code      string
		occluders bool
		unknown   coverage.UnknownOwners
	}{
		{"yangzhou", "yangzhou", false, ""},
		{"liaoning with occluders", "liaoning", true, ""},
		{"yangzhou, each unknown owner its own", "yangzhou", false, coverage.UnknownEach},
		{"yangzhou, unknown owners as one", "yangzhou", false, coverage.UnknownAsOne},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			city, err := samplecity.Generate(context.Background(), samplecity.Options{Seed: seed, Cameras: 600, Sites: 200, Occluders: tc.occluders})
			if err != nil {
				t.Fatal(err)
			}
			box := keepInside(city)
			// Cameras in the states real data leaves open: of unknown direction, of
			// unknown investment, underground.
			for i := range city.Cameras {
				c := &city.Cameras[i]
				switch i % 7 {
				case 1:
					c.Direction, c.Azimuth, c.HFOV = coverage.DirectionUnknown, 0, 360
				case 2:
					c.Investment = coverage.InvestmentUnknown
				case 3:
					c.Level = -1
				}
			}
			opt := coverage.Options{UseOccluders: tc.occluders, UnknownOwners: tc.unknown}
			ed, eff, tax := newEditor(t, city, tc.code, "2026-01-01", coverage.EditorOptions{Analysis: opt})
			// Some owners are one another's variants, or unknown, as real registries have them.
			owners := []string{"公安局", "交通局", "商场", "小区", "银行", "公安局 ", "Unknown", "未知"}
			inside := func() orb.Point {
				return orb.Point{box.Min[0] + rng.Float64()*(box.Max[0]-box.Min[0]), box.Min[1] + rng.Float64()*(box.Max[1]-box.Min[1])}
			}
			last := ed.Totals()
			accepted, changed := 0, 0
			for step := range 60 {
				cams := ed.Cameras()
				pick := cams[rng.IntN(len(cams))].ID
				var p coverage.Proposal
				switch r := rng.IntN(10); {
				case r < 3:
					o := owners[rng.IntN(len(owners))]
					inv := coverage.Private
					if o == "公安局" || o == "交通局" {
						inv = coverage.Government
					}
					p = coverage.Proposal{Kind: coverage.ProposeAdd, Camera: coverage.Camera{ID: fmt.Sprintf("N%d", step), Pos: inside(),
						Azimuth: float64(rng.IntN(360)), HFOV: float64(30 + rng.IntN(331)), Range: float64(20 + rng.IntN(150)), Owner: o, Investment: inv,
						Level: -rng.IntN(2)}}
				case r < 5:
					p = coverage.Proposal{Kind: coverage.ProposeMove, CameraID: pick, To: inside()}
				case r < 7:
					p = coverage.Proposal{Kind: coverage.ProposeReaim, CameraID: pick, Aim: coverage.Aim{Azimuth: float64(rng.IntN(360)), HFOV: float64(10 + rng.IntN(351)), Range: float64(10 + rng.IntN(200))}}
				case r < 9:
					p = coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: pick}
				}
				p.ID = fmt.Sprintf("p%d", step)
				var e coverage.Effect
				if p.Kind == "" {
					if e, err = ed.Undo(); errors.Is(err, coverage.ErrNothingToUndo) {
						continue
					}
				} else {
					e, err = ed.Apply(p)
				}
				if errors.Is(err, coverage.ErrRefused) {
					if !reflect.DeepEqual(ed.Totals(), last) {
						t.Fatalf("step %d: a refused proposal changed the state", step)
					}
					continue
				}
				if err != nil {
					t.Fatalf("step %d: %+v: %v", step, p, err)
				}
				if !reflect.DeepEqual(e.Before, last) || !reflect.DeepEqual(e.After, ed.Totals()) {
					t.Fatalf("step %d: the effect's totals do not chain", step)
				}
				last = e.After
				accepted++
				if len(e.Sites)+len(e.Roads)+len(e.HotCellsAdded)+len(e.HotCellsRemoved) > 0 {
					changed++
				}
				sameAsFull(t, fmt.Sprintf("step %d (%s %s)", step, p.Kind, p.Target()), ed, eff, tax, opt)
			}
			if accepted < 30 || changed < 10 {
				t.Errorf("only %d edits accepted, %d changed anything: the test proves little", accepted, changed)
			}
			t.Logf("%d edits accepted, %d changed coverage", accepted, changed)
		})
	}
}

// keepInside drops the cameras outside the box of the sites and roads, so that edits
// inside that box leave the projection's centre where it is, and returns the box inset.
func keepInside(l *coverage.Layers) orb.Bound {
	var b orb.Bound
	for i, s := range l.Sites {
		if i == 0 {
			b = s.Geometry.Bound()
		}
		b = b.Union(s.Geometry.Bound())
	}
	for _, r := range l.Roads {
		b = b.Union(r.Geometry.Bound())
	}
	l.Cameras = slices.DeleteFunc(l.Cameras, func(c coverage.Camera) bool { return !b.Contains(c.Pos) })
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	return orb.Bound{Min: orb.Point{b.Min[0] + w/10, b.Min[1] + h/10}, Max: orb.Point{b.Max[0] - w/10, b.Max[1] - h/10}}
}

// sameAsFull compares every figure the editor reports with a full analysis.
func sameAsFull(t *testing.T, at string, ed *coverage.Editor, eff *rulebook.EffectiveRules, tax *rulebook.Taxonomy, opt coverage.Options) {
	t.Helper()
	l := ed.Layers()
	res, err := coverage.Analyze(context.Background(), l, eff, tax, opt)
	if err != nil {
		t.Fatal(err)
	}
	got := ed.Totals()
	if got.Sites != res.Summary.Sites || got.MandatorySites != res.Summary.MandatorySites || got.Cameras != res.Summary.Cameras {
		t.Fatalf("%s: sites %+v mandatory %+v cameras %d, full %+v %+v %d", at, got.Sites, got.MandatorySites, got.Cameras,
			res.Summary.Sites, res.Summary.MandatorySites, res.Summary.Cameras)
	}
	cov := ed.SiteCoverage()
	for _, s := range res.Sites {
		if id := l.Sites[s.Site].ID; cov[id] != s.Coverage {
			t.Fatalf("%s: site %s is %s, full %s", at, id, cov[id], s.Coverage)
		}
	}
	if !reflect.DeepEqual(got.RoadClasses, res.RoadClasses) {
		t.Fatalf("%s: road classes\n%+v\nfull\n%+v", at, got.RoadClasses, res.RoadClasses)
	}
	var want, redundant []geo.Cell
	for _, h := range res.Hotspots {
		want = append(want, h.Cells...)
	}
	for _, c := range res.Redundancy {
		redundant = append(redundant, c.Cell)
	}
	slices.SortFunc(want, func(a, b geo.Cell) int {
		if a.J != b.J {
			return int(a.J - b.J)
		}
		return int(a.I - b.I)
	})
	var cells []geo.Cell
	for _, c := range ed.HotCells() {
		cells = append(cells, c.Cell)
	}
	if !slices.Equal(cells, want) || !slices.Equal(cells, redundant) {
		t.Fatalf("%s: %d hot cells, full %d in hotspots, %d redundant", at, len(cells), len(want), len(redundant))
	}
	if got, want := ed.Violations(), coverage.IdentifyViolations(l, res.Violations); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: violations\n%+v\nfull\n%+v", at, got, want)
	}
	if !reflect.DeepEqual(got.Violations, res.Summary.Violations) {
		t.Fatalf("%s: violation counts %v, full %v", at, got.Violations, res.Summary.Violations)
	}
	if got.ToVerify != res.Summary.ToVerify {
		t.Fatalf("%s: to verify %+v, full %+v", at, got.ToVerify, res.Summary.ToVerify)
	}
}

// A clone is edited on its own: its edits, Set steps and undos equal a full analysis, the
// editor it was cloned from keeps its state, and clones of one editor can be edited side
// by side (go test -race checks that they share nothing they write).
func TestCloneAndSet(t *testing.T) {
	seed := testenv.Seed(t)
	city, err := samplecity.Generate(context.Background(), samplecity.Options{Seed: seed, Cameras: 400, Sites: 150})
	if err != nil {
		t.Fatal(err)
	}
	box := keepInside(city)
	opt := coverage.Options{}
	ed, eff, tax := newEditor(t, city, "yangzhou", "2026-01-01", coverage.EditorOptions{Analysis: opt})
	mid := box.Center()
	add := coverage.Camera{ID: "N1", Pos: mid, Azimuth: 90, HFOV: 120, Range: 80, Owner: "公安局", Investment: coverage.Government}
	if _, err := ed.Apply(coverage.Proposal{ID: "p1", Kind: coverage.ProposeAdd, Camera: add}); err != nil {
		t.Fatal(err)
	}
	before := ed.Totals()
	cams := ed.Cameras()

	c := ed.Clone()
	moved := cams[3]
	moved.Pos, moved.Owner = orb.Point{mid[0] + 0.001, mid[1]}, "商场"
	steps := []struct {
		name string
		id   string
		cam  *coverage.Camera
	}{
		{"a base camera taken out", cams[0].ID, nil},
		{"a base camera given other values", moved.ID, &moved},
		{"an added camera taken out", "N1", nil},
		{"a camera put back", cams[0].ID, &cams[0]},
		{"a camera no one has, taken out", "nobody", nil},
		{"a new camera", "N2", &coverage.Camera{ID: "N2", Pos: mid, Azimuth: 0, HFOV: 360, Range: 60, Owner: "银行", Investment: coverage.Private}},
	}
	for i, s := range steps {
		e := c.Set(fmt.Sprintf("s%d", i), s.id, s.cam)
		if e.Proposal != fmt.Sprintf("s%d", i) {
			t.Errorf("%s: effect of %q", s.name, e.Proposal)
		}
		got, ok := c.Camera(s.id)
		if ok != (s.cam != nil) || ok && got != *s.cam {
			t.Errorf("%s: camera %q is %+v, %v", s.name, s.id, got, ok)
		}
		sameAsFull(t, s.name, c, eff, tax, opt)
	}
	if _, err := c.Undo(); err != nil {
		t.Fatal(err)
	}
	sameAsFull(t, "after an undo of a Set", c, eff, tax, opt)
	if !reflect.DeepEqual(ed.Totals(), before) {
		t.Fatal("editing the clone changed the editor it came from")
	}
	sameAsFull(t, "the editor cloned from", ed, eff, tax, opt)

	done := make(chan coverage.Totals, 4)
	for w := range 4 {
		go func() {
			x := ed.Clone()
			for k := range 10 {
				p := coverage.Proposal{ID: fmt.Sprintf("w%d-%d", w, k), Kind: coverage.ProposeReaim, CameraID: cams[w*10+k].ID,
					Aim: coverage.Aim{Azimuth: float64(k * 30), HFOV: 90, Range: 50}}
				if _, err := x.Apply(p); err != nil {
					t.Error(err)
				}
			}
			for range 10 {
				if _, err := x.Undo(); err != nil {
					t.Error(err)
				}
			}
			done <- x.Totals()
		}()
	}
	for range 4 {
		if got := <-done; !reflect.DeepEqual(got, before) {
			t.Errorf("a clone edited and undone ends at %+v, want %+v", got, before)
		}
	}
}
