package geo_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/project"

	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// repairCase is an outline, the outline RepairOutline makes of it, what it says it did,
// and the areas before and after in squares of 1/128 degree at the equator.
type repairCase struct {
	name, in, want, done string
	before, after        float64
}

// repairCases are the outlines the unit and PostGIS tests repair. Coordinates are in
// 128ths of a degree from (116, 39), written as small numbers for reading: at(x, y).
var repairCases = []repairCase{
	{"a bow-tie becomes two triangles",
		"POLYGON((0 0,1 1,1 0,0 1,0 0))",
		"MULTIPOLYGON(((0 0,0.5 0.5,0 1,0 0)),((1 1,0.5 0.5,1 0,1 1)))",
		"split at 1 self-intersection", 0, 0.5},
	{"a spike is dropped",
		"POLYGON((0 0,2 0,2 1,3 1,2 1,2 2,0 2,0 0))",
		"POLYGON((0 0,2 0,2 1,2 2,0 2,0 0))",
		"dropped 1 spike", 4, 4},
	{"a spike folding back along its edge is dropped",
		"POLYGON((0 0,2 0,2 2,1 2,1.5 2,0 2,0 0))",
		"POLYGON((0 0,2 0,2 2,1.5 2,1 2,0 2,0 0))",
		"split at 3 self-intersections", 4, 4},
	{"repeated positions are dropped",
		"POLYGON((0 0,1 0,1 0,1 1,0 1,0 1,0 0))",
		"POLYGON((0 0,1 0,1 1,0 1,0 0))",
		"dropped 2 repeated positions", 1, 1},
	{"an open ring is closed",
		"POLYGON((0 0,1 0,1 1,0 1))",
		"POLYGON((0 0,1 0,1 1,0 1,0 0))",
		"closed 1 ring", 1, 1},
	{"a clockwise shell and a counter-clockwise hole are reversed",
		"POLYGON((0 0,0 3,3 3,3 0,0 0),(1 1,2 1,2 2,1 2,1 1))",
		"POLYGON((0 3,0 0,3 0,3 3,0 3),(2 1,1 1,1 2,2 2,2 1))",
		"reversed 2 rings", 8, 8},
	{"a hole crossing its shell takes a bite and leaves a part outside",
		"POLYGON((0 0,2 0,2 2,0 2,0 0),(1 1,1 1.5,3 1.5,3 1,1 1))",
		"MULTIPOLYGON(((0 0,2 0,2 1,1 1,1 1.5,2 1.5,2 2,0 2,0 0)),((2 1.5,2 1,3 1,3 1.5,2 1.5)))",
		"split at 2 self-intersections", 3, 4},
	{"a figure-eight touching itself at a vertex becomes two triangles",
		"POLYGON((0 0,2 0,1 1,2 2,0 2,1 1,0 0))",
		"MULTIPOLYGON(((0 0,2 0,1 1,0 0)),((1 1,2 2,0 2,1 1)))",
		"split at 1 self-intersection", 2, 2},
	{"a loop inside the ring leaves a hole where the ring goes round twice, by the even-odd rule",
		"POLYGON((0 0,3 0,3 3,0 3,0 1,2 1,2 2,1 2,1 0.5,0 0.5,0 0))",
		"POLYGON((0 0,3 0,3 3,0 3,0 1,1 1,1 0.5,0 0.5,0 0),(1 1,1 2,2 2,2 1,1 1))",
		"split at 1 self-intersection", 9.5, 7.5},
	{"a part nested in another part becomes a hole",
		"MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0)),((1 1,2 1,2 2,1 2,1 1)))",
		"POLYGON((0 0,4 0,4 4,0 4,0 0),(2 1,1 1,1 2,2 2,2 1))",
		"regrouped nested rings", 17, 15},
	{"a valid ring is kept as it is",
		"POLYGON((0 0,1 0,1 1,0.5 1.5,0 1,0 0))",
		"POLYGON((0 0,1 0,1 1,0.5 1.5,0 1,0 0))",
		"nothing", 1.25, 1.25},
	{"an island in a hole stays an island",
		"MULTIPOLYGON(((0 0,5 0,5 5,0 5,0 0),(1 1,1 4,4 4,4 1,1 1)),((2 2,3 2,3 3,2 3,2 2)))",
		"MULTIPOLYGON(((0 0,5 0,5 5,0 5,0 0),(1 1,1 4,4 4,4 1,1 1)),((2 2,3 2,3 3,2 3,2 2)))",
		"nothing", 17, 17},
	{"a hole touching its shell at a point stays",
		"POLYGON((0 0,2 0,2 2,0 2,0 0),(1 0,0.5 1,1.5 1,1 0))",
		"POLYGON((0 0,2 0,2 2,0 2,0 0),(1 0,0.5 1,1.5 1,1 0))",
		"nothing", 3.5, 3.5},
}

