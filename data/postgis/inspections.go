package postgis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"cctvgis/data/records"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/planner/rulebook"
)

var _ inspect.Store = (*Store)(nil)

// errStop ends a transaction's function to roll it back when there is nothing to write:
// the photo link, review or state is already there. Callers then read what is.
var errStop = errors.New("postgis: nothing to write")

// nullTime is a time for a nullable column: NULL for the zero time.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// nullDate is a date for a nullable date column, as text: NULL for the zero Date.
func nullDate(d rulebook.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// lockHead locks the audit chain's head and reads it. Every writing transaction takes it
// last, after its other writes, so that the lock is held only for sealing, one insert and
// the commit, and no transaction waits for a row while holding it.
const sqlLockHead = `SELECT seq, hash FROM audit_head FOR UPDATE`

// sqlAppendAudit inserts sealed entries, given column by column in order, and moves the
// head onto the last ($11, $12): one statement however many entries a transaction seals.
const sqlAppendAudit = `WITH head AS (UPDATE audit_head SET seq = $11, hash = $12)
INSERT INTO audit_log (seq, at, actor, action, object_kind, object_id, detail, payload_digest, prev_hash, hash)
SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::bytea[], $10::bytea[])`

// lockedHead reads the head that sqlLockHead locked.
func lockedHead(row pgx.Row) (audit.Head, error) {
	var seq int64
	var hash []byte
	if err := row.Scan(&seq, &hash); err != nil {
		return audit.Head{}, fmt.Errorf("locking the audit head: %w", err)
	}
	if len(hash) != len(audit.Hash{}) {
		return audit.Head{}, fmt.Errorf("locking the audit head: a hash of %d bytes", len(hash))
	}
	h := audit.Head{Seq: uint64(seq)}
	copy(h.Hash[:], hash)
	return h, nil
}

// sealAll seals es onto head, locked, one after the other, and stores them.
func sealAll(ctx context.Context, tx pgx.Tx, head audit.Head, es ...audit.Entry) (audit.Entry, error) {
	if len(es) == 0 {
		return audit.Entry{}, nil
	}
	args, last := sealArgs(head, es)
	if _, err := tx.Exec(ctx, sqlAppendAudit, args...); err != nil {
		return last, fmt.Errorf("appending audit entries to %d: %w", last.Seq, err)
	}
	return last, nil
}

// sealArgs seals es onto head, one after the other, and returns the arguments of
// sqlAppendAudit that store them, and the last entry; es must not be empty.
func sealArgs(head audit.Head, es []audit.Entry) (args []any, last audit.Entry) {
	n := len(es)
	seqs, ats := make([]int64, n), make([]time.Time, n)
	actors, actions, kinds, ids, details, digests := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n)
	prevs, hashes := make([][]byte, n), make([][]byte, n)
	for i, e := range es {
		var prev *audit.Entry
		if head.Seq > 0 {
			prev = &audit.Entry{Seq: head.Seq, Hash: head.Hash}
		}
		// One variable an entry: the byte slices below point into it.
		sealed := audit.Seal(prev, e)
		seqs[i], ats[i], actors[i], actions[i] = int64(sealed.Seq), sealed.At, sealed.Actor, string(sealed.Action)
		kinds[i], ids[i], details[i], digests[i] = sealed.ObjectKind, sealed.ObjectID, sealed.Detail, sealed.PayloadDigest
		prevs[i], hashes[i] = sealed.PrevHash[:], sealed.Hash[:]
		head, last = sealed.Head(), sealed
	}
	return []any{seqs, ats, actors, actions, kinds, ids, details, digests, prevs, hashes, int64(last.Seq), last.Hash[:]}, last
}

// sealBatch reads the locked head, the batch's last result, closes the batch and seals es
// onto the head, in order.
func sealBatch(ctx context.Context, tx pgx.Tx, br pgx.BatchResults, es ...audit.Entry) error {
	head, err := lockedHead(br.QueryRow())
	if err != nil {
		return err
	}
	if err := br.Close(); err != nil {
		return err
	}
	_, err = sealAll(ctx, tx, head, es...)
	return err
}

// inspectionColumns are the columns of an inspection as scanInspection reads them.
const inspectionColumns = `i.id, i.body_hash, i.camera_id, i.site_id, i.district, i.inspector_id, i.inspector_name,
    i.observed_at, i.received_at, ST_Y(i.position), ST_X(i.position), i.accuracy_m, i.body,
    i.review_state, i.review_comment, i.review_by, i.review_at, i.flags, i.skipped`

