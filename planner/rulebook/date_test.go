package rulebook_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"cctvgis/planner/rulebook"
)

// A Date survives JSON both ways, null included, and a day that does not exist is refused.
func TestDateJSON(t *testing.T) {
	day, err := rulebook.ParseDate("2026-03-09")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   string
		want rulebook.Date
		err  error
	}{
		{"a day", `"2026-03-09"`, day, nil},
		{"null is no date", `null`, rulebook.Date{}, nil},
		{"a day that does not exist", `"2023-02-30"`, rulebook.Date{}, rulebook.ErrBadDate},
		{"not a string", `20260309`, rulebook.Date{}, rulebook.ErrBadDate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got rulebook.Date
			err := json.Unmarshal([]byte(tc.in), &got)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Fatalf("Unmarshal(%s) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
			}
			if tc.err != nil {
				return
			}
			b, err := json.Marshal(got)
			if err != nil || string(b) != tc.in {
				t.Errorf("Marshal = %s, %v; want %s", b, err, tc.in)
			}
		})
	}
}

// Days between two dates count whole calendar days across month and year ends, so that a
// filing's lateness is told in days.
func TestDateDaysSince(t *testing.T) {
	tests := []struct {
		name, d, e string
		want       int
	}{
		{"the same day", "2025-04-01", "2025-04-01", 0},
		{"the next day", "2025-04-02", "2025-04-01", 1},
		{"an earlier day", "2025-03-31", "2025-04-01", -1},
		{"across a leap February", "2024-03-01", "2024-02-28", 2},
		{"across a year end", "2026-01-01", "2025-12-31", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := rulebook.ParseDate(tc.d)
			e, _ := rulebook.ParseDate(tc.e)
			if got := d.DaysSince(e); got != tc.want {
				t.Errorf("%s.DaysSince(%s) = %d, want %d", tc.d, tc.e, got, tc.want)
			}
		})
	}
}

// 2025-01-26, the Sunday worked before the Spring Festival of 2025, is a Sunday.
func TestDateWeekday(t *testing.T) {
	d, err := rulebook.ParseDate("2025-01-26")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Weekday(); got != time.Sunday {
		t.Errorf("2025-01-26 is a %v, want Sunday", got)
	}
}
