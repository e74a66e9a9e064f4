package rules

import (
	"fmt"

	"cctvgis/planner/rulebook"

	"go.yaml.in/yaml/v3"
)

// The types below mirror the shape of the rulebook files, one per planner type, with the
// same field names, so that the domain carries no file format. Each converts to its
// planner type field by field; TestConversionIsComplete checks that no field is dropped.

// date is a YYYY-MM-DD day in a file.
type date struct{ rulebook.Date }

// UnmarshalYAML parses the day and says on which line a bad one stands.
func (d *date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{
			fmt.Sprintf("line %d: cannot unmarshal %s into a YYYY-MM-DD date", n.Line, n.ShortTag()),
		}}
	}
	v, err := rulebook.ParseDate(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	d.Date = v
	return nil
}

type term struct {
	ID string `yaml:"id"`
	Zh string `yaml:"zh"`
	En string `yaml:"en"`
}

func (t term) toPlanner() rulebook.Term { return rulebook.Term{ID: t.ID, Zh: t.Zh, En: t.En} }

type category struct {
	Term   term   `yaml:",inline"`
	Kind   string `yaml:"kind"`
	Within string `yaml:"within"`
}

func (c category) toPlanner() rulebook.Category {
	return rulebook.Category{Term: c.Term.toPlanner(), Kind: rulebook.CategoryKind(c.Kind), Within: c.Within}
}

// taxonomy is the file taxonomy.yaml.
type taxonomy struct {
	Categories []category `yaml:"categories"`
	Spaces     []term     `yaml:"spaces"`
	Violations []term     `yaml:"violations"`
	Duties     []term     `yaml:"duties"`
}

func (t taxonomy) toPlanner() *rulebook.Taxonomy {
	return &rulebook.Taxonomy{
		Categories: convertAll(t.Categories, category.toPlanner),
		Spaces:     convertAll(t.Spaces, term.toPlanner),
		Violations: convertAll(t.Violations, term.toPlanner),
		Duties:     convertAll(t.Duties, term.toPlanner),
	}
}

type citation struct {
	Article   int `yaml:"art"`
	Paragraph int `yaml:"par"`
	Item      int `yaml:"item"`
}

func (c citation) toPlanner() rulebook.Citation {
	return rulebook.Citation{Article: c.Article, Paragraph: c.Paragraph, Item: c.Item}
}

// rulebook is one jurisdiction's file, such as nanchang.yaml.
type bookFile struct {
	Code           string   `yaml:"code"`
	NameZh         string   `yaml:"name_zh"`
	NameEn         string   `yaml:"name_en"`
	JurisdictionZh string   `yaml:"jurisdiction_zh"`
	JurisdictionEn string   `yaml:"jurisdiction_en"`
	Level          string   `yaml:"level"`
	Seed           string   `yaml:"seed"`
	Validity       validity `yaml:"validity"`

	Mandatory        []siteRule       `yaml:"mandatory_categories"`
	Prohibited       []spaceRule      `yaml:"prohibited_spaces"`
	PrivacyCheck     *provisionRule   `yaml:"privacy_check"`
	GovernmentOnly   []siteRule       `yaml:"government_only_zones"`
	GovernmentBuilt  []siteRule       `yaml:"government_built"`
	OperatorBuilt    []siteRule       `yaml:"operator_built"`
	Installation     []installRule    `yaml:"installation"`
	Placement        *provisionRule   `yaml:"placement"`
	AvoidDuplication *provisionRule   `yaml:"avoid_duplication"`
	Signage          *signageRule     `yaml:"signage"`
	Acceptance       *acceptanceRule  `yaml:"acceptance"`
	Retention        []retentionRule  `yaml:"retention"`
	Demolition       *deadlineRule    `yaml:"demolition_notice"`
	Filing           []filingRule     `yaml:"filing"`
	Networking       []networkingRule `yaml:"networking"`
	ApprovalStages   []approvalStage  `yaml:"approval_stages"`
	Duties           []dutyRule       `yaml:"duties"`
	Exemptions       []exemptionRule  `yaml:"exemptions"`
	Penalties        []penalty        `yaml:"penalties"`
}

