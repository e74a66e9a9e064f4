package devicecode

import (
	"fmt"

	"cctvgis/internal/fault"
)

// ErrInvalid is matched by every *Error Parse returns.
var ErrInvalid = fault.New(fault.Invalid, "devicecode: invalid device code")

// Part is one part of a device code.
type Part uint8

// The parts of a device code, in digit order; PartWhole is the code as a whole.
const (
	PartWhole    Part = iota
	PartProvince      // digits 1–2, GB/T 2260 province
	PartCity          // digits 3–4, GB/T 2260 city, 00 for the whole province
	PartCounty        // digits 5–6, GB/T 2260 county-level division, 00 for the whole city
	PartUnit          // digits 7–8, grassroots unit
	PartIndustry      // digits 9–10
	PartType          // digits 11–13
	PartNetwork       // digit 14
	PartSerial        // digits 15–20
)

var parts = [...]struct {
	from, to int
	label    Label
}{
	PartWhole:    {1, Length, Label{"编码", "code"}},
	PartProvince: {1, 2, Label{"省级代码", "province"}},
	PartCity:     {3, 4, Label{"市级代码", "city"}},
	PartCounty:   {5, 6, Label{"县级代码", "district"}},
	PartUnit:     {7, 8, Label{"基层接入单位", "grassroots unit"}},
	PartIndustry: {9, 10, Label{"行业编码", "industry"}},
	PartType:     {11, 13, Label{"类型编码", "type"}},
	PartNetwork:  {14, 14, Label{"网络标识", "network"}},
	PartSerial:   {15, 20, Label{"序号", "serial"}},
}

// Digits returns the first and last digit positions of the part, counted from 1.
func (p Part) Digits() (from, to int) { return parts[p].from, parts[p].to }

// Label names the part.
func (p Part) Label() Label { return parts[p].label }

// partAt returns the part holding digit position i (1–20).
func partAt(i int) Part {
	for p := PartProvince; p <= PartSerial; p++ {
		if from, to := p.Digits(); i >= from && i <= to {
			return p
		}
	}
	return PartWhole
}

// Problem is what is wrong with a part.
type Problem uint8

// The problems Parse finds.
const (
	// ProblemLength: the code is not 20 characters long.
	ProblemLength Problem = iota + 1
	// ProblemNotDigits: the part holds something other than the ASCII digits 0–9.
	ProblemNotDigits
	// ProblemUnknownDivision: the province, city or county-level code is not a GB/T 2260
	// division (of the province or city the code's earlier digits name).
	ProblemUnknownDivision
	// ProblemNoCity: a county-level division is given under city 00.
	ProblemNoCity
	// ProblemUnknownType: the type is below 111, outside every range of Table E.1.
	ProblemUnknownType
)

// Error is a malformed device code: the part at fault, its digits as given, and what is
// wrong. It matches ErrInvalid.
type Error struct {
	// Input is the string given to Parse.
	Input string
	Part  Part
	// Value is the part's characters as given (the whole input for PartWhole).
	Value   string
	Problem Problem

	count  int    // the input's length in characters, for ProblemLength
	parent string // the division the unknown one was looked for in
}

// Error is the English message: the digits at fault and what is wrong with them, e.g.
// "digits 11–13: type 099 is not a GB/T 28181 device type (111–999)".
func (e *Error) Error() string { return e.Message().En }

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// Message is the error's text in Chinese and English, for the import report.
func (e *Error) Message() Label {
	from, to := e.Part.Digits()
	where := Label{fmt.Sprintf("第 %d–%d 位", from, to), fmt.Sprintf("digits %d–%d", from, to)}
	if from == to {
		where = Label{fmt.Sprintf("第 %d 位", from), fmt.Sprintf("digit %d", from)}
	}
	part := e.Part.Label()
	var what Label
	switch e.Problem {
	case ProblemLength:
		return Label{
			fmt.Sprintf("GB/T 28181 设备编码应为 %d 位数字，此编码为 %d 位", Length, e.count),
			fmt.Sprintf("a GB/T 28181 device code has %d digits, not %d", Length, e.count),
		}
	case ProblemNotDigits:
		what = Label{fmt.Sprintf("%s %q 含非数字字符", part.Zh, e.Value), fmt.Sprintf("%s %q is not all digits", part.En, e.Value)}
	case ProblemUnknownDivision:
		what = Label{fmt.Sprintf("%s %s 不是 GB/T 2260 行政区划代码", part.Zh, e.Value), fmt.Sprintf("%s %s is not a GB/T 2260 division", part.En, e.Value)}
		if e.parent != "" {
			what = Label{
				fmt.Sprintf("%s %s 不是 GB/T 2260 中%s的行政区划代码", part.Zh, e.Value, e.parent),
				fmt.Sprintf("%s %s is not a GB/T 2260 division of %s", part.En, e.Value, e.parent),
			}
		}
	case ProblemNoCity:
		what = Label{
			fmt.Sprintf("%s %s 须有所属市级代码（第 3–4 位为 00）", part.Zh, e.Value),
			fmt.Sprintf("%s %s is given without its city (digits 3–4 are 00)", part.En, e.Value),
		}
	case ProblemUnknownType:
		what = Label{
			fmt.Sprintf("%s %s 不是 GB/T 28181 设备类型（111–999）", part.Zh, e.Value),
			fmt.Sprintf("%s %s is not a GB/T 28181 device type (111–999)", part.En, e.Value),
		}
	}
	return Label{where.Zh + "：" + what.Zh, where.En + ": " + what.En}
}
