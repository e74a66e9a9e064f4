package osm

import (
	"bytes"
	_ "embed" // the default mapping file
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"cctvgis/planner/rulebook"

	"go.yaml.in/yaml/v3"
)

// defaultMappingYAML is the default mapping as a file, the one a bureau starts its own
// from.
//
//go:embed mapping.yaml
var defaultMappingYAML []byte

// DefaultMappingYAML returns a copy of the file the default mapping is decoded from,
// comments and all: the mapping.yaml a bureau copies and changes to map its own tags.
func DefaultMappingYAML() []byte { return bytes.Clone(defaultMappingYAML) }

// ErrInvalidMapping is a mapping file a read cannot use; a *MappingError says where.
var ErrInvalidMapping = errors.New("data: invalid OpenStreetMap mapping")

// MappingError is a mapping file that cannot be used, and where in it the fault lies.
// It wraps ErrInvalidMapping.
type MappingError struct {
	// File is the file's name as the caller gave it.
	File string
	// Line is the line of the fault, from 1; 0 when it lies on no one line (an empty file,
	// or a YAML syntax error, whose Reason names its line).
	Line int
	// Field is the path to the value at fault, its place in a list counted from 0 as in
	// the list ("categories[3].category"); "" for the file as a whole.
	Field string
	// Reason says what is wrong.
	Reason string
}

func (e *MappingError) Error() string {
	var b strings.Builder
	b.WriteString(e.File + ": ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap makes every MappingError an ErrInvalidMapping.
func (e *MappingError) Unwrap() error { return ErrInvalidMapping }

// mappingTable is one table of rules in a mapping file: its name there, the field its
// rules name their target with, which ids of the taxonomy that field takes (what, for
// errors, and known), and the Mapping's slice it fills.
type mappingTable struct {
	name, to string
	what     string
	known    func(tax *rulebook.Taxonomy, id string) bool
	rules    func(m *Mapping) *[]TagRule
}

// place reports whether id is a category a site may have: a place, not a road or a
// vehicle, as Layers.Check requires of a site.
func place(tax *rulebook.Taxonomy, id string) bool {
	c, ok := tax.Category(id)
	return ok && (c.Kind == rulebook.KindSite || c.Kind == rulebook.KindArea)
}

// mappingTables are the tables of rules in a mapping file, in the order of the file.
var mappingTables = []mappingTable{
	{"categories", "category", "a category of a place (kind site or area)", place,
		func(m *Mapping) *[]TagRule { return &m.Categories }},
	{"passages", "category", "a category of a place (kind site or area)", place,
		func(m *Mapping) *[]TagRule { return &m.Passages }},
	{"road_classes", "class", "a road class (a category of kind road)",
		func(tax *rulebook.Taxonomy, id string) bool {
			c, ok := tax.Category(id)
			return ok && c.Kind == rulebook.KindRoad
		},
		func(m *Mapping) *[]TagRule { return &m.RoadClasses }},
	{"private_spaces", "space", "a kind of private space",
		func(tax *rulebook.Taxonomy, id string) bool {
			_, ok := tax.Space(id)
			return ok
		},
		func(m *Mapping) *[]TagRule { return &m.PrivateSpaces }},
	{"station_entrances", "category", "a category of a place (kind site or area)", place,
		func(m *Mapping) *[]TagRule { return &m.StationEntrances }},
}

// occluderKeysTable is the table of keys that make occluders, a list of keys, not rules.
const occluderKeysTable = "occluder_keys"

// ReadMappingFile is DecodeMapping of the file at path, named path in its errors.
func ReadMappingFile(path string, tax *rulebook.Taxonomy) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading OpenStreetMap mapping: %w", err)
	}
	return DecodeMapping(path, b, tax)
}

// DecodeMapping decodes a mapping file (the format of DefaultMappingYAML) strictly, for
// the file named name: a key it does not know, a value of the wrong type, an id that is
// not one of the taxonomy's of the table's kind, an empty rule, a rule an earlier one in
// its table always matches first (a duplicate among them), or more than one YAML document
// is a *MappingError naming the line and the field. A table the file leaves out is
// empty: the file is the whole mapping.
func DecodeMapping(name string, b []byte, tax *rulebook.Taxonomy) (*Mapping, error) {
	if tax == nil {
		return nil, errors.New("decoding OpenStreetMap mapping: no taxonomy to check its ids against")
	}
	return decodeMapping(name, b, tax)
}

