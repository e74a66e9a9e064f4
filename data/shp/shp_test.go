package shp_test

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/shp"
)

// ring returns the closed ring through the positions given as x, y pairs.
func ring(xy ...float64) []orb.Point {
	var r []orb.Point
	for i := 0; i+1 < len(xy); i += 2 {
		r = append(r, orb.Point{xy[i], xy[i+1]})
	}
	return append(r, r[0])
}

// Every shape type of the format reads as the layers want it: points with Z and M
// dropped, a one-point multipoint as a point, lines and multi lines, polygons with their
// holes in the shell that holds them and GeoJSON's orientation (shells counter-clockwise),
// and the types no layer holds as a problem of their record alone.
func TestShapeTypes(t *testing.T) {
	// ESRI's orientation: shells clockwise, holes counter-clockwise.
	shell := ring(0, 0, 0, 10, 10, 10, 10, 0)
	hole := ring(2, 2, 4, 2, 4, 4, 2, 4)
	far := ring(20, 0, 20, 10, 30, 10, 30, 0)
	farHole := ring(22, 2, 24, 2, 24, 4, 22, 4)
	cases := []struct {
		name   string
		record []byte
		want   string
	}{
		{"null shape", le(nil, tNull), "<nil> <nil>"},
		{"point", pointRecord(tPoint, orb.Point{116.4, 39.9}), "orb.Point [116.4 39.9]"},
		{"point with Z", pointRecord(tPointZ, orb.Point{500000.5, 4400000.25}), "orb.Point [500000.5 4.40000025e+06]"},
		{"point with M", pointRecord(tPointM, orb.Point{1, 2}), "orb.Point [1 2]"},
		{"multipoint of one point", partsRecord(tMultiPoint, []orb.Point{{3, 4}}), "orb.Point [3 4]"},
		{"multipoint of three", partsRecord(tMultiPoint, []orb.Point{{3, 4}, {5, 6}, {7, 8}}), "problem: a multipoint of 3 points, where one point per record is read"},
		{"polyline", partsRecord(tPolyLine, []orb.Point{{0, 0}, {1, 1}, {2, 0}}), "orb.LineString [[0 0] [1 1] [2 0]]"},
		{"polyline with Z, two parts", partsRecord(tPolyLineZ, []orb.Point{{0, 0}, {1, 1}}, []orb.Point{{5, 5}, {6, 6}}),
			"orb.MultiLineString [[[0 0] [1 1]] [[5 5] [6 6]]]"},
		{"polygon with a hole", partsRecord(tPolygon, shell, hole),
			"orb.Polygon [[[0 0] [10 0] [10 10] [0 10] [0 0]] [[2 2] [2 4] [4 4] [4 2] [2 2]]]"},
		{"two polygons, the hole of the second listed first", partsRecord(tPolygon, farHole, shell, far),
			"orb.MultiPolygon [[[[0 0] [10 0] [10 10] [0 10] [0 0]]] [[[20 0] [30 0] [30 10] [20 10] [20 0]] [[22 2] [22 4] [24 4] [24 2] [22 2]]]]"},
		{"a counter-clockwise ring in no shell", partsRecord(tPolygon, hole),
			"orb.Polygon [[[2 2] [4 2] [4 4] [2 4] [2 2]]]"},
		{"multipatch", le(nil, tMultiPatch, 0.0, 0.0, 0.0, 0.0, 0, 0), "problem: a multipatch (shape type 31), a 3D surface: not read"},
		{"unknown shape type", le(nil, 7, 1.0, 2.0), "problem: shape type 7 is not one of a shapefile"},
		{"more points than the record holds", le(nil, tPolyLine, 0.0, 0.0, 0.0, 0.0, 1, 1000, 0), "problem: 1 parts of 1000 points in a record of 48 bytes"},
		{"a part past the last point", le(nil, tPolyLine, 0.0, 0.0, 0.0, 0.0, 2, 3, 0, 5, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0),
			"problem: part 0 runs from point 0 to 5 of 3"},
		{"a first part not at the first point", le(nil, tPolyLine, 0.0, 0.0, 0.0, 0.0, 1, 2, 1, 0.0, 0.0, 1.0, 1.0),
			"problem: part 0 starts at point 1, not 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, x := shpFiles(c.record)
			dir := writeFiles(t, map[string][]byte{"a.shp": s, "a.shx": x})
			_, got, err := readAll(t, filepath.Join(dir, "a.shp"))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || describe(got[0]) != c.want || got[0].N != 1 {
				t.Fatalf("read %d features: %+v\nwant %s", len(got), got, c.want)
			}
		})
	}
}

