package devicecode

import "unicode/utf8"

// Length is the number of digits of a device code.
const Length = 20

// Code is a valid GB/T 28181 device code (coding rule A). The zero Code is no code: its
// String is "".
type Code struct {
	s string
}

// Parse checks s as a 20-digit device code: ASCII digits only, nothing trimmed; digits 1–6
// a GB/T 2260 division (province; city, or 00 for the whole province; county-level
// division, or 00 for the whole city); digits 11–13 a type of Table E.1 (111–999). The
// grassroots unit (7–8), industry (9–10), network (14) and serial (15–20) take any digits:
// the standard gives every value a meaning or reserves it. The error, an *Error, names
// the part at fault and its digits.
func Parse(s string) (Code, error) {
	if n := utf8.RuneCountInString(s); n != Length {
		return Code{}, &Error{Input: s, Part: PartWhole, Value: s, Problem: ProblemLength, count: n}
	}
	i := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			p := partAt(i + 1)
			from, to := p.Digits()
			return Code{}, &Error{Input: s, Part: p, Value: string([]rune(s)[from-1 : to]), Problem: ProblemNotDigits}
		}
		i++
	}
	if err := checkDivision(s); err != nil {
		return Code{}, err
	}
	if t := atoi(s[10:13]); t < typeRanges[0].from {
		return Code{}, &Error{Input: s, Part: PartType, Value: s[10:13], Problem: ProblemUnknownType}
	}
	return Code{s: s}, nil
}

// checkDivision checks digits 1–6 of s, all digits, against the GB/T 2260 table.
func checkDivision(s string) error {
	t := divisions()
	province, city, county := s[0:2]+"0000", s[0:4]+"00", s[0:6]
	pv, ok := t.byCode[province]
	if !ok {
		return &Error{Input: s, Part: PartProvince, Value: s[0:2], Problem: ProblemUnknownDivision}
	}
	if s[2:4] == "00" {
		if s[4:6] != "00" {
			return &Error{Input: s, Part: PartCounty, Value: s[4:6], Problem: ProblemNoCity}
		}
		return nil
	}
	if !t.cities[s[0:4]] {
		return &Error{Input: s, Part: PartCity, Value: s[2:4], Problem: ProblemUnknownDivision, parent: pv.Name}
	}
	if s[4:6] == "00" {
		return nil
	}
	if _, ok := t.byCode[county]; !ok {
		parent := pv.Name
		if c, ok := t.byCode[city]; ok {
			parent = c.Name
		}
		return &Error{Input: s, Part: PartCounty, Value: s[4:6], Problem: ProblemUnknownDivision, parent: parent}
	}
	return nil
}

// atoi reads a string of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// String returns the 20 digits.
func (c Code) String() string { return c.s }

// IsZero reports whether c is the zero Code.
func (c Code) IsZero() bool { return c.s == "" }

// Centre returns the centre code, digits 1–8: the division and the grassroots unit.
func (c Code) Centre() string { return c.slice(PartProvince, PartUnit) }

// DivisionCode returns the six-digit GB/T 2260 division code, digits 1–6.
func (c Code) DivisionCode() string { return c.slice(PartProvince, PartCounty) }

// Unit returns the grassroots unit (基层接入单位), digits 7–8; "00" when the centre is the
// division's own.
func (c Code) Unit() string { return c.slice(PartUnit, PartUnit) }

// Serial returns the device or user serial, digits 15–20.
func (c Code) Serial() string { return c.slice(PartSerial, PartSerial) }

// slice returns the digits from part a to part b, "" for the zero Code.
func (c Code) slice(a, b Part) string {
	if c.s == "" {
		return ""
	}
	from, _ := a.Digits()
	_, to := b.Digits()
	return c.s[from-1 : to]
}

