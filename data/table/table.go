// Package table reads the layers of attribute tables: Shapefiles, GeoPackages and
// spreadsheets, whose formats each give a table of features (typed cells and, for the
// spatial formats, a geometry) that this package turns into a layer through one column
// mapping and one set of rejection rules.
//
// A format's reader implements Source; Read maps the source's columns to the layer's
// fields, recognising the common Chinese and English headers of a bureau's registries
// (mapping.go), converts positions from the source's coordinate system to WGS84, and
// rejects, with its place in the file, each feature that cannot stand in the layer.
package table

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// Source is a table of features, read once from the first to the last.
type Source interface {
	// Columns names the attribute columns, in the order of Feature.Cells.
	Columns() []string
	// Next reads the next feature into f, reusing its Cells; it returns io.EOF after the
	// last. Any other error fails the whole read: a file cut short, a broken header. A
	// feature whose own geometry cannot be decoded is returned with Problem set.
	Next(f *Feature) error
}

// Feature is one row of a Source.
type Feature struct {
	// N is the feature's place in the file, in the Numbering of the Input: the record
	// number of a Shapefile, the fid of a GeoPackage, the row of a sheet.
	N int64
	// Cells are the attribute values, one per column: nil (null or empty), string,
	// float64, int64, bool or time.Time.
	Cells []any
	// Geom is the geometry in the source's coordinate system, nil for none; a source
	// without geometries (a spreadsheet) leaves it nil and gives positions in columns.
	// Single parts are Point, LineString and Polygon, several MultiLineString and
	// MultiPolygon.
	Geom orb.Geometry
	// Problem says why the feature could not be decoded, "" when it could, and
	// ProblemField what of it ("row"; "" is its geometry); the feature is rejected with
	// them.
	Problem, ProblemField string
}

// Input says what a Source holds and how to read it.
type Input struct {
	// Layer is the layer the features join.
	Layer string
	// CRS is the coordinate system of the positions; CRSSet says it is known, from the
	// file (a .prj, a GeoPackage's srs table) or the user (--crs). Without it, a table
	// none of whose features has longitude/latitude positions is refused
	// (geo.ErrLooksProjected): its system is never guessed.
	CRS    geo.CRS
	CRSSet bool
	// File names the file in rejections.
	File string
	// Numbering numbers the features in rejections and origins ("record %d", "row %d").
	Numbering *coverage.Numbering
	// Geometry says the features carry geometries; without it, points are read from the
	// longitude and latitude (or X and Y) columns.
	Geometry bool
	// Map maps fields to columns ("azimuth" → "镜头朝向"), before recognition: --map.
	Map map[string]string
}

// Errors of a whole table; match them with errors.Is.
var (
	// ErrUnknownLayer is an Input naming no layer.
	ErrUnknownLayer = errors.New("data: unknown layer")
	// ErrMapping is a column mapping that cannot be used: a required field without a
	// column, a --map naming no field or no column. The message says which.
	ErrMapping = errors.New("data: column mapping")
)

// Report is what a read did besides the features: the mapping it used and the features it
// rejected.
type Report struct {
	Mapping Mapping
	// Swapped says the X and Y columns held northing and easting, the surveyors'
	// convention, and were read the other way round.
	Swapped    bool
	Rejections []coverage.Rejection
	// Districts are the districts a camera registry's rows name, by camera id, for the
	// cameras read whose row names one: checked against where each camera stands.
	Districts map[string]string
}

// Read reads the features of src into the layer in.Layer of into and reports what it did.
// A feature is rejected, and the rest read, when a required cell is empty, a number cell
// holds no number, a position lies outside longitude/latitude once converted, or the
// geometry is missing, undecodable or of a type the layer does not hold; ranges,
// duplicate ids and categories are (*coverage.Layers).Check's. On error, into is left as
// it was.
func Read(ctx context.Context, src Source, in Input, into *coverage.Layers) (Report, error) {
	desc, ok := coverage.Desc(in.Layer)
	if !ok {
		return Report{}, fmt.Errorf("%w %q", ErrUnknownLayer, in.Layer)
	}
	m, err := NewMapping(desc, src.Columns(), in.Map, !in.Geometry)
	if err != nil {
		return Report{}, err
	}
	before := desc.Len(into)
	r := reader{in: in, desc: desc, mapping: m, interned: map[string]string{}}
	if err := r.read(ctx, src, into); err != nil {
		into.TruncateLayer(desc, before)
		return Report{}, err
	}
	return Report{Mapping: m, Swapped: r.swap, Rejections: r.rejections, Districts: r.districts}, nil
}

// ctxEvery is how many features are read between two checks of the context.
const ctxEvery = 4096

// reader turns the features of one table into values of one layer. It keeps the first
// problem of the current feature in field and reason.
type reader struct {
	in         Input
	desc       *coverage.LayerDesc
	mapping    Mapping
	interned   map[string]string
	rejections []coverage.Rejection
	districts  map[string]string
	// accepted counts the features read; offRange those whose positions look projected
	// (geo.LooksProjected), the first of which is offPoint.
	accepted, offRange int
	offPoint           orb.Point
	// swap says X and Y are read the other way round; decided says whether the first
	// position has settled it.
	swap, decided bool

	// The current feature.
	f             *Feature
	row           coverage.Row
	field, reason string
}

