package table

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"cctvgis/planner/coverage"
)

// The fields of a table without geometries that give its points.
const (
	fieldLon = "lon"
	fieldLat = "lat"
)

// fieldCameraDistrict is the district a camera registry's row names, under the headers of
// the district field: not stored with the camera, it is compared with the district the
// camera stands in (Report.Districts).
const fieldCameraDistrict = "district"

// positionField returns the field of a position column.
func positionField(name string) (coverage.Field, bool) {
	switch name {
	case fieldLon, fieldLat:
		return coverage.Field{Name: name, Kind: coverage.FieldNumber, Required: true}, true
	}
	return coverage.Field{}, false
}

// How a field came to its column.
const (
	// ByName is a column named as the field ("azimuth").
	ByName = "name"
	// ByHeader is a column whose header is one of the field's common names (方向, 朝向).
	ByHeader = "header"
	// ByUser is a column the user chose (--map).
	ByUser = "map"
)

// Pair is one field and the column it is read from.
type Pair struct {
	Field, Column string
	// By says how the column was chosen: ByName, ByHeader or ByUser.
	By string
}

// Mapping is the column each field of a layer is read from.
type Mapping struct {
	// Pairs are the mapped fields, in the layer's field order, then the position fields.
	Pairs []Pair
	// Unused are the columns no field reads.
	Unused []string
	// Fields are the fields a column may give, in the order of Pairs: the layer's, a
	// camera registry's district, then the position fields of a table without
	// geometries; Columns are the table's columns. A mapping editor offers them.
	Fields  []coverage.Field
	Columns []string
	cols    map[string]int
}

// MappingError is a mapping that cannot be used (it matches ErrMapping): a required
// field without a column, or a user's mapping naming no field or no column. Mapping is
// what could be mapped, with every field and column, for the user to complete.
type MappingError struct {
	Mapping Mapping
	Reason  string
}

func (e *MappingError) Error() string { return ErrMapping.Error() + ": " + e.Reason }

// Is makes a MappingError match ErrMapping.
func (e *MappingError) Is(target error) bool { return target == ErrMapping }

// String is the mapping as the import report shows it: "id ← 设备编码, azimuth ← 方向".
func (m Mapping) String() string {
	parts := make([]string, len(m.Pairs))
	for i, p := range m.Pairs {
		parts[i] = p.Field + " ← " + p.Column
	}
	return strings.Join(parts, ", ")
}

// col returns the column index of field, -1 when no column gives it.
func (m Mapping) col(field string) int {
	if i, ok := m.cols[field]; ok {
		return i
	}
	return -1
}

// columnName names field in messages by its column, or by itself when no column gives it.
func (m Mapping) columnName(field string) string {
	for _, p := range m.Pairs {
		if p.Field == field {
			return p.Column
		}
	}
	return field
}

