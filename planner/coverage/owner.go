package coverage

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UnknownOwners says how cameras whose owner is unknown (see IsUnknownOwner) count towards
// the owners of a duplicate-build cell. Real registries and OpenStreetMap often leave the
// owner out; counting all those cameras as one owner, or as many, would make hotspots of
// what is only missing data.
type UnknownOwners string

// The ways cameras of unknown owner count.
const (
	// UnknownNone counts them for no owner: they neither make a cell a duplicate-build
	// cell nor belong to a hotspot. The default.
	UnknownNone UnknownOwners = "none"
	// UnknownAsOne counts them all as one owner, named UnknownOwner.
	UnknownAsOne UnknownOwners = "one"
	// UnknownEach counts each of them as an owner of its own, named UnknownOwner and the
	// camera's id.
	UnknownEach UnknownOwners = "each"
)

// UnknownOwner names, in hotspots, the owner of cameras whose owner is unknown.
const UnknownOwner = "(unknown)"

// ParseUnknownOwners returns the setting named s: none, one or each.
func ParseUnknownOwners(s string) (UnknownOwners, error) {
	switch u := UnknownOwners(s); u {
	case UnknownNone, UnknownAsOne, UnknownEach:
		return u, nil
	}
	return "", fmt.Errorf("%w: unknown owners %q is not one of none, one, each", ErrOptions, s)
}

// OwnerKey returns an owner's name as the analysis compares owners: lower case, full-width
// Latin letters and digits as their ASCII forms, and without white space (the ideographic
// space included), so that "公安局 " and "公安局", or "City Police" and "city police", are
// one owner. Names are shown as given; only comparisons use the key.
func OwnerKey(owner string) string {
	// Most names need no change: plain lower-case ASCII, or text without spaces or
	// letters of case (Chinese); only those with something to fold pay for strings.Map.
	plain := true
	for i := 0; i < len(owner) && plain; i++ {
		b := owner[i]
		plain = b > ' ' && b < utf8.RuneSelf && (b < 'A' || b > 'Z')
	}
	if plain {
		return owner
	}
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case r >= '！' && r <= '～':
			r -= '！' - '!'
		}
		return unicode.ToLower(r)
	}, owner)
}

// unknownKey reports whether k, a key of OwnerKey, is one of an owner value that means
// nobody knows.
func unknownKey(k string) bool {
	switch k {
	case "", "unknown", "(unknown)", "n/a", "none", "null", "-", "?", "未知", "不详", "不明", "无":
		return true
	}
	return false
}

// IsUnknownOwner reports whether an owner value says the owner is unknown: empty, or one
// of unknown, (unknown), n/a, none, null, -, ?, 未知, 不详, 不明 and 无, compared as
// OwnerKey does (OpenStreetMap imports name cameras without an operator "unknown").
func IsUnknownOwner(owner string) bool { return unknownKey(OwnerKey(owner)) }

// ownerKey returns the key camera c counts under for u, whether its owner is unknown, and
// false when it counts for no owner. The keys of unknown owners hold a space, which
// OwnerKey never leaves in a known name's.
func (u UnknownOwners) ownerKey(c *Camera) (key string, unknown, counts bool) {
	k := OwnerKey(c.Owner)
	if !unknownKey(k) {
		return k, false, true
	}
	switch u {
	case UnknownAsOne:
		return " unknown", true, true
	case UnknownEach:
		return " unknown " + c.ID, true, true
	}
	return "", true, false
}

// owners numbers the distinct owners of a camera layer as the analysis compares them.
type owners struct {
	// names are the owners' names for display, by number: of the names a key was given
	// as, the least, so that it does not depend on the order of the layer.
	names []string
	// of is each camera's owner number, -1 for a camera that counts for no owner.
	of []int32
	// unknown counts the cameras of unknown owner.
	unknown int
}

func indexOwners(cams []Camera, u UnknownOwners) owners {
	ids := make(map[string]int32, len(cams)/4)
	o := owners{of: make([]int32, len(cams)), names: make([]string, 0, len(cams)/4)}
	for i := range cams {
		c := &cams[i]
		key, unknown, counts := u.ownerKey(c)
		name := c.Owner
		if unknown {
			o.unknown++
			name = UnknownOwner
			if u == UnknownEach {
				name += " " + c.ID
			}
		}
		if !counts {
			o.of[i] = -1
			continue
		}
		id, seen := ids[key]
		switch {
		case !seen:
			id = int32(len(o.names))
			ids[key] = id
			o.names = append(o.names, name)
		case name < o.names[id]:
			o.names[id] = name
		}
		o.of[i] = id
	}
	return o
}
