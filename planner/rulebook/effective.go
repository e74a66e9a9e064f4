package rulebook

import (
	"fmt"
	"slices"
)

// NationalCode is the code of the national baseline rulebook.
const NationalCode = "national"

// EffectiveRules is the rule set that applies in a jurisdiction on a day: its own rules,
// with the national baseline added where the baseline is stricter. Every rule says which
// rulebook it comes from (Source) and the article that states it.
type EffectiveRules struct {
	Code          string
	NameZh        string
	NameEn        string
	DocumentNo    string
	EffectiveFrom Date
	// ExpiresOn is the last day in force after extensions; null when the text has no term.
	ExpiresOn Date
	On        Date
	InForce   bool
	// Baseline is the national rulebook layered in; null when it is not in force on the day.
	Baseline *BaselineRef
	Warnings []string

	MandatoryCategories []CategoryEntry
	ProhibitedSpaces    []SpaceEntry
	// PrivacyCheck is the duty to check prohibited spaces for devices; null when none.
	PrivacyCheck        *ProvisionEntry
	GovernmentOnlyZones []CategoryEntry
	GovernmentBuilt     []CategoryEntry
	OperatorBuilt       []CategoryEntry
	Installation        []InstallEntry
	// Placement is the duty to choose position, angle and range; null when none.
	Placement *ProvisionEntry
	// AvoidDuplication is the duty to avoid duplicate construction (避免重复建设); null
	// when none.
	AvoidDuplication *ProvisionEntry
	Signage          *SignageEntry
	// Acceptance is the duty to have a system accepted; null when none.
	Acceptance *AcceptanceEntry
	Retention  []RetentionEntry
	// DemolitionNoticeDays is how many days before removal the police must be told in
	// writing; null when the rules have no such duty.
	DemolitionNoticeDays *int
	DemolitionNotice     *DeadlineEntry
	Filing               []FilingEntry
	Networking           []NetworkEntry
	ApprovalStages       []StageEntry
	Duties               []DutyEntry
	Exemptions           []ExemptionEntry
	// Penalties are the penalties that govern on the day.
	Penalties []PenaltyEntry
	// SupersededPenalties are local penalties for acts the national baseline punishes
	// itself; each names the national provision that governs instead (SupersededBy).
	SupersededPenalties []PenaltyEntry
	Notes               []string
}

// PenaltiesFor returns the governing penalties for a violation id.
func (e *EffectiveRules) PenaltiesFor(violation string) []PenaltyEntry {
	var out []PenaltyEntry
	for _, p := range e.Penalties {
		if p.Violation == violation {
			out = append(out, p)
		}
	}
	return out
}

// BaselineRef names the national rulebook that an effective rule set layers in.
type BaselineRef struct {
	Code          string
	DocumentNo    string
	EffectiveFrom Date
}

// Cited is the citation and origin that every effective rule carries.
type Cited struct {
	// Article is the article (and paragraph) in Chinese legal form, e.g. 第八条.
	Article string
	// Item is the enumerated item (项) number, or null.
	Item *int
	// Citation is the whole citation, e.g. 第八条第（五）项.
	Citation string
	// CitationEn is the citation in English form, e.g. "Art. 8 item 5".
	CitationEn string
	// Source is the code of the rulebook the rule comes from.
	Source string
}

func cited(c Citation, source string) Cited {
	out := Cited{Article: c.ArticleText(), Citation: c.String(), CitationEn: c.English(), Source: source}
	if c.Item > 0 {
		item := c.Item
		out.Item = &item
	}
	return out
}

// CategoryEntry is one category that a provision names.
type CategoryEntry struct {
	Category string
	Cited
}

// SpaceEntry is one kind of private space where devices are prohibited.
type SpaceEntry struct {
	Space string
	Cited
}

// ProvisionEntry is a duty kept as its quotation, with the violation its breach is.
type ProvisionEntry struct {
	Text string
	// Violation is "" when the text attaches none.
	Violation string
	Cited
}

// InstallEntry says who may install in a kind of place and on what conditions.
type InstallEntry struct {
	Places     string
	Who        string
	Conditions []string
	Violation  string
	Text       string
	Cited
}

