package coverage

import (
	"cctvgis/planner/rulebook"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"
)

// Investment says who paid for a camera: government or not. Several rules (signage,
// networking, government-only zones) depend on it.
type Investment string

// The kinds of investment.
const (
	Government Investment = "government"
	Private    Investment = "private"
	// InvestmentUnknown is a camera whose payer the data does not say (most OpenStreetMap
	// cameras): the analysis reports it "to verify" instead of judging it as private.
	InvestmentUnknown Investment = "unknown"
)

// Values are the kinds of investment.
func (Investment) Values() []Investment { return []Investment{Government, Private, InvestmentUnknown} }

// Valid reports whether i is one of Values.
func (i Investment) Valid() bool { return slices.Contains(i.Values(), i) }

// Direction says whether a camera's lens direction is known. A camera of unknown
// direction (a fixed camera mapped without one) holds azimuth 0 and hfov 360 as
// placeholders; the analysis counts it as seeing only a small disc around it (see
// Options.UnknownDirectionRange) and reports it "to verify".
type Direction string

// The states of a camera's direction.
const (
	// DirectionKnown is the zero value: azimuth and hfov say where the camera looks.
	DirectionKnown Direction = ""
	// DirectionUnknown is a camera whose direction nobody recorded.
	DirectionUnknown Direction = "unknown"
)

// Values are the states of a camera's direction.
func (Direction) Values() []Direction { return []Direction{DirectionKnown, DirectionUnknown} }

// Valid reports whether d is one of Values.
func (d Direction) Valid() bool { return slices.Contains(d.Values(), d) }

// Camera is one registered image capture device. Positions are WGS84 longitude/latitude.
type Camera struct {
	ID string
	// Pos is [longitude, latitude].
	Pos orb.Point
	// Azimuth is the lens direction in degrees clockwise from north, 0 ≤ a < 360.
	Azimuth float64
	// HFOV is the horizontal field of view in degrees, 0 < f ≤ 360 (360: a full disc).
	HFOV float64
	// Range is the effective range in metres.
	Range      float64
	Owner      string
	Investment Investment
	// Height is the mount height in metres, 0 when unknown.
	Height float64
	Status string
	// Direction is DirectionUnknown for a camera whose azimuth and hfov are placeholders.
	Direction Direction
	// Surveillance is what the camera watches, as OpenStreetMap's surveillance tag says
	// it (indoor, outdoor, public), "" when unknown; an attribute, not used by the rules.
	Surveillance string
	// Mount is what the camera is mounted on (wall, pole, ceiling, …), "" when unknown.
	Mount string
	// Level is the camera's vertical level, as Road.Level: 0 at the surface, below zero
	// underground. An underground camera watches no surface road, nor is it zoned by one.
	Level int
}

// Underground reports whether the camera is below the surface.
func (c *Camera) Underground() bool { return c.Level < 0 }

// Reaim sets the camera's direction, field of view and range, which makes its direction
// known.
func (c *Camera) Reaim(a Aim) {
	c.Azimuth, c.HFOV, c.Range, c.Direction = a.Azimuth, a.HFOV, a.Range, DirectionKnown
}

// Site is a place of a category, given as a point or a polygon.
type Site struct {
	ID       string
	Category string
	Name     string
	District string
	// Geometry is an orb.Point, orb.Polygon or orb.MultiPolygon.
	Geometry orb.Geometry
}

// Entrance is a key point of a site (main entrance, passage, key part: 主要出入口、通道、重点部位).
type Entrance struct {
	SiteID string
	Pos    orb.Point
	Kind   string
}

// Road is a road segment of a class from the taxonomy's road categories.
type Road struct {
	ID    string
	Class string
	Name  string
	// Geometry is an orb.LineString or orb.MultiLineString.
	Geometry orb.Geometry
	// Level is the road's vertical level: 0 at the surface, below zero underground (a
	// tunnel, a covered way), above it on a bridge. Cameras stand at the surface: an
	// underground road is neither watched by them nor zoned around them.
	Level int
}

// MaxLevel bounds the vertical level of a road or camera: -MaxLevel ≤ level ≤ MaxLevel.
const MaxLevel = 10

// Underground reports whether the road runs below the surface.
func (r *Road) Underground() bool { return r.Level < 0 }

// Occluder is a footprint that blocks the view, usually a building.
type Occluder struct {
	ID string
	// Geometry is an orb.Polygon or orb.MultiPolygon.
	Geometry orb.Geometry
	Height   float64
}

// PrivateSpace is an area of a prohibited kind of private space (hotel rooms, baths, …).
type PrivateSpace struct {
	ID    string
	Space string
	// Geometry is an orb.Polygon or orb.MultiPolygon.
	Geometry orb.Geometry
}