// findingColumns are the columns of a finding as scanFinding reads them; NULL for an
// inspection without findings in an outer join.
const findingColumns = `f.id, f.inspection_id, f.camera_id, f.site_id, f.district, f.kind, f.status, f.deadline, f.updated_at, f.body`

// inspectionRow receives inspectionColumns.
type inspectionRow struct {
	in                                 inspect.Inspection
	lat, lon                           float64
	body, flags, skipped               []byte
	reviewState                        string
	reviewAt                           *time.Time
	observed, received                 time.Time
	camera, site, district, bodyHash   string
	inspectorID, inspectorName, review string
}

func (r *inspectionRow) dest() []any {
	in := &r.in
	return []any{&in.ID, &r.bodyHash, &r.camera, &r.site, &r.district, &r.inspectorID, &r.inspectorName,
		&r.observed, &r.received, &r.lat, &r.lon, &in.Position.AccuracyM, &r.body,
		&r.reviewState, &r.review, &in.Review.By, &r.reviewAt, &r.flags, &r.skipped}
}

// record builds the inspection and its skips from the scanned row.
func (r *inspectionRow) record() (inspect.Record, error) {
	in := r.in
	if err := records.DecodeObservations(r.body, &in.Submission); err != nil {
		return inspect.Record{}, fmt.Errorf("decoding inspection %s: %w", in.ID, err)
	}
	in.CameraID, in.SiteID, in.District, in.BodyHash = r.camera, r.site, r.district, r.bodyHash
	in.Inspector = inspect.Inspector{ID: r.inspectorID, Name: r.inspectorName}
	in.ObservedAt, in.ReceivedAt = r.observed.UTC(), r.received.UTC()
	in.Position.Lat, in.Position.Lon = r.lat, r.lon
	in.Review.State, in.Review.Comment = inspect.ReviewState(r.reviewState), r.review
	if r.reviewAt != nil {
		in.Review.At = r.reviewAt.UTC()
	}
	rec := inspect.Record{Inspection: in, Findings: []inspect.Finding{}}
	var err error
	if rec.Inspection.Flags, err = records.DecodeFlags(r.flags); err != nil {
		return rec, fmt.Errorf("decoding the flags of inspection %s: %w", in.ID, err)
	}
	if rec.Skipped, err = records.DecodeSkips(r.skipped); err != nil {
		return rec, fmt.Errorf("decoding the skips of inspection %s: %w", in.ID, err)
	}
	if rec.Inspection.Flags == nil {
		rec.Inspection.Flags = []inspect.Flag{}
	}
	if rec.Skipped == nil {
		rec.Skipped = []inspect.Skip{}
	}
	return rec, nil
}

// findingRow receives findingColumns, each nullable for outer joins.
type findingRow struct {
	id, inspection, camera, site, district, kind, status *string
	deadline, updated                                    *time.Time
	body                                                 []byte
}

func (r *findingRow) dest() []any {
	return []any{&r.id, &r.inspection, &r.camera, &r.site, &r.district, &r.kind, &r.status, &r.deadline, &r.updated, &r.body}
}

