package rulebook

// Rulebook is one jurisdiction's rules for public security video systems, as its legal text
// states them. Every rule carries the citation that states it.
type Rulebook struct {
	// Code is the stable short name: nanchang, liaoning, …, or national.
	Code           string
	NameZh         string
	NameEn         string
	JurisdictionZh string
	JurisdictionEn string
	// Level is national, provincial or municipal.
	Level string
	// Seed names the source text in shared/seeds, when the rulebook comes from one.
	Seed     string
	Validity Validity

	Mandatory  []SiteRule
	Prohibited []SpaceRule
	// PrivacyCheck is the duty of whoever manages a prohibited space to check it for
	// devices.
	PrivacyCheck    *ProvisionRule
	GovernmentOnly  []SiteRule
	GovernmentBuilt []SiteRule
	// OperatorBuilt are places whose managing units build the systems.
	OperatorBuilt []SiteRule
	// Installation says who may install where, and on what conditions.
	Installation []InstallRule
	// Placement is the duty to choose a device's position, angle and range.
	Placement *ProvisionRule
	// AvoidDuplication is the duty to plan and build using the existing systems and avoid
	// duplicate construction (充分利用现有资源，避免重复建设); plans cite it when a proposed
	// camera mostly watches what existing cameras already watch.
	AvoidDuplication *ProvisionRule
	Signage          *SignageRule
	Acceptance       *AcceptanceRule
	Retention        []RetentionRule
	Demolition       *DeadlineRule
	Filing           []FilingRule
	Networking       []NetworkingRule
	ApprovalStages   []ApprovalStage
	Duties           []DutyRule
	// Exemptions free some installers from provisions of the same text.
	Exemptions []ExemptionRule
	Penalties  []Penalty
}

// Validity is when a rulebook's text is in force, and by which document.
type Validity struct {
	DocumentNo    string
	IssuedBy      string
	AdoptedOn     Date
	EffectiveFrom Date
	EffectiveCite Citation
	// ExpiresOn is the last day in force that the text itself states; zero when it has none.
	ExpiresOn  Date
	Extensions []Extension
	Notes      []string
}

// Extension is a later document that kept a rulebook in force to a new last day.
type Extension struct {
	DocumentNo string
	ExpiresOn  Date
	NoteZh     string
}

// LastDay is the last day in force after all extensions, or the zero Date when the text
// has no term.
func (v Validity) LastDay() Date {
	last := v.ExpiresOn
	for _, e := range v.Extensions {
		if e.ExpiresOn.After(last) {
			last = e.ExpiresOn
		}
	}
	return last
}

// InForce reports whether the text is in force on the given day.
func (v Validity) InForce(on Date) bool {
	if on.Before(v.EffectiveFrom) {
		return false
	}
	last := v.LastDay()
	return last.IsZero() || !on.After(last)
}

// SiteRule is one enumerated provision naming categories of places: an item of a
// mandatory-site list, or a zone where only government may build.
type SiteRule struct {
	Cite       Citation
	Text       string
	Categories []string
}

// SpaceRule is a provision that forbids image capture devices in kinds of private space.
type SpaceRule struct {
	Cite   Citation
	Text   string
	Spaces []string
}

// ProvisionRule is a duty the text states in words that the schema keeps as a quotation,
// with the violation its breach is, when the text punishes it.
type ProvisionRule struct {
	Cite Citation
	Text string
	// Violation is a taxonomy violation id, or "" when the text attaches none.
	Violation string
}

// The places an InstallRule governs.
const (
	// PlacesListed are the public places the text lists as built by government or by
	// their managing units.
	PlacesListed = "listed_places"
	// PlacesOtherPublic are public places the text does not list.
	PlacesOtherPublic = "other_public_places"
	// PlacesNearClassified are places around military zones and classified units.
	PlacesNearClassified = "near_classified_units"
	// PlacesNonPublic are places that are not public.
	PlacesNonPublic = "non_public_places"
)

// Who may install, in an InstallRule.
const (
	// InstallerDesignated is the government departments and managing units the text
	// names for listed places.
	InstallerDesignated = "designated"
	// InstallerSecurityDuty is whoever has a duty of security protection for the place.
	InstallerSecurityDuty = "security_duty_holders"
	// InstallerAny is anyone who installs.
	InstallerAny = "any"
)

// The conditions on installing, in an InstallRule.
const (
	// ConditionNecessary: only as public security requires (为维护公共安全所必需).
	ConditionNecessary = "necessary"
	// ConditionPriorConsent: with the prior consent of the classified unit nearby.
	ConditionPriorConsent = "prior_consent"
	// ConditionNoHarm: without harming public security or others' lawful rights.
	ConditionNoHarm = "no_harm"
)

// InstallRule says who may install image capture devices in a kind of place, and on what
// conditions; anyone else who installs there commits Violation.
type InstallRule struct {
	Cite Citation
	Text string
	// Places is listed_places, other_public_places, near_classified_units or
	// non_public_places.
	Places string
	// Who is designated, security_duty_holders or any.
	Who        string
	Conditions []string
	// Violation is a taxonomy violation id, or "" when the text attaches none.
	Violation string
}

