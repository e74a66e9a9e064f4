package xlsx

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"
)

// merge is a range of merged cells, rows r1–r2 and columns c1–c2 from 1, and the value
// its top-left cell holds once its first row is read.
type merge struct {
	r1, r2, c1, c2 int
	value          string
}

// readMerges reads the sheet's merged ranges when read is true. Reading them parses the
// whole sheet, so a workbook whose sheets are larger than the parts held in memory
// (maxPart) is read without them, and a note says so.
func (s *Sheet) readMerges(read bool) error {
	if !read {
		s.notes = append(s.notes, fmt.Sprintf("merged cells, if the sheet has any, are not filled: the workbook's sheets are larger than %d MB together; unmerge them in Excel if a column has merged cells", maxPart>>20))
		return nil
	}
	ms, err := s.file.GetMergeCells(s.name, true)
	if err != nil {
		return fmt.Errorf("reading the merged cells of %s: %w", s.label, err)
	}
	for _, m := range ms {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
			return fmt.Errorf("reading the merged cells of %s: a range %s:%s that is none", s.label, m.GetStartAxis(), m.GetEndAxis())
		}
		if c2 > maxColumns {
			c2 = maxColumns
		}
		s.merged = append(s.merged, merge{r1: r1, r2: r2, c1: c1, c2: c2})
	}
	slices.SortFunc(s.merged, func(a, b merge) int { return cmp.Compare(a.r1, b.r1) })
	if len(s.merged) > 0 {
		s.notes = append(s.notes, fmt.Sprintf("%d ranges of merged cells: the rows below a range's first hold its top-left cell's value", len(s.merged)))
	}
	return nil
}

// fillMerged gives the cells of row s.n that lie in a merged range below its first row the
// value of the range's top-left cell, as Excel shows them down a column merged over
// several rows (建设单位 once for a block of cameras); it returns the cells, extended to the
// range's last column where needed. A range's first row is left as stored, so that a
// title merged across the top is one cell, not a row of copies.
func (s *Sheet) fillMerged(cells []string) []string {
	for len(s.merged) > 0 && s.merged[0].r1 <= s.n {
		m := s.merged[0]
		s.merged = s.merged[1:]
		if m.r1 == s.n && m.c1 <= len(cells) {
			m.value = cells[m.c1-1]
		}
		s.open = append(s.open, m)
	}
	s.open = slices.DeleteFunc(s.open, func(m merge) bool { return m.r2 < s.n })
	for _, m := range s.open {
		if m.value == "" || m.r1 == s.n {
			continue
		}
		for len(cells) < m.c2 {
			cells = append(cells, "")
		}
		for c := m.c1; c <= m.c2; c++ {
			if cells[c-1] == "" {
				cells[c-1] = m.value
			}
		}
	}
	return cells
}

// Notes say what of the sheet's merged cells was read.
func (s *Sheet) Notes() []string { return s.notes }