// finding builds the finding: the body, with the columns over it (status and updated_at
// change; the others are the finding's own).
func (r *findingRow) finding() (inspect.Finding, error) {
	f, err := records.DecodeFinding(r.body)
	if err != nil {
		return f, fmt.Errorf("decoding finding %s: %w", deref(r.id), err)
	}
	f.ID, f.InspectionID, f.CameraID, f.SiteID = deref(r.id), deref(r.inspection), deref(r.camera), deref(r.site)
	f.District, f.Kind, f.Status = deref(r.district), inspect.Kind(deref(r.kind)), inspect.Status(deref(r.status))
	f.Deadline = rulebook.Date{}
	if r.deadline != nil {
		f.Deadline = rulebook.DateOf(*r.deadline)
	}
	if r.updated != nil {
		f.UpdatedAt = r.updated.UTC()
	}
	if f.Penalties == nil {
		f.Penalties = []rulebook.PenaltyEntry{}
	}
	return f, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// sqlRecordInspection inserts an inspection ($1 to $19) unless its id is taken, and then
// its findings, given column by column ($20 to $29), those whose id is not taken. It
// answers whether it inserted the inspection, and how many findings: one statement, so
// that a group's calls go in one pipeline, and findings are written only with their
// inspection.
const sqlRecordInspection = `WITH i AS (
    INSERT INTO inspections (id, body_hash, camera_id, site_id, district, inspector_id, inspector_name,
        observed_at, received_at, position, accuracy_m, body, review_state, review_comment, review_by, review_at, flags, skipped)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ST_SetSRID(ST_MakePoint($10, $11), 4326), $12, $13, $14, $15, $16, $17, $18, $19)
    ON CONFLICT (id) DO NOTHING
    RETURNING id
), f AS (
    INSERT INTO findings (id, inspection_id, seq, camera_id, site_id, district, kind, status, deadline, updated_at, body)
    SELECT f.id, i.id, f.seq, f.camera_id, f.site_id, f.district, f.kind, f.status, f.deadline::date, f.updated_at, f.body::jsonb
    FROM i, unnest($20::text[], $21::int[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[],
        $28::timestamptz[], $29::text[]) AS f (id, seq, camera_id, site_id, district, kind, status, deadline, updated_at, body)
    ON CONFLICT (id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT FROM i), (SELECT count(*) FROM f)`

// RecordInspection stores rec and its audit entry, idempotent by the primary key (see
// inspect.InspectionWriter): the insert does nothing when the id is taken, waiting for a
// concurrent insert of it to commit, and the stored record is then read and compared by
// body hash. Concurrent calls are written in groups, one transaction each (see
// committer); the call returns once its group has committed.
func (s *Store) RecordInspection(ctx context.Context, rec inspect.Record, e audit.Entry) (inspect.Record, bool, error) {
	in := &rec.Inspection
	w, err := newInspectionWrite(rec, e)
	if err != nil {
		return inspect.Record{}, false, fmt.Errorf("recording inspection %s: %w", in.ID, err)
	}
	created, err := s.commits.submit(ctx, w)
	switch {
	case err != nil:
		return inspect.Record{}, false, fmt.Errorf("recording inspection %s: %w", in.ID, err)
	case !created:
		stored, err := s.Inspection(ctx, in.ID)
		switch {
		case err != nil:
			return inspect.Record{}, false, fmt.Errorf("recording inspection %s: reading the stored one: %w", in.ID, err)
		case stored.Inspection.BodyHash != in.BodyHash:
			return inspect.Record{}, false, fmt.Errorf("recording inspection %s: %w: stored with another body", in.ID, inspect.ErrConflict)
		}
		return stored, false, nil
	}
	if rec.Skipped == nil {
		rec.Skipped = []inspect.Skip{}
	}
	return rec, true, nil
}

// newInspectionWrite encodes rec as the arguments of sqlRecordInspection.
func newInspectionWrite(rec inspect.Record, e audit.Entry) (*inspectionWrite, error) {
	in := &rec.Inspection
	body, err := records.EncodeObservations(&in.Submission)
	if err != nil {
		return nil, err
	}
	flags, err := records.EncodeFlags(in.Flags)
	if err != nil {
		return nil, err
	}
	skipped, err := records.EncodeSkips(rec.Skipped)
	if err != nil {
		return nil, err
	}
	n := len(rec.Findings)
	ids, seqs, cameras, sites, districts, kinds := make([]string, n), make([]int32, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n)
	statuses, deadlines, updated, bodies := make([]string, n), make([]*string, n), make([]time.Time, n), make([]string, n)
	for i := range rec.Findings {
		f := &rec.Findings[i]
		fb, err := records.EncodeFinding(*f)
		if err != nil {
			return nil, fmt.Errorf("finding %s: %w", f.ID, err)
		}
		ids[i], seqs[i], cameras[i], sites[i], districts[i], kinds[i] = f.ID, int32(i), f.CameraID, f.SiteID, f.District, string(f.Kind)
		statuses[i], deadlines[i], updated[i], bodies[i] = string(f.Status), nullDate(f.Deadline), f.UpdatedAt, string(fb)
	}
	return &inspectionWrite{id: in.ID, entry: e, findings: n, args: []any{in.ID, in.BodyHash, in.CameraID, in.SiteID,
		in.District, in.Inspector.ID, in.Inspector.Name, in.ObservedAt, in.ReceivedAt, in.Position.Lon, in.Position.Lat,
		in.Position.AccuracyM, body, string(in.Review.State), in.Review.Comment, in.Review.By, nullTime(in.Review.At),
		flags, skipped, ids, seqs, cameras, sites, districts, kinds, statuses, deadlines, updated, bodies}}, nil
}

// sqlInspectionsWhere selects inspections: $1 district, $2 camera, $3 site (empty for any),
// $4 and $5 the bounds of observed_at (NULL for none), $6 the limit (NULL for none).
const sqlInspectionsWhere = `SELECT * FROM inspections
    WHERE ($1 = '' OR district = $1) AND ($2 = '' OR camera_id = $2) AND ($3 = '' OR site_id = $3)
      AND ($4::timestamptz IS NULL OR observed_at >= $4) AND ($5::timestamptz IS NULL OR observed_at < $5)
    ORDER BY observed_at DESC, id COLLATE "C" LIMIT $6`

// sqlInspectionsOfCamera is sqlInspectionsWhere for one camera ($2), through the index on
// camera_id: a prepared statement's generic plan cannot use it for "$2 = ” OR …".
const sqlInspectionsOfCamera = `SELECT * FROM inspections
    WHERE camera_id = $2 AND ($1 = '' OR district = $1) AND ($3 = '' OR site_id = $3)
      AND ($4::timestamptz IS NULL OR observed_at >= $4) AND ($5::timestamptz IS NULL OR observed_at < $5)
    ORDER BY observed_at DESC, id COLLATE "C" LIMIT $6`

// recordsOf joins the inspections a selection gives with their findings, one row per
// finding (one with NULL findings for an inspection without), latest observation first.
func recordsOf(selection string) string {
	return `SELECT ` + inspectionColumns + `, ` + findingColumns + `
FROM (` + selection + `) i LEFT JOIN findings f ON f.inspection_id = i.id
ORDER BY i.observed_at DESC, i.id COLLATE "C", f.seq`
}

// The two records queries: any selection, and one camera's.
var (
	sqlRecords         = recordsOf(sqlInspectionsWhere)
	sqlRecordsOfCamera = recordsOf(sqlInspectionsOfCamera)
)

// sqlRecord is sqlRecords for one id.
const sqlRecord = `SELECT ` + inspectionColumns + `, ` + findingColumns + `
FROM inspections i LEFT JOIN findings f ON f.inspection_id = i.id
WHERE i.id = $1
ORDER BY f.seq`

// readRecords runs a records query and calls fn for each record, its findings gathered
// from consecutive rows.
func readRecords(ctx context.Context, q pgx.Rows, fn func(inspect.Record) error) error {
	defer q.Close()
	var ir inspectionRow
	var fr findingRow
	dest := append(ir.dest(), fr.dest()...)
	var cur inspect.Record
	have := false
	for q.Next() {
		ir = inspectionRow{}
		if err := q.Scan(dest...); err != nil {
			return err
		}
		if !have || cur.Inspection.ID != ir.in.ID {
			if have {
				if err := fn(cur); err != nil {
					return err
				}
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var err error
			if cur, err = ir.record(); err != nil {
				return err
			}
			have = true
		}
		if fr.id != nil {
			f, err := fr.finding()
			if err != nil {
				return err
			}
			cur.Findings = append(cur.Findings, f)
		}
	}
	if err := q.Err(); err != nil {
		return err
	}
	if have {
		return fn(cur)
	}
	return nil
}

// Inspection returns the record of inspection id with its findings as they stand, or
// inspect.ErrNotFound.
func (s *Store) Inspection(ctx context.Context, id string) (inspect.Record, error) {
	rows, err := s.pool.Query(ctx, sqlRecord, id)
	if err != nil {
		return inspect.Record{}, fmt.Errorf("reading inspection %s: %w", id, err)
	}
	var rec inspect.Record
	found := false
	err = readRecords(ctx, rows, func(r inspect.Record) error { rec, found = r, true; return nil })
	switch {
	case err != nil:
		return inspect.Record{}, fmt.Errorf("reading inspection %s: %w", id, err)
	case !found:
		return inspect.Record{}, fmt.Errorf("inspection %s: %w", id, inspect.ErrNotFound)
	}
	return rec, nil
}

// Inspections calls fn for each record q selects, latest observation first (ties by id in
// byte order), streaming them from one query.
func (s *Store) Inspections(ctx context.Context, q inspect.InspectionQuery, fn func(inspect.Record) error) error {
	var limit *int
	if q.Limit > 0 {
		limit = &q.Limit
	}
	sql := sqlRecords
	if q.CameraID != "" {
		sql = sqlRecordsOfCamera
	}
	rows, err := s.pool.Query(ctx, sql, q.District, q.CameraID, q.SiteID, nullTime(q.Since), nullTime(q.Until), limit)
	if err != nil {
		return fmt.Errorf("reading inspections: %w", err)
	}
	var fnErr error
	err = readRecords(ctx, rows, func(r inspect.Record) error {
		fnErr = fn(r)
		return fnErr
	})
	switch {
	case fnErr != nil:
		return fnErr
	case err != nil:
		return fmt.Errorf("reading inspections: %w", err)
	}
	return nil
}

// sqlLastObserved finds the latest counting check of each camera of $1 (the empty id,
// which stands for no camera, left out): one probe per camera of the index on
// (camera_id, observed_at DESC), which stops at its first row not rejected, instead of
// reading all of a camera's checks as max() over camera_id = ANY ($1) would.
const sqlLastObserved = `SELECT c.id, l.observed_at
FROM (SELECT DISTINCT id FROM unnest($1::text[]) AS u (id) WHERE id <> '') c
CROSS JOIN LATERAL (
    SELECT observed_at FROM inspections
    WHERE camera_id = c.id AND review_state <> 'rejected'
    ORDER BY observed_at DESC LIMIT 1
) l`

// LastObserved returns when each of the cameras was last inspected by a check that counts
// (see inspect.InspectionReader), from one query.
func (s *Store) LastObserved(ctx context.Context, cameraIDs []string) (map[string]time.Time, error) {
	rows, err := s.pool.Query(ctx, sqlLastObserved, cameraIDs)
	if err != nil {
		return nil, fmt.Errorf("reading when cameras were last inspected: %w", err)
	}
	defer rows.Close()
	out := make(map[string]time.Time)
	var id string
	var at time.Time
	for rows.Next() {
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("reading when cameras were last inspected: %w", err)
		}
		out[id] = at.UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading when cameras were last inspected: %w", err)
	}
	return out, nil
}

const sqlReview = `UPDATE inspections i SET review_state = $3, review_comment = $4, review_by = $5, review_at = $6
WHERE i.id = $1 AND i.review_state = $2
RETURNING ` + inspectionColumns

const sqlReviewState = `SELECT review_state FROM inspections WHERE id = $1`

// ReviewInspection sets the review of inspection id if it is still in state from (see
// inspect.Reviewer): a conditional update, so that of two concurrent reviews one wins and
// the other conflicts.
func (s *Store) ReviewInspection(ctx context.Context, id string, from inspect.ReviewState, r inspect.Review, e audit.Entry) (inspect.Inspection, error) {
	var out inspect.Inspection
	b := &pgx.Batch{}
	b.Queue(sqlReview, id, string(from), string(r.State), r.Comment, r.By, nullTime(r.At))
	b.Queue(sqlLockHead)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		br := tx.SendBatch(ctx, b)
		defer func() { _ = br.Close() }()
		var ir inspectionRow
		switch err := br.QueryRow().Scan(ir.dest()...); {
		case errors.Is(err, pgx.ErrNoRows):
			return errStop
		case err != nil:
			return err
		}
		rec, err := ir.record()
		if err != nil {
			return err
		}
		out = rec.Inspection
		return sealBatch(ctx, tx, br, e)
	})
	if errors.Is(err, errStop) {
		var state string
		switch err := s.pool.QueryRow(ctx, sqlReviewState, id).Scan(&state); {
		case errors.Is(err, pgx.ErrNoRows):
			return inspect.Inspection{}, fmt.Errorf("reviewing inspection %s: %w", id, inspect.ErrNotFound)
		case err != nil:
			return inspect.Inspection{}, fmt.Errorf("reviewing inspection %s: %w", id, err)
		}
		return inspect.Inspection{}, fmt.Errorf("reviewing inspection %s: %w: the review is %s, not %s", id, inspect.ErrConflict, state, from)
	}
	if err != nil {
		return inspect.Inspection{}, fmt.Errorf("reviewing inspection %s: %w", id, err)
	}
	return out, nil
}

