package filing

import (
	"fmt"

	"cctvgis/internal/fault"
	"cctvgis/planner/devicecode"
)

// ErrInvalidCreditCode is matched by every *CreditCodeError ParseCreditCode returns.
var ErrInvalidCreditCode = fault.New(fault.Invalid, "filing: invalid unified social credit code")

// CreditPart is one part of a unified social credit code.
type CreditPart uint8

// The parts of a unified social credit code, in character order; CreditWhole is the code
// as a whole. CreditOrganisationCheck is the last character of the organisation code.
const (
	CreditWhole             CreditPart = iota
	CreditAuthority                    // character 1, registration authority
	CreditUnitType                     // character 2, unit type under the authority
	CreditDivision                     // characters 3–8, GB/T 2260 division
	CreditOrganisation                 // characters 9–16, organisation code (GB 11714)
	CreditOrganisationCheck            // character 17, the organisation code's check
	CreditCheck                        // character 18, the code's check
)

var creditParts = [...]struct {
	from, to int
	label    devicecode.Label
}{
	CreditWhole:             {1, CreditCodeLength, devicecode.Label{Zh: "统一社会信用代码", En: "unified social credit code"}},
	CreditAuthority:         {1, 1, devicecode.Label{Zh: "登记管理部门代码", En: "registration authority"}},
	CreditUnitType:          {2, 2, devicecode.Label{Zh: "机构类别代码", En: "unit type"}},
	CreditDivision:          {3, 8, devicecode.Label{Zh: "登记管理机关行政区划码", En: "division"}},
	CreditOrganisation:      {9, 16, devicecode.Label{Zh: "主体标识码", En: "organisation code"}},
	CreditOrganisationCheck: {17, 17, devicecode.Label{Zh: "主体标识码校验码", En: "organisation code check"}},
	CreditCheck:             {18, 18, devicecode.Label{Zh: "校验码", En: "check character"}},
}

// Characters returns the first and last character positions of the part, counted from 1.
func (p CreditPart) Characters() (from, to int) { return creditParts[p].from, creditParts[p].to }

// Label names the part.
func (p CreditPart) Label() devicecode.Label { return creditParts[p].label }

// creditPartAt returns the part holding character position i (1–18).
func creditPartAt(i int) CreditPart {
	for p := CreditAuthority; p <= CreditCheck; p++ {
		if from, to := p.Characters(); i >= from && i <= to {
			return p
		}
	}
	return CreditWhole
}

// CreditProblem is what is wrong with a part.
type CreditProblem uint8

// The problems ParseCreditCode finds.
const (
	// CreditProblemLength: the code is not 18 ASCII characters long.
	CreditProblemLength CreditProblem = iota + 1
	// CreditProblemCharacter: the part holds a character outside its set (the digits and
	// capitals but I, O, S, V, Z; digits only in the division).
	CreditProblemCharacter
	// CreditProblemUnknown: no such registration authority, no such unit type under the
	// authority, or no such GB/T 2260 province.
	CreditProblemUnknown
	// CreditProblemCheck: the check character is not the one the characters before it give.
	CreditProblemCheck
)

// CreditCodeError is a malformed unified social credit code: the part at fault, its
// characters as given, and what is wrong. It matches ErrInvalidCreditCode.
type CreditCodeError struct {
	// Input is the string given to ParseCreditCode.
	Input   string
	Part    CreditPart
	Value   string
	Problem CreditProblem
	// Want is, for CreditProblemCheck, the check character the code should have.
	Want string
}

func newCreditCodeError(s string, p CreditPart, problem CreditProblem) *CreditCodeError {
	e := &CreditCodeError{Input: s, Part: p, Value: s, Problem: problem}
	if p == CreditWhole {
		return e
	}
	from, to := p.Characters()
	e.Value = s[from-1 : to]
	switch p {
	case CreditOrganisationCheck:
		e.Want = string(organisationCheck(s[8:16]))
	case CreditCheck:
		e.Want = string(creditCheck(s[:17]))
	}
	return e
}

// Error is the English message, e.g. "character 18: check character 7 should be 6".
func (e *CreditCodeError) Error() string { return e.Message().En }

// Unwrap returns ErrInvalidCreditCode.
func (e *CreditCodeError) Unwrap() error { return ErrInvalidCreditCode }

// Message is the error's text in Chinese and English.
func (e *CreditCodeError) Message() devicecode.Label {
	if e.Problem == CreditProblemLength {
		n := len([]rune(e.Input))
		return devicecode.Label{
			Zh: fmt.Sprintf("统一社会信用代码应为 %d 位数字或大写字母，此代码为 %d 位", CreditCodeLength, n),
			En: fmt.Sprintf("a unified social credit code has %d digits or capital letters, not %d characters", CreditCodeLength, n),
		}
	}
	from, to := e.Part.Characters()
	where := devicecode.Label{Zh: fmt.Sprintf("第 %d–%d 位", from, to), En: fmt.Sprintf("characters %d–%d", from, to)}
	if from == to {
		where = devicecode.Label{Zh: fmt.Sprintf("第 %d 位", from), En: fmt.Sprintf("character %d", from)}
	}
	part := e.Part.Label()
	var what devicecode.Label
	switch e.Problem {
	case CreditProblemCharacter:
		what = devicecode.Label{
			Zh: fmt.Sprintf("%s %q 含不允许的字符（仅限数字和除 I、O、S、V、Z 外的大写字母，行政区划码仅限数字）", part.Zh, e.Value),
			En: fmt.Sprintf("%s %q holds a character not allowed (digits and capitals but I, O, S, V, Z; digits only in the division)", part.En, e.Value),
		}
	case CreditProblemUnknown:
		what = devicecode.Label{Zh: fmt.Sprintf("%s %s 不存在", part.Zh, e.Value), En: fmt.Sprintf("%s %s does not exist", part.En, e.Value)}
		switch e.Part {
		case CreditUnitType:
			a := authorities[e.Input[0]].name
			what = devicecode.Label{
				Zh: fmt.Sprintf("%s %s 不是%s登记的机构类别", part.Zh, e.Value, a.Zh),
				En: fmt.Sprintf("%s %s is not a unit type the %s authority registers", part.En, e.Value, a.En),
			}
		case CreditDivision:
			what = devicecode.Label{
				Zh: fmt.Sprintf("%s %s 不在 GB/T 2260 的任何省级行政区内", part.Zh, e.Value),
				En: fmt.Sprintf("%s %s lies in no GB/T 2260 province", part.En, e.Value),
			}
		}
	case CreditProblemCheck:
		what = devicecode.Label{
			Zh: fmt.Sprintf("%s %s 有误，应为 %s", part.Zh, e.Value, e.Want),
			En: fmt.Sprintf("%s %s should be %s", part.En, e.Value, e.Want),
		}
	}
	return devicecode.Label{Zh: where.Zh + "：" + what.Zh, En: where.En + ": " + what.En}
}
