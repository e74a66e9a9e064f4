package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// CRSFromWKT returns the coordinate system a well-known-text definition describes: a
// shapefile's .prj (ESRI's WKT), a GeoPackage's srs definition (OGC WKT 1) or WKT 2. An
// EPSG code the text carries for the whole system decides when cctvgis reads that code;
// otherwise the datum, projection method and parameters are matched against the systems
// cctvgis reads (CRSNames), and a text that matches none is refused with ErrUnknownCRS
// naming it: never guessed.
func CRSFromWKT(wkt string) (CRS, error) {
	root, err := parseWKT(wkt)
	if err != nil {
		return CRS{}, fmt.Errorf("%w: %w", ErrUnknownCRS, err)
	}
	if code, ok := root.epsg(); ok {
		if c, err := CRSFromEPSG(code); err == nil {
			return c, nil
		}
	}
	c, err := root.crs()
	if err != nil {
		return CRS{}, fmt.Errorf("%w: %s: %w (accepted: %s)", ErrUnknownCRS, root.describe(), err, CRSNames)
	}
	return c, nil
}

// wktNode is a keyword with its bracketed values: quoted texts, numbers and bare words
// (values), and nested nodes.
type wktNode struct {
	keyword string
	values  []string
	nodes   []*wktNode
}

// The limits of a definition read: real ones are a few kilobytes, a dozen levels deep.
const (
	maxWKTBytes = 64 << 10
	maxWKTDepth = 32
)

// parseWKT reads one WKT node.
func parseWKT(s string) (*wktNode, error) {
	if len(s) > maxWKTBytes {
		return nil, fmt.Errorf("a definition of %d bytes, more than %d", len(s), maxWKTBytes)
	}
	p := &wktParser{s: s}
	n, err := p.node(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, fmt.Errorf("text after the definition at byte %d", p.i)
	}
	return n, nil
}

type wktParser struct {
	s string
	i int
}

func (p *wktParser) space() {
	for p.i < len(p.s) && strings.ContainsRune(" \t\r\n", rune(p.s[p.i])) {
		p.i++
	}
}

// word reads a keyword, number or bare word: up to a delimiter.
func (p *wktParser) word() string {
	p.space()
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune("[](),\" \t\r\n", rune(p.s[p.i])) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *wktParser) node(depth int) (*wktNode, error) {
	if depth > maxWKTDepth {
		return nil, fmt.Errorf("nested more than %d levels deep", maxWKTDepth)
	}
	kw := p.word()
	if kw == "" {
		return nil, fmt.Errorf("a keyword expected at byte %d", p.i)
	}
	n := &wktNode{keyword: strings.ToUpper(kw)}
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != '[' && p.s[p.i] != '(' {
		return nil, fmt.Errorf("%s: '[' expected at byte %d", kw, p.i)
	}
	closing := byte(']')
	if p.s[p.i] == '(' {
		closing = ')'
	}
	p.i++
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, fmt.Errorf("%s: not closed", kw)
		}
		switch p.s[p.i] {
		case '"':
			end := strings.IndexByte(p.s[p.i+1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("%s: a text not closed", kw)
			}
			n.values = append(n.values, p.s[p.i+1:p.i+1+end])
			p.i += end + 2
		default:
			start := p.i
			w := p.word()
			p.space()
			if w != "" && p.i < len(p.s) && (p.s[p.i] == '[' || p.s[p.i] == '(') {
				p.i = start
				child, err := p.node(depth + 1)
				if err != nil {
					return nil, err
				}
				n.nodes = append(n.nodes, child)
			} else if w != "" {
				n.values = append(n.values, w)
			} else {
				return nil, fmt.Errorf("%s: unexpected %q at byte %d", kw, p.s[p.i], p.i)
			}
		}
		p.space()
		if p.i >= len(p.s) {
			return nil, fmt.Errorf("%s: not closed", kw)
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case closing:
			p.i++
			return n, nil
		default:
			return nil, fmt.Errorf("%s: ',' or '%c' expected at byte %d", kw, closing, p.i)
		}
	}
}

