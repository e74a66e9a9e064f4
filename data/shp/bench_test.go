package shp_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"golang.org/x/text/encoding/simplifiedchinese"

	"cctvgis/data/shp"
	"cctvgis/data/table"
)

// benchRead reads the shapefile at path b.N times, reporting its bytes per second and
// its records per second.
func benchRead(b *testing.B, path string) {
	b.Helper()
	var size int64
	matches, _ := filepath.Glob(path[:len(path)-len(filepath.Ext(path))] + ".*")
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil {
			size += st.Size()
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	records := 0
	for b.Loop() {
		f, err := shp.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		var ft table.Feature
		for {
			err := f.Next(&ft)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			records++
		}
		_ = f.Close()
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkRead reads Beijing's 16 districts (10,000 vertices) and a registry of 250,000
// cameras with GBK attributes, its encoding detected.
func BenchmarkRead(b *testing.B) {
	b.Run("beijing.4547", func(b *testing.B) { benchRead(b, filepath.Join("testdata", "beijing.4547.shp")) })
	b.Run("250k-cameras", func(b *testing.B) {
		const n = 250_000
		owner, err := simplifiedchinese.GBK.NewEncoder().String("北京市公安局东城分局")
		if err != nil {
			b.Fatal(err)
		}
		gov, err := simplifiedchinese.GBK.NewEncoder().String("政府")
		if err != nil {
			b.Fatal(err)
		}
		records := make([][]byte, n)
		rows := make([][]string, n)
		for i := range records {
			records[i] = pointRecord(tPoint, orb.Point{500000 + float64(i%1000), 4400000 + float64(i/1000)})
			rows[i] = []string{fmt.Sprintf("1101010000132%07d", i), fmt.Sprint(i % 360), "60", "45.5", owner, gov}
		}
		s, x := shpFiles(records...)
		fields := []dbfField{{"ID", 'C', 20, 0}, {"AZIMUTH", 'N', 9, 0}, {"HFOV", 'N', 9, 0}, {"RANGE", 'N', 12, 3}, {"OWNER", 'C', 40, 0}, {"INVEST", 'C', 10, 0}}
		dir := writeFiles(b, map[string][]byte{"c.shp": s, "c.shx": x, "c.dbf": dbfFile(0, fields, rows...)})
		benchRead(b, filepath.Join(dir, "c.shp"))
	})
}
