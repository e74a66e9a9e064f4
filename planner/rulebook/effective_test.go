package rulebook_test

import (
	"slices"
	"testing"

	"cctvgis/planner/plannertest"
	"cctvgis/planner/rulebook"
)

var date = plannertest.Date

// baseline and local are small hand-made rulebooks, independent of the data files.
func baseline(t *testing.T) *rulebook.Rulebook {
	t.Helper()
	return &rulebook.Rulebook{
		Code:     rulebook.NationalCode,
		Validity: rulebook.Validity{DocumentNo: "N1", EffectiveFrom: date(t, "2025-04-01")},
		Prohibited: []rulebook.SpaceRule{
			{Cite: rulebook.Citation{Article: 12}, Spaces: []string{"bath", "nursing_room"}},
		},
		GovernmentOnly: []rulebook.SiteRule{{Cite: rulebook.Citation{Article: 7}, Categories: []string{"bridge", "square"}}},
		Signage:        &rulebook.SignageRule{RequiredFor: rulebook.ScopeAll, Cite: rulebook.Citation{Article: 11}},
		Retention:      []rulebook.RetentionRule{{Days: 20, Cite: rulebook.Citation{Article: 19}}},
	}
}

func local(t *testing.T) *rulebook.Rulebook {
	t.Helper()
	return &rulebook.Rulebook{
		Code: "city",
		Validity: rulebook.Validity{DocumentNo: "C1", EffectiveFrom: date(t, "2010-01-01"), ExpiresOn: date(t, "2020-12-31"),
			Extensions: []rulebook.Extension{{DocumentNo: "C2", ExpiresOn: date(t, "2030-12-31")}}},
		Prohibited:     []rulebook.SpaceRule{{Cite: rulebook.Citation{Article: 9}, Spaces: []string{"bath", "toilet"}}},
		GovernmentOnly: []rulebook.SiteRule{{Cite: rulebook.Citation{Article: 6}, Categories: []string{"square"}}},
		Signage:        &rulebook.SignageRule{RequiredFor: rulebook.ScopeGovernmentInvested, Cite: rulebook.Citation{Article: 13}},
		Retention:      []rulebook.RetentionRule{{Days: 15, Cite: rulebook.Citation{Article: 14}}},
	}
}

func sources[T any](list []T, key func(T) (string, string)) map[string]string {
	m := map[string]string{}
	for _, x := range list {
		k, src := key(x)
		m[k] = src
	}
	return m
}

func TestEffectiveLayersBaselineWhereStricter(t *testing.T) {
	e := rulebook.Effective(local(t), baseline(t), date(t, "2026-01-01"))
	if e.Baseline == nil || e.Baseline.Code != rulebook.NationalCode {
		t.Fatalf("baseline = %+v, want national", e.Baseline)
	}
	t.Run("local space keeps its local citation", func(t *testing.T) {
		got := sources(e.ProhibitedSpaces, func(s rulebook.SpaceEntry) (string, string) { return s.Space, s.Source })
		want := map[string]string{"bath": "city", "toilet": "city", "nursing_room": "national"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("space %s from %q, want %q", k, got[k], v)
			}
		}
		if len(got) != len(want) {
			t.Errorf("spaces %v, want %v", got, want)
		}
	})
	t.Run("baseline adds government-only zones the local rules lack", func(t *testing.T) {
		got := sources(e.GovernmentOnlyZones, func(z rulebook.CategoryEntry) (string, string) { return z.Category, z.Source })
		if got["square"] != "city" || got["bridge"] != "national" {
			t.Errorf("zones %v", got)
		}
	})
	t.Run("signage for all systems beats government-invested only", func(t *testing.T) {
		if e.Signage.RequiredFor != rulebook.ScopeAll || e.Signage.Source != "national" {
			t.Errorf("signage %+v", e.Signage)
		}
	})
	t.Run("longer general retention wins", func(t *testing.T) {
		i := slices.IndexFunc(e.Retention, func(r rulebook.RetentionEntry) bool { return r.General })
		if i < 0 || e.Retention[i].Days != 20 || e.Retention[i].Source != "national" || len(e.Retention) != 1 {
			t.Errorf("retention %+v", e.Retention)
		}
	})
	t.Run("extended rulebook is in force", func(t *testing.T) {
		if !e.InForce || e.ExpiresOn.String() != "2030-12-31" || len(e.Warnings) != 0 {
			t.Errorf("in force %v, expires %s, warnings %v", e.InForce, e.ExpiresOn, e.Warnings)
		}
	})
}