// AcceptanceEntry is the duty to have a system accepted.
type AcceptanceEntry struct {
	BeforeUse bool
	Text      string
	Cited
}

// ExemptionEntry frees the installations in some places from provisions of the source
// rulebook.
type ExemptionEntry struct {
	Places string
	// ExemptFrom are the citations of the provisions that do not bind them.
	ExemptFrom []string
	Text       string
	Cited
}

// SignageEntry is the notice-sign duty and to whose systems it applies.
type SignageEntry struct {
	RequiredFor Scope
	Cited
}

// RetentionEntry is one footage retention minimum.
type RetentionEntry struct {
	// Category is null for the general minimum and for a kind of footage.
	Category *string
	// General is true for the minimum that applies to all footage.
	General bool
	Footage string
	Days    int
	// DeleteAfter means footage that has served its purpose is deleted after Days.
	DeleteAfter bool
	Cited
}

// DeadlineEntry is a deadline in days.
type DeadlineEntry struct {
	Days        int
	WorkingDays bool
	Cited
}

// FilingEntry is a filing (备案) deadline after an event.
type FilingEntry struct {
	What string
	// Promptly means the text sets no days, only "promptly" (及时).
	Promptly bool
	// DueOn is, for existing systems, the last day to file: the days counted from the
	// source text's effective date, that day not counted (Civil Code art. 201); null
	// otherwise.
	DueOn Date
	DeadlineEntry
}

// NetworkEntry is a networking duty.
type NetworkEntry struct {
	AppliesTo Scope
	Duty      string
	Cited
}

// StageEntry is one approval stage of a construction plan.
type StageEntry struct {
	Stage string
	Body  string
	Cited
}

// DutyEntry is one duty toward a running system and the violation its breach is.
type DutyEntry struct {
	Duty      string
	Violation string
	Text      string
	Cited
}

// PenaltyEntry is the sanction for one violation and one kind of party.
type PenaltyEntry struct {
	Violation     string
	Who           string
	FineMinYuan   *int
	FineMaxYuan   *int
	Warning       bool
	WarningOrFine bool
	Order         string
	AfterDeadline bool
	// OrSeriousConsequences: the sanctions also apply at once on serious consequences.
	OrSeriousConsequences bool
	Confiscation          bool
	Further               string
	Cited
	// SupersededBy is, for a superseded local penalty, the national provision that governs.
	SupersededBy *Cited
}

// Effective layers the national baseline under a local rulebook for the given day.
// national may be nil, or the same rulebook as local, for no layering. The baseline is
// layered only when it is in force on the day; a rule of the baseline is added where the
// local rules lack it or are weaker (a prohibited space, government-only zone, install
// rule, duty or duty to avoid duplicate construction they do not list, a signage duty that covers more systems, a longer general
// retention, a shorter filing deadline). Its penalties govern: where both punish the same
// violation, the local penalty moves to SupersededPenalties.
func Effective(local, national *Rulebook, on Date) *EffectiveRules {
	v := local.Validity
	e := &EffectiveRules{
		Code: local.Code, NameZh: local.NameZh, NameEn: local.NameEn,
		DocumentNo: v.DocumentNo, EffectiveFrom: v.EffectiveFrom, ExpiresOn: v.LastDay(),
		On: on, InForce: v.InForce(on), Notes: append([]string{}, v.Notes...),
		Warnings: []string{},
	}
	if !e.InForce {
		e.Warnings = append(e.Warnings, NotInForceWarning(local, on))
	}
	e.addLocal(local)
	if national != nil && national.Code != local.Code {
		if national.Validity.InForce(on) {
			e.Baseline = &BaselineRef{Code: national.Code, DocumentNo: national.Validity.DocumentNo, EffectiveFrom: national.Validity.EffectiveFrom}
			e.layer(national)
		} else {
			e.Warnings = append(e.Warnings, fmt.Sprintf("the national baseline %s is not in force on %s; local rules only", national.Validity.DocumentNo, on))
		}
	}
	return e
}

