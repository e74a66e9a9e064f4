package filing_test

import (
	"errors"
	"strings"
	"testing"

	"cctvgis/inspect/filing"
	"cctvgis/planner/devicecode"
)

// Codes units publish: each is checked here by our implementation and, independently, by
// the place it was found, so that a wrong algorithm cannot pass its own examples.
func TestParseCreditCodePublishedCodes(t *testing.T) {
	tests := []struct {
		name, code, authority, unitType, place string
	}{
		// 华为技术有限公司: on public company records, and used as a known-valid code in
		// other projects' GB 32100 tests.
		{"an enterprise in Shenzhen (Huawei)", "914403001922038216", "工商", "企业", "广东省 深圳市"},
		// 腾讯: the platform code (ContentProducer 001191440300708461136T…) in the AI-content
		// labels of TC260's implicit-label guideline, written by Tencent's own tools.
		{"an enterprise in Shenzhen (Tencent)", "91440300708461136T", "工商", "企业", "广东省 深圳市"},
		// 北京百度网讯科技有限公司: its registration record (organisation code 802100433) and
		// its TC260 AI-content label.
		{"an enterprise registered by Beijing (Baidu)", "91110000802100433B", "工商", "企业", "北京市"},
		// 清华大学: the taxpayer number on its invoices (纳税人识别号), a public institution
		// registered at the central level (division 100000).
		{"a public institution (Tsinghua University)", "12100000400000624D", "机构编制", "事业单位", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := filing.ParseCreditCode(tc.code)
			if err != nil {
				t.Fatalf("ParseCreditCode(%s): %v", tc.code, err)
			}
			if c.String() != tc.code || c.Authority().Zh != tc.authority || c.UnitType().Zh != tc.unitType {
				t.Errorf("got %s, %s, %s; want %s, %s, %s", c, c.Authority().Zh, c.UnitType().Zh, tc.code, tc.authority, tc.unitType)
			}
			if c.OrganisationCode() != tc.code[8:17] {
				t.Errorf("organisation code %s, want %s", c.OrganisationCode(), tc.code[8:17])
			}
			p, err := c.Place()
			if tc.place == "" {
				if !errors.Is(err, devicecode.ErrNoDivision) || c.Division() != "100000" {
					t.Errorf("place %q, %v; want the central level 100000, no GB/T 2260 division", p, err)
				}
				return
			}
			if err != nil || p.String() != tc.place {
				t.Errorf("place %q, %v; want %q", p, err, tc.place)
			}
		})
	}
}

// A wrong code is refused with the characters at fault and what is wrong, in Chinese and
// English, so that an operator can mend the form field.
func TestParseCreditCodeRefusals(t *testing.T) {
	tests := []struct {
		name, code string
		part       filing.CreditPart
		problem    filing.CreditProblem
		zh, en     string
	}{
		{"one character short", "91440300192203821", filing.CreditWhole, filing.CreditProblemLength, "此代码为 17 位", "not 17 characters"},
		{"full-width characters are not counted as ASCII", "９14403001922038216", filing.CreditWhole, filing.CreditProblemLength, "此代码为 18 位", "not 18 characters"},
		{"lower case", "91440300708461136t", filing.CreditCheck, filing.CreditProblemCharacter, "第 18 位", "character 18"},
		{"the letter O where a zero belongs", "9144O3001922038216", filing.CreditDivision, filing.CreditProblemCharacter, "第 3–8 位", "characters 3–8"},
		{"the letter I is outside the set", "914403001922I38216", filing.CreditOrganisation, filing.CreditProblemCharacter, "第 9–16 位", "characters 9–16"},
		{"a letter in the division", "9144A3001922038216", filing.CreditDivision, filing.CreditProblemCharacter, "第 3–8 位", "characters 3–8"},
		{"no such registration authority", "B14403001922038216", filing.CreditAuthority, filing.CreditProblemUnknown, "登记管理部门代码 B 不存在", "registration authority B does not exist"},
		{"market regulation registers no unit type 4", "944403001922038216", filing.CreditUnitType, filing.CreditProblemUnknown, "不是工商登记的机构类别", "not a unit type the market regulation authority registers"},
		{"no such province", "919903001922038216", filing.CreditDivision, filing.CreditProblemUnknown, "990300 不在 GB/T 2260 的任何省级行政区内", "lies in no GB/T 2260 province"},
		{"the organisation code's own check is wrong", "914403001922038226", filing.CreditOrganisationCheck, filing.CreditProblemCheck, "第 17 位：主体标识码校验码 2 有误，应为 1", "character 17: organisation code check 2 should be 1"},
		{"the code's check is wrong", "914403001922038217", filing.CreditCheck, filing.CreditProblemCheck, "第 18 位：校验码 7 有误，应为 6", "character 18: check character 7 should be 6"},
		{"two characters swapped", "914403001922038261", filing.CreditOrganisationCheck, filing.CreditProblemCheck, "应为 1", "should be 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := filing.ParseCreditCode(tc.code)
			var e *filing.CreditCodeError
			if !errors.As(err, &e) || !errors.Is(err, filing.ErrInvalidCreditCode) {
				t.Fatalf("ParseCreditCode(%s) = %v, want a *CreditCodeError", tc.code, err)
			}
			if e.Part != tc.part || e.Problem != tc.problem {
				t.Errorf("part %d problem %d, want part %d problem %d (%v)", e.Part, e.Problem, tc.part, tc.problem, err)
			}
			m := e.Message()
			if !strings.Contains(m.Zh, tc.zh) || !strings.Contains(m.En, tc.en) || err.Error() != m.En {
				t.Errorf("message %q / %q, want it to hold %q / %q", m.Zh, m.En, tc.zh, tc.en)
			}
		})
	}
}

// Whatever is typed into the form, ParseCreditCode either accepts a code that reads back
// the same or refuses it with a message in both languages; it never panics.
func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{"914403001922038216", "91440300708461136T", "12100000400000624D", "", "9", "91440300192203821６", "Y1440300192203821X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := filing.ParseCreditCode(s)
		if err != nil {
			var e *filing.CreditCodeError
			if !errors.As(err, &e) || e.Message().Zh == "" || e.Message().En == "" {
				t.Fatalf("ParseCreditCode(%q) = %v, want a *CreditCodeError with a message", s, err)
			}
			return
		}
		if c.String() != s || c.Authority().Zh == "" || c.UnitType().Zh == "" {
			t.Fatalf("ParseCreditCode(%q) = %v, %s, %s", s, c, c.Authority(), c.UnitType())
		}
	})
}
