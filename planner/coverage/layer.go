package coverage

import (
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// GeomKinds is a set of geometry types a layer accepts.
type GeomKinds uint8

// The geometry types of the layers.
const (
	GeomPoint GeomKinds = 1 << iota
	GeomLineString
	GeomMultiLineString
	GeomPolygon
	GeomMultiPolygon

	// GeomLines is any linear geometry.
	GeomLines = GeomLineString | GeomMultiLineString
	// GeomAreas is any areal geometry.
	GeomAreas = GeomPolygon | GeomMultiPolygon
)

// geomNames names the geometry types in the order messages list them, by their GeoJSON names.
var geomNames = [...]struct {
	kind GeomKinds
	name string
}{
	{GeomPoint, "Point"},
	{GeomLineString, "LineString"},
	{GeomMultiLineString, "MultiLineString"},
	{GeomPolygon, "Polygon"},
	{GeomMultiPolygon, "MultiPolygon"},
}

// String lists the types of k, such as "Point, Polygon or MultiPolygon".
func (k GeomKinds) String() string {
	var ns []string
	for _, t := range geomNames {
		if k&t.kind != 0 {
			ns = append(ns, t.name)
		}
	}
	switch len(ns) {
	case 0:
		return "no geometry"
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " or " + ns[len(ns)-1]
}

// GeomKindNamed returns the type of the GeoJSON name ("Point", "Polygon", …), 0 for
// another name.
func GeomKindNamed(name string) GeomKinds {
	for _, t := range geomNames {
		if t.name == name {
			return t.kind
		}
	}
	return 0
}

// KindOf returns the type of g as a GeomKinds, 0 for a type no layer holds.
func KindOf(g orb.Geometry) GeomKinds {
	switch g.(type) {
	case orb.Point:
		return GeomPoint
	case orb.LineString:
		return GeomLineString
	case orb.MultiLineString:
		return GeomMultiLineString
	case orb.Polygon:
		return GeomPolygon
	case orb.MultiPolygon:
		return GeomMultiPolygon
	}
	return 0
}

// Check returns why g cannot stand in a layer accepting k, or "" when it can: missing, of
// another type, or empty (no positions, or a part with none).
func (k GeomKinds) Check(g orb.Geometry) string {
	if g == nil {
		return "missing"
	}
	kind := KindOf(g)
	if k&kind == 0 {
		return fmt.Sprintf("%s is not a type this layer holds (want %s)", g.GeoJSONType(), k)
	}
	empty := false
	switch g := g.(type) {
	case orb.LineString:
		empty = len(g) == 0
	case orb.MultiLineString:
		empty = len(g) == 0 || slices.ContainsFunc(g, func(ls orb.LineString) bool { return len(ls) == 0 })
	case orb.Polygon:
		empty = len(g) == 0 || len(g[0]) == 0
	case orb.MultiPolygon:
		empty = len(g) == 0 || slices.ContainsFunc(g, func(p orb.Polygon) bool { return len(p) == 0 || len(p[0]) == 0 })
	}
	if empty {
		return "empty"
	}
	return ""
}

// FieldKind is the type of a layer's attribute.
type FieldKind uint8

// The kinds of field.
const (
	// FieldID is an identifier: a string, or in files also a number taken as its literal text.
	FieldID FieldKind = iota
	// FieldText is free text, such as a name.
	FieldText
	// FieldLabel is text from a small set of values (category, status, owner…), which
	// readers may intern.
	FieldLabel
	// FieldNumber is a finite number.
	FieldNumber
)

// Text reports whether the field holds text (an id, text or a label).
func (k FieldKind) Text() bool { return k != FieldNumber }

// Field is one attribute of a layer's features, under its name in files and its column in
// the store of record.
type Field struct {
	// Name is the property name in GeoJSON and the header in CSV.
	Name string
	// Column is the column of the PostGIS table.
	Column string
	Kind   FieldKind
	// Required fields must be present in files; absent optional fields hold the zero value.
	Required bool
	// Slot is the field's place in Row.Text or Row.Num, by its kind.
	Slot int
}

// Row is one feature of any layer in a layer-neutral form: its text fields, its number
// fields (each in the Slot of its Field) and its geometry. Formats and stores move
// features through a Row, so that what a layer holds is said once, by its LayerDesc.
type Row struct {
	Text [7]string
	Num  [5]float64
	// Geom is the geometry of the layers that accept more than points.
	Geom orb.Geometry
	// Point is the geometry of the layers of points (Kinds == GeomPoint), kept out of an
	// orb.Geometry, which would allocate for every feature.
	Point orb.Point
}

// Geometry returns the row's geometry for a feature of layer d.
func (r *Row) Geometry(d *LayerDesc) orb.Geometry {
	if d.Kinds == GeomPoint {
		return r.Point
	}
	return r.Geom
}

// SetGeometry sets the row's geometry for a feature of layer d; a point layer takes only a
// point (anything else leaves the zero point, which the checks of g refuse first).
func (r *Row) SetGeometry(d *LayerDesc, g orb.Geometry) {
	if d.Kinds == GeomPoint {
		r.Point, _ = g.(orb.Point)
		r.Geom = nil
		return
	}
	r.Geom = g
}

// LayerDesc describes one input layer: its name, the geometry it accepts, its fields and how
// a feature moves between the domain value and a Row. It is the one place that knows what a
// layer is; readers, writers and stores go through it.
type LayerDesc struct {
	Name string
	// Table is the layer's table in the store of record.
	Table string
	// Kinds is the set of geometry types the layer accepts.
	Kinds GeomKinds
	// Fields are the attributes in the order files write them. The first is the one that
	// names a feature in messages (id, site_id for entrances, name for districts).
	Fields []Field
	// Keyed layers have unique, non-empty identifiers in their first field; the entrances
	// are not keyed (they are numbered within their site).
	Keyed bool

	index    int
	length   func(*Layers) int
	truncate func(*Layers, int)
	grow     func(*Layers, int)
	get      func(*Layers, int, *Row)
	add      func(*Layers, *Row)
	keep     func(src, dst *Layers, drop map[int]bool)
}

// IDField is the field that names a feature in messages.
func (d *LayerDesc) IDField() Field { return d.Fields[0] }

// Field returns the field with the given name.
func (d *LayerDesc) Field(name string) (Field, bool) {
	i := slices.IndexFunc(d.Fields, func(f Field) bool { return f.Name == name })
	if i < 0 {
		return Field{}, false
	}
	return d.Fields[i], true
}

// Len returns the number of features of the layer in l.
func (d *LayerDesc) Len(l *Layers) int { return d.length(l) }

// Grow makes room for n more features of the layer in l.
func (d *LayerDesc) Grow(l *Layers, n int) { d.grow(l, n) }

// Get fills r with feature i of the layer in l.
func (d *LayerDesc) Get(l *Layers, i int, r *Row) { d.get(l, i, r) }

// Add appends the feature that r holds to the layer in l.
func (d *LayerDesc) Add(l *Layers, r *Row) { d.add(l, r) }

// ID returns the identifier of feature i: the value of the first field.
func (d *LayerDesc) ID(l *Layers, i int) string {
	var r Row
	d.get(l, i, &r)
	return r.Text[0]
}

// Geometry returns the geometry of feature i.
func (d *LayerDesc) Geometry(l *Layers, i int) orb.Geometry {
	var r Row
	d.get(l, i, &r)
	return r.Geometry(d)
}

// fields builds a layer's field list, numbering each field's slot within its kind.
func fields(fs ...Field) []Field {
	text, num := 0, 0
	for i := range fs {
		if fs[i].Column == "" {
			fs[i].Column = fs[i].Name
		}
		if fs[i].Kind.Text() {
			fs[i].Slot, text = text, text+1
		} else {
			fs[i].Slot, num = num, num+1
		}
	}
	return fs
}

// layerOps builds the slice operations of a layer from the accessor of its slice.
func layerOps[T any](d *LayerDesc, slice func(*Layers) *[]T, get func(*T, *Row), add func(*Row) T) *LayerDesc {
	d.length = func(l *Layers) int { return len(*slice(l)) }
	d.truncate = func(l *Layers, n int) { s := slice(l); *s = (*s)[:n] }
	d.grow = func(l *Layers, n int) { s := slice(l); *s = slices.Grow(*s, n) }
	d.get = func(l *Layers, i int, r *Row) { get(&(*slice(l))[i], r) }
	d.add = func(l *Layers, r *Row) { s := slice(l); *s = Push(*s, add(r)) }
	d.keep = func(src, dst *Layers, drop map[int]bool) { *slice(dst) = keep(*slice(src), drop) }
	return d
}

// layers are the descriptors in the one order of the layers: the order files are written,
// stores are filled (sites before their entrances) and reports list them.
var layers = [numLayers]*LayerDesc{
	layerOps(&LayerDesc{Name: LayerSites, Table: "sites", Kinds: GeomPoint | GeomAreas, Keyed: true,
		Fields: fields(
			Field{Name: "id", Kind: FieldID, Required: true},
			Field{Name: "category", Kind: FieldLabel, Required: true},
			Field{Name: "name", Kind: FieldText},
			Field{Name: "district", Kind: FieldLabel},
		)},
		func(l *Layers) *[]Site { return &l.Sites },
		func(s *Site, r *Row) {
			r.Text[0], r.Text[1], r.Text[2], r.Text[3], r.Geom = s.ID, s.Category, s.Name, s.District, s.Geometry
		},
		func(r *Row) Site {
			return Site{ID: r.Text[0], Category: r.Text[1], Name: r.Text[2], District: r.Text[3], Geometry: r.Geom}
		}),
	layerOps(&LayerDesc{Name: LayerEntrances, Table: "entrances", Kinds: GeomPoint,
		Fields: fields(
			Field{Name: "site_id", Kind: FieldID, Required: true},
			Field{Name: "kind", Kind: FieldLabel},
		)},
		func(l *Layers) *[]Entrance { return &l.Entrances },
		func(e *Entrance, r *Row) { r.Text[0], r.Text[1], r.Point = e.SiteID, e.Kind, e.Pos },
		func(r *Row) Entrance { return Entrance{SiteID: r.Text[0], Kind: r.Text[1], Pos: r.Point} }),
	layerOps(&LayerDesc{Name: LayerCameras, Table: "cameras", Kinds: GeomPoint, Keyed: true,
		Fields: fields(
			Field{Name: "id", Kind: FieldID, Required: true},
			Field{Name: "azimuth", Kind: FieldNumber, Required: true},
			Field{Name: "hfov", Kind: FieldNumber, Required: true},
			Field{Name: "range", Column: "range_m", Kind: FieldNumber, Required: true},
			Field{Name: "owner", Kind: FieldLabel, Required: true},
			Field{Name: "investment", Kind: FieldLabel, Required: true},
			Field{Name: "height", Column: "height_m", Kind: FieldNumber},
			Field{Name: "status", Kind: FieldLabel},
			Field{Name: "direction", Kind: FieldLabel},
			Field{Name: "surveillance", Kind: FieldLabel},
			Field{Name: "mount", Kind: FieldLabel},
			Field{Name: "level", Kind: FieldNumber},
		)},
		func(l *Layers) *[]Camera { return &l.Cameras },
		func(c *Camera, r *Row) {
			r.Text[0], r.Text[1], r.Text[2], r.Text[3] = c.ID, c.Owner, string(c.Investment), c.Status
			r.Text[4], r.Text[5], r.Text[6] = string(c.Direction), c.Surveillance, c.Mount
			r.Num[0], r.Num[1], r.Num[2], r.Num[3], r.Num[4] = c.Azimuth, c.HFOV, c.Range, c.Height, float64(c.Level)
			r.Point = c.Pos
		},
		func(r *Row) Camera {
			return Camera{ID: r.Text[0], Owner: r.Text[1], Investment: Investment(r.Text[2]), Status: r.Text[3],
				Direction: Direction(r.Text[4]), Surveillance: r.Text[5], Mount: r.Text[6],
				Azimuth: r.Num[0], HFOV: r.Num[1], Range: r.Num[2], Height: r.Num[3], Level: int(r.Num[4]), Pos: r.Point}
		}),
	layerOps(&LayerDesc{Name: LayerRoads, Table: "roads", Kinds: GeomLines, Keyed: true,
		Fields: fields(
			Field{Name: "id", Kind: FieldID, Required: true},
			Field{Name: "class", Kind: FieldLabel, Required: true},
			Field{Name: "name", Kind: FieldLabel},
			Field{Name: "level", Kind: FieldNumber},
		)},
		func(l *Layers) *[]Road { return &l.Roads },
		func(d *Road, r *Row) {
			r.Text[0], r.Text[1], r.Text[2], r.Num[0], r.Geom = d.ID, d.Class, d.Name, float64(d.Level), d.Geometry
		},
		func(r *Row) Road {
			return Road{ID: r.Text[0], Class: r.Text[1], Name: r.Text[2], Level: int(r.Num[0]), Geometry: r.Geom}
		}),
	layerOps(&LayerDesc{Name: LayerOccluders, Table: "occluders", Kinds: GeomAreas, Keyed: true,
		Fields: fields(
			Field{Name: "id", Kind: FieldID},
			Field{Name: "height", Column: "height_m", Kind: FieldNumber},
		)},
		func(l *Layers) *[]Occluder { return &l.Occluders },
		func(o *Occluder, r *Row) { r.Text[0], r.Num[0], r.Geom = o.ID, o.Height, o.Geometry },
		func(r *Row) Occluder { return Occluder{ID: r.Text[0], Height: r.Num[0], Geometry: r.Geom} }),
	layerOps(&LayerDesc{Name: LayerPrivateSpaces, Table: "private_spaces", Kinds: GeomAreas, Keyed: true,
		Fields: fields(
			Field{Name: "id", Kind: FieldID},
			Field{Name: "space", Kind: FieldLabel, Required: true},
		)},
		func(l *Layers) *[]PrivateSpace { return &l.PrivateSpaces },
		func(p *PrivateSpace, r *Row) { r.Text[0], r.Text[1], r.Geom = p.ID, p.Space, p.Geometry },
		func(r *Row) PrivateSpace { return PrivateSpace{ID: r.Text[0], Space: r.Text[1], Geometry: r.Geom} }),
	layerOps(&LayerDesc{Name: LayerDistricts, Table: "districts", Kinds: GeomAreas, Keyed: true,
		Fields: fields(
			Field{Name: "name", Kind: FieldLabel, Required: true},
		)},
		func(l *Layers) *[]District { return &l.Districts },
		func(d *District, r *Row) { r.Text[0], r.Geom = d.Name, d.Geometry },
		func(r *Row) District { return District{Name: r.Text[0], Geometry: r.Geom} }),
}

// Descs returns the descriptors of all layers in their one order: the order files are
// written, stores are filled (sites before their entrances) and reports list them.
func Descs() []*LayerDesc { return layers[:] }

func init() {
	for i, d := range layers {
		d.index = i
	}
}

// Desc returns the descriptor of the named layer.
func Desc(name string) (*LayerDesc, bool) {
	for _, d := range layers {
		if d.Name == name {
			return d, true
		}
	}
	return nil, false
}
