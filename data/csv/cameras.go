package csv

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"cctvgis/geo"
	"cctvgis/planner/coverage"

	"github.com/paulmach/orb"
)

// Lines numbers a CSV file's records by the 1-based line each starts on.
var Lines = coverage.NewNumbering("line %d")

// Errors of a whole camera CSV file; match them with errors.Is.
var (
	// ErrNoHeader is a CSV file without a header row.
	ErrNoHeader = errors.New("data: CSV file has no header row")
	// ErrMissingColumn is a header row that lacks a required column; the message names it.
	ErrMissingColumn = errors.New("data: missing CSV column")
	// ErrLineTooLong is a line longer than MaxLine bytes: no camera's row is.
	ErrLineTooLong = errors.New("data: CSV line too long")
)

// MaxLine is the longest line of a camera CSV, in bytes. encoding/csv keeps a whole line
// in memory, so that a file of 200 MB of blanks on one line cost its size several times
// over (issue 9, defect 13).
const MaxLine = 1 << 20

// lineLimiter fails a read once a line grows beyond MaxLine bytes.
type lineLimiter struct {
	r    io.Reader
	line int // bytes since the last newline
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		l.line++
		if c == '\n' {
			l.line = 0
		}
		if l.line > MaxLine {
			return 0, fmt.Errorf("%w: a line is longer than %d bytes", ErrLineTooLong, MaxLine)
		}
	}
	return n, err
}

// columns returns the columns a camera CSV must have, in the order errors name them (id,
// lon, lat, then the other required fields of the cameras layer), and those it may have.
func columns() (required, optional []string) {
	d, _ := coverage.Desc(coverage.LayerCameras)
	required = []string{d.Fields[0].Name, "lon", "lat"}
	for _, f := range d.Fields[1:] {
		if f.Required {
			required = append(required, f.Name)
		} else {
			optional = append(optional, f.Name)
		}
	}
	return required, optional
}

// utf8BOM is the byte-order mark that spreadsheet programs put at the start of UTF-8 CSV.
const utf8BOM = "\uFEFF"

// ReadCameras reads cameras from CSV with a header row naming at least the columns id,
// lon, lat, azimuth, hfov, range, owner, investment (any order, extra columns ignored;
// optional height, status). A UTF-8 byte-order mark is skipped. Rows that cannot be read
// become rejections with Layer "cameras", At the record's 1-based line in the file, the id
// when present, the field, and a reason; a missing required column is an error naming it.
// Each camera read is located at its line (coverage.Layers.Origin), so that later checks
// name the line too.
//
// Header names are matched without regard to case or surrounding spaces. A required cell
// that is empty is missing; numbers must be finite; lon/lat are converted from crs to
// WGS84 by geo.CRS.Place, which checks their range. Ranges of the other values,
// duplicate ids and investments are (*coverage.Layers).Check's. On error, into is left as it
// was.
func ReadCameras(ctx context.Context, r io.Reader, in Input, into *coverage.Layers) ([]coverage.Rejection, error) {
	before := into.Mark()
	rej, err := readCamerasCSV(ctx, r, in, into)
	if err != nil {
		into.Truncate(before)
		return nil, fmt.Errorf("reading cameras CSV: %w", err)
	}
	return rej, nil
}

// Input says how to read a camera CSV: the coordinate system of lon/lat, and the file it
// comes from, which rejections name.
type Input struct {
	CRS  geo.CRS
	File string
}

// ReadCamerasFile is ReadCameras on the file at path; errors and rejections name the path.
func ReadCamerasFile(ctx context.Context, path string, crs geo.CRS, into *coverage.Layers) ([]coverage.Rejection, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = file.Close() }() // read only: closing cannot lose data
	rej, err := ReadCameras(ctx, file, Input{CRS: crs, File: path}, into)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	return rej, nil
}

// sniffBytes is how much of the file the reader looks at to tell its encoding and
// delimiter.
const sniffBytes = 64 << 10

// delimiter tells the field separator from the header line: the one of comma, semicolon
// (common in Europe and in exports of Chinese office software) and tab that occurs most
// outside quotes; a comma when none does.
func delimiter(head []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(head) {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '\n':
			return pick(counts)
		case r == ',' || r == ';' || r == '\t':
			counts[r]++
		}
	}
	return pick(counts)
}

func pick(counts map[rune]int) rune {
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// trimPartialRune drops an incomplete UTF-8 sequence cut off at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// ctxEvery is how many records are read between two checks of the context.
const ctxEvery = 4096

func readCamerasCSV(ctx context.Context, r io.Reader, in Input, into *coverage.Layers) ([]coverage.Rejection, error) {
	br := bufio.NewReaderSize(&lineLimiter{r: r}, sniffBytes)
	if b, err := br.Peek(len(utf8BOM)); err == nil && string(b) == utf8BOM {
		_, _ = br.Discard(len(utf8BOM)) // peeked, so it cannot fail
	}
	head, _ := br.Peek(sniffBytes) // as much as there is; a short file gives what it has
	var src io.Reader = br
	if !utf8.Valid(trimPartialRune(head)) {
		// Office software in China saves CSV in GBK (GB18030 is its superset).
		src = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		if h, err := simplifiedchinese.GB18030.NewDecoder().Bytes(head); err == nil {
			head = h
		}
	}
	cr := csv.NewReader(src)
	cr.Comma = delimiter(head)
	cr.FieldsPerRecord = -1 // rows of the wrong length are rejections, checked below
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ErrNoHeader
	}
	if err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	cols, err := csvColumns(header)
	if err != nil {
		return nil, err
	}
	desc, _ := coverage.Desc(coverage.LayerCameras)
	rr := rowReader{desc: desc, file: in.File, cols: cols, interned: make(map[string]string)}
	for n := 0; ; n++ {
		if n%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rr.rejections, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rr.line = pe.StartLine
			rr.reject("", "row", pe.Err.Error())
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading CSV: %w", err)
		}
		rr.line, _ = cr.FieldPos(0)
		if rr.camera(rec, len(header), in.CRS) {
			desc.Add(into, &rr.row)
			into.Locate(desc, in.File, Lines.At(int64(rr.line)))
		}
	}
}

