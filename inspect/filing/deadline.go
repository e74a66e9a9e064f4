package filing

import (
	"fmt"

	"cctvgis/planner/rulebook"
)

// Rules gives the effective rules of one jurisdiction on a day, as
// rulebook.Library.Effective does for the jurisdiction's code.
type Rules func(on rulebook.Date) (*rulebook.EffectiveRules, error)

// System is what a system's filing deadlines count from.
type System struct {
	// FirstUse is the day the system was put into use (投入使用).
	FirstUse rulebook.Date
	// Changed is the day a filed particular changed (备案事项发生变化); zero for no change.
	Changed rulebook.Date
}

// Deadline is one term within which a system must be filed, and the provision that sets it.
type Deadline struct {
	// What is the event the term follows: rulebook.FilingAfterUse, FilingChange or
	// FilingExistingSystems.
	What string
	// From is the day the term counts from, itself not counted: the day of first use, the
	// day of the change, or, for a system already running, the day its text took effect.
	From rulebook.Date
	// Due is the last day to file; zero when the term is Promptly.
	Due rulebook.Date
	// Promptly means the text sets no number of days, only "promptly" (及时): whether a
	// filing was prompt is the bureau's judgement, and DaysLate never counts it late.
	Promptly    bool
	Days        int
	WorkingDays bool
	rulebook.Cited
}

// DaysLate returns by how many calendar days a filing made on day, or still not made on
// that day, is past Due: 0 when it is in time or the term is Promptly.
func (d Deadline) DaysLate(day rulebook.Date) int {
	if d.Promptly || !day.After(d.Due) {
		return 0
	}
	return day.DaysSince(d.Due)
}

// Deadlines returns every filing deadline a system has on the day on: the term after first
// use under the rules in force that day; the term for systems already running of each text
// in force on on that took effect after the system's first use (Order 799 for a system
// running before 2025-04-01, a local text for one running before that text); and, for a
// change, the term under the rules in force on the day of the change. Working days are
// counted on cal, which refuses a day it does not cover (ErrOutsideCalendar).
func Deadlines(rules Rules, cal *Calendar, sys System, on rulebook.Date) ([]Deadline, error) {
	if sys.FirstUse.IsZero() {
		return nil, fmt.Errorf("%w: a system's deadlines need its date of first use", rulebook.ErrBadDate)
	}
	atUse, err := rules(sys.FirstUse)
	if err != nil {
		return nil, fmt.Errorf("loading the rules in force on %s: %w", sys.FirstUse, err)
	}
	out, err := appendTerms(nil, cal, atUse, rulebook.FilingAfterUse, func(rulebook.Date) (rulebook.Date, bool) {
		return sys.FirstUse, true
	})
	if err != nil {
		return nil, err
	}
	now, err := rules(on)
	if err != nil {
		return nil, fmt.Errorf("loading the rules in force on %s: %w", on, err)
	}
	out, err = appendTerms(out, cal, now, rulebook.FilingExistingSystems, func(from rulebook.Date) (rulebook.Date, bool) {
		return from, sys.FirstUse.Before(from)
	})
	if err != nil || sys.Changed.IsZero() {
		return out, err
	}
	atChange, err := rules(sys.Changed)
	if err != nil {
		return nil, fmt.Errorf("loading the rules in force on %s: %w", sys.Changed, err)
	}
	return appendTerms(out, cal, atChange, rulebook.FilingChange, func(rulebook.Date) (rulebook.Date, bool) {
		return sys.Changed, true
	})
}

// appendTerms appends the deadline of each rule for the event what whose text is in force
// on the rules' day and for which start, given the day the text took effect, returns the
// day the term counts from.
func appendTerms(out []Deadline, cal *Calendar, e *rulebook.EffectiveRules, what string, start func(rulebook.Date) (rulebook.Date, bool)) ([]Deadline, error) {
	for _, f := range e.Filing {
		textFrom, inForce := source(e, f.Cited)
		if f.What != what || !inForce {
			continue
		}
		from, ok := start(textFrom)
		if !ok {
			continue
		}
		d, err := deadline(cal, f, from)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// source returns the day the text a rule comes from took effect, and whether it is in
// force on the rules' day: the effective rules list a local text's rules even on a day it
// is not in force, and the baseline's only on a day it is.
func source(e *rulebook.EffectiveRules, c rulebook.Cited) (from rulebook.Date, inForce bool) {
	if e.Baseline != nil && c.Source == e.Baseline.Code {
		return e.Baseline.EffectiveFrom, true
	}
	return e.EffectiveFrom, c.Source == e.Code && e.InForce
}

// deadline counts the rule's term from the day from.
func deadline(cal *Calendar, f rulebook.FilingEntry, from rulebook.Date) (Deadline, error) {
	d := Deadline{What: f.What, From: from, Promptly: f.Promptly, Days: f.Days, WorkingDays: f.WorkingDays, Cited: f.Cited}
	switch {
	case f.Promptly:
	case f.WorkingDays:
		due, err := cal.AddWorkingDays(from, f.Days)
		if err != nil {
			return Deadline{}, fmt.Errorf("counting %d working days from %s (%s %s): %w", f.Days, from, f.Source, f.Citation, err)
		}
		d.Due = due
	default:
		d.Due = from.AddDays(f.Days)
	}
	return d, nil
}
