package geojson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"

	"cctvgis/geo"
	"cctvgis/planner/coverage"

	"github.com/paulmach/orb"
)

// Features numbers a GeoJSON file's features by their index, from 0, in the
// FeatureCollection's features array.
var Features = coverage.NewNumbering("features[%d]")

// Errors of a whole GeoJSON document; match them with errors.Is.
var (
	// ErrUnknownLayer is a layer name other than coverage.LayerSites, coverage.LayerCameras, ….
	ErrUnknownLayer = errors.New("data: unknown layer")
	// ErrNotFeatureCollection is a document that is not one GeoJSON FeatureCollection.
	ErrNotFeatureCollection = errors.New("data: not a GeoJSON FeatureCollection")
)

// ReadLayer reads one FeatureCollection of the named layer (coverage.LayerSites, …) from r,
// converts coordinates to WGS84 from the system its crs member names, else in.CRS (see
// Input), and appends the features to into. Features that
// cannot be read (wrong geometry type, coordinates outside lon −180..180 / lat −90..90 or not
// finite, rings not closed or with < 4 positions, line strings with < 2 positions, required
// property missing or of the wrong type) are returned as coverage.Rejection with the feature's
// index in the collection, its id when it has one, the field (`geometry`, `properties.azimuth`, …)
// and a reason. A whole-file problem (not JSON, not a FeatureCollection, unknown layer) is an error.
//
// The features are decoded one at a time, so memory does not grow with the file beyond the
// values appended. Ids given as JSON numbers become their literal text ("id": 12 is "12");
// other numbers given as strings are rejections. A null property is an absent one. Values are
// checked for type only: ranges, duplicate ids and categories are (*coverage.Layers).Check's.
// The id of an entrance in a rejection is its site_id, as in Check. On error, into is left as
// it was. ReadLayer touches only its layer of into: calls for different layers may run at
// the same time.
func ReadLayer(ctx context.Context, r io.Reader, in Input, into *coverage.Layers) ([]coverage.Rejection, error) {
	desc, ok := coverage.Desc(in.Layer)
	if !ok {
		return nil, fmt.Errorf("reading layer: %w %q", ErrUnknownLayer, in.Layer)
	}
	before := desc.Len(into)
	f := &featureReader{desc: desc, layer: in.Layer, file: in.File, crs: in.CRS, crsKnown: in.CRSSet, declared: in.Declared, interned: new(internCache)}
	if st, ok := r.(interface{ Stat() (os.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() {
			f.size = fi.Size()
		}
	}
	if err := f.collection(ctx, newDocReader(r), into); err != nil {
		into.TruncateLayer(desc, before)
		return nil, fmt.Errorf("reading %s: %w", in.Layer, err)
	}
	return f.rejections, nil
}

// Input says what a GeoJSON document holds: the layer, the coordinate system, and the file
// it comes from, which rejections name.
type Input struct {
	Layer string
	// CRS is the coordinate system of the positions when the document's crs member names
	// none; CRSSet says that the user chose it (--crs), so that a crs member naming another
	// system is an error, and positions that cannot be longitude/latitude are the features'
	// own faults. Without either, a document none of whose features has longitude/latitude
	// positions is refused (geo.ErrLooksProjected): its system is never guessed.
	CRS    geo.CRS
	CRSSet bool
	File   string
	// Declared, when not nil, is told the system the document's crs member names.
	Declared func(geo.CRS)
}

// ReadLayerFile is ReadLayer on the file in.File; errors and rejections name it.
func ReadLayerFile(ctx context.Context, in Input, into *coverage.Layers) ([]coverage.Rejection, error) {
	file, err := os.Open(in.File)
	if err != nil {
		return nil, err
	}
	defer func() { _ = file.Close() }() // read only: closing cannot lose data
	rej, err := ReadLayer(ctx, file, in, into)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", in.File, err)
	}
	return rej, nil
}

// featureReader turns the features of one collection into values of one layer. It keeps
// the first problem of the current feature in field and reason: once one is found, the
// accessors return zero values, so that a layer's read function can ask for every field
// and check once at the end.
type featureReader struct {
	desc  *coverage.LayerDesc
	layer string
	file  string
	crs   geo.CRS
	// crsKnown says that crs was given by the user or declared by the document;
	// declared is Input.Declared.
	crsKnown bool
	declared func(geo.CRS)
	// accepted counts the features read; offRange those whose positions look projected
	// (geo.LooksProjected), the first of which is offPoint.
	accepted, offRange int
	offPoint           orb.Point
	// size is the size of the file being read, 0 when unknown; from it and the first
	// features, the layer makes room for the rest at once.
	size       int64
	rejections []coverage.Rejection
	// interned holds recent values of low-variety properties (categories, owners, …) so that
	// 250,000 cameras do not hold 250,000 copies of "private".
	interned *internCache

	// The current feature.
	index  int
	id     string
	props  []member
	row    coverage.Row
	field  string
	reason string
}

// member is one "key": value of a JSON object: the key unquoted and unescaped, the value raw.
type member struct{ key, val []byte }

// collection reads the top-level object: its "type" must be "FeatureCollection" and its
// "features" an array, which is read one feature at a time. Other members are skipped.
func (f *featureReader) collection(ctx context.Context, d *docReader, into *coverage.Layers) error {
	switch c := d.peek(); c {
	case '{':
		d.pos++
	case 0:
		if d.err != nil {
			return d.err
		}
		return fmt.Errorf("%w: the document is empty", ErrNotFeatureCollection)
	default:
		if _, err := d.value(); err != nil {
			return err
		}
		return fmt.Errorf("%w: the document is not a JSON object", ErrNotFeatureCollection)
	}
	var typed, featured bool
	for more := d.peek() != '}'; more; {
		key, err := d.value()
		if err != nil {
			return err
		}
		if key[0] != '"' {
			return invalid(key[0], "looking for beginning of object key string", d.pos)
		}
		name := f.text(key, false)
		if err := d.expect(':', "after object key"); err != nil {
			return err
		}
		switch name {
		case "type":
			v, err := d.value()
			if err != nil {
				return err
			}
			if v[0] != '"' || f.text(v, false) != "FeatureCollection" {
				return fmt.Errorf("%w: its type is %s", ErrNotFeatureCollection, clip(v))
			}
			typed = true
		case "features":
			if err := f.features(ctx, d, into); err != nil {
				return err
			}
			featured = true
		case "crs":
			v, err := d.value()
			if err != nil {
				return err
			}
			if err := f.declare(v, featured); err != nil {
				return err
			}
		default:
			if _, err := d.value(); err != nil {
				return err
			}
		}
		if more = d.peek() != '}'; more {
			if err := d.expect(',', "after object key:value pair"); err != nil {
				return err
			}
		}
	}
	d.pos++ // the closing brace
	switch {
	case !typed:
		return fmt.Errorf("%w: it has no type", ErrNotFeatureCollection)
	case !featured:
		return fmt.Errorf("%w: it has no features", ErrNotFeatureCollection)
	}
	if d.peek() != 0 {
		return fmt.Errorf("%w: more data follows the collection", ErrNotFeatureCollection)
	}
	if !f.crsKnown && f.accepted == 0 && f.offRange > 0 {
		return geo.ProjectedError(f.offPoint)
	}
	return d.err
}

// declare takes the coordinate system the collection's crs member names (GeoJSON 2008's
// {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}, as GDAL writes
// it). It must agree with the one the user gave, and come before the features unless it
// names the system they were read in.
func (f *featureReader) declare(raw []byte, afterFeatures bool) error {
	var m struct {
		Type       string `json:"type"`
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	if string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, &m); err != nil || m.Type != "name" {
		return fmt.Errorf("%w: its crs member is not {\"type\": \"name\", \"properties\": {\"name\": …}}: give the system with --crs", geo.ErrUnknownCRS)
	}
	declared, err := geo.ParseCRS(m.Properties.Name)
	switch {
	case err != nil:
		return fmt.Errorf("its crs member: %w", err)
	case declared == f.crs:
	case f.crsKnown:
		return fmt.Errorf("its crs member names %s, --crs says %s", declared, f.crs)
	case afterFeatures:
		return fmt.Errorf("its crs member, after the features, names %s; they were read as %s: give --crs %s", declared, f.crs, declared)
	}
	f.crs, f.crsKnown = declared, true
	if f.declared != nil {
		f.declared(declared)
	}
	return nil
}

// features reads the features array as a pipeline. A scanner goroutine finds the
// features one after another and copies them into batches; one goroutine per CPU converts
// batches into rows; and this goroutine adds the rows to the layer (or the rejections) in
// their order in the file. Scanning, converting and adding go on at the same time, with at
// most 2P+1 batches in flight.
func (f *featureReader) features(ctx context.Context, d *docReader, into *coverage.Layers) error {
	switch c := d.peek(); c {
	case '[':
		d.pos++
	case 0:
		return d.endError()
	default:
		if _, err := d.value(); err != nil {
			return err
		}
		return fmt.Errorf("%w: features is not an array", ErrNotFeatureCollection)
	}
	workers := runtime.GOMAXPROCS(0)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	free := make(chan *featureBatch, 2*workers+1)
	for range cap(free) {
		conv := *f
		conv.interned, conv.rejections, conv.props = new(internCache), nil, nil
		free <- &featureBatch{conv: &conv, converted: make(chan struct{}, 1),
			raw: make([]byte, 0, batchSize*256), ends: make([]int, 0, batchSize),
			rows: make([]coverage.Row, 0, batchSize), ok: make([]bool, 0, batchSize)}
	}
	// Neither channel ever blocks its sender: it holds every batch there is.
	scanned := make(chan *featureBatch, cap(free))
	todo := make(chan *featureBatch, cap(free))
	wg.Go(func() { f.scanBatches(ctx, d, free, scanned, todo) })
	for range workers {
		wg.Go(func() {
			for b := range todo {
				b.convert()
				b.converted <- struct{}{}
			}
		})
	}
	for b := range scanned {
		if b.err != nil {
			return b.err
		}
		<-b.converted
		if b.first == 0 && f.size > 0 && b.at < f.size {
			// The first batch: make room for as many more features as the rest of the
			// file holds at this rate, and a tenth over.
			f.desc.Grow(into, int(float64(f.size-b.at)/float64(b.at)*float64(len(b.ends))*1.1))
		}
		for k := range b.ends {
			if b.ok[k] {
				f.desc.Add(into, &b.rows[k])
				into.Locate(f.desc, f.file, Features.At(int64(b.first+k)))
				f.accepted++
			}
		}
		if f.offRange == 0 && b.conv.offRange > 0 {
			f.offPoint = b.conv.offPoint
		}
		f.offRange += b.conv.offRange
		b.conv.offRange = 0
		f.rejections = append(f.rejections, b.conv.rejections...)
		b.conv.rejections = b.conv.rejections[:0]
		free <- b
	}
	// The scanner also stops, without a batch to say so, when ctx ends.
	return ctx.Err()
}

// scanBatches fills batches from free with the features d holds, up to the closing
// bracket, and sends each to scanned and, to be converted, to todo. A batch that ends in
// an error goes to scanned only, and is the last. It closes both channels when done.
func (f *featureReader) scanBatches(ctx context.Context, d *docReader, free <-chan *featureBatch, scanned, todo chan<- *featureBatch) {
	defer close(todo)
	defer close(scanned)
	i := 0
	for done := false; !done; {
		var b *featureBatch
		select {
		case b = <-free:
		case <-ctx.Done():
			return
		}
		b.first, b.raw, b.ends, b.err = i, b.raw[:0], b.ends[:0], ctx.Err()
		for b.err == nil && len(b.ends) < batchSize {
			if d.peek() == ']' {
				d.pos++
				done = true
				break
			}
			if i > 0 {
				if err := d.expect(',', "after array element"); err != nil {
					b.err = fmt.Errorf("decoding features[%d]: %w", i, err)
					break
				}
			}
			raw, err := d.value()
			if err != nil {
				b.err = fmt.Errorf("decoding features[%d]: %w", i, err)
				break
			}
			b.raw = append(b.raw, raw...)
			b.ends = append(b.ends, len(b.raw))
			i++
		}
		b.at = d.offset()
		scanned <- b
		if b.err != nil {
			return
		}
		todo <- b
	}
}

// batchSize is how many features a batch holds.
const batchSize = 1024

// featureBatch is a run of features copied from the file, from features[first] on, and
// what they become: a row, or a rejection in conv.
type featureBatch struct {
	conv  *featureReader
	first int
	raw   []byte // the features one after another
	ends  []int  // where each ends in raw
	at    int64  // the offset in the file after the batch
	err   error  // what stopped the scanner in this batch
	rows  []coverage.Row
	ok    []bool
	// converted is signalled when rows and ok are ready.
	converted chan struct{}
}

func (b *featureBatch) convert() {
	b.rows, b.ok = b.rows[:0], b.ok[:0]
	start := 0
	for k, end := range b.ends {
		ok := b.conv.feature(b.first+k, b.raw[start:end])
		b.rows = append(b.rows, b.conv.row)
		b.ok = append(b.ok, ok)
		start = end
	}
}

// feature reads one feature, already checked to be well-formed JSON by the scanner, into
// f.row and reports whether it may join its layer; when not, it records its rejection.
func (f *featureReader) feature(i int, raw []byte) bool {
	f.index, f.id, f.field, f.reason = i, "", "", ""
	f.props = f.props[:0]
	c := cursor{b: raw}
	if c.peek() != '{' {
		f.reject("feature", "not a JSON object")
		return false
	}
	c.i++
	var typ, geom, props, featureID []byte
	for c.more('}') {
		key := c.key()
		start := c.i
		if string(key) == "properties" && c.b[c.i] == '{' {
			// Read in place: the properties are most of a feature.
			f.props = f.props[:0]
			c.i++
			for c.more('}') {
				key := c.key()
				if bytes.IndexByte(key, '\\') >= 0 {
					key = []byte(unescapeKey(key))
				}
				vstart := c.i
				c.skip()
				f.props = append(f.props, member{key, c.b[vstart:c.i]})
			}
			props = c.b[start:c.i]
			continue
		}
		c.skip()
		switch string(key) {
		case "type":
			typ = c.b[start:c.i]
		case "geometry":
			geom = c.b[start:c.i]
		case "properties":
			props = c.b[start:c.i]
		case "id":
			featureID = c.b[start:c.i]
		}
	}
	// GDAL writes an "id" property as the feature's own id member, leaving it out of the
	// properties: take it from there for the layers whose identifier is "id".
	if name := f.desc.IDField().Name; name == "id" && featureID != nil && f.prop(name) == nil {
		f.props = append(f.props, member{[]byte(name), featureID})
	}
	if v := f.prop(f.desc.IDField().Name); v != nil && (v[0] == '"' || isNumberStart(v[0])) {
		f.id = f.text(v, false)
	}
	switch {
	case typ == nil:
		f.fail("type", "missing")
	case string(typ) != `"Feature"`:
		f.fail("type", fmt.Sprintf(`want "Feature", got %s`, clip(typ)))
	case len(props) > 0 && props[0] != '{' && props[0] != 'n':
		f.fail("properties", "not a JSON object")
	}
	f.row = coverage.Row{}
	f.geometry(geom)
	for _, fd := range f.desc.Fields {
		switch fd.Kind {
		case coverage.FieldID:
			f.row.Text[fd.Slot] = f.ident(fd.Name, fd.Required)
		case coverage.FieldText, coverage.FieldLabel:
			f.row.Text[fd.Slot] = f.str(fd.Name, fd.Required, fd.Kind == coverage.FieldLabel)
		case coverage.FieldNumber:
			f.row.Num[fd.Slot] = f.num(fd.Name, fd.Required)
		}
	}
	if f.field != "" {
		f.reject(f.field, f.reason)
		return false
	}
	return true
}

// ctxEvery is how many features are read between two checks of the context.
const ctxEvery = 4096

func (f *featureReader) reject(field, reason string) {
	f.rejections = append(f.rejections, coverage.Rejection{
		Layer: f.layer, Index: coverage.NotRead, File: f.file,
		At: Features.At(int64(f.index)), ID: f.id, Field: field, Reason: reason,
	})
}

// fail records the current feature's first problem.
func (f *featureReader) fail(field, reason string) {
	if f.field == "" {
		f.field, f.reason = field, reason
	}
}

// ok reports whether the current feature has no problem so far.
func (f *featureReader) ok() bool { return f.field == "" }

// prop returns the raw value of the named property, nil when it is absent or null.
func (f *featureReader) prop(name string) []byte {
	for _, m := range f.props {
		if string(m.key) == name {
			if m.val[0] == 'n' {
				return nil
			}
			return m.val
		}
	}
	return nil
}

// value returns the raw value of a property of the wanted JSON type, or nil after
// recording a problem (or when an optional property is absent).
func (f *featureReader) value(name string, required bool, want string, accept func(byte) bool) []byte {
	if !f.ok() {
		return nil
	}
	v := f.prop(name)
	switch {
	case v == nil && required:
		f.fail("properties."+name, "missing")
	case v != nil && !accept(v[0]):
		f.fail("properties."+name, fmt.Sprintf("want %s, got %s %s", want, jsonType(v[0]), clip(v)))
	case v != nil:
		return v
	}
	return nil
}

// str returns a string property; intern is for properties with few distinct values.
func (f *featureReader) str(name string, required, intern bool) string {
	v := f.value(name, required, "a string", func(b byte) bool { return b == '"' })
	if v == nil {
		return ""
	}
	return f.text(v, intern)
}

// ident returns an identifier, given as a string or a number (then its literal text).
func (f *featureReader) ident(name string, required bool) string {
	v := f.value(name, required, "a string or a number", func(b byte) bool { return b == '"' || isNumberStart(b) })
	if v == nil {
		return ""
	}
	if f.id != "" && name == f.desc.IDField().Name {
		return f.id // already read, to name the feature in a rejection
	}
	return f.text(v, false)
}

// num returns a number property, 0 when an optional one is absent.
func (f *featureReader) num(name string, required bool) float64 {
	v := f.value(name, required, "a number", isNumberStart)
	if v == nil {
		return 0
	}
	x, ok := parseNumber(v)
	if !ok {
		f.fail("properties."+name, fmt.Sprintf("%s is not a finite number", clip(v)))
	}
	return x
}

// text returns the Go string of a raw JSON string, or the literal text of anything else.
func (f *featureReader) text(v []byte, intern bool) string {
	if v[0] != '"' {
		return string(v)
	}
	in := v[1 : len(v)-1]
	if bytes.IndexByte(in, '\\') >= 0 || !utf8.Valid(in) {
		var s string
		// The scanner has validated the string, so this cannot fail.
		_ = json.Unmarshal(v, &s)
		return s
	}
	if !intern {
		return string(in)
	}
	return f.interned.get(in)
}

// internCache is a direct-mapped cache of strings: a value seen lately comes back as the
// same string rather than a new copy. Unlike a map, it stays small and never rehashes
// when a property has a value per feature (an owner per site), as encoding/json/v2 keeps
// its object keys.
type internCache [1024]string

var internSeed = maphash.MakeSeed()

// get returns b as a string, the cached one when it holds the same bytes.
func (c *internCache) get(b []byte) string {
	slot := &c[maphash.Bytes(internSeed, b)%uint64(len(c))]
	if *slot != string(b) {
		*slot = string(b)
	}
	return *slot
}

// unescapeKey decodes an object key that holds escapes.
func unescapeKey(key []byte) string {
	var s string
	_ = json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &s)
	return s
}

