// Package xlsx reads a camera registry kept as an Excel workbook (.xlsx, .xlsm): one
// sheet, streamed row by row, as a table.Source whose columns are the header row's cells.
//
// It imports the domain (planner/coverage) and data/table; it must not import a store or
// another format.
package xlsx
