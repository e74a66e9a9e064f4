package rules_test

import (
	"slices"
	"strings"
	"testing"

	"cctvgis/planner/rulebook"
)

// The facts below are read from ../shared/seeds/national_order_799.txt (国务院令第799号),
// article by article, and typed here from the text, not from national.yaml.

func TestNationalPrivacyAndInstallation(t *testing.T) {
	e := effective(t, "national", "2025-04-01")
	spaces := []struct{ space, citation string }{
		{"hotel_room", "第八条第一款第（一）项"},
		{"private_dining_room", "第八条第一款第（一）项"},
		{"dormitory", "第八条第一款第（二）项"},
		{"staff_rest_room", "第八条第一款第（二）项"},
		{"bath", "第八条第一款第（三）项"},
		{"toilet", "第八条第一款第（三）项"},
		{"changing_room", "第八条第一款第（三）项"},
		{"nursing_room", "第八条第一款第（三）项"},
		{"fitting_room", "第八条第一款第（三）项"},
		{"other_private", "第八条第一款第（四）项"},
	}
	for _, tc := range spaces {
		t.Run("art 8(1) prohibits "+tc.space, func(t *testing.T) {
			i := slices.IndexFunc(e.ProhibitedSpaces, func(s rulebook.SpaceEntry) bool { return s.Space == tc.space })
			if i < 0 || e.ProhibitedSpaces[i].Citation != tc.citation {
				t.Fatalf("want %s at %s in %+v", tc.space, tc.citation, e.ProhibitedSpaces)
			}
		})
	}
	t.Run("art 8(1) prohibits nothing else", func(t *testing.T) {
		if len(e.ProhibitedSpaces) != len(spaces) {
			t.Errorf("%d spaces, want %d", len(e.ProhibitedSpaces), len(spaces))
		}
	})
	t.Run("art 8(2) makes managers check and report", func(t *testing.T) {
		c := e.PrivacyCheck
		if c == nil || c.Citation != "第八条第二款" || c.Violation != "privacy_check_neglected" {
			t.Fatalf("privacy check %+v", c)
		}
	})

	zones := []struct{ name, list, category, citation string }{
		{"art 7(1) main road sections", "gov", "arterial_road", "第七条第一款"},
		{"art 7(1) road boundaries of administrative areas", "gov", "boundary_road", "第七条第一款"},
		{"art 7(1) bridges", "gov", "bridge", "第七条第一款"},
		{"art 7(1) tunnels", "gov", "tunnel", "第七条第一款"},
		{"art 7(1) underpasses", "gov", "underpass", "第七条第一款"},
		{"art 7(1) squares", "gov", "square", "第七条第一款"},
		{"art 7(1) around key protected units", "gov", "security_key_unit_surroundings", "第七条第一款"},
		{"art 7(2)1 government service halls", "operator", "gov_service_hall", "第七条第二款第（一）项"},
		{"art 7(2)1 public car parks", "operator", "parking", "第七条第二款第（一）项"},
		{"art 7(2)2 navigation structures", "operator", "navigation_structure", "第七条第二款第（二）项"},
		{"art 7(2)2 urban rail stations", "operator", "metro_station", "第七条第二款第（二）项"},
		{"art 7(2)3 passenger trains and ships", "operator", "public_transport_vehicle", "第七条第二款第（三）项"},
		{"art 7(2)4 service areas", "operator", "service_area", "第七条第二款第（四）项"},
	}
	for _, tc := range zones {
		t.Run(tc.name, func(t *testing.T) {
			list := e.GovernmentOnlyZones
			if tc.list == "operator" {
				list = e.OperatorBuilt
			}
			i := slices.IndexFunc(list, func(c rulebook.CategoryEntry) bool { return c.Category == tc.category })
			if i < 0 || list[i].Citation != tc.citation {
				t.Fatalf("want %s at %s in %+v", tc.category, tc.citation, list)
			}
		})
	}
	t.Run("art 7(2) places are not government-only", func(t *testing.T) {
		if slices.ContainsFunc(e.GovernmentOnlyZones, func(c rulebook.CategoryEntry) bool { return c.Category == "parking" }) {
			t.Error("parking reserved to government")
		}
	})

	installs := []struct {
		name, places, who, citation, violation string
		conditions                             []string
	}{
		{"art 7(3): listed places only by government and managing units, as necessary", "listed_places", "designated", "第七条第三款", "unauthorized_install", []string{"necessary"}},
		{"art 9(1): other public places only by who must secure them, as necessary", "other_public_places", "security_duty_holders", "第九条第一款", "unauthorized_install", []string{"necessary"}},
		{"art 10: near classified units with their prior consent", "near_classified_units", "any", "第十条", "classified_consent_missing", []string{"prior_consent"}},
		{"art 33(1): non-public places without harm", "non_public_places", "any", "第三十三条第一款", "", []string{"no_harm"}},
	}
	for _, tc := range installs {
		t.Run(tc.name, func(t *testing.T) {
			i := slices.IndexFunc(e.Installation, func(in rulebook.InstallEntry) bool { return in.Places == tc.places })
			if i < 0 {
				t.Fatalf("no rule for %s in %+v", tc.places, e.Installation)
			}
			in := e.Installation[i]
			if in.Who != tc.who || in.Citation != tc.citation || in.Violation != tc.violation || !slices.Equal(in.Conditions, tc.conditions) {
				t.Errorf("got %+v", in)
			}
		})
	}
}