const sqlInsertPhoto = `INSERT INTO photos (sha256, mime, size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING`

// sqlLinkPhoto links a photo to an existing inspection, or does nothing.
const sqlLinkPhoto = `INSERT INTO inspection_photos (inspection_id, sha256, photo)
SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM inspections WHERE id = $1)
ON CONFLICT (inspection_id, sha256) DO NOTHING
RETURNING seq`

const sqlPhotoLink = `SELECT photo FROM inspection_photos WHERE inspection_id = $1 AND sha256 = $2`

// AddPhoto stores the photo's bytes once and links it to its inspection (see
// inspect.PhotoStore).
func (s *Store) AddPhoto(ctx context.Context, p inspect.Photo, data []byte, e audit.Entry) (inspect.Photo, bool, error) {
	what := fmt.Sprintf("adding photo %s to inspection %s", p.SHA256, p.InspectionID)
	meta, err := records.EncodePhoto(p)
	if err != nil {
		return inspect.Photo{}, false, fmt.Errorf("%s: %w", what, err)
	}
	b := &pgx.Batch{}
	b.Queue(sqlInsertPhoto, p.SHA256, p.ContentType, len(data), data)
	b.Queue(sqlLinkPhoto, p.InspectionID, p.SHA256, meta)
	b.Queue(sqlLockHead)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		br := tx.SendBatch(ctx, b)
		defer func() { _ = br.Close() }()
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("storing the bytes: %w", err)
		}
		var seq int64
		switch err := br.QueryRow().Scan(&seq); {
		case errors.Is(err, pgx.ErrNoRows):
			return errStop
		case err != nil:
			return fmt.Errorf("linking: %w", err)
		}
		return sealBatch(ctx, tx, br, e)
	})
	if errors.Is(err, errStop) {
		var stored []byte
		switch err := s.pool.QueryRow(ctx, sqlPhotoLink, p.InspectionID, p.SHA256).Scan(&stored); {
		case errors.Is(err, pgx.ErrNoRows):
			return inspect.Photo{}, false, fmt.Errorf("%s: inspection %s: %w", what, p.InspectionID, inspect.ErrNotFound)
		case err != nil:
			return inspect.Photo{}, false, fmt.Errorf("%s: %w", what, err)
		}
		have, err := decodePhoto(p.InspectionID, p.SHA256, stored)
		if err != nil {
			return inspect.Photo{}, false, fmt.Errorf("%s: %w", what, err)
		}
		return have, false, nil
	}
	if err != nil {
		return inspect.Photo{}, false, fmt.Errorf("%s: %w", what, err)
	}
	return p, true, nil
}