// Division returns the division the code's digits 1–6 name, with its parents, province
// first: 北京市, 朝阳区 for 110105. A code of a whole province or city gives that
// province or city; the city part of a municipality (110100), its province.
func (c Code) Division() Path {
	if c.s == "" {
		return nil
	}
	// A municipality's city part (110100) is no division of the table: its province is.
	for _, code := range []string{c.s[0:6], c.s[0:4] + "00", c.s[0:2] + "0000"} {
		if p, err := Division(code); err == nil {
			return p
		}
	}
	return nil
}

// District returns the name of the county-level division (a district, county or county-level
// city, e.g. 朝阳区) the code's division is or lies in, "" when the code names a whole
// province or city. It is the name to compare with the district a camera's position lies in.
func (c Code) District() string { return c.Division().County() }

// IsCamera reports whether the code's type is a camera: 131 (camera) or 132 (IP camera).
func (c Code) IsCamera() bool {
	t := c.Type().Number
	return t == TypeCamera || t == TypeIPCamera
}

// Type is a device or user type, digits 11–13 (GB/T 28181 Table E.1).
type Type struct {
	// Number is the type code, 111–999.
	Number int
	// Label is the type's name in the 2022 edition; for a value the standard leaves to
	// extension, the name of its range's extensions.
	Label
	// Class is the range the type lies in: front-end main device, front-end peripheral
	// device, platform device, centre user, terminal user, platform external server or
	// extension.
	Class Label
	// Named is whether the standard names the value, rather than leaving it to extension.
	Named bool
}

// Type returns the code's device or user type; the zero Type for the zero Code.
func (c Code) Type() Type {
	if c.s == "" {
		return Type{}
	}
	return typeOf(atoi(c.slice(PartType, PartType)))
}

// typeOf names type n, which Parse has checked lies in a range.
func typeOf(n int) Type {
	t := Type{Number: n}
	for _, r := range typeRanges {
		if n >= r.from && n <= r.to {
			t.Class, t.Label = r.class, r.extension
		}
	}
	for _, r := range roleUsers {
		if n >= r[0] && n <= r[1] {
			t.Label, t.Named = roleUser, true
		}
	}
	if l, ok := typeNames[n]; ok {
		t.Label, t.Named = l, true
	}
	return t
}

// Industry is the industry a device belongs to, digits 9–10 (GB/T 28181 Table E.3).
type Industry struct {
	// Number is the industry code, 0–99.
	Number int
	// Label is the industry's name in the 2022 edition, or "reserved".
	Label
	// Label2016 is the value's name in the 2016 edition where it differs, zero where the
	// editions agree: the 2022 edition named 12–14 anew and renumbered 40–59.
	Label2016 Label
	// Group is who the range's devices belong to: government bodies, enterprises and
	// public institutions, residents, or other parties.
	Group Label
}

// Industry returns the code's industry; the zero Industry for the zero Code.
func (c Code) Industry() Industry {
	if c.s == "" {
		return Industry{}
	}
	n := atoi(c.slice(PartIndustry, PartIndustry))
	ind := Industry{Number: n, Label: reserved}
	for _, g := range industryGroups {
		if n >= g.from && n <= g.to {
			ind.Group = g.group
		}
	}
	old := reserved
	if l, ok := industriesBoth[n]; ok {
		ind.Label, old = l, l
	}
	if l, ok := industries2022[n]; ok {
		ind.Label = l
	}
	if l, ok := industries2016[n]; ok {
		old = l
	}
	if old != ind.Label {
		ind.Label2016 = old
	}
	return ind
}

// Network is the network a device is reached on, digit 14.
type Network struct {
	// Number is the digit, 0–9.
	Number int
	// Label is the network's name in the 2022 edition.
	Label
	// Label2016 is the digit's name in the 2016 edition where it differs, zero where the
	// editions agree.
	Label2016 Label
}

// Network returns the code's network; the zero Network for the zero Code.
func (c Code) Network() Network {
	if c.s == "" {
		return Network{}
	}
	n := atoi(c.slice(PartNetwork, PartNetwork))
	nw := Network{Number: n, Label: networks2022[n]}
	if networks2016[n] != nw.Label {
		nw.Label2016 = networks2016[n]
	}
	return nw
}
