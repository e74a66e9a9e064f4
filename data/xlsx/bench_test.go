package xlsx_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"cctvgis/data/table"
	"cctvgis/data/xlsx"
	"cctvgis/planner/coverage"
)

// BenchmarkRead100k reads a registry of 100,000 cameras into a layer, from opening the
// workbook to the last camera: the title, notes and header rows, codes as text.
func BenchmarkRead100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "registry.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	rows := [][]any{{"某市公共视频监控点位表"}, {"填报单位：某局"},
		{"序号", "设备编码", "点位名称", "经度", "纬度", "方向", "视角", "监控距离(米)", "安装高度", "建设单位", "投资性质", "所属辖区"}}
	const n = 100000
	for i := range n {
		rows = append(rows, []any{i + 1, fmt.Sprintf("4201020000132%07d", i), fmt.Sprintf("点位%d", i),
			114.2 + float64(i%1000)*1e-4, 30.5 + float64(i/1000)*1e-4, float64(i % 360), 60, 50, 4.5, "武汉市公安局江岸区分局", "政府", "江岸区"})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	_ = f.Close()
	b.ResetTimer()
	for b.Loop() {
		s, err := xlsx.Open(path, "")
		if err != nil {
			b.Fatal(err)
		}
		var l coverage.Layers
		rep, err := table.Read(context.Background(), s, table.Input{Layer: coverage.LayerCameras, File: path, Numbering: xlsx.Rows}, &l)
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Cameras) != n || len(rep.Rejections) != 0 {
			b.Fatalf("read %d cameras, %d rejections", len(l.Cameras), len(rep.Rejections))
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