// csvColumns maps each known column name to its position in the header, -1 for an
// absent optional column.
func csvColumns(header []string) (map[string]int, error) {
	pos := make(map[string]int, len(header))
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, dup := pos[name]; dup {
			return nil, fmt.Errorf("reading header: column %q appears twice", name)
		}
		pos[name] = i
	}
	csvRequired, csvOptional := columns()
	cols := make(map[string]int, len(csvRequired)+len(csvOptional))
	var missing []string
	for _, name := range csvRequired {
		i, ok := pos[name]
		if !ok {
			missing = append(missing, strconv.Quote(name))
		}
		cols[name] = i
	}
	if missing != nil {
		return nil, fmt.Errorf("%w %s (the header has %s)", ErrMissingColumn, strings.Join(missing, ", "), strings.Join(header, ","))
	}
	for _, name := range csvOptional {
		i, ok := pos[name]
		if !ok {
			i = -1
		}
		cols[name] = i
	}
	return cols, nil
}

// rowReader turns CSV rows into cameras, keeping the first problem of each row.
type rowReader struct {
	desc       *coverage.LayerDesc
	file       string
	cols       map[string]int
	rejections []coverage.Rejection
	// interned holds the values of low-variety columns (owner, investment, status), so
	// that cameras do not keep whole CSV lines alive through substrings of them.
	interned map[string]string

	// The current row.
	line   int
	rec    []string
	row    coverage.Row
	field  string
	reason string
}

func (rr *rowReader) reject(id, field, reason string) {
	rr.rejections = append(rr.rejections, coverage.Rejection{
		Layer: coverage.LayerCameras, Index: coverage.NotRead, File: rr.file,
		At: Lines.At(int64(rr.line)), ID: id, Field: field, Reason: reason,
	})
}

// fail records the current row's first problem.
func (rr *rowReader) fail(field, reason string) {
	if rr.field == "" {
		rr.field, rr.reason = field, reason
	}
}

// cell returns the trimmed value of the named column, "" for an absent optional one;
// an empty required cell is a problem.
func (rr *rowReader) cell(name string, required bool) string {
	i := rr.cols[name]
	if i < 0 {
		return ""
	}
	v := strings.TrimSpace(rr.rec[i])
	if v == "" && required {
		rr.fail(name, "missing")
	}
	return v
}

// num returns the named column as a finite number, 0 for an empty optional cell.
func (rr *rowReader) num(name string, required bool) float64 {
	v := rr.cell(name, required)
	if v == "" {
		return 0
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		rr.fail(name, fmt.Sprintf("%q is not a finite number", v))
	}
	return x
}

// str returns the named column interned.
func (rr *rowReader) str(name string, required bool) string {
	v := rr.cell(name, required)
	if s, ok := rr.interned[v]; ok {
		return s
	}
	s := strings.Clone(v)
	rr.interned[s] = s
	return s
}

// camera reads one row into rr.row, or records its rejection and returns false.
func (rr *rowReader) camera(rec []string, width int, crs geo.CRS) bool {
	rr.rec, rr.field, rr.reason = rec, "", ""
	rr.row = coverage.Row{}
	id := ""
	if i := rr.cols["id"]; i < len(rec) {
		id = strings.Clone(strings.TrimSpace(rec[i]))
	}
	if len(rec) != width {
		rr.reject(id, "row", fmt.Sprintf("has %d fields, the header %d", len(rec), width))
		return false
	}
	if id == "" {
		rr.fail("id", "missing")
	}
	rr.row.Text[0] = id
	for _, f := range rr.desc.Fields[1:] {
		if f.Kind == coverage.FieldNumber {
			rr.row.Num[f.Slot] = rr.num(f.Name, f.Required)
		} else {
			rr.row.Text[f.Slot] = rr.str(f.Name, f.Required)
		}
	}
	lon, lat := rr.num("lon", true), rr.num("lat", true)
	if rr.field == "" {
		var problem string
		if rr.row.Point, problem = crs.Place(orb.Point{lon, lat}); problem != "" {
			rr.fail(placeColumn(crs, lon), problem)
		}
	}
	if rr.field != "" {
		rr.reject(id, rr.field, rr.reason)
		return false
	}
	return true
}

// placeColumn is the column at fault when geo.CRS.Place refuses lon: lon or lat in a
// geographic system, by which is out of range, and both in a projected one.
func placeColumn(crs geo.CRS, lon float64) string {
	switch {
	case crs.Projected():
		return "lon/lat"
	case lon >= -180 && lon <= 180:
		return "lat"
	}
	return "lon"
}
