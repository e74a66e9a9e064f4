package inspect

import (
	"math"

	"cctvgis/geo"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// localLimitM is the distance up to which Distance measures in a transverse Mercator
// projection centred on the first point, where scale error stays under 1e-5.
const localLimitM = 30_000

// Distance returns the distance in metres between two WGS84 longitude/latitude points on
// the WGS84 ellipsoid. Up to 30 km (the distances flags are about) it is the length in a
// transverse Mercator projection centred on a, within a millimetre of the geodesic at
// 100 m and within 0.001% at 30 km; beyond, it is the haversine distance on the mean
// sphere (within 0.5%), which is enough to say "far".
func Distance(a, b orb.Point) float64 {
	rough := orbgeo.DistanceHaversine(a, b)
	if !(rough <= localLimitM) {
		return rough
	}
	xy := geo.NewProjection(a).Forward(b)
	return math.Hypot(xy[0], xy[1])
}