// A record of a broken file is an error that names the file, the record and its byte; a
// .shx or .dbf that does not fit the .shp is an error, never a silent loss of records.
func TestBrokenFiles(t *testing.T) {
	p := pointRecord(tPoint, orb.Point{1, 2})
	good, goodShx := shpFiles(p, p, p)
	at := func(b []byte, off int, v uint32, big bool) []byte {
		b = append([]byte(nil), b...)
		if big {
			binary.BigEndian.PutUint32(b[off:], v)
		} else {
			binary.LittleEndian.PutUint32(b[off:], v)
		}
		return b
	}
	names := []dbfField{{"ID", 'C', 4, 0}}
	cases := []struct {
		name  string
		files map[string][]byte
		// read is how many features read before the error
		read int
		want string
	}{
		{"an empty .shp", map[string][]byte{"a.shp": nil}, 0, "a.shp: the file has 0 bytes, fewer than the 100 of its header"},
		{"not a .shp", map[string][]byte{"a.shp": at(good, 0, 1234, true)}, 0, "a.shp: at byte 0: file code 1234, want 9994: not a shapefile"},
		{"another version", map[string][]byte{"a.shp": at(good, 28, 999, false)}, 0, "a.shp: at byte 28: version 999, want 1000"},
		{"a record cut short", map[string][]byte{"a.shp": good[:len(good)-5]}, 2, "a.shp: record 3 at byte 156: the record's 20 bytes run past the end of the file at byte 179"},
		{"a file cut between records", map[string][]byte{"a.shp": good[:156]}, 2, "a.shp: record 3 at byte 156: the file ends here, and its header says it has 184 bytes: it was cut short"},
		{"a record claiming 2 GB", map[string][]byte{"a.shp": at(good, 128+4, 1<<30, true)}, 1, "a.shp: record 2 at byte 128: the record claims 2147483648 bytes, more than the 268435456 a record may hold"},
		{"a .shx placing a record in the one before", map[string][]byte{"a.shp": good, "a.shx": at(goodShx, 108, 55, true)}, 1, "a.shp: record 2 at byte 110: the .shx places the record inside the header or the record before, which end at byte 128"},
		{"a .shx placing a record past the end", map[string][]byte{"a.shp": good, "a.shx": at(goodShx, 108, 5000, true)}, 1, "a.shp: record 2 at byte 10000: the .shx places the record past the end of the file at byte 184"},
		{"a .shx of fewer records", map[string][]byte{"a.shp": good, "a.shx": shpHeader(116, tPoint, goodShx[100:116])}, 2, "a.shx: lists 2 records, and "},
		{"a .dbf of fewer records", map[string][]byte{"a.shp": good, "a.dbf": dbfFile(0, names, []string{"1"}, []string{"2"})}, 2, "a.dbf: has 2 records, and a.shp more"},
		{"a .dbf of more records", map[string][]byte{"a.shp": good, "a.dbf": dbfFile(0, names, []string{"1"}, []string{"2"}, []string{"3"}, []string{"4"})}, 3, "a.shp: has 3 records, and a.dbf 4"},
		{"a .dbf cut short, found when detecting its encoding", map[string][]byte{"a.shp": good, "a.dbf": dbfFile(0, names, []string{"1"}, []string{"2"}, []string{"3"})[:75]}, 0,
			"a.dbf: record 3 at byte 75: the record's 5 bytes run past the end of the file at byte 75"},
		{"a .dbf cut short", map[string][]byte{"a.shp": good, "a.cpg": []byte("UTF-8"), "a.dbf": dbfFile(0, names, []string{"1"}, []string{"2"}, []string{"3"})[:75]}, 2, "a.dbf: record 3 at byte 75: the record's 5 bytes run past the end of the file at byte 75"},
		{"not a .dbf", map[string][]byte{"a.shp": good, "a.dbf": []byte("<html>not found</html>              ")}, 0, "a.dbf: at byte 0: version byte 0x3C is not one of dBASE III, IV, 7 or FoxPro: not a .dbf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeFiles(t, c.files)
			_, got, err := readAll(t, filepath.Join(dir, "a.shp"))
			var e *shp.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want a *shp.Error", err)
			}
			msg := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator))
			if !strings.HasPrefix(msg, c.want) || len(got) != c.read {
				t.Errorf("read %d, error\n%s\nwant %d and\n%s", len(got), msg, c.read, c.want)
			}
		})
	}
}
