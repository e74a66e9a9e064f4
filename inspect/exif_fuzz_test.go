package inspect_test

import (
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"cctvgis/inspect/inspecttest"
	"cctvgis/internal/audit"

	"cctvgis/inspect"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the seed corpus of FuzzReadEXIF under testdata/fuzz")

// fuzzSeeds are the inputs the seed corpus under testdata/fuzz/FuzzReadEXIF holds: whole
// JPEGs with EXIF in both byte orders, and their EXIF segment cut at several places.
func fuzzSeeds(tb testing.TB) map[string][]byte {
	tb.Helper()
	jpg := inspecttest.TinyJPEG(tb)
	le, be := inspecttest.WithEXIF(jpg, inspecttest.SampleTIFF(binary.LittleEndian)), inspecttest.WithEXIF(jpg, inspecttest.SampleTIFF(binary.BigEndian))
	seeds := map[string][]byte{
		"jpeg-exif-le": le,
		"jpeg-exif-be": be,
		"jpeg-plain":   jpg,
		"soi-only":     {0xFF, 0xD8},
	}
	for _, cut := range []int{12, 30, 60, 120, 200} {
		seeds[fmt.Sprintf("jpeg-exif-le-cut-%d", cut)] = le[:min(cut, len(le))]
	}
	return seeds
}

// TestWriteFuzzCorpus regenerates the seed corpus when run with -update-corpus.
func TestWriteFuzzCorpus(t *testing.T) {
	if !*updateCorpus {
		t.Skip("run with -update-corpus to rewrite testdata/fuzz/FuzzReadEXIF")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzReadEXIF")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range fuzzSeeds(t) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzReadEXIF checks that no input makes the reader panic or read out of bounds, and
// that what it reads is in range.
func FuzzReadEXIF(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := inspect.ReadEXIF(data)
		if x == nil {
			t.Fatal("ReadEXIF returned a nil EXIF")
		}
		if err != nil {
			if !x.IsZero() {
				t.Fatalf("ReadEXIF returned %+v with its error %v", x, err)
			}
			return
		}
		if g := x.GPS; g != nil && !(g.Lat >= -90 && g.Lat <= 90 && g.Lon >= -180 && g.Lon <= 180) {
			t.Fatalf("GPS %+v out of range", g)
		}
		if d := x.ImgDirection; d != nil && !(*d >= 0 && *d < 360) {
			t.Fatalf("direction %v out of range", *d)
		}
		if _, err := inspect.ReadPhoto(data, audit.HexDigest(data)); err != nil && len(data) > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF {
			t.Fatalf("ReadPhoto rejected a JPEG: %v", err)
		}
	})
}
