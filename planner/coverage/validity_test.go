package coverage_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/planner/coverage"
)

func ExamplePolygonProblem() {
	bowTie := orb.Polygon{{{119.40, 32.40}, {119.41, 32.41}, {119.41, 32.40}, {119.40, 32.41}, {119.40, 32.40}}}
	fmt.Println(coverage.PolygonProblem(bowTie))
	// Output: self-intersection at lon 119.405000, lat 32.405000
}

func TestPolygonProblem(t *testing.T) {
	square := func(x, y, side float64) orb.Ring {
		return orb.Ring{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}
	}
	cases := []struct {
		name string
		g    orb.Geometry
		want string
	}{
		{"square", orb.Polygon{square(0, 0, 1)}, ""},
		{"square with repeated positions", orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}, ""},
		{"square with a hole", orb.Polygon{square(0, 0, 4), square(1, 1, 1)}, ""},
		{"hole touching the shell at a point", orb.Polygon{square(0, 0, 4), {{0, 2}, {1, 1}, {1, 3}, {0, 2}}}, ""},
		{"parts touching at a corner", orb.MultiPolygon{{square(0, 0, 1)}, {square(1, 1, 1)}}, ""},
		{"not a polygon", orb.LineString{{0, 0}, {1, 1}, {1, 0}, {0, 1}}, ""},
		{"bow-tie", orb.Polygon{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}, "self-intersection at lon 0.500000, lat 0.500000"},
		{"ring touching itself at a vertex", orb.Polygon{{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}, {0, 0}}},
			"self-intersection at lon 1.000000, lat 1.000000"},
		{"ring touching itself mid-edge", orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}},
			"self-intersection at lon 2.000000, lat 0.000000"},
		{"spike", orb.Polygon{{{0, 0}, {2, 0}, {3, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}, "self-intersection at lon 2.000000, lat 0.000000"},
		{"spike at the closing position", orb.Polygon{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, -1}, {0, 0}}}, "self-intersection at lon 0.000000, lat 0.000000"},
		{"hole crossing the shell", orb.Polygon{square(0, 0, 2), square(1, 1, 2)}, "self-intersection at lon 2.000000, lat 1.000000"},
		{"parts sharing an edge", orb.MultiPolygon{{square(0, 0, 1)}, {square(1, 0, 1)}}, "self-intersection at lon 1.000000, lat 0.000000"},
		{"overlapping parts", orb.MultiPolygon{{square(0, 0, 2)}, {square(1, 1, 2)}}, "self-intersection at lon 2.000000, lat 1.000000"},
		{"unclosed ring", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, "ring 0 is not closed: its last position differs from its first"},
		{"too few positions", orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}, "ring 0 has 3 positions, need at least 4"},
		{"degenerate", orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {0, 0}}}, "ring 0 has 2 distinct positions, need at least 3"},
		{"not a number", orb.Polygon{{{0, 0}, {1, math.NaN()}, {1, 1}, {0, 0}}}, "ring 0 has a position that is not a finite number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := coverage.PolygonProblem(c.g); got != c.want {
				t.Errorf("PolygonProblem = %q, want %q", got, c.want)
			}
		})
	}
}

// A ring of many edges goes through the sweep rather than the comparison of every pair,
// and finds the same crossings.
func TestPolygonProblemManyEdges(t *testing.T) {
	circle := func(cx, cy, r float64, n int) orb.Ring {
		ring := make(orb.Ring, 0, n+1)
		for i := range n {
			a := 2 * math.Pi * float64(i) / float64(n)
			ring = append(ring, orb.Point{cx + r*math.Cos(a), cy + r*math.Sin(a)})
		}
		return append(ring, ring[0])
	}
	if got := coverage.PolygonProblem(orb.Polygon{circle(0, 0, 1, 1000), circle(0, 0, 0.5, 500)}); got != "" {
		t.Errorf("disc with a hole: %q", got)
	}
	bad := circle(0, 0, 1, 1000)
	bad[500] = orb.Point{2, 0} // a spike across the ring, from the far side
	if got := coverage.PolygonProblem(orb.Polygon{bad}); !strings.HasPrefix(got, "self-intersection at lon ") {
		t.Errorf("ring with an edge across it: %q", got)
	}
	if got := coverage.PolygonProblem(orb.MultiPolygon{{circle(0, 0, 1, 1000)}, {circle(1.5, 0, 1, 1000)}}); !strings.HasPrefix(got, "self-intersection at lon 0.750000, lat ") {
		t.Errorf("overlapping discs: %q", got)
	}
}
