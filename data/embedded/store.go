package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"cctvgis/geo"
	"cctvgis/planner"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Errors of the embedded store, besides planner.ErrInvalid for input that cannot be stored
// and planner.ErrNotFound for an unknown district.
var (
	// ErrNotStore is returned when a file is not an embedded store: not a bbolt database,
	// or one written by another program.
	ErrNotStore = errors.New("data: not an embedded store file")
	// ErrStoreLocked is returned when another process holds the store's file open.
	ErrStoreLocked = errors.New("data: embedded store in use by another process")
	// ErrStoreVersion is returned for a store written with a schema this program does not
	// know, usually by a newer version of it.
	ErrStoreVersion = errors.New("data: unsupported embedded store version")
	// ErrCorrupt is returned when a stored value cannot be decoded.
	ErrCorrupt = errors.New("data: corrupt embedded store")
	// ErrNoStore is returned when a store opened for reading does not exist; reading never
	// creates one.
	ErrNoStore = errors.New("data: no embedded store")
)

// embeddedVersion is the schema version this code writes and reads.
const embeddedVersion = 1

// embeddedOpenTimeout bounds the wait for the file lock, so that a store held by another
// process is an error rather than a hang.
const embeddedOpenTimeout = time.Second

// embeddedMmapSize is the address space mapped for the file from the start. Each time a
// growing file outgrows its mapping, bbolt copies every page that the open write
// transaction touched onto the heap, which made putting a Yangzhou-sized city three times
// slower; reserving 1 GiB of address space (not memory, not disk) avoids that below 1 GiB.
const embeddedMmapSize = 1 << 30

// ctxEvery is how many features are written or read between two checks of the context.
const ctxEvery = 4096

// embeddedFill is how full bbolt packs the pages it splits. Features are written in key
// order, so the default of one half would leave most pages half empty.
const embeddedFill = 0.9

// maxIDBytes is the longest id that fits a bbolt key, with room for an entrance's suffix.
const maxIDBytes = bolt.MaxKeySize - 5

var (
	metaBucket = []byte("meta")
	versionKey = []byte("version")
	// embeddedLayers are the layer names, which are also the names of their buckets.
	embeddedLayers = [...]string{
		planner.LayerSites, planner.LayerEntrances, planner.LayerCameras, planner.LayerRoads,
		planner.LayerOccluders, planner.LayerPrivateSpaces, planner.LayerDistricts,
	}
)

// Store is the zero-install planner.LayerStore: pure Go, no server, all layers in
// one bbolt database file. Each layer is a bucket keyed by feature id (districts by name;
// entrances by site id, a zero byte and a 4-byte big-endian sequence number, so that they
// read back per site in the order they were put); values are a compact binary encoding whose
// geometry is WKB, so every float round-trips to the bit.
//
// The whole file is the unit of backup: copy it while no process has it open. bbolt gives
// one writer at a time (PutLayers calls queue) and readers that see the last committed
// state, concurrently with a writer; a commit is fsynced before PutLayers returns. One
// process may open the file for writing, or any number read-only (OpenReadOnly), not both;
// the store is safe for concurrent use by goroutines.
type Store struct {
	db   *bolt.DB
	path string
	tax  *planner.Taxonomy
}

var _ planner.LayerStore = (*Store)(nil)

// Open opens the embedded store at path for reading and writing, creating it if needed.
// tax validates what is put. A file that is not a store is ErrNotStore, one of a newer
// schema ErrStoreVersion, and one that another process holds ErrStoreLocked after a
// second; errors name the path.
func Open(path string, tax *planner.Taxonomy) (*Store, error) {
	return open(path, tax, false)
}

// OpenReadOnly opens the existing embedded store at path for reading only: it never
// creates the file and never changes its bytes, and any number of processes may read it at
// once while none writes it. A missing file is ErrNoStore; otherwise errors are those of
// Open. PutLayers on the store fails.
func OpenReadOnly(path string, tax *planner.Taxonomy) (*Store, error) {
	return open(path, tax, true)
}