func decodePhoto(inspectionID, sum string, b []byte) (inspect.Photo, error) {
	p, err := records.DecodePhoto(b)
	if err != nil {
		return p, fmt.Errorf("decoding photo %s of inspection %s: %w", sum, inspectionID, err)
	}
	p.InspectionID, p.SHA256, p.ReceivedAt = inspectionID, sum, p.ReceivedAt.UTC()
	if p.Flags == nil {
		p.Flags = []inspect.Flag{}
	}
	return p, nil
}

const sqlPhotos = `SELECT sha256, photo FROM inspection_photos WHERE inspection_id = $1 ORDER BY seq`

// Photos returns the photos linked to an inspection, in the order they were added.
func (s *Store) Photos(ctx context.Context, inspectionID string) ([]inspect.Photo, error) {
	rows, err := s.pool.Query(ctx, sqlPhotos, inspectionID)
	if err != nil {
		return nil, fmt.Errorf("reading the photos of inspection %s: %w", inspectionID, err)
	}
	defer rows.Close()
	out := []inspect.Photo{}
	for rows.Next() {
		var sum string
		var meta []byte
		if err := rows.Scan(&sum, &meta); err != nil {
			return nil, fmt.Errorf("reading the photos of inspection %s: %w", inspectionID, err)
		}
		p, err := decodePhoto(inspectionID, sum, meta)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the photos of inspection %s: %w", inspectionID, err)
	}
	return out, nil
}

