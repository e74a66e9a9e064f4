package rulebook

import (
	"fmt"
	"regexp"
	"slices"
)

var codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Validate checks the rulebook against the taxonomy: every rule cites an article, every id
// is known, nothing is listed twice, dates and numbers are possible. The error is a
// *FieldError naming the entry and the field.
func (r *Rulebook) Validate(t *Taxonomy) error {
	v := validator{t: t}
	v.header(r)
	v.siteRules("mandatory_categories", r.Mandatory)
	v.siteRules("government_only_zones", r.GovernmentOnly)
	v.siteRules("government_built", r.GovernmentBuilt)
	v.spaceRules(r.Prohibited)
	v.provision("privacy_check", r.PrivacyCheck)
	v.siteRules("operator_built", r.OperatorBuilt)
	v.installation(r.Installation)
	v.provision("placement", r.Placement)
	v.provision("avoid_duplication", r.AvoidDuplication)
	if r.Signage != nil {
		v.cite("signage", r.Signage.Cite)
		v.oneOf("signage", "required_for", string(r.Signage.RequiredFor), string(ScopeAll), string(ScopeGovernmentInvested))
	}
	if a := r.Acceptance; a != nil {
		v.cite("acceptance", a.Cite)
		v.text("acceptance", a.Text)
	}
	v.retention(r.Retention)
	if r.Demolition != nil {
		v.deadline("demolition_notice", *r.Demolition)
	}
	v.filing(r.Filing)
	v.networking(r.Networking)
	v.stages(r.ApprovalStages)
	v.duties(r.Duties)
	v.exemptions(r.Exemptions)
	v.penalties(r.Penalties)
	return v.err
}

// validator keeps the first error; later checks are no-ops once one has failed.
type validator struct {
	t   *Taxonomy
	err error
}

func (v *validator) fail(entry, field string, err error) {
	if v.err == nil {
		v.err = &FieldError{Entry: entry, Field: field, Err: err}
	}
}

func entryName(list string, i int, c Citation) string {
	if c.IsZero() {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d] (%s)", list, i, c)
}

func (v *validator) header(r *Rulebook) {
	switch {
	case !codePattern.MatchString(r.Code):
		v.fail("", "code", fmt.Errorf("%w: %q must be lowercase letters, digits and _", ErrInvalid, r.Code))
	case r.NameZh == "":
		v.fail("", "name_zh", ErrMissing)
	case r.NameEn == "":
		v.fail("", "name_en", ErrMissing)
	}
	v.oneOf("", "level", r.Level, "national", "provincial", "municipal")
	val := r.Validity
	switch {
	case val.DocumentNo == "":
		v.fail("validity", "document_no", ErrMissing)
	case val.EffectiveFrom.IsZero():
		v.fail("validity", "effective_from", ErrMissing)
	case !val.AdoptedOn.IsZero() && val.AdoptedOn.After(val.EffectiveFrom):
		v.fail("validity", "adopted_on", fmt.Errorf("%w: adopted %s after taking effect %s", ErrInvalid, val.AdoptedOn, val.EffectiveFrom))
	case !val.ExpiresOn.IsZero() && val.ExpiresOn.Before(val.EffectiveFrom):
		v.fail("validity", "expires_on", fmt.Errorf("%w: expires %s before taking effect %s", ErrInvalid, val.ExpiresOn, val.EffectiveFrom))
	}
	last := val.ExpiresOn
	for i, e := range val.Extensions {
		entry := fmt.Sprintf("validity.extensions[%d]", i)
		switch {
		case last.IsZero():
			v.fail(entry, "expires_on", fmt.Errorf("%w: an extension needs a term to extend (validity.expires_on)", ErrInvalid))
		case e.DocumentNo == "":
			v.fail(entry, "document_no", ErrMissing)
		case !e.ExpiresOn.After(last):
			v.fail(entry, "expires_on", fmt.Errorf("%w: %s does not extend %s", ErrInvalid, e.ExpiresOn, last))
		}
		last = e.ExpiresOn
	}
}

func (v *validator) cite(entry string, c Citation) {
	switch {
	case c.Article <= 0:
		v.fail(entry, "cite", fmt.Errorf("%w: every rule cites its article (cite.art)", ErrMissing))
	case c.Paragraph < 0 || c.Item < 0:
		v.fail(entry, "cite", fmt.Errorf("%w: paragraph and item are positive", ErrInvalid))
	}
}

func (v *validator) text(entry, text string) {
	if text == "" {
		v.fail(entry, "text", ErrMissing)
	}
}

// violation checks an optional violation id.
func (v *validator) violation(entry, id string) {
	if id != "" && !v.isViolation(id) {
		v.fail(entry, "violation", fmt.Errorf("%w: %q", ErrUnknown, id))
	}
}

