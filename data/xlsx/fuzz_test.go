package xlsx_test

import (
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cctvgis/data/table"
	"cctvgis/data/xlsx"
)

// FuzzCell types arbitrary stored cell texts: never a panic; text comes back unchanged,
// a number is what the text says and writes back as it (so no text loses a leading zero,
// a trailing zero or a digit), nothing else comes out.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"", "90", "119.40512345678901", "0101", "12.50", "-0.5", " 90", "+5",
		"42010200001320000001", "1.1010500001320001E+19", "1.101050000132E+019", "4.5e-2", "1e400",
		"TRUE", "50米", "0", "-0", "0.", ".5", "1E", "1e+", "NaN", "Inf", "0x10", "1_000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		switch v := xlsx.CellValue(raw).(type) {
		case nil:
			if raw != "" {
				t.Errorf("%q read as empty", raw)
			}
		case string:
			if v != raw {
				t.Errorf("%q read as text %q", raw, v)
			}
		case float64:
			x, err := strconv.ParseFloat(raw, 64)
			if err != nil || x != v || math.IsInf(v, 0) || math.IsNaN(v) {
				t.Errorf("%q read as %v", raw, v)
			}
			if digits := strings.TrimPrefix(raw, "-"); len(digits) > 1 && digits[0] == '0' && '0' <= digits[1] && digits[1] <= '9' ||
				strings.ContainsAny(raw, "+ ") && !strings.ContainsAny(raw, "Ee") || strings.Contains(raw, ".") && !strings.ContainsAny(raw, "Ee") && strings.HasSuffix(raw, "0") {
				t.Errorf("text %q read as the number %v", raw, v)
			}
		default:
			t.Errorf("%q read as %T", raw, v)
		}
	})
}

// FuzzWorkbook reads arbitrary files as workbooks under tight limits: never a panic, and
// every row read has a cell per column.
func FuzzWorkbook(f *testing.F) {
	for _, p := range []string{"testdata/registry.xlsx"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Add([]byte("编号,经度\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "fuzz.xlsx")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := xlsx.OpenLimited(path, "", 4<<20, 1<<20)
		if err != nil {
			return
		}
		defer func() { _ = s.Close() }()
		var feat table.Feature
		for range 10000 {
			err := s.Next(&feat)
			if errors.Is(err, io.EOF) || err != nil {
				return
			}
			if len(feat.Cells) != len(s.Columns()) {
				t.Fatalf("row %d has %d cells for %d columns", feat.N, len(feat.Cells), len(s.Columns()))
			}
		}
	})
}