const sqlPhotoData = `SELECT data FROM photos WHERE sha256 = $1`

// PhotoData returns the bytes of the photo with the given SHA-256, or inspect.ErrNotFound.
func (s *Store) PhotoData(ctx context.Context, sum string) ([]byte, error) {
	var data []byte
	switch err := s.pool.QueryRow(ctx, sqlPhotoData, sum).Scan(&data); {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, fmt.Errorf("photo %s: %w", sum, inspect.ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("reading photo %s: %w", sum, err)
	}
	return data, nil
}

const sqlFinding = `SELECT ` + findingColumns + ` FROM findings f WHERE f.id = $1`

// Finding returns the finding with the given id, or inspect.ErrNotFound.
func (s *Store) Finding(ctx context.Context, id string) (inspect.Finding, error) {
	var fr findingRow
	switch err := s.pool.QueryRow(ctx, sqlFinding, id).Scan(fr.dest()...); {
	case errors.Is(err, pgx.ErrNoRows):
		return inspect.Finding{}, fmt.Errorf("finding %s: %w", id, inspect.ErrNotFound)
	case err != nil:
		return inspect.Finding{}, fmt.Errorf("reading finding %s: %w", id, err)
	}
	return fr.finding()
}

// sqlFindings selects findings of inspections not rejected: $1 district (empty for any),
// $2 statuses (empty for any), $3 the day deadlines must be before (NULL for none), $4 the
// limit (NULL for none); earliest deadline first, ties by id in byte order.
const sqlFindings = `SELECT ` + findingColumns + `
FROM findings f JOIN inspections i ON i.id = f.inspection_id
WHERE i.review_state <> 'rejected'
  AND ($1 = '' OR f.district = $1)
  AND (cardinality($2::text[]) = 0 OR f.status = ANY ($2))
  AND ($3::date IS NULL OR f.deadline < $3::date)
ORDER BY f.deadline NULLS FIRST, f.id COLLATE "C"
LIMIT $4`

// sqlFindingsOfCameras is sqlFindings for the cameras of $5, through the index on
// camera_id.
const sqlFindingsOfCameras = `SELECT ` + findingColumns + `
FROM findings f JOIN inspections i ON i.id = f.inspection_id
WHERE f.camera_id = ANY ($5) AND i.review_state <> 'rejected'
  AND ($1 = '' OR f.district = $1)
  AND (cardinality($2::text[]) = 0 OR f.status = ANY ($2))
  AND ($3::date IS NULL OR f.deadline < $3::date)
ORDER BY f.deadline NULLS FIRST, f.id COLLATE "C"
LIMIT $4`

// Findings calls fn for each finding q selects, earliest deadline first, leaving out the
// findings of rejected inspections (see inspect.FindingStore).
func (s *Store) Findings(ctx context.Context, q inspect.FindingQuery, fn func(inspect.Finding) error) error {
	statuses := make([]string, len(q.Status))
	for i, st := range q.Status {
		statuses[i] = string(st)
	}
	var limit *int
	if q.Limit > 0 {
		limit = &q.Limit
	}
	cameras := q.CameraIDs
	if q.CameraID != "" {
		cameras = append(slices.Clone(cameras), q.CameraID)
	}
	sql, args := sqlFindings, []any{q.District, statuses, nullDate(q.DueBefore), limit}
	if len(cameras) > 0 {
		sql, args = sqlFindingsOfCameras, append(args, cameras)
	}
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("reading findings: %w", err)
	}
	defer rows.Close()
	var fr findingRow
	for rows.Next() {
		if err := rows.Scan(fr.dest()...); err != nil {
			return fmt.Errorf("reading findings: %w", err)
		}
		f, err := fr.finding()
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading findings: %w", err)
	}
	return nil
}