// AcceptanceRule is the duty to have a system checked and accepted (验收).
type AcceptanceRule struct {
	Cite Citation
	Text string
	// BeforeUse means the system may go into use only once accepted (验收合格后方可投入使用).
	BeforeUse bool
}

// ExemptionRule frees the installations in some places from provisions of the same text.
type ExemptionRule struct {
	Cite Citation
	Text string
	// Places is whose installations are exempt, as in InstallRule.
	Places string
	// ExemptFrom are the provisions that do not bind them.
	ExemptFrom []Citation
}

// Scope says to whose systems a duty applies.
type Scope string

// The scopes of a duty.
const (
	ScopeAll                   Scope = "all"
	ScopeGovernmentInvested    Scope = "government_invested"
	ScopeNonGovernment         Scope = "non_government"
	ScopeGovernmentDepartments Scope = "government_departments"
	ScopeMandatorySites        Scope = "mandatory_sites"
)

// SignageRule requires a conspicuous notice sign (明显标识) on the systems in scope.
type SignageRule struct {
	RequiredFor Scope
	Cite        Citation
}

// RetentionRule is a minimum number of days footage is kept: the general minimum when it
// names no categories and no footage, else for the categories or kind of footage named.
type RetentionRule struct {
	Days       int
	Categories []string
	FootageZh  string
	FootageEn  string
	// DeleteAfter means footage that has served its purpose must be deleted once the
	// minimum has passed.
	DeleteAfter bool
	Cite        Citation
}

// General reports whether the rule is the general minimum for all footage.
func (r RetentionRule) General() bool { return len(r.Categories) == 0 && r.FootageZh == "" }

// DeadlineRule is a number of days, calendar or working, before or after an event.
type DeadlineRule struct {
	Days        int
	WorkingDays bool
	Cite        Citation
}

// The filing (备案) events that start a deadline.
const (
	FilingAfterUse        = "after_use"
	FilingChange          = "change"
	FilingExistingSystems = "existing_systems"
)

// FilingRule is a deadline to file (备案) with the police after an event.
type FilingRule struct {
	// What is the event: after_use, change or existing_systems.
	What string
	// Promptly means the text sets no number of days, only "promptly" (及时); Days is 0.
	Promptly bool
	DeadlineRule
}

// NetworkingRule is a duty to connect systems to the sharing platform, or to prepare for it.
type NetworkingRule struct {
	AppliesTo Scope
	// Duty is connect, reserve_interface, integrate or police_access.
	Duty string
	Cite Citation
}

// The approval stages a construction plan passes, in order.
const (
	StageDraft        = "draft"
	StageExpertReview = "expert_review"
	StageApprove      = "approve"
)

// ApprovalStage is one step a construction plan passes before it is approved.
type ApprovalStage struct {
	Stage  string
	BodyZh string
	Cite   Citation
}

// The duties an operator has toward a running system, as the taxonomy's duties list names
// them. Field inspections check these; their breach is a violation with its penalties.
const (
	// DutyKeepRunning is the duty to maintain the system so that it runs normally.
	DutyKeepRunning = "keep_running"
	// DutyNoObstruction forbids obstructing a device or what it captures.
	DutyNoObstruction = "no_obstruction"
	// DutyNoRedirection forbids turning a device or changing where and how far it looks.
	DutyNoRedirection = "no_redirection"
)

// DutyRule is a provision that imposes a duty on a system's operator or forbids an act on a
// system: keep it running, do not obstruct it, do not turn it.
type DutyRule struct {
	Cite Citation
	Text string
	// Duties are ids of the taxonomy's duties list.
	Duties []string
	// Violation is the taxonomy violation that breaching the duty is; its penalties apply.
	Violation string
}

// Penalty is what a provision imposes for violations: orders, warnings and fines by who
// is punished.
type Penalty struct {
	Cite       Citation
	Violations []string
	OrderZh    string
	// AfterDeadline means the sanctions apply only when an order to correct within a time
	// limit is not obeyed (逾期不改正).
	AfterDeadline bool
	// OrSeriousConsequences means the sanctions also apply, without an order first, when
	// the act has serious consequences (拒不改正或者造成严重后果的). It needs AfterDeadline.
	OrSeriousConsequences bool
	// Confiscation means the devices and facilities are confiscated (没收相关设备设施), on
	// the same terms as the fines.
	Confiscation bool
	Sanctions    []Sanction
	// FurtherZh is what else the provision imposes that is neither order nor fine, such
	// as a referral to other authorities.
	FurtherZh string
}

// Sanction is the warning and fine range for one kind of party.
type Sanction struct {
	// Who is unit, individual, responsible_person, operator or any.
	Who string
	// FineMinYuan is the least fine; zero for "no more than" ranges (以下).
	FineMinYuan int
	// FineMaxYuan is the greatest fine; nil when the provision sets no fine.
	FineMaxYuan *int
	Warning     bool
	// WarningOrFine means the warning and the fine are alternatives (警告或者罚款).
	WarningOrFine bool
}
