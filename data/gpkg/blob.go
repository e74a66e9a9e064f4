package gpkg

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"cctvgis/data/wkb"
)

// The flags of a GeoPackage geometry blob's header (GeoPackage 1.2, §2.1.3.1.1).
const (
	flagExtended = 0x20
	flagEmpty    = 0x10
	flagEnvelope = 0x0e
)

// envelopeSizes are the sizes of the envelope by its code in the flags: none, XY, XYZ,
// XYM, XYZM.
var envelopeSizes = [...]int{0, 32, 48, 48, 64}

// decodeBlob decodes a GeoPackage geometry blob: the header ("GP", version 0, flags, the
// srs_id and an envelope, which the reader does not need) and the standard WKB that
// follows. It returns the geometry as a table.Source gives it, a multipoint of one point
// as that point, or says why it cannot.
func decodeBlob(b []byte) (orb.Geometry, string) {
	if len(b) < 8 {
		return nil, fmt.Sprintf("a geometry of %d bytes, cut short", len(b))
	}
	if b[0] != 'G' || b[1] != 'P' {
		return nil, fmt.Sprintf("not a GeoPackage geometry: it starts with bytes %#x %#x, not \"GP\"", b[0], b[1])
	}
	if b[2] != 0 {
		return nil, fmt.Sprintf("a GeoPackage geometry of version %d, which cctvgis does not read (want 0)", b[2])
	}
	flags := b[3]
	if flags&flagExtended != 0 {
		return nil, "an extended GeoPackage geometry, which cctvgis does not read"
	}
	if flags&flagEmpty != 0 {
		return nil, "empty"
	}
	code := int(flags&flagEnvelope) >> 1
	if code >= len(envelopeSizes) {
		return nil, fmt.Sprintf("envelope code %d in the geometry's header, want 0–4", code)
	}
	start := 8 + envelopeSizes[code]
	if len(b) < start {
		return nil, fmt.Sprintf("a geometry of %d bytes, cut short in its envelope", len(b))
	}
	g, _, err := wkb.Decode(b[start:])
	if err != nil {
		if werr := (*wkb.Error)(nil); errors.As(err, &werr) {
			return nil, werr.Reason
		}
		return nil, err.Error()
	}
	if m, ok := g.(orb.MultiPoint); ok {
		if len(m) != 1 {
			return nil, fmt.Sprintf("a MultiPoint of %d points; cctvgis reads single points", len(m))
		}
		return m[0], ""
	}
	return g, ""
}
