package geo_test

import (
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/internal/testenv"
)

// BenchmarkRepairBeijing repairs Beijing's 16 districts (9,400 positions, 12 of them
// self-intersecting), as import --repair does.
func BenchmarkRepairBeijing(b *testing.B) {
	_, outlines := testenv.Beijing(b)
	for b.Loop() {
		for _, o := range outlines {
			if _, err := geo.RepairOutline(o); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRepairValidOutline repairs a building that needs nothing, as import --repair
// meets most of a city's hundred thousand occluders.
func BenchmarkRepairValidOutline(b *testing.B) {
	building := orb.Polygon{{{116, 39}, {116.0002, 39}, {116.0002, 39.0001}, {116.0001, 39.00015}, {116, 39.0001}, {116, 39}}}
	for b.Loop() {
		if _, err := geo.RepairOutline(building); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTopologyBeijing overlays Beijing's 16 repaired districts for their overlaps and
// gaps.
func BenchmarkTopologyBeijing(b *testing.B) {
	_, outlines := testenv.Beijing(b)
	repaired := make([]orb.Geometry, len(outlines))
	for k, o := range outlines {
		rep, err := geo.RepairOutline(o)
		if err != nil {
			b.Fatal(err)
		}
		repaired[k] = rep.Geometry
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := geo.NewTopology(repaired); err != nil {
			b.Fatal(err)
		}
	}
}
