package shp

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"time"
)

// dbfField is a field of a .dbf.
type dbfField struct {
	// name is the field's name as stored, before decoding.
	name []byte
	typ  byte
	// off is the field's offset in a record, width its bytes, dec its decimals.
	off, width, dec int
	// read says its cells are read; the others read as nil.
	read bool
}

// dbfReader reads the records of a .dbf in order: dBASE III and IV, the form shapefiles
// use, and the field descriptors of dBASE 7.
type dbfReader struct {
	name string
	r    *bufio.Reader
	// count is the number of records the header gives; headerLen and recLen the bytes of
	// the header and of a record.
	count             int64
	headerLen, recLen int64
	ldid              byte
	dbase7, foxPro    bool
	fields            []dbfField
	// cols are the fields that are columns: all but FoxPro's hidden null flags.
	cols    []int
	columns []string
	notes   []string
	dec     *decoder
	// i counts the records read; pos is the offset of the next byte r gives.
	i, pos, size int64
	rec          []byte
}

// newDBF reads the header of the .dbf name; setEncoding then says how its text is
// decoded.
func newDBF(r io.Reader, size int64, name string) (*dbfReader, error) {
	d := &dbfReader{name: name, r: bufio.NewReaderSize(r, 64<<10), size: size}
	var h [32]byte
	if err := d.read(h[:]); err != nil {
		return nil, d.headerError(-1, "the file has %d bytes, fewer than the 32 of a .dbf header", size)
	}
	version := h[0]
	d.count = int64(binary.LittleEndian.Uint32(h[4:]))
	d.headerLen = int64(binary.LittleEndian.Uint16(h[8:]))
	d.recLen = int64(binary.LittleEndian.Uint16(h[10:]))
	d.ldid = h[29]
	d.dbase7 = version == 0x04 || version == 0x8C
	d.foxPro = version == 0x30 || version == 0x31 || version == 0x32
	start, descSize, nameLen := int64(32), int64(32), 11
	if d.dbase7 {
		start, descSize, nameLen = 68, 48, 32
	}
	switch {
	case version&0x07 != 3 && version != 0xF5 && !d.dbase7 && !d.foxPro:
		return nil, d.headerError(0, "version byte 0x%02X is not one of dBASE III, IV, 7 or FoxPro: not a .dbf", version)
	case d.headerLen < start+1:
		return nil, d.headerError(8, "a header of %d bytes, too short for its field list", d.headerLen)
	case d.headerLen > size:
		return nil, d.headerError(8, "a header of %d bytes in a file of %d", d.headerLen, size)
	}
	rest := make([]byte, d.headerLen-32)
	if err := d.read(rest); err != nil {
		return nil, d.headerError(32, "reading the field list: %v", err)
	}
	off := 1
	for at := start; at+descSize <= d.headerLen && rest[at-32] != 0x0D; at += descSize {
		b := rest[at-32 : at-32+descSize]
		f := dbfField{name: cutNUL(b[:nameLen]), typ: b[nameLen], off: off}
		switch {
		case d.dbase7:
			f.width, f.dec = int(b[33]), int(b[34])
		case f.typ == 'C':
			f.width = int(b[16]) | int(b[17])<<8 // the long character fields of Clipper and FoxPro
		default:
			f.width, f.dec = int(b[16]), int(b[17])
		}
		off += f.width
		d.fields = append(d.fields, f)
	}
	if int64(off) > d.recLen {
		return nil, d.headerError(10, "the fields take %d bytes of a record, and the header gives records %d", off, d.recLen)
	}
	return d, nil
}

// headerError is an Error in the header at byte at.
func (d *dbfReader) headerError(at int64, format string, args ...any) error {
	return &Error{File: d.name, Offset: at, Reason: fmt.Sprintf(format, args...)}
}