// District is an administrative district used to group results.
type District struct {
	Name string
	// Geometry is an orb.Polygon or orb.MultiPolygon.
	Geometry orb.Geometry
}

// Layers is the whole input of an analysis, in WGS84.
type Layers struct {
	Sites         []Site
	Entrances     []Entrance
	Cameras       []Camera
	Roads         []Road
	Occluders     []Occluder
	PrivateSpaces []PrivateSpace
	Districts     []District

	// origins say, per layer in the order of Descs, where the features came from when they
	// were read from files.
	origins [numLayers]origin
	// refused holds, per layer in the order of Descs, why Repair refused a feature's
	// outline, by the feature's index, for Check to reject it with.
	refused [numLayers]map[int]string
}

// origin is the file a layer was read from and the position of each of its first n
// features in it, as runs: a reader gives consecutive features consecutive positions
// (features[0], features[1], …), so a layer of 250,000 cameras read from one file takes
// one run rather than 250,000 positions.
type origin struct {
	file string
	n    int
	runs []posRun
}

// posRun says that the features from index from on, up to the next run, stand at at, at+1,
// …; or, when at is zero, nowhere.
type posRun struct {
	from int
	at   Position
}

// set gives feature i position at, dropping the positions of i and the features after it
// and giving those before it that have none PosNone.
func (o *origin) set(i int, at Position) {
	o.truncate(i)
	if o.n < i {
		o.set(o.n, Position{})
		o.n = i
	}
	if k := len(o.runs) - 1; k < 0 || o.position(k, i) != at {
		o.runs = append(o.runs, posRun{from: i, at: at})
	}
	o.n = i + 1
}

// position is where feature i stands if it is in run k.
func (o *origin) position(k, i int) Position {
	r := o.runs[k]
	if r.at.IsZero() {
		return Position{}
	}
	return Position{In: r.at.In, N: r.at.N + int64(i-r.from)}
}

// truncate keeps the positions of the first n features.
func (o *origin) truncate(n int) {
	if o.n <= n {
		return
	}
	o.n = n
	for len(o.runs) > 0 && o.runs[len(o.runs)-1].from >= n {
		o.runs = o.runs[:len(o.runs)-1]
	}
}

// at returns the position of feature i, the zero Position when it has none.
func (o *origin) at(i int) Position {
	if i < 0 || i >= o.n {
		return Position{}
	}
	k, found := slices.BinarySearchFunc(o.runs, i, func(r posRun, i int) int { return cmp.Compare(r.from, i) })
	if !found {
		k--
	}
	return o.position(k, i)
}

// without returns the origin of the layer with the features in drop left out.
func (o *origin) without(drop map[int]bool) origin {
	if len(drop) == 0 {
		return *o
	}
	out := origin{file: o.file}
	for i := range o.n {
		if !drop[i] {
			out.set(out.n, o.at(i))
		}
	}
	return out
}

// numLayers is how many layers there are: the length of Descs.
const numLayers = 7

// The layer names used in rejections and error messages.
const (
	LayerSites         = "sites"
	LayerEntrances     = "entrances"
	LayerCameras       = "cameras"
	LayerRoads         = "roads"
	LayerOccluders     = "occluders"
	LayerPrivateSpaces = "private-spaces"
	LayerDistricts     = "districts"
)

// LayerNames returns the names of the layers in their one order: the order in which files
// are written, stores are filled and reports list them.
func LayerNames() []string {
	names := make([]string, len(layers))
	for i, d := range layers {
		names[i] = d.Name
	}
	return names
}

// Len returns the number of features of the named layer, 0 for an unknown name.
func (l *Layers) Len(layer string) int {
	if d, ok := Desc(layer); ok {
		return d.Len(l)
	}
	return 0
}

// Only returns the layers with just the named layer kept (and, for sites, their entrances).
func (l *Layers) Only(layer string) *Layers {
	k := &Layers{}
	for i, d := range layers {
		if d.Name == layer || layer == LayerSites && d.Name == LayerEntrances {
			d.keep(l, k, nil)
			k.origins[i] = l.origins[i]
		}
	}
	return k
}

// Locate records where the feature just added to layer d stands in file: call it after
// each Add or append of a reader, so that rejections found later name the file position.
func (l *Layers) Locate(d *LayerDesc, file string, at Position) {
	o := &l.origins[d.index]
	o.file = file
	o.set(d.Len(l)-1, at)
}