// at moves a geometry written in 128ths of a degree from (116, 39) to its place, or back.
func at(g orb.Geometry, back bool) orb.Geometry {
	f := func(p orb.Point) orb.Point { return orb.Point{116 + p[0]/128, 39 + p[1]/128} }
	if back {
		f = func(p orb.Point) orb.Point { return orb.Point{(p[0] - 116) * 128, (p[1] - 39) * 128} }
	}
	return project.Geometry(orb.Clone(g), f)
}

// placed reads a case's WKT and puts it at its place.
func placed(tb testing.TB, s string) orb.Geometry {
	tb.Helper()
	g, err := wkt.Unmarshal(s)
	if err != nil {
		tb.Fatalf("%s: %v", s, err)
	}
	return at(g, false)
}

// unitArea is the area in m² of a unitArea of 1/128 degree at (116, 39), the unit of the
// cases' areas.
var unitArea = geo.Area(orb.Polygon{{{116, 39}, {116 + 1.0/128, 39}, {116 + 1.0/128, 39 + 1.0/128}, {116, 39 + 1.0/128}, {116, 39}}})

func TestRepairOutline(t *testing.T) {
	for _, c := range repairCases {
		t.Run(c.name, func(t *testing.T) {
			in := placed(t, c.in)
			rep, err := geo.RepairOutline(in)
			if err != nil {
				t.Fatal(err)
			}
			if got := wkt.MarshalString(at(rep.Geometry, true)); got != c.want {
				t.Errorf("repaired to\n%s, want\n%s", got, c.want)
			}
			if got := rep.String(); got != c.done {
				t.Errorf("done %q, want %q", got, c.done)
			}
			if got := rep.Changed(); got != (c.done != "nothing") {
				t.Errorf("Changed() = %v for %q", got, c.done)
			}
			if p := coverage.PolygonProblem(rep.Geometry); p != "" {
				t.Errorf("the repair is invalid: %s", p)
			}
			// The squares are 0.75 km²; a few 10⁻⁴ is the projection's scale.
			if b, a := geo.Area(in)/unitArea, geo.Area(rep.Geometry)/unitArea; math.Abs(b-c.before) > 1e-3*max(1, c.before) || math.Abs(a-c.after) > 1e-3*c.after {
				t.Errorf("area before %.4f and after %.4f, want %g and %g", b, a, c.before, c.after)
			}
		})
	}
}

func TestRepairOutlineRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		in   orb.Geometry
		want string
	}{
		{"a ring that is a line there and back", orb.Polygon{{{116, 39}, {116.01, 39}, {116, 39}}}, "encloses no area"},
		{"a position that is not a number", orb.Polygon{{{116, 39}, {math.NaN(), 39}, {116, 39.01}, {116, 39}}}, "ring 0, position 1 is not a finite number"},
		{"a line string", orb.LineString{{116, 39}, {117, 40}}, "orb.LineString is not a polygon"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := geo.RepairOutline(c.in)
			if !errors.Is(err, geo.ErrUnrepairable) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want ErrUnrepairable saying %q", err, c.want)
			}
		})
	}
}

// ExampleRepairOutline repairs a bow-tie: its two lobes become two triangles.
func ExampleRepairOutline() {
	bowTie := orb.Polygon{{{116, 39}, {116.25, 39.25}, {116.25, 39}, {116, 39.25}, {116, 39}}}
	rep, err := geo.RepairOutline(bowTie)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep)
	fmt.Println(wkt.MarshalString(rep.Geometry))
	fmt.Printf("%.1f km² before, %.1f km² after\n", geo.Area(bowTie)/1e6, geo.Area(rep.Geometry)/1e6)
	// Output:
	// split at 1 self-intersection
	// MULTIPOLYGON(((116 39,116.125 39.125,116 39.25,116 39)),((116.25 39.25,116.125 39.125,116.25 39,116.25 39.25)))
	// 0.0 km² before, 300.0 km² after
}
