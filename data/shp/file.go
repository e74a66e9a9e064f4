package shp

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"cctvgis/data/table"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// Records numbers the features of a shapefile by record, from 1, as GIS programs list them.
var Records = coverage.NewNumbering("record %d")

// Error is a shapefile that cannot be read: which of its files, where in it, and why.
type Error struct {
	// File names the file as the user gave it: the .shp's path, a sibling's beside it,
	// or the member of a zip after the zip's path ("roads.zip: roads/roads.dbf").
	File string
	// Record is the record the fault is in, from 1; 0 for the file's header or the file
	// as a whole.
	Record int64
	// Offset is the byte of the file where the fault is, -1 for none.
	Offset int64
	// Reason says what is wrong, as the user reads it.
	Reason string
}

func (e *Error) Error() string {
	switch {
	case e.Record > 0 && e.Offset >= 0:
		return fmt.Sprintf("%s: record %d at byte %d: %s", e.File, e.Record, e.Offset, e.Reason)
	case e.Offset >= 0:
		return fmt.Sprintf("%s: at byte %d: %s", e.File, e.Offset, e.Reason)
	}
	return e.File + ": " + e.Reason
}

// File is a shapefile open for reading, record by record: a table.Source whose columns
// are the .dbf's fields and whose geometries are the .shp's shapes.
type File struct {
	shp *shpReader
	// shx gives the record offsets, nil without a .shx; dbf the attributes, nil without
	// a .dbf (a shapefile of geometries only).
	shx *shxReader
	dbf *dbfReader

	crs      geo.CRS
	declared bool
	crsErr   error
	notes    []string
	closers  []io.Closer
	// n counts the records read.
	n int64
}

// Open opens the shapefile of the file name: a .shp, with the .shx, .dbf, .prj and .cpg
// beside it (their extensions in any case), or a .zip holding one shapefile, in any folder
// of the archive, read in place. A zip holding several is refused with their names.
func Open(name string) (*File, error) {
	if !strings.EqualFold(filepath.Ext(name), ".zip") {
		dir, base := filepath.Split(name)
		if dir == "" {
			dir = "."
		}
		return open(os.DirFS(dir), base, func(sibling string) string { return filepath.Join(filepath.Dir(name), sibling) })
	}
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, &Error{File: name, Offset: -1, Reason: "not a readable zip archive: " + err.Error()}
	}
	member, err := onlyShapefile(zr, name)
	if err == nil {
		err = checkUnzipped(zr, name)
	}
	if err == nil {
		var f *File
		if f, err = open(zr, member, func(m string) string { return name + ": " + m }); err == nil {
			f.closers = append(f.closers, zr)
			return f, nil
		}
	}
	_ = zr.Close() // read only: closing cannot lose data
	return nil, err
}

// maxUnzipped is the most a zip's files may unpack to, together: a shapefile's .shp and
// .dbf hold at most 2 GB each by their format, and a bureau's are far smaller. The sizes
// a zip declares bind what it unpacks (archive/zip refuses to read beyond them).
const maxUnzipped = 1 << 30

// checkUnzipped refuses a zip whose files unpack to more than maxUnzipped together, before
// any is read: a damaged file, or a zip bomb.
func checkUnzipped(zr *zip.ReadCloser, zipPath string) error {
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxUnzipped {
			return &Error{File: zipPath, Offset: -1, Reason: fmt.Sprintf("unpacks to more than %d MB, beyond any shapefile a bureau keeps (a damaged file, or a zip bomb)", maxUnzipped>>20)}
		}
	}
	return nil
}

// onlyShapefile returns the name of the one .shp in the zip archive at path; the copies
// macOS adds under __MACOSX are not shapefiles.
func onlyShapefile(zr *zip.ReadCloser, zipPath string) (string, error) {
	var names []string
	for _, f := range zr.File {
		if strings.EqualFold(path.Ext(f.Name), ".shp") && !strings.HasPrefix(f.Name, "__MACOSX/") && !strings.HasPrefix(path.Base(f.Name), "._") {
			names = append(names, f.Name)
		}
	}
	switch len(names) {
	case 0:
		return "", &Error{File: zipPath, Offset: -1, Reason: fmt.Sprintf("holds no shapefile (no .shp among its %d files)", len(zr.File))}
	case 1:
		return names[0], nil
	}
	return "", &Error{File: zipPath, Offset: -1, Reason: fmt.Sprintf("holds %d shapefiles (%s); import one at a time: a zip of one, or its .shp", len(names), strings.Join(names, ", "))}
}

