package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"cctvgis/internal/testenv"
	"cctvgis/planner/rulebook"

	"cctvgis/data/rules"
)

func mustDate(t *testing.T, s string) rulebook.Date {
	t.Helper()
	d, err := rulebook.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func effective(t *testing.T, code, on string) *rulebook.EffectiveRules {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatalf("loading embedded rulebooks: %v", err)
	}
	e, err := lib.Effective(code, mustDate(t, on))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEmbeddedRulebooksLoad(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatalf("loading embedded rulebooks: %v", err)
	}
	want := []string{"national", "liaoning", "nanchang", "weihai", "yangzhou", "zhuzhou"}
	if got := lib.Codes(); !slices.Equal(got, want) {
		t.Errorf("codes = %v, want %v", got, want)
	}
}

// The facts below are read from the seed texts in ../shared/seeds, article by article.
func TestRetentionFromSeeds(t *testing.T) {
	tests := []struct {
		name, code string
		category   string // "" for the general minimum
		footage    string
		days       int
		citation   string
	}{
		{"nanchang keeps footage at least 30 days", "nanchang", "", "", 30, "第十七条第（四）项"},
		{"liaoning keeps footage 15 days or more", "liaoning", "", "", 15, "第十四条第一款第（七）项"},
		{"liaoning keeps valuable footage one year", "liaoning", "", "具有重要价值的图像资料", 365, "第十四条第一款第（七）项"},
		{"yangzhou keeps counter-terror targets 90 days", "yangzhou", "counter_terror_target", "", 90, "第二十八条第一款"},
		{"yangzhou keeps entertainment venues 30 days", "yangzhou", "entertainment_venue", "", 30, "第二十八条第一款"},
		{"yangzhou keeps large bazaar markets 30 days", "yangzhou", "market", "", 30, "第二十八条第一款"},
		{"yangzhou keeps public-order key units 30 days", "yangzhou", "security_key_unit", "", 30, "第二十八条第一款"},
		{"zhuzhou keeps footage at least 30 days", "zhuzhou", "", "", 30, "第十二条第（五）项"},
		{"weihai keeps footage at least 30 days", "weihai", "", "", 30, "第二十一条第（七）项"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, "2024-06-01")
			i := slices.IndexFunc(e.Retention, func(r rulebook.RetentionEntry) bool {
				cat := ""
				if r.Category != nil {
					cat = *r.Category
				}
				return cat == tc.category && r.Footage == tc.footage
			})
			if i < 0 {
				t.Fatalf("no retention rule for category %q footage %q in %+v", tc.category, tc.footage, e.Retention)
			}
			r := e.Retention[i]
			if r.Days != tc.days || r.Citation != tc.citation || r.Source != tc.code {
				t.Errorf("got %d days at %s from %s, want %d days at %s from %s", r.Days, r.Citation, r.Source, tc.days, tc.citation, tc.code)
			}
		})
	}
	t.Run("yangzhou sets no general minimum", func(t *testing.T) {
		for _, r := range effective(t, "yangzhou", "2024-06-01").Retention {
			if r.General {
				t.Errorf("unexpected general retention %+v", r)
			}
		}
	})
}

