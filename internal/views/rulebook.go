package views

import (
	"cctvgis/planner/rulebook"
)

// Cited is rulebook.Cited as the API and the command line show it.
type Cited struct {
	Article    string `json:"article"`
	Item       *int   `json:"item"`
	Citation   string `json:"citation"`
	CitationEn string `json:"citation_en"`
	Source     string `json:"source"`
}

// NewCited is the view of a rulebook.Cited.
func NewCited(v rulebook.Cited) Cited {
	return Cited{
		Article:    v.Article,
		Item:       v.Item,
		Citation:   v.Citation,
		CitationEn: v.CitationEn,
		Source:     v.Source,
	}
}

// PenaltyEntry is rulebook.PenaltyEntry as the API and the command line show it.
type PenaltyEntry struct {
	Violation             string `json:"violation"`
	Who                   string `json:"who"`
	FineMinYuan           *int   `json:"fine_min_yuan"`
	FineMaxYuan           *int   `json:"fine_max_yuan"`
	Warning               bool   `json:"warning"`
	WarningOrFine         bool   `json:"warning_or_fine"`
	Order                 string `json:"order"`
	AfterDeadline         bool   `json:"after_deadline"`
	OrSeriousConsequences bool   `json:"or_serious_consequences"`
	Confiscation          bool   `json:"confiscation"`
	Further               string `json:"further,omitempty"`
	Cited
	SupersededBy *Cited `json:"superseded_by,omitempty"`
}

// NewPenaltyEntry is the view of a rulebook.PenaltyEntry.
func NewPenaltyEntry(v rulebook.PenaltyEntry) PenaltyEntry {
	return PenaltyEntry{
		Violation:             v.Violation,
		Who:                   v.Who,
		FineMinYuan:           v.FineMinYuan,
		FineMaxYuan:           v.FineMaxYuan,
		Warning:               v.Warning,
		WarningOrFine:         v.WarningOrFine,
		Order:                 v.Order,
		AfterDeadline:         v.AfterDeadline,
		OrSeriousConsequences: v.OrSeriousConsequences,
		Confiscation:          v.Confiscation,
		Further:               v.Further,
		Cited:                 NewCited(v.Cited),
		SupersededBy:          opt(v.SupersededBy, NewCited),
	}
}

// Category is rulebook.Category as the API and the command line show it.
type Category struct {
	Term
	Kind   rulebook.CategoryKind `json:"kind"`
	Within string                `json:"within,omitempty"`
}

// NewCategory is the view of a rulebook.Category.
func NewCategory(v rulebook.Category) Category {
	return Category{
		Term:   NewTerm(v.Term),
		Kind:   v.Kind,
		Within: v.Within,
	}
}

// Term is rulebook.Term as the API and the command line show it.
type Term struct {
	ID string `json:"id"`
	Zh string `json:"zh"`
	En string `json:"en"`
}

// NewTerm is the view of a rulebook.Term.
func NewTerm(v rulebook.Term) Term {
	return Term{
		ID: v.ID,
		Zh: v.Zh,
		En: v.En,
	}
}

// EffectiveRules is rulebook.EffectiveRules as the API and the command line show it.
type EffectiveRules struct {
	Code                 string           `json:"code"`
	NameZh               string           `json:"name_zh"`
	NameEn               string           `json:"name_en"`
	DocumentNo           string           `json:"document_no"`
	EffectiveFrom        rulebook.Date    `json:"effective_from"`
	ExpiresOn            rulebook.Date    `json:"expires_on"`
	On                   rulebook.Date    `json:"on"`
	InForce              bool             `json:"in_force"`
	Baseline             *BaselineRef     `json:"baseline"`
	Warnings             []string         `json:"warnings"`
	MandatoryCategories  []CategoryEntry  `json:"mandatory_categories"`
	ProhibitedSpaces     []SpaceEntry     `json:"prohibited_spaces"`
	PrivacyCheck         *ProvisionEntry  `json:"privacy_check"`
	GovernmentOnlyZones  []CategoryEntry  `json:"government_only_zones"`
	GovernmentBuilt      []CategoryEntry  `json:"government_built"`
	OperatorBuilt        []CategoryEntry  `json:"operator_built"`
	Installation         []InstallEntry   `json:"installation"`
	Placement            *ProvisionEntry  `json:"placement"`
	AvoidDuplication     *ProvisionEntry  `json:"avoid_duplication"`
	Signage              *SignageEntry    `json:"signage"`
	Acceptance           *AcceptanceEntry `json:"acceptance"`
	Retention            []RetentionEntry `json:"retention"`
	DemolitionNoticeDays *int             `json:"demolition_notice_days"`
	DemolitionNotice     *DeadlineEntry   `json:"demolition_notice"`
	Filing               []FilingEntry    `json:"filing"`
	Networking           []NetworkEntry   `json:"networking"`
	ApprovalStages       []StageEntry     `json:"approval_stages"`
	Duties               []DutyEntry      `json:"duties"`
	Exemptions           []ExemptionEntry `json:"exemptions"`
	Penalties            []PenaltyEntry   `json:"penalties"`
	SupersededPenalties  []PenaltyEntry   `json:"superseded_penalties"`
	Notes                []string         `json:"notes"`
}

