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
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Errors of the embedded store, besides rulebook.ErrInvalid for input that cannot be stored
// and coverage.ErrNotFound for an unknown district.
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

// embeddedVersion is the schema version this code writes and reads; Open migrates a store
// of an older version to it (see migrations). Version 2 encoded every layer's fields in the
// order of its coverage.LayerDesc; version 3 added the roads' level; version 4 the
// cameras' direction, surveillance, mount and level; version 5 counts the fields of each
// layer value (layout.go), so that a new optional field needs no new version.
const embeddedVersion = 5

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

// batchDelay is how long a write waits for others to share its commit and fsync.
const batchDelay = 2 * time.Millisecond

// embeddedFill is how full bbolt packs the pages it splits. Features are written in key
// order, so the default of one half would leave most pages half empty.
const embeddedFill = 0.9

// maxIDBytes is the longest id that fits a bbolt key, with room for an entrance's suffix.
const maxIDBytes = bolt.MaxKeySize - 5

var (
	metaBucket = []byte("meta")
	versionKey = []byte("version")
)

// Store is the zero-install coverage.LayerStore: pure Go, no server, all layers in
// one bbolt database file. Each layer is a bucket keyed by feature id (districts by name;
// entrances by site id, a zero byte and a 4-byte big-endian sequence number, so that they
// read back per site in the order they were put); values are a compact binary encoding that
// counts its fields (layout.go) and whose geometry is WKB, so every float round-trips to
// the bit.
//
// The whole file is the unit of backup: copy it while no process has it open. bbolt gives
// one writer at a time (PutLayers calls queue) and readers that see the last committed
// state, concurrently with a writer; a commit is fsynced before PutLayers returns. One
// process may open the file for writing, or any number read-only (OpenReadOnly), not both;
// the store is safe for concurrent use by goroutines.
type Store struct {
	db   *bolt.DB
	path string
	tax  *rulebook.Taxonomy
	// changed wakes the version's watchers after a commit that moves it.
	changed notifier
}

var _ coverage.LayerStore = (*Store)(nil)

// Open opens the embedded store at path for reading and writing, creating it if needed,
// and migrates a store of an older schema (see Migrate). tax validates what is put. A
// file that is not a store is ErrNotStore, one of a newer schema, or older than any this
// program migrates, ErrStoreVersion, and one that another process holds ErrStoreLocked
// after a second; errors name the path.
func Open(path string, tax *rulebook.Taxonomy) (*Store, error) {
	s, _, err := open(path, tax, false)
	return s, err
}

// OpenReadOnly opens the existing embedded store at path for reading only: it never
// creates the file and never changes its bytes, and any number of processes may read it at
// once while none writes it. A missing file is ErrNoStore, and one of an older schema
// ErrNeedsMigration, since migrating writes; otherwise errors are those of Open.
// PutLayers on the store fails.
func OpenReadOnly(path string, tax *rulebook.Taxonomy) (*Store, error) {
	s, _, err := open(path, tax, true)
	return s, err
}

// open opens the store at path; opened for writing, it migrates it and returns the steps
// applied, even when a later step fails.
func open(path string, tax *rulebook.Taxonomy, readOnly bool) (*Store, []Migration, error) {
	if tax == nil {
		return nil, nil, fmt.Errorf("opening embedded store %s: %w: no taxonomy", path, rulebook.ErrInvalid)
	}
	if readOnly {
		// bbolt would report a missing file as a bare ENOENT; say what is missing.
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%w at %s", ErrNoStore, path)
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
		return nil, nil, fmt.Errorf("opening embedded store %s: %w (waited %v for its lock)", path, ErrStoreLocked, embeddedOpenTimeout)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch), err != nil && !hasBoltMagic(path):
		return nil, nil, fmt.Errorf("opening embedded store %s: %w: %w", path, ErrNotStore, err)
	case err != nil:
		return nil, nil, fmt.Errorf("opening embedded store %s: %w", path, err)
	}
	// Writes arriving together share one commit (see updateRecords); a lone write waits
	// at most this long for company.
	db.MaxBatchDelay = batchDelay
	var done []Migration
	if readOnly {
		err = db.View(func(tx *bolt.Tx) error { return checkSchema(tx, path) })
	} else if done, err = migrate(db); err == nil {
		err = db.Update(initSchema)
	}
	if err != nil {
		_ = db.Close()
		return nil, done, fmt.Errorf("opening embedded store %s: %w", path, err)
	}
	return &Store{db: db, path: path, tax: tax}, done, nil
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

