package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"

	"cctvgis/data/records"
	"cctvgis/inspect"
	"cctvgis/internal/audit"

	bolt "go.etcd.io/bbolt"
)

// The buckets of the inspection store (inspect.Store). Values are JSON, so fields can be
// added without a schema version; keys are built so that byte order is the order read.
var (
	// inspectionsBucket maps an inspection id to its storedInspection.
	inspectionsBucket = []byte("inspections")
	// inspectionsByTimeBucket indexes inspections latest observation first: the
	// observation's Unix microseconds, sign bit flipped and then inverted, big-endian, then
	// the id; values are empty.
	inspectionsByTimeBucket = []byte("inspections_by_time")
	// findingsBucket maps a finding id to the finding.
	findingsBucket = []byte("findings")
	// findingsByStatusBucket, findingsByDistrictBucket and findingsByCameraBucket index
	// findings: status (district, camera), a zero byte, the deadline as YYYY-MM-DD, a zero
	// byte, the id; values empty. Findings of sites have no camera entry.
	findingsByStatusBucket   = []byte("findings_by_status")
	findingsByDistrictBucket = []byte("findings_by_district")
	findingsByCameraBucket   = []byte("findings_by_camera")
	// transitionsBucket maps a finding id, a zero byte and a 4-byte big-endian sequence
	// number to a transition, so a finding's history reads back in order.
	transitionsBucket = []byte("finding_transitions")
	// photosBucket maps a photo's hex SHA-256 to its bytes, stored once.
	photosBucket = []byte("photos")
	// inspectionPhotosBucket maps an inspection id, a zero byte and an 8-byte big-endian
	// sequence number to the photo linked to it, in the order added.
	inspectionPhotosBucket = []byte("inspection_photos")
	// auditBucket maps an entry's Seq, 8 bytes big-endian, to the sealed entry.
	auditBucket = []byte("audit")
	// auditHeadBucket holds the key auditHeadKey: the last entry's Seq (8 bytes
	// big-endian) and Hash (32 bytes), absent for an empty log.
	auditHeadBucket = []byte("audit_head")
	auditHeadKey    = []byte("head")
	// inspectionsByCameraBucket indexes the checks of each camera whose review counts,
	// latest first (cameraKey), for LastObserved; values are empty. It came after the
	// other inspection buckets: a store written before it gets it, filled from the stored
	// inspections, on its next open for writing (indexCameras), and one opened read-only
	// without it is read whole.
	inspectionsByCameraBucket = []byte("inspections_by_camera")
)

// inspectionBuckets are the buckets of the inspection store; a store has all or none.
var inspectionBuckets = [][]byte{inspectionsBucket, inspectionsByTimeBucket, findingsBucket, findingsByStatusBucket,
	findingsByDistrictBucket, findingsByCameraBucket, transitionsBucket, photosBucket, inspectionPhotosBucket, auditBucket, auditHeadBucket}

// auditPage is how many audit entries AuditChain reads in one transaction; fn runs between
// transactions.
const auditPage = 1024

var _ inspect.Store = (*Store)(nil)

