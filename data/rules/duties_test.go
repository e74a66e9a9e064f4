package rules_test

import (
	"slices"
	"testing"

	"cctvgis/data/rules"
	"cctvgis/planner/rulebook"
)

// Duties toward a running system, read from the seed texts: the provision that states
// each, the violation its breach is, and the penalty provision that governs it on the day.
// A lens turned from its azimuth breaks no_redirection, a blocked view no_obstruction, a
// camera without signal keep_running.
func TestDutiesFromSeeds(t *testing.T) {
	tests := []struct {
		name, code, on, duty string
		citation, source     string // source "": the duty is absent
		violation            string
		penalty              string // the governing penalty's citation, "" for none
	}{
		{"zhuzhou: turning a device, art 15 item 7", "zhuzhou", "2024-06-01", rulebook.DutyNoRedirection,
			"第十五条第（七）项", "zhuzhou", "obstruction", "第十七条"},
		{"zhuzhou: obstructing a device, art 15 item 7", "zhuzhou", "2024-06-01", rulebook.DutyNoObstruction,
			"第十五条第（七）项", "zhuzhou", "obstruction", "第十七条"},
		{"zhuzhou: maintenance, art 12 item 1, unpunished", "zhuzhou", "2024-06-01", rulebook.DutyKeepRunning,
			"第十二条第（一）项", "zhuzhou", "not_maintained", ""},
		{"zhuzhou keeps its own turning duty and penalty under order 799", "zhuzhou", "2025-04-01", rulebook.DutyNoRedirection,
			"第十五条第（七）项", "zhuzhou", "obstruction", "第十七条"},
		{"national: maintenance, art 15(1)", "national", "2025-04-01", rulebook.DutyKeepRunning,
			"第十五条第一款", "national", "not_maintained", ""},
		{"national: spraying or covering, art 23 item 2", "national", "2025-04-01", rulebook.DutyNoObstruction,
			"第二十三条第（二）项", "national", "obstruction", ""},
		{"national: altering a device, art 23 item 2, punished by art 30", "national", "2025-04-01", rulebook.DutyNoRedirection,
			"第二十三条第（二）项", "national", "device_altered", "第三十条"},
		{"nanchang: maintenance, art 17 item 3, punished by art 25 item 4", "nanchang", "2024-06-01", rulebook.DutyKeepRunning,
			"第十七条第（三）项", "nanchang", "not_maintained", "第二十五条第（四）项"},
		{"nanchang: outdoor ads and trees, art 10(2), punished by art 25 item 2", "nanchang", "2024-06-01", rulebook.DutyNoObstruction,
			"第十条第二款", "nanchang", "obstruction", "第二十五条第（二）项"},
		{"nanchang: pointing direction and range, art 20 item 1, punished by art 26 item 1", "nanchang", "2024-06-01", rulebook.DutyNoRedirection,
			"第二十条第（一）项", "nanchang", "repurposed", "第二十六条第（一）项"},
		{"liaoning: keep running, art 14(1) item 2, outside art 23", "liaoning", "2024-06-01", rulebook.DutyKeepRunning,
			"第十四条第一款第（二）项", "liaoning", "not_maintained", ""},
		{"liaoning: camera position, art 14(1) item 5, punished by art 23", "liaoning", "2024-06-01", rulebook.DutyNoRedirection,
			"第十四条第一款第（五）项", "liaoning", "operator_duties", "第二十三条"},
		{"liaoning has no obstruction duty of its own", "liaoning", "2024-06-01", rulebook.DutyNoObstruction,
			"", "", "", ""},
		{"order 799 adds the obstruction duty to liaoning", "liaoning", "2025-04-01", rulebook.DutyNoObstruction,
			"第二十三条第（二）项", "national", "obstruction", ""},
		{"weihai: keep running, art 21 item 3", "weihai", "2020-01-01", rulebook.DutyKeepRunning,
			"第二十一条第（三）项", "weihai", "not_maintained", ""},
		{"weihai has no turning duty", "weihai", "2020-01-01", rulebook.DutyNoRedirection,
			"", "", "", ""},
		{"yangzhou: maintenance, art 27(1)", "yangzhou", "2024-06-01", rulebook.DutyKeepRunning,
			"第二十七条第一款", "yangzhou", "not_maintained", ""},
		{"yangzhou: landscaping and ads, art 18", "yangzhou", "2024-06-01", rulebook.DutyNoObstruction,
			"第十八条", "yangzhou", "obstruction", ""},
		{"yangzhou: fixed range, art 14", "yangzhou", "2024-06-01", rulebook.DutyNoRedirection,
			"第十四条", "yangzhou", "repurposed", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			var found []rulebook.DutyEntry
			for _, d := range e.Duties {
				if d.Duty == tc.duty {
					found = append(found, d)
				}
			}
			if tc.source == "" {
				if len(found) > 0 {
					t.Fatalf("%s given by %+v, want absent", tc.duty, found)
				}
				return
			}
			if len(found) != 1 {
				t.Fatalf("%s given %d times: %+v", tc.duty, len(found), found)
			}
			d := found[0]
			if d.Citation != tc.citation || d.Source != tc.source || d.Violation != tc.violation || d.Text == "" {
				t.Errorf("got %s %s %s, want %s %s %s", d.Source, d.Citation, d.Violation, tc.source, tc.citation, tc.violation)
			}
			var cites []string
			for _, p := range e.PenaltiesFor(d.Violation) {
				if !slices.Contains(cites, p.Citation) {
					cites = append(cites, p.Citation)
				}
			}
			want := []string{tc.penalty}
			if tc.penalty == "" {
				want = nil
			}
			if !slices.Equal(cites, want) {
				t.Errorf("penalties %v, want %v", cites, want)
			}
		})
	}
}

func TestEveryRulebookHasDuties(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range lib.Codes() {
		t.Run(code, func(t *testing.T) {
			b, err := lib.Rulebook(code)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Duties) == 0 {
				t.Errorf("%s has no duties", code)
			}
		})
	}
}
