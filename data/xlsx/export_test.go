package xlsx

// CellValue is cellValue, for the tests of the black-box package.
var CellValue = cellValue

// OpenLimited is Open with the limits of unpacking lowered to unzipped bytes in all and
// part bytes held in memory per part.
func OpenLimited(path, sheet string, unzipped, part int64) (*Sheet, error) {
	return open(path, sheet, limits{unzipped: unzipped, part: part})
}
