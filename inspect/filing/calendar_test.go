package filing_test

import (
	"errors"
	"testing"

	"cctvgis/inspect/filing"
	"cctvgis/planner/rulebook"
)

func day(t *testing.T, s string) rulebook.Date {
	t.Helper()
	d, err := rulebook.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Days as the State Council General Office's notices set them (国办发明电〔2023〕7号 for
// 2024, 国办发明电〔2024〕12号 for 2025, the notice of 2025-11-04 for 2026).
func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		name, day string
		want      bool
	}{
		{"2024: Spring Festival holiday (2月10日至17日)", "2024-02-16", false},
		{"2024: Sunday worked before the Spring Festival (2月4日上班)", "2024-02-04", true},
		{"2024: Saturday worked after Labour Day (5月11日上班)", "2024-05-11", true},
		{"2025: Sunday worked before the Spring Festival (1月26日上班)", "2025-01-26", true},
		{"2025: New Year's Eve is a holiday since the 2024 revision (1月28日除夕)", "2025-01-28", false},
		{"2025: Saturday worked after the Spring Festival (2月8日上班)", "2025-02-08", true},
		{"2025: Labour Day's fifth day (5月1日至5日)", "2025-05-05", false},
		{"2025: National Day and Mid-Autumn, first day (10月1日至8日)", "2025-10-01", false},
		{"2025: National Day and Mid-Autumn, eighth day", "2025-10-08", false},
		{"2025: the Thursday after the National Day holiday", "2025-10-09", true},
		{"2025: Saturday worked after National Day (10月11日上班)", "2025-10-11", true},
		{"2025: an ordinary Saturday", "2025-10-18", false},
		{"2026: Sunday worked after New Year (1月4日上班)", "2026-01-04", true},
		{"2026: Spring Festival, ninth day (2月15日至23日)", "2026-02-23", false},
		{"2026: Saturday worked after the Spring Festival (2月28日上班)", "2026-02-28", true},
		{"2026: an ordinary Tuesday", "2026-12-08", true},
	}
	cal := filing.China()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cal.IsWorkingDay(day(t, tc.day))
			if err != nil || got != tc.want {
				t.Errorf("IsWorkingDay(%s) = %v, %v; want %v", tc.day, got, err, tc.want)
			}
		})
	}
}

// Working days are counted from the day after the event, skipping holidays and weekends
// and counting make-up working days.
func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		name, from string
		n          int
		want       string
	}{
		{"three working days in an ordinary week", "2025-03-03", 3, "2025-03-06"},
		{"over a weekend", "2025-03-06", 3, "2025-03-11"},
		{"into the Spring Festival: the make-up Sunday counts", "2025-01-24", 1, "2025-01-26"},
		{"across the Spring Festival of 2025", "2025-01-26", 3, "2025-02-06"},
		{"across the Spring Festival of 2026", "2026-02-12", 3, "2026-02-24"},
		{"across National Day 2025", "2025-09-30", 3, "2025-10-11"},
		{"no days", "2025-10-03", 0, "2025-10-03"},
	}
	cal := filing.China()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cal.AddWorkingDays(day(t, tc.from), tc.n)
			if err != nil || got.String() != tc.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, %v; want %s", tc.from, tc.n, got, err, tc.want)
			}
		})
	}
}

// The 2027 notice is not in the calendar: a day in 2027, or a term running into it, is
// refused, never guessed.
func TestCalendarCoverage(t *testing.T) {
	cal := filing.China()
	c := cal.Coverage()
	if c.First.String() != "2024-01-01" || c.Last.String() != "2026-12-31" || len(c.Notices) != 3 {
		t.Fatalf("coverage %s to %s with %d notices, want 2024-01-01 to 2026-12-31 with 3", c.First, c.Last, len(c.Notices))
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"a day in 2027", func() error { _, err := cal.IsWorkingDay(day(t, "2027-01-04")); return err }},
		{"a day in 2023", func() error { _, err := cal.IsWorkingDay(day(t, "2023-12-29")); return err }},
		{"a term running into 2027", func() error { _, err := cal.AddWorkingDays(day(t, "2026-12-30"), 3); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var e *filing.OutsideCalendarError
			if !errors.Is(err, filing.ErrOutsideCalendar) || !errors.As(err, &e) || e.Message().Zh == "" {
				t.Errorf("got %v, want an *OutsideCalendarError", err)
			}
		})
	}
}