// child returns the first child node with one of the keywords.
func (n *wktNode) child(keywords ...string) *wktNode {
	for _, c := range n.nodes {
		for _, k := range keywords {
			if c.keyword == k {
				return c
			}
		}
	}
	return nil
}

// name is the node's first text, "" when it has none.
func (n *wktNode) name() string {
	if n == nil || len(n.values) == 0 {
		return ""
	}
	return n.values[0]
}

// epsg returns the EPSG code the node carries for itself: AUTHORITY["EPSG","4547"] in WKT
// 1, ID["EPSG",4547] in WKT 2.
func (n *wktNode) epsg() (int, bool) {
	id := n.child("AUTHORITY", "ID")
	if id == nil || len(id.values) < 2 || !strings.EqualFold(id.values[0], "EPSG") {
		return 0, false
	}
	code, err := strconv.Atoi(id.values[1])
	return code, err == nil
}

// describe names the system for messages: its name and EPSG code when it has one.
func (n *wktNode) describe() string {
	s := fmt.Sprintf("%q", n.name())
	if code, ok := n.epsg(); ok {
		s += fmt.Sprintf(" (EPSG:%d)", code)
	}
	return s
}

// crs matches the node against the systems cctvgis reads.
func (n *wktNode) crs() (CRS, error) {
	switch n.keyword {
	case "GEOGCS", "GEOGCRS", "GEODCRS", "GEOGRAPHICCRS", "GEODETICCRS":
		e, err := n.ellipsoid()
		switch {
		case err != nil:
			return CRS{}, err
		case e == ellpsCGCS2000:
			return CGCS2000, nil
		}
		return WGS84, nil
	case "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return n.projected()
	}
	return CRS{}, fmt.Errorf("a %s, not a geographic or projected system", n.keyword)
}

// ellipsoid returns the datum's ellipsoid when it is WGS84's or CGCS2000's (the datums
// cctvgis reads), by its axis and inverse flattening.
func (n *wktNode) ellipsoid() (ellipsoid, error) {
	datum := n.child("DATUM", "GEODETICDATUM", "TRF")
	if datum == nil {
		// WKT 2 may give the datum through an ensemble.
		datum = n.child("ENSEMBLE")
	}
	if datum == nil {
		return ellipsoid{}, fmt.Errorf("no datum")
	}
	sph := datum.child("SPHEROID", "ELLIPSOID")
	if sph == nil || len(sph.values) < 3 {
		return ellipsoid{}, fmt.Errorf("datum %q has no ellipsoid", datum.name())
	}
	a, err1 := strconv.ParseFloat(sph.values[1], 64)
	rf, err2 := strconv.ParseFloat(sph.values[2], 64)
	if err1 != nil || err2 != nil {
		return ellipsoid{}, fmt.Errorf("ellipsoid %q has no axis and flattening", sph.name())
	}
	for _, e := range []ellipsoid{ellpsWGS84, ellpsCGCS2000} {
		if a == e.a && math.Abs(rf-1/e.f) < 1e-6 {
			return e, nil
		}
	}
	return ellipsoid{}, fmt.Errorf("datum %q on ellipsoid %q (a %g, 1/f %g) is neither WGS84 nor CGCS2000", datum.name(), sph.name(), a, rf)
}

