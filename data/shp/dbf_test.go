package shp_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/data/shp"
)

// nullShapes returns a .shp and .shx of n null shapes.
func nullShapes(n int) (shpBytes, shxBytes []byte) {
	records := make([][]byte, n)
	for i := range records {
		records[i] = le(nil, tNull)
	}
	return shpFiles(records...)
}

// The cells of each dBASE type read as the table reader takes them: text, integers and
// decimals, blanks and dBASE's asterisks of overflow as nil, logicals, dates; a number
// cell holding text stays text (the table reader says it is no number); memo columns are
// kept, empty, with a note; deleted records are passed over, and the numbering goes on.
func TestDBFCells(t *testing.T) {
	fields := []dbfField{
		{"NAME", 'C', 12, 0}, {"COUNT", 'N', 6, 0}, {"RANGE", 'N', 8, 2}, {"HEIGHT", 'F', 8, 3},
		{"ONLINE", 'L', 1, 0}, {"BUILT", 'D', 8, 0}, {"NOTE", 'M', 10, 0},
	}
	d := dbfFile(0, fields,
		[]string{"north gate", "42", "35.50", "4.250", "T", "20210501", "         1"},
		[]string{"*", "deleted", "1", "1", "1", "F", "20200101", ""},
		[]string{"", "", "******", "", "?", "", ""},
		[]string{"  padded  ", "-7", "3,5", "1e2", "n", "20211301", ""},
	)
	s, x := nullShapes(4)
	dir := writeFiles(t, map[string][]byte{"a.shp": s, "a.shx": x, "a.dbf": d})
	f, got, err := readAll(t, filepath.Join(dir, "a.shp"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"NAME", "COUNT", "RANGE", "HEIGHT", "ONLINE", "BUILT", "NOTE"}; !slices.Equal(f.Columns(), want) {
		t.Errorf("columns %q, want %q", f.Columns(), want)
	}
	want := []struct {
		n     int64
		cells []any
	}{
		{1, []any{"north gate", int64(42), 35.5, 4.25, true, time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC), nil}},
		{3, []any{nil, nil, nil, nil, nil, nil, nil}},
		{4, []any{"padded", int64(-7), "3,5", 100.0, false, "20211301", nil}},
	}
	if len(got) != len(want) {
		t.Fatalf("read %d records, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].N != w.n || fmt.Sprintf("%#v", got[i].Cells) != fmt.Sprintf("%#v", w.cells) {
			t.Errorf("record %d: %#v\nwant record %d: %#v", got[i].N, got[i].Cells, w.n, w.cells)
		}
	}
	if want := "a.dbf: column NOTE is a memo (type M), kept in a .dbt or .fpt file beside the .dbf, not read: its cells read as empty"; !slices.Equal(f.Notes(), []string{want}) {
		t.Errorf("notes %q, want %q", f.Notes(), want)
	}
}

// A shapefile without a .dbf is geometries alone (footprints of buildings, say): no
// columns, every shape read.
func TestNoDBF(t *testing.T) {
	s, _ := shpFiles(pointRecord(tPoint, orb.Point{1, 2}), pointRecord(tPoint, orb.Point{3, 4}))
	f, got, err := readAll(t, filepath.Join(writeFiles(t, map[string][]byte{"a.shp": s}), "a.shp"))
	if err != nil || len(got) != 2 || f.Columns() != nil || f.Encoding() != "" {
		t.Errorf("read %d, columns %q, encoding %q, error %v", len(got), f.Columns(), f.Encoding(), err)
	}
}

