package planner

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
	Code          string `json:"code"`
	NameZh        string `json:"name_zh"`
	NameEn        string `json:"name_en"`
	DocumentNo    string `json:"document_no"`
	EffectiveFrom Date   `json:"effective_from"`
	// ExpiresOn is the last day in force after extensions; null when the text has no term.
	ExpiresOn Date `json:"expires_on"`
	On        Date `json:"on"`
	InForce   bool `json:"in_force"`
	// Baseline is the national rulebook layered in; null when it is not in force on the day.
	Baseline *BaselineRef `json:"baseline"`
	Warnings []string     `json:"warnings"`

	MandatoryCategories []CategoryEntry  `json:"mandatory_categories"`
	ProhibitedSpaces    []SpaceEntry     `json:"prohibited_spaces"`
	GovernmentOnlyZones []CategoryEntry  `json:"government_only_zones"`
	GovernmentBuilt     []CategoryEntry  `json:"government_built"`
	Signage             *SignageEntry    `json:"signage"`
	Retention           []RetentionEntry `json:"retention"`
	// DemolitionNoticeDays is how many days before removal the police must be told in
	// writing; null when the rules have no such duty.
	DemolitionNoticeDays *int           `json:"demolition_notice_days"`
	DemolitionNotice     *DeadlineEntry `json:"demolition_notice"`
	Filing               []FilingEntry  `json:"filing"`
	Networking           []NetworkEntry `json:"networking"`
	ApprovalStages       []StageEntry   `json:"approval_stages"`
	Duties               []DutyEntry    `json:"duties"`
	Penalties            []PenaltyEntry `json:"penalties"`
	Notes                []string       `json:"notes"`
}

// BaselineRef names the national rulebook that an effective rule set layers in.
type BaselineRef struct {
	Code          string `json:"code"`
	DocumentNo    string `json:"document_no"`
	EffectiveFrom Date   `json:"effective_from"`
}

// Cited is the citation and origin that every effective rule carries.
type Cited struct {
	// Article is the article (and paragraph) in Chinese legal form, e.g. 第八条.
	Article string `json:"article"`
	// Item is the enumerated item (项) number, or null.
	Item *int `json:"item"`
	// Citation is the whole citation, e.g. 第八条第（五）项.
	Citation string `json:"citation"`
	// CitationEn is the citation in English form, e.g. "Art. 8 item 5".
	CitationEn string `json:"citation_en"`
	// Unconfirmed marks a citation whose numbering awaits a check against the official text.
	Unconfirmed bool `json:"unconfirmed,omitempty"`
	// Source is the code of the rulebook the rule comes from.
	Source string `json:"source"`
}

func cited(c Citation, source string) Cited {
	out := Cited{Article: c.ArticleText(), Citation: c.String(), CitationEn: c.English(), Unconfirmed: c.Unconfirmed, Source: source}
	if c.Item > 0 {
		item := c.Item
		out.Item = &item
	}
	return out
}

// CategoryEntry is one category that a provision names.
type CategoryEntry struct {
	Category string `json:"category"`
	Cited
}

// SpaceEntry is one kind of private space where devices are prohibited.
type SpaceEntry struct {
	Space string `json:"space"`
	Cited
}

// SignageEntry is the notice-sign duty and to whose systems it applies.
type SignageEntry struct {
	RequiredFor Scope `json:"required_for"`
	Cited
}

// RetentionEntry is one footage retention minimum.
type RetentionEntry struct {
	// Category is null for the general minimum and for a kind of footage.
	Category *string `json:"category"`
	// General is true for the minimum that applies to all footage.
	General bool   `json:"general"`
	Footage string `json:"footage,omitempty"`
	Days    int    `json:"days"`
	Cited
}

// DeadlineEntry is a deadline in days.
type DeadlineEntry struct {
	Days        int  `json:"days"`
	WorkingDays bool `json:"working_days"`
	Cited
}