// createInspectionBuckets creates the buckets of the inspection store that a store lacks:
// an older store gets them on its next open for writing.
func createInspectionBuckets(tx *bolt.Tx) error {
	for _, name := range inspectionBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// checkInspectionBuckets accepts a store with all the inspection buckets or none (a store
// written before they existed, opened read-only: it holds no inspections).
func checkInspectionBuckets(tx *bolt.Tx) error {
	n := 0
	for _, name := range inspectionBuckets {
		if tx.Bucket(name) != nil {
			n++
		}
	}
	if n != 0 && n != len(inspectionBuckets) {
		return fmt.Errorf("%w: %d of the %d inspection buckets", ErrCorrupt, n, len(inspectionBuckets))
	}
	return nil
}

// ibk holds the inspection buckets of one transaction.
type ibk struct {
	ins, byTime, fnd, byStatus, byDistrict, byCamera, trans, photos, links, audit, head *bolt.Bucket
	// inspByCamera is nil in a store opened read-only that was written before it.
	inspByCamera *bolt.Bucket
}

// ibuckets returns the inspection buckets of tx; false for a store opened read-only that
// has none, which reads as empty.
func ibuckets(tx *bolt.Tx) (*ibk, bool) {
	b := &ibk{
		ins: tx.Bucket(inspectionsBucket), byTime: tx.Bucket(inspectionsByTimeBucket), fnd: tx.Bucket(findingsBucket),
		byStatus: tx.Bucket(findingsByStatusBucket), byDistrict: tx.Bucket(findingsByDistrictBucket),
		byCamera: tx.Bucket(findingsByCameraBucket), trans: tx.Bucket(transitionsBucket),
		photos: tx.Bucket(photosBucket), links: tx.Bucket(inspectionPhotosBucket), audit: tx.Bucket(auditBucket), head: tx.Bucket(auditHeadBucket),
		inspByCamera: tx.Bucket(inspectionsByCameraBucket),
	}
	return b, b.ins != nil
}

// updateRecords runs fn in a write transaction over the inspection buckets. Concurrent
// calls share one transaction and one fsync (bbolt's Batch: a group commit); a call whose
// fn fails is run again alone, so fn must only write through b and set its results anew
// on every run, which every caller's fn does.
func (s *Store) updateRecords(ctx context.Context, what string, fn func(b *ibk) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	err := s.db.Batch(func(tx *bolt.Tx) error {
		b, ok := ibuckets(tx)
		if !ok || b.inspByCamera == nil {
			return fmt.Errorf("%w: no inspection buckets", ErrCorrupt)
		}
		return fn(b)
	})
	if err != nil {
		return fmt.Errorf("%s in %s: %w", what, s.path, err)
	}
	return nil
}

// viewRecords runs fn in a read transaction over the inspection buckets; fn is not called for a
// store without them.
func (s *Store) viewRecords(ctx context.Context, what string, fn func(b *ibk) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		b, ok := ibuckets(tx)
		if !ok {
			return nil
		}
		return fn(b)
	})
	if err != nil {
		return fmt.Errorf("%s in %s: %w", what, s.path, err)
	}
	return nil
}

// checkID refuses an id that cannot be part of a key.
func checkID(kind, id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%w: %s id missing", inspect.ErrInvalid, kind)
	case strings.IndexByte(id, 0) >= 0:
		return fmt.Errorf("%w: %s id holds a zero byte", inspect.ErrInvalid, kind)
	case len(id) > maxIDBytes-64:
		return fmt.Errorf("%w: %s id longer than %d bytes", inspect.ErrInvalid, kind, maxIDBytes-64)
	}
	return nil
}

// timeKey is the inspections_by_time key of an inspection: later observations first.
func timeKey(t time.Time, id string) []byte {
	k := ^(uint64(t.UnixMicro()) ^ 1<<63)
	return append(binary.BigEndian.AppendUint64(nil, k), id...)
}

// timeOfKey reads the observation time back from a timeKey.
func timeOfKey(k []byte) time.Time {
	return time.UnixMicro(int64(^binary.BigEndian.Uint64(k) ^ 1<<63))
}

// cameraKey is the inspections_by_camera key of an inspection: its camera's prefix
// (cameraPrefix), then its timeKey.
func cameraKey(in *inspect.Inspection) []byte {
	return append(cameraPrefix(in.CameraID), timeKey(in.ObservedAt, in.ID)...)
}

// cameraPrefix starts the inspections_by_camera keys of a camera: the id's length as a
// uvarint, then the id. The length, rather than a separator, keeps one camera's keys
// apart from those of another whose id starts with it, whatever bytes ids hold.
func cameraPrefix(cameraID string) []byte {
	return append(binary.AppendUvarint(nil, uint64(len(cameraID))), cameraID...)
}

// indexCamera puts the inspections_by_camera entry of a camera's check whose review
// counts, and removes that of one whose review no longer does.
func indexCamera(byCamera *bolt.Bucket, in *inspect.Inspection) error {
	if in.CameraID == "" {
		return nil
	}
	if in.Review.State.Counts() {
		return byCamera.Put(cameraKey(in), nil)
	}
	return byCamera.Delete(cameraKey(in))
}