// Origin returns the file that feature i of layer d was read from and its position there;
// "" and the zero Position when it was not read from a file.
func (l *Layers) Origin(d *LayerDesc, i int) (string, Position) {
	o := &l.origins[d.index]
	if i < 0 || i >= o.n {
		return "", Position{}
	}
	return o.file, o.at(i)
}

// Numbering is how a file format numbers the features of a file, as its reader declares
// it: by line, by index in an array, by element id. Layers carry positions without knowing
// the formats.
type Numbering struct{ format string }

// NewNumbering declares a numbering whose positions read as format with the number, such
// as "line %d". A reader declares each of its numberings once, as a package variable:
// positions compare by numbering.
func NewNumbering(format string) *Numbering { return &Numbering{format: format} }

// At is position n in the numbering.
func (k *Numbering) At(n int64) Position { return Position{In: k, N: n} }

// Position is where a feature stands in the file it was read from: number N in the file's
// numbering. The zero Position is none: the feature did not come from a file.
type Position struct {
	In *Numbering
	N  int64
}

// IsZero reports whether p is no position.
func (p Position) IsZero() bool { return p.In == nil }

// String gives the position as a reader of the file would look for it: "line 12",
// "features[3]", "node/123"; "" for no position.
func (p Position) String() string {
	if p.In == nil {
		return ""
	}
	return fmt.Sprintf(p.In.format, p.N)
}

// Mark is how many features each layer held at one moment, so that a reader that fails
// part way can drop what it appended (see Layers.Mark and Layers.Truncate).
type Mark [numLayers]int

// Mark records the length of every layer.
func (l *Layers) Mark() Mark {
	var m Mark
	for i, d := range layers {
		m[i] = d.Len(l)
	}
	return m
}

// Len is how many features layer d held when m was taken.
func (m Mark) Len(d *LayerDesc) int { return m[d.index] }

// AppendLayer appends the features of layer d in src to l, with where each was read.
func (l *Layers) AppendLayer(d *LayerDesc, src *Layers) {
	n := d.Len(src)
	d.Grow(l, n)
	var r Row
	for i := range n {
		d.Get(src, i, &r)
		d.Add(l, &r)
		if file, at := src.Origin(d, i); !at.IsZero() {
			l.Locate(d, file, at)
		}
	}
}

// Truncate drops every feature appended since m was taken.
func (l *Layers) Truncate(m Mark) {
	for i, d := range layers {
		l.TruncateLayer(d, m[i])
	}
}

// TruncateLayer drops the features of layer d from index n on, and touches no other
// layer: readers of different layers may fill one Layers at the same time.
func (l *Layers) TruncateLayer(d *LayerDesc, n int) {
	d.truncate(l, n)
	l.origins[d.index].truncate(n)
}

// Push appends v to s, doubling its capacity when it is full: append grows a large slice
// by a quarter, which would copy a layer of 250,000 cameras about twenty times. Readers
// that append one feature at a time use it.
func Push[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 64))
	}
	return append(s, v)
}

// Rejection is a feature that cannot be analysed or stored, and why. It says where the
// feature is twice over, as encoding/csv's ParseError separates a record's line from the
// line of the error: its place in the file it was read from (File and At), and its place in
// the layer (Index), which is -1 for a feature that could not be read and so never joined
// the layer.
type Rejection struct {
	Layer string
	Index int
	File  string
	At    Position
	ID    string
	// Field is the field at fault: "geometry", "properties.azimuth", "range", …
	Field  string
	Reason string
}

// NotRead is the Index of a rejected feature that never joined its layer.
const NotRead = -1

func (r Rejection) Error() string {
	var b strings.Builder
	if r.File != "" {
		b.WriteString(r.File + ": ")
	}
	switch {
	case !r.At.IsZero():
		fmt.Fprintf(&b, "%s %s", r.Layer, r.At)
	case r.Index >= 0:
		fmt.Fprintf(&b, "%s[%d]", r.Layer, r.Index)
	default:
		b.WriteString(r.Layer)
	}
	if r.ID != "" {
		fmt.Fprintf(&b, " (id %q)", r.ID)
	}
	fmt.Fprintf(&b, ": %s: %s", r.Field, r.Reason)
	return b.String()
}

// Check finds the features that break the input contract: values out of range, duplicate
// ids (district names), unknown categories, space kinds or road classes, and entrances whose site does not
// exist, and polygons that are not valid areas (PolygonProblem) or whose repair Repair refused. Geometry types and empty
// geometry are the loaders' and stores' checks. It returns the rejections of each check in
// layer order, polygons last.
func (l *Layers) Check(t *rulebook.Taxonomy) []Rejection { return l.CheckWithSites(t, nil) }