// sqlMoveFinding moves a finding that is still in $2.
const sqlMoveFinding = `UPDATE findings f SET status = $3, updated_at = $4 WHERE f.id = $1 AND f.status = $2
RETURNING ` + findingColumns

// sqlInsertTransition numbers the transition after the finding's last; the finding's row,
// locked by sqlMoveFinding, keeps two from taking one number. The guard keeps it from
// failing when the move did not happen (the transaction is rolled back then).
const sqlInsertTransition = `INSERT INTO finding_transitions (finding_id, seq, event, from_status, to_status, at, actor, note, inspection_id)
SELECT $1, (SELECT coalesce(max(seq), 0) + 1 FROM finding_transitions WHERE finding_id = $1), $2, $3, $4, $5, $6, $7, $8
WHERE EXISTS (SELECT 1 FROM findings WHERE id = $1 AND status = $4)`

const sqlFindingStatus = `SELECT status FROM findings WHERE id = $1`

// TransitionFinding applies t to its finding if the finding is still in t.From (see
// inspect.FindingStore), by a conditional update.
func (s *Store) TransitionFinding(ctx context.Context, t inspect.Transition, e audit.Entry) (inspect.Finding, error) {
	what := "moving finding " + t.FindingID
	to, err := inspect.Next(t.From, t.Event)
	switch {
	case err != nil:
		return inspect.Finding{}, fmt.Errorf("%s: %w", what, err)
	case to != t.To:
		return inspect.Finding{}, fmt.Errorf("%s: %w: %s from %s leads to %s, not %s", what, inspect.ErrIllegalTransition, t.Event, t.From, to, t.To)
	}
	b := &pgx.Batch{}
	b.Queue(sqlMoveFinding, t.FindingID, string(t.From), string(t.To), t.At)
	b.Queue(sqlInsertTransition, t.FindingID, string(t.Event), string(t.From), string(t.To), t.At, t.Actor, t.Note, t.InspectionID)
	b.Queue(sqlLockHead)
	var out inspect.Finding
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		br := tx.SendBatch(ctx, b)
		defer func() { _ = br.Close() }()
		var fr findingRow
		switch err := br.QueryRow().Scan(fr.dest()...); {
		case errors.Is(err, pgx.ErrNoRows):
			return errStop
		case err != nil:
			return err
		}
		var err error
		if out, err = fr.finding(); err != nil {
			return err
		}
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("recording the transition: %w", err)
		}
		return sealBatch(ctx, tx, br, e)
	})
	if errors.Is(err, errStop) {
		var status string
		switch err := s.pool.QueryRow(ctx, sqlFindingStatus, t.FindingID).Scan(&status); {
		case errors.Is(err, pgx.ErrNoRows):
			return inspect.Finding{}, fmt.Errorf("finding %s: %w", t.FindingID, inspect.ErrNotFound)
		case err != nil:
			return inspect.Finding{}, fmt.Errorf("%s: %w", what, err)
		}
		return inspect.Finding{}, fmt.Errorf("%s: %w: it is %s, not %s", what, inspect.ErrConflict, status, t.From)
	}
	if err != nil {
		return inspect.Finding{}, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

const sqlTransitions = `SELECT event, from_status, to_status, at, actor, note, inspection_id
FROM finding_transitions WHERE finding_id = $1 ORDER BY seq`

// Transitions returns a finding's history, oldest first.
func (s *Store) Transitions(ctx context.Context, findingID string) ([]inspect.Transition, error) {
	rows, err := s.pool.Query(ctx, sqlTransitions, findingID)
	if err != nil {
		return nil, fmt.Errorf("reading the history of finding %s: %w", findingID, err)
	}
	defer rows.Close()
	out := []inspect.Transition{}
	for rows.Next() {
		t := inspect.Transition{FindingID: findingID}
		var ev, from, to string
		if err := rows.Scan(&ev, &from, &to, &t.At, &t.Actor, &t.Note, &t.InspectionID); err != nil {
			return nil, fmt.Errorf("reading the history of finding %s: %w", findingID, err)
		}
		t.Event, t.From, t.To, t.At = inspect.Event(ev), inspect.Status(from), inspect.Status(to), t.At.UTC()
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the history of finding %s: %w", findingID, err)
	}
	return out, nil
}

// AppendAudit seals e onto the audit chain and stores it.
func (s *Store) AppendAudit(ctx context.Context, e audit.Entry) (audit.Entry, error) {
	var out audit.Entry
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		head, err := lockedHead(tx.QueryRow(ctx, sqlLockHead))
		if err != nil {
			return err
		}
		out, err = sealAll(ctx, tx, head, e)
		return err
	})
	if err != nil {
		return audit.Entry{}, fmt.Errorf("appending to the audit log: %w", err)
	}
	return out, nil
}