func (r bookFile) toPlanner() *rulebook.Rulebook {
	return &rulebook.Rulebook{
		Code:           r.Code,
		NameZh:         r.NameZh,
		NameEn:         r.NameEn,
		JurisdictionZh: r.JurisdictionZh,
		JurisdictionEn: r.JurisdictionEn,
		Level:          r.Level,
		Seed:           r.Seed,
		Validity:       r.Validity.toPlanner(),

		Mandatory:        convertAll(r.Mandatory, siteRule.toPlanner),
		Prohibited:       convertAll(r.Prohibited, spaceRule.toPlanner),
		PrivacyCheck:     convertPtr(r.PrivacyCheck, provisionRule.toPlanner),
		GovernmentOnly:   convertAll(r.GovernmentOnly, siteRule.toPlanner),
		GovernmentBuilt:  convertAll(r.GovernmentBuilt, siteRule.toPlanner),
		OperatorBuilt:    convertAll(r.OperatorBuilt, siteRule.toPlanner),
		Installation:     convertAll(r.Installation, installRule.toPlanner),
		Placement:        convertPtr(r.Placement, provisionRule.toPlanner),
		AvoidDuplication: convertPtr(r.AvoidDuplication, provisionRule.toPlanner),
		Signage:          convertPtr(r.Signage, signageRule.toPlanner),
		Acceptance:       convertPtr(r.Acceptance, acceptanceRule.toPlanner),
		Retention:        convertAll(r.Retention, retentionRule.toPlanner),
		Demolition:       convertPtr(r.Demolition, deadlineRule.toPlanner),
		Filing:           convertAll(r.Filing, filingRule.toPlanner),
		Networking:       convertAll(r.Networking, networkingRule.toPlanner),
		ApprovalStages:   convertAll(r.ApprovalStages, approvalStage.toPlanner),
		Duties:           convertAll(r.Duties, dutyRule.toPlanner),
		Exemptions:       convertAll(r.Exemptions, exemptionRule.toPlanner),
		Penalties:        convertAll(r.Penalties, penalty.toPlanner),
	}
}

type validity struct {
	DocumentNo    string      `yaml:"document_no"`
	IssuedBy      string      `yaml:"issued_by"`
	AdoptedOn     date        `yaml:"adopted_on"`
	EffectiveFrom date        `yaml:"effective_from"`
	EffectiveCite citation    `yaml:"effective_cite"`
	ExpiresOn     date        `yaml:"expires_on"`
	Extensions    []extension `yaml:"extensions"`
	Notes         []string    `yaml:"notes"`
}

func (v validity) toPlanner() rulebook.Validity {
	return rulebook.Validity{
		DocumentNo:    v.DocumentNo,
		IssuedBy:      v.IssuedBy,
		AdoptedOn:     v.AdoptedOn.Date,
		EffectiveFrom: v.EffectiveFrom.Date,
		EffectiveCite: v.EffectiveCite.toPlanner(),
		ExpiresOn:     v.ExpiresOn.Date,
		Extensions:    convertAll(v.Extensions, extension.toPlanner),
		Notes:         v.Notes,
	}
}

type extension struct {
	DocumentNo string `yaml:"document_no"`
	ExpiresOn  date   `yaml:"expires_on"`
	NoteZh     string `yaml:"note_zh"`
}

func (e extension) toPlanner() rulebook.Extension {
	return rulebook.Extension{DocumentNo: e.DocumentNo, ExpiresOn: e.ExpiresOn.Date, NoteZh: e.NoteZh}
}

type siteRule struct {
	Cite       citation `yaml:"cite"`
	Text       string   `yaml:"text"`
	Categories []string `yaml:"categories"`
}

func (r siteRule) toPlanner() rulebook.SiteRule {
	return rulebook.SiteRule{Cite: r.Cite.toPlanner(), Text: r.Text, Categories: r.Categories}
}

type spaceRule struct {
	Cite   citation `yaml:"cite"`
	Text   string   `yaml:"text"`
	Spaces []string `yaml:"spaces"`
}

func (r spaceRule) toPlanner() rulebook.SpaceRule {
	return rulebook.SpaceRule{Cite: r.Cite.toPlanner(), Text: r.Text, Spaces: r.Spaces}
}

type provisionRule struct {
	Cite      citation `yaml:"cite"`
	Text      string   `yaml:"text"`
	Violation string   `yaml:"violation"`
}

func (r provisionRule) toPlanner() rulebook.ProvisionRule {
	return rulebook.ProvisionRule{Cite: r.Cite.toPlanner(), Text: r.Text, Violation: r.Violation}
}

type installRule struct {
	Cite       citation `yaml:"cite"`
	Text       string   `yaml:"text"`
	Places     string   `yaml:"places"`
	Who        string   `yaml:"who"`
	Conditions []string `yaml:"conditions"`
	Violation  string   `yaml:"violation"`
}

func (r installRule) toPlanner() rulebook.InstallRule {
	return rulebook.InstallRule{
		Cite:       r.Cite.toPlanner(),
		Text:       r.Text,
		Places:     r.Places,
		Who:        r.Who,
		Conditions: r.Conditions,
		Violation:  r.Violation,
	}
}

type acceptanceRule struct {
	Cite      citation `yaml:"cite"`
	Text      string   `yaml:"text"`
	BeforeUse bool     `yaml:"before_use"`
}

func (r acceptanceRule) toPlanner() rulebook.AcceptanceRule {
	return rulebook.AcceptanceRule{Cite: r.Cite.toPlanner(), Text: r.Text, BeforeUse: r.BeforeUse}
}

type exemptionRule struct {
	Cite       citation   `yaml:"cite"`
	Text       string     `yaml:"text"`
	Places     string     `yaml:"places"`
	ExemptFrom []citation `yaml:"exempt_from"`
}

func (r exemptionRule) toPlanner() rulebook.ExemptionRule {
	return rulebook.ExemptionRule{
		Cite:       r.Cite.toPlanner(),
		Text:       r.Text,
		Places:     r.Places,
		ExemptFrom: convertAll(r.ExemptFrom, citation.toPlanner),
	}
}

