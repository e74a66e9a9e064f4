package osm_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"cctvgis/data/osm"
	"cctvgis/data/rules"
	"cctvgis/planner/rulebook"
)

// taxonomy returns the taxonomy of the embedded rulebooks.
func taxonomy(t *testing.T) *rulebook.Taxonomy {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatalf("Rules: %v", err)
	}
	return lib.Taxonomy
}

// The embedded mapping.yaml, decoded at init without a taxonomy, passes the taxonomy's
// checks, and DefaultMapping is what it holds.
func TestDefaultMappingYAMLPassesTheTaxonomy(t *testing.T) {
	m, err := osm.DecodeMapping("mapping.yaml", osm.DefaultMappingYAML(), taxonomy(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := osm.DefaultMapping(); !reflect.DeepEqual(m, want) {
		t.Errorf("mapping.yaml decodes to\n%+v\nwant\n%+v", m, want)
	}
}

// A mapping file is the whole mapping: what it leaves out maps nothing.
func TestDecodeMapping(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want *osm.Mapping
	}{
		{"empty tables", "categories: []\noccluder_keys: []\n",
			&osm.Mapping{Categories: []osm.TagRule{}, OccluderKeys: []string{}}},
		{"nothing mapped", "{}\n", &osm.Mapping{}},
		{"one table", `
road_classes:
  - {tag: highway=service, class: village_road}
  - tag: highway=track
    with: tracktype
    class: village_road
`, &osm.Mapping{RoadClasses: []osm.TagRule{
			{Key: "highway", Value: "service", Category: "village_road"},
			{Key: "highway", Value: "track", With: "tracktype", Category: "village_road"},
		}}},
		{"every table", `
categories: [{tag: amenity=cafe, with: name, category: entertainment_venue}]
passages: [{tag: highway=steps, with: tunnel=yes, category: underpass}]
road_classes: [{tag: highway=primary, class: arterial_road}]
private_spaces: [{tag: tourism=hotel, space: hotel_room}]
occluder_keys: [building, "building:part"]
station_entrances: [{tag: railway=train_station_entrance, category: rail_station}]
`, &osm.Mapping{
			Categories:       []osm.TagRule{{Key: "amenity", Value: "cafe", With: "name", Category: "entertainment_venue"}},
			Passages:         []osm.TagRule{{Key: "highway", Value: "steps", With: "tunnel=yes", Category: "underpass"}},
			RoadClasses:      []osm.TagRule{{Key: "highway", Value: "primary", Category: "arterial_road"}},
			PrivateSpaces:    []osm.TagRule{{Key: "tourism", Value: "hotel", Category: "hotel_room"}},
			OccluderKeys:     []string{"building", "building:part"},
			StationEntrances: []osm.TagRule{{Key: "railway", Value: "train_station_entrance", Category: "rail_station"}},
		}},
		{"a value holding =", "categories: [{tag: \"name=A=B\", category: park}]\n",
			&osm.Mapping{Categories: []osm.TagRule{{Key: "name", Value: "A=B", Category: "park"}}}},
		{"a narrower rule first", `
categories:
  - {tag: man_made=bridge, with: foot=yes, category: footbridge}
  - {tag: man_made=bridge, with: foot, category: footbridge}
  - {tag: man_made=bridge, category: bridge}
`, &osm.Mapping{Categories: []osm.TagRule{
			{Key: "man_made", Value: "bridge", With: "foot=yes", Category: "footbridge"},
			{Key: "man_made", Value: "bridge", With: "foot", Category: "footbridge"},
			{Key: "man_made", Value: "bridge", Category: "bridge"},
		}}},
		{"an alias", "categories:\n  - {tag: leisure=park, category: &p park}\n  - {tag: leisure=garden, category: *p}\n",
			&osm.Mapping{Categories: []osm.TagRule{
				{Key: "leisure", Value: "park", Category: "park"},
				{Key: "leisure", Value: "garden", Category: "park"},
			}}},
	}
	tax := taxonomy(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := osm.DecodeMapping("m.yaml", []byte(tc.yaml), tax)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, tc.want) {
				t.Errorf("got %+v, want %+v", m, tc.want)
			}
		})
	}
}