const sqlAuditChain = `SELECT seq, at, actor, action, object_kind, object_id, detail, payload_digest, prev_hash, hash
FROM audit_log WHERE seq >= $1 ORDER BY seq`

// AuditChain calls fn for each audit entry from Seq from on, in order, streaming them
// from one query.
func (s *Store) AuditChain(ctx context.Context, from uint64, fn func(audit.Entry) error) error {
	rows, err := s.pool.Query(ctx, sqlAuditChain, int64(from))
	if err != nil {
		return fmt.Errorf("reading the audit log: %w", err)
	}
	defer rows.Close()
	var seq int64
	var action string
	var prev, hash []byte
	for rows.Next() {
		var e audit.Entry
		if err := rows.Scan(&seq, &e.At, &e.Actor, &action, &e.ObjectKind, &e.ObjectID, &e.Detail, &e.PayloadDigest, &prev, &hash); err != nil {
			return fmt.Errorf("reading the audit log: %w", err)
		}
		e.Seq, e.Action, e.At = uint64(seq), audit.Action(action), e.At.UTC()
		// A hash of the wrong length is left short, so that verification reports the entry.
		copy(e.PrevHash[:], prev)
		copy(e.Hash[:], hash)
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the audit log: %w", err)
	}
	return nil
}

const sqlAuditHead = `SELECT seq, hash FROM audit_head`

// AuditHead returns the last audit entry's Seq and Hash, as the head row records them.
// (lockedHead reads it; this query takes no lock.)
func (s *Store) AuditHead(ctx context.Context) (audit.Head, error) {
	return lockedHead(s.pool.QueryRow(ctx, sqlAuditHead))
}