// The binary integer and float fields of FoxPro and dBASE 7 read as numbers.
func TestDBFBinaryNumbers(t *testing.T) {
	s, x := nullShapes(1)
	t.Run("FoxPro integer", func(t *testing.T) {
		d := dbfFile(0, []dbfField{{"N", 'I', 4, 0}}, []string{string(binary.LittleEndian.AppendUint32(nil, uint32(0xFFFFFFFE)))})
		d[0] = 0x30
		_, got, err := readAll(t, filepath.Join(writeFiles(t, map[string][]byte{"a.shp": s, "a.shx": x, "a.dbf": d}), "a.shp"))
		if err != nil || len(got) != 1 || got[0].Cells[0] != int64(-2) {
			t.Errorf("read %+v, error %v; want -2", got, err)
		}
	})
	t.Run("dBASE 7 integer and double", func(t *testing.T) {
		// dBASE 7: a 68-byte header, 48-byte field descriptors, big-endian numbers with
		// the sign bit flipped so that they sort as bytes.
		h := make([]byte, 68)
		h[0] = 0x04
		binary.LittleEndian.PutUint32(h[4:], 1)
		binary.LittleEndian.PutUint16(h[8:], 68+2*48+1)
		binary.LittleEndian.PutUint16(h[10:], 1+4+8)
		for _, f := range []struct {
			name  string
			typ   byte
			width byte
		}{{"COUNT", '+', 4}, {"VALUE", 'O', 8}} {
			d := make([]byte, 48)
			copy(d, f.name)
			d[32], d[33] = f.typ, f.width
			h = append(h, d...)
		}
		h = append(h, 0x0D, ' ')
		h = binary.BigEndian.AppendUint32(h, 5^1<<31)
		h = binary.BigEndian.AppendUint64(h, ^uint64(0xC00C000000000000)) // -3.5
		_, got, err := readAll(t, filepath.Join(writeFiles(t, map[string][]byte{"a.shp": s, "a.shx": x, "a.dbf": h}), "a.shp"))
		if err != nil || len(got) != 1 || got[0].Cells[0] != int64(5) || got[0].Cells[1] != -3.5 {
			t.Errorf("read %+v, error %v; want 5 and -3.5", got, err)
		}
	})
}

// zipOf returns a zip archive of the files given by name.
func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A zip is read in place when it holds one shapefile, in any folder, beside macOS's
// copies; one of several or none is refused, naming what it holds.
func TestZip(t *testing.T) {
	s, x := nullShapes(2)
	d := dbfFile(0, []dbfField{{"ID", 'C', 4, 0}}, []string{"a"}, []string{"b"})
	cases := []struct {
		name  string
		files map[string][]byte
		want  string // the error after the zip's path, "" for none
	}{
		{"one shapefile in a folder", map[string][]byte{"data/roads/a.shp": s, "data/roads/a.shx": x, "data/roads/a.dbf": d, "readme.txt": nil}, ""},
		{"one shapefile beside macOS's copies", map[string][]byte{"a.shp": s, "a.dbf": d, "__MACOSX/._a.shp": nil, "._b.shp": nil}, ""},
		{"two shapefiles", map[string][]byte{"x/a.shp": s, "y/b.SHP": s}, "holds 2 shapefiles (x/a.shp, y/b.SHP); import one at a time: a zip of one, or its .shp"},
		{"no shapefile", map[string][]byte{"a.dbf": d, "a.txt": nil}, "holds no shapefile (no .shp among its 2 files)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "in.zip")
			if err := os.WriteFile(path, zipOf(t, c.files), 0o600); err != nil {
				t.Fatal(err)
			}
			_, got, err := readAll(t, path)
			switch {
			case c.want == "" && (err != nil || len(got) != 2 || got[1].Cells[0] != "b"):
				t.Errorf("read %+v, error %v", got, err)
			case c.want != "" && (err == nil || err.Error() != path+": "+c.want):
				t.Errorf("error %v, want %s: %s", err, path, c.want)
			}
		})
	}
	t.Run("a zip bomb", func(t *testing.T) {
		// The .dbf declares 2 GB unpacked: refused before anything is unpacked.
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for _, f := range []struct {
			name string
			data []byte
			size uint64
		}{{"a.shp", s, uint64(len(s))}, {"a.dbf", d, 2 << 30}} {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: f.name, Method: zip.Store, CompressedSize64: uint64(len(f.data)), UncompressedSize64: f.size})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(f.data); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "in.zip")
		if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := shp.Open(path)
		if err == nil || !strings.Contains(err.Error(), "unpacks to more than 1024 MB") {
			t.Errorf("error %v, want the zip refused for its size", err)
		}
	})
	t.Run("not a zip", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "in.zip")
		if err := os.WriteFile(path, []byte("not a zip"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := shp.Open(path)
		var e *shp.Error
		if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), path+": not a readable zip archive") {
			t.Errorf("error %v", err)
		}
	})
}