// geometry reads a GeoJSON geometry of one of the layer's types, converted to WGS84.
func (f *featureReader) geometry(raw []byte) {
	if !f.ok() {
		return
	}
	if len(raw) == 0 || raw[0] == 'n' {
		f.fail("geometry", "missing")
		return
	}
	if raw[0] != '{' {
		f.fail("geometry", "not a JSON object")
		return
	}
	c := cursor{b: raw, i: 1}
	var typ, coords []byte
	for c.more('}') {
		key, val := c.member()
		switch string(key) {
		case "type":
			typ = val
		case "coordinates":
			coords = val
		}
	}
	var kind coverage.GeomKinds
	if len(typ) > 2 && typ[0] == '"' {
		kind = coverage.GeomKindNamed(string(typ[1 : len(typ)-1]))
	}
	switch {
	case typ == nil:
		f.fail("geometry", "no type")
		return
	case kind&f.desc.Kinds == 0:
		f.fail("geometry", fmt.Sprintf("%s is not accepted in %s (want %s)", clip(typ), f.layer, f.desc.Kinds))
		return
	case coords == nil:
		f.fail("geometry", "no coordinates")
		return
	}
	p := coordParser{cursor: cursor{b: coords}, crs: f.crs}
	defer func() {
		if p.off {
			if f.offRange == 0 {
				f.offPoint = p.offAt
			}
			f.offRange++
		}
	}()
	var g orb.Geometry
	switch kind {
	case coverage.GeomPoint:
		f.row.Point = p.point()
		if f.desc.Kinds != coverage.GeomPoint {
			g = f.row.Point // boxed only for a layer that keeps geometries
		}
	case coverage.GeomLineString:
		g = p.lineString()
	case coverage.GeomMultiLineString:
		g = p.multiLineString()
	case coverage.GeomPolygon:
		g = p.polygon()
	case coverage.GeomMultiPolygon:
		g = p.multiPolygon()
	}
	if p.reason != "" {
		f.fail("geometry", p.reason)
		return
	}
	if f.desc.Kinds != coverage.GeomPoint {
		f.row.Geom = g
	}
}

