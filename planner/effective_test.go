package planner_test

import (
	"slices"
	"testing"

	"cctvgis/planner"
)

func date(tb testing.TB, s string) planner.Date {
	tb.Helper()
	d, err := planner.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// baseline and local are small hand-made rulebooks, independent of the data files.
func baseline(t *testing.T) *planner.Rulebook {
	t.Helper()
	return &planner.Rulebook{
		Code:     planner.NationalCode,
		Validity: planner.Validity{DocumentNo: "N1", EffectiveFrom: date(t, "2025-04-01")},
		Prohibited: []planner.SpaceRule{
			{Cite: planner.Citation{Article: 12}, Spaces: []string{"bath", "nursing_room"}},
		},
		GovernmentOnly: []planner.SiteRule{{Cite: planner.Citation{Article: 7}, Categories: []string{"bridge", "square"}}},
		Signage:        &planner.SignageRule{RequiredFor: planner.ScopeAll, Cite: planner.Citation{Article: 11}},
		Retention:      []planner.RetentionRule{{Days: 20, Cite: planner.Citation{Article: 19}}},
	}
}

func local(t *testing.T) *planner.Rulebook {
	t.Helper()
	return &planner.Rulebook{
		Code: "city",
		Validity: planner.Validity{DocumentNo: "C1", EffectiveFrom: date(t, "2010-01-01"), ExpiresOn: date(t, "2020-12-31"),
			Extensions: []planner.Extension{{DocumentNo: "C2", ExpiresOn: date(t, "2030-12-31")}}},
		Prohibited:     []planner.SpaceRule{{Cite: planner.Citation{Article: 9}, Spaces: []string{"bath", "toilet"}}},
		GovernmentOnly: []planner.SiteRule{{Cite: planner.Citation{Article: 6}, Categories: []string{"square"}}},
		Signage:        &planner.SignageRule{RequiredFor: planner.ScopeGovernmentInvested, Cite: planner.Citation{Article: 13}},
		Retention:      []planner.RetentionRule{{Days: 15, Cite: planner.Citation{Article: 14}}},
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
	e := planner.Effective(local(t), baseline(t), date(t, "2026-01-01"))
	if e.Baseline == nil || e.Baseline.Code != planner.NationalCode {
		t.Fatalf("baseline = %+v, want national", e.Baseline)
	}
	t.Run("local space keeps its local citation", func(t *testing.T) {
		got := sources(e.ProhibitedSpaces, func(s planner.SpaceEntry) (string, string) { return s.Space, s.Source })
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
		got := sources(e.GovernmentOnlyZones, func(z planner.CategoryEntry) (string, string) { return z.Category, z.Source })
		if got["square"] != "city" || got["bridge"] != "national" {
			t.Errorf("zones %v", got)
		}
	})
	t.Run("signage for all systems beats government-invested only", func(t *testing.T) {
		if e.Signage.RequiredFor != planner.ScopeAll || e.Signage.Source != "national" {
			t.Errorf("signage %+v", e.Signage)
		}
	})
	t.Run("longer general retention wins", func(t *testing.T) {
		i := slices.IndexFunc(e.Retention, func(r planner.RetentionEntry) bool { return r.General })
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
	l.Signage.RequiredFor = planner.ScopeAll
	l.Retention[0].Days = 90
	e := planner.Effective(l, baseline(t), date(t, "2026-01-01"))
	if e.Signage.Source != "city" {
		t.Errorf("signage from %s, want the local rule", e.Signage.Source)
	}
	if e.Retention[0].Days != 90 || e.Retention[0].Source != "city" {
		t.Errorf("retention %+v, want the local 90 days", e.Retention[0])
	}
}

func TestEffectiveBeforeBaselineTakesEffect(t *testing.T) {
	e := planner.Effective(local(t), baseline(t), date(t, "2025-03-31"))
	if e.Baseline != nil {
		t.Errorf("baseline layered before it takes effect: %+v", e.Baseline)
	}
	if e.Signage.RequiredFor != planner.ScopeGovernmentInvested {
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
			e := planner.Effective(local(t), nil, date(t, tc.on))
			if e.InForce != tc.inForce || (len(e.Warnings) > 0) == tc.inForce {
				t.Errorf("in force %v warnings %v, want in force %v", e.InForce, e.Warnings, tc.inForce)
			}
		})
	}
}
