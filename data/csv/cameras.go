package csv

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"cctvgis/data/table"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// Lines numbers a CSV file's records by the 1-based line each starts on.
var Lines = coverage.NewNumbering("line %d")

// Errors of a whole CSV file; match them with errors.Is.
var (
	// ErrNoHeader is a CSV file without a header row.
	ErrNoHeader = errors.New("data: CSV file has no header row")
	// ErrLineTooLong is a line longer than MaxLine bytes: no feature's row is.
	ErrLineTooLong = errors.New("data: CSV line too long")
)

// MaxLine is the longest line of a CSV file, in bytes. encoding/csv keeps a whole line
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

// utf8BOM is the byte-order mark that spreadsheet programs put at the start of UTF-8 CSV.
const utf8BOM = "\uFEFF"

// Input says how to read a CSV file: the layer its rows join, the coordinate system of
// their positions (CRSSet: the user named it), the file, which rejections name, and the
// user's column mapping (--map).
type Input struct {
	Layer  string
	CRS    geo.CRS
	CRSSet bool
	File   string
	Map    map[string]string
}

// Read reads the rows of a CSV file with a header row into the layer in.Layer of into,
// through the column mapping of data/table: the header names the layer's fields, lon and
// lat (any order, extra columns ignored, names matched without case or spaces), or the
// common Chinese and English names of a registry's columns (设备编码, 经度, 方向, …), or
// in.Map maps them. A UTF-8 byte-order mark is skipped, GBK is told from UTF-8, and the
// delimiter is the one of comma, semicolon and tab that the header uses most.
//
// A row that cannot be read is a rejection at its 1-based line; a missing required column
// is an error naming it. Each feature read is located at its line (coverage.Layers.Origin).
// On error, into is left as it was.
func Read(ctx context.Context, r io.Reader, in Input, into *coverage.Layers) (table.Report, error) {
	src, err := NewSource(r)
	if err != nil {
		return table.Report{}, fmt.Errorf("reading CSV: %w", err)
	}
	rep, err := table.Read(ctx, src, table.Input{Layer: in.Layer, CRS: in.CRS, CRSSet: in.CRSSet, File: in.File, Numbering: Lines, Map: in.Map}, into)
	if err != nil {
		return table.Report{}, fmt.Errorf("reading CSV: %w", err)
	}
	return rep, nil
}

// ReadCameras is Read of a camera registry, returning the rejections.
func ReadCameras(ctx context.Context, r io.Reader, in Input, into *coverage.Layers) ([]coverage.Rejection, error) {
	in.Layer = coverage.LayerCameras
	rep, err := Read(ctx, r, in, into)
	return rep.Rejections, err
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

// Source is a CSV file's rows as a table.Source: its header's columns and, for each row,
// its cells as text, numbered by the line the row starts on.
type Source struct {
	cr       *csv.Reader
	header   []string
	encoding string
}

// NewSource reads the header of the CSV text r, telling its encoding (UTF-8, with or
// without a byte-order mark, or GBK, which office software in China saves CSV in) and its
// delimiter from the first bytes.
func NewSource(r io.Reader) (*Source, error) {
	br := bufio.NewReaderSize(&lineLimiter{r: r}, sniffBytes)
	if b, err := br.Peek(len(utf8BOM)); err == nil && string(b) == utf8BOM {
		_, _ = br.Discard(len(utf8BOM)) // peeked, so it cannot fail
	}
	head, _ := br.Peek(sniffBytes) // as much as there is; a short file gives what it has
	var src io.Reader = br
	s := &Source{encoding: "UTF-8"}
	if !utf8.Valid(trimPartialRune(head)) {
		// GB18030 is GBK's superset.
		src = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		s.encoding = "GBK"
		if h, err := simplifiedchinese.GB18030.NewDecoder().Bytes(head); err == nil {
			head = h
		}
	}
	s.cr = csv.NewReader(src)
	s.cr.Comma = delimiter(head)
	s.cr.FieldsPerRecord = -1 // rows of the wrong length are rejections, checked below
	s.cr.ReuseRecord = true
	header, err := s.cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ErrNoHeader
	}
	if err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	s.header = slices.Clone(header)
	for i, h := range s.header {
		s.header[i] = strings.TrimSpace(h)
	}
	return s, nil
}

// Columns returns the header's column names, trimmed.
func (s *Source) Columns() []string { return s.header }

// Encoding names the text encoding the file was read in: UTF-8 or GBK.
func (s *Source) Encoding() string { return s.encoding }

// Next reads the next row into f. A row that breaks the CSV syntax, or has another number
// of fields than the header, comes with its Problem.
func (s *Source) Next(f *table.Feature) error {
	rec, err := s.cr.Read()
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	f.Cells = f.Cells[:0]
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		f.N, f.Problem, f.ProblemField = int64(pe.StartLine), pe.Err.Error(), "row"
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading CSV: %w", err)
	}
	line, _ := s.cr.FieldPos(0)
	f.N = int64(line)
	for _, v := range rec {
		f.Cells = append(f.Cells, v)
	}
	if len(rec) != len(s.header) {
		f.Problem, f.ProblemField = fmt.Sprintf("has %d fields, the header %d", len(rec), len(s.header)), "row"
	}
	return nil
}