func (r *reader) read(ctx context.Context, src Source, into *coverage.Layers) error {
	var f Feature
	r.f = &f
	for n := 0; ; n++ {
		if n%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		f.Geom, f.Problem, f.ProblemField = nil, "", ""
		err := src.Next(&f)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if r.feature() {
			r.desc.Add(into, &r.row)
			into.Locate(r.desc, r.in.File, r.in.Numbering.At(f.N))
			r.accepted++
			if d := r.text(r.mapping.col(fieldCameraDistrict)); d != "" && r.desc.Name == coverage.LayerCameras {
				if r.districts == nil {
					r.districts = map[string]string{}
				}
				r.districts[r.row.Text[0]] = r.label(fieldCameraDistrict, d)
			}
		}
	}
	if !r.in.CRSSet && r.accepted == 0 && r.offRange > 0 {
		return geo.ProjectedError(r.offPoint)
	}
	return nil
}

// feature reads the current feature into r.row, or records its rejection and returns false.
func (r *reader) feature() bool {
	r.row, r.field, r.reason = coverage.Row{}, "", ""
	id := r.text(r.mapping.col(r.desc.IDField().Name))
	if r.f.Problem != "" {
		field := r.f.ProblemField
		if field == "" {
			field = "geometry"
		}
		r.fail(field, r.f.Problem)
	}
	for _, fd := range r.desc.Fields {
		c := r.mapping.col(fd.Name)
		switch fd.Kind {
		case coverage.FieldNumber:
			r.row.Num[fd.Slot] = r.number(fd, c)
		default:
			v := r.text(c)
			if why := lostDigits(r.cell(c)); why != "" {
				r.fail(r.mapping.columnName(fd.Name), why)
			}
			if v == "" && fd.Required {
				r.fail(r.mapping.columnName(fd.Name), "missing")
			}
			if fd.Kind == coverage.FieldLabel {
				v = r.label(fd.Name, v)
			}
			r.row.Text[fd.Slot] = v
		}
	}
	r.geometry()
	if r.field != "" {
		r.rejections = append(r.rejections, coverage.Rejection{
			Layer: r.desc.Name, Index: coverage.NotRead, File: r.in.File,
			At: r.in.Numbering.At(r.f.N), ID: id, Field: r.field, Reason: r.reason,
		})
		return false
	}
	return true
}

// fail records the current feature's first problem.
func (r *reader) fail(field, reason string) {
	if r.field == "" {
		r.field, r.reason = field, reason
	}
}

// cell returns the value of column c of the current feature, nil for no column.
func (r *reader) cell(c int) any {
	if c < 0 || c >= len(r.f.Cells) {
		return nil
	}
	return r.f.Cells[c]
}

// text returns the cell of column c as text, trimmed: numbers by their shortest exact
// form (an integral float as an integer, so that a spreadsheet's 1001 is "1001", and one
// of 16 or more digits as Excel shows it, 1.1010500001320001E+19, never with invented
// digits), dates as YYYY-MM-DD.
func (r *reader) text(c int) string {
	switch v := r.cell(c).(type) {
	case string:
		return strings.TrimSpace(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		switch {
		case lostDigits(v) != "":
			return strconv.FormatFloat(v, 'E', -1, 64)
		case v == math.Trunc(v):
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.Format(time.DateOnly)
	}
	return ""
}

// exactDigits is how many digits a spreadsheet keeps of a number: Excel turns the 16th and
// later digits of what is typed into a number cell to 0.
const exactDigits = 1e15

// lostDigits says why a text cell holding an integer of 16 or more digits cannot be
// trusted, "" when it can: such a number (a GB/T 28181 device code in a cell formatted as
// a number, shown as 1.10105E+19) has lost its last digits before the file was written,
// and reading it as text would give another code.
func lostDigits(v any) string {
	x, ok := v.(float64)
	if !ok || math.Abs(x) < exactDigits || x != math.Trunc(x) {
		return ""
	}
	return "stored as a number, its last digits are lost: format the column as text in Excel and enter the codes again"
}

// label returns the value of a low-variety field, translated when the field has value
// aliases (investment: 政府 → government) and interned.
func (r *reader) label(field, v string) string {
	if t, ok := valueAlias(field, v); ok {
		return t
	}
	if s, ok := r.interned[v]; ok {
		return s
	}
	v = strings.Clone(v)
	r.interned[v] = v
	return v
}

// number returns the cell of column c for field fd as a finite number, 0 for an empty
// optional cell. Text cells may give a unit after the number (50m, 50 米, 90°).
func (r *reader) number(fd coverage.Field, c int) float64 {
	name := r.mapping.columnName(fd.Name)
	var x float64
	switch v := r.cell(c).(type) {
	case int64:
		x = float64(v)
	case float64:
		x = v
	case string:
		s := strings.TrimSpace(v)
		if s == "" {
			break
		}
		var ok bool
		if x, ok = parseNumber(s); !ok {
			r.fail(name, fmt.Sprintf("%q is not a number", clip(s)))
			return 0
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			r.fail(name, fmt.Sprintf("%q is not a finite number", clip(s)))
			return 0
		}
	case nil:
	default:
		r.fail(name, fmt.Sprintf("%v is not a number", v))
		return 0
	}
	if r.text(c) == "" {
		if fd.Required {
			r.fail(name, "missing")
		}
		return 0
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		r.fail(name, fmt.Sprintf("%v is not a finite number", x))
		return 0
	}
	return x
}

// units are the suffixes a number cell may carry, longest first.
var units = []string{"metres", "meters", "米", "度", "°", "m"}

// parseNumber parses a number cell's text, allowing a unit after it and a decimal comma
// when it has no point.
func parseNumber(s string) (float64, bool) {
	for _, u := range units {
		if t, ok := strings.CutSuffix(s, u); ok {
			s = strings.TrimSpace(t)
			break
		}
	}
	if !strings.Contains(s, ".") && strings.Count(s, ",") == 1 {
		s = strings.Replace(s, ",", ".", 1)
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil
}

// clip shortens a cell's text for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
