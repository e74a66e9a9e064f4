package geo_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/internal/testenv"
)

func TestTopology(t *testing.T) {
	type overlap struct {
		outlines []int
		area     float64
		parts    int
	}
	for _, c := range []struct {
		name     string
		outlines []string
		overlaps []overlap
		gaps     []float64
	}{
		{"two overlapping squares share their overlap",
			[]string{"POLYGON((0 0,2 0,2 2,0 2,0 0))", "POLYGON((1 0,3 0,3 2,1 2,1 0))"},
			[]overlap{{[]int{0, 1}, 2, 1}}, nil},
		{"four strips round an empty unitArea leave a gap, and the left strip overlaps two",
			[]string{
				"POLYGON((0 0,3 0,3 1,0 1,0 0))",           // bottom
				"POLYGON((0 2,3 2,3 3,0 3,0 2))",           // top
				"POLYGON((0 0.5,1 0.5,1 2.5,0 2.5,0 0.5))", // left, over the bottom and top
				"POLYGON((2 1,3 1,3 2,2 2,2 1))",           // right
			},
			[]overlap{{[]int{0, 2}, 0.5, 1}, {[]int{1, 2}, 0.5, 1}}, []float64{1}},
		{"districts sharing their edges exactly neither overlap nor leave gaps",
			[]string{"POLYGON((0 0,1 0,1 1,0 1,0 0))", "POLYGON((1 0,2 0,2 1,1 1,1 0))", "POLYGON((0 1,2 1,2 2,0 2,0 1))"},
			nil, nil},
		{"an enclave drawn without its hole in the district around it overlaps it whole",
			[]string{"POLYGON((0 0,4 0,4 4,0 4,0 0))", "POLYGON((1 1,2 1,2 2,1 2,1 1))"},
			[]overlap{{[]int{0, 1}, 1, 1}}, nil},
		{"a hole no district fills is a gap, with an island in it taken out",
			[]string{"POLYGON((0 0,5 0,5 5,0 5,0 0),(1 1,1 4,4 4,4 1,1 1))", "POLYGON((2 2,3 2,3 3,2 3,2 2))"},
			nil, []float64{8}},
		{"the slivers where two zigzag boundaries cross are parts of one overlap",
			[]string{"POLYGON((0 0,2 0,2.25 1,2 2,2.25 3,2 4,0 4,0 0))", "POLYGON((2 0,4 0,4 4,2 4,1.75 3,2 2,1.75 1,2 0))"},
			[]overlap{{[]int{0, 1}, 1, 2}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var gs []orb.Geometry
			for _, s := range c.outlines {
				gs = append(gs, placed(t, s))
			}
			top, err := geo.NewTopology(gs)
			if err != nil {
				t.Fatal(err)
			}
			var got []overlap
			for _, o := range top.Overlaps {
				got = append(got, overlap{o.Outlines, o.Area / unitArea, o.Parts})
			}
			if !slices.EqualFunc(got, c.overlaps, func(a, b overlap) bool {
				return slices.Equal(a.outlines, b.outlines) && math.Abs(a.area-b.area) < 1e-3*b.area && a.parts == b.parts
			}) {
				t.Errorf("overlaps %v, want %v", got, c.overlaps)
			}
			var gaps []float64
			for _, g := range top.Gaps {
				gaps = append(gaps, g.Area/unitArea)
			}
			if !slices.EqualFunc(gaps, c.gaps, func(a, b float64) bool { return math.Abs(a-b) < 1e-3*b }) {
				t.Errorf("gaps %v, want %v", gaps, c.gaps)
			}
		})
	}
}

// TestTopologyOfBeijing overlays Beijing's repaired districts: rounding each outline to
// 1/1024 degree on its own left slivers of overlap and gap along the shared boundaries,
// a fraction of a per mille of the city.
func TestTopologyOfBeijing(t *testing.T) {
	names, outlines := testenv.Beijing(t)
	city := 0.0
	for k, o := range outlines {
		rep, err := geo.RepairOutline(o)
		if err != nil {
			t.Fatalf("%s: %v", names[k], err)
		}
		outlines[k] = rep.Geometry
		city += geo.Area(rep.Geometry)
	}
	top, err := geo.NewTopology(outlines)
	if err != nil {
		t.Fatal(err)
	}
	overlap, gap := 0.0, 0.0
	for _, o := range top.Overlaps {
		overlap += o.Area
		if len(o.Outlines) < 2 || o.Area <= 0 {
			t.Errorf("overlap %+v", o)
		}
	}
	for _, g := range top.Gaps {
		gap += g.Area
		if g.Area <= 0 {
			t.Errorf("gap %+v", g)
		}
	}
	if len(top.Overlaps) == 0 || len(top.Gaps) == 0 || overlap > 1e-3*city || gap > 1e-3*city {
		t.Errorf("%d overlaps of %.2f km² and %d gaps of %.2f km² in a city of %.0f km²", len(top.Overlaps), overlap/1e6, len(top.Gaps), gap/1e6, city/1e6)
	}
	t.Logf("%d overlaps of %.2f km² and %d gaps of %.2f km² in a city of %.0f km²; largest overlap %s ∩ %s, %.3f km²",
		len(top.Overlaps), overlap/1e6, len(top.Gaps), gap/1e6, city/1e6, names[top.Overlaps[0].Outlines[0]], names[top.Overlaps[0].Outlines[1]], top.Overlaps[0].Area/1e6)
}

// ExampleNewTopology overlays two districts that overlap along their shared boundary.
func ExampleNewTopology() {
	west := orb.Polygon{{{116, 39}, {116.5, 39}, {116.5, 39.5}, {116, 39.5}, {116, 39}}}
	east := orb.Polygon{{{116.25, 39}, {117, 39}, {117, 39.5}, {116.25, 39.5}, {116.25, 39}}}
	top, err := geo.NewTopology([]orb.Geometry{west, east})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range top.Overlaps {
		fmt.Printf("outlines %v overlap over %.0f km² in %d place\n", o.Outlines, o.Area/1e6, o.Parts)
	}
	fmt.Println(len(top.Gaps), "gaps")
	// Output:
	// outlines [0 1] overlap over 1198 km² in 1 place
	// 0 gaps
}