func TestDeadlinesFromSeeds(t *testing.T) {
	demolition := []struct {
		name, code string
		days       int // 0: no such duty
		citation   string
	}{
		{"nanchang: tell police 3 days before removal", "nanchang", 3, "第十五条"},
		{"yangzhou: tell police 10 days before removal", "yangzhou", 10, "第十七条"},
		{"liaoning has no removal notice", "liaoning", 0, ""},
		{"zhuzhou has no removal notice", "zhuzhou", 0, ""},
		{"weihai has no removal notice", "weihai", 0, ""},
	}
	for _, tc := range demolition {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, "2024-06-01")
			if tc.days == 0 {
				if e.DemolitionNoticeDays != nil {
					t.Fatalf("demolition notice = %d days, want none", *e.DemolitionNoticeDays)
				}
				return
			}
			if e.DemolitionNoticeDays == nil || *e.DemolitionNoticeDays != tc.days || e.DemolitionNotice.Citation != tc.citation {
				t.Fatalf("demolition notice = %+v, want %d days at %s", e.DemolitionNotice, tc.days, tc.citation)
			}
		})
	}
	filing := []struct {
		name, code, what string
		days             int
		working          bool
		citation         string
	}{
		{"nanchang: existing systems file within 90 days", "nanchang", "existing_systems", 90, false, "第十三条第二款"},
		{"liaoning: file within 30 days of going into use", "liaoning", "after_use", 30, false, "第十二条第一款"},
		{"liaoning: re-file changes within 3 working days", "liaoning", "change", 3, true, "第十二条第一款"},
		{"liaoning: existing systems file within 30 days", "liaoning", "existing_systems", 30, false, "第十二条第二款"},
	}
	for _, tc := range filing {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, "2024-06-01")
			i := slices.IndexFunc(e.Filing, func(f rulebook.FilingEntry) bool { return f.What == tc.what })
			if i < 0 {
				t.Fatalf("no %s filing rule in %+v", tc.what, e.Filing)
			}
			f := e.Filing[i]
			if f.Days != tc.days || f.WorkingDays != tc.working || f.Citation != tc.citation {
				t.Errorf("got %+v, want %d days (working %v) at %s", f, tc.days, tc.working, tc.citation)
			}
		})
	}
	for _, code := range []string{"yangzhou", "zhuzhou", "weihai"} {
		t.Run(code+" sets no filing deadline", func(t *testing.T) {
			if f := effective(t, code, "2024-06-01").Filing; len(f) != 0 {
				t.Errorf("filing = %+v, want none", f)
			}
		})
	}
}

func TestMandatoryCategoriesFromSeeds(t *testing.T) {
	tests := []struct {
		name, code, category string
		citation             string // "" means the category must be absent
	}{
		{"nanchang requires residential compounds", "nanchang", "residential_compound", "第八条第（十）项"},
		{"nanchang requires internet cafés", "nanchang", "internet_cafe", "第八条第（五）项"},
		{"nanchang requires urban arterial roads", "nanchang", "arterial_road", "第八条第（二）项"},
		{"nanchang requires pathogen laboratories", "nanchang", "pathogen_lab", "第八条第（八）项"},
		{"liaoning requires hotels", "liaoning", "hotel", "第六条第一款第（三）项"},
		{"liaoning requires squares", "liaoning", "square", "第六条第一款第（五）项"},
		{"liaoning does not list residential compounds", "liaoning", "residential_compound", ""},
		{"liaoning does not list internet cafés", "liaoning", "internet_cafe", ""},
		{"yangzhou requires jewellery traders", "yangzhou", "jewelry_trade", "第八条第（四）项"},
		{"yangzhou requires emergency shelters", "yangzhou", "emergency_shelter", "第八条第（九）项"},
		{"yangzhou requires inland waters", "yangzhou", "inland_waters", "第八条第（六）项"},
		{"yangzhou does not list hotels", "yangzhou", "hotel", ""},
		{"weihai requires main village roads", "weihai", "village_road", "第七条第（十一）项"},
		{"weihai requires bus stops", "weihai", "bus_stop", "第七条第（七）项"},
		{"weihai requires forest fire zones", "weihai", "forest_fire_zone", "第七条第（七）项"},
		{"weihai does not list internet cafés", "weihai", "internet_cafe", ""},
		{"zhuzhou lists no places (scope from national standards)", "zhuzhou", "education", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, "2024-06-01")
			i := slices.IndexFunc(e.MandatoryCategories, func(m rulebook.CategoryEntry) bool { return m.Category == tc.category })
			switch {
			case tc.citation == "" && i >= 0:
				t.Fatalf("%s lists %s at %s, want absent", tc.code, tc.category, e.MandatoryCategories[i].Citation)
			case tc.citation != "" && i < 0:
				t.Fatalf("%s does not list %s", tc.code, tc.category)
			case tc.citation != "" && e.MandatoryCategories[i].Citation != tc.citation:
				t.Fatalf("%s cites %s, want %s", tc.category, e.MandatoryCategories[i].Citation, tc.citation)
			}
		})
	}
	t.Run("zhuzhou has no enumerated list at all", func(t *testing.T) {
		if m := effective(t, "zhuzhou", "2024-06-01").MandatoryCategories; len(m) != 0 {
			t.Errorf("zhuzhou mandatory = %+v, want none", m)
		}
	})
}