// initSchema writes the schema version and the buckets into a new file, and creates the
// buckets that a store migrated to this version lacks.
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
	if err := createInspectionBuckets(tx); err != nil {
		return err
	}
	if err := indexCameras(tx); err != nil {
		return err
	}
	if err := createPlanBuckets(tx); err != nil {
		return err
	}
	// The layer names are also the names of their buckets.
	for _, d := range coverage.Descs() {
		if _, err := tx.CreateBucketIfNotExists([]byte(d.Name)); err != nil {
			return fmt.Errorf("creating bucket %s: %w", d.Name, err)
		}
	}
	return createAccountBuckets(tx)
}

// checkSchema checks, without writing, that the store at path has the schema this code
// reads: the version and a bucket per layer.
func checkSchema(tx *bolt.Tx, path string) error {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		return fmt.Errorf("%w: a bbolt database without a schema", ErrNotStore)
	}
	v, err := schemaVersion(meta)
	if err != nil {
		return err
	}
	if v < embeddedVersion {
		if _, err := stepFrom(v); err != nil {
			return err
		}
		return fmt.Errorf("%w: version %d, this program reads %d: open it for writing once to migrate it (cctvgis migrate --db file:%s)",
			ErrNeedsMigration, v, embeddedVersion, path)
	}
	for _, d := range coverage.Descs() {
		if tx.Bucket([]byte(d.Name)) == nil {
			return fmt.Errorf("%w: no bucket %s", ErrCorrupt, d.Name)
		}
	}
	if err := checkInspectionBuckets(tx); err != nil {
		return err
	}
	return checkPlanBuckets(tx)
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
// private spaces too (see coverage.Layers.AssignIDs); ids must not hold a zero byte,
// occluder ids and district names must be unique, and geometries must be non-empty and of
// their layer's types. Otherwise the error wraps rulebook.ErrInvalid and the first
// coverage.Rejection, and nothing is written. The context is checked every few thousand
// features; cancelling it rolls the transaction back. It returns how many features of each
// layer were written, keyed by layer name.
func (s *Store) PutLayers(ctx context.Context, l *coverage.Layers) (map[string]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("putting layers: %w", err)
	}
	w := newLayerWriter(ctx)
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := s.check(tx, l); err != nil {
			return err
		}
		if err := w.put(tx, l); err != nil {
			return err
		}
		return bumpVersion(tx)
	})
	if err != nil {
		return nil, fmt.Errorf("putting layers into %s: %w", s.path, err)
	}
	s.changed.notify()
	counts := make(map[string]int, len(coverage.Descs()))
	for _, d := range coverage.Descs() {
		counts[d.Name] = d.Len(l)
	}
	return counts, nil
}

