package xlsx

import (
	"math"
	"strconv"
)

// maxIntegerDigits is the longest integer a sheet stores as a number without losing
// digits: spreadsheets keep 15 significant digits.
const maxIntegerDigits = 15

// cellValue types a cell from the text the sheet stores for it: nil when empty, a float64
// when the text is a number as spreadsheet programs write number cells, the text itself
// otherwise.
//
// The streaming reader gives a cell's stored text but not its type, so the type comes
// from the text: a number cell is written in its shortest form ("119.4051", "90",
// "1.1010500001320001E+19"), which a text cell keeps only when it holds the same number.
// So "0101", "12.50", " 90" and "+5" stay text, keeping their leading zeros, and an
// integer of more than 15 digits (a GB/T 28181 device code typed as text) stays text: no
// spreadsheet program writes a number cell that way. A code that Excel stored as a number
// comes as "1.1010500001320001E+19", a float64 whose lost digits table.Read refuses in a
// text field. Dates read as their serial day numbers and booleans as 1 and 0: no field of
// a layer is either.
func cellValue(raw string) any {
	if raw == "" {
		return nil
	}
	if !numberForm(raw) {
		return raw
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(x, 0) {
		return raw
	}
	return x
}

// numberForm reports whether s is written as a spreadsheet program writes a number cell:
// an optional minus, an integer part without leading zeros, an optional fraction without
// trailing zeros and an optional exponent ("E+19", "e-05", "E19"); an integer without fraction or exponent has
// at most maxIntegerDigits digits.
func numberForm(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	digits := i - start
	if digits == 0 || digits > 1 && s[start] == '0' {
		return false
	}
	plain := true
	if i < len(s) && s[i] == '.' {
		i++
		f := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == f || s[i-1] == '0' {
			return false
		}
		plain = false
	}
	if i < len(s) && (s[i] == 'E' || s[i] == 'e') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		e := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == e {
			return false
		}
		plain = false
	}
	return i == len(s) && (!plain || digits <= maxIntegerDigits)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
