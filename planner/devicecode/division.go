package devicecode

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"cctvgis/internal/fault"
)

// ErrNoDivision is matched by the error of Division for a code the table does not hold.
var ErrNoDivision = fault.New(fault.NotFound, "devicecode: no such GB/T 2260 division")

// Level is the level of an administrative division.
type Level uint8

// The levels GB/T 2260 codes.
const (
	// LevelProvince: a province, autonomous region or municipality (digits 3–6 are 0000).
	LevelProvince Level = iota + 1
	// LevelCity: a prefecture-level city, prefecture or league (digits 5–6 are 00).
	LevelCity
	// LevelCounty: a district, county, county-level city or banner.
	LevelCounty
)

// Place is one administrative division of the GB/T 2260 table.
type Place struct {
	// Code is the six-digit division code.
	Code  string
	Name  string
	Level Level
}

// Path is a division and its parents, province first. A municipality's districts have
// no city between them and the province (北京市, 朝阳区), nor have the counties a province
// administers directly (湖北省, 仙桃市).
type Path []Place

// String joins the names with spaces, e.g. "北京市 朝阳区".
func (p Path) String() string {
	names := make([]string, len(p))
	for i, pl := range p {
		names[i] = pl.Name
	}
	return strings.Join(names, " ")
}

// County returns the name of the path's county-level division, "" when it has none.
func (p Path) County() string {
	if len(p) > 0 && p[len(p)-1].Level == LevelCounty {
		return p[len(p)-1].Name
	}
	return ""
}

// Division returns the division with the six-digit code and its parents, province first.
// The error matches ErrNoDivision when the table holds no such division.
func Division(code string) (Path, error) {
	t := divisions()
	place, ok := t.byCode[code]
	if !ok {
		return nil, fmt.Errorf("division %q: %w", code, ErrNoDivision)
	}
	var path Path
	if place.Level != LevelProvince {
		path = append(path, t.byCode[code[:2]+"0000"])
	}
	if city, ok := t.byCode[code[:4]+"00"]; ok && place.Level == LevelCounty {
		path = append(path, city)
	}
	return append(path, place), nil
}

//go:embed divisions.tsv
var divisionsTSV string

// divisionTable is the embedded table, indexed.
type divisionTable struct {
	byCode map[string]Place
	// cities holds the four-digit prefix of every city and of every county, so that the
	// city part of a municipality's code (1101) is known though 110100 is no division.
	cities map[string]bool
}

// divisions reads the embedded table once.
var divisions = sync.OnceValue(func() *divisionTable {
	t := &divisionTable{byCode: make(map[string]Place, 3300), cities: make(map[string]bool, 500)}
	for line := range strings.Lines(divisionsTSV) {
		line = strings.TrimRight(line, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		code, name, _ := strings.Cut(line, "\t")
		p := Place{Code: code, Name: name, Level: LevelCounty}
		switch {
		case strings.HasSuffix(code, "0000"):
			p.Level = LevelProvince
		case strings.HasSuffix(code, "00"):
			p.Level = LevelCity
			t.cities[code[:4]] = true
		default:
			t.cities[code[:4]] = true
		}
		t.byCode[code] = p
	}
	return t
})
