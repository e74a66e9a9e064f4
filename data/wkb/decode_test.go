package wkb_test

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/wkb"
)

// decodeTests are values PostGIS 3.3 writes (ST_AsBinary, ISO WKB with Z and M codes, and
// ST_AsEWKB, with EWKB's flags), and what the decoder reads of them: X and Y.
var decodeTests = []struct {
	name string
	hex  string
	want orb.Geometry
	srid int
}{
	{"ISO point Z", "01e9030000000000000000f03f00000000000000400000000000000840", orb.Point{1, 2}, 0},
	{"ISO point M", "01d1070000000000000000f03f00000000000000400000000000001040", orb.Point{1, 2}, 0},
	{"ISO line ZM", "01ba0b000002000000000000000000f03f000000000000004000000000000008400000000000001040000000000000144000000000000018400000000000001c400000000000002040",
		orb.LineString{{1, 2}, {5, 6}}, 0},
	{"EWKB polygon Z of SRID 4490", "01030000a08a110000010000000400000000000000000000000000000000000000000000000000f03f00000000000010400000000000000000000000000000f03f00000000000010400000000000001040000000000000f03f00000000000000000000000000000000000000000000f03f",
		orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}}, 4490},
	{"EWKB multipolygon ZM", "01060000e0e61000000100000001030000c0010000000400000000000000000000000000000000000000000000000000f03f0000000000000040000000000000f03f0000000000000000000000000000f03f0000000000000040000000000000f03f000000000000f03f000000000000f03f000000000000004000000000000000000000000000000000000000000000f03f0000000000000040",
		orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, 4326},
	{"big-endian multi line string", "0000000005000000020000000002000000023ff000000000000040000000000000004008000000000000401000000000000000000000020000000240140000000000004018000000000000401c0000000000004020000000000000",
		orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, 0},
	{"multipoint", "0104000000020000000101000000000000000000f03f0000000000000040010100000000000000000008400000000000001040",
		orb.MultiPoint{{1, 2}, {3, 4}}, 0},
	{"polygon with a hole", "01030000000200000005000000000000000000000000000000000000000000000000001040000000000000000000000000000010400000000000001040000000000000000000000000000010400000000000000000000000000000000004000000000000000000f03f000000000000f03f000000000000f03f000000000000004000000000000000400000000000000040000000000000f03f000000000000f03f",
		orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 2}, {2, 2}, {1, 1}}}, 0},
	{"empty line", "010200000000000000", orb.LineString{}, 0},
}

func unhex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestDecodeReadsWhatPostGISWrites(t *testing.T) {
	for _, tc := range decodeTests {
		t.Run(tc.name, func(t *testing.T) {
			g, srid, err := wkb.Decode(unhex(t, tc.hex))
			if err != nil {
				t.Fatal(err)
			}
			if !orb.Equal(g, tc.want) || srid != tc.srid {
				t.Errorf("read %v of SRID %d, want %v of SRID %d", g, srid, tc.want, tc.srid)
			}
		})
	}
}

func TestDecodeRefuses(t *testing.T) {
	huge := binary.LittleEndian.AppendUint32([]byte{1, 2, 0, 0, 0}, 1<<31)
	tests := []struct {
		name, hex, why string
	}{
		{"nothing", "", "cut short at byte 0"},
		{"a byte order of 2", "0201000000", "byte order 2 at byte 0"},
		{"a point cut short", "0101000000000000000000f03f", "cut short at byte 13"},
		{"a line claiming 2^31 positions", hex.EncodeToString(huge), "a count of 2147483648 at byte 5, more than the 0 bytes left can hold"},
		{"a geometry collection", "0107000000010000000101000000000000000000f03f0000000000000040", "a geometry of type GeometryCollection"},
		{"a circular string", "01080000000300000000000000000000000000000000000000000000000000f03f000000000000f03f00000000000000400000000000000000", "type CircularString"},
		{"an unknown type", "0163000000", "unknown geometry type 99"},
		{"an empty point", "0101000000000000000000f87f000000000000f87f", "an empty point"},
		{"bytes after the geometry", "0101000000000000000000f03f0000000000000040ff", "1 bytes after the geometry"},
		{"a multi line string holding a point", "0105000000010000000101000000000000000000f03f0000000000000040", "part 1 of a MultiLineString is a Point"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := unhex(t, tc.hex)
			if n := allocatedBy(func() { _, _, _ = wkb.Decode(b) }); n > 4096 {
				t.Errorf("refusing %d bytes allocated %d", len(b), n)
			}
			g, _, err := wkb.Decode(b)
			var werr *wkb.Error
			if !errors.As(err, &werr) || !strings.Contains(werr.Reason, tc.why) {
				t.Errorf("read %v, err %v; want an error saying %q", g, err, tc.why)
			}
		})
	}
}
