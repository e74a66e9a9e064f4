// Package plannertest holds the fixtures the planner packages' tests share: a hand-made
// city around a fixed point in Yangzhou whose every result is worked out by hand, local
// metres to WGS84, dates, the built-in rules of a day, and an editor over a city. Only
// tests import it.
package plannertest

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/rules"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// origin is the fixed point in Yangzhou the hand-made fixtures are laid out around.
var origin = geo.NewProjection(orb.Point{119.4, 32.4})

// At converts local metres (east, north) around origin to WGS84.
func At(x, y float64) orb.Point { return origin.Inverse(orb.Point{x, y}) }

// Rect is the rectangle of local metres x0..x1 east, y0..y1 north, in WGS84.
func Rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{At(x0, y0), At(x1, y0), At(x1, y1), At(x0, y1), At(x0, y0)}}
}

// Line is the line through points in local metres, in WGS84.
func Line(pts ...[2]float64) orb.LineString {
	ls := orb.LineString{}
	for _, p := range pts {
		ls = append(ls, At(p[0], p[1]))
	}
	return ls
}

// HandCity is a small city whose every result is worked out by hand (see the comments).
func HandCity() *coverage.Layers {
	cam := func(id string, x, y, az, fov, rng float64, owner string, inv coverage.Investment) coverage.Camera {
		return coverage.Camera{ID: id, Pos: At(x, y), Azimuth: az, HFOV: fov, Range: rng, Owner: owner, Investment: inv}
	}
	return &coverage.Layers{
		Sites: []coverage.Site{
			{ID: "S1", Category: "education", Name: "school", Geometry: Rect(0, 0, 100, 100)},
			{ID: "S2", Category: "medical", Name: "hospital", Geometry: At(300, 0)},
			{ID: "S3", Category: "residential_compound", Geometry: At(600, 600)},
			{ID: "S4", Category: "square", Geometry: Rect(-300, -300, -200, -200)},
		},
		Entrances: []coverage.Entrance{
			{SiteID: "S1", Pos: At(50, 0), Kind: "main"},
			{SiteID: "S1", Pos: At(100, 50), Kind: "side"},
			{SiteID: "S3", Pos: At(600, 600), Kind: "main"},
			{SiteID: "S4", Pos: At(-250, -200), Kind: "main"},
		},
		Cameras: []coverage.Camera{
			// C1 looks north at S1's main gate, 30 m away.
			cam("C1", 50, -30, 0, 90, 50, "公安局", coverage.Government),
			// C2 looks west at S1's side gate, 30 m away.
			cam("C2", 130, 50, 270, 60, 40, "school", coverage.Private),
			// C3 watches the main gate too, 60 m away: with C1, a duplicate build.
			cam("C3", 50, -60, 0, 90, 80, "shop", coverage.Private),
			// C4 watches S3's gate from 20 m north.
			cam("C4", 600, 620, 180, 90, 30, "estate", coverage.Private),
			// C5 stands inside the square (government-only in Liaoning) and sees its gate.
			cam("C5", -250, -230, 0, 90, 50, "mall", coverage.Private),
			// C6 is inside a hotel room.
			cam("C6", 400, 400, 0, 90, 10, "hotel", coverage.Private),
			// C7 is a government dome at the intersection: 50 m each way along the roads.
			cam("C7", 0, -100, 90, 360, 50, "交通局", coverage.Government),
			// C8 is a private dome 5 m off the arterial road: ±19.365 m of it.
			cam("C8", 200, -95, 90, 360, 20, "shop2", coverage.Private),
		},
		Roads: []coverage.Road{
			{ID: "R1a", Class: "arterial_road", Geometry: Line([2]float64{-500, -100}, [2]float64{0, -100})},
			{ID: "R1b", Class: "arterial_road", Geometry: Line([2]float64{0, -100}, [2]float64{500, -100})},
			{ID: "R2", Class: "urban_road", Geometry: Line([2]float64{0, -100}, [2]float64{0, -500})},
		},
		PrivateSpaces: []coverage.PrivateSpace{
			{ID: "P1", Space: "hotel_room", Geometry: Rect(390, 390, 410, 410)},
		},
		Districts: []coverage.District{
			{Name: "西区", Geometry: Rect(-1000, -1000, -10, 1000)},
			{Name: "东区", Geometry: Rect(-10, -1000, 1000, 1000)},
		},
	}
}

// Effective returns the built-in rules of code on a day (YYYY-MM-DD) and the taxonomy.
func Effective(tb testing.TB, code, on string) (*rulebook.EffectiveRules, *rulebook.Taxonomy) {
	tb.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	eff, err := lib.Effective(code, Date(tb, on))
	if err != nil {
		tb.Fatal(err)
	}
	return eff, lib.Taxonomy
}

// Date is the day s (YYYY-MM-DD); a bad one fails the test.
func Date(tb testing.TB, s string) rulebook.Date {
	tb.Helper()
	d, err := rulebook.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// NewEditor builds an editor over l, which must pass Layers.Check, under the rules of code
// on a day (YYYY-MM-DD).
func NewEditor(tb testing.TB, l *coverage.Layers, code, on string, opt coverage.EditorOptions) (*coverage.Editor, *rulebook.EffectiveRules, *rulebook.Taxonomy) {
	tb.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	if rej := l.Check(lib.Taxonomy); len(rej) > 0 {
		tb.Fatalf("fixture rejected: %v", rej)
	}
	eff, err := lib.Effective(code, Date(tb, on))
	if err != nil {
		tb.Fatal(err)
	}
	ed, err := coverage.NewEditor(context.Background(), l, eff, lib.Taxonomy, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return ed, eff, lib.Taxonomy
}
