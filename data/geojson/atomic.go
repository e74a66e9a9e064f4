package geojson

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// fileContent is one file to write: its name in the folder and what goes in it.
type fileContent struct {
	name  string
	write func(io.Writer) error
}

// writeFiles writes the files into dir, creating it if needed, so that a reader never sees
// half a file and a failure changes nothing: every file goes to a temporary file in dir,
// buffered, synced and closed, all at once, and only when all are written are they
// renamed into place and the folder synced. Files are readable by all (mode 0644).
func writeFiles(ctx context.Context, dir string, files []fileContent) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmps := make([]string, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			if errs[i] = ctx.Err(); errs[i] != nil {
				errs[i] = fmt.Errorf("writing %s: %w", dir, errs[i])
				return
			}
			tmps[i], errs[i] = writeTemp(dir, f)
		})
	}
	wg.Wait()
	cleanup := func(tmps []string) {
		for _, t := range tmps {
			if t != "" {
				_ = os.Remove(t)
			}
		}
	}
	for _, err := range errs {
		if err != nil {
			cleanup(tmps)
			return err
		}
	}
	for i, f := range files {
		if err := os.Rename(tmps[i], filepath.Join(dir, f.name)); err != nil {
			cleanup(tmps[i:])
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, f.name), err)
		}
	}
	return syncDir(dir)
}

// writeTemp writes one file's content to a new temporary file in dir, synced and closed,
// and returns its path; on error the file is removed.
func writeTemp(dir string, f fileContent) (string, error) {
	tmp, err := os.CreateTemp(dir, "."+f.name+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", filepath.Join(dir, f.name), err)
	}
	bw := bufio.NewWriterSize(&writeback{f: tmp}, 64<<10)
	err = f.write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return "", fmt.Errorf("writing %s: %w", filepath.Join(dir, f.name), err)
	}
	return tmp.Name(), nil
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}

// writebackEvery is how many bytes are written to a file before the kernel is asked to
// start writing them out.
const writebackEvery = 8 << 20

// writeback writes to f and, every writebackEvery bytes, starts their writeback, so that
// the disk works while the rest is encoded instead of all at the final fsync.
type writeback struct {
	f                *os.File
	written, started int64
}

func (w *writeback) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if w.written-w.started >= writebackEvery {
		startWriteback(w.f, w.started, w.written-w.started)
		w.started = w.written
	}
	return n, err
}