// indexCameras creates inspections_by_camera in a store written before it and fills it
// from the stored inspections.
func indexCameras(tx *bolt.Tx) error {
	if tx.Bucket(inspectionsByCameraBucket) != nil {
		return nil
	}
	byCamera, err := tx.CreateBucket(inspectionsByCameraBucket)
	if err != nil {
		return fmt.Errorf("creating bucket %s: %w", inspectionsByCameraBucket, err)
	}
	err = eachInspection(tx.Bucket(inspectionsBucket), func(in *inspect.Inspection) error {
		return indexCamera(byCamera, in)
	})
	if err != nil {
		return fmt.Errorf("indexing the inspections by camera: %w", err)
	}
	return nil
}

// eachInspection calls fn with each inspection stored in ins, in id order.
func eachInspection(ins *bolt.Bucket, fn func(*inspect.Inspection) error) error {
	c := ins.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		si, err := decodeInspection(v)
		if err != nil {
			return fmt.Errorf("decoding %q: %w: %w", k, ErrCorrupt, err)
		}
		if err := fn(&si.Inspection); err != nil {
			return err
		}
	}
	return nil
}

// findingKey is an index key: prefix (status or district), deadline, id.
func findingKey(prefix string, f *inspect.Finding) []byte {
	return []byte(prefix + "\x00" + f.Deadline.String() + "\x00" + f.ID)
}

func (b *ibk) putFinding(f *inspect.Finding) error {
	if err := put(b.fnd, []byte(f.ID), *f, records.EncodeFinding); err != nil {
		return err
	}
	if err := b.byStatus.Put(findingKey(string(f.Status), f), nil); err != nil {
		return err
	}
	if f.CameraID != "" {
		if err := b.byCamera.Put(findingKey(f.CameraID, f), nil); err != nil {
			return err
		}
	}
	return b.byDistrict.Put(findingKey(f.District, f), nil)
}

// seal appends e to the audit chain.
func (b *ibk) seal(e audit.Entry) (audit.Entry, error) {
	var prev *audit.Entry
	if h := b.head.Get(auditHeadKey); h != nil {
		if len(h) != 8+len(audit.Hash{}) {
			return e, fmt.Errorf("%w: audit head of %d bytes", ErrCorrupt, len(h))
		}
		prev = &audit.Entry{Seq: binary.BigEndian.Uint64(h)}
		copy(prev.Hash[:], h[8:])
	}
	e = audit.Seal(prev, e)
	if err := put(b.audit, binary.BigEndian.AppendUint64(nil, e.Seq), e, records.EncodeEntry); err != nil {
		return e, fmt.Errorf("appending audit entry %d: %w", e.Seq, err)
	}
	head := append(binary.BigEndian.AppendUint64(nil, e.Seq), e.Hash[:]...)
	if err := b.head.Put(auditHeadKey, head); err != nil {
		return e, fmt.Errorf("moving the audit head: %w", err)
	}
	return e, nil
}

// record reads the record of inspection id with its findings as they stand.
func (b *ibk) record(id string) (inspect.Record, bool, error) {
	si, ok, err := get(b.ins, []byte(id), decodeInspection)
	if !ok || err != nil {
		return inspect.Record{}, ok, err
	}
	rec := inspect.Record{Inspection: si.Inspection, Skipped: si.Skipped, Findings: make([]inspect.Finding, 0, len(si.Findings))}
	if rec.Skipped == nil {
		rec.Skipped = []inspect.Skip{}
	}
	for _, fid := range si.Findings {
		f, err := b.finding(fid)
		if err != nil {
			return rec, true, fmt.Errorf("inspection %s: %w", id, err)
		}
		rec.Findings = append(rec.Findings, f)
	}
	return rec, true, nil
}

func (b *ibk) finding(id string) (inspect.Finding, error) {
	f, ok, err := get(b.fnd, []byte(id), records.DecodeFinding)
	switch {
	case err != nil:
		return f, err
	case !ok:
		return f, fmt.Errorf("finding %s: %w", id, inspect.ErrNotFound)
	}
	return f, nil
}