func (v *validator) provision(entry string, p *ProvisionRule) {
	if p == nil {
		return
	}
	v.cite(entry, p.Cite)
	v.text(entry, p.Text)
	v.violation(entry, p.Violation)
}

var installPlaces = []string{PlacesListed, PlacesOtherPublic, PlacesNearClassified, PlacesNonPublic}

func (v *validator) installation(rules []InstallRule) {
	seen := map[string]bool{}
	for i, r := range rules {
		entry := entryName("installation", i, r.Cite)
		v.cite(entry, r.Cite)
		v.text(entry, r.Text)
		v.oneOf(entry, "places", r.Places, installPlaces...)
		v.unique(seen, entry, "places", fmt.Sprintf("places %q have a second rule", r.Places))
		v.oneOf(entry, "who", r.Who, InstallerDesignated, InstallerSecurityDuty, InstallerAny)
		v.ids(entry, "conditions", r.Conditions, func(c string) bool {
			return slices.Contains([]string{ConditionNecessary, ConditionPriorConsent, ConditionNoHarm}, c)
		})
		v.violation(entry, r.Violation)
	}
}

func (v *validator) exemptions(rules []ExemptionRule) {
	for i, r := range rules {
		entry := entryName("exemptions", i, r.Cite)
		v.cite(entry, r.Cite)
		v.text(entry, r.Text)
		v.oneOf(entry, "places", r.Places, installPlaces...)
		if len(r.ExemptFrom) == 0 {
			v.fail(entry, "exempt_from", ErrMissing)
		}
		for j, c := range r.ExemptFrom {
			v.cite(fmt.Sprintf("%s.exempt_from[%d]", entry, j), c)
		}
	}
}

func (v *validator) oneOf(entry, field, value string, allowed ...string) {
	if !slices.Contains(allowed, value) {
		v.fail(entry, field, fmt.Errorf("%w: %q is not one of %v", ErrInvalid, value, allowed))
	}
}

// ids checks a list of vocabulary ids: not empty, all known, none twice.
func (v *validator) ids(entry, field string, ids []string, known func(string) bool) {
	if len(ids) == 0 {
		v.fail(entry, field, ErrMissing)
	}
	for i, id := range ids {
		if !known(id) {
			v.fail(entry, field, fmt.Errorf("%w: %q", ErrUnknown, id))
		}
		if slices.Contains(ids[:i], id) {
			v.fail(entry, field, fmt.Errorf("%w: %q listed twice", ErrDuplicate, id))
		}
	}
}

func (v *validator) isCategory(id string) bool { _, ok := v.t.Category(id); return ok }

func (v *validator) isSpace(id string) bool { _, ok := v.t.Space(id); return ok }

func (v *validator) isViolation(id string) bool { _, ok := v.t.Violation(id); return ok }

func (v *validator) isDuty(id string) bool { _, ok := v.t.Duty(id); return ok }

// unique fails when the key of an entry was already seen in its list.
func (v *validator) unique(seen map[string]bool, entry, field, key string) {
	if seen[key] {
		v.fail(entry, field, fmt.Errorf("%w: %s", ErrDuplicate, key))
	}
	seen[key] = true
}

func (v *validator) siteRules(list string, rules []SiteRule) {
	seen := map[string]bool{}
	for i, r := range rules {
		entry := entryName(list, i, r.Cite)
		v.cite(entry, r.Cite)
		v.unique(seen, entry, "cite", r.Cite.String()+" is cited twice")
		v.ids(entry, "categories", r.Categories, v.isCategory)
	}
}

func (v *validator) spaceRules(rules []SpaceRule) {
	seen := map[string]bool{}
	for i, r := range rules {
		entry := entryName("prohibited_spaces", i, r.Cite)
		v.cite(entry, r.Cite)
		v.ids(entry, "spaces", r.Spaces, v.isSpace)
		for _, s := range r.Spaces {
			v.unique(seen, entry, "spaces", fmt.Sprintf("space %q is prohibited twice", s))
		}
	}
}

func (v *validator) retention(rules []RetentionRule) {
	seen := map[string]bool{}
	for i, r := range rules {
		entry := entryName("retention", i, r.Cite)
		v.cite(entry, r.Cite)
		if r.Days <= 0 {
			v.fail(entry, "days", fmt.Errorf("%w: %d days", ErrInvalid, r.Days))
		}
		switch {
		case r.General():
			v.unique(seen, entry, "days", "a second general retention minimum")
		case len(r.Categories) > 0:
			v.ids(entry, "categories", r.Categories, v.isCategory)
			for _, c := range r.Categories {
				v.unique(seen, entry, "categories", fmt.Sprintf("category %q has a second retention minimum", c))
			}
		default:
			v.unique(seen, entry, "footage_zh", fmt.Sprintf("footage %q has a second retention minimum", r.FootageZh))
		}
	}
}

