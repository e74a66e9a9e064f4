package layerfile

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"cctvgis/data/xlsx"
	"cctvgis/planner/coverage"
)

// readExcel reads a sheet of an Excel workbook, the first or opt.Sheet, through its
// column mapping. A workbook declares no coordinate system: its positions are read in
// --crs, else WGS84.
func readExcel(ctx context.Context, path string, opt Options, into *coverage.Layers, rep *Report) (err error) {
	s, err := xlsx.Open(path, opt.Sheet)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	note := fmt.Sprintf("%s: sheet %s, header in row %d", filepath.Base(path), s.Name(), s.HeaderRow())
	switch h := s.HeaderRow(); {
	case h == 2:
		note += " (row 1 above it, a title or notes, not read)"
	case h > 2:
		note += fmt.Sprintf(" (rows 1–%d above it, a title or notes, not read)", h-1)
	}
	rep.Notes = append(rep.Notes, note)
	for _, n := range s.Notes() {
		rep.Notes = append(rep.Notes, filepath.Base(path)+": "+n)
	}
	return readTable(ctx, path, tableInput{src: s, numbering: xlsx.Rows}, opt, into, rep)
}