// Each kind of bad file is refused with one line naming the file, the line and the field.
func TestDecodeMappingRefuses(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"empty file", "", "m.yaml: empty file"},
		{"comments only", "# nothing yet\n", "m.yaml: empty file"},
		{"YAML syntax", "categories: [{tag: amenity=school\n", "m.yaml: yaml: line 1: did not find expected ',' or '}'"},
		{"two documents", "categories: []\n---\nroad_classes: []\n", "m.yaml: line 2: more than one YAML document"},
		{"not a mapping", "- {tag: amenity=school, category: education}\n",
			"m.yaml: line 1: want a mapping of categories, passages, road_classes, private_spaces, station_entrances, occluder_keys, not a list"},
		{"unknown table", "categories: []\nroads: []\n",
			`m.yaml: line 2: unknown field "roads" (want categories, passages, road_classes, private_spaces, station_entrances, occluder_keys)`},
		{"table given twice", "categories: []\ncategories: []\n", "m.yaml: line 2: categories: given twice (also on line 1)"},
		{"table not a list", "categories: {tag: amenity=school, category: education}\n",
			"m.yaml: line 1: categories: want a list of rules ([] for none), not a mapping"},
		{"table of nothing", "categories:\nroad_classes: []\n",
			"m.yaml: line 1: categories: want a list of rules ([] for none), not nothing"},
		{"unknown field in a rule", "categories:\n  - {tag: amenity=school, category: education}\n  - {tag: amenity=bank, catgory: financial}\n",
			`m.yaml: line 3: categories[1]: unknown field "catgory" (want tag, with, category)`},
		{"the field of another table", "road_classes: [{tag: highway=primary, category: arterial_road}]\n",
			`m.yaml: line 1: road_classes[0]: unknown field "category" (want tag, with, class)`},
		{"field given twice", "categories:\n  - tag: amenity=school\n    category: education\n    category: medical\n",
			"m.yaml: line 4: categories[0].category: given twice (also on line 3)"},
		{"empty rule", "categories:\n  - {tag: amenity=school, category: education}\n  - {}\n",
			"m.yaml: line 3: categories[1]: an empty rule (want tag and category)"},
		{"null rule", "private_spaces:\n  -\n", "m.yaml: line 2: private_spaces[0]: an empty rule (want tag and space)"},
		{"rule not a mapping", "categories: [amenity=school]\n", `m.yaml: line 1: categories[0]: want a mapping of tag, with, category, not "amenity=school"`},
		{"no tag", "categories: [{category: education}]\n", "m.yaml: line 1: categories[0]: no tag (want tag: key=value)"},
		{"no category", "categories: [{tag: amenity=school}]\n", "m.yaml: line 1: categories[0]: no category"},
		{"no class", "road_classes: [{tag: highway=primary}]\n", "m.yaml: line 1: road_classes[0]: no class"},
		{"tag without a value", "categories: [{tag: amenity, category: education}]\n",
			`m.yaml: line 1: categories[0].tag: "amenity" is not key=value (such as amenity=school)`},
		{"tag with an empty value", "categories: [{tag: amenity=, category: education}]\n",
			`m.yaml: line 1: categories[0].tag: "amenity=" is not key=value (such as amenity=school)`},
		{"tag with spaces around =", "categories: [{tag: amenity = school, category: education}]\n",
			`m.yaml: line 1: categories[0].tag: "amenity = school" is not key=value (such as amenity=school)`},
		{"with of an empty value", "categories: [{tag: man_made=bridge, with: foot=, category: footbridge}]\n",
			`m.yaml: line 1: categories[0].with: "foot=" is neither key=value nor key (such as foot=yes or name)`},
		{"tag a number", "categories: [{tag: 12, category: education}]\n", "m.yaml: line 1: categories[0].tag: want text, not the number 12"},
		{"category a list", "categories: [{tag: amenity=school, category: [education]}]\n",
			"m.yaml: line 1: categories[0].category: want text, not a list"},
		{"with a boolean", "categories: [{tag: amenity=school, with: true, category: education}]\n",
			"m.yaml: line 1: categories[0].with: want text, not the boolean true"},
		{"unknown category", "categories:\n  - {tag: amenity=school, category: schools}\n",
			`m.yaml: line 2: categories[0].category: "schools" is not a category of a place (kind site or area) of the taxonomy (see cctvgis rules categories)`},
		{"road class as a category", "categories: [{tag: highway=primary, category: arterial_road}]\n",
			`m.yaml: line 1: categories[0].category: "arterial_road" is not a category of a place (kind site or area) of the taxonomy (see cctvgis rules categories)`},
		{"category as a road class", "road_classes: [{tag: highway=primary, class: education}]\n",
			`m.yaml: line 1: road_classes[0].class: "education" is not a road class (a category of kind road) of the taxonomy (see cctvgis rules categories)`},
		{"unknown space", "private_spaces: [{tag: amenity=toilets, space: toilets}]\n",
			`m.yaml: line 1: private_spaces[0].space: "toilets" is not a kind of private space of the taxonomy (see cctvgis rules categories)`},
		{"unknown station category", "station_entrances: [{tag: railway=subway_entrance, category: metro}]\n",
			`m.yaml: line 1: station_entrances[0].category: "metro" is not a category of a place (kind site or area) of the taxonomy (see cctvgis rules categories)`},
		{"duplicate rule", "categories:\n  - {tag: amenity=school, category: education}\n  - {tag: amenity=bank, category: financial}\n  - {tag: amenity=school, category: medical}\n",
			"m.yaml: line 4: categories[2]: duplicate rule: the rule on line 2 has the same tag and with"},
		{"duplicate rule with with", "passages:\n  - {tag: highway=footway, with: bridge=yes, category: footbridge}\n  - {tag: highway=footway, with: bridge=yes, category: footbridge}\n",
			"m.yaml: line 3: passages[1]: duplicate rule: the rule on line 2 has the same tag and with"},
		{"narrower rule after a broader one", "categories:\n  - {tag: railway=station, category: rail_station}\n  - {tag: railway=station, with: subway=yes, category: metro_station}\n",
			"m.yaml: line 3: categories[1]: never matches: the rule on line 2 matches every element this one does, and comes first (put the narrower rule first)"},
		{"key-only with before a valued one", "categories:\n  - {tag: man_made=bridge, with: foot, category: footbridge}\n  - {tag: man_made=bridge, with: foot=yes, category: footbridge}\n",
			"m.yaml: line 3: categories[1]: never matches: the rule on line 2 matches every element this one does, and comes first (put the narrower rule first)"},
		{"occluder keys not a list", "occluder_keys: building\n", `m.yaml: line 1: occluder_keys: want a list of keys ([] for none), not "building"`},
		{"occluder key with a value", "occluder_keys: [building=yes]\n",
			`m.yaml: line 1: occluder_keys[0]: "building=yes" is not a key (such as building; any value but no makes an occluder)`},
		{"empty occluder key", "occluder_keys: [\"\"]\n",
			`m.yaml: line 1: occluder_keys[0]: "" is not a key (such as building; any value but no makes an occluder)`},
		{"duplicate occluder key", "occluder_keys:\n  - building\n  - building\n", `m.yaml: line 3: occluder_keys[1]: duplicate key "building" (also on line 2)`},
	}
	tax := taxonomy(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := osm.DecodeMapping("m.yaml", []byte(tc.yaml), tax)
			var me *osm.MappingError
			if !errors.As(err, &me) || !errors.Is(err, osm.ErrInvalidMapping) {
				t.Fatalf("DecodeMapping = %+v, %v; want a *MappingError", m, err)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n%s\nwant\n%s", err, tc.want)
			}
		})
	}
}

