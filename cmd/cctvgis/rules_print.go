package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"cctvgis/planner"
)

// printEffective writes the effective rule set for a person to read, one rule a line with
// its citation and source.
func printEffective(w io.Writer, t *planner.Taxonomy, e *planner.EffectiveRules) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	p("%s  %s\n%s\n", e.Code, e.NameZh, e.NameEn)
	p("document\t%s\n", e.DocumentNo)
	p("in force\t%s to %s; on %s: %s\n", e.EffectiveFrom, orDash(e.ExpiresOn.String()), e.On, yesNo(e.InForce))
	if e.Baseline != nil {
		p("baseline\t%s (%s), layered where stricter\n", e.Baseline.Code, e.Baseline.DocumentNo)
	}
	for _, n := range e.Notes {
		p("note\t%s\n", n)
	}
	cat := func(id string) string {
		if c, ok := t.Category(id); ok {
			return c.Zh
		}
		return id
	}

	section(tw, "Mandatory sites (应当建设)", len(e.MandatoryCategories))
	for _, m := range e.MandatoryCategories {
		p("  %s\t%s\t%s\n", m.Category, cat(m.Category), cite(m.Cited))
	}
	section(tw, "Prohibited private spaces (禁止安装)", len(e.ProhibitedSpaces))
	for _, s := range e.ProhibitedSpaces {
		label := s.Space
		if term, ok := t.Space(s.Space); ok {
			label = term.Zh
		}
		p("  %s\t%s\t%s\n", s.Space, label, cite(s.Cited))
	}
	section(tw, "Government-only zones (仅政府建设)", len(e.GovernmentOnlyZones))
	for _, z := range e.GovernmentOnlyZones {
		p("  %s\t%s\t%s\n", z.Category, cat(z.Category), cite(z.Cited))
	}
	if len(e.GovernmentBuilt) > 0 {
		section(tw, "Built by government, others not excluded (政府负责建设)", len(e.GovernmentBuilt))
		for _, z := range e.GovernmentBuilt {
			p("  %s\t%s\t%s\n", z.Category, cat(z.Category), cite(z.Cited))
		}
	}
	section(tw, "Notice sign (标识)", count(e.Signage != nil))
	if s := e.Signage; s != nil {
		p("  required for\t%s\t%s\n", s.RequiredFor, cite(s.Cited))
	}
	section(tw, "Footage retention (保存期限)", len(e.Retention))
	for _, r := range e.Retention {
		what := "general minimum"
		switch {
		case r.Category != nil:
			what = *r.Category + " " + cat(*r.Category)
		case r.Footage != "":
			what = r.Footage
		}
		p("  %s\t%d days\t%s\n", what, r.Days, cite(r.Cited))
	}
	section(tw, "Deadlines (期限)", len(e.Filing)+count(e.DemolitionNotice != nil))
	if d := e.DemolitionNotice; d != nil {
		p("  demolition notice\t%s before removal\t%s\n", days(d.Days, d.WorkingDays), cite(d.Cited))
	}
	for _, f := range e.Filing {
		p("  filing: %s\t%s\t%s\n", f.What, days(f.Days, f.WorkingDays), cite(f.Cited))
	}
	section(tw, "Networking (联网)", len(e.Networking))
	for _, n := range e.Networking {
		p("  %s\t%s\t%s\n", n.AppliesTo, n.Duty, cite(n.Cited))
	}
	section(tw, "Plan approval stages (规划审批)", len(e.ApprovalStages))
	for i, s := range e.ApprovalStages {
		p("  %d. %s\t%s\t%s\n", i+1, s.Stage, s.Body, cite(s.Cited))
	}
	section(tw, "Penalties (罚则)", len(e.Penalties))
	for _, pe := range e.Penalties {
		p("  %s\t%s\t%s\t%s\n", pe.Violation, pe.Who, sanction(pe), cite(pe.Cited))
	}
	return tw.Flush()
}

func section(w io.Writer, title string, n int) {
	fmt.Fprintf(w, "\n%s\n", title)
	if n == 0 {
		fmt.Fprintln(w, "  (none in these rules)")
	}
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cite(c planner.Cited) string {
	return c.Citation + " [" + c.Source + "]"
}

func days(n int, working bool) string {
	if working {
		return fmt.Sprintf("%d working days", n)
	}
	return fmt.Sprintf("%d days", n)
}

// sanction reads a penalty as a sentence: the order, then, when the text says so, "if
// not corrected in time:", then the warning and the fine.
func sanction(p planner.PenaltyEntry) string {
	var then []string
	if p.Warning {
		then = append(then, "warning")
	}
	if p.FineMaxYuan != nil {
		if p.Warning && p.WarningOrFine {
			then = append(then, "or")
		} else if p.Warning {
			then = append(then, "and")
		}
		switch *p.FineMinYuan {
		case 0:
			then = append(then, fmt.Sprintf("fine up to ¥%d", *p.FineMaxYuan))
		case *p.FineMaxYuan:
			then = append(then, fmt.Sprintf("fine ¥%d", *p.FineMaxYuan))
		default:
			then = append(then, fmt.Sprintf("fine ¥%d–%d", *p.FineMinYuan, *p.FineMaxYuan))
		}
	}
	if len(then) > 0 && p.AfterDeadline {
		then = append([]string{"if not corrected in time:"}, then...)
	}
	parts := then
	if p.Order != "" {
		parts = append([]string{p.Order}, then...)
		if len(then) > 0 {
			parts[0] += ";"
		}
	}
	return strings.Join(parts, " ")
}