func TestNationalOperationFromOrder799(t *testing.T) {
	e := effective(t, "national", "2025-04-01")
	t.Run("art 13: position, angle and range", func(t *testing.T) {
		if p := e.Placement; p == nil || p.Citation != "第十三条" {
			t.Errorf("placement %+v", p)
		}
	})
	t.Run("art 13: conspicuous sign on every system", func(t *testing.T) {
		if s := e.Signage; s == nil || s.RequiredFor != rulebook.ScopeAll || s.Citation != "第十三条" {
			t.Errorf("signage %+v", s)
		}
	})
	t.Run("art 11: design, construction, inspection and acceptance", func(t *testing.T) {
		if a := e.Acceptance; a == nil || a.Citation != "第十一条" || a.BeforeUse {
			t.Errorf("acceptance %+v", a)
		}
	})
	t.Run("art 17: at least 30 days, then delete what served its purpose", func(t *testing.T) {
		if len(e.Retention) != 1 {
			t.Fatalf("retention %+v", e.Retention)
		}
		r := e.Retention[0]
		if !r.General || r.Days != 30 || !r.DeleteAfter || r.Citation != "第十七条" {
			t.Errorf("retention %+v", r)
		}
	})
	filing := []struct {
		name, what string
		days       int
		promptly   bool
		dueOn      string
	}{
		{"art 14(1): within 30 days of going into use", "after_use", 30, false, ""},
		{"art 14(1): systems in use before 2025-04-01 within 90 days of it", "existing_systems", 90, false, "2025-06-30"},
		{"art 14(1): changes promptly", "change", 0, true, ""},
	}
	for _, tc := range filing {
		t.Run(tc.name, func(t *testing.T) {
			i := slices.IndexFunc(e.Filing, func(f rulebook.FilingEntry) bool { return f.What == tc.what })
			if i < 0 {
				t.Fatalf("no %s in %+v", tc.what, e.Filing)
			}
			f := e.Filing[i]
			if f.Days != tc.days || f.Promptly != tc.promptly || f.WorkingDays || f.DueOn.String() != tc.dueOn || f.Citation != "第十四条第一款" {
				t.Errorf("got %+v", f)
			}
		})
	}
	t.Run("art 9(2): other public places are exempt from arts 11, 14, 15, 16(2), 17", func(t *testing.T) {
		if len(e.Exemptions) != 1 {
			t.Fatalf("exemptions %+v", e.Exemptions)
		}
		x := e.Exemptions[0]
		want := []string{"第十一条", "第十四条", "第十五条", "第十六条第二款", "第十七条"}
		if x.Places != "other_public_places" || x.Citation != "第九条第二款" || !slices.Equal(x.ExemptFrom, want) {
			t.Errorf("got %+v", x)
		}
	})
}