func TestEffectiveKeepsStricterLocalRules(t *testing.T) {
	l := local(t)
	l.Signage.RequiredFor = rulebook.ScopeAll
	l.Retention[0].Days = 90
	e := rulebook.Effective(l, baseline(t), date(t, "2026-01-01"))
	if e.Signage.Source != "city" {
		t.Errorf("signage from %s, want the local rule", e.Signage.Source)
	}
	if e.Retention[0].Days != 90 || e.Retention[0].Source != "city" {
		t.Errorf("retention %+v, want the local 90 days", e.Retention[0])
	}
}

func TestEffectiveBeforeBaselineTakesEffect(t *testing.T) {
	e := rulebook.Effective(local(t), baseline(t), date(t, "2025-03-31"))
	if e.Baseline != nil {
		t.Errorf("baseline layered before it takes effect: %+v", e.Baseline)
	}
	if e.Signage.RequiredFor != rulebook.ScopeGovernmentInvested {
		t.Errorf("signage %+v, want the local rule alone", e.Signage)
	}
	if len(e.Warnings) != 1 {
		t.Errorf("warnings %v, want one saying the baseline is not in force", e.Warnings)
	}
}

func TestEffectiveOutOfForceWarns(t *testing.T) {
	tests := []struct {
		name, on string
		inForce  bool
	}{
		{"before effect", "2009-12-31", false},
		{"first day", "2010-01-01", true},
		{"on the extended last day", "2030-12-31", true},
		{"after the extended last day", "2031-01-01", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := rulebook.Effective(local(t), nil, date(t, tc.on))
			if e.InForce != tc.inForce || (len(e.Warnings) > 0) == tc.inForce {
				t.Errorf("in force %v warnings %v, want in force %v", e.InForce, e.Warnings, tc.inForce)
			}
		})
	}
}

func fine(n int) *int { return &n }

// withPenalties gives the hand-made rulebooks penalties, filing deadlines and duties.
func withPenalties(t *testing.T) (l, n *rulebook.Rulebook) {
	t.Helper()
	l, n = local(t), baseline(t)
	l.Penalties = []rulebook.Penalty{
		{Cite: rulebook.Citation{Article: 21}, Violations: []string{"private_space_install"},
			Sanctions: []rulebook.Sanction{{Who: "any", FineMinYuan: 1000, FineMaxYuan: fine(1000)}}},
		{Cite: rulebook.Citation{Article: 24}, Violations: []string{"records_tampered"},
			Sanctions: []rulebook.Sanction{{Who: "unit", FineMaxYuan: fine(1000)}}},
	}
	n.Penalties = []rulebook.Penalty{
		{Cite: rulebook.Citation{Article: 27, Paragraph: 1}, Violations: []string{"private_space_install"}, Confiscation: true,
			Sanctions: []rulebook.Sanction{{Who: "unit", FineMinYuan: 10000, FineMaxYuan: fine(20000)}}},
		{Cite: rulebook.Citation{Article: 29}, Violations: []string{"filing_missing"}, AfterDeadline: true,
			Sanctions: []rulebook.Sanction{{Who: "operator", FineMaxYuan: fine(10000)}}},
	}
	l.Filing = []rulebook.FilingRule{
		{What: rulebook.FilingAfterUse, DeadlineRule: rulebook.DeadlineRule{Days: 30, Cite: rulebook.Citation{Article: 12}}},
		{What: rulebook.FilingChange, DeadlineRule: rulebook.DeadlineRule{Days: 3, WorkingDays: true, Cite: rulebook.Citation{Article: 12}}},
		{What: rulebook.FilingExistingSystems, DeadlineRule: rulebook.DeadlineRule{Days: 30, Cite: rulebook.Citation{Article: 12, Paragraph: 2}}},
	}
	n.Filing = []rulebook.FilingRule{
		{What: rulebook.FilingAfterUse, DeadlineRule: rulebook.DeadlineRule{Days: 20, Cite: rulebook.Citation{Article: 14}}},
		{What: rulebook.FilingChange, Promptly: true, DeadlineRule: rulebook.DeadlineRule{Cite: rulebook.Citation{Article: 14}}},
		{What: rulebook.FilingExistingSystems, DeadlineRule: rulebook.DeadlineRule{Days: 90, Cite: rulebook.Citation{Article: 14}}},
	}
	l.Duties = []rulebook.DutyRule{{Cite: rulebook.Citation{Article: 15}, Text: "t", Duties: []string{rulebook.DutyNoObstruction}, Violation: "obstruction"}}
	n.Duties = []rulebook.DutyRule{
		{Cite: rulebook.Citation{Article: 23}, Text: "t", Duties: []string{rulebook.DutyNoObstruction}, Violation: "obstruction"},
		{Cite: rulebook.Citation{Article: 15}, Text: "t", Duties: []string{rulebook.DutyKeepRunning}, Violation: "not_maintained"},
	}
	return l, n
}

