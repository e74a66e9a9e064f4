package inspect_test

import (
	"testing"

	"cctvgis/planner/rulebook"
)

func day(tb testing.TB, s string) rulebook.Date {
	tb.Helper()
	d, err := rulebook.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func yuan(v int) *int { return &v }

// zhuzhou is the part of Zhuzhou's regulation (seed 003) that inspections check: 第八条第一款
// prohibits devices in private spaces, 第十条第一款 requires a notice sign on every device,
// 第十二条第（一）项 requires maintenance so that the system runs, 第十五条第（七）项 forbids
// obstructing or turning a device, and 第十七条 punishes that.
func zhuzhou(tb testing.TB) *rulebook.Rulebook {
	tb.Helper()
	return &rulebook.Rulebook{
		Code:     "zhuzhou",
		Validity: rulebook.Validity{DocumentNo: "株洲市公共安全视频图像信息系统管理条例", EffectiveFrom: day(tb, "2023-11-30")},
		Prohibited: []rulebook.SpaceRule{
			{Cite: rulebook.Citation{Article: 8, Paragraph: 1, Item: 1}, Spaces: []string{"hotel_room"}},
			{Cite: rulebook.Citation{Article: 8, Paragraph: 1, Item: 2}, Spaces: []string{"dormitory"}},
			{Cite: rulebook.Citation{Article: 8, Paragraph: 1, Item: 3}, Spaces: []string{"bath", "nursing_room", "fitting_room", "changing_room", "dressing_room", "toilet"}},
		},
		Signage: &rulebook.SignageRule{RequiredFor: rulebook.ScopeAll, Cite: rulebook.Citation{Article: 10, Paragraph: 1}},
		Duties: []rulebook.DutyRule{
			{Cite: rulebook.Citation{Article: 12, Item: 1}, Duties: []string{rulebook.DutyKeepRunning}, Violation: "operator_duties"},
			{Cite: rulebook.Citation{Article: 15, Item: 7}, Duties: []string{rulebook.DutyNoObstruction, rulebook.DutyNoRedirection}, Violation: "obstruction"},
		},
		Penalties: []rulebook.Penalty{{
			Cite: rulebook.Citation{Article: 17}, Violations: []string{"obstruction"}, OrderZh: "责令限期改正", AfterDeadline: true,
			Sanctions: []rulebook.Sanction{
				{Who: "individual", FineMaxYuan: yuan(500), Warning: true, WarningOrFine: true},
				{Who: "unit", FineMinYuan: 3000, FineMaxYuan: yuan(10000)},
			},
		}},
	}
}

// national is the part of Order 799 (national_order_799.txt) that inspections check:
// 第八条第一款 prohibits devices in guest rooms and private dining rooms (item 1) and in
// dormitories and staff rest rooms (item 2); 第二十七条 punishes installing them.
func national(tb testing.TB) *rulebook.Rulebook {
	tb.Helper()
	return &rulebook.Rulebook{
		Code:     rulebook.NationalCode,
		Validity: rulebook.Validity{DocumentNo: "中华人民共和国国务院令第799号", EffectiveFrom: day(tb, "2025-04-01")},
		Prohibited: []rulebook.SpaceRule{
			{Cite: rulebook.Citation{Article: 8, Paragraph: 1, Item: 1}, Spaces: []string{"hotel_room", "private_dining_room"}},
			{Cite: rulebook.Citation{Article: 8, Paragraph: 1, Item: 2}, Spaces: []string{"dormitory", "staff_rest_room"}},
		},
		Penalties: []rulebook.Penalty{{
			Cite: rulebook.Citation{Article: 27, Paragraph: 1}, Violations: []string{"private_space_install"},
			Sanctions: []rulebook.Sanction{
				{Who: "individual", FineMinYuan: 5000, FineMaxYuan: yuan(10000)},
				{Who: "unit", FineMinYuan: 10000, FineMaxYuan: yuan(20000)},
			},
		}},
	}
}