// coordParser reads the coordinates array of a geometry, checking positions, line
// strings and rings as it goes; the first problem stops it and is kept in reason.
type coordParser struct {
	cursor
	crs    geo.CRS
	reason string
	// off says that a position looks projected (geo.LooksProjected); offAt is the first.
	off   bool
	offAt orb.Point
}

func (p *coordParser) failf(format string, args ...any) {
	if p.reason == "" {
		p.reason = fmt.Sprintf(format, args...)
	}
}

// array enters an array, or fails with what was expected instead.
func (p *coordParser) array(what string) bool {
	if p.reason != "" {
		return false
	}
	if p.peek() != '[' {
		p.failf("coordinates: want %s, got %s", what, jsonType(p.peek()))
		return false
	}
	p.i++
	return true
}

// position reads [lon, lat] (further numbers, such as an altitude, are ignored) as given,
// without converting it.
func (p *coordParser) position() orb.Point {
	var pt orb.Point
	if !p.array("a position") {
		return pt
	}
	n := 0
	for p.more(']') {
		if !isNumberStart(p.peek()) {
			p.failf("coordinates: a position holds %s, not a number", jsonType(p.peek()))
			return pt
		}
		start := p.i
		p.skip()
		x, ok := parseNumber(p.b[start:p.i])
		if !ok {
			p.failf("coordinates: %s is not a finite number", clip(p.b[start:p.i]))
			return pt
		}
		if n < 2 {
			pt[n] = x
		}
		n++
	}
	if n < 2 {
		p.failf("coordinates: a position has %d numbers, need 2", n)
	}
	return pt
}