// NotInForceWarning says that a rulebook is not in force on a day, and when it is.
func NotInForceWarning(r *Rulebook, on Date) string {
	v := r.Validity
	if on.Before(v.EffectiveFrom) {
		return fmt.Sprintf("%s (%s) is not in force on %s: it takes effect on %s", r.Code, v.DocumentNo, on, v.EffectiveFrom)
	}
	return fmt.Sprintf("%s (%s) is not in force on %s: it expired after %s", r.Code, v.DocumentNo, on, v.LastDay())
}

func (e *EffectiveRules) addLocal(r *Rulebook) {
	src := r.Code
	e.MandatoryCategories = categoryEntries(r.Mandatory, src)
	e.GovernmentOnlyZones = categoryEntries(r.GovernmentOnly, src)
	e.GovernmentBuilt = categoryEntries(r.GovernmentBuilt, src)
	e.ProhibitedSpaces = spaceEntries(r.Prohibited, src)
	e.PrivacyCheck = provisionEntry(r.PrivacyCheck, src)
	e.OperatorBuilt = categoryEntries(r.OperatorBuilt, src)
	e.Installation = installEntries(r.Installation, src)
	e.Placement = provisionEntry(r.Placement, src)
	e.AvoidDuplication = provisionEntry(r.AvoidDuplication, src)
	if r.Signage != nil {
		e.Signage = &SignageEntry{RequiredFor: r.Signage.RequiredFor, Cited: cited(r.Signage.Cite, src)}
	}
	e.Acceptance = acceptanceEntry(r.Acceptance, src)
	e.Retention = []RetentionEntry{}
	for _, rr := range r.Retention {
		e.Retention = append(e.Retention, retentionEntries(rr, src)...)
	}
	if d := r.Demolition; d != nil {
		days := d.Days
		e.DemolitionNoticeDays = &days
		e.DemolitionNotice = &DeadlineEntry{Days: d.Days, WorkingDays: d.WorkingDays, Cited: cited(d.Cite, src)}
	}
	e.Filing = []FilingEntry{}
	for _, f := range r.Filing {
		e.Filing = append(e.Filing, filingEntry(f, r))
	}
	e.Networking = []NetworkEntry{}
	for _, n := range r.Networking {
		e.Networking = append(e.Networking, NetworkEntry{AppliesTo: n.AppliesTo, Duty: n.Duty, Cited: cited(n.Cite, src)})
	}
	e.ApprovalStages = []StageEntry{}
	for _, s := range r.ApprovalStages {
		e.ApprovalStages = append(e.ApprovalStages, StageEntry{Stage: s.Stage, Body: s.BodyZh, Cited: cited(s.Cite, src)})
	}
	e.Duties = dutyEntries(r.Duties, src)
	e.Exemptions = exemptionEntries(r.Exemptions, src)
	e.Penalties = []PenaltyEntry{}
	for _, p := range r.Penalties {
		e.Penalties = append(e.Penalties, penaltyEntries(p, src)...)
	}
	e.SupersededPenalties = []PenaltyEntry{}
}