// FilingEntry is a filing (备案) deadline after an event.
type FilingEntry struct {
	What string `json:"what"`
	DeadlineEntry
}

// NetworkEntry is a networking duty.
type NetworkEntry struct {
	AppliesTo Scope  `json:"applies_to"`
	Duty      string `json:"duty"`
	Cited
}

// StageEntry is one approval stage of a construction plan.
type StageEntry struct {
	Stage string `json:"stage"`
	Body  string `json:"body"`
	Cited
}

// DutyEntry is one duty toward a running system and the violation its breach is.
type DutyEntry struct {
	Duty      string `json:"duty"`
	Violation string `json:"violation"`
	Text      string `json:"text"`
	Cited
}

// PenaltyEntry is the sanction for one violation and one kind of party.
type PenaltyEntry struct {
	Violation     string `json:"violation"`
	Who           string `json:"who"`
	FineMinYuan   *int   `json:"fine_min_yuan"`
	FineMaxYuan   *int   `json:"fine_max_yuan"`
	Warning       bool   `json:"warning"`
	WarningOrFine bool   `json:"warning_or_fine"`
	Order         string `json:"order"`
	AfterDeadline bool   `json:"after_deadline"`
	Cited
}

// Effective layers the national baseline under a local rulebook for the given day.
// national may be nil, or the same rulebook as local, for no layering. The baseline is
// layered only when it is in force on the day; a rule of the baseline is added where the
// local rules lack it or are weaker (a prohibited space or government-only zone they do
// not list, a signage duty that covers more systems, a longer general retention).
func Effective(local, national *Rulebook, on Date) *EffectiveRules {
	v := local.Validity
	e := &EffectiveRules{
		Code: local.Code, NameZh: local.NameZh, NameEn: local.NameEn,
		DocumentNo: v.DocumentNo, EffectiveFrom: v.EffectiveFrom, ExpiresOn: v.LastDay(),
		On: on, InForce: v.InForce(on), Notes: slices.Clone(v.Notes),
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
	if r.Signage != nil {
		e.Signage = &SignageEntry{RequiredFor: r.Signage.RequiredFor, Cited: cited(r.Signage.Cite, src)}
	}
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
		e.Filing = append(e.Filing, FilingEntry{What: f.What, DeadlineEntry: DeadlineEntry{Days: f.Days, WorkingDays: f.WorkingDays, Cited: cited(f.Cite, src)}})
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
	e.Penalties = []PenaltyEntry{}
	for _, p := range r.Penalties {
		e.Penalties = append(e.Penalties, penaltyEntries(p, src)...)
	}
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
		switch {
		case at < 0:
			e.Retention = append(e.Retention, retentionEntries(rr, n.Code)...)
		case e.Retention[at].Days < rr.Days:
			e.Retention[at] = retentionEntries(rr, n.Code)[0]
		}
	}
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
		return []RetentionEntry{{General: r.General(), Footage: r.FootageZh, Days: r.Days, Cited: cited(r.Cite, src)}}
	}
	out := make([]RetentionEntry, 0, len(r.Categories))
	for _, c := range r.Categories {
		out = append(out, RetentionEntry{Category: &c, Days: r.Days, Cited: cited(r.Cite, src)})
	}
	return out
}

func penaltyEntries(p Penalty, src string) []PenaltyEntry {
	var out []PenaltyEntry
	for _, v := range p.Violations {
		for _, s := range p.Sanctions {
			pe := PenaltyEntry{Violation: v, Who: s.Who, FineMaxYuan: s.FineMaxYuan, Warning: s.Warning,
				WarningOrFine: s.WarningOrFine, Order: p.OrderZh, AfterDeadline: p.AfterDeadline, Cited: cited(p.Cite, src)}
			if s.FineMaxYuan != nil {
				fmin := s.FineMinYuan
				pe.FineMinYuan = &fmin
			}
			out = append(out, pe)
		}
	}
	return out
}
