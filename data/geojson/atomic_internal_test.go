package geojson

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// A file written past several writeback points, in pieces of every size, reads back
// byte for byte, and the folder holds it alone, under its name.
func TestWriteFilesWritesLargeFilesWhole(t *testing.T) {
	dir := t.TempDir()
	want := make([]byte, 3*writebackEvery+12345)
	for i := range want {
		want[i] = byte('a' + i%26)
	}
	err := writeFiles(context.Background(), dir, []fileContent{{name: "big.geojson", write: func(w io.Writer) error {
		for rest, size := want, 1; len(rest) > 0; size = size*3 + 1 {
			n := min(size, len(rest))
			if _, err := w.Write(rest[:n]); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return nil
	}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "big.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("read back %d bytes, not the %d written", len(got), len(want))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want the one file", len(entries))
	}
}
