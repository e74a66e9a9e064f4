//go:build linux

package geojson

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing bytes [off, off+n) of f to the disk now,
// without waiting for it, so that the fsync that ends the file has less left to do.
// Failing is harmless: the fsync still writes everything.
func startWriteback(f *os.File, off, n int64) {
	_ = unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