func open(path string, tax *planner.Taxonomy, readOnly bool) (*Store, error) {
	if tax == nil {
		return nil, fmt.Errorf("opening embedded store %s: %w: no taxonomy", path, planner.ErrInvalid)
	}
	if readOnly {
		// bbolt would report a missing file as a bare ENOENT; say what is missing.
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w at %s", ErrNoStore, path)
		}
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         embeddedOpenTimeout,
		FreelistType:    bolt.FreelistMapType,
		InitialMmapSize: embeddedMmapSize,
		ReadOnly:        readOnly,
	})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("opening embedded store %s: %w (waited %v for its lock)", path, ErrStoreLocked, embeddedOpenTimeout)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch), err != nil && !hasBoltMagic(path):
		return nil, fmt.Errorf("opening embedded store %s: %w: %w", path, ErrNotStore, err)
	case err != nil:
		return nil, fmt.Errorf("opening embedded store %s: %w", path, err)
	}
	if readOnly {
		err = db.View(checkSchema)
	} else {
		err = db.Update(initSchema)
	}
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("opening embedded store %s: %w", path, err)
	}
	return &Store{db: db, path: path, tax: tax}, nil
}

// boltMagic is the number at the start of a bbolt meta page, after the 16-byte page header.
const boltMagic = 0xED0CDAED

// hasBoltMagic reports whether the file at path could be a bbolt database: its first page
// carries bbolt's magic number, in the byte order of this machine, as bbolt writes it.
// bbolt reports some files that are not databases (noise of 4 to 8 KiB) only as too small,
// which this tells apart from a damaged database. A file that cannot be read is given the
// benefit of the doubt.
func hasBoltMagic(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer func() { _ = f.Close() }()
	var head [20]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false
	}
	return binary.NativeEndian.Uint32(head[16:]) == boltMagic
}

// initSchema checks the schema version of a store, or writes it and the buckets into a new
// file.
func initSchema(tx *bolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		if err := tx.ForEach(func([]byte, *bolt.Bucket) error { return ErrNotStore }); err != nil {
			return fmt.Errorf("%w: a bbolt database of another program", err)
		}
		var err error
		if meta, err = tx.CreateBucket(metaBucket); err != nil {
			return fmt.Errorf("creating schema: %w", err)
		}
		if err := meta.Put(versionKey, binary.BigEndian.AppendUint64(nil, embeddedVersion)); err != nil {
			return fmt.Errorf("creating schema: %w", err)
		}
	}
	if err := checkVersion(meta); err != nil {
		return err
	}
	for _, name := range embeddedLayers {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// checkSchema checks, without writing, that a store has the schema this code reads: the
// version and a bucket per layer.
func checkSchema(tx *bolt.Tx) error {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		return fmt.Errorf("%w: a bbolt database without a schema", ErrNotStore)
	}
	if err := checkVersion(meta); err != nil {
		return err
	}
	for _, name := range embeddedLayers {
		if tx.Bucket([]byte(name)) == nil {
			return fmt.Errorf("%w: no bucket %s", ErrCorrupt, name)
		}
	}
	return nil
}

func checkVersion(meta *bolt.Bucket) error {
	switch v := meta.Get(versionKey); {
	case len(v) != 8:
		return fmt.Errorf("%w: version of %d bytes", ErrStoreVersion, len(v))
	case binary.BigEndian.Uint64(v) != embeddedVersion:
		return fmt.Errorf("%w: version %d, this program reads %d", ErrStoreVersion, binary.BigEndian.Uint64(v), embeddedVersion)
	}
	return nil
}

// Close releases the store and its file lock.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("closing embedded store %s: %w", s.path, err)
	}
	return nil
}

// PutLayers writes every feature of l in one transaction, all or nothing, upserting by id;
// the entrances of each site in l replace that site's stored entrances. Layers must pass
// l.CheckWithSites (entrances may name sites already stored) and carry ids, occluders and
// private spaces too (see planner.Layers.AssignIDs); ids must not hold a zero byte,
// occluder ids and district names must be unique, and geometries must be non-empty and of
// their layer's types. Otherwise the error wraps planner.ErrInvalid and the first
// planner.Rejection, and nothing is written. The context is checked every few thousand
// features; cancelling it rolls the transaction back. It returns how many features of each
// layer were written, keyed by layer name.
func (s *Store) PutLayers(ctx context.Context, l *planner.Layers) (map[string]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("putting layers: %w", err)
	}
	w := &layerWriter{ctx: ctx, enc: &valueEncoder{}}
	w.wkb = wkb.NewEncoder(w.enc)
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := s.check(tx, l); err != nil {
			return err
		}
		return w.put(tx, l)
	})
	if err != nil {
		return nil, fmt.Errorf("putting layers into %s: %w", s.path, err)
	}
	counts := make(map[string]int, len(embeddedLayers))
	for _, name := range embeddedLayers {
		counts[name] = l.Len(name)
	}
	return counts, nil
}