// NewMapping maps the fields of layer desc to columns: first those the user maps
// (user, field → column), then each field to the column named as it, then to the first
// column whose header is one of the field's common names (headers compare without case,
// spaces, underscores and a unit in brackets: "经度(°)" is 经度), then to a column whose
// name or common name a Shapefile cut to its ten bytes ("SURVEILLAN"; "监控距" of
// 监控距离 in UTF-8, its last character cut short and dropped). Each column gives one field.
// With positions, the table has no geometries and the lon and lat fields give its points.
// A required field without a column, or a user mapping naming no field or no column, is
// a *MappingError that says which, with the columns there are and what could be mapped.
func NewMapping(desc *coverage.LayerDesc, columns []string, user map[string]string, positions bool) (Mapping, error) {
	if positions && desc.Kinds&coverage.GeomPoint == 0 {
		return Mapping{}, fmt.Errorf("%w: a table without geometries gives points, and layer %s holds %s", ErrMapping, desc.Name, desc.Kinds)
	}
	fields := slices.Clone(desc.Fields)
	if desc.Name == coverage.LayerCameras {
		fields = append(fields, coverage.Field{Name: fieldCameraDistrict, Kind: coverage.FieldLabel})
	}
	if positions {
		lon, _ := positionField(fieldLon)
		lat, _ := positionField(fieldLat)
		fields = append(fields, lon, lat)
	}
	m := Mapping{Fields: fields, Columns: slices.Clone(columns), cols: map[string]int{}}
	taken := make([]bool, len(columns))
	by := map[string]string{}
	take := func(field string, c int, how string) {
		m.cols[field], taken[c], by[field] = c, true, how
	}
	// A user's mapping that names no field or no column is reported after recognition,
	// so that the error carries the mapping recognised for the user to correct.
	var problems []string
	for _, field := range slices.Sorted(maps.Keys(user)) {
		c := slices.Index(columns, user[field])
		switch {
		case !slices.ContainsFunc(fields, func(f coverage.Field) bool { return f.Name == field }):
			problems = append(problems, fmt.Sprintf("--map names field %q, which layer %s does not have (its fields: %s)", field, desc.Name, fieldNames(fields)))
		case c < 0:
			problems = append(problems, fmt.Sprintf("--map %s=%s names no column (the columns: %s)", field, user[field], strings.Join(columns, ", ")))
		default:
			take(field, c, ByUser)
		}
	}
	norm := make([]string, len(columns))
	for i, c := range columns {
		norm[i] = normalise(c)
	}
	// Each pass maps the fields still unmapped, all fields by one rule before the next
	// rule, so that a field's own name wins over another field's common name.
	passes := []func(f coverage.Field) int{
		func(f coverage.Field) int { return free(norm, taken, normalise(f.Name)) },
		func(f coverage.Field) int {
			for _, h := range headers(desc.Name, f.Name) {
				if c := free(norm, taken, normalise(h)); c >= 0 {
					return c
				}
			}
			return -1
		},
		func(f coverage.Field) int {
			for _, h := range append([]string{f.Name}, headers(desc.Name, f.Name)...) {
				if len(h) > 10 {
					if c := free(norm, taken, normalise(cutName(h))); c >= 0 {
						return c
					}
				}
			}
			return -1
		},
	}
	for i, pass := range passes {
		for _, f := range fields {
			if _, done := m.cols[f.Name]; done {
				continue
			}
			if c := pass(f); c >= 0 {
				take(f.Name, c, []string{ByName, ByHeader, ByHeader}[i])
			}
		}
	}
	for c := range columns {
		for k := range columns {
			if taken[c] && k != c && norm[k] == norm[c] {
				return Mapping{}, fmt.Errorf("%w: column %q appears twice (columns %d and %d)", ErrMapping, strings.TrimSpace(columns[c]), min(k, c)+1, max(k, c)+1)
			}
		}
	}
	var missing []string
	for _, f := range fields {
		c, ok := m.cols[f.Name]
		switch {
		case ok:
			m.Pairs = append(m.Pairs, Pair{Field: f.Name, Column: columns[c], By: by[f.Name]})
		case f.Required:
			missing = append(missing, f.Name+" ("+strings.Join(examples(headers(desc.Name, f.Name)), ", ")+")")
		}
	}
	for c, col := range columns {
		if !taken[c] {
			m.Unused = append(m.Unused, col)
		}
	}
	if missing != nil {
		problems = append(problems, fmt.Sprintf("no column for %s; the columns are %s; name one with --map FIELD=COLUMN",
			strings.Join(missing, "; "), strings.Join(columns, ", ")))
	}
	if problems != nil {
		return Mapping{}, &MappingError{Mapping: m, Reason: strings.Join(problems, "; ")}
	}
	return m, nil
}

// cutName cuts a name to the ten bytes of a Shapefile's field name, at a character.
func cutName(h string) string {
	end := 0
	for i, r := range h {
		if i+utf8.RuneLen(r) > 10 {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	return h[:end]
}

// free returns the first column not taken whose normalised header is h, -1 for none.
func free(norm []string, taken []bool, h string) int {
	for c, n := range norm {
		if !taken[c] && n == h {
			return c
		}
	}
	return -1
}

// normalise folds a header for comparison: lower case, without spaces, underscores,
// hyphens and a trailing unit in brackets ("经度(°)", "Range [m]", "高度（米）").
func normalise(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if strings.HasSuffix(h, ")") || strings.HasSuffix(h, "]") || strings.HasSuffix(h, "）") {
		if i := strings.LastIndexAny(h, "([（"); i > 0 {
			h = h[:i]
		}
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '-' {
			return -1
		}
		return r
	}, h)
}

func fieldNames(fs []coverage.Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// examples are the first few of a field's common headers, for a message.
func examples(hs []string) []string {
	if len(hs) > 4 {
		return append(slices.Clone(hs[:4]), "…")
	}
	return hs
}