// check refuses layers that break the input contract or that the store cannot keep. It runs
// in the write transaction, so that the entrances of sites already stored are accepted
// without their site.
func (s *Store) check(tx *bolt.Tx, l *coverage.Layers) error {
	var stored map[string]bool
	if len(l.Entrances) > 0 {
		in := make(map[string]bool, len(l.Sites))
		for _, site := range l.Sites {
			in[site.ID] = true
		}
		stored = map[string]bool{}
		b := tx.Bucket([]byte(coverage.LayerSites))
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
	return fmt.Errorf("%w: %w%s", rulebook.ErrInvalid, rej[0], more)
}

// storeRejections finds what Layers.Check lets through but the store cannot keep: keys it
// cannot hold (missing, with a zero byte, too long) and geometry of the wrong type or
// empty. Duplicate keys are Check's.
func storeRejections(l *coverage.Layers) []coverage.Rejection {
	var rej []coverage.Rejection
	var row coverage.Row
	for _, d := range coverage.Descs() {
		for i, n := 0, d.Len(l); i < n; i++ {
			d.Get(l, i, &row)
			id := row.Text[0]
			add := func(field, reason string) { rej = append(rej, l.Reject(d.Name, i, id, field, reason)) }
			switch {
			case id == "":
				add(d.IDField().Name, "missing (see Layers.AssignIDs)")
			case strings.IndexByte(id, 0) >= 0:
				add(d.IDField().Name, "holds a zero byte")
			case len(id) > maxIDBytes:
				add(d.IDField().Name, fmt.Sprintf("longer than %d bytes", maxIDBytes))
			}
			if reason := d.Kinds.Check(row.Geometry(d)); reason != "" {
				add("geometry", reason)
			}
		}
	}
	return rej
}

// layerWriter writes layers in one update transaction.
type layerWriter struct {
	ctx context.Context
	n   int
	enc *valueEncoder
	wkb *wkb.Encoder
}

// newLayerWriter returns a writer of layers checking ctx.
func newLayerWriter(ctx context.Context) *layerWriter {
	w := &layerWriter{ctx: ctx, enc: &valueEncoder{}}
	w.wkb = wkb.NewEncoder(w.enc)
	return w
}

// tick counts a feature and checks the context every ctxEvery features.
func (w *layerWriter) tick() error {
	w.n++
	if w.n%ctxEvery == 0 {
		return w.ctx.Err()
	}
	return nil
}

func (w *layerWriter) put(tx *bolt.Tx, l *coverage.Layers) error {
	for i := range layouts {
		var err error
		if lay := &layouts[i]; lay.desc.Keyed {
			err = w.putLayer(tx, lay, l)
		} else {
			err = w.putEntrances(tx, lay, l)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// putLayer upserts the features of the layer into its bucket in key order, which keeps
// bbolt's pages full and its writes local. The key is the first field; the value the
// stored fields, then the geometry.
func (w *layerWriter) putLayer(tx *bolt.Tx, lay *layout, l *coverage.Layers) error {
	d := lay.desc
	b := tx.Bucket([]byte(d.Name))
	b.FillPercent = embeddedFill
	order := make([]int32, d.Len(l))
	ids := make([]string, len(order))
	for i := range order {
		order[i] = int32(i)
		ids[i] = d.ID(l, i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ids[a], ids[b]) })
	var row coverage.Row
	for _, i := range order {
		if err := w.tick(); err != nil {
			return err
		}
		d.Get(l, int(i), &row)
		w.enc.begin()
		if err := w.encode(lay, &row); err != nil {
			return fmt.Errorf("encoding %s %q: %w: %w", d.Name, ids[i], rulebook.ErrInvalid, err)
		}
		if err := b.Put([]byte(ids[i]), w.enc.end()); err != nil {
			return fmt.Errorf("writing %s %q: %w", d.Name, ids[i], err)
		}
	}
	return nil
}

// encode writes the count of the layer's stored fields and each from row, then its
// geometry: a point as two numbers, anything else as WKB.
func (w *layerWriter) encode(lay *layout, row *coverage.Row) error {
	w.enc.uvarint(uint64(len(lay.fields)))
	for _, f := range lay.fields {
		if f.Kind == coverage.FieldNumber {
			w.enc.f64(row.Num[f.Slot])
		} else {
			w.enc.str(row.Text[f.Slot])
		}
	}
	if lay.desc.Kinds == coverage.GeomPoint {
		w.enc.point(row.Point)
		return nil
	}
	return w.wkb.Encode(row.Geom)
}

// putEntrances replaces the stored entrances of every site that es names with es, in the
// order they are given.
func (w *layerWriter) putEntrances(tx *bolt.Tx, lay *layout, l *coverage.Layers) error {
	d := lay.desc
	es := l.Entrances
	var row coverage.Row
	b := tx.Bucket([]byte(d.Name))
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
			w.enc.begin()
			d.Get(l, int(order[k]), &row)
			if err := w.encode(lay, &row); err != nil {
				return fmt.Errorf("encoding entrance %d of site %q: %w", seq, site, err)
			}
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

func (e *valueEncoder) uvarint(n uint64) {
	e.buf = binary.AppendUvarint(e.buf, n)
}

func (e *valueEncoder) str(s string) {
	e.uvarint(uint64(len(s)))
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

// count reads a value's count of fields, which must be at most known, the fields this
// program stores: a value with more was written by a newer program, whose fields this one
// cannot keep.
func (d *valueDecoder) count(known int) int {
	n, k := binary.Uvarint(d.b)
	switch {
	case k <= 0:
		d.fail("field count")
		return 0
	case n > uint64(known):
		if d.err == nil {
			d.err = fmt.Errorf("%w: a value of %d fields, of which this program knows %d: written by a newer cctvgis", ErrStoreVersion, n, known)
		}
		d.b = nil
		return 0
	}
	d.b = d.b[k:]
	return int(n)
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
func (s *Store) ReadLayers(ctx context.Context, q coverage.LayerQuery, into *coverage.Layers) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reading layers: %w", err)
	}
	before := into.Mark()
	r := &layerReader{ctx: ctx, into: into, dec: valueDecoder{interned: make(map[string]string)}}
	if err := s.db.View(func(tx *bolt.Tx) error { return r.read(tx, q) }); err != nil {
		into.Truncate(before)
		return fmt.Errorf("reading layers from %s: %w", s.path, err)
	}
	return nil
}

// layerReader reads layers in one view transaction.
type layerReader struct {
	ctx  context.Context
	n    int
	into *coverage.Layers
	dec  valueDecoder
	// area is the district asked for, nil for the whole store.
	area *districtArea
	// kept are the ids of the sites kept, in order, whose entrances are read.
	kept []string
	// site is the site id of the last entrance read, shared by the entrances that follow.
	site string
	row  coverage.Row
}

func (r *layerReader) tick() error {
	r.n++
	if r.n%ctxEvery == 0 {
		return r.ctx.Err()
	}
	return nil
}

func (r *layerReader) read(tx *bolt.Tx, q coverage.LayerQuery) error {
	district := q.District
	d, _ := coverage.Desc(coverage.LayerDistricts)
	districts := layoutOf(d)
	var only coverage.Row
	if district != "" {
		v := tx.Bucket([]byte(coverage.LayerDistricts)).Get([]byte(district))
		if v == nil {
			return fmt.Errorf("reading district %q: %w", district, coverage.ErrNotFound)
		}
		if err := r.decode(districts, []byte(district), v); err != nil {
			return err
		}
		only = r.row
		only.Text[0] = district
		r.area = newDistrictArea(only.Geom)
	}
	for i := range layouts {
		var err error
		switch lay := &layouts[i]; {
		case !q.Reads(lay.desc):
		case !lay.desc.Keyed:
			err = r.entrances(tx, lay)
		case lay == districts && r.area != nil:
			lay.desc.Add(r.into, &only)
		default:
			err = r.layer(tx, lay)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// decode reads the value of a feature of the layer under key into r.row; the fields the
// value does not hold are left zero.
func (r *layerReader) decode(lay *layout, key, v []byte) error {
	d := lay.desc
	r.row = coverage.Row{}
	r.dec.reset(v)
	for _, f := range lay.fields[:r.dec.count(len(lay.fields))] {
		switch f.Kind {
		case coverage.FieldNumber:
			r.row.Num[f.Slot] = r.dec.f64()
		case coverage.FieldLabel:
			r.row.Text[f.Slot] = r.dec.label()
		default:
			r.row.Text[f.Slot] = r.dec.str()
		}
	}
	if d.Kinds == coverage.GeomPoint {
		r.row.Point = r.dec.point()
	} else {
		r.row.Geom = r.dec.geometry()
		// A value of another type would panic where the layer keeps its own type.
		if reason := d.Kinds.Check(r.row.Geom); r.dec.err == nil && reason != "" {
			r.dec.err = fmt.Errorf("%w: geometry %s", ErrCorrupt, reason)
		}
	}
	return r.dec.done(d.Name, key)
}

// layer reads the features of a keyed layer in key order and keeps those the query selects.
func (r *layerReader) layer(tx *bolt.Tx, lay *layout) error {
	d := lay.desc
	b := tx.Bucket([]byte(d.Name))
	if r.area == nil {
		d.Grow(r.into, b.Stats().KeyN)
	}
	reach, ranged := d.Field("range")
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := r.tick(); err != nil {
			return err
		}
		if err := r.decode(lay, k, v); err != nil {
			return err
		}
		if r.area != nil {
			// A feature with a range (a camera) is selected by what it can see; any
			// other by its geometry.
			if ranged && !r.area.reaches(r.row.Point, r.row.Num[reach.Slot]) || !ranged && !r.area.deg.Intersects(r.row.Geometry(d)) {
				continue
			}
			if d.Name == coverage.LayerSites {
				r.kept = append(r.kept, string(k))
			}
		}
		r.row.Text[0] = r.label(d, k)
		d.Add(r.into, &r.row)
	}
	return nil
}

// label returns the key as the feature's id, interned when the first field is a label
// (district names).
func (r *layerReader) label(d *coverage.LayerDesc, k []byte) string {
	if d.Fields[0].Kind != coverage.FieldLabel {
		return string(k)
	}
	if s, ok := r.dec.interned[string(k)]; ok {
		return s
	}
	s := string(k)
	r.dec.interned[s] = s
	return s
}

// entrances reads the entrances, all of them or those of the sites kept, in key order: by
// site, then in the order they were put.
func (r *layerReader) entrances(tx *bolt.Tx, lay *layout) error {
	d := lay.desc
	b := tx.Bucket([]byte(d.Name))
	add := func(k, v []byte) error {
		if err := r.tick(); err != nil {
			return err
		}
		if len(k) < 5 || k[len(k)-5] != 0 {
			return fmt.Errorf("decoding entrance %q: %w: bad key", k, ErrCorrupt)
		}
		if err := r.decode(lay, k, v); err != nil {
			return err
		}
		if site := k[:len(k)-5]; r.site != string(site) {
			r.site = string(site)
		}
		r.row.Text[0] = r.site
		d.Add(r.into, &r.row)
		return nil
	}
	c := b.Cursor()
	if r.area == nil {
		d.Grow(r.into, b.Stats().KeyN)
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := add(k, v); err != nil {
				return err
			}
		}
		return nil
	}
	for _, site := range r.kept {
		prefix := append([]byte(site), 0)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := add(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// districtArea is a district prepared for a query: its outline in degrees for
// intersections, and in metres on a projection centred on it for cameras' reach.
type districtArea struct {
	deg, met *geo.Region
	proj     *geo.Projection
}

func newDistrictArea(g orb.Geometry) *districtArea {
	polys, _ := geo.Polygons(g)
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