// check refuses layers that break the input contract or that the store cannot keep. It runs
// in the write transaction, so that the entrances of sites already stored are accepted
// without their site.
func (s *Store) check(tx *bolt.Tx, l *planner.Layers) error {
	var stored map[string]bool
	if len(l.Entrances) > 0 {
		in := make(map[string]bool, len(l.Sites))
		for _, site := range l.Sites {
			in[site.ID] = true
		}
		stored = map[string]bool{}
		b := tx.Bucket([]byte(planner.LayerSites))
		for _, e := range l.Entrances {
			if !in[e.SiteID] && !stored[e.SiteID] && b.Get([]byte(e.SiteID)) != nil {
				stored[e.SiteID] = true
			}
		}
	}
	rej := l.CheckWithSites(s.tax, stored)
	if len(rej) == 0 {
		rej = storeRejections(l)
	}
	if len(rej) == 0 {
		return nil
	}
	more := ""
	if len(rej) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(rej)-1)
	}
	return fmt.Errorf("%w: %w%s", planner.ErrInvalid, rej[0], more)
}

// storeRejections finds what Layers.Check lets through but the store cannot keep. An
// entrance's site id is checked as its site's id, when the site is put or was stored.
func storeRejections(l *planner.Layers) []planner.Rejection {
	var rej []planner.Rejection
	// check rejects a key the store cannot hold and a geometry its layer cannot; seen, when
	// not nil, holds the keys met so far, which must be unique.
	check := func(layer string, i int, id string, seen map[string]bool, g orb.Geometry, kinds geomKinds) {
		add := func(field, reason string) {
			rej = append(rej, planner.Rejection{Layer: layer, Index: i, ID: id, Field: field, Reason: reason})
		}
		switch {
		case id == "":
			add("id", "missing (see Layers.AssignIDs)")
		case strings.IndexByte(id, 0) >= 0:
			add("id", "holds a zero byte")
		case len(id) > maxIDBytes:
			add("id", fmt.Sprintf("longer than %d bytes", maxIDBytes))
		case seen != nil && seen[id]:
			add("id", "duplicate id")
		}
		if seen != nil {
			seen[id] = true
		}
		if reason := kinds.check(g); reason != "" {
			add("geometry", reason)
		}
	}
	for i, s := range l.Sites {
		check(planner.LayerSites, i, s.ID, nil, s.Geometry, pointOrPolygon)
	}
	for i, c := range l.Cameras {
		check(planner.LayerCameras, i, c.ID, nil, c.Pos, pointOnly)
	}
	for i, r := range l.Roads {
		check(planner.LayerRoads, i, r.ID, nil, r.Geometry, lineOnly)
	}
	seen := make(map[string]bool, len(l.Occluders))
	for i, o := range l.Occluders {
		check(planner.LayerOccluders, i, o.ID, seen, o.Geometry, polygonOnly)
	}
	for i, p := range l.PrivateSpaces {
		check(planner.LayerPrivateSpaces, i, p.ID, nil, p.Geometry, polygonOnly)
	}
	clear(seen)
	for i, d := range l.Districts {
		check(planner.LayerDistricts, i, d.Name, seen, d.Geometry, polygonOnly)
	}
	return rej
}

// geomKinds says which geometry types a layer holds.
type geomKinds uint8

const (
	pointOnly geomKinds = 1 << iota
	lineOnly
	polygonOnly
	pointOrPolygon = pointOnly | polygonOnly
)

