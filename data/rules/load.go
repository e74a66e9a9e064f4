package rules

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"cctvgis/planner/rulebook"

	"go.yaml.in/yaml/v3"
)

//go:embed *.yaml
var embeddedRules embed.FS

// taxonomyFile is the name of the vocabulary file beside the rulebooks.
const taxonomyFile = "taxonomy.yaml"

// FileError names the data file that failed to load.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// Builtin loads the rulebooks embedded in the binary.
func Builtin() (*rulebook.Library, error) {
	return Load(embeddedRules, ".")
}

// Load reads taxonomy.yaml and every other *.yaml file of dir as one rulebook each,
// validates them, and returns them as a library. Unknown fields are errors, so a typo in
// a field name cannot silently drop a rule. Errors are *FileError naming the file.
func Load(fsys fs.FS, dir string) (*rulebook.Library, error) {
	var taxFile taxonomy
	taxPath := path.Join(dir, taxonomyFile)
	if err := decodeFile(fsys, taxPath, &taxFile); err != nil {
		return nil, err
	}
	tax := taxFile.toPlanner()
	if err := tax.Index(); err != nil {
		return nil, &FileError{File: taxPath, Err: err}
	}
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("listing rulebooks: %w", err)
	}
	sort.Strings(names)
	var books []*rulebook.Rulebook
	for _, name := range names {
		if name == taxPath {
			continue
		}
		var file bookFile
		if err := decodeFile(fsys, name, &file); err != nil {
			return nil, err
		}
		b := file.toPlanner()
		if err := b.Validate(tax); err != nil {
			return nil, &FileError{File: name, Err: fmt.Errorf("rulebook %q: %w", b.Code, err)}
		}
		if want := strings.TrimSuffix(path.Base(name), ".yaml"); b.Code != want {
			return nil, &FileError{File: name, Err: fmt.Errorf("code: %w: %q in a file named for %q", rulebook.ErrInvalid, b.Code, want)}
		}
		books = append(books, b)
	}
	lib, err := rulebook.NewLibrary(tax, books)
	if err != nil {
		return nil, &FileError{File: dir, Err: err}
	}
	return lib, nil
}

// decodeFile decodes one YAML document strictly into one of the file types of decode.go:
// unknown fields and trailing documents are errors.
func decodeFile(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return &FileError{File: name, Err: err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("empty file")
		}
		return &FileError{File: name, Err: err}
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return &FileError{File: name, Err: errors.New("more than one YAML document")}
	}
	return nil
}