// RecordInspection stores rec and its audit entry in one transaction, idempotent by id
// (see inspect.InspectionWriter). bbolt's single writer makes the check of the id and the
// write one step.
func (s *Store) RecordInspection(ctx context.Context, rec inspect.Record, e audit.Entry) (inspect.Record, bool, error) {
	in := &rec.Inspection
	what := "recording inspection " + in.ID
	if err := checkID("inspection", in.ID); err != nil {
		return inspect.Record{}, false, fmt.Errorf("%s: %w", what, err)
	}
	rec.Findings = slices.Clone(rec.Findings)
	ids := make([]string, len(rec.Findings))
	for i := range rec.Findings {
		f := &rec.Findings[i]
		if err := checkID("finding", f.ID); err != nil {
			return inspect.Record{}, false, fmt.Errorf("%s: %w", what, err)
		}
		ids[i] = f.ID
	}
	var stored inspect.Record
	created := false
	err := s.updateRecords(ctx, what, func(b *ibk) error {
		stored, created = inspect.Record{}, false
		have, ok, err := b.record(in.ID)
		switch {
		case err != nil:
			return err
		case ok && have.Inspection.BodyHash != in.BodyHash:
			return fmt.Errorf("%w: stored with another body", inspect.ErrConflict)
		case ok:
			stored = have
			return nil
		}
		for i := range rec.Findings {
			if b.fnd.Get([]byte(ids[i])) != nil {
				return fmt.Errorf("%w: finding %s is stored already", inspect.ErrConflict, ids[i])
			}
			if err := b.putFinding(&rec.Findings[i]); err != nil {
				return err
			}
		}
		if err := put(b.ins, []byte(in.ID), storedInspection{Inspection: *in, Skipped: rec.Skipped, Findings: ids}, encodeInspection); err != nil {
			return err
		}
		if err := b.byTime.Put(timeKey(in.ObservedAt, in.ID), nil); err != nil {
			return err
		}
		if err := indexCamera(b.inspByCamera, in); err != nil {
			return err
		}
		if _, err := b.seal(e); err != nil {
			return err
		}
		stored, created = rec, true
		return nil
	})
	if err != nil {
		return inspect.Record{}, false, err
	}
	return stored, created, nil
}

// Inspection returns the record of inspection id, or inspect.ErrNotFound.
func (s *Store) Inspection(ctx context.Context, id string) (inspect.Record, error) {
	var rec inspect.Record
	found := false
	err := s.viewRecords(ctx, "reading inspection "+id, func(b *ibk) error {
		var err error
		rec, found, err = b.record(id)
		return err
	})
	switch {
	case err != nil:
		return inspect.Record{}, err
	case !found:
		return inspect.Record{}, fmt.Errorf("inspection %s: %w", id, inspect.ErrNotFound)
	}
	return rec, nil
}