func TestPrivateSpacesAndNationalBaseline(t *testing.T) {
	tests := []struct {
		name, code, on, space string
		source, citation      string // source "" means absent
	}{
		{"nanchang prohibits dormitories itself", "nanchang", "2026-01-01", "dormitory", "nanchang", "第九条"},
		{"zhuzhou prohibits nursing rooms itself", "zhuzhou", "2026-01-01", "nursing_room", "zhuzhou", "第八条第一款第（三）项"},
		{"zhuzhou prohibits dressing rooms itself", "zhuzhou", "2026-01-01", "dressing_room", "zhuzhou", "第八条第一款第（三）项"},
		{"national adds nursing rooms to nanchang from 2025-04-01", "nanchang", "2025-04-01", "nursing_room", "national", "第八条第一款第（三）项"},
		{"national adds restaurant private rooms to liaoning", "liaoning", "2026-01-01", "private_dining_room", "national", "第八条第一款第（一）项"},
		{"before the national regulation nanchang lacks nursing rooms", "nanchang", "2025-03-31", "nursing_room", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			i := slices.IndexFunc(e.ProhibitedSpaces, func(s rulebook.SpaceEntry) bool { return s.Space == tc.space })
			if tc.source == "" {
				if i >= 0 {
					t.Fatalf("%s prohibited by %s, want absent", tc.space, e.ProhibitedSpaces[i].Source)
				}
				return
			}
			if i < 0 {
				t.Fatalf("%s not prohibited in %+v", tc.space, e.ProhibitedSpaces)
			}
			if s := e.ProhibitedSpaces[i]; s.Source != tc.source || s.Citation != tc.citation {
				t.Errorf("got %s at %s, want %s at %s", s.Source, s.Citation, tc.source, tc.citation)
			}
		})
	}
}

func TestGovernmentOnlyZonesAndSignage(t *testing.T) {
	zones := []struct {
		name, code, on, category, source, citation string
	}{
		{"liaoning reserves arterial roads to government", "liaoning", "2024-06-01", "arterial_road", "liaoning", "第七条第一款"},
		{"liaoning reserves squares to government", "liaoning", "2024-06-01", "square", "liaoning", "第七条第一款"},
		{"weihai reserves party and government agencies", "weihai", "2020-01-01", "gov_agency", "weihai", "第八条第一款"},
		{"weihai reserves long-distance coaches", "weihai", "2020-01-01", "long_distance_coach", "weihai", "第八条第一款"},
		{"national reserves bridges from 2025-04-01", "yangzhou", "2025-04-01", "bridge", "national", "第七条第一款"},
		{"yangzhou alone reserves nothing", "yangzhou", "2024-06-01", "bridge", "", ""},
		{"nanchang alone reserves nothing", "nanchang", "2024-06-01", "arterial_road", "", ""},
	}
	for _, tc := range zones {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			i := slices.IndexFunc(e.GovernmentOnlyZones, func(z rulebook.CategoryEntry) bool { return z.Category == tc.category })
			if tc.source == "" {
				if i >= 0 {
					t.Fatalf("%s reserved by %s, want not reserved", tc.category, e.GovernmentOnlyZones[i].Source)
				}
				return
			}
			if i < 0 {
				t.Fatalf("%s not reserved in %+v", tc.category, e.GovernmentOnlyZones)
			}
			if z := e.GovernmentOnlyZones[i]; z.Source != tc.source || z.Citation != tc.citation {
				t.Errorf("got %s at %s, want %s at %s", z.Source, z.Citation, tc.source, tc.citation)
			}
		})
	}
	signage := []struct {
		name, code, on          string
		scope, source, citation string
	}{
		{"liaoning signs only government-invested systems", "liaoning", "2024-06-01", "government_invested", "liaoning", "第十三条第一款"},
		{"national widens liaoning's signage to all systems", "liaoning", "2025-06-01", "all", "national", "第十三条"},
		{"nanchang signs all systems itself", "nanchang", "2025-06-01", "all", "nanchang", "第十条第一款"},
		{"yangzhou signs all systems itself", "yangzhou", "2024-06-01", "all", "yangzhou", "第十四条"},
		{"zhuzhou signs all systems itself", "zhuzhou", "2024-06-01", "all", "zhuzhou", "第十条第一款"},
		{"weihai signs in public places", "weihai", "2020-01-01", "all", "weihai", "第十六条"},
	}
	for _, tc := range signage {
		t.Run(tc.name, func(t *testing.T) {
			s := effective(t, tc.code, tc.on).Signage
			if s == nil {
				t.Fatal("no signage rule")
			}
			if string(s.RequiredFor) != tc.scope || s.Source != tc.source || s.Citation != tc.citation {
				t.Errorf("got %s from %s at %s, want %s from %s at %s", s.RequiredFor, s.Source, s.Citation, tc.scope, tc.source, tc.citation)
			}
		})
	}
}