// projected matches a projected system: a transverse Mercator on CGCS2000 as one of its
// Gauss-Krüger zones, on WGS84 as a UTM zone, or Web Mercator.
func (n *wktNode) projected() (CRS, error) {
	base := n.child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS")
	if base == nil {
		return CRS{}, fmt.Errorf("no geographic base")
	}
	e, err := base.ellipsoid()
	if err != nil {
		return CRS{}, err
	}
	if unit := n.unit(); unit != 1 {
		return CRS{}, fmt.Errorf("a unit of %g m, not metres", unit)
	}
	method, params := n.method()
	m := strings.ToLower(strings.NewReplacer(" ", "_", "-", "_").Replace(method))
	switch {
	case m == "mercator_auxiliary_sphere" || strings.Contains(m, "pseudo_mercator") || m == "mercator_1sp" && n.sphericalPROJ4():
		return WebMercator, nil
	case m != "transverse_mercator" && m != "gauss_kruger":
		return CRS{}, fmt.Errorf("a %s projection", method)
	}
	tm := tmerc{ellps: e, lon0: params["central_meridian"], k0: params["scale_factor"], x0: params["false_easting"], y0: params["false_northing"]}
	if params["latitude_of_origin"] != 0 {
		return CRS{}, fmt.Errorf("a transverse Mercator with its origin at latitude %g", params["latitude_of_origin"])
	}
	// The 6- and 3-degree zones without the zone number in the easting coincide where
	// their central meridians do; the name says which one the file means.
	name := strings.NewReplacer("_", " ", "-", " ").Replace(strings.ToLower(n.name()))
	sixDegree := (strings.Contains(name, "gauss") || strings.Contains(name, "gk")) && !strings.Contains(name, "3 degree")
	for _, code := range tmCandidates(tm, sixDegree) {
		if c, err := CRSFromEPSG(code); err == nil && c.tm == tm {
			return c, nil
		}
	}
	return CRS{}, fmt.Errorf("a transverse Mercator (central meridian %g, scale %g, false easting %g, false northing %g) that is no CGCS2000 Gauss-Krüger or UTM zone",
		tm.lon0, tm.k0, tm.x0, tm.y0)
}

// tmCandidates are the EPSG codes a transverse Mercator may be, by its central meridian:
// the 3-degree Gauss-Krüger zones before the 6-degree ones, or after them when sixDegree.
func tmCandidates(tm tmerc, sixDegree bool) []int {
	cm := int(math.Round(tm.lon0))
	var three, six []int
	if cm%3 == 0 {
		zone := cm / 3
		three = []int{4534 + zone - 25, 4513 + zone - 25}
	}
	if (cm+3)%6 == 0 {
		zone := (cm + 3) / 6
		six = []int{4502 + zone - 13, 4491 + zone - 13}
	}
	out := append(three, six...)
	if sixDegree {
		out = append(six, three...)
	}
	if utmZone := (cm + 183) / 6; (cm+183)%6 == 0 && utmZone >= 1 && utmZone <= 60 {
		out = append(out, 32600+utmZone, 32700+utmZone)
	}
	return out
}

// sphericalPROJ4 reports whether GDAL's PROJ.4 extension of a Mercator puts it on a sphere
// of WGS84's axis: Web Mercator as GDAL writes it in WKT 1.
func (n *wktNode) sphericalPROJ4() bool {
	ext := n.child("EXTENSION")
	return ext != nil && len(ext.values) >= 2 && strings.EqualFold(ext.values[0], "PROJ4") &&
		strings.Contains(ext.values[1], "+a=6378137 ") && strings.Contains(ext.values[1], "+b=6378137 ")
}

// unit returns the length unit's size in metres of a projected system, 1 when it names
// none.
func (n *wktNode) unit() float64 {
	u := n.child("UNIT", "LENGTHUNIT")
	if u == nil {
		if cs := n.child("AXIS"); cs != nil {
			u = cs.child("LENGTHUNIT")
		}
	}
	if u == nil || len(u.values) < 2 {
		return 1
	}
	v, err := strconv.ParseFloat(u.values[1], 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// method returns a projected system's projection method and its parameters, by their
// WKT 1 names (central_meridian, scale_factor, …), from either WKT.
func (n *wktNode) method() (string, map[string]float64) {
	params := map[string]float64{"scale_factor": 1}
	holder := n
	method := n.child("PROJECTION").name()
	if conv := n.child("CONVERSION"); conv != nil {
		holder, method = conv, conv.child("METHOD").name()
	}
	names := map[string]string{
		"longitude of natural origin": "central_meridian", "latitude of natural origin": "latitude_of_origin",
		"scale factor at natural origin": "scale_factor", "false easting": "false_easting", "false northing": "false_northing",
	}
	for _, p := range holder.nodes {
		if p.keyword != "PARAMETER" || len(p.values) < 2 {
			continue
		}
		key := strings.ToLower(p.values[0])
		if k, ok := names[key]; ok {
			key = k
		}
		key = strings.ReplaceAll(key, " ", "_")
		if v, err := strconv.ParseFloat(p.values[1], 64); err == nil {
			params[key] = v
		}
	}
	return method, params
}
