package rulebook_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/rules"
	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

func TestTaxonomyWithin(t *testing.T) {
	road := func(id, within string) rulebook.Category {
		return rulebook.Category{Term: rulebook.Term{ID: id, Zh: id, En: id}, Kind: rulebook.KindRoad, Within: within}
	}
	site := rulebook.Category{Term: rulebook.Term{ID: "square", Zh: "广场", En: "Square"}, Kind: rulebook.KindSite, Within: "urban_road"}
	tests := []struct {
		name string
		cats []rulebook.Category
		want error // nil when the taxonomy is valid
	}{
		{"a chain", []rulebook.Category{road("arterial_road", "urban_road"), road("urban_road", "")}, nil},
		{"unknown broader class", []rulebook.Category{road("arterial_road", "city_road")}, rulebook.ErrUnknown},
		{"within itself", []rulebook.Category{road("urban_road", "urban_road")}, rulebook.ErrInvalid},
		{"a cycle", []rulebook.Category{road("a", "b"), road("b", "a")}, rulebook.ErrInvalid},
		{"a site within a road", []rulebook.Category{site, road("urban_road", "")}, rulebook.ErrInvalid},
		{"a road within a site", []rulebook.Category{road("arterial_road", "square"), {Term: site.Term, Kind: rulebook.KindSite}}, rulebook.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tax := rulebook.Taxonomy{Categories: tt.cats}
			err := tax.Index()
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Index() = %v, want %v", err, tt.want)
			}
			var fe *rulebook.FieldError
			if err != nil && (!errors.As(err, &fe) || fe.Field != "within") {
				t.Errorf("error %v does not name the field within", err)
			}
		})
	}
}

func TestTaxonomyBroader(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ id, want string }{
		{"arterial_road", "urban_road"},
		{"urban_road", ""},
		{"expressway", ""},
		{"no_such_class", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := strings.Join(lib.Taxonomy.Broader(tt.id), ","); got != tt.want {
				t.Errorf("Broader(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
}

// A rule naming a broader road class makes its narrower classes mandatory: Yangzhou's
// 第八条第（六）项 names 城市道路 (urban roads), which include the arterials (主干道); Nanchang's
// 第八条第（二）项 names only 城市干道 (arterials), which makes no other urban road mandatory.
// Each case checks that the quoted words stand in the seed text before relying on them.
func TestMandatoryRoadClassesFollowTheHierarchy(t *testing.T) {
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	road := func(id, class string, lon float64) coverage.Road {
		return coverage.Road{ID: id, Class: class, Geometry: orb.LineString{{lon, 32.40}, {lon + 0.002, 32.40}}}
	}
	l := &coverage.Layers{Roads: []coverage.Road{
		road("arterial", "arterial_road", 119.40),
		road("street", "urban_road", 119.41),
		road("motorway", "expressway", 119.42),
		road("village", "village_road", 119.43),
	}}
	type want struct {
		mandatory bool
		citation  string
	}
	tests := []struct {
		rules, seed, words string
		want               map[string]want
	}{
		{"yangzhou", "002_85b4c4f2541d719d.txt", "高速公路、城市道路、桥梁", map[string]want{
			"arterial_road": {true, "第八条第（六）项"}, "urban_road": {true, "第八条第（六）项"}, "expressway": {true, "第八条第（六）项"}, "village_road": {},
		}},
		{"nanchang", "000_e897e0510fde26a6.txt", "城市干道、主要公路的重要交通路段", map[string]want{
			"arterial_road": {true, "第八条第（二）项"}, "urban_road": {}, "expressway": {}, "village_road": {},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.rules, func(t *testing.T) {
			text, err := os.ReadFile(testenv.Shared(t, "seeds", tt.seed))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(text), tt.words) {
				t.Fatalf("seed %s does not say %q", tt.seed, tt.words)
			}
			eff, err := lib.Effective(tt.rules, date(t, "2024-06-01"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := coverage.Analyze(context.Background(), l, eff, lib.Taxonomy, coverage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for class, w := range tt.want {
				i := slices.IndexFunc(res.RoadClasses, func(rc coverage.RoadClassResult) bool { return rc.Class == class })
				if i < 0 {
					t.Fatalf("no result for class %s in %+v", class, res.RoadClasses)
				}
				rc := res.RoadClasses[i]
				got := want{mandatory: rc.Mandatory}
				if rc.Citation != nil {
					got.citation = rc.Citation.Citation
				}
				if got != w {
					t.Errorf("%s: mandatory %v under %+v, want %+v", class, rc.Mandatory, rc.Citation, w)
				}
			}
			for _, r := range res.Roads {
				class := l.Roads[r.Road].Class
				if r.Mandatory != tt.want[class].mandatory {
					t.Errorf("road of class %s: mandatory %v, want %v", class, r.Mandatory, tt.want[class].mandatory)
				}
			}
		})
	}
}
