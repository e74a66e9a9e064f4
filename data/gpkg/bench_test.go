package gpkg_test

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/gpkg"
	"cctvgis/data/table"
	"cctvgis/data/wkb"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// benchCameras is the number of cameras of the generated GeoPackage: a city like
// Yangzhou's registry.
const benchCameras = 250_000

// cityRegistry writes a GeoPackage of benchCameras cameras in EPSG:4527, with the
// columns of testdata/cameras.4527.gpkg, and returns its path.
func cityRegistry(b *testing.B) string {
	b.Helper()
	path := variant(b, "cameras.4527.gpkg", `DELETE FROM 摄像机`)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	ctx := b.Context()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO 摄像机 (geom, 设备编码, 点位名称, 方向, 视角, 监控距离, 安装高度, 建设单位, 投资性质, 所属辖区)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = stmt.Close() }()
	rng := rand.New(rand.NewPCG(1, 2))
	header := binary.LittleEndian.AppendUint32([]byte{'G', 'P', 0, 1}, 4527)
	investment := []string{"政府", "社会"}
	for i := range benchCameras {
		p := orb.Point{39_440_000 + rng.Float64()*40_000, 4_400_000 + rng.Float64()*40_000}
		blob, err := wkb.AppendEWKB(header, p, 0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := stmt.ExecContext(ctx, blob, fmt.Sprintf("110105000013200%05d", i), fmt.Sprintf("点位%d", i),
			rng.IntN(360), 60, 50, 6.5, "朝阳分局", investment[i%2], "朝阳区"); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkRead reads a city's camera registry from a GeoPackage: the features alone
// (Open and Next, reusing one Feature as table.Read does), and into the cameras layer (table.Read: mapping, rejection rules,
// conversion from the Gauss-Krüger zone to WGS84). It reports features per second.
func BenchmarkRead(b *testing.B) {
	path := cityRegistry(b)
	gk, err := geo.CRSFromEPSG(4527)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("features", func(b *testing.B) {
		for b.Loop() {
			t := open(b, path, "")
			var f table.Feature
			n := 0
			for ; ; n++ {
				err := t.Next(&f)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			if n != benchCameras {
				b.Fatalf("read %d features", n)
			}
			_ = t.Close()
		}
		b.ReportMetric(float64(benchCameras*b.N)/b.Elapsed().Seconds(), "features/s")
	})
	b.Run("layer", func(b *testing.B) {
		for b.Loop() {
			t := open(b, path, "")
			var l coverage.Layers
			rep, err := table.Read(b.Context(), t, table.Input{Layer: coverage.LayerCameras, CRS: gk, CRSSet: true,
				File: path, Numbering: gpkg.Features, Geometry: true}, &l)
			if err != nil || len(l.Cameras) != benchCameras {
				b.Fatalf("read %d cameras, %d rejected: %v", len(l.Cameras), len(rep.Rejections), err)
			}
			_ = t.Close()
		}
		b.ReportMetric(float64(benchCameras*b.N)/b.Elapsed().Seconds(), "features/s")
	})
}
