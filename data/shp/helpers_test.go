package shp_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/shp"
	"cctvgis/data/table"
)

// The shape types records are built with.
const (
	tNull, tPoint, tPolyLine, tPolygon, tMultiPoint = 0, 1, 3, 5, 8
	tPointZ, tPolyLineZ, tPointM, tMultiPatch       = 11, 13, 21, 31
)

// le appends the little-endian bytes of each value to b.
func le(b []byte, vs ...any) []byte {
	for _, v := range vs {
		switch v := v.(type) {
		case int:
			b = binary.LittleEndian.AppendUint32(b, uint32(int32(v)))
		case float64:
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	return b
}

// pointRecord is the content of a point record of type t; Z and M types get z = m = 7.
func pointRecord(t int, p orb.Point) []byte {
	b := le(nil, t, p[0], p[1])
	switch t {
	case tPointZ:
		b = le(b, 7.0, 7.0)
	case tPointM:
		b = le(b, 7.0)
	}
	return b
}

// partsRecord is the content of a polyline, polygon or multipoint record of type t with
// the parts given (a multipoint's one part is its points).
func partsRecord(t int, parts ...[]orb.Point) []byte {
	b := le(nil, t, 0.0, 0.0, 0.0, 0.0)
	if t == tMultiPoint {
		b = le(b, len(parts[0]))
		for _, p := range parts[0] {
			b = le(b, p[0], p[1])
		}
		return b
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b = le(b, len(parts), n)
	start := 0
	for _, p := range parts {
		b = le(b, start)
		start += len(p)
	}
	for _, part := range parts {
		for _, p := range part {
			b = le(b, p[0], p[1])
		}
	}
	if t == tPolyLineZ {
		b = le(b, 0.0, 0.0)
		for range n {
			b = le(b, 7.0)
		}
	}
	return b
}

// shpFiles returns a .shp holding the record contents given and its .shx.
func shpFiles(records ...[]byte) (shpBytes, shxBytes []byte) {
	var body, index []byte
	for i, r := range records {
		index = binary.BigEndian.AppendUint32(index, uint32(100+len(body))/2)
		index = binary.BigEndian.AppendUint32(index, uint32(len(r)/2))
		body = binary.BigEndian.AppendUint32(body, uint32(i+1))
		body = binary.BigEndian.AppendUint32(body, uint32(len(r)/2))
		body = append(body, r...)
	}
	return shpHeader(100+len(body), tPoint, body), shpHeader(100+len(index), tPoint, index)
}

// shpHeader returns the 100-byte header of a file of length bytes and shape type t,
// followed by body.
func shpHeader(length, t int, body []byte) []byte {
	h := make([]byte, 100, 100+len(body))
	binary.BigEndian.PutUint32(h[0:], 9994)
	binary.BigEndian.PutUint32(h[24:], uint32(length/2))
	binary.LittleEndian.PutUint32(h[28:], 1000)
	binary.LittleEndian.PutUint32(h[32:], uint32(t))
	return append(h, body...)
}

// dbfField is a field of a .dbf built by dbfFile.
type dbfField struct {
	name       string
	typ        byte
	width, dec int
}

// dbfFile returns a dBASE III .dbf of the fields and records given, each record's cells
// being the bytes of each field, padded with spaces; a record starting with "*" is
// deleted.
func dbfFile(ldid byte, fields []dbfField, records ...[]string) []byte {
	recLen := 1
	for _, f := range fields {
		recLen += f.width
	}
	headerLen := 32 + 32*len(fields) + 1
	b := make([]byte, 32, headerLen+recLen*len(records)+1)
	b[0] = 3
	binary.LittleEndian.PutUint32(b[4:], uint32(len(records)))
	binary.LittleEndian.PutUint16(b[8:], uint16(headerLen))
	binary.LittleEndian.PutUint16(b[10:], uint16(recLen))
	b[29] = ldid
	for _, f := range fields {
		d := make([]byte, 32)
		copy(d[:11], f.name)
		d[11], d[16], d[17] = f.typ, byte(f.width), byte(f.dec)
		b = append(b, d...)
	}
	b = append(b, 0x0D)
	for _, r := range records {
		flag := byte(' ')
		if len(r) > 0 && r[0] == "*" {
			flag, r = '*', r[1:]
		}
		b = append(b, flag)
		for i, f := range fields {
			cell := make([]byte, f.width)
			for k := range cell {
				cell[k] = ' '
			}
			copy(cell, r[i])
			b = append(b, cell...)
		}
	}
	return append(b, 0x1A)
}

// writeFiles writes the files given by name into a new folder and returns the folder.
func writeFiles(tb testing.TB, files map[string][]byte) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// readAll reads every feature of the shapefile at path.
func readAll(tb testing.TB, path string) (*shp.File, []table.Feature, error) {
	tb.Helper()
	f, err := shp.Open(path)
	if err != nil {
		return nil, nil, err
	}
	tb.Cleanup(func() { _ = f.Close() })
	var out []table.Feature
	for {
		var ft table.Feature
		err := f.Next(&ft)
		if errors.Is(err, io.EOF) {
			return f, out, nil
		}
		if err != nil {
			return f, out, err
		}
		out = append(out, ft)
	}
}

// describe writes a feature's geometry or problem for comparison.
func describe(ft table.Feature) string {
	if ft.Problem != "" {
		return "problem: " + ft.Problem
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%T %v", ft.Geom, ft.Geom)
	return b.String()
}
