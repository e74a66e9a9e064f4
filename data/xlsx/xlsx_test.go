package xlsx_test

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cctvgis/data/table"
	"cctvgis/data/xlsx"
	"cctvgis/planner/coverage"
)

// readAll reads the rows of s as row number → cells.
func readAll(t *testing.T, s *xlsx.Sheet) map[int64][]any {
	t.Helper()
	got := map[int64][]any{}
	var f table.Feature
	for {
		err := s.Next(&f)
		if errors.Is(err, io.EOF) {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		got[f.N] = append([]any(nil), f.Cells...)
	}
}

// build writes a workbook whose sheets hold rows (nil for an empty row) with excelize,
// as Excel and WPS lay them out, and returns its path.
func build(t *testing.T, sheets map[string][][]any, order ...string) string {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, cells := range sheets[name] {
			if cells == nil {
				continue
			}
			if err := f.SetSheetRow(name, fmt.Sprintf("A%d", r+1), &cells); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "registry.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// rawWorkbook writes a workbook of one sheet, Sheet1, whose sheetData is rows, written as
// given: cells as Excel stores them, which excelize does not write (a number in exponent
// form, a formula's cached value).
func rawWorkbook(t *testing.T, rows string) string {
	t.Helper()
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook ` + ns + ` xmlns:r="` + rel + `"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<worksheet ` + ns + `><sheetData>` + rows + `</sheetData></worksheet>`},
	}
	path := filepath.Join(t.TempDir(), "raw.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(out)
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(z.Close(), out.Close()); err != nil {
		t.Fatal(err)
	}
	return path
}

// text is an inline text cell.
func text(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}

// The committed registry reads as its rows: the header found under the title and notes,
// the blank row skipped, rows numbered as Excel shows them, device codes as text.
func TestOpenRegistry(t *testing.T) {
	s, err := xlsx.Open("testdata/registry.xlsx", "")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if s.Name() != "监控点位" || s.HeaderRow() != 3 {
		t.Errorf("sheet %s, header row %d; want 监控点位, 3", s.Name(), s.HeaderRow())
	}
	want := "序号 设备编码 点位名称 经度 纬度 方向 视角 监控距离(米) 安装高度 建设单位 投资性质 所属辖区"
	if got := strings.Join(s.Columns(), " "); got != want {
		t.Errorf("columns %s\nwant    %s", got, want)
	}
	rows := readAll(t, s)
	var ns []int64
	for n := range rows {
		ns = append(ns, n)
	}
	if len(rows) != 5 || rows[6] != nil || rows[9] == nil {
		t.Errorf("rows %v, want 4, 5, 7, 8, 9", ns)
	}
	first := []any{1.0, "42010200001320000001", "江岸区解放大道与黄浦大街路口", 114.3054321, 30.6123456, 90.0, 60.0, 80.0, 6.5, "武汉市公安局江岸区分局", "政府", "江岸区"}
	if !reflect.DeepEqual(rows[4], first) {
		t.Errorf("row 4 %#v\nwant   %#v", rows[4], first)
	}
	if rows[5][7] != "50米" {
		t.Errorf("distance with its unit read as %#v", rows[5][7])
	}
}

// The header is the first of the top rows filled at least half as fully as the fullest;
// titles and notes above it are passed over.
func TestHeaderRow(t *testing.T) {
	header := []any{"设备编码", "经度", "纬度", "方向", "视角", "监控距离"}
	data := []any{"42010200001320000001", 114.3, 30.6, 90, 60, 50}
	for _, c := range []struct {
		name    string
		rows    [][]any
		header  int
		columns string
		err     error
	}{
		{"header in the first row", [][]any{header, data}, 1, "设备编码 经度 纬度 方向 视角 监控距离", nil},
		{"a title and a line of notes above", [][]any{{"某市公共视频监控点位表"}, {"填报单位：某局", nil, nil, "日期：2026年"}, header, data}, 3, "设备编码 经度 纬度 方向 视角 监控距离", nil},
		{"blank rows above", [][]any{nil, nil, header, nil, data}, 3, "设备编码 经度 纬度 方向 视角 监控距离", nil},
		{"empty header cells named by their letter, line breaks squeezed", [][]any{{"设备编码", nil, "监控距离\n(米)"}, {"c1", 1, 2}}, 1, "设备编码 (column B) 监控距离 (米)", nil},
		{"only one-cell rows", [][]any{{"标题"}, {"说明"}}, 0, "", xlsx.ErrNoHeader},
		{"an empty sheet", nil, 0, "", xlsx.ErrNoHeader},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := xlsx.Open(build(t, map[string][][]any{"点位": c.rows}, "点位"), "")
			if !errors.Is(err, c.err) {
				t.Fatalf("error %v, want %v", err, c.err)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "registry.xlsx, sheet 点位") {
					t.Errorf("error %q does not name the file and sheet", err)
				}
				return
			}
			defer func() { _ = s.Close() }()
			if s.HeaderRow() != c.header || strings.Join(s.Columns(), " ") != c.columns {
				t.Errorf("header row %d, columns %q; want %d, %q", s.HeaderRow(), s.Columns(), c.header, c.columns)
			}
			rows := readAll(t, s)
			if len(rows) != 1 {
				t.Errorf("rows %v, want the data row only", rows)
			}
		})
	}
}

// Cells are typed from what the sheet stores: numbers as numbers, text as text with its
// leading zeros, formulas by their cached value; cells right of the header are not read.
func TestTypedCells(t *testing.T) {
	path := rawWorkbook(t, `<row r="1">`+text("A1", "编号")+text("B1", "经度")+text("C1", "备注")+`</row>`+
		`<row r="2">`+text("A2", "0101")+`<c r="B2"><v>119.40512345678901</v></c>`+`<c r="C2" t="str"><f>A2&amp;"号"</f><v>0101号</v></c><c r="D2"><v>7</v></c></row>`+
		`<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3"><f>1+1</f><v>2</v></c>`+text("C3", "12.50")+`</row>`+
		`<row r="5">`+text("A5", "42010200001320000001")+`<c r="B5"><v>45352</v></c></row>`)
	s, err := xlsx.Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	got := readAll(t, s)
	want := map[int64][]any{
		2: {"0101", 119.40512345678901, "0101号"},
		3: {1.0, 2.0, "12.50"},
		5: {"42010200001320000001", 45352.0, nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cells %#v\nwant  %#v", got, want)
	}
}

// A device code that Excel stored as a number has lost its last digits: its row is
// refused with the remedy, and the other rows read, codes as text intact.
func TestLostDigitCodes(t *testing.T) {
	header := `<row r="1">` + text("A1", "设备编码") + text("B1", "经度") + text("C1", "纬度") + text("D1", "方向") +
		text("E1", "视角") + text("F1", "监控距离") + text("G1", "建设单位") + text("H1", "投资性质") + `</row>`
	row := func(n int, code string) string {
		r := fmt.Sprint(n)
		return `<row r="` + r + `">` + code + `<c r="B` + r + `"><v>114.3</v></c><c r="C` + r + `"><v>30.6</v></c><c r="D` + r + `"><v>90</v></c>` +
			`<c r="E` + r + `"><v>60</v></c><c r="F` + r + `"><v>50</v></c>` + text("G"+r, "分局") + text("H"+r, "政府") + `</row>`
	}
	path := rawWorkbook(t, header+row(2, text("A2", "42010200001320000001"))+row(3, `<c r="A3"><v>4.2010200001320002E+19</v></c>`))
	s, err := xlsx.Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	var l coverage.Layers
	rep, err := table.Read(context.Background(), s, table.Input{Layer: coverage.LayerCameras, File: "raw.xlsx", Numbering: xlsx.Rows}, &l)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Cameras) != 1 || l.Cameras[0].ID != "42010200001320000001" {
		t.Errorf("cameras %v", l.Cameras)
	}
	want := `raw.xlsx: cameras row 3 (id "4.201020000132E+19"): 设备编码: stored as a number, its last digits are lost: format the column as text in Excel and enter the codes again`
	if len(rep.Rejections) != 1 || rep.Rejections[0].Error() != want {
		t.Errorf("rejections %v\nwant %s", rep.Rejections, want)
	}
}

// A sheet is found by name; an unknown name is refused with the sheets there are.
func TestSheetByName(t *testing.T) {
	s, err := xlsx.Open("testdata/registry.xlsx", "XY坐标")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name() != "XY坐标" || s.Columns()[3] != "X坐标" {
		t.Errorf("sheet %s, columns %v", s.Name(), s.Columns())
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	_, err = xlsx.Open("testdata/registry.xlsx", "点位表")
	if !errors.Is(err, xlsx.ErrNoSheet) || !strings.Contains(err.Error(), `no sheet "点位表"; its sheets: 监控点位, XY坐标, 自定义表头`) {
		t.Errorf("unknown sheet: %v", err)
	}
}

// Files that are not .xlsx workbooks are refused, saying so and what to do.
func TestNotAWorkbook(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, body string
		want       error
	}{
		{"a CSV renamed .xlsx", "编号,经度,纬度\nc1,114.3,30.6\n", xlsx.ErrNotWorkbook},
		{"an Excel 97–2003 workbook", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 504), xlsx.ErrNotWorkbook},
		{"an empty file", "", xlsx.ErrNotWorkbook},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "registry.xlsx")
			if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := xlsx.Open(path, "")
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), "registry.xlsx") || !strings.Contains(err.Error(), ".xlsx") {
				t.Errorf("error %v, want %v naming the file", err, c.want)
			}
		})
	}
	if _, err := xlsx.Open(filepath.Join(dir, "missing.xlsx"), ""); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// A workbook beyond what a registry needs is refused before it fills memory or disk: a
