package filing_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"cctvgis/data/rules"
	"cctvgis/inspect/filing"
	"cctvgis/planner/rulebook"
)

func rulesOf(t *testing.T, code string) filing.Rules {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatalf("loading embedded rulebooks: %v", err)
	}
	return func(on rulebook.Date) (*rulebook.EffectiveRules, error) { return lib.Effective(code, on) }
}

// The deadlines, typed from the seed texts:
//   - Order 799 art. 14(1) (national_order_799.txt): "应当在系统投入使用之日起30日内……备案。
//     本条例施行前已经启用的，应当在本条例施行之日起90日内备案。公共安全视频系统备案事项发生
//     变化的，应当及时办理备案变更。" Art. 34: "本条例自2025年4月1日起施行。"
//   - Nanchang art. 13(2) (seed 000): "本办法施行前已经建成公共安全视频图像信息系统的使用单位，
//     应当自本办法施行之日起90日内将有关资料报所在地县（区）公安机关备案。" (in force 2016-10-01)
//   - Liaoning art. 12(1) (seed 001): "应当自系统投入使用之日起30日内，向视频系统所在地县级公安
//     机关备案。视频系统发生变化的，应当在3个工作日内报原备案公安机关备案。"
//
// A term of days is counted from the day after the event (Civil Code art. 201).
func TestDeadlines(t *testing.T) {
	tests := []struct {
		name, code, use, changed, on string
		want                         []string
	}{
		{"Order 799: 30 days after use (Yangzhou sets none)", "yangzhou", "2025-05-10", "", "2026-01-01",
			[]string{"after_use 2025-06-09 第十四条第一款 national"}},
		{"Order 799: a system running before 2025-04-01 files within 90 days of it", "yangzhou", "2020-01-01", "", "2026-01-01",
			[]string{"existing_systems 2025-06-30 第十四条第一款 national"}},
		{"before 2025-04-01 Order 799 sets no term yet", "yangzhou", "2020-01-01", "", "2025-03-31", nil},
		{"Nanchang: running before 2016-10-01, within 90 days of it, and again under Order 799", "nanchang", "2015-01-01", "", "2026-01-01",
			[]string{"existing_systems 2016-12-30 第十三条第二款 nanchang", "existing_systems 2025-06-30 第十四条第一款 national"}},
		{"Nanchang: a change is filed promptly, under Order 799", "nanchang", "2025-06-01", "2026-03-02", "2026-04-01",
			[]string{"after_use 2025-07-01 第十四条第一款 national", "change promptly 第十四条第一款 national"}},
		{"Liaoning: 30 days after use, and a change within 3 working days across the Spring Festival", "liaoning", "2026-01-05", "2026-02-12", "2026-06-01",
			[]string{"after_use 2026-02-04 第十二条第一款 liaoning", "change 2026-02-24 第十二条第一款 liaoning"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sys := filing.System{FirstUse: day(t, tc.use)}
			if tc.changed != "" {
				sys.Changed = day(t, tc.changed)
			}
			ds, err := filing.Deadlines(rulesOf(t, tc.code), filing.China(), sys, day(t, tc.on))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				due := d.Due.String()
				if d.Promptly {
					due = "promptly"
				}
				got = append(got, fmt.Sprintf("%s %s %s %s", d.What, due, d.Citation, d.Source))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("deadlines\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Lateness is told in calendar days past the last day; a "promptly" term is the bureau's
// judgement and never counted late.
func TestDaysLate(t *testing.T) {
	ds, err := filing.Deadlines(rulesOf(t, "liaoning"), filing.China(),
		filing.System{FirstUse: day(t, "2026-01-05"), Changed: day(t, "2026-02-12")}, day(t, "2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	change := ds[slices.IndexFunc(ds, func(d filing.Deadline) bool { return d.What == rulebook.FilingChange })]
	tests := []struct {
		name string
		d    filing.Deadline
		on   string
		want int
	}{
		{"a change filed on the third working day is in time", change, "2026-02-24", 0},
		{"a change filed two days after it is late by 2", change, "2026-02-26", 2},
		{"a filing made before the term ends is in time", change, "2026-02-13", 0},
		{"a prompt term is never counted late", filing.Deadline{Promptly: true}, "2030-01-01", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.DaysLate(day(t, tc.on)); got != tc.want {
				t.Errorf("DaysLate(%s) = %d, want %d", tc.on, got, tc.want)
			}
		})
	}
}

// A working-day term that runs past the calendar is refused, never guessed.
func TestDeadlinesOutsideCalendar(t *testing.T) {
	_, err := filing.Deadlines(rulesOf(t, "liaoning"), filing.China(),
		filing.System{FirstUse: day(t, "2026-01-05"), Changed: day(t, "2026-12-30")}, day(t, "2026-12-31"))
	if !errors.Is(err, filing.ErrOutsideCalendar) {
		t.Errorf("got %v, want ErrOutsideCalendar", err)
	}
}