// check returns why g cannot be stored in a layer of kinds k, or "".
func (k geomKinds) check(g orb.Geometry) string {
	var kind geomKinds
	empty := false
	switch g := g.(type) {
	case orb.Point:
		kind = pointOnly
	case orb.LineString:
		kind, empty = lineOnly, len(g) == 0
	case orb.MultiLineString:
		kind, empty = lineOnly, len(g) == 0 || slices.ContainsFunc(g, func(ls orb.LineString) bool { return len(ls) == 0 })
	case orb.Polygon:
		kind, empty = polygonOnly, len(g) == 0 || len(g[0]) == 0
	case orb.MultiPolygon:
		kind, empty = polygonOnly, len(g) == 0 || slices.ContainsFunc(g, func(p orb.Polygon) bool { return len(p) == 0 || len(p[0]) == 0 })
	case nil:
		return "missing"
	}
	switch {
	case k&kind == 0:
		return fmt.Sprintf("%T is not a type this layer holds", g)
	case empty:
		return "empty"
	}
	return ""
}

// layerWriter writes layers in one update transaction.
type layerWriter struct {
	ctx context.Context
	n   int
	enc *valueEncoder
	wkb *wkb.Encoder
}

// tick counts a feature and checks the context every ctxEvery features.
func (w *layerWriter) tick() error {
	w.n++
	if w.n%ctxEvery == 0 {
		return w.ctx.Err()
	}
	return nil
}

func (w *layerWriter) put(tx *bolt.Tx, l *planner.Layers) error {
	err := putLayer(w, tx, planner.LayerSites, l.Sites, func(s *planner.Site) string { return s.ID },
		func(s *planner.Site) error {
			w.enc.str(s.Category)
			w.enc.str(s.Name)
			w.enc.str(s.District)
			return w.wkb.Encode(s.Geometry)
		})
	if err == nil {
		err = w.putEntrances(tx, l.Entrances)
	}
	if err == nil {
		err = putLayer(w, tx, planner.LayerCameras, l.Cameras, func(c *planner.Camera) string { return c.ID },
			func(c *planner.Camera) error {
				w.enc.point(c.Pos)
				w.enc.f64(c.Azimuth)
				w.enc.f64(c.HFOV)
				w.enc.f64(c.Range)
				w.enc.f64(c.Height)
				w.enc.str(c.Owner)
				w.enc.str(string(c.Investment))
				w.enc.str(c.Status)
				return nil
			})
	}
	if err == nil {
		err = putLayer(w, tx, planner.LayerRoads, l.Roads, func(r *planner.Road) string { return r.ID },
			func(r *planner.Road) error {
				w.enc.str(r.Class)
				w.enc.str(r.Name)
				return w.wkb.Encode(r.Geometry)
			})
	}
	if err == nil {
		err = putLayer(w, tx, planner.LayerOccluders, l.Occluders, func(o *planner.Occluder) string { return o.ID },
			func(o *planner.Occluder) error {
				w.enc.f64(o.Height)
				return w.wkb.Encode(o.Geometry)
			})
	}
	if err == nil {
		err = putLayer(w, tx, planner.LayerPrivateSpaces, l.PrivateSpaces, func(p *planner.PrivateSpace) string { return p.ID },
			func(p *planner.PrivateSpace) error {
				w.enc.str(p.Space)
				return w.wkb.Encode(p.Geometry)
			})
	}
	if err == nil {
		err = putLayer(w, tx, planner.LayerDistricts, l.Districts, func(d *planner.District) string { return d.Name },
			func(d *planner.District) error { return w.wkb.Encode(d.Geometry) })
	}
	return err
}

// putLayer upserts items into the layer's bucket in key order, which keeps bbolt's pages
// full and its writes local. encode writes one item's value into w.enc.
func putLayer[T any](w *layerWriter, tx *bolt.Tx, layer string, items []T, id func(*T) string, encode func(*T) error) error {
	b := tx.Bucket([]byte(layer))
	b.FillPercent = embeddedFill
	order := make([]int32, len(items))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(id(&items[a]), id(&items[b])) })
	for _, i := range order {
		if err := w.tick(); err != nil {
			return err
		}
		it := &items[i]
		w.enc.begin()
		if err := encode(it); err != nil {
			return fmt.Errorf("encoding %s %q: %w: %w", layer, id(it), planner.ErrInvalid, err)
		}
		if err := b.Put([]byte(id(it)), w.enc.end()); err != nil {
			return fmt.Errorf("writing %s %q: %w", layer, id(it), err)
		}
	}
	return nil
}