func TestNationalPenaltiesFromOrder799(t *testing.T) {
	const none = -1
	tests := []struct {
		name, violation, who string
		min, max             int // max none: no fine
		warning              bool
		afterDeadline        bool // only after refusing to correct (拒不改正)
		serious              bool // or at once on serious consequences
		confiscation         bool
		citation             string
	}{
		{"art 13: no sign, order to correct only", "no_signage", "operator", 0, none, false, false, false, false, "第十三条"},
		{"art 26: individual installing unentitled, up to 5000 on refusal", "unauthorized_install", "individual", 0, 5000, false, true, false, true, "第二十六条"},
		{"art 26: unit installing unentitled, up to 20000 on refusal", "unauthorized_install", "unit", 0, 20000, false, true, false, true, "第二十六条"},
		{"art 26: its responsible persons up to 5000", "unauthorized_install", "responsible_person", 0, 5000, false, true, false, true, "第二十六条"},
		{"art 26: private builder in a government zone", "unauthorized_builder", "unit", 0, 20000, false, true, false, true, "第二十六条"},
		{"art 27(1): individual in a private space 5000 to 10000", "private_space_install", "individual", 5000, 10000, false, false, false, true, "第二十七条第一款"},
		{"art 27(1): unit in a private space 10000 to 20000", "private_space_install", "unit", 10000, 20000, false, false, false, true, "第二十七条第一款"},
		{"art 27(1): its responsible persons 5000 to 10000", "private_space_install", "responsible_person", 5000, 10000, false, false, false, true, "第二十七条第一款"},
		{"art 27(2): unit not checking 10000 to 20000", "privacy_check_neglected", "unit", 10000, 20000, false, true, true, false, "第二十七条第二款"},
		{"art 27(2): individual not checking 5000 to 10000", "privacy_check_neglected", "individual", 5000, 10000, false, true, true, false, "第二十七条第二款"},
		{"art 28: unit without consent 10000 to 20000", "classified_consent_missing", "unit", 10000, 20000, false, false, false, true, "第二十八条"},
		{"art 28: individual without consent 5000 to 10000", "classified_consent_missing", "individual", 5000, 10000, false, false, false, true, "第二十八条"},
		{"art 29: not filed, up to 10000 on refusal", "filing_missing", "operator", 0, 10000, false, true, false, false, "第二十九条"},
		{"art 29: false filing, up to 10000 on refusal", "filing_false", "operator", 0, 10000, false, true, false, false, "第二十九条"},
		{"art 30: device altered, warning with the order", "device_altered", "any", 0, none, true, false, false, false, "第三十条"},
		{"art 30: individual up to 5000 on refusal or harm", "device_altered", "individual", 0, 5000, false, true, true, false, "第三十条"},
		{"art 30: unit 5000 to 10000 on refusal or harm", "device_altered", "unit", 5000, 10000, false, true, true, false, "第三十条"},
	}
	e := effective(t, "national", "2025-04-01")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := slices.IndexFunc(e.Penalties, func(p rulebook.PenaltyEntry) bool { return p.Violation == tc.violation && p.Who == tc.who })
			if i < 0 {
				t.Fatalf("no penalty for %s/%s", tc.violation, tc.who)
			}
			p := e.Penalties[i]
			if p.Citation != tc.citation || p.Warning != tc.warning || p.AfterDeadline != tc.afterDeadline ||
				p.OrSeriousConsequences != tc.serious || p.Confiscation != tc.confiscation {
				t.Errorf("got %s warning=%v after=%v serious=%v confiscation=%v", p.Citation, p.Warning, p.AfterDeadline, p.OrSeriousConsequences, p.Confiscation)
			}
			if tc.max == none {
				if p.FineMaxYuan != nil {
					t.Errorf("fine up to %d, want none", *p.FineMaxYuan)
				}
				return
			}
			if p.FineMinYuan == nil || p.FineMaxYuan == nil || *p.FineMinYuan != tc.min || *p.FineMaxYuan != tc.max {
				t.Errorf("fine %v..%v, want %d..%d", p.FineMinYuan, p.FineMaxYuan, tc.min, tc.max)
			}
		})
	}
}