func TestPenaltiesFromSeeds(t *testing.T) {
	tests := []struct {
		name, code, violation, who string
		min, max                   int // max -1: no fine
		warning                    bool
		citation                   string
	}{
		{"nanchang: unit that does not build pays up to 1000", "nanchang", "not_built", "unit", 0, 1000, false, "第二十四条"},
		{"nanchang: its responsible person pays up to 200", "nanchang", "not_built", "responsible_person", 0, 200, false, "第二十四条"},
		{"nanchang: missing sign up to 1000", "nanchang", "no_signage", "any", 0, 1000, false, "第二十五条第（一）项"},
		{"nanchang: turning the lens up to 1000", "nanchang", "repurposed", "any", 0, 1000, false, "第二十六条第（一）项"},
		{"liaoning: not built is built by police at the unit's cost", "liaoning", "not_built", "unit", 0, -1, false, "第二十条"},
		{"liaoning: device in a private space fined 1000", "liaoning", "private_space_install", "any", 1000, 1000, false, "第二十一条"},
		{"liaoning: no filing, warning and 200 to 500", "liaoning", "filing_missing", "unit", 200, 500, true, "第二十二条"},
		{"liaoning: tampering, unit 1000 and warning", "liaoning", "records_tampered", "unit", 1000, 1000, true, "第二十四条"},
		{"liaoning: tampering, individual 500 and warning", "liaoning", "records_tampered", "individual", 500, 500, true, "第二十四条"},
		{"zhuzhou: unit obstructing pays 3000 to 10000", "zhuzhou", "obstruction", "unit", 3000, 10000, false, "第十七条"},
		{"zhuzhou: individual obstructing, warning or up to 500", "zhuzhou", "obstruction", "individual", 0, 500, true, "第十七条"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, "2024-06-01")
			i := slices.IndexFunc(e.Penalties, func(p rulebook.PenaltyEntry) bool { return p.Violation == tc.violation && p.Who == tc.who })
			if i < 0 {
				t.Fatalf("no penalty for %s/%s in %+v", tc.violation, tc.who, e.Penalties)
			}
			p := e.Penalties[i]
			if p.Citation != tc.citation || p.Warning != tc.warning {
				t.Errorf("got %s warning=%v, want %s warning=%v", p.Citation, p.Warning, tc.citation, tc.warning)
			}
			if tc.max < 0 {
				if p.FineMaxYuan != nil {
					t.Errorf("fine max = %d, want no fine", *p.FineMaxYuan)
				}
				return
			}
			if p.FineMinYuan == nil || p.FineMaxYuan == nil || *p.FineMinYuan != tc.min || *p.FineMaxYuan != tc.max {
				t.Errorf("fine = %v..%v, want %d..%d", p.FineMinYuan, p.FineMaxYuan, tc.min, tc.max)
			}
		})
	}
	for _, code := range []string{"yangzhou", "weihai"} {
		t.Run(code+" sets no penalty of its own", func(t *testing.T) {
			if p := effective(t, code, "2020-06-01").Penalties; len(p) != 0 {
				t.Errorf("penalties = %+v, want none", p)
			}
		})
	}
}