func TestEffectiveNationalPenaltiesGovern(t *testing.T) {
	l, n := withPenalties(t)
	tests := []struct {
		name, on, violation string
		wantSource          string // of the governing penalty; "" for none
		wantSuperseded      string // source of a superseded one; "" for none
	}{
		{"national governs a shared act from its first day", "2025-04-01", "private_space_install", "national", "city"},
		{"local governs the day before", "2025-03-31", "private_space_install", "city", ""},
		{"local alone punishes tampering", "2026-01-01", "records_tampered", "city", ""},
		{"national adds a penalty the local rules lack", "2026-01-01", "filing_missing", "national", ""},
		{"no national penalty before it takes effect", "2025-03-31", "filing_missing", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := rulebook.Effective(l, n, date(t, tc.on))
			got := e.PenaltiesFor(tc.violation)
			switch {
			case tc.wantSource == "" && len(got) > 0:
				t.Fatalf("penalties %+v, want none", got)
			case tc.wantSource != "" && len(got) == 0:
				t.Fatalf("no penalty for %s", tc.violation)
			}
			for _, p := range got {
				if p.Source != tc.wantSource {
					t.Errorf("penalty from %s, want %s", p.Source, tc.wantSource)
				}
			}
			var sup []rulebook.PenaltyEntry
			for _, p := range e.SupersededPenalties {
				if p.Violation == tc.violation {
					sup = append(sup, p)
				}
			}
			if tc.wantSuperseded == "" {
				if len(sup) > 0 {
					t.Errorf("superseded %+v, want none", sup)
				}
				return
			}
			if len(sup) != 1 || sup[0].Source != tc.wantSuperseded || sup[0].SupersededBy == nil ||
				sup[0].SupersededBy.Source != "national" || sup[0].SupersededBy.Citation != "第二十七条第一款" {
				t.Errorf("superseded %+v, want the %s penalty superseded by national 第二十七条第一款", sup, tc.wantSuperseded)
			}
		})
	}
	t.Run("the governing national penalty confiscates", func(t *testing.T) {
		got := rulebook.Effective(l, n, date(t, "2025-04-01")).PenaltiesFor("private_space_install")
		if len(got) != 1 || !got[0].Confiscation || *got[0].FineMinYuan != 10000 {
			t.Errorf("penalties %+v", got)
		}
	})
}

func TestEffectiveFilingLayers(t *testing.T) {
	l, n := withPenalties(t)
	e := rulebook.Effective(l, n, date(t, "2025-06-01"))
	type key struct{ what, source string }
	got := map[key]rulebook.FilingEntry{}
	for _, f := range e.Filing {
		got[key{f.What, f.Source}] = f
	}
	tests := []struct {
		name, what, source string
		days               int
		dueOn              string
	}{
		{"a shorter national deadline after use replaces the local one", "after_use", "national", 20, ""},
		{"a local deadline in days stays beside a national 'promptly'", "change", "city", 3, ""},
		{"local existing systems count from the local text's effect", "existing_systems", "city", 30, "2010-01-31"},
		{"national existing systems count from its own effect", "existing_systems", "national", 90, "2025-06-30"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := got[key{tc.what, tc.source}]
			if !ok {
				t.Fatalf("no %s filing from %s in %+v", tc.what, tc.source, e.Filing)
			}
			if f.Days != tc.days || f.DueOn.String() != tc.dueOn {
				t.Errorf("got %d days due %s, want %d due %q", f.Days, f.DueOn, tc.days, tc.dueOn)
			}
		})
	}
	if len(e.Filing) != 4 {
		t.Errorf("filing %+v, want 4 entries", e.Filing)
	}
}

func TestEffectiveDutiesLayer(t *testing.T) {
	l, n := withPenalties(t)
	tests := []struct {
		name, on, duty, source string
	}{
		{"local obstruction duty stays", "2026-01-01", rulebook.DutyNoObstruction, "city"},
		{"national adds the maintenance duty", "2026-01-01", rulebook.DutyKeepRunning, "national"},
		{"no national duty before it takes effect", "2025-03-31", rulebook.DutyKeepRunning, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := rulebook.Effective(l, n, date(t, tc.on))
			var srcs []string
			for _, d := range e.Duties {
				if d.Duty == tc.duty {
					srcs = append(srcs, d.Source)
				}
			}
			want := []string{tc.source}
			if tc.source == "" {
				want = nil
			}
			if !slices.Equal(srcs, want) {
				t.Errorf("%s from %v, want %v", tc.duty, srcs, want)
			}
		})
	}
}