// Layered: the day before Order 799 takes effect and its first day.
func TestNationalLayeredOnCities(t *testing.T) {
	retention := []struct {
		name, code, on string
		days           int // 0: no general minimum
		source         string
	}{
		{"liaoning keeps 15 days before", "liaoning", "2025-03-31", 15, "liaoning"},
		{"liaoning keeps 30 days from 2025-04-01", "liaoning", "2025-04-01", 30, "national"},
		{"yangzhou has no general minimum before", "yangzhou", "2025-03-31", 0, ""},
		{"yangzhou keeps 30 days from 2025-04-01", "yangzhou", "2025-04-01", 30, "national"},
		{"nanchang keeps its own 30 days before", "nanchang", "2025-03-31", 30, "nanchang"},
		{"nanchang's 30 days gain the duty to delete", "nanchang", "2025-04-01", 30, "national"},
	}
	for _, tc := range retention {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			i := slices.IndexFunc(e.Retention, func(r rulebook.RetentionEntry) bool { return r.General })
			if tc.days == 0 {
				if i >= 0 {
					t.Fatalf("general retention %+v, want none", e.Retention[i])
				}
				return
			}
			if i < 0 || e.Retention[i].Days != tc.days || e.Retention[i].Source != tc.source {
				t.Fatalf("retention %+v, want %d days from %s", e.Retention, tc.days, tc.source)
			}
		})
	}

	filing := []struct {
		name, code, on, what, source string
		days                         int
		dueOn                        string
		present                      bool
	}{
		{"liaoning files within 30 days of use, its own rule, before", "liaoning", "2025-03-31", "after_use", "liaoning", 30, "", true},
		{"liaoning's 30 days are not longer than the national 30", "liaoning", "2025-04-01", "after_use", "liaoning", 30, "", true},
		{"liaoning's 3 working days for changes stay", "liaoning", "2025-04-01", "change", "liaoning", 3, "", true},
		{"no national deadline for existing systems in liaoning before", "liaoning", "2025-03-31", "existing_systems", "national", 90, "2025-06-30", false},
		{"liaoning systems in use before 2025-04-01 file by 2025-06-30", "liaoning", "2025-04-01", "existing_systems", "national", 90, "2025-06-30", true},
		{"liaoning's own existing systems were due 2008-01-31", "liaoning", "2025-04-01", "existing_systems", "liaoning", 30, "2008-01-31", true},
		{"nanchang's existing systems were due 2016-12-30", "nanchang", "2025-03-31", "existing_systems", "nanchang", 90, "2016-12-30", true},
		{"nanchang has no deadline after use before", "nanchang", "2025-03-31", "after_use", "national", 30, "", false},
		{"nanchang files within 30 days of use from 2025-04-01", "nanchang", "2025-04-01", "after_use", "national", 30, "", true},
		{"nanchang files changes promptly from 2025-04-01", "nanchang", "2025-04-01", "change", "national", 0, "", true},
	}
	for _, tc := range filing {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			i := slices.IndexFunc(e.Filing, func(f rulebook.FilingEntry) bool { return f.What == tc.what && f.Source == tc.source })
			if !tc.present {
				if i >= 0 {
					t.Fatalf("unexpected %+v", e.Filing[i])
				}
				return
			}
			if i < 0 {
				t.Fatalf("no %s filing from %s in %+v", tc.what, tc.source, e.Filing)
			}
			if f := e.Filing[i]; f.Days != tc.days || f.DueOn.String() != tc.dueOn {
				t.Errorf("got %+v, want %d days due %q", f, tc.days, tc.dueOn)
			}
		})
	}

	penalties := []struct {
		name, code, on, violation, who string
		source, citation               string // of the governing penalty; source "" for none
		max                            int
		superseded                     string // citation of the superseded local penalty, or ""
	}{
		{"liaoning fines a private-space device 1000 before", "liaoning", "2025-03-31", "private_space_install", "any", "liaoning", "第二十一条", 1000, ""},
		{"order 799 governs liaoning's private-space devices", "liaoning", "2025-04-01", "private_space_install", "unit", "national", "第二十七条第一款", 20000, "第二十一条"},
		{"liaoning fines a missing filing 200 to 500 before", "liaoning", "2025-03-31", "filing_missing", "unit", "liaoning", "第二十二条", 500, ""},
		{"order 799 governs liaoning's missing filings", "liaoning", "2025-04-01", "filing_missing", "operator", "national", "第二十九条", 10000, "第二十二条"},
		{"liaoning keeps its own tampering penalty", "liaoning", "2025-04-01", "records_tampered", "unit", "liaoning", "第二十四条", 1000, ""},
		{"nanchang fines a missing sign up to 1000 before", "nanchang", "2025-03-31", "no_signage", "any", "nanchang", "第二十五条第（一）项", 1000, ""},
		{"order 799 governs nanchang's missing signs (order only)", "nanchang", "2025-04-01", "no_signage", "operator", "national", "第十三条", -1, "第二十五条第（一）项"},
		{"nanchang keeps its penalty for turning a lens", "nanchang", "2025-04-01", "repurposed", "any", "nanchang", "第二十六条第（一）项", 1000, ""},
		{"zhuzhou keeps its obstruction penalty (order 799 sets none)", "zhuzhou", "2025-04-01", "obstruction", "unit", "zhuzhou", "第十七条", 10000, ""},
		{"yangzhou has no penalty for private builders before", "yangzhou", "2025-03-31", "unauthorized_builder", "unit", "", "", 0, ""},
		{"order 799 punishes yangzhou's private builders", "yangzhou", "2025-04-01", "unauthorized_builder", "unit", "national", "第二十六条", 20000, ""},
	}
	for _, tc := range penalties {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			i := slices.IndexFunc(e.Penalties, func(p rulebook.PenaltyEntry) bool { return p.Violation == tc.violation && p.Who == tc.who })
			if tc.source == "" {
				if i >= 0 {
					t.Fatalf("unexpected %+v", e.Penalties[i])
				}
				return
			}
			if i < 0 {
				t.Fatalf("no penalty for %s/%s in %+v", tc.violation, tc.who, e.Penalties)
			}
			p := e.Penalties[i]
			if p.Source != tc.source || p.Citation != tc.citation {
				t.Errorf("governed by %s %s, want %s %s", p.Source, p.Citation, tc.source, tc.citation)
			}
			if (tc.max < 0) != (p.FineMaxYuan == nil) || p.FineMaxYuan != nil && *p.FineMaxYuan != tc.max {
				t.Errorf("fine max %v, want %d", p.FineMaxYuan, tc.max)
			}
			for _, other := range e.Penalties {
				if other.Violation == tc.violation && other.Source != tc.source {
					t.Errorf("a second governing penalty from %s %s", other.Source, other.Citation)
				}
			}
			j := slices.IndexFunc(e.SupersededPenalties, func(p rulebook.PenaltyEntry) bool { return p.Violation == tc.violation })
			switch {
			case tc.superseded == "" && j >= 0:
				t.Errorf("unexpected superseded %+v", e.SupersededPenalties[j])
			case tc.superseded != "" && j < 0:
				t.Errorf("the local %s is not kept as superseded", tc.superseded)
			case tc.superseded != "":
				s := e.SupersededPenalties[j]
				if s.Source != tc.code || s.Citation != tc.superseded || s.SupersededBy == nil || s.SupersededBy.Citation != tc.citation {
					t.Errorf("superseded %+v by %+v", s, s.SupersededBy)
				}
			}
		})
	}
	for _, code := range []string{"nanchang", "liaoning", "zhuzhou"} {
		t.Run(code+" before 2025-04-01 is the local rules alone", func(t *testing.T) {
			e := effective(t, code, "2025-03-31")
			if e.Baseline != nil || len(e.SupersededPenalties) != 0 {
				t.Errorf("baseline %+v superseded %+v", e.Baseline, e.SupersededPenalties)
			}
			for _, p := range e.Penalties {
				if p.Source != code {
					t.Errorf("penalty from %s", p.Source)
				}
			}
		})
	}
}