// NewEffectiveRules is the view of a rulebook.EffectiveRules.
func NewEffectiveRules(v rulebook.EffectiveRules) EffectiveRules {
	return EffectiveRules{
		Code:                 v.Code,
		NameZh:               v.NameZh,
		NameEn:               v.NameEn,
		DocumentNo:           v.DocumentNo,
		EffectiveFrom:        v.EffectiveFrom,
		ExpiresOn:            v.ExpiresOn,
		On:                   v.On,
		InForce:              v.InForce,
		Baseline:             opt(v.Baseline, NewBaselineRef),
		Warnings:             v.Warnings,
		MandatoryCategories:  each(v.MandatoryCategories, NewCategoryEntry),
		ProhibitedSpaces:     each(v.ProhibitedSpaces, NewSpaceEntry),
		PrivacyCheck:         opt(v.PrivacyCheck, NewProvisionEntry),
		GovernmentOnlyZones:  each(v.GovernmentOnlyZones, NewCategoryEntry),
		GovernmentBuilt:      each(v.GovernmentBuilt, NewCategoryEntry),
		OperatorBuilt:        each(v.OperatorBuilt, NewCategoryEntry),
		Installation:         each(v.Installation, NewInstallEntry),
		Placement:            opt(v.Placement, NewProvisionEntry),
		AvoidDuplication:     opt(v.AvoidDuplication, NewProvisionEntry),
		Signage:              opt(v.Signage, NewSignageEntry),
		Acceptance:           opt(v.Acceptance, NewAcceptanceEntry),
		Retention:            each(v.Retention, NewRetentionEntry),
		DemolitionNoticeDays: v.DemolitionNoticeDays,
		DemolitionNotice:     opt(v.DemolitionNotice, NewDeadlineEntry),
		Filing:               each(v.Filing, NewFilingEntry),
		Networking:           each(v.Networking, NewNetworkEntry),
		ApprovalStages:       each(v.ApprovalStages, NewStageEntry),
		Duties:               each(v.Duties, NewDutyEntry),
		Exemptions:           each(v.Exemptions, NewExemptionEntry),
		Penalties:            each(v.Penalties, NewPenaltyEntry),
		SupersededPenalties:  each(v.SupersededPenalties, NewPenaltyEntry),
		Notes:                v.Notes,
	}
}

// BaselineRef is rulebook.BaselineRef as the API and the command line show it.
type BaselineRef struct {
	Code          string        `json:"code"`
	DocumentNo    string        `json:"document_no"`
	EffectiveFrom rulebook.Date `json:"effective_from"`
}

// NewBaselineRef is the view of a rulebook.BaselineRef.
func NewBaselineRef(v rulebook.BaselineRef) BaselineRef {
	return BaselineRef{
		Code:          v.Code,
		DocumentNo:    v.DocumentNo,
		EffectiveFrom: v.EffectiveFrom,
	}
}

// CategoryEntry is rulebook.CategoryEntry as the API and the command line show it.
type CategoryEntry struct {
	Category string `json:"category"`
	Cited
}

// NewCategoryEntry is the view of a rulebook.CategoryEntry.
func NewCategoryEntry(v rulebook.CategoryEntry) CategoryEntry {
	return CategoryEntry{
		Category: v.Category,
		Cited:    NewCited(v.Cited),
	}
}

// SpaceEntry is rulebook.SpaceEntry as the API and the command line show it.
type SpaceEntry struct {
	Space string `json:"space"`
	Cited
}

// NewSpaceEntry is the view of a rulebook.SpaceEntry.
func NewSpaceEntry(v rulebook.SpaceEntry) SpaceEntry {
	return SpaceEntry{
		Space: v.Space,
		Cited: NewCited(v.Cited),
	}
}

// ProvisionEntry is rulebook.ProvisionEntry as the API and the command line show it.
type ProvisionEntry struct {
	Text      string `json:"text"`
	Violation string `json:"violation,omitempty"`
	Cited
}

// NewProvisionEntry is the view of a rulebook.ProvisionEntry.
func NewProvisionEntry(v rulebook.ProvisionEntry) ProvisionEntry {
	return ProvisionEntry{
		Text:      v.Text,
		Violation: v.Violation,
		Cited:     NewCited(v.Cited),
	}
}

// InstallEntry is rulebook.InstallEntry as the API and the command line show it.
type InstallEntry struct {
	Places     string   `json:"places"`
	Who        string   `json:"who"`
	Conditions []string `json:"conditions"`
	Violation  string   `json:"violation,omitempty"`
	Text       string   `json:"text"`
	Cited
}

// NewInstallEntry is the view of a rulebook.InstallEntry.
func NewInstallEntry(v rulebook.InstallEntry) InstallEntry {
	return InstallEntry{
		Places:     v.Places,
		Who:        v.Who,
		Conditions: v.Conditions,
		Violation:  v.Violation,
		Text:       v.Text,
		Cited:      NewCited(v.Cited),
	}
}