type signageRule struct {
	RequiredFor string   `yaml:"required_for"`
	Cite        citation `yaml:"cite"`
}

func (r signageRule) toPlanner() rulebook.SignageRule {
	return rulebook.SignageRule{RequiredFor: rulebook.Scope(r.RequiredFor), Cite: r.Cite.toPlanner()}
}

type retentionRule struct {
	Days        int      `yaml:"days"`
	Categories  []string `yaml:"categories"`
	FootageZh   string   `yaml:"footage_zh"`
	FootageEn   string   `yaml:"footage_en"`
	DeleteAfter bool     `yaml:"delete_after"`
	Cite        citation `yaml:"cite"`
}

func (r retentionRule) toPlanner() rulebook.RetentionRule {
	return rulebook.RetentionRule{
		Days:        r.Days,
		Categories:  r.Categories,
		FootageZh:   r.FootageZh,
		FootageEn:   r.FootageEn,
		DeleteAfter: r.DeleteAfter,
		Cite:        r.Cite.toPlanner(),
	}
}

type deadlineRule struct {
	Days        int      `yaml:"days"`
	WorkingDays bool     `yaml:"working_days"`
	Cite        citation `yaml:"cite"`
}

func (r deadlineRule) toPlanner() rulebook.DeadlineRule {
	return rulebook.DeadlineRule{Days: r.Days, WorkingDays: r.WorkingDays, Cite: r.Cite.toPlanner()}
}

type filingRule struct {
	What         string       `yaml:"what"`
	Promptly     bool         `yaml:"promptly"`
	DeadlineRule deadlineRule `yaml:",inline"`
}

func (r filingRule) toPlanner() rulebook.FilingRule {
	return rulebook.FilingRule{What: r.What, Promptly: r.Promptly, DeadlineRule: r.DeadlineRule.toPlanner()}
}

type networkingRule struct {
	AppliesTo string   `yaml:"applies_to"`
	Duty      string   `yaml:"duty"`
	Cite      citation `yaml:"cite"`
}

func (r networkingRule) toPlanner() rulebook.NetworkingRule {
	return rulebook.NetworkingRule{AppliesTo: rulebook.Scope(r.AppliesTo), Duty: r.Duty, Cite: r.Cite.toPlanner()}
}

type approvalStage struct {
	Stage  string   `yaml:"stage"`
	BodyZh string   `yaml:"body_zh"`
	Cite   citation `yaml:"cite"`
}

func (s approvalStage) toPlanner() rulebook.ApprovalStage {
	return rulebook.ApprovalStage{Stage: s.Stage, BodyZh: s.BodyZh, Cite: s.Cite.toPlanner()}
}

type dutyRule struct {
	Cite      citation `yaml:"cite"`
	Text      string   `yaml:"text"`
	Duties    []string `yaml:"duties"`
	Violation string   `yaml:"violation"`
}

func (r dutyRule) toPlanner() rulebook.DutyRule {
	return rulebook.DutyRule{Cite: r.Cite.toPlanner(), Text: r.Text, Duties: r.Duties, Violation: r.Violation}
}

type penalty struct {
	Cite                  citation   `yaml:"cite"`
	Violations            []string   `yaml:"violations"`
	OrderZh               string     `yaml:"order_zh"`
	AfterDeadline         bool       `yaml:"after_deadline"`
	OrSeriousConsequences bool       `yaml:"or_serious_consequences"`
	Confiscation          bool       `yaml:"confiscation"`
	Sanctions             []sanction `yaml:"sanctions"`
	FurtherZh             string     `yaml:"further_zh"`
}

func (p penalty) toPlanner() rulebook.Penalty {
	return rulebook.Penalty{
		Cite:                  p.Cite.toPlanner(),
		Violations:            p.Violations,
		OrderZh:               p.OrderZh,
		AfterDeadline:         p.AfterDeadline,
		OrSeriousConsequences: p.OrSeriousConsequences,
		Confiscation:          p.Confiscation,
		Sanctions:             convertAll(p.Sanctions, sanction.toPlanner),
		FurtherZh:             p.FurtherZh,
	}
}

type sanction struct {
	Who           string `yaml:"who"`
	FineMinYuan   int    `yaml:"fine_min_yuan"`
	FineMaxYuan   *int   `yaml:"fine_max_yuan"`
	Warning       bool   `yaml:"warning"`
	WarningOrFine bool   `yaml:"warning_or_fine"`
}

func (s sanction) toPlanner() rulebook.Sanction {
	return rulebook.Sanction{
		Who:           s.Who,
		FineMinYuan:   s.FineMinYuan,
		FineMaxYuan:   s.FineMaxYuan,
		Warning:       s.Warning,
		WarningOrFine: s.WarningOrFine,
	}
}

// convertAll converts each element, keeping a nil slice nil.
func convertAll[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// convertPtr converts the value in is pointing at, keeping nil nil.
func convertPtr[T, U any](in *T, f func(T) U) *U {
	if in == nil {
		return nil
	}
	u := f(*in)
	return &u
}
