package layerfile

import (
	"context"
	"fmt"
	"path/filepath"

	"cctvgis/data/shp"
	"cctvgis/planner/coverage"
)

// readShapefile reads a shapefile (a .shp or a .zip of one) through its column mapping,
// noting the encoding its text was read in and the columns it could not read.
func readShapefile(ctx context.Context, path string, opt Options, into *coverage.Layers, rep *Report) error {
	f, err := shp.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }() // read only: closing cannot lose data
	if enc := f.Encoding(); enc != "" {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s: attribute text in %s", filepath.Base(path), enc))
	}
	rep.Notes = append(rep.Notes, f.Notes()...)
	crs, declared, undeclared := f.CRS()
	return readTable(ctx, path, tableInput{
		src: f, crs: crs, declared: declared, undeclared: undeclared,
		geometry: true, numbering: shp.Records,
	}, opt, into, rep)
}