// layer adds the baseline's rules where they are stricter than what e already has.
func (e *EffectiveRules) layer(n *Rulebook) {
	for _, s := range spaceEntries(n.Prohibited, n.Code) {
		if !slices.ContainsFunc(e.ProhibitedSpaces, func(have SpaceEntry) bool { return have.Space == s.Space }) {
			e.ProhibitedSpaces = append(e.ProhibitedSpaces, s)
		}
	}
	for _, z := range categoryEntries(n.GovernmentOnly, n.Code) {
		if !slices.ContainsFunc(e.GovernmentOnlyZones, func(have CategoryEntry) bool { return have.Category == z.Category }) {
			e.GovernmentOnlyZones = append(e.GovernmentOnlyZones, z)
		}
	}
	for _, z := range categoryEntries(n.OperatorBuilt, n.Code) {
		if !slices.ContainsFunc(e.OperatorBuilt, func(have CategoryEntry) bool { return have.Category == z.Category }) {
			e.OperatorBuilt = append(e.OperatorBuilt, z)
		}
	}
	for _, in := range installEntries(n.Installation, n.Code) {
		if !slices.ContainsFunc(e.Installation, func(have InstallEntry) bool { return have.Places == in.Places }) {
			e.Installation = append(e.Installation, in)
		}
	}
	if e.PrivacyCheck == nil {
		e.PrivacyCheck = provisionEntry(n.PrivacyCheck, n.Code)
	}
	if e.Placement == nil {
		e.Placement = provisionEntry(n.Placement, n.Code)
	}
	if e.AvoidDuplication == nil {
		e.AvoidDuplication = provisionEntry(n.AvoidDuplication, n.Code)
	}
	if a := n.Acceptance; a != nil && (e.Acceptance == nil || a.BeforeUse && !e.Acceptance.BeforeUse) {
		e.Acceptance = acceptanceEntry(a, n.Code)
	}
	e.Exemptions = append(e.Exemptions, exemptionEntries(n.Exemptions, n.Code)...)
	for _, d := range dutyEntries(n.Duties, n.Code) {
		if !slices.ContainsFunc(e.Duties, func(have DutyEntry) bool { return have.Duty == d.Duty }) {
			e.Duties = append(e.Duties, d)
		}
	}
	if s := n.Signage; s != nil && (e.Signage == nil || wider(s.RequiredFor, e.Signage.RequiredFor)) {
		e.Signage = &SignageEntry{RequiredFor: s.RequiredFor, Cited: cited(s.Cite, n.Code)}
	}
	for _, rr := range n.Retention {
		if !rr.General() {
			continue
		}
		at := slices.IndexFunc(e.Retention, func(have RetentionEntry) bool { return have.General })
		if at < 0 {
			e.Retention = append(e.Retention, retentionEntries(rr, n.Code)...)
			continue
		}
		// As long, and with a duty to delete afterwards, is still stricter.
		if have := e.Retention[at]; have.Days < rr.Days || have.Days == rr.Days && rr.DeleteAfter && !have.DeleteAfter {
			e.Retention[at] = retentionEntries(rr, n.Code)[0]
		}
	}
	e.layerFiling(n)
	e.layerPenalties(n)
}

// layerFiling adds the baseline's filing deadlines that the local rules lack or set
// longer. A deadline for existing systems counts from the baseline's own effective date,
// so it joins beside a local one rather than being compared with it. A "promptly" (及时)
// with no days does not replace a local deadline in days, which gives it a measure.
func (e *EffectiveRules) layerFiling(n *Rulebook) {
	for _, f := range n.Filing {
		ne := filingEntry(f, n)
		at := slices.IndexFunc(e.Filing, func(have FilingEntry) bool { return have.What == f.What })
		switch {
		case at < 0 || f.What == FilingExistingSystems:
			e.Filing = append(e.Filing, ne)
		case shorter(ne, e.Filing[at]):
			e.Filing[at] = ne
		}
	}
}

// shorter reports whether deadline a is shorter than b; days of different kinds
// (working and calendar) and "promptly" are not compared.
func shorter(a, b FilingEntry) bool {
	return !a.Promptly && !b.Promptly && a.WorkingDays == b.WorkingDays && a.Days < b.Days
}

// layerPenalties makes the baseline's penalties govern: a State Council regulation
// outranks local rules, so where both punish the same act (violation id), the local
// penalty moves to SupersededPenalties with the national provision that replaces it.
func (e *EffectiveRules) layerPenalties(n *Rulebook) {
	var national []PenaltyEntry
	for _, p := range n.Penalties {
		national = append(national, penaltyEntries(p, n.Code)...)
	}
	kept := []PenaltyEntry{}
	for _, p := range e.Penalties {
		at := slices.IndexFunc(national, func(np PenaltyEntry) bool { return np.Violation == p.Violation })
		if at < 0 {
			kept = append(kept, p)
			continue
		}
		by := national[at].Cited
		p.SupersededBy = &by
		e.SupersededPenalties = append(e.SupersededPenalties, p)
	}
	e.Penalties = append(kept, national...)
}

// wider reports whether a signage duty for scope a covers more systems than one for b.
func wider(a, b Scope) bool { return a == ScopeAll && b != ScopeAll }

func categoryEntries(rules []SiteRule, src string) []CategoryEntry {
	out := []CategoryEntry{}
	for _, r := range rules {
		for _, c := range r.Categories {
			out = append(out, CategoryEntry{Category: c, Cited: cited(r.Cite, src)})
		}
	}
	return out
}

