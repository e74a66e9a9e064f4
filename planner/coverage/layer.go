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

// binding ties a field of a layer, by its name, to a slot of Row: the variable that the
// layer's get and add functions index Row.Text or Row.Num with.
type binding struct {
	name string
	num  bool
	slot *int
}

// text binds the text field name (an id, text or a label) to *slot, an index of Row.Text.
func text(name string, slot *int) binding { return binding{name: name, slot: slot} }

// num binds the number field name to *slot, an index of Row.Num.
func num(name string, slot *int) binding { return binding{name: name, num: true, slot: slot} }

// bind numbers the slots of d's fields in the order of its list, each within its kind,
// and sets each binding's slot to that of the field it names, so that the order of the
// list is free. A list and bindings that disagree panic, naming the layer and the field:
// a field bound other than once or as the other kind, a binding of no field of the list,
// a field listed twice, a first field that is not text (Row.Text[0] names a feature) or
// more fields of a kind than Row holds. That is a programming error, met by every test
// run, since the layers are built when the package loads.
func bind(d *LayerDesc, bs ...binding) *LayerDesc {
	fail := func(format string, args ...any) {
		panic(fmt.Sprintf("coverage: layer %s: %s", d.Name, fmt.Sprintf(format, args...)))
	}
	if len(d.Fields) == 0 || !d.Fields[0].Kind.Text() {
		fail("the first field must be text: it names a feature")
	}
	var r Row
	texts, nums := 0, 0
	bound := make(map[string]int, len(d.Fields))
	for i := range d.Fields {
		f := &d.Fields[i]
		if _, dup := bound[f.Name]; dup {
			fail("field %s is listed twice", f.Name)
		}
		bound[f.Name] = 0
		if f.Column == "" {
			f.Column = f.Name
		}
		if f.Kind.Text() {
			f.Slot, texts = texts, texts+1
		} else {
			f.Slot, nums = nums, nums+1
		}
		if texts > len(r.Text) || nums > len(r.Num) {
			fail("field %s is one more than Row holds of its kind", f.Name)
		}
	}
	for _, b := range bs {
		f, ok := d.Field(b.name)
		switch {
		case !ok:
			fail("the binding of %s names no field of the list", b.name)
		case b.num == f.Kind.Text():
			fail("field %s is bound as the other kind (text, number)", b.name)
		}
		bound[b.name]++
		*b.slot = f.Slot
	}
	for _, f := range d.Fields {
		if bound[f.Name] != 1 {
			fail("field %s is bound %d times, want once", f.Name, bound[f.Name])
		}
	}
	return d
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

// The builders of the layers' descriptors from their field lists. Each names the fields
// its functions read and write; bind resolves their slots.

func sitesLayer(fs ...Field) *LayerDesc {
	var s struct{ id, category, name, district int }
	d := bind(&LayerDesc{Name: LayerSites, Table: "sites", Kinds: GeomPoint | GeomAreas, Keyed: true, Fields: fs},
		text("id", &s.id), text("category", &s.category), text("name", &s.name), text("district", &s.district))
	return layerOps(d, func(l *Layers) *[]Site { return &l.Sites },
		func(v *Site, r *Row) {
			r.Text[s.id], r.Text[s.category], r.Text[s.name], r.Text[s.district], r.Geom = v.ID, v.Category, v.Name, v.District, v.Geometry
		},
		func(r *Row) Site {
			return Site{ID: r.Text[s.id], Category: r.Text[s.category], Name: r.Text[s.name], District: r.Text[s.district], Geometry: r.Geom}
		})
}

func entrancesLayer(fs ...Field) *LayerDesc {
	var s struct{ site, kind int }
	d := bind(&LayerDesc{Name: LayerEntrances, Table: "entrances", Kinds: GeomPoint, Fields: fs},
		text("site_id", &s.site), text("kind", &s.kind))
	return layerOps(d, func(l *Layers) *[]Entrance { return &l.Entrances },
		func(v *Entrance, r *Row) { r.Text[s.site], r.Text[s.kind], r.Point = v.SiteID, v.Kind, v.Pos },
		func(r *Row) Entrance { return Entrance{SiteID: r.Text[s.site], Kind: r.Text[s.kind], Pos: r.Point} })
}

func camerasLayer(fs ...Field) *LayerDesc {
	var s struct {
		id, owner, investment, status, direction, surveillance, mount int
		azimuth, hfov, rng, height, level                             int
	}
	d := bind(&LayerDesc{Name: LayerCameras, Table: "cameras", Kinds: GeomPoint, Keyed: true, Fields: fs},
		text("id", &s.id), text("owner", &s.owner), text("investment", &s.investment), text("status", &s.status),
		text("direction", &s.direction), text("surveillance", &s.surveillance), text("mount", &s.mount),
		num("azimuth", &s.azimuth), num("hfov", &s.hfov), num("range", &s.rng), num("height", &s.height), num("level", &s.level))
	return layerOps(d, func(l *Layers) *[]Camera { return &l.Cameras },
		func(c *Camera, r *Row) {
			r.Text[s.id], r.Text[s.owner], r.Text[s.investment], r.Text[s.status] = c.ID, c.Owner, string(c.Investment), c.Status
			r.Text[s.direction], r.Text[s.surveillance], r.Text[s.mount] = string(c.Direction), c.Surveillance, c.Mount
			r.Num[s.azimuth], r.Num[s.hfov], r.Num[s.rng], r.Num[s.height], r.Num[s.level] = c.Azimuth, c.HFOV, c.Range, c.Height, float64(c.Level)
			r.Point = c.Pos
		},
		func(r *Row) Camera {
			return Camera{ID: r.Text[s.id], Owner: r.Text[s.owner], Investment: Investment(r.Text[s.investment]), Status: r.Text[s.status],
				Direction: Direction(r.Text[s.direction]), Surveillance: r.Text[s.surveillance], Mount: r.Text[s.mount],
				Azimuth: r.Num[s.azimuth], HFOV: r.Num[s.hfov], Range: r.Num[s.rng], Height: r.Num[s.height], Level: int(r.Num[s.level]),
				Pos: r.Point}
		})
}

func roadsLayer(fs ...Field) *LayerDesc {
	var s struct{ id, class, name, level int }
	d := bind(&LayerDesc{Name: LayerRoads, Table: "roads", Kinds: GeomLines, Keyed: true, Fields: fs},
		text("id", &s.id), text("class", &s.class), text("name", &s.name), num("level", &s.level))
	return layerOps(d, func(l *Layers) *[]Road { return &l.Roads },
		func(v *Road, r *Row) {
			r.Text[s.id], r.Text[s.class], r.Text[s.name], r.Num[s.level], r.Geom = v.ID, v.Class, v.Name, float64(v.Level), v.Geometry
		},
		func(r *Row) Road {
			return Road{ID: r.Text[s.id], Class: r.Text[s.class], Name: r.Text[s.name], Level: int(r.Num[s.level]), Geometry: r.Geom}
		})
}

func occludersLayer(fs ...Field) *LayerDesc {
	var s struct{ id, height int }
	d := bind(&LayerDesc{Name: LayerOccluders, Table: "occluders", Kinds: GeomAreas, Keyed: true, Fields: fs},
		text("id", &s.id), num("height", &s.height))
	return layerOps(d, func(l *Layers) *[]Occluder { return &l.Occluders },
		func(o *Occluder, r *Row) { r.Text[s.id], r.Num[s.height], r.Geom = o.ID, o.Height, o.Geometry },
		func(r *Row) Occluder { return Occluder{ID: r.Text[s.id], Height: r.Num[s.height], Geometry: r.Geom} })
}

func privateSpacesLayer(fs ...Field) *LayerDesc {
	var s struct{ id, space int }
	d := bind(&LayerDesc{Name: LayerPrivateSpaces, Table: "private_spaces", Kinds: GeomAreas, Keyed: true, Fields: fs},
		text("id", &s.id), text("space", &s.space))
	return layerOps(d, func(l *Layers) *[]PrivateSpace { return &l.PrivateSpaces },
		func(p *PrivateSpace, r *Row) { r.Text[s.id], r.Text[s.space], r.Geom = p.ID, p.Space, p.Geometry },
		func(r *Row) PrivateSpace {
			return PrivateSpace{ID: r.Text[s.id], Space: r.Text[s.space], Geometry: r.Geom}
		})
}

func districtsLayer(fs ...Field) *LayerDesc {
	var s struct{ name int }
	d := bind(&LayerDesc{Name: LayerDistricts, Table: "districts", Kinds: GeomAreas, Keyed: true, Fields: fs},
		text("name", &s.name))
	return layerOps(d, func(l *Layers) *[]District { return &l.Districts },
		func(v *District, r *Row) { r.Text[s.name], r.Geom = v.Name, v.Geometry },
		func(r *Row) District { return District{Name: r.Text[s.name], Geometry: r.Geom} })
}

// layers are the descriptors in the one order of the layers: the order files are written,
// stores are filled (sites before their entrances) and reports list them.
var layers = [numLayers]*LayerDesc{
	sitesLayer(
		Field{Name: "id", Kind: FieldID, Required: true},
		Field{Name: "category", Kind: FieldLabel, Required: true},
		Field{Name: "name", Kind: FieldText},
		Field{Name: "district", Kind: FieldLabel},
	),
	entrancesLayer(
		Field{Name: "site_id", Kind: FieldID, Required: true},
		Field{Name: "kind", Kind: FieldLabel},
	),
	camerasLayer(
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
	),
	roadsLayer(
		Field{Name: "id", Kind: FieldID, Required: true},
		Field{Name: "class", Kind: FieldLabel, Required: true},
		Field{Name: "name", Kind: FieldLabel},
		Field{Name: "level", Kind: FieldNumber},
	),
	occludersLayer(
		Field{Name: "id", Kind: FieldID},
		Field{Name: "height", Column: "height_m", Kind: FieldNumber},
	),
	privateSpacesLayer(
		Field{Name: "id", Kind: FieldID},
		Field{Name: "space", Kind: FieldLabel, Required: true},
	),
	districtsLayer(
		Field{Name: "name", Kind: FieldLabel, Required: true},
	),
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
