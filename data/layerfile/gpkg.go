package layerfile

import (
	"context"
	"fmt"
	"path/filepath"

	"cctvgis/data/gpkg"
	"cctvgis/planner/coverage"
)

// readGeoPackage reads the table opt.Table of a GeoPackage, or its only table, in the
// coordinate system its spatial reference table declares or --crs names.
func readGeoPackage(ctx context.Context, path string, opt Options, into *coverage.Layers, rep *Report) error {
	t, err := gpkg.Open(ctx, path, opt.Table)
	if err != nil {
		return err
	}
	defer func() { _ = t.Close() }()
	rep.Notes = append(rep.Notes, fmt.Sprintf("%s: reading table %s", filepath.Base(path), t.Name()))
	crs, declared, undeclared := t.CRS()
	return readTable(ctx, path, tableInput{
		src: t, crs: crs, declared: declared, undeclared: undeclared,
		geometry: t.HasGeometry(), numbering: gpkg.Features,
	}, opt, into, rep)
}
