package wkb_test

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/wkb"
)

// The encoder writes what PostGIS writes: ST_AsEWKB of the same geometry in SRID 4326
// (SELECT ST_AsEWKB(ST_GeomFromText('…', 4326))).
func TestAppendEWKBAsPostGIS(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		hex  string
	}{
		{"point", orb.Point{1, 2}, "0101000020E6100000000000000000F03F0000000000000040"},
		{"line", orb.LineString{{0, 0}, {1, 1}},
			"0102000020E61000000200000000000000000000000000000000000000000000000000F03F000000000000F03F"},
		{"multiline", orb.MultiLineString{{{0, 0}, {1, 1}}},
			"0105000020E61000000100000001020000000200000000000000000000000000000000000000000000000000F03F000000000000F03F"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := wkb.AppendEWKB([]byte{0xff}, tc.g, 4326)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.ToUpper(hex.EncodeToString(b[1:])); got != tc.hex || b[0] != 0xff {
				t.Errorf("EWKB %s, want %s after the bytes already there", got, tc.hex)
			}
		})
	}
	if _, err := wkb.AppendEWKB(nil, orb.MultiPoint{{1, 2}}, 4326); !errors.Is(err, wkb.ErrUnsupported) {
		t.Errorf("a multipoint encoded (err %v); no layer holds one", err)
	}
}