// decodeMapping is DecodeMapping, checking no ids when tax is nil: the embedded default
// is decoded before any taxonomy is loaded, and a test checks its ids.
func decodeMapping(name string, b []byte, tax *rulebook.Taxonomy) (*Mapping, error) {
	d := mappingDecoder{file: name, tax: tax}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, d.fail(nil, "", "empty file")
		}
		return nil, d.fail(nil, "", err.Error())
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, d.fail(&extra, "", "more than one YAML document")
	}
	m := &Mapping{}
	if err := d.mapping(doc.Content[0], m); err != nil {
		return nil, err
	}
	return m, nil
}

// mappingDecoder walks the nodes of a mapping file, so that each fault names its line.
type mappingDecoder struct {
	file string
	tax  *rulebook.Taxonomy
}

// fail returns the MappingError of the value at n (nil for none), at the path field.
func (d mappingDecoder) fail(n *yaml.Node, field, reason string) error {
	e := &MappingError{File: d.file, Field: field, Reason: reason}
	if n != nil {
		e.Line = n.Line
	}
	return e
}

// mapping decodes the file's top level, a mapping of tables, into m.
func (d mappingDecoder) mapping(n *yaml.Node, m *Mapping) error {
	names := make([]string, 0, len(mappingTables)+1)
	for _, t := range mappingTables {
		names = append(names, t.name)
	}
	names = append(names, occluderKeysTable)
	fields, err := d.fields(n, "", names)
	if err != nil {
		return err
	}
	for _, t := range mappingTables {
		if v, ok := fields[t.name]; ok {
			if err := d.rules(v, t, t.rules(m)); err != nil {
				return err
			}
		}
	}
	if v, ok := fields[occluderKeysTable]; ok {
		keys, err := d.keys(v)
		if err != nil {
			return err
		}
		m.OccluderKeys = keys
	}
	return nil
}

// fields returns the values of the YAML mapping n by key, each key one of known and
// given once; path names n in errors.
func (d mappingDecoder) fields(n *yaml.Node, path string, known []string) (map[string]*yaml.Node, error) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil, d.fail(n, path, fmt.Sprintf("want a mapping of %s, not %s", strings.Join(known, ", "), describe(n)))
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	at := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		field := join(path, k.Value)
		switch {
		case k.Kind != yaml.ScalarNode || !slices.Contains(known, k.Value):
			return nil, d.fail(k, path, fmt.Sprintf("unknown field %s (want %s)", describe(k), strings.Join(known, ", ")))
		case at[k.Value] > 0:
			return nil, d.fail(k, field, fmt.Sprintf("given twice (also on line %d)", at[k.Value]))
		}
		out[k.Value], at[k.Value] = v, k.Line
	}
	return out, nil
}

// rules decodes a table of rules into *into, checking each against the ones before it.
func (d mappingDecoder) rules(n *yaml.Node, t mappingTable, into *[]TagRule) error {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		return d.fail(n, t.name, fmt.Sprintf("want a list of rules ([] for none), not %s", describe(n)))
	}
	rules := make([]TagRule, 0, len(n.Content))
	lines := make([]int, 0, len(n.Content))
	for i, rn := range n.Content {
		rn = resolve(rn)
		r, err := d.rule(rn, fmt.Sprintf("%s[%d]", t.name, i), t)
		if err != nil {
			return err
		}
		for j, before := range rules {
			if reason := shadowed(before, r, lines[j]); reason != "" {
				return d.fail(rn, fmt.Sprintf("%s[%d]", t.name, i), reason)
			}
		}
		rules, lines = append(rules, r), append(lines, rn.Line)
	}
	*into = rules
	return nil
}

