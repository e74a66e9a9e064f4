package filing

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"cctvgis/internal/fault"
	"cctvgis/planner/devicecode"
	"cctvgis/planner/rulebook"
)

// ErrOutsideCalendar is matched by the error for a day the working-day calendar does not
// cover: a working day there cannot be told before the State Council publishes its notice
// for the year, and is never guessed.
var ErrOutsideCalendar = fault.New(fault.Invalid, "filing: day outside the working-day calendar")

// OutsideCalendarError is a day before or after the calendar's coverage. It matches
// ErrOutsideCalendar.
type OutsideCalendarError struct {
	Day      rulebook.Date
	Coverage Coverage
}

// Error is the English message.
func (e *OutsideCalendarError) Error() string { return e.Message().En }

// Unwrap returns ErrOutsideCalendar.
func (e *OutsideCalendarError) Unwrap() error { return ErrOutsideCalendar }

// Message is the error's text in Chinese and English.
func (e *OutsideCalendarError) Message() devicecode.Label {
	c := e.Coverage
	return devicecode.Label{
		Zh: fmt.Sprintf("%s 不在工作日历范围内（%s 至 %s，依据国务院办公厅部分节假日安排的通知），无法确定是否为工作日", e.Day, c.First, c.Last),
		En: fmt.Sprintf("%s is outside the working-day calendar (%s to %s, from the State Council General Office's holiday notices): whether it is a working day is not known", e.Day, c.First, c.Last),
	}
}

// Notice is one State Council General Office notice of a year's holidays (部分节假日安排的通知).
type Notice struct {
	Year  int
	Title string
}

// Coverage is the span of days a Calendar knows, and the notices it was made from.
type Coverage struct {
	First, Last rulebook.Date
	Notices     []Notice
}

// Calendar tells China's working days: Monday to Friday, except the statutory holidays,
// plus the make-up working days (调休) on a weekend, for the years whose notices it holds.
type Calendar struct {
	coverage Coverage
	holidays map[rulebook.Date]bool
	workdays map[rulebook.Date]bool
}

//go:embed holidays.tsv
var holidaysTSV string

// China returns the calendar of the committed notices (holidays.tsv, 2024–2026).
func China() *Calendar { return china() }

var china = sync.OnceValue(func() *Calendar {
	c, err := parseCalendar(holidaysTSV)
	if err != nil {
		// The file is committed and its parse is tested: a failure is a broken build.
		panic(err)
	}
	return c
})

// parseCalendar reads the calendar file. It covers whole years, from January 1 of the
// first notice's year to December 31 of the last.
func parseCalendar(text string) (*Calendar, error) {
	c := &Calendar{holidays: map[rulebook.Date]bool{}, workdays: map[rulebook.Date]bool{}}
	for n, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		var err error
		switch {
		case f[0] == "notice" && len(f) == 3:
			err = c.addNotice(f[1], f[2])
		case f[0] == "holiday" && len(f) == 4:
			err = c.addDays(c.holidays, f[1], f[2])
		case f[0] == "workday" && len(f) == 3:
			err = c.addWorkday(f[1])
		default:
			err = fmt.Errorf("%q is not a notice, holiday or workday line", line)
		}
		if err != nil {
			return nil, fmt.Errorf("reading holidays.tsv line %d: %w", n+1, err)
		}
	}
	return c, nil
}

func (c *Calendar) addNotice(year, title string) error {
	y, err := strconv.Atoi(year)
	if err != nil {
		return fmt.Errorf("year %q: %w", year, err)
	}
	if n := len(c.coverage.Notices); n > 0 && c.coverage.Notices[n-1].Year != y-1 {
		return fmt.Errorf("year %d does not follow %d", y, c.coverage.Notices[n-1].Year)
	}
	c.coverage.Notices = append(c.coverage.Notices, Notice{Year: y, Title: title})
	first, _ := rulebook.ParseDate(fmt.Sprintf("%04d-01-01", c.coverage.Notices[0].Year))
	last, _ := rulebook.ParseDate(fmt.Sprintf("%04d-12-31", y))
	c.coverage.First, c.coverage.Last = first, last
	return nil
}

// addDays marks the days from first to last in set; they must lie in the year of the
// notice read last.
func (c *Calendar) addDays(set map[rulebook.Date]bool, first, last string) error {
	from, err := rulebook.ParseDate(first)
	if err != nil {
		return err
	}
	to, err := rulebook.ParseDate(last)
	if err != nil {
		return err
	}
	if from.Before(c.coverage.First) || to.After(c.coverage.Last) || to.Before(from) {
		return fmt.Errorf("%s to %s is not a span within the year of its notice", first, last)
	}
	for d := from; !d.After(to); d = d.AddDays(1) {
		set[d] = true
	}
	return nil
}

// addWorkday marks a make-up working day, which is always a Saturday or Sunday.
func (c *Calendar) addWorkday(day string) error {
	if err := c.addDays(c.workdays, day, day); err != nil {
		return err
	}
	d, _ := rulebook.ParseDate(day)
	if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
		return fmt.Errorf("make-up working day %s is a %v, not a weekend day", day, wd)
	}
	return nil
}

// Coverage returns the first and last days the calendar knows and the notices it holds.
func (c *Calendar) Coverage() Coverage { return c.coverage }

// IsWorkingDay reports whether d is a working day. A day outside the coverage gives an
// *OutsideCalendarError.
func (c *Calendar) IsWorkingDay(d rulebook.Date) (bool, error) {
	if d.Before(c.coverage.First) || d.After(c.coverage.Last) {
		return false, &OutsideCalendarError{Day: d, Coverage: c.coverage}
	}
	switch {
	case c.workdays[d]:
		return true, nil
	case c.holidays[d]:
		return false, nil
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// AddWorkingDays returns the n-th working day after d, d itself not counted (as a term of
// "n working days" from an event is counted); n ≤ 0 gives d. A term that runs past the
// coverage gives an *OutsideCalendarError.
func (c *Calendar) AddWorkingDays(d rulebook.Date, n int) (rulebook.Date, error) {
	for n > 0 {
		d = d.AddDays(1)
		ok, err := c.IsWorkingDay(d)
		if err != nil {
			return rulebook.Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}