// place converts a position as given to WGS84, failing on one outside longitude
// −180..180 or latitude −90..90: as given in a geographic system, once converted in a
// projected one.
func (p *coordParser) place(pt orb.Point) orb.Point {
	if !p.off && !p.crs.Projected() && geo.LooksProjected(pt) {
		p.off, p.offAt = true, pt
	}
	w, problem := p.crs.Place(pt)
	if problem != "" {
		p.failf("coordinates: %s", problem)
	}
	return w
}

// positions reads an array of positions, as given.
func (p *coordParser) positions() []orb.Point {
	if !p.array("an array of positions") {
		return nil
	}
	pts := make([]orb.Point, 0, 8)
	for p.more(']') {
		pts = append(pts, p.position())
		if p.reason != "" {
			return nil
		}
	}
	return pts
}

// convert maps the points from the input system to WGS84 in place (place).
func (p *coordParser) convert(pts []orb.Point) {
	for i, pt := range pts {
		pts[i] = p.place(pt)
		if p.reason != "" {
			return
		}
	}
}

func (p *coordParser) point() orb.Point { return p.place(p.position()) }

func (p *coordParser) lineString() orb.LineString {
	pts := p.positions()
	if p.reason == "" && len(pts) < 2 {
		p.failf("a line string has %d positions, need at least 2", len(pts))
	}
	p.convert(pts)
	return pts
}

