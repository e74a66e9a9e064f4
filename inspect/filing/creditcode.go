package filing

import (
	"strings"

	"cctvgis/planner/devicecode"
)

// CreditCodeLength is the number of characters of a unified social credit code.
const CreditCodeLength = 18

// creditChars is the character set of GB 32100-2015: the digits and the capital letters
// but I, O, S, V and Z; a character's value is its index.
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// central is the division a central (national-level) registration authority writes.
const central = "100000"

// CreditCode is a unified social credit code (统一社会信用代码, GB 32100-2015) that
// ParseCreditCode has checked.
type CreditCode struct {
	code string
}

// String returns the code's 18 characters.
func (c CreditCode) String() string { return c.code }

// Authority returns the registration authority (登记管理部门) the first character names.
func (c CreditCode) Authority() devicecode.Label { return authorities[c.code[0]].name }

// UnitType returns the kind of unit (机构类别) the second character names under its authority.
func (c CreditCode) UnitType() devicecode.Label {
	return authorities[c.code[0]].types[c.code[1]]
}

// Division returns the six-digit GB/T 2260 division of the registering authority
// (characters 3–8).
func (c CreditCode) Division() string { return c.code[2:8] }

// Place returns the division of the registering authority and its parents from the
// embedded GB/T 2260 table. The error matches devicecode.ErrNoDivision for a division the
// current table no longer holds, which a code issued before the division was abolished
// keeps, and for 100000, a central registration authority.
func (c CreditCode) Place() (devicecode.Path, error) { return devicecode.Division(c.Division()) }

// OrganisationCode returns the nine-character organisation code (组织机构代码, GB 11714,
// characters 9–17), its own check character last.
func (c CreditCode) OrganisationCode() string { return c.code[8:17] }

// ParseCreditCode checks a unified social credit code: its length, each character against
// the code's character set, the registration authority and the unit type it allows, the
// GB/T 2260 province of the division, the organisation code's own check character (GB 11714) and the
// code's check character (GB 32100). The error is an *CreditCodeError naming the part at
// fault; it matches ErrInvalidCreditCode.
func ParseCreditCode(s string) (CreditCode, error) {
	fail := func(p CreditPart, problem CreditProblem) (CreditCode, error) {
		return CreditCode{}, newCreditCodeError(s, p, problem)
	}
	if len(s) != CreditCodeLength || strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 }) {
		return fail(CreditWhole, CreditProblemLength)
	}
	for i := range len(s) {
		if strings.IndexByte(creditChars, s[i]) < 0 {
			return fail(creditPartAt(i+1), CreditProblemCharacter)
		}
	}
	a, ok := authorities[s[0]]
	if !ok {
		return fail(CreditAuthority, CreditProblemUnknown)
	}
	if _, ok := a.types[s[1]]; !ok {
		return fail(CreditUnitType, CreditProblemUnknown)
	}
	div := s[2:8]
	if strings.Trim(div, "0123456789") != "" {
		return fail(CreditDivision, CreditProblemCharacter)
	}
	// The code is for life (终身不变, GB 32100), so it keeps a division abolished since (莱芜市,
	// 371200, merged into 济南市 in 2019) that the current GB/T 2260 table no longer holds:
	// only the province is checked here, and Place tells whether the table knows the rest.
	// A central authority registers with 100000, the whole country, which GB/T 2260 lacks.
	if _, err := devicecode.Division(div[:2] + "0000"); err != nil && div != central {
		return fail(CreditDivision, CreditProblemUnknown)
	}
	if s[16] != organisationCheck(s[8:16]) {
		return fail(CreditOrganisationCheck, CreditProblemCheck)
	}
	if s[17] != creditCheck(s[:17]) {
		return fail(CreditCheck, CreditProblemCheck)
	}
	return CreditCode{code: s}, nil
}

// creditCheck is the check character of GB 32100-2015 over the first 17 characters: the
// weights are 3^i mod 31, and the check value is 31 − (the weighted sum mod 31), 31 being 0.
func creditCheck(body string) byte {
	sum, w := 0, 1
	for i := range len(body) {
		sum += strings.IndexByte(creditChars, body[i]) * w
		w = w * 3 % 31
	}
	return creditChars[(31-sum%31)%31]
}

// organisationCheck is the check character of GB 11714 over the organisation code's first
// eight characters: a digit is its value, a letter A–Z is 10–35, the weights are 3, 7, 9,
// 10, 5, 8, 4, 2, and the check value is 11 − (the weighted sum mod 11), 10 being X and 11
// being 0.
func organisationCheck(body string) byte {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range len(body) {
		v := int(body[i] - '0')
		if body[i] >= 'A' {
			v = int(body[i]-'A') + 10
		}
		sum += v * weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}