func spaceEntries(rules []SpaceRule, src string) []SpaceEntry {
	out := []SpaceEntry{}
	for _, r := range rules {
		for _, s := range r.Spaces {
			out = append(out, SpaceEntry{Space: s, Cited: cited(r.Cite, src)})
		}
	}
	return out
}

func dutyEntries(rules []DutyRule, src string) []DutyEntry {
	out := []DutyEntry{}
	for _, r := range rules {
		for _, d := range r.Duties {
			out = append(out, DutyEntry{Duty: d, Violation: r.Violation, Text: r.Text, Cited: cited(r.Cite, src)})
		}
	}
	return out
}

func retentionEntries(r RetentionRule, src string) []RetentionEntry {
	if len(r.Categories) == 0 {
		return []RetentionEntry{{General: r.General(), Footage: r.FootageZh, Days: r.Days, DeleteAfter: r.DeleteAfter, Cited: cited(r.Cite, src)}}
	}
	out := make([]RetentionEntry, 0, len(r.Categories))
	for _, c := range r.Categories {
		out = append(out, RetentionEntry{Category: &c, Days: r.Days, DeleteAfter: r.DeleteAfter, Cited: cited(r.Cite, src)})
	}
	return out
}

func provisionEntry(p *ProvisionRule, src string) *ProvisionEntry {
	if p == nil {
		return nil
	}
	return &ProvisionEntry{Text: p.Text, Violation: p.Violation, Cited: cited(p.Cite, src)}
}

func acceptanceEntry(a *AcceptanceRule, src string) *AcceptanceEntry {
	if a == nil {
		return nil
	}
	return &AcceptanceEntry{BeforeUse: a.BeforeUse, Text: a.Text, Cited: cited(a.Cite, src)}
}

func installEntries(rules []InstallRule, src string) []InstallEntry {
	out := []InstallEntry{}
	for _, r := range rules {
		out = append(out, InstallEntry{Places: r.Places, Who: r.Who, Conditions: slices.Clone(r.Conditions),
			Violation: r.Violation, Text: r.Text, Cited: cited(r.Cite, src)})
	}
	return out
}

func exemptionEntries(rules []ExemptionRule, src string) []ExemptionEntry {
	out := []ExemptionEntry{}
	for _, r := range rules {
		ex := ExemptionEntry{Places: r.Places, Text: r.Text, Cited: cited(r.Cite, src)}
		for _, c := range r.ExemptFrom {
			ex.ExemptFrom = append(ex.ExemptFrom, c.String())
		}
		out = append(out, ex)
	}
	return out
}

func filingEntry(f FilingRule, r *Rulebook) FilingEntry {
	fe := FilingEntry{What: f.What, Promptly: f.Promptly,
		DeadlineEntry: DeadlineEntry{Days: f.Days, WorkingDays: f.WorkingDays, Cited: cited(f.Cite, r.Code)}}
	if f.What == FilingExistingSystems && !f.WorkingDays && f.Days > 0 {
		fe.DueOn = r.Validity.EffectiveFrom.AddDays(f.Days)
	}
	return fe
}

func penaltyEntries(p Penalty, src string) []PenaltyEntry {
	var out []PenaltyEntry
	for _, v := range p.Violations {
		for _, s := range p.Sanctions {
			pe := PenaltyEntry{Violation: v, Who: s.Who, FineMaxYuan: s.FineMaxYuan, Warning: s.Warning,
				WarningOrFine: s.WarningOrFine, Order: p.OrderZh, AfterDeadline: p.AfterDeadline,
				OrSeriousConsequences: p.OrSeriousConsequences, Confiscation: p.Confiscation, Further: p.FurtherZh,
				Cited: cited(p.Cite, src)}
			if s.FineMaxYuan != nil {
				fmin := s.FineMinYuan
				pe.FineMinYuan = &fmin
			}
			out = append(out, pe)
		}
	}
	return out
}

// FirstCitations maps each category of entries to the first provision that names it.
func FirstCitations(entries []CategoryEntry) map[string]Cited {
	m := make(map[string]Cited, len(entries))
	for _, e := range entries {
		if _, ok := m[e.Category]; !ok {
			m[e.Category] = e.Cited
		}
	}
	return m
}
