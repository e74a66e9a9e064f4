package embedded

import (
	"context"
	"fmt"
	"strings"

	"cctvgis/internal/audit"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"

	bolt "go.etcd.io/bbolt"
)

// The buckets of the plan store (plan.Store). Values are JSON, as the inspection
// store's are.
var (
	// plansBucket maps a plan id to its storedPlan.
	plansBucket = []byte("plans")
	// plansByTimeBucket indexes plans newest first: the creation time as in
	// inspections_by_time (timeKey), then the id; values are empty.
	plansByTimeBucket = []byte("plans_by_time")
)

// planBuckets are the buckets of the plan store; a store has all or none.
var planBuckets = [][]byte{plansBucket, plansByTimeBucket}

var _ plan.Store = (*Store)(nil)

// createPlanBuckets creates the buckets of the plan store that a store lacks: an older
// store gets them on its next open for writing.
func createPlanBuckets(tx *bolt.Tx) error {
	for _, name := range planBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("creating bucket %s: %w", name, err)
		}
	}
	return nil
}

// checkPlanBuckets accepts a store with all the plan buckets or none (a store written
// before they existed, opened read-only: it holds no plans).
func checkPlanBuckets(tx *bolt.Tx) error {
	n := 0
	for _, name := range planBuckets {
		if tx.Bucket(name) != nil {
			n++
		}
	}
	if n != 0 && n != len(planBuckets) {
		return fmt.Errorf("%w: %d of the %d plan buckets", ErrCorrupt, n, len(planBuckets))
	}
	return nil
}

// pbk holds the buckets a plan's change writes in one transaction.
type pbk struct {
	tx            *bolt.Tx
	plans, byTime *bolt.Bucket
	audit         *ibk
}

// updatePlans runs fn in a write transaction over the plan and audit buckets, shared with
// concurrent writes as updateRecords does: fn must set its results anew on every run.
func (s *Store) updatePlans(ctx context.Context, what string, fn func(b *pbk) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	err := s.db.Batch(func(tx *bolt.Tx) error {
		audit, ok := ibuckets(tx)
		b := &pbk{tx: tx, plans: tx.Bucket(plansBucket), byTime: tx.Bucket(plansByTimeBucket), audit: audit}
		if !ok || b.plans == nil || b.byTime == nil {
			return fmt.Errorf("%w: no plan or audit buckets", ErrCorrupt)
		}
		return fn(b)
	})
	if err != nil {
		return fmt.Errorf("%s in %s: %w", what, s.path, err)
	}
	return nil
}

// viewPlans runs fn in a read transaction over the plans bucket; fn is not called for a
// store without it.
func (s *Store) viewPlans(ctx context.Context, what string, fn func(plans *bolt.Bucket) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(plansBucket)
		if b == nil {
			return nil
		}
		return fn(b)
	})
	if err != nil {
		return fmt.Errorf("%s in %s: %w", what, s.path, err)
	}
	return nil
}

// checkPlanID refuses a plan id that cannot be part of a key.
func checkPlanID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("%w: plan id missing", plan.ErrPlanInvalid)
	case strings.IndexByte(id, 0) >= 0:
		return fmt.Errorf("%w: plan id holds a zero byte", plan.ErrPlanInvalid)
	case len(id) > maxIDBytes-8:
		return fmt.Errorf("%w: plan id longer than %d bytes", plan.ErrPlanInvalid, maxIDBytes-8)
	}
	return nil
}

// sealEvents seals the plan's events onto the audit chain, in order.
func (b *pbk) sealEvents(events []audit.Entry) error {
	for _, e := range events {
		if _, err := b.audit.seal(e); err != nil {
			return err
		}
	}
	return nil
}

// CreatePlan stores p at revision 1 with its creation event (see plan.Store).
func (s *Store) CreatePlan(ctx context.Context, p *plan.Plan, e audit.Entry) error {
	what := "creating plan " + p.ID
	if err := checkPlanID(p.ID); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	p = p.Stored()
	return s.updatePlans(ctx, what, func(b *pbk) error {
		if b.plans.Get([]byte(p.ID)) != nil {
			return fmt.Errorf("%w: a plan with this id exists", rulebook.ErrDuplicate)
		}
		if err := put(b.plans, []byte(p.ID), storedPlan{Revision: 1, Plan: p}, encodePlan); err != nil {
			return err
		}
		if err := b.byTime.Put(timeKey(p.CreatedAt, p.ID), nil); err != nil {
			return err
		}
		return b.sealEvents([]audit.Entry{e})
	})
}

// Plan returns the plan with the given id and its revision, or coverage.ErrNotFound.
func (s *Store) Plan(ctx context.Context, id string) (*plan.Plan, int64, error) {
	var sp storedPlan
	found := false
	err := s.viewPlans(ctx, "reading plan "+id, func(plans *bolt.Bucket) error {
		var err error
		sp, found, err = get(plans, []byte(id), decodePlan)
		return err
	})
	switch {
	case err != nil:
		return nil, 0, err
	case !found || sp.Plan == nil:
		return nil, 0, fmt.Errorf("plan %s: %w", id, coverage.ErrNotFound)
	}
	return sp.Plan, sp.Revision, nil
}