func (p *coordParser) multiLineString() orb.MultiLineString {
	var ml orb.MultiLineString
	if !p.array("an array of line strings") {
		return nil
	}
	for p.more(']') {
		ls := p.lineString()
		if p.reason != "" {
			p.reason = fmt.Sprintf("line string %d: %s", len(ml), p.reason)
			return nil
		}
		ml = append(ml, ls)
	}
	if len(ml) == 0 {
		p.failf("a multi line string has no line strings")
	}
	return ml
}

func (p *coordParser) polygon() orb.Polygon {
	var poly orb.Polygon
	if !p.array("an array of rings") {
		return nil
	}
	for p.more(']') {
		r := p.positions()
		switch {
		case p.reason != "":
		case len(r) < 4:
			p.failf("ring %d has %d positions, need at least 4", len(poly), len(r))
		case r[0] != r[len(r)-1]:
			p.failf("ring %d is not closed: its last position differs from its first", len(poly))
		}
		if p.reason != "" {
			return nil
		}
		p.convert(r)
		poly = append(poly, r)
	}
	if len(poly) == 0 {
		p.failf("a polygon has no rings")
	}
	return poly
}

func (p *coordParser) multiPolygon() orb.MultiPolygon {
	var mp orb.MultiPolygon
	if !p.array("an array of polygons") {
		return nil
	}
	for p.more(']') {
		poly := p.polygon()
		if p.reason != "" {
			p.reason = fmt.Sprintf("polygon %d: %s", len(mp), p.reason)
			return nil
		}
		mp = append(mp, poly)
	}
	if len(mp) == 0 {
		p.failf("a multi polygon has no polygons")
	}
	return mp
}

