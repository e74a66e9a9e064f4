package postgis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"cctvgis/inspect"
	"cctvgis/internal/audit"
)

// ErrClosed is returned by writes to a store that is closed or closing.
var ErrClosed = errors.New("postgis: the store is closed")

// inspectionWrite is what one RecordInspection call writes, with its SQL arguments ready.
type inspectionWrite struct {
	id       string
	args     []any // of sqlRecordInspection
	findings int
	entry    audit.Entry
}

// The states of a call: queued until the committer takes it into a group or its caller
// leaves; the one that moves it first decides.
const (
	callQueued int32 = iota
	callTaken
	callLeft
)

// call is one RecordInspection waiting for its group.
type call struct {
	ctx   context.Context
	w     *inspectionWrite
	state atomic.Int32
	done  chan outcome // buffered: the committer never waits for a caller
}

// outcome is what the committer answers a call: whether its inspection was created, or
// why not; neither means an inspection with its id was stored already.
type outcome struct {
	created bool
	err     error
}

// committer writes concurrent RecordInspection calls in groups, one transaction a group,
// so that the calls share one WAL flush and one hold of the audit head's lock instead of
// waiting for each other's. It commits a group as soon as the one before is done, taking
// every call that queued meanwhile: a lone call waits for nothing, and the busier the
// store the larger the groups. A group is two round trips on the committer's own
// connection, so that it never waits for the pool, which the readers share, and the
// head stays locked for one round trip and the commit.
type committer struct {
	connConfig *pgx.ConnConfig
	// conn is nil until the first group and after a group failed on it.
	conn *pgx.Conn
	// ctx is the groups' context (a caller's context ending must not undo the others'
	// writes); stop cancels it.
	ctx     context.Context
	cancel  context.CancelFunc
	wake    chan struct{} // one token: calls are queued
	stopped chan struct{}

	mu     sync.Mutex
	queue  []*call
	closed bool
}

func newCommitter(cfg *pgx.ConnConfig) *committer {
	ctx, cancel := context.WithCancel(context.Background())
	c := &committer{connConfig: cfg, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	go c.run()
	return c
}

// submit queues w and waits for its group's commit. A caller whose ctx ends while w is
// still queued leaves with ctx's error and w is not written; once its group has started,
// it waits for the group, which is short, so that what it returns is what happened.
func (c *committer) submit(ctx context.Context, w *inspectionWrite) (created bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	cl := &call{ctx: ctx, w: w, done: make(chan outcome, 1)}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false, ErrClosed
	}
	c.queue = append(c.queue, cl)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
	var o outcome
	select {
	case o = <-cl.done:
	case <-ctx.Done():
		if cl.state.CompareAndSwap(callQueued, callLeft) {
			return false, ctx.Err()
		}
		o = <-cl.done
	}
	return o.created, o.err
}

// run commits groups until stop.
func (c *committer) run() {
	defer close(c.stopped)
	defer func() {
		if c.conn != nil {
			_ = c.conn.Close(c.ctx)
		}
	}()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.wake:
		}
		c.mu.Lock()
		queued := c.queue
		c.queue = nil
		c.mu.Unlock()
		var group []*call
		for _, cl := range queued {
			if !cl.state.CompareAndSwap(callQueued, callTaken) {
				continue // its caller left
			}
			if err := cl.ctx.Err(); err != nil {
				cl.done <- outcome{err: err}
				continue
			}
			group = append(group, cl)
		}
		if len(group) > 0 {
			c.commit(group)
		}
	}
}

// stop refuses new calls, cancels the group in flight (its calls get an error: nothing
// of it is acknowledged), waits for the committer to end and fails the calls still
// queued.
func (c *committer) stop() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	<-c.stopped
	c.mu.Lock()
	queued := c.queue
	c.queue = nil
	c.mu.Unlock()
	for _, cl := range queued {
		if cl.state.CompareAndSwap(callQueued, callTaken) {
			cl.done <- outcome{err: ErrClosed}
		}
	}
}

// commit writes a group and answers its calls after the commit. The calls are put in
// order of id, so that committers of several processes lock rows in one order and never
// deadlock; their audit entries are sealed in that order. A call that fails on its own
// (a finding id stored under another inspection, a value the tables refuse) is answered
// with its error and the group is written again without it: checks and retry rather
// than a savepoint per call, which would cost every group two more statements a call
// and, past 64 subtransactions, slow every backend's visibility checks, to save work
// only in the rare group with a bad call.
func (c *committer) commit(group []*call) {
	slices.SortStableFunc(group, func(a, b *call) int { return strings.Compare(a.w.id, b.w.id) })
	for len(group) > 0 {
		created, faults, err := c.write(group)
		if len(faults) == 0 {
			if err != nil && c.ctx.Err() != nil {
				err = fmt.Errorf("%w: %w", ErrClosed, err)
			}
			for i, cl := range group {
				o := outcome{err: err}
				if err == nil {
					o.created = created[i]
				}
				cl.done <- o
			}
			return
		}
		group = slices.DeleteFunc(group, func(cl *call) bool {
			err, bad := faults[cl]
			if bad {
				cl.done <- outcome{err: err}
			}
			return bad
		})
	}
}