// CheckWithSites is Check for layers written into a store that already holds sites:
// entrances may also name the sites in stored.
func (l *Layers) CheckWithSites(t *rulebook.Taxonomy, stored map[string]bool) []Rejection {
	// The layers are checked side by side, each section into its own list; the lists are
	// then joined in the order of the sections.
	// The polygons' geometry is checked at the same time, and a problem kept for the
	// features the other sections did not reject.
	sections := []func(add addFunc){
		func(add addFunc) { l.checkSites(t, stored, add) },
		func(add addFunc) { l.checkCameras(add) },
		func(add addFunc) { l.checkOthers(t, add) },
		l.checkPolygons,
	}
	found := make([][]Rejection, len(sections))
	var wg sync.WaitGroup
	for k, check := range sections {
		wg.Go(func() {
			check(func(layer string, i int, id, field, format string, args ...any) {
				found[k] = append(found[k], l.Reject(layer, i, id, field, fmt.Sprintf(format, args...)))
			})
		})
	}
	wg.Wait()
	polygons := found[len(found)-1]
	rej := slices.Concat(found[:len(found)-1]...)
	rejected := make(map[string]map[int]bool)
	for _, r := range rej {
		if rejected[r.Layer] == nil {
			rejected[r.Layer] = map[int]bool{}
		}
		rejected[r.Layer][r.Index] = true
	}
	for _, r := range polygons {
		if !rejected[r.Layer][r.Index] {
			rej = append(rej, r)
		}
	}
	return rej
}

// addFunc records one rejection: the layer, the feature's index and id, the field and the
// reason as a format and its arguments.
type addFunc func(layer string, i int, id, field, format string, args ...any)

// checkSites checks the sites and their entrances.
func (l *Layers) checkSites(t *rulebook.Taxonomy, stored map[string]bool, add addFunc) {
	// sites maps each site id to whether the site was accepted, so that the entrances of a
	// rejected site are rejected with it.
	sites := make(map[string]bool, len(l.Sites))
	for i, s := range l.Sites {
		accepted := false
		switch c, ok := t.Category(s.Category); {
		case s.ID == "":
			add(LayerSites, i, s.ID, "id", "missing")
		case sites[s.ID]:
			add(LayerSites, i, s.ID, "id", "duplicate id")
		case !ok:
			add(LayerSites, i, s.ID, "category", "unknown category %q (see cctvgis rules categories)", s.Category)
		case c.Kind == rulebook.KindVehicle || c.Kind == rulebook.KindRoad:
			add(LayerSites, i, s.ID, "category", "%q is a %s category, not a place", s.Category, c.Kind)
		default:
			accepted = true
		}
		if _, seen := sites[s.ID]; !seen {
			sites[s.ID] = accepted
		}
	}
	for i, e := range l.Entrances {
		ok, known := sites[e.SiteID]
		if !known && stored[e.SiteID] {
			ok, known = true, true
		}
		switch {
		case !known:
			add(LayerEntrances, i, e.SiteID, "site_id", "no site has id %q", e.SiteID)
		case !ok:
			add(LayerEntrances, i, e.SiteID, "site_id", "its site %q was rejected", e.SiteID)
		}
	}
}

// checkCameras checks the cameras.
func (l *Layers) checkCameras(add addFunc) {
	cams := make(map[string]bool, len(l.Cameras))
	for i, c := range l.Cameras {
		switch {
		case c.ID == "":
			add(LayerCameras, i, c.ID, "id", "missing")
		case cams[c.ID]:
			add(LayerCameras, i, c.ID, "id", "duplicate id")
		case !(c.Azimuth >= 0 && c.Azimuth < 360):
			add(LayerCameras, i, c.ID, "azimuth", "%v is outside 0 ≤ azimuth < 360", c.Azimuth)
		case !(c.HFOV > 0 && c.HFOV <= 360):
			add(LayerCameras, i, c.ID, "hfov", "%v is outside 0 < hfov ≤ 360", c.HFOV)
		case !(c.Range > 0) || math.IsInf(c.Range, 0):
			add(LayerCameras, i, c.ID, "range", "%v is not a positive number of metres", c.Range)
		case c.Range > MaxRange:
			add(LayerCameras, i, c.ID, "range", "%v m is beyond %d m, the longest effective range of a surveillance camera (see coverage.MaxRange); is it in metres?", c.Range, MaxRange)
		case c.Owner == "":
			add(LayerCameras, i, c.ID, "owner", "missing")
		case c.Investment != Government && c.Investment != Private && c.Investment != InvestmentUnknown:
			add(LayerCameras, i, c.ID, "investment", "%q is none of government, private, unknown", c.Investment)
		case c.Height < 0 || math.IsNaN(c.Height):
			add(LayerCameras, i, c.ID, "height", "%v is not a height in metres", c.Height)
		case c.Direction != DirectionKnown && c.Direction != DirectionUnknown:
			add(LayerCameras, i, c.ID, "direction", "%q is neither unknown nor empty (the lens direction in degrees is azimuth)", c.Direction)
		case c.Level < -MaxLevel || c.Level > MaxLevel:
			add(LayerCameras, i, c.ID, "level", "%d is outside %d..%d", c.Level, -MaxLevel, MaxLevel)
		}
		cams[c.ID] = true
	}
}

