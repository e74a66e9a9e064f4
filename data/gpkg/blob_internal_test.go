package gpkg

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/wkb"
)

// blob returns a GeoPackage geometry blob of g with the flags and an envelope of size
// envelope bytes (zeros).
func blob(tb testing.TB, flags byte, envelope int, g orb.Geometry) []byte {
	tb.Helper()
	b := append([]byte{'G', 'P', 0, flags}, binary.LittleEndian.AppendUint32(nil, 4326)...)
	b = append(b, make([]byte, envelope)...)
	if g == nil {
		return b
	}
	b, err := wkb.AppendEWKB(b, g, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestDecodeBlob(t *testing.T) {
	p := orb.Point{116.4, 39.9}
	line := orb.LineString{p, {116.5, 39.9}}
	// A line string (type 2) claiming 2^31 positions, and a multipoint (type 4) of one.
	huge := binary.LittleEndian.AppendUint32(append(blob(t, 1, 0, nil), 1, 2, 0, 0, 0), 1<<31)
	onePoint := append(append(blob(t, 1, 0, nil), 1, 4, 0, 0, 0, 1, 0, 0, 0), blob(t, 1, 0, p)[8:]...)
	tests := []struct {
		name string
		b    []byte
		want orb.Geometry
		why  string
	}{
		{"a point without envelope", blob(t, 1, 0, p), p, ""},
		{"a line with an XY envelope", blob(t, 1|1<<1, 32, line), line, ""},
		{"a line with an XYZM envelope, big-endian header", blob(t, 4<<1, 64, line), line, ""},
		{"a multipoint of one point", onePoint, p, ""},
		{"cut short in the header", []byte("GP\x00"), nil, "a geometry of 3 bytes, cut short"},
		{"cut short in the envelope", blob(t, 1|1<<1, 8, nil), nil, "cut short in its envelope"},
		{"not GP", append([]byte("XX"), blob(t, 1, 0, p)[2:]...), nil, `not a GeoPackage geometry: it starts with bytes 0x58 0x58, not "GP"`},
		{"version 1", append([]byte{'G', 'P', 1}, blob(t, 1, 0, p)[3:]...), nil, "a GeoPackage geometry of version 1"},
		{"extended", blob(t, 1|flagExtended, 0, p), nil, "an extended GeoPackage geometry"},
		{"empty", blob(t, 1|flagEmpty, 0, p), nil, "empty"},
		{"envelope code 5", blob(t, 1|5<<1, 0, p), nil, "envelope code 5 in the geometry's header, want 0–4"},
		{"WKB claiming 2^31 positions", huge, nil, "a count of 2147483648 at byte 5"},
		{"WKB cut short", blob(t, 1, 0, line)[:30], nil, "a count of 2 at byte 5, more than the 13 bytes left can hold"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, why := decodeBlob(tc.b)
			if why != "" || tc.why != "" {
				if !strings.Contains(why, tc.why) || tc.why == "" || g != nil {
					t.Errorf("read %v, problem %q; want the problem %q", g, why, tc.why)
				}
				return
			}
			if !orb.Equal(g, tc.want) {
				t.Errorf("read %v, want %v", g, tc.want)
			}
		})
	}
}