// write tries to write a group in one transaction, connecting first if need be. It
// returns which calls created their inspection, or the calls that failed on their own
// and why (nothing is then written), or the error that failed the whole group. A
// connection a group failed on is closed, which ends its transaction, whatever state
// the failure left it in.
func (c *committer) write(group []*call) (created []bool, faults map[*call]error, err error) {
	if c.conn == nil {
		if c.conn, err = pgx.ConnectConfig(c.ctx, c.connConfig); err != nil {
			return nil, nil, fmt.Errorf("connecting: %w", err)
		}
	}
	created, faults, err = c.try(group)
	if err == nil && len(faults) > 0 {
		_, err = c.conn.Exec(c.ctx, "ROLLBACK")
	}
	if err != nil {
		_ = c.conn.Close(c.ctx)
		c.conn = nil
	}
	return created, faults, err
}

// try writes a group in two round trips: the first begins, inserts and locks the audit
// head; the second seals and commits. With faults, the transaction is left open for
// write to roll back.
func (c *committer) try(group []*call) (created []bool, faults map[*call]error, err error) {
	created, faults, head, err := c.insert(group)
	if err != nil || len(faults) > 0 {
		return nil, faults, err
	}
	var entries []audit.Entry
	for i, cl := range group {
		if created[i] {
			entries = append(entries, cl.w.entry)
		}
	}
	return created, nil, c.sealAndCommit(head, entries)
}

// insert begins a transaction, inserts the group's inspections and locks the audit head.
// Of calls with one id only the first is written: the others find it stored (or, should
// it fail, are written when the group is tried again without it).
func (c *committer) insert(group []*call) (created []bool, faults map[*call]error, head audit.Head, err error) {
	created = make([]bool, len(group))
	faults = map[*call]error{}
	var leaders []int
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	for i, cl := range group {
		if i == 0 || cl.w.id != group[i-1].w.id {
			leaders = append(leaders, i)
			b.Queue(sqlRecordInspection, cl.w.args...)
		}
	}
	b.Queue(sqlLockHead)
	br := c.conn.SendBatch(c.ctx, b)
	defer func() { _ = br.Close() }()
	if _, err := br.Exec(); err != nil {
		return nil, nil, head, fmt.Errorf("beginning: %w", err)
	}
	for _, i := range leaders {
		w := group[i].w
		var findings int
		switch err := br.QueryRow().Scan(&created[i], &findings); {
		case callFault(err):
			faults[group[i]] = fmt.Errorf("inserting: %w", err)
			return nil, faults, head, nil
		case err != nil:
			return nil, nil, head, fmt.Errorf("inserting inspection %s: %w", w.id, err)
		case created[i] && findings != w.findings:
			faults[group[i]] = fmt.Errorf("%w: %d of its %d findings are stored already, under another inspection",
				inspect.ErrConflict, w.findings-findings, w.findings)
		}
	}
	if head, err = lockedHead(br.QueryRow()); err != nil {
		return nil, nil, head, err
	}
	return created, faults, head, br.Close()
}

// sealAndCommit seals es onto head, locked, stores them and commits.
func (c *committer) sealAndCommit(head audit.Head, es []audit.Entry) error {
	b := &pgx.Batch{}
	if len(es) > 0 {
		args, _ := sealArgs(head, es)
		b.Queue(sqlAppendAudit, args...)
	}
	b.Queue("COMMIT")
	br := c.conn.SendBatch(c.ctx, b)
	defer func() { _ = br.Close() }()
	if len(es) > 0 {
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("appending audit entries: %w", err)
		}
	}
	// A transaction that failed ends with ROLLBACK for COMMIT, and no error.
	switch tag, err := br.Exec(); {
	case err != nil:
		return fmt.Errorf("committing: %w", err)
	case tag.String() != "COMMIT":
		return fmt.Errorf("committing: the server answered %s", tag)
	}
	return br.Close()
}

// callFault reports whether err is the server refusing one call's values (a data
// exception or a broken constraint), which fails that call only; any other error fails
// its whole group.
func callFault(err error) bool {
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	return ok && (strings.HasPrefix(pgErr.Code, "22") || strings.HasPrefix(pgErr.Code, "23"))
}