// putEntrances replaces the stored entrances of every site that es names with es, in the
// order they are given.
func (w *layerWriter) putEntrances(tx *bolt.Tx, es []planner.Entrance) error {
	b := tx.Bucket([]byte(planner.LayerEntrances))
	b.FillPercent = embeddedFill
	order := make([]int32, len(es))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(es[a].SiteID, es[b].SiteID) })
	var key []byte
	for k := 0; k < len(order); {
		site := es[order[k]].SiteID
		prefix := append([]byte(site), 0)
		c := b.Cursor()
		for old, _ := c.Seek(prefix); old != nil && bytes.HasPrefix(old, prefix); old, _ = c.Seek(prefix) {
			if err := c.Delete(); err != nil {
				return fmt.Errorf("deleting entrances of site %q: %w", site, err)
			}
		}
		for seq := uint32(0); k < len(order) && es[order[k]].SiteID == site; k, seq = k+1, seq+1 {
			if err := w.tick(); err != nil {
				return err
			}
			e := &es[order[k]]
			w.enc.begin()
			w.enc.point(e.Pos)
			w.enc.str(e.Kind)
			key = binary.BigEndian.AppendUint32(append(key[:0], prefix...), seq)
			if err := b.Put(key, w.enc.end()); err != nil {
				return fmt.Errorf("writing entrance %d of site %q: %w", seq, site, err)
			}
		}
	}
	return nil
}

// valueEncoder builds values in large shared chunks: bbolt keeps a reference to each value
// until the transaction commits, so a value's bytes are never reused.
type valueEncoder struct {
	buf   []byte
	start int
}

// begin starts a value.
func (e *valueEncoder) begin() {
	if cap(e.buf)-len(e.buf) < 1<<12 {
		e.buf = make([]byte, 0, 1<<20)
	}
	e.start = len(e.buf)
}

// end returns the value begun last; appending to it cannot overwrite the next one.
func (e *valueEncoder) end() []byte {
	return e.buf[e.start:len(e.buf):len(e.buf)]
}

// Write appends p to the value, for the WKB encoder.
func (e *valueEncoder) Write(p []byte) (int, error) {
	e.buf = append(e.buf, p...)
	return len(p), nil
}

func (e *valueEncoder) f64(v float64) {
	e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(v))
}

func (e *valueEncoder) point(p orb.Point) {
	e.f64(p[0])
	e.f64(p[1])
}

func (e *valueEncoder) str(s string) {
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// valueDecoder reads a value written by valueEncoder. After the first problem it returns
// zero values and keeps the problem in err, so that a caller checks once at the end.
type valueDecoder struct {
	b   []byte
	err error
	// interned holds the strings of fields with few distinct values (categories, statuses,
	// …), so that a large read shares them.
	interned map[string]string
}

func (d *valueDecoder) reset(b []byte) {
	d.b, d.err = b, nil
}

func (d *valueDecoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: truncated %s", ErrCorrupt, what)
	}
	d.b = nil
}

func (d *valueDecoder) f64() float64 {
	if len(d.b) < 8 {
		d.fail("number")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *valueDecoder) point() orb.Point {
	return orb.Point{d.f64(), d.f64()}
}

func (d *valueDecoder) bytes() []byte {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > uint64(len(d.b)-k) {
		d.fail("string")
		return nil
	}
	s := d.b[k : k+int(n)]
	d.b = d.b[k+int(n):]
	return s
}

func (d *valueDecoder) str() string { return string(d.bytes()) }

// label returns a string from the interned set.
func (d *valueDecoder) label() string {
	b := d.bytes()
	if s, ok := d.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	d.interned[s] = s
	return s
}

// geometry decodes the rest of the value as WKB.
func (d *valueDecoder) geometry() orb.Geometry {
	if d.err != nil {
		return nil
	}
	g, err := wkb.Unmarshal(d.b)
	if err != nil {
		d.err = fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	d.b = nil
	return g
}

// done returns the first problem of the value, or ErrCorrupt when bytes are left over.
func (d *valueDecoder) done(layer string, key []byte) error {
	if d.err == nil && len(d.b) > 0 {
		d.err = fmt.Errorf("%w: %d bytes left over", ErrCorrupt, len(d.b))
	}
	if d.err != nil {
		return fmt.Errorf("decoding %s %q: %w", layer, key, d.err)
	}
	return nil
}

// ReadLayers appends the features that q selects to into, each layer in id order (entrances
// by site id, then in the order they were put), streaming them from one read transaction.
// With q.District, it keeps the features whose geometry intersects the district in WGS84
// degrees (boundaries included), the entrances of the sites kept, the district, and the
// cameras inside it or within their range of its boundary, measured in metres on a
// projection centred on the district. On error, into is left as it was.
func (s *Store) ReadLayers(ctx context.Context, q planner.LayerQuery, into *planner.Layers) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reading layers: %w", err)
	}
	before := into.Mark()
	r := &layerReader{ctx: ctx, into: into, dec: valueDecoder{interned: make(map[string]string)}}
	if err := s.db.View(func(tx *bolt.Tx) error { return r.read(tx, q.District) }); err != nil {
		into.Truncate(before)
		return fmt.Errorf("reading layers from %s: %w", s.path, err)
	}
	return nil
}

