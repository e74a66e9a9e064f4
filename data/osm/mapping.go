package osm

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/osm"
)

// TagRule is one row of a mapping table: an element whose tag Key has Value, and that
// also has the tag With names when With is set, maps to Category.
type TagRule struct {
	Key   string
	Value string
	// With is a further tag the element must have: "key=value", or "key" for any value;
	// empty for none.
	With string
	// Category is a site category or road class of the taxonomy, or a private space kind.
	Category string
}

// matches reports whether tags hold the row's tag and its further tag.
func (m TagRule) matches(tags osm.Tags) bool {
	if tags.Find(m.Key) != m.Value {
		return false
	}
	if m.With == "" {
		return true
	}
	k, v, valued := strings.Cut(m.With, "=")
	got := tags.Find(k)
	return got != "" && (!valued || got == v)
}

// match returns the category of the first row of table that tags match, "" for none.
func match(table []TagRule, tags osm.Tags) string {
	for _, m := range table {
		if m.matches(tags) {
			return m.Category
		}
	}
	return ""
}

// Mapping says what a read makes of OpenStreetMap tags: which elements become sites of
// which categories, roads of which classes and private spaces of which kinds. In each
// table the first row an element matches wins, so narrower rows come first. Read does
// not modify it. ReadMappingFile reads one from a mapping file, the format of
// DefaultMappingYAML.
type Mapping struct {
	// Categories maps tags of nodes, closed ways and multipolygon relations to site
	// categories. Nodes become Point sites, closed ways Polygon sites and multipolygons
	// Polygon or MultiPolygon sites with their holes.
	Categories []TagRule
	// Passages maps tags of ways people pass along (footbridges, underpasses) to site
	// categories: each such way, open or closed, becomes a Point site at its middle whose
	// two ends are its entrances, the places a camera must see.
	Passages []TagRule
	// RoadClasses maps tags of ways to road classes; one way is one road.
	RoadClasses []TagRule
	// PrivateSpaces maps tags of closed ways and multipolygons to private space kinds; a
	// node with these tags has no extent and is skipped.
	PrivateSpaces []TagRule
	// OccluderKeys are the keys that make a closed way or multipolygon an occluder when
	// they have any value but "no": building.
	OccluderKeys []string
	// StationEntrances maps tags of nodes to the site category whose entrances they are:
	// a node matching a row becomes an entrance of the nearest site of that category that
	// contains it or lies within StationEntranceRadius metres (railway=subway_entrance →
	// metro_station).
	StationEntrances []TagRule
}

// defaultMapping is mapping.yaml decoded, which DefaultMapping copies.
var defaultMapping = func() *Mapping {
	m, err := decodeMapping("mapping.yaml", defaultMappingYAML, nil)
	if err != nil {
		// Only a change to mapping.yaml can break it, and its tests fail first.
		panic("osm: the embedded default mapping: " + err.Error())
	}
	return m
}()

// DefaultMapping returns a new copy of the mapping a read uses when its Options name
// none: the file mapping.yaml of this package, embedded, which says why it maps what it
// maps and which README documents. Changing the copy changes no later copy.
func DefaultMapping() *Mapping {
	m := defaultMapping
	return &Mapping{
		Categories:       slices.Clone(m.Categories),
		Passages:         slices.Clone(m.Passages),
		RoadClasses:      slices.Clone(m.RoadClasses),
		PrivateSpaces:    slices.Clone(m.PrivateSpaces),
		OccluderKeys:     slices.Clone(m.OccluderKeys),
		StationEntrances: slices.Clone(m.StationEntrances),
	}
}

// check returns an error wrapping ErrInvalidOSMOptions for a row that could never match
// or maps to nothing.
func (m *Mapping) check() error {
	for _, t := range []struct {
		name  string
		table []TagRule
	}{{"Categories", m.Categories}, {"Passages", m.Passages}, {"RoadClasses", m.RoadClasses},
		{"PrivateSpaces", m.PrivateSpaces}, {"StationEntrances", m.StationEntrances}} {
		for i, r := range t.table {
			if r.Key == "" || r.Value == "" || r.Category == "" {
				return fmt.Errorf("%w: Mapping.%s[%d] %+v lacks a key, value or category", ErrInvalidOSMOptions, t.name, i, r)
			}
		}
	}
	if slices.Contains(m.OccluderKeys, "") {
		return fmt.Errorf("%w: Mapping.OccluderKeys holds an empty key", ErrInvalidOSMOptions)
	}
	return nil
}