func TestAcceptancePlacementAndChecksLayered(t *testing.T) {
	tests := []struct {
		name, code, on, what string
		source, citation     string // source "": absent
		beforeUse            bool
	}{
		{"nanchang accepts with the police before use, art 13(1)", "nanchang", "2025-04-01", "acceptance", "nanchang", "第十三条第一款", true},
		{"yangzhou accepts before use, art 15", "yangzhou", "2024-06-01", "acceptance", "yangzhou", "第十五条", true},
		{"weihai accepts by national standards, art 15(2)", "weihai", "2020-01-01", "acceptance", "weihai", "第十五条第二款", false},
		{"liaoning has no acceptance rule before order 799", "liaoning", "2025-03-31", "acceptance", "", "", false},
		{"order 799 art 11 gives liaoning one", "liaoning", "2025-04-01", "acceptance", "national", "第十一条", false},
		{"yangzhou places devices itself, art 14", "yangzhou", "2025-04-01", "placement", "yangzhou", "第十四条", false},
		{"order 799 art 13 places zhuzhou's devices", "zhuzhou", "2025-04-01", "placement", "national", "第十三条", false},
		{"zhuzhou's managers guard private spaces, art 8(2)", "zhuzhou", "2024-06-01", "privacy_check", "zhuzhou", "第八条第二款", false},
		{"nanchang has no such check before order 799", "nanchang", "2025-03-31", "privacy_check", "", "", false},
		{"order 799 art 8(2) makes nanchang's managers check", "nanchang", "2025-04-01", "privacy_check", "national", "第八条第二款", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			var c *rulebook.Cited
			beforeUse := false
			switch tc.what {
			case "acceptance":
				if e.Acceptance != nil {
					c, beforeUse = &e.Acceptance.Cited, e.Acceptance.BeforeUse
				}
			case "placement":
				if e.Placement != nil {
					c = &e.Placement.Cited
				}
			case "privacy_check":
				if e.PrivacyCheck != nil {
					c = &e.PrivacyCheck.Cited
				}
			}
			switch {
			case tc.source == "" && c != nil:
				t.Fatalf("%s from %s %s, want none", tc.what, c.Source, c.Citation)
			case tc.source == "":
				return
			case c == nil:
				t.Fatalf("no %s", tc.what)
			}
			if c.Source != tc.source || c.Citation != tc.citation || beforeUse != tc.beforeUse {
				t.Errorf("got %s %s before use %v, want %s %s %v", c.Source, c.Citation, beforeUse, tc.source, tc.citation, tc.beforeUse)
			}
		})
	}
}