// Plans calls fn for each plan q selects, the newest first (ties by id), from one read
// transaction; fn runs after it ends, so it may use the store.
func (s *Store) Plans(ctx context.Context, q plan.Query, fn func(*plan.Plan) error) error {
	var out []*plan.Plan
	err := s.viewPlans(ctx, "reading plans", func(plans *bolt.Bucket) error {
		byTime := plans.Tx().Bucket(plansByTimeBucket)
		c := byTime.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if len(k) < 8 {
				return fmt.Errorf("%w: plan index key of %d bytes", ErrCorrupt, len(k))
			}
			id := k[8:]
			sp, ok, err := get(plans, id, decodePlan)
			switch {
			case err != nil:
				return err
			case !ok || sp.Plan == nil:
				return fmt.Errorf("%w: the index names plan %s, which is not stored", ErrCorrupt, id)
			}
			p := sp.Plan
			if q.District != "" && p.District != q.District || q.State != "" && p.State != q.State || q.Author != "" && p.Author != q.Author {
				continue
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range out {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// SavePlan replaces the plan stored at revision rev with p and appends events, in one
// transaction (see plan.Store); bbolt's single writer makes the check of the
// revision and the write one step.
func (s *Store) SavePlan(ctx context.Context, p *plan.Plan, rev int64, events []audit.Entry) (int64, error) {
	return s.savePlan(ctx, "saving plan "+p.ID, p, rev, events, nil)
}

// ApplyPlan writes the camera change ch into the cameras bucket, encoded as PutLayers
// encodes cameras and checked as it checks them, saves p with the event e and moves the
// store's version, in one transaction (see plan.Store).
func (s *Store) ApplyPlan(ctx context.Context, p *plan.Plan, rev int64, ch plan.CameraChange, e audit.Entry) (int64, error) {
	next, err := s.savePlan(ctx, "applying plan "+p.ID, p, rev, []audit.Entry{e}, func(b *pbk) error {
		if err := s.writeCameras(ctx, b.tx, ch); err != nil {
			return err
		}
		return bumpVersion(b.tx)
	})
	if err != nil {
		return 0, err
	}
	s.changed.notify()
	return next, nil
}

// savePlan checks the stored revision, runs also (when not nil), stores p at the next
// revision and seals events.
func (s *Store) savePlan(ctx context.Context, what string, p *plan.Plan, rev int64, events []audit.Entry, also func(b *pbk) error) (int64, error) {
	p = p.Stored()
	var next int64
	err := s.updatePlans(ctx, what, func(b *pbk) error {
		next = 0
		sp, ok, err := get(b.plans, []byte(p.ID), decodePlan)
		switch {
		case err != nil:
			return err
		case !ok || sp.Plan == nil:
			return coverage.ErrNotFound
		case sp.Revision != rev:
			return fmt.Errorf("%w: it is at revision %d, not %d", plan.ErrStale, sp.Revision, rev)
		}
		if also != nil {
			if err := also(b); err != nil {
				return err
			}
		}
		if !sp.Plan.CreatedAt.Equal(p.CreatedAt) {
			if err := b.byTime.Delete(timeKey(sp.Plan.CreatedAt, p.ID)); err != nil {
				return err
			}
		}
		if err := put(b.plans, []byte(p.ID), storedPlan{Revision: rev + 1, Plan: p}, encodePlan); err != nil {
			return err
		}
		if err := b.byTime.Put(timeKey(p.CreatedAt, p.ID), nil); err != nil {
			return err
		}
		if err := b.sealEvents(events); err != nil {
			return err
		}
		next = rev + 1
		return nil
	})
	if err != nil {
		return 0, err
	}
	return next, nil
}

// writeCameras upserts ch.Upsert into the cameras bucket with the layer encoding of
// PutLayers, after its checks, and deletes the cameras of ch.Delete.
func (s *Store) writeCameras(ctx context.Context, tx *bolt.Tx, ch plan.CameraChange) error {
	l := &coverage.Layers{Cameras: ch.Upsert}
	if err := s.check(tx, l); err != nil {
		return err
	}
	d, ok := coverage.Desc(coverage.LayerCameras)
	if !ok {
		return fmt.Errorf("%w: no camera layer", coverage.ErrNotFound)
	}
	if err := newLayerWriter(ctx).putLayer(tx, layoutOf(d), l); err != nil {
		return err
	}
	cams := tx.Bucket([]byte(d.Name))
	for _, id := range ch.Delete {
		if err := cams.Delete([]byte(id)); err != nil {
			return fmt.Errorf("deleting camera %q: %w", id, err)
		}
	}
	return nil
}