func (v *validator) deadline(entry string, d DeadlineRule) {
	v.cite(entry, d.Cite)
	if d.Days <= 0 {
		v.fail(entry, "days", fmt.Errorf("%w: %d days", ErrInvalid, d.Days))
	}
}

func (v *validator) filing(rules []FilingRule) {
	seen := map[string]bool{}
	for i, r := range rules {
		entry := entryName("filing", i, r.Cite)
		if r.Promptly {
			v.cite(entry, r.Cite)
			if r.Days != 0 {
				v.fail(entry, "days", fmt.Errorf("%w: a prompt filing (promptly: true) has no number of days", ErrInvalid))
			}
		} else {
			v.deadline(entry, r.DeadlineRule)
		}
		v.oneOf(entry, "what", r.What, FilingAfterUse, FilingChange, FilingExistingSystems)
		v.unique(seen, entry, "what", fmt.Sprintf("filing %q has a second deadline", r.What))
	}
}

func (v *validator) networking(rules []NetworkingRule) {
	seen := map[string]bool{}
	for i, r := range rules {
		entry := entryName("networking", i, r.Cite)
		v.cite(entry, r.Cite)
		v.oneOf(entry, "applies_to", string(r.AppliesTo), string(ScopeAll), string(ScopeGovernmentInvested),
			string(ScopeNonGovernment), string(ScopeGovernmentDepartments), string(ScopeMandatorySites))
		v.oneOf(entry, "duty", r.Duty, "connect", "reserve_interface", "integrate", "police_access")
		v.unique(seen, entry, "duty", fmt.Sprintf("%s/%s given twice", r.AppliesTo, r.Duty))
	}
}

func (v *validator) stages(stages []ApprovalStage) {
	order := []string{StageDraft, StageExpertReview, StageApprove}
	prev := -1
	for i, s := range stages {
		entry := entryName("approval_stages", i, s.Cite)
		v.cite(entry, s.Cite)
		if s.BodyZh == "" {
			v.fail(entry, "body_zh", ErrMissing)
		}
		at := slices.Index(order, s.Stage)
		switch {
		case at < 0:
			v.fail(entry, "stage", fmt.Errorf("%w: %q is not one of %v", ErrInvalid, s.Stage, order))
		case at <= prev:
			v.fail(entry, "stage", fmt.Errorf("%w: %q is out of order or repeated (order is %v)", ErrInvalid, s.Stage, order))
		}
		prev = at
	}
}

func (v *validator) duties(rules []DutyRule) {
	seen := map[string]bool{}
	for i, r := range rules {
		entry := entryName("duties", i, r.Cite)
		v.cite(entry, r.Cite)
		if r.Text == "" {
			v.fail(entry, "text", ErrMissing)
		}
		v.ids(entry, "duties", r.Duties, v.isDuty)
		v.ids(entry, "violation", []string{r.Violation}, v.isViolation)
		for _, d := range r.Duties {
			v.unique(seen, entry, "duties", fmt.Sprintf("%q given twice", d))
		}
	}
}

func (v *validator) penalties(ps []Penalty) {
	seen := map[string]bool{}
	for i, p := range ps {
		entry := entryName("penalties", i, p.Cite)
		v.cite(entry, p.Cite)
		v.ids(entry, "violations", p.Violations, v.isViolation)
		if len(p.Sanctions) == 0 {
			v.fail(entry, "sanctions", ErrMissing)
		}
		if p.OrSeriousConsequences && !p.AfterDeadline {
			v.fail(entry, "or_serious_consequences", fmt.Errorf("%w: needs after_deadline (the order comes first)", ErrInvalid))
		}
		for j, s := range p.Sanctions {
			field := fmt.Sprintf("sanctions[%d]", j)
			v.oneOf(entry, field+".who", s.Who, "unit", "individual", "responsible_person", "operator", "any")
			for _, viol := range p.Violations {
				v.unique(seen, entry, field, fmt.Sprintf("%s/%s/%s given twice", p.Cite, viol, s.Who))
			}
			switch {
			case s.FineMinYuan < 0:
				v.fail(entry, field+".fine_min_yuan", fmt.Errorf("%w: negative fine", ErrInvalid))
			case s.FineMaxYuan == nil && s.FineMinYuan > 0:
				v.fail(entry, field+".fine_max_yuan", fmt.Errorf("%w: a minimum fine needs a maximum", ErrMissing))
			case s.FineMaxYuan != nil && *s.FineMaxYuan < s.FineMinYuan:
				v.fail(entry, field+".fine_max_yuan", fmt.Errorf("%w: maximum %d below minimum %d", ErrInvalid, *s.FineMaxYuan, s.FineMinYuan))
			case s.FineMaxYuan == nil && !s.Warning && !p.Confiscation && p.OrderZh == "":
				v.fail(entry, field, fmt.Errorf("%w: a sanction needs a fine, a warning, confiscation or an order", ErrMissing))
			}
		}
	}
}
