package csv

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"cctvgis/geo"
	"cctvgis/planner"

	"github.com/paulmach/orb"
)

// Errors of a whole camera CSV file; match them with errors.Is.
var (
	// ErrNoHeader is a CSV file without a header row.
	ErrNoHeader = errors.New("data: CSV file has no header row")
	// ErrMissingColumn is a header row that lacks a required column; the message names it.
	ErrMissingColumn = errors.New("data: missing CSV column")
)

// csvRequired lists the columns a camera CSV must have, in the order errors name them.
var csvRequired = []string{"id", "lon", "lat", "azimuth", "hfov", "range", "owner", "investment"}

// csvOptional lists the columns a camera CSV may have.
var csvOptional = []string{"height", "status"}

// utf8BOM is the byte-order mark that spreadsheet programs put at the start of UTF-8 CSV.
const utf8BOM = "\uFEFF"

// ReadCameras reads cameras from CSV with a header row naming at least the columns id,
// lon, lat, azimuth, hfov, range, owner, investment (any order, extra columns ignored;
// optional height, status). A UTF-8 byte-order mark is skipped. Rows that cannot be read
// become rejections with Layer "cameras", Index = the 1-based line number in the file, the
// id when present, the field, and a reason; a missing required column is an error naming it.
//
// Header names are matched without regard to case or surrounding spaces. A required cell
// that is empty is missing; numbers must be finite; lon must lie in −180..180 and lat in
// −90..90 before lon/lat are converted from crs to WGS84. Ranges of the other values,
// duplicate ids and investments are (*planner.Layers).Check's. On error, into is left as it
// was.
func ReadCameras(r io.Reader, crs geo.CRS, into *planner.Layers) ([]planner.Rejection, error) {
	before := into.Mark()
	rej, err := readCamerasCSV(r, crs, into)
	if err != nil {
		into.Truncate(before)
		return nil, fmt.Errorf("reading cameras CSV: %w", err)
	}
	return rej, nil
}

// ReadCamerasFile is ReadCameras on the file at path; errors name the path.
func ReadCamerasFile(path string, crs geo.CRS, into *planner.Layers) ([]planner.Rejection, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = file.Close() }() // read only: closing cannot lose data
	rej, err := ReadCameras(file, crs, into)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	return rej, nil
}

func readCamerasCSV(r io.Reader, crs geo.CRS, into *planner.Layers) ([]planner.Rejection, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && string(b) == utf8BOM {
		_, _ = br.Discard(len(utf8BOM)) // peeked, so it cannot fail
	}
	cr := csv.NewReader(br)
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
	rr := rowReader{cols: cols, interned: make(map[string]string)}
	for {
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
		if c, ok := rr.camera(rec, len(header), crs); ok {
			into.Cameras = planner.Push(into.Cameras, c)
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
	cols       map[string]int
	rejections []planner.Rejection
	// interned holds the values of low-variety columns (owner, investment, status), so
	// that cameras do not keep whole CSV lines alive through substrings of them.
	interned map[string]string

	// The current row.
	line   int
	rec    []string
	field  string
	reason string
}

func (rr *rowReader) reject(id, field, reason string) {
	rr.rejections = append(rr.rejections, planner.Rejection{
		Layer: planner.LayerCameras, Index: rr.line, ID: id, Field: field, Reason: reason,
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

// camera reads one row, or records its rejection and returns false.
func (rr *rowReader) camera(rec []string, width int, crs geo.CRS) (planner.Camera, bool) {
	rr.rec, rr.field, rr.reason = rec, "", ""
	id := ""
	if i := rr.cols["id"]; i < len(rec) {
		id = strings.Clone(strings.TrimSpace(rec[i]))
	}
	if len(rec) != width {
		rr.reject(id, "row", fmt.Sprintf("has %d fields, the header %d", len(rec), width))
		return planner.Camera{}, false
	}
	if id == "" {
		rr.fail("id", "missing")
	}
	c := planner.Camera{
		ID:         id,
		Azimuth:    rr.num("azimuth", true),
		HFOV:       rr.num("hfov", true),
		Range:      rr.num("range", true),
		Owner:      rr.str("owner", true),
		Investment: planner.Investment(rr.str("investment", true)),
		Height:     rr.num("height", false),
		Status:     rr.str("status", false),
	}
	lon, lat := rr.num("lon", true), rr.num("lat", true)
	switch {
	case rr.field != "":
	case !(lon >= -180 && lon <= 180):
		rr.fail("lon", fmt.Sprintf("longitude %v is outside −180..180", lon))
	case !(lat >= -90 && lat <= 90):
		rr.fail("lat", fmt.Sprintf("latitude %v is outside −90..90", lat))
	}
	if rr.field != "" {
		rr.reject(id, rr.field, rr.reason)
		return planner.Camera{}, false
	}
	c.Pos = crs.ToWGS84(orb.Point{lon, lat})
	return c, true
}