// open opens the shapefile name of fsys and its siblings; label names a file of fsys in
// errors.
func open(fsys fs.FS, name string, label func(string) string) (*File, error) {
	f := &File{}
	src := source{fsys: fsys, label: label, into: f}
	siblings, err := findSiblings(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = &Error{File: label(name), Offset: -1, Reason: "no such file"}
	case err != nil:
		err = &Error{File: label(name), Offset: -1, Reason: "listing its folder: " + err.Error()}
	default:
		err = f.openAll(src, name, siblings)
	}
	if err != nil {
		_ = f.Close() // read only: closing cannot lose data
		return nil, err
	}
	return f, nil
}

// openAll opens the .shp name and its siblings, by lower-case extension.
func (f *File) openAll(src source, name string, siblings map[string]string) error {
	r, size, err := src.open(name)
	if err != nil {
		return err
	}
	if f.shp, err = newSHP(r, size, src.label(name)); err != nil {
		return err
	}
	if shx := siblings[".shx"]; shx != "" {
		r, size, err := src.open(shx)
		if err != nil {
			return err
		}
		if f.shx, err = newSHX(r, size, src.label(shx)); err != nil {
			return err
		}
	}
	if prj := siblings[".prj"]; prj != "" {
		b, err := src.readSmall(prj)
		if err != nil {
			return err
		}
		f.crs, f.crsErr = geo.CRSFromWKT(strings.TrimSpace(strings.TrimPrefix(string(b), "\uFEFF")))
		f.declared = f.crsErr == nil
		if f.crsErr != nil {
			f.crsErr = fmt.Errorf("its .prj: %w", f.crsErr)
		}
	}
	if dbf := siblings[".dbf"]; dbf != "" {
		return f.openDBF(src, dbf, siblings[".cpg"])
	}
	return nil
}

// openDBF opens the .dbf name, its text in the encoding the .cpg cpg (none when "")
// names, or else its header or its text.
func (f *File) openDBF(src source, name, cpg string) error {
	r, size, err := src.open(name)
	if err != nil {
		return err
	}
	if f.dbf, err = newDBF(r, size, src.label(name)); err != nil {
		return err
	}
	var cp []byte
	if cpg != "" {
		if cp, err = src.readSmall(cpg); err != nil {
			return err
		}
	}
	enc, err := chooseEncoding(string(cp), f.dbf.ldid, func() (bool, error) {
		r, size, err := src.open(name)
		if err != nil {
			return false, err
		}
		d, err := newDBF(r, size, src.label(name))
		if err != nil {
			return false, err
		}
		return d.allUTF8()
	})
	if err != nil {
		return err
	}
	f.dbf.setEncoding(enc)
	f.notes = f.dbf.notes
	return nil
}

// maxSidecar is the size of the largest .prj and .cpg read: real ones are a few
// hundred bytes.
const maxSidecar = 64 << 10

// source is the folder or archive the files of a shapefile are read from.
type source struct {
	fsys fs.FS
	// label names a file in errors.
	label func(string) string
	// into is the shapefile that closes the files opened.
	into *File
}

// open opens the file name and returns it with its size.
func (s source) open(name string) (io.Reader, int64, error) {
	r, err := s.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, &Error{File: s.label(name), Offset: -1, Reason: "no such file"}
	}
	if err != nil {
		return nil, 0, &Error{File: s.label(name), Offset: -1, Reason: "opening: " + err.Error()}
	}
	s.into.closers = append(s.into.closers, r)
	st, err := r.Stat()
	if err != nil {
		return nil, 0, &Error{File: s.label(name), Offset: -1, Reason: "reading its size: " + err.Error()}
	}
	return r, st.Size(), nil
}