// cutNUL returns b up to its first NUL.
func cutNUL(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

// setEncoding decodes the field names in enc and decides which fields are read, noting
// those that are not.
func (d *dbfReader) setEncoding(enc textEncoding) {
	d.dec = newDecoder(enc)
	for i := range d.fields {
		f := &d.fields[i]
		if f.typ == '0' {
			continue // FoxPro's null flags: a hidden field
		}
		name := d.dec.text(f.name)
		d.cols = append(d.cols, i)
		d.columns = append(d.columns, name)
		if why := f.unread(d); why != "" {
			d.notes = append(d.notes, fmt.Sprintf("%s: column %s is %s, not read: its cells read as empty", filepath.Base(d.name), name, why))
		} else {
			f.read = true
		}
	}
}

// unread says why the cells of field f are not read, "" when they are.
func (f *dbfField) unread(d *dbfReader) string {
	switch f.typ {
	case 'C', 'N', 'F', 'L', 'D':
		return ""
	case 'I', '+':
		if f.width != 4 {
			return fmt.Sprintf("an integer of %d bytes (want 4)", f.width)
		}
		return ""
	case 'O':
		if f.width != 8 || !d.dbase7 {
			return "a binary number of another dBASE than 7"
		}
		return ""
	case 'M', 'G', 'P':
		return fmt.Sprintf("a memo (type %c), kept in a .dbt or .fpt file beside the .dbf", f.typ)
	case 'B':
		if !d.foxPro {
			return "a binary memo (type B), kept in a .dbt file beside the .dbf"
		}
	}
	return fmt.Sprintf("of type %q", f.typ)
}

// read fills b from the file.
func (d *dbfReader) read(b []byte) error {
	k, err := io.ReadFull(d.r, b)
	d.pos += int64(k)
	return err
}

// record reads the next record into d.rec; record n of the shapefile is its counterpart.
// It returns io.EOF after the last.
func (d *dbfReader) record(n int64) error {
	if d.i == d.count {
		return io.EOF
	}
	at := d.headerLen + d.i*d.recLen
	if at+d.recLen > d.size {
		return &Error{File: d.name, Record: n, Offset: at, Reason: fmt.Sprintf("the record's %d bytes run past the end of the file at byte %d", d.recLen, d.size)}
	}
	if skip := at - d.pos; skip > 0 {
		k, err := d.r.Discard(int(skip))
		d.pos += int64(k)
		if err != nil {
			return &Error{File: d.name, Record: n, Offset: d.pos, Reason: "reading: " + err.Error()}
		}
	}
	if int64(cap(d.rec)) < d.recLen {
		d.rec = make([]byte, d.recLen)
	}
	d.rec = d.rec[:d.recLen]
	if err := d.read(d.rec); err != nil {
		return &Error{File: d.name, Record: n, Offset: at, Reason: "reading: " + err.Error()}
	}
	d.i++
	return nil
}

// next reads the cells of record n into cells and says whether the record is deleted;
// shp names the .shp for the error of a .dbf with fewer records.
func (d *dbfReader) next(n int64, cells *[]any, shp string) (deleted bool, err error) {
	err = d.record(n)
	if errors.Is(err, io.EOF) {
		return false, &Error{File: d.name, Offset: -1, Reason: fmt.Sprintf("has %d records, and %s more: the files of one shapefile hold as many records", d.count, filepath.Base(shp))}
	}
	if err != nil {
		return false, err
	}
	if d.rec[0] == '*' {
		return true, nil
	}
	for _, i := range d.cols {
		f := &d.fields[i]
		var v any
		if f.read {
			v = d.cell(f, d.rec[f.off:f.off+f.width])
		}
		*cells = append(*cells, v)
	}
	return false, nil
}

// end checks, once the n records of the .shp are read, that the .dbf holds no more; it
// returns io.EOF when it does not.
func (d *dbfReader) end(n int64, shp string) error {
	if d.i < d.count {
		return &Error{File: shp, Offset: -1, Reason: fmt.Sprintf("has %d records, and %s %d: the files of one shapefile hold as many records", n, filepath.Base(d.name), d.count)}
	}
	return io.EOF
}

// allUTF8 reads the rest of the .dbf and reports whether its names and text are all
// valid UTF-8.
func (d *dbfReader) allUTF8() (bool, error) {
	for _, f := range d.fields {
		if !validText(f.name) {
			return false, nil
		}
	}
	for n := int64(1); ; n++ {
		err := d.record(n)
		if errors.Is(err, io.EOF) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if d.rec[0] == '*' {
			continue
		}
		for _, f := range d.fields {
			if f.typ == 'C' && !validText(d.rec[f.off:f.off+f.width]) {
				return false, nil
			}
		}
	}
}

// cell reads the value of field f from its bytes b: nil for a blank (or, for a number,
// one of asterisks, which dBASE writes for a number too wide for its field), a string
// when the bytes are not a value of the field's type, so that the reader of the table
// says what they are.
func (d *dbfReader) cell(f *dbfField, b []byte) any {
	switch f.typ {
	case 'C':
		if s := d.dec.text(b); s != "" {
			return s
		}
		return nil
	case 'N', 'F':
		b = trimCell(b)
		if v, ok := number(b, f.dec); ok {
			return v
		}
		return d.dec.text(b)
	case 'L':
		switch b[0] {
		case 'T', 't', 'Y', 'y':
			return true
		case 'F', 'f', 'N', 'n':
			return false
		}
		return nil
	case 'D':
		b = trimCell(b)
		if len(b) == 0 || string(b) == "00000000" {
			return nil
		}
		t, err := time.Parse("20060102", string(b))
		if err != nil {
			return d.dec.text(b)
		}
		return t
	case 'I', '+':
		u := binary.LittleEndian.Uint32(b)
		if d.dbase7 {
			u = binary.BigEndian.Uint32(b) ^ 1<<31
		}
		return int64(int32(u))
	case 'O':
		u := binary.BigEndian.Uint64(b)
		if u&(1<<63) != 0 {
			u ^= 1 << 63
		} else {
			u = ^u
		}
		return math.Float64frombits(u)
	}
	return nil
}

// number reads a numeric cell: an integer when it has no decimals and fits, else a
// float; nil for a blank or asterisks. It reports false when b is not a number.
func number(b []byte, dec int) (any, bool) {
	if len(b) == 0 || allStars(b) {
		return nil, true
	}
	s := string(b)
	if dec == 0 {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, true
		}
	}
	if x, err := strconv.ParseFloat(s, 64); err == nil {
		return x, true
	}
	return nil, false
}

func allStars(b []byte) bool {
	for _, c := range b {
		if c != '*' {
			return false
		}
	}
	return true
}