// zip bomb, a header thousands of columns wide, a cell longer than Excel allows.
func TestLimits(t *testing.T) {
	t.Run("a zip bomb", func(t *testing.T) {
		big := `<row r="1">` + text("A1", "编号") + text("B1", "经度") + `</row><row r="2">` + text("A2", strings.Repeat("0", 2<<20)) + `</row>`
		_, err := xlsx.OpenLimited(rawWorkbook(t, big), "", 1<<20, 1<<16)
		if !errors.Is(err, xlsx.ErrTooLarge) || !strings.Contains(err.Error(), "unpacks to more than 1 MB") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("a header too wide", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(`<row r="1">`)
		for i := 1; i <= 1100; i++ {
			col, _ := excelize.ColumnNumberToName(i)
			b.WriteString(text(col+"1", "h"+col))
		}
		b.WriteString(`</row>`)
		_, err := xlsx.Open(rawWorkbook(t, b.String()), "")
		if !errors.Is(err, xlsx.ErrTooLarge) || !strings.Contains(err.Error(), "header of 1100 columns") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("a cell too long", func(t *testing.T) {
		rows := `<row r="1">` + text("A1", "编号") + text("B1", "经度") + `</row><row r="2">` + text("A2", strings.Repeat("监", 32768)) + `</row>`
		s, err := xlsx.Open(rawWorkbook(t, rows), "")
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		var f table.Feature
		if err := s.Next(&f); !errors.Is(err, xlsx.ErrTooLarge) || !strings.Contains(err.Error(), "cell A2 holds 32768 characters") {
			t.Errorf("error %v", err)
		}
	})
}

// A column merged down a block of rows, as ledgers write one owner for several cameras,
// gives its value to every row of the block; a title merged across the top stays one
// cell, above the header it does not hide; the notes say merged cells were read.
func TestMergedCells(t *testing.T) {
	path := build(t, map[string][][]any{"点位": {
		{"扬州市视频监控点位表"},
		{"设备编码", "经度", "纬度", "建设单位"},
		{"c1", 119.41, 32.39, "扬州市公安局"},
		{"c2", 119.42, 32.39},
		{"c3", 119.43, 32.39},
		{"c4", 119.44, 32.39, "某商场"},
	}}, "点位")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range [][2]string{{"A1", "D1"}, {"D3", "D5"}} {
		if err := f.MergeCell("点位", r[0], r[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	s, err := xlsx.Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if s.HeaderRow() != 2 {
		t.Errorf("header row %d, want 2 under the merged title", s.HeaderRow())
	}
	rows := readAll(t, s)
	for n, want := range map[int64]string{3: "扬州市公安局", 4: "扬州市公安局", 5: "扬州市公安局", 6: "某商场"} {
		if got := rows[n][3]; got != want {
			t.Errorf("row %d owner %#v, want %q", n, got, want)
		}
	}
	if notes := strings.Join(s.Notes(), "; "); !strings.Contains(notes, "2 ranges of merged cells") {
		t.Errorf("notes %q", notes)
	}
	t.Run("sheets too large to read their merges", func(t *testing.T) {
		s, err := xlsx.OpenLimited(path, "", 1<<30, 512)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		if rows := readAll(t, s); rows[4][3] != nil {
			t.Errorf("row 4 owner %#v, want the cell as stored, empty", rows[4][3])
		}
		if notes := strings.Join(s.Notes(), "; "); !strings.Contains(notes, "are not filled: the workbook's sheets are larger than") {
			t.Errorf("notes %q", notes)
		}
	})
}