// checkOthers checks the roads, private spaces, occluders and districts.
func (l *Layers) checkOthers(t *rulebook.Taxonomy, add addFunc) {
	roads := make(map[string]bool, len(l.Roads))
	for i, r := range l.Roads {
		switch c, ok := t.Category(r.Class); {
		case r.ID == "":
			add(LayerRoads, i, r.ID, "id", "missing")
		case roads[r.ID]:
			add(LayerRoads, i, r.ID, "id", "duplicate id")
		case !ok || c.Kind != rulebook.KindRoad:
			add(LayerRoads, i, r.ID, "class", "unknown road class %q", r.Class)
		}
		roads[r.ID] = true
	}
	spaces := make(map[string]bool, len(l.PrivateSpaces))
	for i, p := range l.PrivateSpaces {
		switch _, ok := t.Space(p.Space); {
		case p.ID != "" && spaces[p.ID]:
			add(LayerPrivateSpaces, i, p.ID, "id", "duplicate id")
		case !ok:
			add(LayerPrivateSpaces, i, p.ID, "space", "unknown private space kind %q", p.Space)
		}
		spaces[p.ID] = true
	}
	// Occluders may come without ids (see AssignIDs), but two with the same id would be one
	// feature in a store.
	occluders := make(map[string]bool, len(l.Occluders))
	for i, o := range l.Occluders {
		if o.ID != "" && occluders[o.ID] {
			add(LayerOccluders, i, o.ID, "id", "duplicate id")
		}
		occluders[o.ID] = true
	}
	// A district is known by its name: a query names it, and a store keys it by it.
	districts := make(map[string]bool, len(l.Districts))
	for i, d := range l.Districts {
		switch {
		case d.Name == "":
			add(LayerDistricts, i, "", "name", "missing")
		case districts[d.Name]:
			add(LayerDistricts, i, d.Name, "name", "duplicate name")
		}
		districts[d.Name] = true
	}
}

// checkPolygons adds a rejection for each polygon that breaks PolygonProblem's rule, and
// for each that Repair refused.
func (l *Layers) checkPolygons(add addFunc) {
	var segs []segment
	var row Row
	for _, d := range layers {
		if d.Kinds&(GeomPolygon|GeomMultiPolygon) == 0 {
			continue
		}
		for i, n := 0, d.Len(l); i < n; i++ {
			d.Get(l, i, &row)
			if reason, ok := l.refused[d.index][i]; ok {
				add(d.Name, i, row.Text[0], "geometry", "%s", reason)
				continue
			}
			if reason := polygonProblem(row.Geometry(d), &segs); reason != "" {
				add(d.Name, i, row.Text[0], "geometry", "%s", reason)
			}
		}
	}
}

// Reject returns the rejection of feature i of the named layer, located in its file when
// the layer was read from one.
func (l *Layers) Reject(layer string, i int, id, field, reason string) Rejection {
	r := Rejection{Layer: layer, Index: i, ID: id, Field: field, Reason: reason}
	if d, ok := Desc(layer); ok {
		r.File, r.At = l.Origin(d, i)
	}
	return r
}

// Without returns a copy of the layers without the rejected features that joined them
// (Index ≥ 0, as Check returns them); rejections of features that were never read are
// ignored. The file positions of the kept features are kept with them.
func (l *Layers) Without(rej []Rejection) *Layers {
	drop := map[string]map[int]bool{}
	for _, r := range rej {
		if r.Index < 0 {
			continue
		}
		if drop[r.Layer] == nil {
			drop[r.Layer] = map[int]bool{}
		}
		drop[r.Layer][r.Index] = true
	}
	out := &Layers{}
	for i, d := range layers {
		d.keep(l, out, drop[d.Name])
		out.origins[i] = l.origins[i].without(drop[d.Name])
	}
	return out
}

func keep[T any](s []T, drop map[int]bool) []T {
	if len(drop) == 0 {
		return s
	}
	out := make([]T, 0, len(s))
	for i, v := range s {
		if !drop[i] {
			out = append(out, v)
		}
	}
	return out
}
