package shp

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"cctvgis/data/table"
)

// fuzzSeeds adds the files of testdata with extension ext as seeds of f, each with the
// file of extension pair beside it when pair is not "".
func fuzzSeeds(f *testing.F, ext, pair string) {
	f.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
	if err != nil || len(names) == 0 {
		f.Fatalf("no seeds: %v", err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		if pair == "" {
			f.Add(b)
			continue
		}
		p, err := os.ReadFile(n[:len(n)-len(ext)] + pair)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, p)
	}
}

// readFuzzed reads every feature of the shapefile a.shp of fsys, checking what any
// reading must hold: numbered in order, a cell per column, text valid UTF-8.
func readFuzzed(t *testing.T, fsys fstest.MapFS) {
	t.Helper()
	file, err := open(fsys, "a.shp", func(name string) string { return name })
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is not an *Error", err)
		}
		return
	}
	defer func() { _ = file.Close() }()
	var ft table.Feature
	for last := int64(0); ; {
		err := file.Next(&ft)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		if ft.N <= last || len(ft.Cells) != len(file.Columns()) {
			t.Fatalf("record %d after %d, %d cells for %d columns", ft.N, last, len(ft.Cells), len(file.Columns()))
		}
		last = ft.N
		for _, c := range ft.Cells {
			if s, ok := c.(string); ok && !utf8.ValidString(s) {
				t.Fatalf("record %d: cell %q is not UTF-8", ft.N, s)
			}
		}
	}
}

// FuzzSHP reads arbitrary .shp bytes, with arbitrary .shx bytes beside them (none when
// empty): never a panic, an error of another kind than Error, or a buffer larger than
// the file.
func FuzzSHP(f *testing.F) {
	fuzzSeeds(f, ".shp", ".shx")
	f.Fuzz(func(t *testing.T, shp, shx []byte) {
		fsys := fstest.MapFS{"a.shp": {Data: shp}}
		if len(shx) > 0 {
			fsys["a.shx"] = &fstest.MapFile{Data: shx}
		}
		readFuzzed(t, fsys)
	})
}

// FuzzDBF reads arbitrary .dbf bytes beside a .shp of as many null shapes as the .dbf's
// header claims records (at most 64), its encoding detected.
func FuzzDBF(f *testing.F) {
	fuzzSeeds(f, ".dbf", "")
	f.Fuzz(func(t *testing.T, dbf []byte) {
		n := 0
		if len(dbf) >= 8 {
			n = int(min(binary.LittleEndian.Uint32(dbf[4:]), 64))
		}
		shp := make([]byte, headerSize, headerSize+12*n)
		binary.BigEndian.PutUint32(shp[0:], fileCode)
		binary.BigEndian.PutUint32(shp[24:], uint32(headerSize+12*n)/2)
		binary.LittleEndian.PutUint32(shp[28:], version)
		for i := range n {
			shp = binary.BigEndian.AppendUint32(shp, uint32(i+1))
			shp = binary.BigEndian.AppendUint32(shp, 2)
			shp = binary.LittleEndian.AppendUint32(shp, typeNull)
		}
		readFuzzed(t, fstest.MapFS{"a.shp": {Data: shp}, "a.dbf": {Data: dbf}})
	})
}