// The example mapping file in README's "OpenStreetMap mapping" decodes.
func TestREADMEMappingExampleDecodes(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(b), "### OpenStreetMap mapping")
	_, example, ok := strings.Cut(section, "```yaml\n")
	example, _, _ = strings.Cut(example, "```")
	if !ok {
		t.Fatal("README's OpenStreetMap mapping section has no YAML example")
	}
	m, err := osm.DecodeMapping("README.md", []byte(example), taxonomy(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Categories) == 0 || len(m.Passages) == 0 || len(m.RoadClasses) == 0 || len(m.PrivateSpaces) == 0 ||
		len(m.OccluderKeys) == 0 || len(m.StationEntrances) == 0 {
		t.Errorf("the example leaves out a table: %+v", m)
	}
}

func TestReadMappingFile(t *testing.T) {
	tax := taxonomy(t)
	path := filepath.Join(t.TempDir(), "mine.yaml")
	if err := os.WriteFile(path, []byte("categories: [{tag: amenity=cafe, category: entertainment_venue}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := osm.ReadMappingFile(path, tax)
	if err != nil {
		t.Fatal(err)
	}
	if want := (&osm.Mapping{Categories: []osm.TagRule{{Key: "amenity", Value: "cafe", Category: "entertainment_venue"}}}); !reflect.DeepEqual(m, want) {
		t.Errorf("got %+v, want %+v", m, want)
	}
	if _, err := osm.ReadMappingFile(filepath.Join(t.TempDir(), "missing.yaml"), tax); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v, want ErrNotExist", err)
	}
	if _, err := osm.DecodeMapping("m.yaml", osm.DefaultMappingYAML(), nil); err == nil {
		t.Error("DecodeMapping without a taxonomy checked nothing and said nothing")
	}
}
