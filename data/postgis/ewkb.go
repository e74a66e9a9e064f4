package postgis

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"cctvgis/data/wkb"
)

// srid is the spatial reference of every stored geometry: WGS84 longitude/latitude.
const srid = 4326

// ErrGeometry is wrapped for a geometry that cannot cross the storage boundary: a type
// the layers do not use, or an EWKB value of another SRID.
var ErrGeometry = errors.New("data: unsupported geometry")

// fromEWKB decodes EWKB of SRID 4326 into an orb geometry of a type the layers hold.
func fromEWKB(b []byte) (orb.Geometry, error) {
	g, s, err := wkb.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("decoding EWKB: %w", err)
	}
	if s != srid {
		return nil, fmt.Errorf("%w: SRID %d, want %d", ErrGeometry, s, srid)
	}
	if _, ok := g.(orb.MultiPoint); ok {
		return nil, fmt.Errorf("%w: MultiPoint", ErrGeometry)
	}
	return g, nil
}