// readSmall reads a .prj or .cpg: at most maxSidecar bytes, and one more so that a
// longer one is refused by what reads it.
func (s source) readSmall(name string) ([]byte, error) {
	r, _, err := s.open(name)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSidecar+1))
	if err != nil {
		return nil, &Error{File: s.label(name), Offset: -1, Reason: "reading: " + err.Error()}
	}
	return b, nil
}

// findSiblings returns the files beside the .shp name that share its name up to the
// extension, in any case, by lower-case extension; the one of the same case wins when a
// folder holds several.
func findSiblings(fsys fs.FS, name string) (map[string]string, error) {
	dir, base := path.Split(name)
	stem := strings.TrimSuffix(base, path.Ext(base))
	list := "."
	if dir != "" {
		list = strings.TrimSuffix(dir, "/")
	}
	entries, err := fs.ReadDir(fsys, list)
	if err != nil {
		return nil, err
	}
	found := map[string]string{}
	for _, e := range entries {
		n := e.Name()
		ext := path.Ext(n)
		s := strings.TrimSuffix(n, ext)
		if e.IsDir() || !strings.EqualFold(s, stem) {
			continue
		}
		key := strings.ToLower(ext)
		if !slices.Contains([]string{".shx", ".dbf", ".prj", ".cpg"}, key) {
			continue
		}
		if prev, ok := found[key]; ok && (s != stem || strings.TrimSuffix(path.Base(prev), path.Ext(prev)) == stem) {
			continue
		}
		found[key] = dir + n
	}
	return found, nil
}

var _ table.Source = (*File)(nil)

// Columns names the .dbf's fields, in the order of the cells; none without a .dbf.
func (f *File) Columns() []string {
	if f.dbf == nil {
		return nil
	}
	return f.dbf.columns
}

// Next reads the next record into ft; it returns io.EOF after the last. The records a
// .dbf marks deleted are passed over. A shape that cannot be read sets ft.Problem; a
// record cut short, a .shx that does not fit the .shp, or a .dbf of a different number of
// records is an Error.
func (f *File) Next(ft *table.Feature) error {
	for {
		g, problem, err := f.nextShape()
		if errors.Is(err, io.EOF) && f.dbf != nil {
			err = f.dbf.end(f.n, f.shp.name)
		}
		if err != nil {
			return err
		}
		f.n++
		ft.N, ft.Geom, ft.Problem, ft.Cells = f.n, g, problem, ft.Cells[:0]
		if f.dbf == nil {
			return nil
		}
		deleted, err := f.dbf.next(f.n, &ft.Cells, f.shp.name)
		if err != nil {
			return err
		}
		if !deleted {
			return nil
		}
	}
}

// nextShape reads the next record's shape, at the offset the .shx gives when there is
// one; it returns io.EOF after the last.
func (f *File) nextShape() (orb.Geometry, string, error) {
	if f.shx == nil {
		return f.shp.next(f.n+1, -1)
	}
	at, err := f.shx.next(f.n + 1)
	if errors.Is(err, io.EOF) {
		err = f.shp.allRead(f.shx.name, f.shx.count)
	}
	if err != nil {
		return nil, "", err
	}
	return f.shp.next(f.n+1, at)
}

// CRS returns the coordinate system the .prj declares, with declared true; declared is
// false without a .prj, and err says why a .prj there is could not be understood.
func (f *File) CRS() (crs geo.CRS, declared bool, err error) {
	return f.crs, f.declared, f.crsErr
}

// Encoding names the encoding of the .dbf's text and how it was chosen: "GBK (from
// .cpg)", "GBK (from the .dbf's language driver 0x4D)", "UTF-8 (detected)"; "" without a
// .dbf.
func (f *File) Encoding() string {
	if f.dbf == nil {
		return ""
	}
	return f.dbf.dec.enc.String()
}

// Notes are the lines worth showing about the .dbf besides errors: the columns it holds
// that are not read (memos kept in another file, binary types), whose cells read as empty.
func (f *File) Notes() []string { return f.notes }

// Close closes the files of the shapefile.
func (f *File) Close() error {
	var errs []error
	for i := len(f.closers) - 1; i >= 0; i-- {
		errs = append(errs, f.closers[i].Close())
	}
	f.closers = nil
	return errors.Join(errs...)
}