func TestValidityFromSeeds(t *testing.T) {
	tests := []struct {
		name, code, on string
		inForce        bool
	}{
		{"nanchang not yet in force the day before", "nanchang", "2016-09-30", false},
		{"nanchang in force from 2016-10-01", "nanchang", "2016-10-01", true},
		{"liaoning in force from 2008-01-01", "liaoning", "2008-01-01", true},
		{"liaoning not in force in 2007", "liaoning", "2007-12-31", false},
		{"yangzhou in force from 2021-04-12", "yangzhou", "2021-04-12", true},
		{"yangzhou not in force on 2021-04-11", "yangzhou", "2021-04-11", false},
		{"weihai not in force before 2015", "weihai", "2014-12-31", false},
		{"weihai in force on its first expiry day", "weihai", "2019-12-31", true},
		{"weihai extended past 2019", "weihai", "2020-01-01", true},
		{"weihai in force on its extended last day", "weihai", "2024-11-30", true},
		{"weihai expired after 2024-11-30", "weihai", "2024-12-01", false},
		{"national in force from 2025-04-01", "national", "2025-04-01", true},
		{"national not in force on 2025-03-31", "national", "2025-03-31", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := effective(t, tc.code, tc.on)
			if e.InForce != tc.inForce {
				t.Fatalf("in_force = %v, want %v", e.InForce, tc.inForce)
			}
			if !tc.inForce && len(e.Warnings) == 0 {
				t.Error("a rulebook out of force must carry a warning")
			}
		})
	}
	t.Run("weihai documents", func(t *testing.T) {
		e := effective(t, "weihai", "2020-01-01")
		if e.DocumentNo != "威政发〔2014〕34号" || e.ExpiresOn.String() != "2024-11-30" {
			t.Errorf("document %s expires %s", e.DocumentNo, e.ExpiresOn)
		}
	})
	t.Run("document numbers", func(t *testing.T) {
		for code, doc := range map[string]string{"nanchang": "南昌市人民政府令第157号", "liaoning": "辽宁省人民政府令第211号", "yangzhou": "扬府规〔2021〕2号"} {
			if got := effective(t, code, "2024-06-01").DocumentNo; got != doc {
				t.Errorf("%s document = %s, want %s", code, got, doc)
			}
		}
	})
}

func TestApprovalStagesFromSeeds(t *testing.T) {
	tests := []struct {
		name, code string
		stages     []string
	}{
		{"weihai plans pass expert review before approval", "weihai", []string{"draft", "expert_review", "approve"}},
		{"nanchang plans go from police to city government", "nanchang", []string{"draft", "approve"}},
		{"yangzhou plans go to the same-level government", "yangzhou", []string{"draft", "approve"}},
		{"zhuzhou plans go to the city government", "zhuzhou", []string{"draft", "approve"}},
		{"liaoning sets no plan approval procedure", "liaoning", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range effective(t, tc.code, "2020-06-01").ApprovalStages {
				got = append(got, s.Stage)
			}
			if !slices.Equal(got, tc.stages) {
				t.Errorf("stages = %v, want %v", got, tc.stages)
			}
		})
	}
}

// Every quotation in a rulebook's text fields must stand in its seed text, so a typo or an
// invented clause cannot pass for the law. Liaoning's seed is in traditional characters
// with damaged bytes, so its quotations (in simplified characters) cannot be compared.
func TestQuotationsStandInSeeds(t *testing.T) {
	seeds := testenv.Shared(t, "seeds")
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	space := regexp.MustCompile(`\s+`)
	// The seeds mix full-width and half-width punctuation; compare them as one.
	punct := strings.NewReplacer(",", "，", ";", "；", ":", "：", "(", "（", ")", "）")
	norm := func(s string) string { return punct.Replace(space.ReplaceAllString(s, "")) }
	for _, code := range []string{"national", "nanchang", "yangzhou", "zhuzhou", "weihai"} {
		b, err := lib.Rulebook(code)
		if err != nil {
			t.Fatal(err)
		}
		// Local seeds are named NNN_hash.txt, the national one national_order_799.txt.
		files, _ := filepath.Glob(filepath.Join(seeds, b.Seed+"_*.txt"))
		if exact := filepath.Join(seeds, b.Seed+".txt"); len(files) == 0 {
			files, _ = filepath.Glob(exact)
		}
		if b.Seed == "" || len(files) != 1 {
			t.Fatalf("%s: want one seed file for seed %q, found %v", code, b.Seed, files)
		}
		raw, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		text := norm(string(raw))
		quotes := quotations(b)
		if len(quotes) == 0 {
			t.Errorf("%s: no quotations to check", code)
		}
		for _, q := range quotes {
			if !strings.Contains(text, norm(q)) {
				t.Errorf("%s: quotation not in seed %s: %s", code, filepath.Base(files[0]), q)
			}
		}
	}
}

