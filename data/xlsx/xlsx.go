package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cctvgis/data/table"
	"cctvgis/planner/coverage"
)

// Rows numbers a sheet's rows as Excel shows them: from 1, the rows above the header and
// the header counted.
var Rows = coverage.NewNumbering("row %d")

// Errors of a workbook; match them with errors.Is. The messages name the file.
var (
	// ErrNotWorkbook is a file that is not an .xlsx workbook: not a zip archive, an
	// Excel 97–2003 .xls, or an encrypted workbook.
	ErrNotWorkbook = errors.New("xlsx: not an .xlsx workbook")
	// ErrTooLarge is a workbook beyond the limits a registry needs: more than 1,024 MB
	// unpacked (a zip bomb), a header wider than 1,024 columns, a cell longer than the
	// 32,767 characters Excel allows.
	ErrTooLarge = errors.New("xlsx: workbook too large")
	// ErrNoSheet is a sheet name the workbook does not have.
	ErrNoSheet = errors.New("xlsx: no such sheet")
	// ErrNoHeader is a sheet none of whose first headerRows rows can be its header.
	ErrNoHeader = errors.New("xlsx: no header row")
)

// Limits of what a workbook may take to read. A city's registry of 250,000 cameras is
// about 150 MB unpacked; a province's sheet stops at Excel's 1,048,576 rows.
const (
	// maxUnzipped is the most a workbook's parts may unpack to, together.
	maxUnzipped = 1 << 30
	// maxPart is the size above which a part (the sheet, the shared strings) is unpacked
	// to a temporary file rather than held in memory.
	maxPart = 16 << 20
	// maxColumns is the widest header read; registries have a few dozen columns.
	maxColumns = 1024
	// maxCellChars is the longest cell, Excel's own limit.
	maxCellChars = 32767
	// headerRows is how many rows from the top may hold the header.
	headerRows = 20
)

// limits are the limits of one read; tests and fuzzing tighten them.
type limits struct {
	unzipped, part int64
}

var defaultLimits = limits{unzipped: maxUnzipped, part: maxPart}

// Sheet is one sheet of a workbook, read row by row: a table.Source whose columns are the
// cells of its header row.
type Sheet struct {
	file    *excelize.File
	rows    *excelize.Rows
	label   string // the file and sheet, for messages
	name    string
	header  int
	columns []string
	// ahead are the rows read below the header while looking for it, first at ahead[0];
	// n is the number of the last row taken from rows.
	ahead []row
	n     int
	// merged are the sheet's merged ranges by their first row, the next to begin at
	// merged[0]; open are those begun and not yet ended. notes say what of them was read.
	merged []merge
	open   []merge
	notes  []string
}

// row is a sheet row's stored cell texts and its number.
type row struct {
	n     int
	cells []string
}

// Open opens the sheet named sheet of the workbook at path, its first sheet when sheet is
// "", and finds its header row.
//
// The header is the first of the top 20 rows whose filled cells are at least 2 and at
// least half as many as in the fullest of those rows: a registry's title row (one merged
// cell, "XX市公共视频监控点位表") and lines of notes above the header are passed over,
// and HeaderRow says which row it took. Columns are named by their header cells, white
// space squeezed; a column with an empty header is named by its letter, "(column F)".
// Cells right of the header's last filled cell are not read.
func Open(path, sheet string) (*Sheet, error) {
	return open(path, sheet, defaultLimits)
}

func open(path, sheet string, lim limits) (*Sheet, error) {
	base := filepath.Base(path)
	sheetsSize, err := checkZip(path, base, lim)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: lim.unzipped, UnzipXMLSizeLimit: lim.part})
	if err != nil {
		if errors.Is(err, zip.ErrFormat) || errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, fmt.Errorf("%w: %s cannot be read as one (%w); save it from Excel as an .xlsx workbook", ErrNotWorkbook, base, err)
		}
		return nil, fmt.Errorf("opening %s: %w", base, err)
	}
	s, err := newSheet(f, base, sheet, sheetsSize <= uint64(lim.part))
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return s, nil
}

// checkZip refuses a file that is not a zip archive, or whose parts unpack to more than
// lim allows, before anything is unpacked. It returns the size of the sheets' parts
// together, unpacked.
func checkZip(path, base string, lim limits) (sheets uint64, err error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		if errors.Is(err, zip.ErrFormat) {
			return 0, fmt.Errorf("%w: %s is not a zip archive, as an .xlsx workbook is (an Excel 97–2003 .xls, or an encrypted workbook, must be saved from Excel as .xlsx first)", ErrNotWorkbook, base)
		}
		return 0, fmt.Errorf("opening %s: %w", base, err)
	}
	defer func() { _ = z.Close() }()
	var total uint64
	for _, zf := range z.File {
		total += zf.UncompressedSize64
		if total > uint64(lim.unzipped) {
			return 0, fmt.Errorf("%w: %s unpacks to more than %d MB, beyond any registry (a damaged file, or a zip bomb)", ErrTooLarge, base, lim.unzipped>>20)
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/") && strings.HasSuffix(zf.Name, ".xml") {
			sheets += zf.UncompressedSize64
		}
	}
	return sheets, nil
}