// Inspections calls fn for each record q selects, latest observation first (ties by id),
// from one read transaction; fn runs after it ends, so it may use the store.
func (s *Store) Inspections(ctx context.Context, q inspect.InspectionQuery, fn func(inspect.Record) error) error {
	var recs []inspect.Record
	err := s.viewRecords(ctx, "reading inspections", func(b *ibk) error {
		c := b.byTime.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(k) < 8 {
				return fmt.Errorf("%w: inspection index key of %d bytes", ErrCorrupt, len(k))
			}
			at := timeOfKey(k)
			if !q.Until.IsZero() && !at.Before(q.Until) {
				continue
			}
			if !q.Since.IsZero() && at.Before(q.Since) {
				break
			}
			id := string(k[8:])
			rec, ok, err := b.record(id)
			switch {
			case err != nil:
				return err
			case !ok:
				return fmt.Errorf("%w: the index names inspection %s, which is not stored", ErrCorrupt, id)
			}
			in := &rec.Inspection
			if q.District != "" && in.District != q.District || q.CameraID != "" && in.CameraID != q.CameraID || q.SiteID != "" && in.SiteID != q.SiteID {
				continue
			}
			recs = append(recs, rec)
			if q.Limit > 0 && len(recs) == q.Limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// LastObserved returns when each of the cameras was last inspected by a check that counts
// (see inspect.InspectionReader): the first key under each camera's prefix in
// inspections_by_camera, from one read transaction.
func (s *Store) LastObserved(ctx context.Context, cameraIDs []string) (map[string]time.Time, error) {
	out := make(map[string]time.Time)
	err := s.viewRecords(ctx, "reading when cameras were last inspected", func(b *ibk) error {
		if b.inspByCamera == nil {
			return lastObservedByScan(b.ins, cameraIDs, out)
		}
		c := b.inspByCamera.Cursor()
		for _, id := range cameraIDs {
			if id == "" {
				continue
			}
			prefix := cameraPrefix(id)
			k, _ := c.Seek(prefix)
			if k == nil || !bytes.HasPrefix(k, prefix) {
				continue
			}
			if len(k) < len(prefix)+8 {
				return fmt.Errorf("%w: camera index key of %d bytes", ErrCorrupt, len(k))
			}
			out[id] = timeOfKey(k[len(prefix):]).UTC()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lastObservedByScan is LastObserved by reading every inspection in ins, for a store
// written before inspections_by_camera and opened read-only, which cannot be given it.
func lastObservedByScan(ins *bolt.Bucket, cameraIDs []string, out map[string]time.Time) error {
	want := make(map[string]bool, len(cameraIDs))
	for _, id := range cameraIDs {
		want[id] = id != ""
	}
	return eachInspection(ins, func(in *inspect.Inspection) error {
		if !want[in.CameraID] || !in.Review.State.Counts() {
			return nil
		}
		if have, ok := out[in.CameraID]; !ok || in.ObservedAt.After(have) {
			out[in.CameraID] = in.ObservedAt.UTC()
		}
		return nil
	})
}

// ReviewInspection sets the review of inspection id if it is still in state from (see
// inspect.Reviewer).
func (s *Store) ReviewInspection(ctx context.Context, id string, from inspect.ReviewState, r inspect.Review, e audit.Entry) (inspect.Inspection, error) {
	var out inspect.Inspection
	err := s.updateRecords(ctx, "reviewing inspection "+id, func(b *ibk) error {
		si, ok, err := get(b.ins, []byte(id), decodeInspection)
		switch {
		case err != nil:
			return err
		case !ok:
			return inspect.ErrNotFound
		case si.Inspection.Review.State != from:
			return fmt.Errorf("%w: the review is %s, not %s", inspect.ErrConflict, si.Inspection.Review.State, from)
		}
		si.Inspection.Review = r
		if err := put(b.ins, []byte(id), si, encodeInspection); err != nil {
			return err
		}
		if err := indexCamera(b.inspByCamera, &si.Inspection); err != nil {
			return err
		}
		out = si.Inspection
		_, err = b.seal(e)
		return err
	})
	if err != nil {
		return inspect.Inspection{}, err
	}
	return out, nil
}

// linkPrefix is the inspection_photos key prefix of an inspection's photos.
func linkPrefix(id string) []byte { return append([]byte(id), 0) }

// AddPhoto stores a photo's bytes once and links it to its inspection (see
// inspect.PhotoStore).
func (s *Store) AddPhoto(ctx context.Context, p inspect.Photo, data []byte, e audit.Entry) (inspect.Photo, bool, error) {
	var stored inspect.Photo
	created := false
	err := s.updateRecords(ctx, "adding photo "+p.SHA256+" to inspection "+p.InspectionID, func(b *ibk) error {
		stored, created = inspect.Photo{}, false
		if b.ins.Get([]byte(p.InspectionID)) == nil {
			return inspect.ErrNotFound
		}
		prefix := linkPrefix(p.InspectionID)
		c := b.links.Cursor()
		var seq uint64
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			have, err := records.DecodePhoto(v)
			if err != nil {
				return fmt.Errorf("decoding photo link %q: %w: %w", k, ErrCorrupt, err)
			}
			if have.SHA256 == p.SHA256 {
				stored = have
				return nil
			}
			seq = binary.BigEndian.Uint64(k[len(prefix):]) + 1
		}
		if b.photos.Get([]byte(p.SHA256)) == nil {
			if err := b.photos.Put([]byte(p.SHA256), slices.Clone(data)); err != nil {
				return err
			}
		}
		if err := put(b.links, binary.BigEndian.AppendUint64(prefix, seq), p, records.EncodePhoto); err != nil {
			return err
		}
		if _, err := b.seal(e); err != nil {
			return err
		}
		stored, created = p, true
		return nil
	})
	if err != nil {
		return inspect.Photo{}, false, err
	}
	return stored, created, nil
}

// Photos returns the photos linked to an inspection, in the order they were added.
func (s *Store) Photos(ctx context.Context, inspectionID string) ([]inspect.Photo, error) {
	out := []inspect.Photo{}
	err := s.viewRecords(ctx, "reading the photos of inspection "+inspectionID, func(b *ibk) error {
		prefix := linkPrefix(inspectionID)
		c := b.links.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			p, err := records.DecodePhoto(v)
			if err != nil {
				return fmt.Errorf("decoding photo link %q: %w: %w", k, ErrCorrupt, err)
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PhotoData returns the bytes of the photo with the given SHA-256, or inspect.ErrNotFound.
func (s *Store) PhotoData(ctx context.Context, sum string) ([]byte, error) {
	var data []byte
	err := s.viewRecords(ctx, "reading photo "+sum, func(b *ibk) error {
		data = slices.Clone(b.photos.Get([]byte(sum)))
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case data == nil:
		return nil, fmt.Errorf("photo %s: %w", sum, inspect.ErrNotFound)
	}
	return data, nil
}

// Finding returns the finding with the given id, or inspect.ErrNotFound.
func (s *Store) Finding(ctx context.Context, id string) (inspect.Finding, error) {
	var f inspect.Finding
	err := s.viewRecords(ctx, "reading finding "+id, func(b *ibk) error {
		var err error
		f, err = b.finding(id)
		return err
	})
	if err == nil && f.ID == "" {
		err = fmt.Errorf("finding %s: %w", id, inspect.ErrNotFound)
	}
	if err != nil {
		return inspect.Finding{}, err
	}
	return f, nil
}

// findingRef is an index entry: a finding's deadline and id.
type findingRef struct{ deadline, id string }

// refs appends the index entries of b under prefix whose deadline is before due ("" for
// no bound).
func refs(b *bolt.Bucket, prefix, due string, out []findingRef) ([]findingRef, error) {
	p := []byte(prefix + "\x00")
	c := b.Cursor()
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		deadline, id, ok := strings.Cut(string(k[len(p):]), "\x00")
		if !ok {
			return nil, fmt.Errorf("%w: finding index key %q", ErrCorrupt, k)
		}
		if due != "" && deadline >= due {
			break
		}
		out = append(out, findingRef{deadline, id})
	}
	return out, nil
}

// Findings calls fn for each finding q selects, earliest deadline first (ties by id),
// leaving out the findings of rejected inspections; fn runs after the read transaction.
func (s *Store) Findings(ctx context.Context, q inspect.FindingQuery, fn func(inspect.Finding) error) error {
	due := q.DueBefore.String()
	var out []inspect.Finding
	err := s.viewRecords(ctx, "reading findings", func(b *ibk) error {
		var rs []findingRef
		var err error
		cameras := q.CameraIDs
		if q.CameraID != "" {
			cameras = append(slices.Clone(cameras), q.CameraID)
		}
		switch {
		case len(cameras) > 0:
			for _, c := range slices.Compact(slices.Sorted(slices.Values(cameras))) {
				if rs, err = refs(b.byCamera, c, due, rs); err != nil {
					return err
				}
			}
		case len(q.Status) > 0:
			for _, st := range slices.Compact(slices.Sorted(slices.Values(q.Status))) {
				if rs, err = refs(b.byStatus, string(st), due, rs); err != nil {
					return err
				}
			}
		case q.District != "":
			rs, err = refs(b.byDistrict, q.District, due, rs)
		default:
			c := b.fnd.Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				f, err := b.finding(string(k))
				if err != nil {
					return err
				}
				if due == "" || f.Deadline.String() < due {
					rs = append(rs, findingRef{f.Deadline.String(), f.ID})
				}
			}
		}
		if err != nil {
			return err
		}
		slices.SortFunc(rs, func(a, b findingRef) int {
			if c := strings.Compare(a.deadline, b.deadline); c != 0 {
				return c
			}
			return strings.Compare(a.id, b.id)
		})
		counts := map[string]bool{}
		for _, r := range rs {
			f, err := b.finding(r.id)
			if err != nil {
				return err
			}
			if q.District != "" && f.District != q.District || len(q.Status) > 0 && !slices.Contains(q.Status, f.Status) {
				continue
			}
			ok, seen := counts[f.InspectionID]
			if !seen {
				si, found, err := get(b.ins, []byte(f.InspectionID), decodeInspection)
				if err != nil {
					return err
				}
				ok = found && si.Inspection.Review.State.Counts()
				counts[f.InspectionID] = ok
			}
			if !ok {
				continue
			}
			out = append(out, f)
			if q.Limit > 0 && len(out) == q.Limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range out {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// transitionPrefix is the finding_transitions key prefix of a finding's history.
func transitionPrefix(id string) []byte { return append([]byte(id), 0) }

// TransitionFinding applies t to its finding if the finding is still in t.From (see
// inspect.FindingStore).
func (s *Store) TransitionFinding(ctx context.Context, t inspect.Transition, e audit.Entry) (inspect.Finding, error) {
	var out inspect.Finding
	err := s.updateRecords(ctx, "moving finding "+t.FindingID, func(b *ibk) error {
		f, err := b.finding(t.FindingID)
		if err != nil {
			return err
		}
		old := f
		if err := f.Apply(t); err != nil {
			return err
		}
		if err := b.byStatus.Delete(findingKey(string(old.Status), &old)); err != nil {
			return err
		}
		if err := b.putFinding(&f); err != nil {
			return err
		}
		// A finding has a handful of transitions: count them for the next number.
		prefix := transitionPrefix(f.ID)
		var seq uint32
		c := b.trans.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) == len(prefix)+4 {
				seq = binary.BigEndian.Uint32(k[len(prefix):]) + 1
			}
		}
		if err := put(b.trans, binary.BigEndian.AppendUint32(prefix, seq), t, records.EncodeTransition); err != nil {
			return err
		}
		out = f
		_, err = b.seal(e)
		return err
	})
	if err != nil {
		return inspect.Finding{}, err
	}
	return out, nil
}

// Transitions returns a finding's history, oldest first.
func (s *Store) Transitions(ctx context.Context, findingID string) ([]inspect.Transition, error) {
	out := []inspect.Transition{}
	err := s.viewRecords(ctx, "reading the history of finding "+findingID, func(b *ibk) error {
		prefix := transitionPrefix(findingID)
		c := b.trans.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != len(prefix)+4 {
				continue // a finding whose id extends this one's after a zero byte
			}
			t, err := records.DecodeTransition(v)
			if err != nil {
				return fmt.Errorf("decoding transition %q: %w: %w", k, ErrCorrupt, err)
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AppendAudit seals e onto the audit chain and stores it.
func (s *Store) AppendAudit(ctx context.Context, e audit.Entry) (audit.Entry, error) {
	var out audit.Entry
	err := s.updateRecords(ctx, "appending to the audit log", func(b *ibk) error {
		var err error
		out, err = b.seal(e)
		return err
	})
	if err != nil {
		return audit.Entry{}, err
	}
	return out, nil
}

// AuditChain calls fn for each audit entry from Seq from on, in order. It reads a page of
// entries per transaction and calls fn between them, so fn may use the store and a long
// walk does not hold one transaction open.
func (s *Store) AuditChain(ctx context.Context, from uint64, fn func(audit.Entry) error) error {
	for {
		page := make([]audit.Entry, 0, auditPage)
		err := s.viewRecords(ctx, "reading the audit log", func(b *ibk) error {
			c := b.audit.Cursor()
			for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, from)); k != nil && len(page) < auditPage; k, v = c.Next() {
				if len(k) != 8 {
					return fmt.Errorf("%w: audit key %x", ErrCorrupt, k)
				}
				e, err := records.DecodeEntry(v)
				if err != nil {
					return fmt.Errorf("decoding audit entry %d: %w: %w", binary.BigEndian.Uint64(k), ErrCorrupt, err)
				}
				page = append(page, e)
				// The keys, not the entries' own Seq, drive the walk, so that a tampered
				// Seq can neither loop it nor skip entries.
				from = binary.BigEndian.Uint64(k) + 1
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(page) < auditPage {
			return nil
		}
	}
}

// AuditHead returns the last audit entry's Seq and Hash.
func (s *Store) AuditHead(ctx context.Context) (audit.Head, error) {
	h := audit.Head{Hash: audit.GenesisHash}
	err := s.viewRecords(ctx, "reading the audit head", func(b *ibk) error {
		v := b.head.Get(auditHeadKey)
		if v == nil {
			return nil
		}
		if len(v) != 8+len(h.Hash) {
			return fmt.Errorf("%w: audit head of %d bytes", ErrCorrupt, len(v))
		}
		h.Seq = binary.BigEndian.Uint64(v)
		copy(h.Hash[:], v[8:])
		return nil
	})
	if err != nil {
		return audit.Head{}, err
	}
	return h, nil
}