// SignageEntry is rulebook.SignageEntry as the API and the command line show it.
type SignageEntry struct {
	RequiredFor rulebook.Scope `json:"required_for"`
	Cited
}

// NewSignageEntry is the view of a rulebook.SignageEntry.
func NewSignageEntry(v rulebook.SignageEntry) SignageEntry {
	return SignageEntry{
		RequiredFor: v.RequiredFor,
		Cited:       NewCited(v.Cited),
	}
}

// AcceptanceEntry is rulebook.AcceptanceEntry as the API and the command line show it.
type AcceptanceEntry struct {
	BeforeUse bool   `json:"before_use"`
	Text      string `json:"text"`
	Cited
}

// NewAcceptanceEntry is the view of a rulebook.AcceptanceEntry.
func NewAcceptanceEntry(v rulebook.AcceptanceEntry) AcceptanceEntry {
	return AcceptanceEntry{
		BeforeUse: v.BeforeUse,
		Text:      v.Text,
		Cited:     NewCited(v.Cited),
	}
}

// RetentionEntry is rulebook.RetentionEntry as the API and the command line show it.
type RetentionEntry struct {
	Category    *string `json:"category"`
	General     bool    `json:"general"`
	Footage     string  `json:"footage,omitempty"`
	Days        int     `json:"days"`
	DeleteAfter bool    `json:"delete_after"`
	Cited
}

// NewRetentionEntry is the view of a rulebook.RetentionEntry.
func NewRetentionEntry(v rulebook.RetentionEntry) RetentionEntry {
	return RetentionEntry{
		Category:    v.Category,
		General:     v.General,
		Footage:     v.Footage,
		Days:        v.Days,
		DeleteAfter: v.DeleteAfter,
		Cited:       NewCited(v.Cited),
	}
}

// DeadlineEntry is rulebook.DeadlineEntry as the API and the command line show it.
type DeadlineEntry struct {
	Days        int  `json:"days"`
	WorkingDays bool `json:"working_days"`
	Cited
}

// NewDeadlineEntry is the view of a rulebook.DeadlineEntry.
func NewDeadlineEntry(v rulebook.DeadlineEntry) DeadlineEntry {
	return DeadlineEntry{
		Days:        v.Days,
		WorkingDays: v.WorkingDays,
		Cited:       NewCited(v.Cited),
	}
}

// FilingEntry is rulebook.FilingEntry as the API and the command line show it.
type FilingEntry struct {
	What     string        `json:"what"`
	Promptly bool          `json:"promptly"`
	DueOn    rulebook.Date `json:"due_on"`
	DeadlineEntry
}

// NewFilingEntry is the view of a rulebook.FilingEntry.
func NewFilingEntry(v rulebook.FilingEntry) FilingEntry {
	return FilingEntry{
		What:          v.What,
		Promptly:      v.Promptly,
		DueOn:         v.DueOn,
		DeadlineEntry: NewDeadlineEntry(v.DeadlineEntry),
	}
}

// NetworkEntry is rulebook.NetworkEntry as the API and the command line show it.
type NetworkEntry struct {
	AppliesTo rulebook.Scope `json:"applies_to"`
	Duty      string         `json:"duty"`
	Cited
}

// NewNetworkEntry is the view of a rulebook.NetworkEntry.
func NewNetworkEntry(v rulebook.NetworkEntry) NetworkEntry {
	return NetworkEntry{
		AppliesTo: v.AppliesTo,
		Duty:      v.Duty,
		Cited:     NewCited(v.Cited),
	}
}

// StageEntry is rulebook.StageEntry as the API and the command line show it.
type StageEntry struct {
	Stage string `json:"stage"`
	Body  string `json:"body"`
	Cited
}

// NewStageEntry is the view of a rulebook.StageEntry.
func NewStageEntry(v rulebook.StageEntry) StageEntry {
	return StageEntry{
		Stage: v.Stage,
		Body:  v.Body,
		Cited: NewCited(v.Cited),
	}
}

// DutyEntry is rulebook.DutyEntry as the API and the command line show it.
type DutyEntry struct {
	Duty      string `json:"duty"`
	Violation string `json:"violation"`
	Text      string `json:"text"`
	Cited
}

// NewDutyEntry is the view of a rulebook.DutyEntry.
func NewDutyEntry(v rulebook.DutyEntry) DutyEntry {
	return DutyEntry{
		Duty:      v.Duty,
		Violation: v.Violation,
		Text:      v.Text,
		Cited:     NewCited(v.Cited),
	}
}

// ExemptionEntry is rulebook.ExemptionEntry as the API and the command line show it.
type ExemptionEntry struct {
	Places     string   `json:"places"`
	ExemptFrom []string `json:"exempt_from"`
	Text       string   `json:"text"`
	Cited
}

// NewExemptionEntry is the view of a rulebook.ExemptionEntry.
func NewExemptionEntry(v rulebook.ExemptionEntry) ExemptionEntry {
	return ExemptionEntry{
		Places:     v.Places,
		ExemptFrom: v.ExemptFrom,
		Text:       v.Text,
		Cited:      NewCited(v.Cited),
	}
}
