// Package layerfile reads a layer file of any format cctvgis takes — GeoJSON, CSV,
// OpenStreetMap, Shapefile, GeoPackage, Excel — by what the file is, and reports what the
// read did: the format and coordinate system found, the column mapping used, the features
// rejected and skipped. The import command and the web import go through it, so that a
// file reads the same way from either.
package layerfile

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"cctvgis/data/csv"
	"cctvgis/data/geojson"
	"cctvgis/data/osm"
	"cctvgis/data/table"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// Format is a kind of layer file.
type Format string

// The formats, by the names the import report gives them.
const (
	GeoJSON Format = "GeoJSON"
	CSV     Format = "CSV"
	OSM     Format = "OpenStreetMap"
	// Shapefile is an ESRI Shapefile: a .shp with the files beside it, or a .zip of one.
	Shapefile Format = "Shapefile"
	// GeoPackage is an OGC GeoPackage (.gpkg): one table of features or attributes.
	GeoPackage Format = "GeoPackage"
	// Excel is an Excel workbook (.xlsx, .xlsm): one sheet of rows.
	Excel Format = "Excel"
)

// Table reports whether files of format f are tables read through a column mapping.
func (f Format) Table() bool { return f == CSV || f == Shapefile || f == GeoPackage || f == Excel }

// FormatError is a file whose format is not one cctvgis reads, or an option that does not
// apply to its format; Reason says which, as the user reads it.
type FormatError struct{ Reason string }

func (e *FormatError) Error() string { return e.Reason }

// formatError returns a FormatError of the message format and args make.
func formatError(format string, args ...any) error {
	return &FormatError{Reason: fmt.Sprintf(format, args...)}
}

// Options say how to read a layer file.
type Options struct {
	// Layer is the layer to read, or "all" for every layer of an OpenStreetMap file.
	Layer string
	// CRS is the coordinate system the user names (--crs) when CRSSet; a file that
	// declares another is an error.
	CRS    geo.CRS
	CRSSet bool
	// Map maps fields to columns (--map) for the formats of tables.
	Map map[string]string
	// Sheet names the sheet of an Excel workbook to read (--sheet), "" for the first.
	Sheet string
	// OSM are the options of OpenStreetMap files.
	OSM osm.Options
	// Table names the table of a GeoPackage to read (--table); "" reads its only one.
	Table string
}

// Report is what a read found and did besides the features.
type Report struct {
	Format Format
	// CRS is the coordinate system the positions were read in, and CRSFrom where it came
	// from: "file", "--crs", or "default" (WGS84 for a file that names none).
	CRS     geo.CRS
	CRSFrom string
	// Mapping is the column mapping of a table format, nil for the others.
	Mapping *table.Mapping
	// Swapped says X and Y columns were read as northing and easting.
	Swapped bool
	// Rejections are the features that cannot stand in their layer; Notes the other
	// lines worth showing: what a reader skipped, by reason, and a file with nothing of
	// the layer.
	Rejections []coverage.Rejection
	Notes      []string
	// Districts are the districts a camera registry's rows name, by camera id.
	Districts map[string]string
}

// Detect tells a file's format from its name.
func Detect(path string) (Format, error) {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".osm"), strings.HasSuffix(lower, ".pbf"):
		return OSM, nil
	case strings.HasSuffix(lower, ".csv"):
		return CSV, nil
	case strings.HasSuffix(lower, ".geojson"), strings.HasSuffix(lower, ".json"):
		return GeoJSON, nil
	case strings.HasSuffix(lower, ".shp"), strings.HasSuffix(lower, ".zip"):
		return Shapefile, nil
	case strings.HasSuffix(lower, ".gpkg"):
		return GeoPackage, nil
	case strings.HasSuffix(lower, ".xlsx"), strings.HasSuffix(lower, ".xlsm"):
		return Excel, nil
	case strings.HasSuffix(lower, ".xls"):
		return "", formatError("%s is an Excel 97–2003 workbook (.xls), which cctvgis does not read: open it in Excel or WPS and save it as an Excel workbook (.xlsx)", filepath.Base(path))
	}
	return "", formatError("%s: unknown format (want %s)", filepath.Base(path), extensions)
}

// extensions lists the file names Detect knows, for messages.
const extensions = ".geojson, .json, .csv, .osm, .osm.pbf, .shp or .zip (a shapefile), .gpkg or .xlsx"