// cursor walks JSON text that the scanner has already validated, so it only finds the
// ends of values and never checks the grammar.
type cursor struct {
	b []byte
	i int
}

// peek skips white space and returns the next byte, 0 at the end.
func (c *cursor) peek() byte {
	for c.i < len(c.b) {
		switch c.b[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return c.b[c.i]
		}
	}
	return 0
}

// more is called after an array's or object's opening bracket and after each element: it
// steps over the separating comma and reports whether another element follows, or steps
// over the closing bracket and reports false.
func (c *cursor) more(closing byte) bool {
	switch c.peek() {
	case closing:
		c.i++
		return false
	case ',':
		c.i++
		c.peek()
	}
	return c.i < len(c.b)
}

// key reads `"key":` and returns the key without its quotes, leaving the cursor on the value.
func (c *cursor) key() []byte {
	start := c.i
	c.i = stringEnd(c.b, c.i)
	key := c.b[start+1 : c.i-1]
	c.peek()
	c.i++ // the colon
	c.peek()
	return key
}

// member reads "key": value, returning the key without its quotes and the raw value.
func (c *cursor) member() (key, val []byte) {
	key = c.key()
	start := c.i
	c.skip()
	return key, c.b[start:c.i]
}

// skip steps over one value.
func (c *cursor) skip() {
	switch c.b[c.i] {
	case '"':
		c.i = stringEnd(c.b, c.i)
	case '{', '[':
		depth := 0
		for c.i < len(c.b) {
			switch c.b[c.i] {
			case '"':
				c.i = stringEnd(c.b, c.i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			c.i++
			if depth == 0 {
				return
			}
		}
	default:
		for c.i < len(c.b) {
			switch c.b[c.i] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				return
			}
			c.i++
		}
	}
}

// stringEnd returns the index just past the string that opens at b[i].
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// pow10 holds the powers of ten that a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseNumber converts a JSON number and reports whether it is finite. A plain decimal of
// at most 15 digits, the usual coordinate or camera value, is m / 10^k with both exact in a
// float64, so the quotient is the correctly rounded value (Clinger's fast path) and needs
// none of strconv's general machinery; other numbers go to strconv.
func parseNumber(b []byte) (float64, bool) {
	var m uint64
	digits, frac := 0, -1
	i := 0
	if b[0] == '-' {
		i = 1
	}
	for ; i < len(b) && digits <= 15; i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.':
			frac = 0
		default:
			digits = 16 // an exponent
		}
	}
	if digits <= 15 {
		x := float64(m)
		if frac > 0 {
			x /= pow10[frac]
		}
		if b[0] == '-' {
			x = -x
		}
		return x, true
	}
	x, err := strconv.ParseFloat(string(b), 64)
	return x, err == nil && !math.IsInf(x, 0)
}

func isNumberStart(b byte) bool { return b == '-' || (b >= '0' && b <= '9') }

// jsonType names the JSON type of the value that starts with b.
func jsonType(b byte) string {
	switch {
	case b == '"':
		return "a string"
	case b == '{':
		return "an object"
	case b == '[':
		return "an array"
	case b == 't' || b == 'f':
		return "a boolean"
	case b == 'n':
		return "null"
	case isNumberStart(b):
		return "a number"
	}
	return "nothing"
}

// clip returns a raw value short enough for a message.
func clip(v []byte) string {
	const limit = 40
	if len(v) <= limit {
		return string(v)
	}
	return string(v[:limit]) + "…"
}