// layerReader reads layers in one view transaction.
type layerReader struct {
	ctx  context.Context
	n    int
	into *planner.Layers
	dec  valueDecoder
	// area is the district asked for, nil for the whole store.
	area *districtArea
	// kept are the ids of the sites kept, in order, whose entrances are read.
	kept []string
	// site is the site id of the last entrance read, shared by the entrances that follow.
	site string
}

func (r *layerReader) tick() error {
	r.n++
	if r.n%ctxEvery == 0 {
		return r.ctx.Err()
	}
	return nil
}

func (r *layerReader) read(tx *bolt.Tx, district string) error {
	var only *planner.District
	if district != "" {
		v := tx.Bucket([]byte(planner.LayerDistricts)).Get([]byte(district))
		if v == nil {
			return fmt.Errorf("reading district %q: %w", district, planner.ErrNotFound)
		}
		r.dec.reset(v)
		only = &planner.District{Name: district, Geometry: r.dec.geometry()}
		if err := r.dec.done(planner.LayerDistricts, []byte(district)); err != nil {
			return err
		}
		r.area = newDistrictArea(only.Geometry)
	}
	steps := []func(*bolt.Tx) error{r.sites, r.entrances, r.cameras, r.roads, r.occluders, r.privateSpaces}
	for _, step := range steps {
		if err := step(tx); err != nil {
			return err
		}
	}
	if only != nil {
		r.into.Districts = append(r.into.Districts, *only)
		return nil
	}
	return r.each(tx, planner.LayerDistricts, func(k []byte) error {
		r.into.Districts = append(r.into.Districts, planner.District{Name: string(k), Geometry: r.dec.geometry()})
		return nil
	})
}

// each calls fn for every feature of the layer in key order, with the value loaded into
// r.dec, and checks the value once fn returns.
func (r *layerReader) each(tx *bolt.Tx, layer string, fn func(key []byte) error) error {
	b := tx.Bucket([]byte(layer))
	if r.area == nil {
		r.grow(layer, b.Stats().KeyN)
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := r.eachValue(layer, k, v, fn); err != nil {
			return err
		}
	}
	return nil
}

func (r *layerReader) eachValue(layer string, k, v []byte, fn func(key []byte) error) error {
	if err := r.tick(); err != nil {
		return err
	}
	r.dec.reset(v)
	if err := fn(k); err != nil {
		return err
	}
	return r.dec.done(layer, k)
}

// grow makes room for n more features of the layer, so that a whole layer is appended
// without copying.
func (r *layerReader) grow(layer string, n int) {
	l := r.into
	switch layer {
	case planner.LayerSites:
		l.Sites = slices.Grow(l.Sites, n)
	case planner.LayerEntrances:
		l.Entrances = slices.Grow(l.Entrances, n)
	case planner.LayerCameras:
		l.Cameras = slices.Grow(l.Cameras, n)
	case planner.LayerRoads:
		l.Roads = slices.Grow(l.Roads, n)
	case planner.LayerOccluders:
		l.Occluders = slices.Grow(l.Occluders, n)
	case planner.LayerPrivateSpaces:
		l.PrivateSpaces = slices.Grow(l.PrivateSpaces, n)
	case planner.LayerDistricts:
		l.Districts = slices.Grow(l.Districts, n)
	}
}

// keep reports whether a feature of geometry g is selected.
func (r *layerReader) keep(g orb.Geometry) bool {
	return r.area == nil || r.area.deg.Intersects(g)
}

