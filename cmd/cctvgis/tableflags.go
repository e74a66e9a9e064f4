package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// mapFlag is --map: the columns of a table (CSV, an Excel sheet) that fields are read from,
// as FIELD=COLUMN pairs separated by commas; the flag may be given again for more pairs.
type mapFlag struct{ m map[string]string }

// mapHelp and sheetHelp are the help texts of --map and --sheet.
const (
	mapHelp   = "columns of a table file (.csv, .xlsx) to read fields from, where its headers are not the recognised ones: `FIELD=COLUMN,…` (e.g. id=枪机编号,azimuth=镜头指向); the mapping used is printed"
	sheetHelp = "the sheet `NAME` of an Excel workbook (.xlsx) to read (default the first)"
)

func (f *mapFlag) String() string {
	if f == nil || f.m == nil {
		return ""
	}
	var pairs []string
	for _, k := range slices.Sorted(maps.Keys(f.m)) {
		pairs = append(pairs, k+"="+f.m[k])
	}
	return strings.Join(pairs, ",")
}

func (f *mapFlag) Set(s string) error {
	if f.m == nil {
		f.m = map[string]string{}
	}
	for pair := range strings.SplitSeq(s, ",") {
		field, column, ok := strings.Cut(pair, "=")
		field, column = strings.TrimSpace(field), strings.TrimSpace(column)
		switch {
		case !ok:
			return fmt.Errorf("%q is not FIELD=COLUMN", pair)
		case field == "" || column == "":
			return fmt.Errorf("%q names no field or no column (want FIELD=COLUMN)", pair)
		case f.m[field] != "":
			return fmt.Errorf("field %s is mapped twice, to %s and %s", field, f.m[field], column)
		}
		f.m[field] = column
	}
	return nil
}
