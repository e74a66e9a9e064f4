package imports

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// upload is one import waiting for its confirmation: a folder of Config.Dir named by the
// import's id, holding the file as it was sent and record.json. Any process that shares
// the folder serves it; nothing about it lives in memory between requests.
type upload struct {
	id  string
	dir string
	rec record
}

// record is what an upload keeps besides its file: who sent it, what it is called and
// how to read it. It is this package's stored form, apart from the API's views.
type record struct {
	Owner   string    `json:"owner"`
	Name    string    `json:"name"`
	Ext     string    `json:"ext"`
	Bytes   int64     `json:"bytes"`
	Created time.Time `json:"created"`
	Layer   string    `json:"layer"`
	// CRS is the coordinate system the user names, "" for what the file says.
	CRS string `json:"crs"`
	// Map is the user's column mapping, field → column; nil recognises the columns.
	Map map[string]string `json:"map"`
	// Table is the GeoPackage table the user names, "" for the file's only one.
	Table string `json:"table"`
	// Sheet is the Excel sheet the user names, "" for the first.
	Sheet string `json:"sheet"`
	// Repair and RepairForce are the import command's --repair and --repair-force.
	Repair      bool `json:"repair"`
	RepairForce bool `json:"repair_force"`
}

// The names inside an upload's folder.
const (
	recordName  = "record.json"
	previewName = "preview.json"
	fileBase    = "file"
	// lockName is made while the upload is being confirmed: making a folder either
	// succeeds or finds it made, so that one confirmation runs at a time.
	lockName = "confirming"
)

// goodID is what an import's id looks like: never a path.
var goodID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// goodExt is a file name's extension as an upload keeps it.
var goodExt = regexp.MustCompile(`^(\.[a-z0-9]{1,8}){1,2}$`)

// extension is the extension of a file's name that tells its format, lower case:
// ".geojson", ".osm.pbf"; "" when the name has none that could.
func extension(name string) string {
	base := strings.ToLower(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	ext := filepath.Ext(base)
	if inner := filepath.Ext(strings.TrimSuffix(base, ext)); inner == ".osm" || inner == ".shp" {
		ext = inner + ext
	}
	if !goodExt.MatchString(ext) {
		return ""
	}
	return ext
}

// displayName is the file's name as its sender called it, without folders, for the
// preview and messages.
func displayName(name string) string {
	base := filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if len(base) > 200 {
		base = base[:200]
	}
	return strings.ToValidUTF8(base, "")
}

// newUpload makes the folder of a new upload in dir.
func newUpload(dir string, rec record) (*upload, error) {
	var b [16]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	u := &upload{id: id, dir: filepath.Join(dir, id), rec: rec}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("making the imports folder: %w", err)
	}
	if err := os.Mkdir(u.dir, 0o700); err != nil {
		return nil, fmt.Errorf("making an import's folder: %w", err)
	}
	return u, nil
}

// path is where the upload's file is.
func (u *upload) path() string { return filepath.Join(u.dir, fileBase+u.rec.Ext) }

// save writes the upload's record, whole or not at all.
func (u *upload) save() error { return writeJSON(filepath.Join(u.dir, recordName), u.rec) }

// writeJSON writes v to path through a temporary file and a rename, so that a reader
// never sees half of it.
func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Base(path), err)
	}
	return nil
}

// errNoUpload is an id that names no upload in the folder.
var errNoUpload = errors.New("imports: no such upload")

// loadUpload reads the upload of id from dir: errNoUpload when there is none.
func loadUpload(dir, id string) (*upload, error) {
	if !goodID.MatchString(id) {
		return nil, errNoUpload
	}
	u := &upload{id: id, dir: filepath.Join(dir, id)}
	b, err := os.ReadFile(filepath.Join(u.dir, recordName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNoUpload
	}
	if err != nil {
		return nil, fmt.Errorf("reading import %s: %w", id, err)
	}
	if err := json.Unmarshal(b, &u.rec); err != nil {
		return nil, fmt.Errorf("reading import %s: %w", id, err)
	}
	if !goodExt.MatchString(u.rec.Ext) {
		return nil, fmt.Errorf("reading import %s: bad extension %q", id, u.rec.Ext)
	}
	return u, nil
}

// remove deletes the upload's folder with its file.
func (u *upload) remove() error {
	if err := os.RemoveAll(u.dir); err != nil {
		return fmt.Errorf("removing import %s: %w", u.id, err)
	}
	return nil
}

// expired reports whether the upload waited longer than ttl at now.
func (u *upload) expired(now time.Time, ttl time.Duration) bool {
	return now.Sub(u.rec.Created) > ttl
}

// lock marks the upload as being confirmed; false when it already was.
func (u *upload) lock() (bool, error) {
	err := os.Mkdir(filepath.Join(u.dir, lockName), 0o700)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("locking import %s: %w", u.id, err)
	}
	return true, nil
}

// unlock ends a confirmation that did not go through.
func (u *upload) unlock() error { return os.Remove(filepath.Join(u.dir, lockName)) }

// uploads lists the uploads of dir, the readable ones; a folder being made or removed
// meanwhile is left out, and one left without a record for over stray at now is removed.
func uploads(dir string, now time.Time, stray time.Duration) ([]*upload, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing the imports: %w", err)
	}
	var out []*upload
	for _, e := range entries {
		if !e.IsDir() || !goodID.MatchString(e.Name()) {
			continue
		}
		u, err := loadUpload(dir, e.Name())
		if errors.Is(err, errNoUpload) {
			// A folder without a record is one being made, or one whose making failed.
			if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > stray {
				_ = os.RemoveAll(filepath.Join(dir, e.Name()))
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}