// Read reads the layer opt.Layer of the file at path into into. On error, into is left as
// it was.
func Read(ctx context.Context, path string, opt Options, into *coverage.Layers) (Report, error) {
	format, err := Detect(path)
	if err != nil {
		return Report{}, err
	}
	if format != OSM && opt.OSM.Mapping != nil {
		return Report{}, formatError("--osm-mapping maps the tags of OpenStreetMap files (.osm, .osm.pbf); %s is not one", filepath.Base(path))
	}
	if format != OSM && opt.OSM.Strict {
		return Report{}, formatError("--strict is for the tag values of OpenStreetMap files (.osm, .osm.pbf); %s is not one", filepath.Base(path))
	}
	if format != OSM && opt.Layer == "all" {
		return Report{}, formatError("--layer all is for OpenStreetMap files; name the layer of %s", filepath.Base(path))
	}
	if opt.Table != "" && format != GeoPackage {
		return Report{}, formatError("--table names a table of a GeoPackage (.gpkg); %s is %s", filepath.Base(path), format)
	}
	if opt.Sheet != "" && format != Excel {
		return Report{}, formatError("--sheet names a sheet of an Excel workbook (.xlsx); %s is %s", filepath.Base(path), format)
	}
	if opt.Map != nil && !format.Table() {
		return Report{}, formatError("--map maps the columns of tables (CSV, Shapefile, GeoPackage, Excel); %s is %s", filepath.Base(path), format)
	}
	before := into.Mark()
	rep := Report{Format: format, CRS: opt.CRS, CRSFrom: "default"}
	if opt.CRSSet {
		rep.CRSFrom = "--crs"
	}
	switch format {
	case OSM:
		err = readOSM(ctx, path, opt, into, &rep)
	case CSV:
		err = readCSV(ctx, path, opt, into, &rep)
	case GeoJSON:
		declared := func(c geo.CRS) { rep.CRS, rep.CRSFrom = c, "file" }
		rep.Rejections, err = geojson.ReadLayerFile(ctx, geojson.Input{Layer: opt.Layer, CRS: opt.CRS, CRSSet: opt.CRSSet, File: path, Declared: declared}, into)
	case Shapefile:
		err = readShapefile(ctx, path, opt, into, &rep)
	case GeoPackage:
		err = readGeoPackage(ctx, path, opt, into, &rep)
	case Excel:
		err = readExcel(ctx, path, opt, into, &rep)
	}
	if err != nil {
		into.Truncate(before)
		return Report{}, err
	}
	n := len(rep.Rejections)
	for _, d := range coverage.Descs() {
		n += d.Len(into) - before.Len(d)
	}
	if n == 0 {
		what := "layer " + opt.Layer
		if opt.Layer == "all" {
			what = "any layer"
		}
		rep.Notes = append(rep.Notes, fmt.Sprintf("warning: %s holds no features of %s", path, what))
	}
	return rep, nil
}

// readOSM reads an OpenStreetMap file, keeping the asked layer.
func readOSM(ctx context.Context, path string, opt Options, into *coverage.Layers, rep *Report) error {
	if opt.CRSSet && opt.CRS != geo.WGS84 {
		return formatError("OpenStreetMap data is WGS84; --crs %s does not apply", opt.CRS)
	}
	read := into
	if opt.Layer != "all" {
		read = &coverage.Layers{}
	}
	stats, err := osm.ReadFile(ctx, path, opt.OSM, read)
	if err != nil {
		return err
	}
	rep.Notes = append(rep.Notes, stats.Lines()...)
	if opt.Layer != "all" {
		d, _ := coverage.Desc(opt.Layer)
		into.AppendLayer(d, read)
	}
	return nil
}

// tableInput is a table format's file opened for reading: its features, and the
// coordinate system the file declares.
type tableInput struct {
	src table.Source
	// crs is the system the file declares when declared; undeclared is the error of a
	// declaration that could not be understood, nil when there is none or it could be.
	crs        geo.CRS
	declared   bool
	undeclared error
	// geometry says the features carry geometries; numbering numbers them.
	geometry  bool
	numbering *coverage.Numbering
}

// readTable reads a table format's features into into through table.Read, in the
// coordinate system the file declares or the user names: the two must agree, a
// declaration that cannot be understood needs --crs, and a file that declares none is
// read in --crs or else WGS84 (where projected positions are refused, never guessed).
func readTable(ctx context.Context, path string, in tableInput, opt Options, into *coverage.Layers, rep *Report) error {
	crs, known := opt.CRS, opt.CRSSet
	switch {
	case in.declared && opt.CRSSet && in.crs != opt.CRS:
		return formatError("%s declares its coordinate system %s, and --crs names %s: drop --crs, or correct the file", filepath.Base(path), in.crs, opt.CRS)
	case in.declared:
		crs, known, rep.CRSFrom = in.crs, true, "file"
	case in.undeclared != nil && !opt.CRSSet:
		return formatError("%s: %v; name its coordinate system with --crs (accepted: %s)", filepath.Base(path), in.undeclared, geo.CRSNames)
	case in.undeclared != nil:
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s: %v; read in %s, as --crs says", filepath.Base(path), in.undeclared, opt.CRS))
	}
	rep.CRS = crs
	tr, err := table.Read(ctx, in.src, table.Input{
		Layer: opt.Layer, CRS: crs, CRSSet: known, File: path,
		Numbering: in.numbering, Geometry: in.geometry, Map: opt.Map,
	}, into)
	if err != nil {
		return err
	}
	rep.Mapping, rep.Swapped, rep.Rejections, rep.Districts = &tr.Mapping, tr.Swapped, tr.Rejections, tr.Districts
	if tr.Swapped {
		rep.Notes = append(rep.Notes, "the X column holds northings and the Y column eastings (the surveyors' order): read as such")
	}
	return nil
}

// readCSV reads a CSV file of points through its column mapping.
func readCSV(ctx context.Context, path string, opt Options, into *coverage.Layers, rep *Report) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = file.Close() }() // read only: closing cannot lose data
	src, err := csv.NewSource(file)
	if err != nil {
		return fmt.Errorf("loading %s: %w", path, err)
	}
	if src.Encoding() != "UTF-8" {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s: text in %s", filepath.Base(path), src.Encoding()))
	}
	if err := readTable(ctx, path, tableInput{src: src, numbering: csv.Lines}, opt, into, rep); err != nil {
		return fmt.Errorf("loading %s: %w", path, err)
	}
	return nil
}
