package postgis

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"cctvgis/data/records"
	"cctvgis/internal/audit"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
)

var _ plan.Store = (*Store)(nil)

// encodePlan returns p as the store keeps it (plan.Plan.Stored) and its JSON body.
func encodePlan(p *plan.Plan) (*plan.Plan, []byte, error) {
	p = p.Stored()
	body, err := records.EncodePlan(p)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding plan %s: %w", p.ID, err)
	}
	return p, body, nil
}

func decodePlan(id string, body []byte) (*plan.Plan, error) {
	p, err := records.DecodePlan(body)
	if err != nil {
		return nil, fmt.Errorf("decoding plan %s: %w", id, err)
	}
	return p, nil
}

const sqlInsertPlan = `INSERT INTO plans (id, district, state, author, created_at, revision, body)
VALUES ($1, $2, $3, $4, $5, 1, $6)
ON CONFLICT (id) DO NOTHING
RETURNING true`

// CreatePlan stores p at revision 1 with its creation event (see plan.Store): the
// insert does nothing when the id is taken, and the plan is then a duplicate.
func (s *Store) CreatePlan(ctx context.Context, p *plan.Plan, e audit.Entry) error {
	p, body, err := encodePlan(p)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	b.Queue(sqlInsertPlan, p.ID, p.District, string(p.State), p.Author, p.CreatedAt, body)
	b.Queue(sqlLockHead)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		br := tx.SendBatch(ctx, b)
		defer func() { _ = br.Close() }()
		var inserted bool
		switch err := br.QueryRow().Scan(&inserted); {
		case errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("%w: a plan with this id exists", rulebook.ErrDuplicate)
		case err != nil:
			return err
		}
		return sealBatch(ctx, tx, br, e)
	})
	if err != nil {
		return fmt.Errorf("creating plan %s: %w", p.ID, err)
	}
	return nil
}

const sqlPlan = `SELECT body, revision FROM plans WHERE id = $1`

// Plan returns the plan with the given id and its revision, or coverage.ErrNotFound.
func (s *Store) Plan(ctx context.Context, id string) (*plan.Plan, int64, error) {
	var body []byte
	var rev int64
	switch err := s.pool.QueryRow(ctx, sqlPlan, id).Scan(&body, &rev); {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, 0, fmt.Errorf("plan %s: %w", id, coverage.ErrNotFound)
	case err != nil:
		return nil, 0, fmt.Errorf("reading plan %s: %w", id, err)
	}
	p, err := decodePlan(id, body)
	if err != nil {
		return nil, 0, err
	}
	return p, rev, nil
}

// sqlPlans selects plans: $1 district, $2 state, $3 author (empty for any); newest first,
// ties by id in byte order.
const sqlPlans = `SELECT id, body FROM plans
WHERE ($1 = '' OR district = $1) AND ($2 = '' OR state = $2) AND ($3 = '' OR author = $3)
ORDER BY created_at DESC, id COLLATE "C"`

// Plans calls fn for each plan q selects, the newest first (ties by id), streaming them
// from one query.
func (s *Store) Plans(ctx context.Context, q plan.Query, fn func(*plan.Plan) error) error {
	rows, err := s.pool.Query(ctx, sqlPlans, q.District, string(q.State), q.Author)
	if err != nil {
		return fmt.Errorf("reading plans: %w", err)
	}
	defer rows.Close()
	var id string
	var body []byte
	for rows.Next() {
		if err := rows.Scan(&id, &body); err != nil {
			return fmt.Errorf("reading plans: %w", err)
		}
		p, err := decodePlan(id, body)
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading plans: %w", err)
	}
	return nil
}

// sqlSavePlan replaces the plan stored at revision $7; no row when it is at another.
const sqlSavePlan = `UPDATE plans SET district = $2, state = $3, author = $4, created_at = $5, body = $6, revision = revision + 1
WHERE id = $1 AND revision = $7
RETURNING revision`

const sqlPlanRevision = `SELECT revision FROM plans WHERE id = $1`

// SavePlan replaces the plan stored at revision rev with p and appends events, in one
// transaction, by a conditional update (see plan.Store).
func (s *Store) SavePlan(ctx context.Context, p *plan.Plan, rev int64, events []audit.Entry) (int64, error) {
	return s.savePlan(ctx, "saving plan", p, rev, nil, events)
}

// ApplyPlan writes the camera change ch into the cameras table, saves p with the event e
// and moves the store's version, in one transaction (see plan.Store). The upserted
// cameras are checked as PutLayers checks them.
func (s *Store) ApplyPlan(ctx context.Context, p *plan.Plan, rev int64, ch plan.CameraChange, e audit.Entry) (int64, error) {
	return s.savePlan(ctx, "applying plan", p, rev, &ch, []audit.Entry{e})
}

// savePlan updates the plan, writes ch and moves the store's version when ch is not nil,
// and seals events last, so that the audit head is locked only for sealing and the commit
// (and the version's row, taken just before it, only a little longer).
func (s *Store) savePlan(ctx context.Context, what string, p *plan.Plan, rev int64, ch *plan.CameraChange, events []audit.Entry) (int64, error) {
	p, body, err := encodePlan(p)
	if err != nil {
		return 0, err
	}
	what += " " + p.ID
	var cams *coverage.Layers
	if ch != nil {
		cams = &coverage.Layers{Cameras: ch.Upsert}
		if err := checkPut(cams, s.tax, nil); err != nil {
			return 0, fmt.Errorf("%s: %w", what, err)
		}
	}
	var next int64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		switch err := tx.QueryRow(ctx, sqlSavePlan, p.ID, p.District, string(p.State), p.Author, p.CreatedAt, body, rev).Scan(&next); {
		case errors.Is(err, pgx.ErrNoRows):
			return errStop
		case err != nil:
			return err
		}
		if ch != nil {
			if err := writeCameras(ctx, tx, cams, ch.Delete); err != nil {
				return err
			}
			if err := s.bumpVersion(ctx, tx); err != nil {
				return err
			}
		}
		head, err := lockedHead(tx.QueryRow(ctx, sqlLockHead))
		if err != nil {
			return err
		}
		_, err = sealAll(ctx, tx, head, events...)
		return err
	})
	if errors.Is(err, errStop) {
		var have int64
		switch err := s.pool.QueryRow(ctx, sqlPlanRevision, p.ID).Scan(&have); {
		case errors.Is(err, pgx.ErrNoRows):
			return 0, fmt.Errorf("%s: %w", what, coverage.ErrNotFound)
		case err != nil:
			return 0, fmt.Errorf("%s: %w", what, err)
		}
		return 0, fmt.Errorf("%s: %w: it is at revision %d, not %d", what, plan.ErrStale, have, rev)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return next, nil
}

const sqlDeleteCameras = `DELETE FROM cameras WHERE id = ANY ($1)`

// writeCameras upserts the cameras of l through the camera layer's staging table, as
// PutLayers does, and deletes the cameras of ids.
func writeCameras(ctx context.Context, tx pgx.Tx, l *coverage.Layers, ids []string) error {
	if len(l.Cameras) > 0 {
		for _, q := range layerSQLs {
			if q.desc.Name != coverage.LayerCameras {
				continue
			}
			if err := q.put(ctx, tx, l); err != nil {
				return fmt.Errorf("writing cameras: %w", err)
			}
		}
	}
	if len(ids) > 0 {
		if _, err := tx.Exec(ctx, sqlDeleteCameras, ids); err != nil {
			return fmt.Errorf("deleting cameras: %w", err)
		}
	}
	return nil
}