func (r *layerReader) sites(tx *bolt.Tx) error {
	return r.each(tx, planner.LayerSites, func(k []byte) error {
		s := planner.Site{ID: string(k), Category: r.dec.label(), Name: r.dec.str(), District: r.dec.label(), Geometry: r.dec.geometry()}
		if r.dec.err == nil && r.keep(s.Geometry) {
			r.into.Sites = append(r.into.Sites, s)
			if r.area != nil {
				r.kept = append(r.kept, s.ID)
			}
		}
		return nil
	})
}

func (r *layerReader) entrances(tx *bolt.Tx) error {
	b := tx.Bucket([]byte(planner.LayerEntrances))
	add := func(k []byte) error {
		if len(k) < 5 || k[len(k)-5] != 0 {
			return fmt.Errorf("decoding entrance %q: %w: bad key", k, ErrCorrupt)
		}
		if site := k[:len(k)-5]; r.site != string(site) {
			r.site = string(site)
		}
		r.into.Entrances = append(r.into.Entrances, planner.Entrance{SiteID: r.site, Pos: r.dec.point(), Kind: r.dec.label()})
		return nil
	}
	if r.area == nil {
		return r.each(tx, planner.LayerEntrances, add)
	}
	c := b.Cursor()
	for _, site := range r.kept {
		prefix := append([]byte(site), 0)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := r.eachValue(planner.LayerEntrances, k, v, add); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *layerReader) cameras(tx *bolt.Tx) error {
	return r.each(tx, planner.LayerCameras, func(k []byte) error {
		c := planner.Camera{Pos: r.dec.point(), Azimuth: r.dec.f64(), HFOV: r.dec.f64(), Range: r.dec.f64(), Height: r.dec.f64()}
		if r.dec.err != nil || r.area != nil && !r.area.reaches(c.Pos, c.Range) {
			// The strings of a camera out of reach are not worth decoding.
			r.dec.b = nil
			return nil
		}
		c.ID, c.Owner, c.Investment, c.Status = string(k), r.dec.str(), planner.Investment(r.dec.label()), r.dec.label()
		if r.dec.err == nil {
			r.into.Cameras = append(r.into.Cameras, c)
		}
		return nil
	})
}

func (r *layerReader) roads(tx *bolt.Tx) error {
	return r.each(tx, planner.LayerRoads, func(k []byte) error {
		rd := planner.Road{ID: string(k), Class: r.dec.label(), Name: r.dec.label(), Geometry: r.dec.geometry()}
		if r.dec.err == nil && r.keep(rd.Geometry) {
			r.into.Roads = append(r.into.Roads, rd)
		}
		return nil
	})
}

func (r *layerReader) occluders(tx *bolt.Tx) error {
	return r.each(tx, planner.LayerOccluders, func(k []byte) error {
		o := planner.Occluder{ID: string(k), Height: r.dec.f64(), Geometry: r.dec.geometry()}
		if r.dec.err == nil && r.keep(o.Geometry) {
			r.into.Occluders = append(r.into.Occluders, o)
		}
		return nil
	})
}

func (r *layerReader) privateSpaces(tx *bolt.Tx) error {
	return r.each(tx, planner.LayerPrivateSpaces, func(k []byte) error {
		p := planner.PrivateSpace{ID: string(k), Space: r.dec.label(), Geometry: r.dec.geometry()}
		if r.dec.err == nil && r.keep(p.Geometry) {
			r.into.PrivateSpaces = append(r.into.PrivateSpaces, p)
		}
		return nil
	})
}

// districtArea is a district prepared for a query: its outline in degrees for
// intersections, and in metres on a projection centred on it for cameras' reach.
type districtArea struct {
	deg, met *geo.Region
	proj     *geo.Projection
}

func newDistrictArea(g orb.Geometry) *districtArea {
	var polys orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		polys = g
	}
	proj := geo.NewProjection(polys.Bound().Center())
	return &districtArea{
		deg:  geo.NewRegion(polys),
		met:  geo.NewRegion(proj.ForwardGeometry(polys).(orb.MultiPolygon)),
		proj: proj,
	}
}

// reaches reports whether a camera at p with range metres lies in the district or within
// its range of the boundary.
func (a *districtArea) reaches(p orb.Point, metres float64) bool {
	return a.deg.Contains(p) || a.met.Near(a.proj.Forward(p), metres)
}