// newSheet opens the sheet named name of f (the first when "") and reads up to its header;
// with merges, it reads the sheet's merged cells to fill them.
func newSheet(f *excelize.File, base, name string, merges bool) (*Sheet, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%w: %s has no sheets", ErrNoSheet, base)
	}
	switch {
	case name == "":
		name = sheets[0]
	case !slices.Contains(sheets, name):
		return nil, fmt.Errorf("%w: %s has no sheet %q; its sheets: %s", ErrNoSheet, base, name, strings.Join(sheets, ", "))
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, fmt.Errorf("reading sheet %s of %s: %w", name, base, err)
	}
	s := &Sheet{file: f, rows: rows, name: name, label: fmt.Sprintf("%s, sheet %s", base, name)}
	if err := s.readMerges(merges); err != nil {
		_ = rows.Close()
		return nil, err
	}
	if err := s.findHeader(); err != nil {
		_ = rows.Close()
		return nil, err
	}
	return s, nil
}

// findHeader reads the top headerRows rows and takes the header among them, keeping the
// rows below it to be read first.
func (s *Sheet) findHeader() error {
	var top []row
	widest := 0
	for len(top) == 0 || top[len(top)-1].n < headerRows {
		r, ok, err := s.read()
		if err != nil {
			return err
		}
		if !ok || r.n > headerRows {
			if ok {
				s.ahead = append(s.ahead, r)
			}
			break
		}
		top = append(top, r)
		widest = max(widest, filled(r.cells))
	}
	for i, r := range top {
		if k := filled(r.cells); k >= 2 && 2*k >= widest {
			s.header = r.n
			s.ahead = append(top[i+1:len(top):len(top)], s.ahead...)
			return s.setColumns(r.cells)
		}
	}
	return fmt.Errorf("%w: in %s, none of the first %d rows has two filled cells to name columns", ErrNoHeader, s.label, headerRows)
}

// setColumns names the columns by the header's cells.
func (s *Sheet) setColumns(cells []string) error {
	last := len(cells)
	for last > 0 && strings.TrimSpace(cells[last-1]) == "" {
		last--
	}
	if last > maxColumns {
		return fmt.Errorf("%w: %s has a header of %d columns; a registry has at most %d", ErrTooLarge, s.label, last, maxColumns)
	}
	s.columns = make([]string, last)
	for i, c := range cells[:last] {
		c = strings.Join(strings.Fields(c), " ")
		if c == "" {
			letter, _ := excelize.ColumnNumberToName(i + 1)
			c = "(column " + letter + ")"
		}
		s.columns[i] = c
	}
	return nil
}

// read returns the next row of the sheet that has a filled cell; ok is false after the last.
func (s *Sheet) read() (r row, ok bool, err error) {
	for s.rows.Next() {
		s.n++
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return row{}, false, fmt.Errorf("reading %s, row %d: %w", s.label, s.n, err)
		}
		stored := filled(cells) > 0
		cells = s.fillMerged(cells)
		if stored {
			return row{n: s.n, cells: cells}, true, nil
		}
	}
	if err := s.rows.Error(); err != nil {
		return row{}, false, fmt.Errorf("reading %s after row %d: %w", s.label, s.n, err)
	}
	return row{}, false, nil
}

// filled counts the cells that hold more than white space.
func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// Name is the sheet's name.
func (s *Sheet) Name() string { return s.name }

// HeaderRow is the row number of the header, from 1 as Excel shows it.
func (s *Sheet) HeaderRow() int { return s.header }

// Columns names the columns by the header's cells.
func (s *Sheet) Columns() []string { return s.columns }

// Next reads the next row that has a filled cell into f: f.N is its row number, f.Cells
// its cells, one per column: nil for an empty cell, a float64 for a number as spreadsheet
// programs store one, the stored text otherwise (so text keeps its leading zeros and a
// 20-digit code every digit). It returns io.EOF after the last row, and an error for a
// sheet that cannot be read on or a cell longer than Excel allows.
func (s *Sheet) Next(f *table.Feature) error {
	var r row
	if len(s.ahead) > 0 {
		r, s.ahead = s.ahead[0], s.ahead[1:]
	} else {
		var ok bool
		var err error
		if r, ok, err = s.read(); err != nil {
			return err
		}
		if !ok {
			return io.EOF
		}
	}
	f.N = int64(r.n)
	f.Cells = f.Cells[:0]
	for i := range s.columns {
		raw := ""
		if i < len(r.cells) {
			raw = r.cells[i]
		}
		if len(raw) > maxCellChars {
			if n := utf8.RuneCountInString(raw); n > maxCellChars {
				letter, _ := excelize.ColumnNumberToName(i + 1)
				return fmt.Errorf("%w: in %s, cell %s%d holds %d characters, more than the %d of an Excel cell", ErrTooLarge, s.label, letter, r.n, n, maxCellChars)
			}
		}
		f.Cells = append(f.Cells, cellValue(raw))
	}
	return nil
}

// Close closes the sheet and its workbook, removing the temporary files of its parts.
func (s *Sheet) Close() error {
	return errors.Join(s.rows.Close(), s.file.Close())
}