// TestAvoidDuplicationCited checks the duty to avoid duplicate construction (避免重复建设)
// that plans cite: the local provision where the seed states one, else order 799 art 6
// once it is in force.
func TestAvoidDuplicationCited(t *testing.T) {
	tests := []struct {
		name, code, on   string
		source, citation string // source "": absent
		quote            string // a phrase of the text
	}{
		{"nanchang art 7(2)", "nanchang", "2024-01-01", "nanchang", "第七条第二款", "避免重复建设"},
		{"yangzhou art 7(2) integrates existing systems", "yangzhou", "2024-06-01", "yangzhou", "第七条第二款", "整合现有视频图像信息系统资源"},
		{"weihai art 6(2) uses the existing networks", "weihai", "2020-01-01", "weihai", "第六条第二款", "现有的网络资源"},
		{"liaoning's text has none before order 799", "liaoning", "2025-03-31", "", "", ""},
		{"order 799 art 6 binds liaoning", "liaoning", "2025-04-01", "national", "第六条", "统筹规划"},
		{"order 799 art 6 binds zhuzhou", "zhuzhou", "2025-04-01", "national", "第六条", "充分利用现有资源"},
		{"nanchang keeps its own after order 799", "nanchang", "2025-04-01", "nanchang", "第七条第二款", "现有视频信息资源"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			d := e.AvoidDuplication
			switch {
			case tc.source == "" && d != nil:
				t.Fatalf("avoid_duplication from %s %s, want none", d.Source, d.Citation)
			case tc.source == "":
				return
			case d == nil:
				t.Fatal("no avoid_duplication")
			}
			if d.Source != tc.source || d.Citation != tc.citation || !strings.Contains(d.Text, tc.quote) {
				t.Errorf("got %s %s %q, want %s %s containing %q", d.Source, d.Citation, d.Text, tc.source, tc.citation, tc.quote)
			}
		})
	}
}
