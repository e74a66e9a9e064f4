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

// Field is one attribute of a layer's features.
type Field struct {
	// Name names the field: the property name in GeoJSON, the header in CSV; a store may
	// keep it under another name of its own.
	Name string
	Kind FieldKind
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

// binding gives a field of a layer, by its name, its slot in Row: the constant that the
// layer's get and add functions index Row.Text or Row.Num with for that field.
type binding struct {
	name string
	num  bool
	slot int
}

// text binds the text field name (an id, text or a label) to Row.Text[slot].
func text(name string, slot int) binding { return binding{name: name, slot: slot} }

// num binds the number field name to Row.Num[slot].
func num(name string, slot int) binding { return binding{name: name, num: true, slot: slot} }

// bind sets the slot of each field of d to the one its binding gives it, found by name,
// so that the order of the field list is free while the layer's functions index Row with
// constants. A list and bindings that disagree panic, naming the layer and the field: a
// field bound other than once or as the other kind, a binding of no field of the list, a
// field listed twice, two fields in one slot or one outside Row, and a first field not
// in Row.Text[0], which names a feature for the readers and stores. That is a
// programming error, met by every test run, since the layers are built when the package
// loads.
func bind(d *LayerDesc, bs ...binding) *LayerDesc {
	fail := func(format string, args ...any) {
		panic(fmt.Sprintf("coverage: layer %s: %s", d.Name, fmt.Sprintf(format, args...)))
	}
	bound := make(map[string]int, len(d.Fields))
	for i := range d.Fields {
		f := &d.Fields[i]
		if _, dup := bound[f.Name]; dup {
			fail("field %s is listed twice", f.Name)
		}
		bound[f.Name] = 0
	}
	var r Row
	var textTaken [len(r.Text)]bool
	var numTaken [len(r.Num)]bool
	for _, b := range bs {
		i := slices.IndexFunc(d.Fields, func(f Field) bool { return f.Name == b.name })
		if i < 0 {
			fail("the binding of %s names no field of the list", b.name)
		}
		f := &d.Fields[i]
		taken := textTaken[:]
		if b.num {
			taken = numTaken[:]
		}
		switch {
		case b.num == f.Kind.Text():
			fail("field %s is bound as the other kind (text, number)", b.name)
		case b.slot < 0 || b.slot >= len(taken):
			fail("field %s is bound to slot %d, outside Row", b.name, b.slot)
		case taken[b.slot]:
			fail("field %s is bound to slot %d, which another field has", b.name, b.slot)
		}
		taken[b.slot] = true
		bound[b.name]++
		f.Slot = b.slot
	}
	for _, f := range d.Fields {
		if bound[f.Name] != 1 {
			fail("field %s is bound %d times, want once", f.Name, bound[f.Name])
		}
	}
	if len(d.Fields) == 0 || !d.Fields[0].Kind.Text() || d.Fields[0].Slot != 0 {
		fail("the first field must be text in Row.Text[0]: it names a feature")
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

// The builders of the layers' descriptors from their field lists. Each names the slot of
// every field, as constants that its functions index Row with; bind gives the fields
// their slots by name.

func sitesLayer(fs ...Field) *LayerDesc {
	const id, category, name, district = 0, 1, 2, 3
	d := bind(&LayerDesc{Name: LayerSites, Kinds: GeomPoint | GeomAreas, Keyed: true, Fields: fs},
		text("id", id), text("category", category), text("name", name), text("district", district))
	return layerOps(d, func(l *Layers) *[]Site { return &l.Sites },
		func(v *Site, r *Row) {
			r.Text[id], r.Text[category], r.Text[name], r.Text[district], r.Geom = v.ID, v.Category, v.Name, v.District, v.Geometry
		},
		func(r *Row) Site {
			return Site{ID: r.Text[id], Category: r.Text[category], Name: r.Text[name], District: r.Text[district], Geometry: r.Geom}
		})
}

func entrancesLayer(fs ...Field) *LayerDesc {
	const site, kind = 0, 1
	d := bind(&LayerDesc{Name: LayerEntrances, Kinds: GeomPoint, Fields: fs},
		text("site_id", site), text("kind", kind))
	return layerOps(d, func(l *Layers) *[]Entrance { return &l.Entrances },
		func(v *Entrance, r *Row) { r.Text[site], r.Text[kind], r.Point = v.SiteID, v.Kind, v.Pos },
		func(r *Row) Entrance { return Entrance{SiteID: r.Text[site], Kind: r.Text[kind], Pos: r.Point} })
}

func camerasLayer(fs ...Field) *LayerDesc {
	const id, owner, investment, status, direction, surveillance, mount = 0, 1, 2, 3, 4, 5, 6
	const azimuth, hfov, rng, height, level = 0, 1, 2, 3, 4
	d := bind(&LayerDesc{Name: LayerCameras, Kinds: GeomPoint, Keyed: true, Fields: fs},
		text("id", id), text("owner", owner), text("investment", investment), text("status", status),
		text("direction", direction), text("surveillance", surveillance), text("mount", mount),
		num("azimuth", azimuth), num("hfov", hfov), num("range", rng), num("height", height), num("level", level))
	return layerOps(d, func(l *Layers) *[]Camera { return &l.Cameras },
		func(c *Camera, r *Row) {
			r.Text[id], r.Text[owner], r.Text[investment], r.Text[status] = c.ID, c.Owner, string(c.Investment), c.Status
			r.Text[direction], r.Text[surveillance], r.Text[mount] = string(c.Direction), c.Surveillance, c.Mount
			r.Num[azimuth], r.Num[hfov], r.Num[rng], r.Num[height], r.Num[level] = c.Azimuth, c.HFOV, c.Range, c.Height, float64(c.Level)
			r.Point = c.Pos
		},
		func(r *Row) Camera {
			return Camera{ID: r.Text[id], Owner: r.Text[owner], Investment: Investment(r.Text[investment]), Status: r.Text[status],
				Direction: Direction(r.Text[direction]), Surveillance: r.Text[surveillance], Mount: r.Text[mount],
				Azimuth: r.Num[azimuth], HFOV: r.Num[hfov], Range: r.Num[rng], Height: r.Num[height], Level: int(r.Num[level]),
				Pos: r.Point}
		})
}

func roadsLayer(fs ...Field) *LayerDesc {
	const id, class, name = 0, 1, 2
	const level = 0
	d := bind(&LayerDesc{Name: LayerRoads, Kinds: GeomLines, Keyed: true, Fields: fs},
		text("id", id), text("class", class), text("name", name), num("level", level))
	return layerOps(d, func(l *Layers) *[]Road { return &l.Roads },
		func(v *Road, r *Row) {
			r.Text[id], r.Text[class], r.Text[name], r.Num[level], r.Geom = v.ID, v.Class, v.Name, float64(v.Level), v.Geometry
		},
		func(r *Row) Road {
			return Road{ID: r.Text[id], Class: r.Text[class], Name: r.Text[name], Level: int(r.Num[level]), Geometry: r.Geom}
		})
}

func occludersLayer(fs ...Field) *LayerDesc {
	const id = 0
	const height = 0
	d := bind(&LayerDesc{Name: LayerOccluders, Kinds: GeomAreas, Keyed: true, Fields: fs},
		text("id", id), num("height", height))
	return layerOps(d, func(l *Layers) *[]Occluder { return &l.Occluders },
		func(o *Occluder, r *Row) { r.Text[id], r.Num[height], r.Geom = o.ID, o.Height, o.Geometry },
		func(r *Row) Occluder { return Occluder{ID: r.Text[id], Height: r.Num[height], Geometry: r.Geom} })
}

func privateSpacesLayer(fs ...Field) *LayerDesc {
	const id, space = 0, 1
	d := bind(&LayerDesc{Name: LayerPrivateSpaces, Kinds: GeomAreas, Keyed: true, Fields: fs},
		text("id", id), text("space", space))
	return layerOps(d, func(l *Layers) *[]PrivateSpace { return &l.PrivateSpaces },
		func(p *PrivateSpace, r *Row) { r.Text[id], r.Text[space], r.Geom = p.ID, p.Space, p.Geometry },
		func(r *Row) PrivateSpace { return PrivateSpace{ID: r.Text[id], Space: r.Text[space], Geometry: r.Geom} })
}

func districtsLayer(fs ...Field) *LayerDesc {
	const name = 0
	d := bind(&LayerDesc{Name: LayerDistricts, Kinds: GeomAreas, Keyed: true, Fields: fs},
		text("name", name))
	return layerOps(d, func(l *Layers) *[]District { return &l.Districts },
		func(v *District, r *Row) { r.Text[name], r.Geom = v.Name, v.Geometry },
		func(r *Row) District { return District{Name: r.Text[name], Geometry: r.Geom} })
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
		Field{Name: "range", Kind: FieldNumber, Required: true},
		Field{Name: "owner", Kind: FieldLabel, Required: true},
		Field{Name: "investment", Kind: FieldLabel, Required: true},
		Field{Name: "height", Kind: FieldNumber},
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
		Field{Name: "height", Kind: FieldNumber},
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
