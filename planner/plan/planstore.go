package plan

import (
	"context"

	"cctvgis/internal/audit"
	"cctvgis/internal/fault"
)

// ErrStale is returned when a plan is saved over a revision that is no longer the stored
// one: someone else changed the plan meanwhile. Read it again and redo the change.
var ErrStale = fault.New(fault.Stale, "planner: the plan changed meanwhile")

// PlanQuery selects plans; empty fields select all.
type Query struct {
	// District selects the plans of one district scope.
	District string
	State    PlanState
	Author   string
}

// PlanStore keeps plans whole, each with a revision that every save increments, so that
// two editors of one plan cannot overwrite each other (optimistic concurrency). The
// audit events of a change are appended to the audit log (the inspection evidence's hash
// chain) in the transaction that stores the change.
type Store interface {
	// CreatePlan stores a new plan at revision 1 with its creation event. A plan with the
	// same id is an error matching ErrDuplicate.
	CreatePlan(ctx context.Context, p *Plan, e audit.Entry) error
	// Plan returns the plan with the given id and its revision, or an error matching
	// ErrNotFound.
	Plan(ctx context.Context, id string) (*Plan, int64, error)
	// Plans calls fn for each plan q selects, the newest first, stopping at fn's first
	// error, which it returns.
	Plans(ctx context.Context, q Query, fn func(*Plan) error) error
	// SavePlan replaces the plan stored at revision rev with p and appends events, all in
	// one transaction, and returns the new revision (rev+1). When the stored revision is
	// not rev it writes nothing and returns an error matching ErrStale; an unknown plan is
	// ErrNotFound.
	SavePlan(ctx context.Context, p *Plan, rev int64, events []audit.Entry) (int64, error)
	// ApplyPlan writes the camera change of an approved version into the camera layer
	// (upserting ch.Upsert by id, deleting ch.Delete) and saves p as SavePlan does, with
	// the event e, in one transaction.
	ApplyPlan(ctx context.Context, p *Plan, rev int64, ch CameraChange, e audit.Entry) (int64, error)
}
