package rulebook

import (
	"encoding/json"
	"fmt"
	"time"

	"cctvgis/internal/fault"
)

// ErrBadDate is returned for a date that is not a real calendar day in YYYY-MM-DD form.
var ErrBadDate = fault.New(fault.Invalid, "planner: bad date")

// Date is a civil calendar day, without time of day or zone, as legal texts state them.
// The zero Date is "no date".
type Date struct {
	t time.Time
}

// ParseDate reads a YYYY-MM-DD date and rejects days that do not exist (2023-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: %q is not a real YYYY-MM-DD day", ErrBadDate, s)
	}
	return Date{t: t}, nil
}

// DateOf returns the civil day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether d is the zero "no date" value.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// MarshalText formats d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// MarshalJSON writes the date as a string, or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a YYYY-MM-DD string, or null for the zero Date: the inverse of
// MarshalJSON, so that stored findings and API clients read deadlines back.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%w: %s is not a YYYY-MM-DD string", ErrBadDate, b)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AddDays returns the day n calendar days after d (before it when n is negative).
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return Date{t: d.t.AddDate(0, 0, n)}
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// DaysSince returns the number of calendar days from e to d: positive when d is later.
func (d Date) DaysSince(e Date) int {
	return int(d.t.Sub(e.t).Hours()) / 24
}
