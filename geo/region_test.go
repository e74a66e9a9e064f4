package geo_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"cctvgis/geo"
)

// box is the square [x0, x1]² as a closed ring.
func box(x0, x1 float64) orb.Ring {
	return square(x0, x0, x1, x1)[0]
}

// ringWithHole is the square [0, 10]² with the hole [4, 6]², and the square [20, 30]².
func ringWithHole() *geo.Region {
	return geo.NewRegion(orb.MultiPolygon{{box(0, 10), box(4, 6)}, {box(20, 30)}})
}

func TestRegionContains(t *testing.T) {
	r := ringWithHole()
	tests := []struct {
		name string
		p    orb.Point
		want bool
	}{
		{"inside", orb.Point{2, 2}, true},
		{"in the hole", orb.Point{5, 5}, false},
		{"on the hole's edge", orb.Point{4, 5}, true},
		{"on a corner", orb.Point{10, 10}, true},
		{"on the outer edge", orb.Point{0, 3}, true},
		{"in the second polygon", orb.Point{25, 21}, true},
		{"between the polygons", orb.Point{15, 5}, false},
		{"outside the bound", orb.Point{-1, 5}, false},
		{"NaN", orb.Point{math.NaN(), 5}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Contains(tt.p); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestRegionIntersects(t *testing.T) {
	r := ringWithHole()
	tests := []struct {
		name string
		g    orb.Geometry
		want bool
	}{
		{"point inside", orb.Point{1, 1}, true},
		{"point in the hole", orb.Point{5, 5}, false},
		{"line crossing with no vertex inside", orb.LineString{{-5, 5}, {15, 5}}, true},
		{"line in the hole", orb.LineString{{4.5, 5}, {5.5, 5}}, false},
		{"line touching a corner", orb.LineString{{10, 10}, {12, 12}}, true},
		{"line apart", orb.LineString{{11, 0}, {19, 30}}, false},
		{"multi line, second meets", orb.MultiLineString{{{11, 0}, {12, 0}}, {{25, 19}, {25, 31}}}, true},
		{"polygon enclosing the second polygon", orb.Polygon{box(19, 31)}, true},
		{"polygon inside the first", orb.Polygon{box(1, 2)}, true},
		{"polygon filling the hole", orb.Polygon{box(4.5, 5.5)}, false},
		{"polygon sharing an edge", orb.Polygon{{{10, 0}, {12, 0}, {12, 10}, {10, 10}, {10, 0}}}, true},
		{"polygon apart", orb.Polygon{box(12, 18)}, false},
		{"bound overlapping", orb.Bound{Min: orb.Point{9, 9}, Max: orb.Point{11, 11}}, true},
		{"collection with one that meets", orb.Collection{orb.Point{15, 15}, orb.Point{3, 3}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Intersects(tt.g); got != tt.want {
				t.Errorf("Intersects(%v) = %v, want %v", tt.g, got, tt.want)
			}
		})
	}
}

func TestRegionNear(t *testing.T) {
	r := ringWithHole()
	tests := []struct {
		name string
		p    orb.Point
		dist float64
		want bool
	}{
		{"outside, within reach", orb.Point{-1, 5}, 1, true},
		{"outside, out of reach", orb.Point{-1.5, 5}, 1, false},
		{"deep inside, out of reach of every edge", orb.Point{2, 2}, 1, false},
		{"in the hole, within reach of its edge", orb.Point{5, 5}, 1, true},
		{"diagonal from a corner", orb.Point{11, 11}, math.Sqrt2, true},
		{"between the polygons", orb.Point{15, 5}, 4.9, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Near(tt.p, tt.dist); got != tt.want {
				t.Errorf("Near(%v, %v) = %v, want %v", tt.p, tt.dist, got, tt.want)
			}
		})
	}
}

func TestRegionEmpty(t *testing.T) {
	r := geo.NewRegion(nil)
	if r.Contains(orb.Point{0, 0}) || r.Near(orb.Point{0, 0}, 1) || r.Intersects(orb.Polygon{box(-1, 1)}) {
		t.Error("an empty region meets something")
	}
}

// The banded index gives what walking every edge gives, on a jagged polygon of many
// edges with a hole.
func TestRegionMatchesPlanar(t *testing.T) {
	rnd := newRand(t)
	const n = 2000
	outer, hole := make(orb.Ring, 0, n+1), make(orb.Ring, 0, n/4+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / n
		rad := uniform(rnd, 60, 100)
		outer = append(outer, orb.Point{rad * math.Cos(a), rad * math.Sin(a)})
	}
	for i := range n / 4 {
		a := 2 * math.Pi * float64(i) / (n / 4)
		rad := uniform(rnd, 10, 30)
		hole = append(hole, orb.Point{rad * math.Cos(a), rad * math.Sin(a)})
	}
	outer, hole = append(outer, outer[0]), append(hole, hole[0])
	poly := orb.Polygon{outer, hole}
	r := geo.NewRegion(orb.MultiPolygon{poly})
	for range 3000 {
		p := orb.Point{uniform(rnd, -110, 110), uniform(rnd, -110, 110)}
		if got, want := r.Contains(p), planar.PolygonContains(poly, p); got != want {
			t.Fatalf("Contains(%v) = %v, planar says %v", p, got, want)
		}
		d := uniform(rnd, 0, 20)
		want := false
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				if planar.DistanceFromSegment(ring[i-1], ring[i], p) <= d {
					want = true
				}
			}
		}
		if got := r.Near(p, d); got != want {
			t.Fatalf("Near(%v, %v) = %v, walking every edge says %v", p, d, got, want)
		}
	}
}

// A district prepared once answers which features of a layer lie in it.
func ExampleRegion() {
	district := geo.NewRegion(orb.MultiPolygon{{
		{{119.40, 32.39}, {119.42, 32.39}, {119.42, 32.41}, {119.40, 32.41}, {119.40, 32.39}},
	}})
	fmt.Println(district.Contains(orb.Point{119.41, 32.40}))
	fmt.Println(district.Intersects(orb.LineString{{119.39, 32.40}, {119.43, 32.40}}))
	fmt.Println(district.Intersects(orb.Point{119.45, 32.40}))

	// Distances need metres: prepare the district again on a local projection.
	proj := geo.NewProjection(orb.Point{119.41, 32.40})
	metric := geo.NewRegion(proj.ForwardGeometry(orb.MultiPolygon{{
		{{119.40, 32.39}, {119.42, 32.39}, {119.42, 32.41}, {119.40, 32.41}, {119.40, 32.39}},
	}}).(orb.MultiPolygon))
	camera := proj.Forward(orb.Point{119.4205, 32.40}) // about 47 m east of the edge
	fmt.Println(metric.Near(camera, 50), metric.Near(camera, 40))
	// Output:
	// true
	// true
	// false
	// true false
}