// rule decodes one rule of table t, at path.
func (d mappingDecoder) rule(n *yaml.Node, path string, t mappingTable) (TagRule, error) {
	if (n.Kind == yaml.MappingNode && len(n.Content) == 0) || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null") {
		return TagRule{}, d.fail(n, path, "an empty rule (want tag and "+t.to+")")
	}
	fields, err := d.fields(n, path, []string{"tag", "with", t.to})
	if err != nil {
		return TagRule{}, err
	}
	var r TagRule
	tag, ok := fields["tag"]
	if !ok {
		return r, d.fail(n, path, "no tag (want tag: key=value)")
	}
	s, err := d.text(tag, path+".tag")
	if err != nil {
		return r, err
	}
	var valued bool
	r.Key, r.Value, valued = strings.Cut(s, "=")
	if !valued || !tagPart(r.Key) || !tagPart(r.Value) {
		return r, d.fail(tag, path+".tag", fmt.Sprintf("%q is not key=value (such as amenity=school)", s))
	}
	if with, ok := fields["with"]; ok {
		if r.With, err = d.text(with, path+".with"); err != nil {
			return r, err
		}
		k, v, valued := strings.Cut(r.With, "=")
		if !tagPart(k) || valued && !tagPart(v) {
			return r, d.fail(with, path+".with", fmt.Sprintf("%q is neither key=value nor key (such as foot=yes or name)", r.With))
		}
	}
	to, ok := fields[t.to]
	if !ok {
		return r, d.fail(n, path, "no "+t.to)
	}
	if r.Category, err = d.text(to, path+"."+t.to); err != nil {
		return r, err
	}
	if d.tax != nil && !t.known(d.tax, r.Category) {
		return r, d.fail(to, path+"."+t.to, fmt.Sprintf("%q is not %s of the taxonomy (see cctvgis rules categories)", r.Category, t.what))
	}
	return r, nil
}

// keys decodes the occluder keys: a list of distinct keys.
func (d mappingDecoder) keys(n *yaml.Node) ([]string, error) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		return nil, d.fail(n, occluderKeysTable, fmt.Sprintf("want a list of keys ([] for none), not %s", describe(n)))
	}
	keys := make([]string, 0, len(n.Content))
	lines := map[string]int{}
	for i, kn := range n.Content {
		path := fmt.Sprintf("%s[%d]", occluderKeysTable, i)
		k, err := d.text(kn, path)
		if err != nil {
			return nil, err
		}
		switch {
		case !tagPart(k) || strings.Contains(k, "="):
			return nil, d.fail(kn, path, fmt.Sprintf("%q is not a key (such as building; any value but no makes an occluder)", k))
		case lines[k] > 0:
			return nil, d.fail(kn, path, fmt.Sprintf("duplicate key %q (also on line %d)", k, lines[k]))
		}
		keys, lines[k] = append(keys, k), kn.Line
	}
	return keys, nil
}

// text returns the string n holds, or an error naming path when it holds another type.
func (d mappingDecoder) text(n *yaml.Node, path string) (string, error) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		return "", d.fail(n, path, "want text, not "+describe(n))
	}
	return n.Value, nil
}

// shadowed says why rule r can never match when rule before, on line, comes earlier in
// its table ("" when it can): before matches every element r matches.
func shadowed(before, r TagRule, line int) string {
	if before.Key != r.Key || before.Value != r.Value {
		return ""
	}
	withKey, _, _ := strings.Cut(r.With, "=")
	switch {
	case before.With == r.With:
		return fmt.Sprintf("duplicate rule: the rule on line %d has the same tag and with", line)
	case before.With == "", !strings.Contains(before.With, "=") && before.With == withKey:
		return fmt.Sprintf("never matches: the rule on line %d matches every element this one does, and comes first (put the narrower rule first)", line)
	}
	return ""
}

// tagPart reports whether s can be an OpenStreetMap key or value in a rule: not empty,
// without spaces at its ends, which no tag has and a typo around "=" leaves.
func tagPart(s string) bool {
	return s != "" && strings.TrimSpace(s) == s
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// describe names the value of n for an error: its type, and its text when it is short.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	switch n.ShortTag() {
	case "!!null":
		return "nothing"
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	case "!!str":
		return fmt.Sprintf("%q", n.Value)
	}
	return n.ShortTag() + " " + n.Value
}

// join returns the path of field inside path.
func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}