// quotations lists every text: field of a rulebook.
func quotations(b *rulebook.Rulebook) []string {
	var quotes []string
	for _, r := range slices.Concat(b.Mandatory, b.GovernmentOnly, b.GovernmentBuilt, b.OperatorBuilt) {
		quotes = append(quotes, r.Text)
	}
	for _, r := range b.Prohibited {
		quotes = append(quotes, r.Text)
	}
	for _, p := range []*rulebook.ProvisionRule{b.PrivacyCheck, b.Placement, b.AvoidDuplication} {
		if p != nil {
			quotes = append(quotes, p.Text)
		}
	}
	if b.Acceptance != nil {
		quotes = append(quotes, b.Acceptance.Text)
	}
	for _, r := range b.Installation {
		quotes = append(quotes, r.Text)
	}
	for _, r := range b.Exemptions {
		quotes = append(quotes, r.Text)
	}
	for _, r := range b.Duties {
		quotes = append(quotes, r.Text)
	}
	for _, p := range b.Penalties {
		if p.FurtherZh != "" {
			quotes = append(quotes, p.FurtherZh)
		}
	}
	return quotes
}

func TestBadRulebooksAreRejected(t *testing.T) {
	taxonomy, err := os.ReadFile("taxonomy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	national, err := os.ReadFile("national.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const head = "code: testcity\nname_zh: 测试\nname_en: Test\nlevel: municipal\nvalidity: {document_no: X1, effective_from: 2020-01-01}\n"
	tests := []struct {
		name, body string
		wantErr    error
		wantText   []string // all must appear in the message
	}{
		{"unknown category", head + "mandatory_categories:\n  - {cite: {art: 8, item: 1}, categories: [school]}\n",
			rulebook.ErrUnknown, []string{"rules/testcity.yaml", "mandatory_categories[0] (第八条第（一）项)", "categories", `"school"`}},
		{"unknown space", head + "prohibited_spaces:\n  - {cite: {art: 9}, spaces: [sauna]}\n",
			rulebook.ErrUnknown, []string{"rules/testcity.yaml", "prohibited_spaces[0] (第九条)", "spaces", `"sauna"`}},
		{"missing citation", head + "retention:\n  - {days: 30}\n",
			rulebook.ErrMissing, []string{"rules/testcity.yaml", "retention[0]", "cite"}},
		{"impossible date", "code: testcity\nname_zh: 测试\nname_en: Test\nlevel: municipal\nvalidity: {document_no: X1, effective_from: 2023-02-30}\n",
			rulebook.ErrBadDate, []string{"rules/testcity.yaml", "line 5", "2023-02-30"}},
		{"date that is not a day", "code: testcity\nname_zh: 测试\nname_en: Test\nlevel: municipal\nvalidity: {document_no: X1, effective_from: [2020-01-01]}\n",
			nil, []string{"rules/testcity.yaml", "line 5", "!!seq", "date"}},
		{"number that is a word", head + "retention:\n  - {days: thirty, cite: {art: 17}}\n",
			nil, []string{"rules/testcity.yaml", "line 7", "thirty", "int"}},
		{"expiry before effect", "code: testcity\nname_zh: 测试\nname_en: Test\nlevel: municipal\nvalidity: {document_no: X1, effective_from: 2020-01-01, expires_on: 2019-01-01}\n",
			rulebook.ErrInvalid, []string{"rules/testcity.yaml", "validity", "expires_on"}},
		{"duplicate space", head + "prohibited_spaces:\n  - {cite: {art: 9}, spaces: [bath]}\n  - {cite: {art: 10}, spaces: [bath]}\n",
			rulebook.ErrDuplicate, []string{"prohibited_spaces[1] (第十条)", "spaces", `"bath"`}},
		{"duplicate citation", head + "mandatory_categories:\n  - {cite: {art: 8, item: 1}, categories: [park]}\n  - {cite: {art: 8, item: 1}, categories: [square]}\n",
			rulebook.ErrDuplicate, []string{"mandatory_categories[1]", "cite"}},
		{"duplicate category in one item", head + "mandatory_categories:\n  - {cite: {art: 8, item: 1}, categories: [park, park]}\n",
			rulebook.ErrDuplicate, []string{"mandatory_categories[0]", `"park" listed twice`}},
		{"unknown violation", head + "penalties:\n  - {cite: {art: 20}, violations: [speeding], sanctions: [{who: unit, fine_max_yuan: 100}]}\n",
			rulebook.ErrUnknown, []string{"penalties[0] (第二十条)", "violations", `"speeding"`}},
		{"fine range upside down", head + "penalties:\n  - {cite: {art: 20}, violations: [no_signage], sanctions: [{who: unit, fine_min_yuan: 500, fine_max_yuan: 200}]}\n",
			rulebook.ErrInvalid, []string{"penalties[0] (第二十条)", "sanctions[0].fine_max_yuan"}},
		{"signage scope unknown", head + "signage: {required_for: some, cite: {art: 10}}\n",
			rulebook.ErrInvalid, []string{"signage", "required_for", `"some"`}},
		{"misspelt field", head + "retenton:\n  - {days: 30, cite: {art: 17}}\n",
			nil, []string{"rules/testcity.yaml", "retenton"}},
		{"unknown install places", head + "installation:\n  - {cite: {art: 9}, text: t, places: roofs, who: any, conditions: [necessary]}\n",
			rulebook.ErrInvalid, []string{"installation[0] (第九条)", "places", `"roofs"`}},
		{"unknown install condition", head + "installation:\n  - {cite: {art: 9}, text: t, places: other_public_places, who: any, conditions: [paid]}\n",
			rulebook.ErrUnknown, []string{"installation[0] (第九条)", "conditions", `"paid"`}},
		{"prompt filing with days", head + "filing:\n  - {what: change, promptly: true, days: 3, cite: {art: 14}}\n",
			rulebook.ErrInvalid, []string{"filing[0] (第十四条)", "days"}},
		{"serious consequences without an order first", head + "penalties:\n  - {cite: {art: 30}, violations: [device_altered], or_serious_consequences: true, sanctions: [{who: unit, fine_max_yuan: 100}]}\n",
			rulebook.ErrInvalid, []string{"penalties[0] (第三十条)", "or_serious_consequences"}},
		{"exemption from nothing", head + "exemptions:\n  - {cite: {art: 9, par: 2}, text: t, places: other_public_places}\n",
			rulebook.ErrMissing, []string{"exemptions[0] (第九条第二款)", "exempt_from"}},
		{"unknown duty violation", head + "duties:\n  - {cite: {art: 15}, text: t, duties: [keep_running], violation: sleeping}\n",
			rulebook.ErrUnknown, []string{"duties[0] (第十五条)", "violation", `"sleeping"`}},
		{"file named for another code", "code: othercity\nname_zh: 测试\nname_en: Test\nlevel: municipal\nvalidity: {document_no: X1, effective_from: 2020-01-01}\n",
			rulebook.ErrInvalid, []string{"rules/testcity.yaml", `"othercity"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"rules/taxonomy.yaml": {Data: taxonomy},
				"rules/national.yaml": {Data: national},
				"rules/testcity.yaml": {Data: []byte(tc.body)},
			}
			_, err := rules.Load(fsys, "rules")
			if err == nil {
				t.Fatal("loaded a bad rulebook without error")
			}
			var fe *rules.FileError
			if !errors.As(err, &fe) {
				t.Errorf("error %T is not a *rules.FileError", err)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tc.wantErr)
			}
			for _, s := range tc.wantText {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not name %q", err, s)
				}
			}
		})
	}
}
