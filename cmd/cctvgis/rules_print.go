package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"cctvgis/planner/rulebook"
)

// printEffective writes the effective rule set for a person to read, one rule a line with
// its citation and source.
func printEffective(w io.Writer, t *rulebook.Taxonomy, e *rulebook.EffectiveRules) error {
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
	if c := e.PrivacyCheck; c != nil {
		p("  managers must check\t%s\t%s\n", orDash(c.Violation), cite(c.Cited))
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
	if len(e.OperatorBuilt) > 0 {
		section(tw, "Built by the units that manage the place (经营管理单位建设)", len(e.OperatorBuilt))
		for _, z := range e.OperatorBuilt {
			p("  %s\t%s\t%s\n", z.Category, cat(z.Category), cite(z.Cited))
		}
	}
	section(tw, "Who may install where (安装主体)", len(e.Installation))
	for _, in := range e.Installation {
		p("  %s\tby %s; %s\t%s\t%s\n", in.Places, in.Who, strings.Join(in.Conditions, ", "), orDash(in.Violation), cite(in.Cited))
	}
	section(tw, "Notice sign and placement (标识、安装位置)", count(e.Signage != nil)+count(e.Placement != nil))
	if s := e.Signage; s != nil {
		p("  sign required for\t%s\t%s\n", s.RequiredFor, cite(s.Cited))
	}
	if pl := e.Placement; pl != nil {
		p("  position, angle, range\tset as public security requires\t%s\n", cite(pl.Cited))
	}
	section(tw, "Acceptance (验收)", count(e.Acceptance != nil))
	if a := e.Acceptance; a != nil {
		when := "required"
		if a.BeforeUse {
			when = "before use"
		}
		p("  acceptance\t%s\t%s\n", when, cite(a.Cited))
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
		keep := fmt.Sprintf("%d days", r.Days)
		if r.DeleteAfter {
			keep += ", then delete"
		}
		p("  %s\t%s\t%s\n", what, keep, cite(r.Cited))
	}
	section(tw, "Deadlines (期限)", len(e.Filing)+count(e.DemolitionNotice != nil))
	if d := e.DemolitionNotice; d != nil {
		p("  demolition notice\t%s before removal\t%s\n", days(d.Days, d.WorkingDays), cite(d.Cited))
	}
	for _, f := range e.Filing {
		when := days(f.Days, f.WorkingDays)
		if f.Promptly {
			when = "promptly"
		}
		if !f.DueOn.IsZero() {
			when += " (due " + f.DueOn.String() + ")"
		}
		p("  filing: %s\t%s\t%s\n", f.What, when, cite(f.Cited))
	}
	section(tw, "Networking (联网)", len(e.Networking))
	for _, n := range e.Networking {
		p("  %s\t%s\t%s\n", n.AppliesTo, n.Duty, cite(n.Cited))
	}
	section(tw, "Plan approval stages (规划审批)", len(e.ApprovalStages))
	for i, s := range e.ApprovalStages {
		p("  %d. %s\t%s\t%s\n", i+1, s.Stage, s.Body, cite(s.Cited))
	}
	section(tw, "Duties toward a running system (运行维护义务)", len(e.Duties))
	for _, d := range e.Duties {
		p("  %s\t%s\t%s\n", d.Duty, d.Violation, cite(d.Cited))
	}
	if len(e.Exemptions) > 0 {
		section(tw, "Exemptions (豁免)", len(e.Exemptions))
		for _, x := range e.Exemptions {
			p("  %s\texempt from %s\t%s\n", x.Places, strings.Join(x.ExemptFrom, "、"), cite(x.Cited))
		}
	}
	section(tw, "Penalties (罚则)", len(e.Penalties))
	for _, pe := range e.Penalties {
		p("  %s\t%s\t%s\t%s\n", pe.Violation, pe.Who, sanction(pe), cite(pe.Cited))
	}
	if len(e.SupersededPenalties) > 0 {
		section(tw, "Superseded by the national baseline (被上位法取代)", len(e.SupersededPenalties))
		for _, pe := range e.SupersededPenalties {
			p("  %s\t%s\t%s\t%s, superseded by %s\n", pe.Violation, pe.Who, sanction(pe), cite(pe.Cited), cite(*pe.SupersededBy))
		}
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

func cite(c rulebook.Cited) string {
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
func sanction(p rulebook.PenaltyEntry) string {
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
	if p.Confiscation {
		if len(then) > 0 {
			then = append(then, "and")
		}
		then = append(then, "confiscation of the devices")
	}
	switch {
	case len(then) > 0 && p.AfterDeadline && p.OrSeriousConsequences:
		then = append([]string{"if not corrected, or at once on serious consequences:"}, then...)
	case len(then) > 0 && p.AfterDeadline:
		then = append([]string{"if not corrected in time:"}, then...)
	}
	parts := then
	if p.Order != "" {
		parts = append([]string{p.Order}, then...)
		if len(then) > 0 {
			parts[0] += ";"
		}
	}
	s := strings.Join(parts, " ")
	if p.Further != "" {
		s += "; further: " + p.Further
	}
	return s
}
