package postgis_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/data/storetest"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/internal/testenv"
)

// headHolder holds the audit head's lock from a connection of its own, as a long
// transaction of another writer would: the committer's group in flight waits for it, and
// the calls made meanwhile queue for the next group.
type headHolder struct {
	conn *pgx.Conn
	tx   pgx.Tx
}

func holdHead(t *testing.T, url string) *headHolder {
	t.Helper()
	ctx := t.Context()
	conn, err := postgis.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM audit_head FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	return &headHolder{conn: conn, tx: tx}
}

// waitBlocked waits until a group of s waits for the lock.
func (h *headHolder) waitBlocked(ctx context.Context, t *testing.T, s *postgis.Store) {
	t.Helper()
	pid := h.conn.PgConn().PID()
	eventually(t, "a group waiting for the audit head", func() bool {
		var n int
		err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, pid).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n > 0
	})
}

func (h *headHolder) release(t *testing.T) {
	t.Helper()
	if err := h.tx.Rollback(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond until it holds, and fails the test when it does not within 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
	}
}

// inFlight starts recording a check of its own, whose group then waits for h: the calls
// made after it queue. It returns the call and where its outcome will come.
func inFlight(ctx context.Context, t *testing.T, s *postgis.Store, h *headHolder, id string) (storetest.ConcurrentCall, <-chan storetest.Outcome) {
	t.Helper()
	call := storetest.ConcurrentCall{Rec: storetest.NewRecord(storetest.Sub(id, "cam-1", time.Hour), "芦淞区",
		[]inspect.Kind{inspect.KindObstructed}, []int{7})}
	out := record(ctx, s, call.Rec)
	h.waitBlocked(ctx, t, s)
	return call, out
}

// record starts recording rec and returns where its outcome will come.
func record(ctx context.Context, s *postgis.Store, rec inspect.Record) <-chan storetest.Outcome {
	out := make(chan storetest.Outcome, 1)
	go func() {
		var o storetest.Outcome
		o.Rec, o.Created, o.Err = s.RecordInspection(ctx, rec, storetest.CreateEntry(rec))
		out <- o
	}()
	return out
}

// The conformance cases of concurrent calls again, each call queued behind a group in
// flight, so that they all go in the next group together: each must still end as it
// would alone.
func TestPostGISGroupCommitOneGroup(t *testing.T) {
	pgtest.Database(t)
	for _, c := range storetest.ConcurrentCases(testenv.Seed(t)) {
		t.Run(c.Name, func(t *testing.T) {
			url := pgtest.URL(t)
			s := openPostGIS(t, url)
			storetest.RecordStored(t, s, c)
			before := len(storetest.Chain(t, s))
			h := holdHead(t, url)
			first, firstOut := inFlight(t.Context(), t, s, h, "0f000000-0000-4000-8000-000000000000")
			out := storetest.RecordAll(t.Context(), s, c.Calls, func() {
				eventually(t, fmt.Sprintf("%d calls queued", len(c.Calls)), func() bool { return s.Queued() == len(c.Calls) })
				h.release(t)
			})
			storetest.CheckConcurrent(t, s, c, before, append(slices.Clone(c.Calls), first), append(out, <-firstOut))
		})
	}
}

// A call whose context ends while it is queued leaves at once and is not written; once
// its group has started, it gets what the group did.
func TestPostGISGroupCommitContext(t *testing.T) {
	pgtest.Database(t)
	tests := []struct {
		name string
		// queued says the context of the queued call ends, else that of the call in flight.
		queued bool
		// wantQueued is the queued call's error; nil for created.
		wantQueued error
		wantChain  int
	}{
		{name: "a queued call's context ends", queued: true, wantQueued: context.Canceled, wantChain: 1},
		{name: "the context of a call in flight ends", queued: false, wantChain: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url := pgtest.URL(t)
			s := openPostGIS(t, url)
			h := holdHead(t, url)
			flightCtx, cancelFlight := context.WithCancel(t.Context())
			defer cancelFlight()
			_, flight := inFlight(flightCtx, t, s, h, "0f000000-0000-4000-8000-000000000001")
			queuedCtx, cancelQueued := context.WithCancel(t.Context())
			defer cancelQueued()
			rec := storetest.NewRecord(storetest.Sub("0f000000-0000-4000-8000-000000000002", "cam-2", time.Hour), "芦淞区", nil, nil)
			queued := record(queuedCtx, s, rec)
			eventually(t, "the call queued", func() bool { return s.Queued() == 1 })
			var q storetest.Outcome
			if tc.queued {
				cancelQueued()
				// The call leaves while the group in flight still waits.
				select {
				case q = <-queued:
				case <-time.After(10 * time.Second):
					t.Fatal("the queued call did not leave when its context ended")
				}
			} else {
				cancelFlight()
			}
			h.release(t)
			if f := <-flight; f.Err != nil || !f.Created {
				t.Errorf("the call in flight: created %v, %v; want created", f.Created, f.Err)
			}
			if !tc.queued {
				q = <-queued
			}
			switch {
			case tc.wantQueued != nil && !errors.Is(q.Err, tc.wantQueued):
				t.Errorf("the queued call: %v, want %v", q.Err, tc.wantQueued)
			case tc.wantQueued == nil && (q.Err != nil || !q.Created):
				t.Errorf("the queued call: created %v, %v; want created", q.Created, q.Err)
			}
			_, err := s.Inspection(t.Context(), rec.Inspection.ID)
			if stored := err == nil; stored != (tc.wantQueued == nil) {
				t.Errorf("the queued call's inspection stored: %v (%v)", stored, err)
			}
			if n := len(storetest.Chain(t, s)); n != tc.wantChain {
				t.Errorf("%d audit entries, want %d", n, tc.wantChain)
			}
			if _, err := audit.VerifyChain(t.Context(), s); err != nil {
				t.Error(err)
			}
		})
	}
}

// Close does not wait for a group stuck behind a lock: the group in flight and the calls
// queued behind it get ErrClosed, nothing of them is written, and later calls are
// refused.
func TestPostGISCloseWithCallsQueued(t *testing.T) {
	url := pgtest.URL(t)
	s := openPostGIS(t, url)
	h := holdHead(t, url)
	_, flight := inFlight(t.Context(), t, s, h, "0f000000-0000-4000-8000-000000000001")
	var queued []<-chan storetest.Outcome
	for i := range 8 {
		rec := storetest.NewRecord(storetest.Sub(fmt.Sprintf("0f000000-0000-4000-8000-1000000000%02d", i), "cam-2", time.Hour), "芦淞区", nil, nil)
		queued = append(queued, record(t.Context(), s, rec))
	}
	eventually(t, "8 calls queued", func() bool { return s.Queued() == 8 })
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return within 10 s")
	}
	for i, out := range append(queued, flight) {
		if o := <-out; !errors.Is(o.Err, postgis.ErrClosed) {
			t.Errorf("call %d: created %v, %v; want ErrClosed", i, o.Created, o.Err)
		}
	}
	rec := storetest.NewRecord(storetest.Sub("0f000000-0000-4000-8000-000000000002", "cam-2", time.Hour), "芦淞区", nil, nil)
	if _, _, err := s.RecordInspection(t.Context(), rec, storetest.CreateEntry(rec)); !errors.Is(err, postgis.ErrClosed) {
		t.Errorf("a call after Close: %v, want ErrClosed", err)
	}
	h.release(t)
	var inspections, entries int
	if err := h.conn.QueryRow(t.Context(), `SELECT (SELECT count(*) FROM inspections), (SELECT count(*) FROM audit_log)`).Scan(&inspections, &entries); err != nil {
		t.Fatal(err)
	}
	if inspections != 0 || entries != 0 {
		t.Errorf("%d inspections and %d audit entries written, want none", inspections, entries)
	}
}

// A group whose connection is lost fails its calls, with nothing written, and the next
// group connects again.
func TestPostGISGroupCommitConnectionLost(t *testing.T) {
	url := pgtest.URL(t)
	s := openPostGIS(t, url)
	h := holdHead(t, url)
	_, flight := inFlight(t.Context(), t, s, h, "0f000000-0000-4000-8000-000000000001")
	var killed bool
	if err := s.Pool().QueryRow(t.Context(), `SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE $1 = ANY (pg_blocking_pids(pid))`, h.conn.PgConn().PID()).Scan(&killed); err != nil || !killed {
		t.Fatalf("terminating the committer's backend: %v, %v", killed, err)
	}
	if o := <-flight; o.Err == nil || errors.Is(o.Err, postgis.ErrClosed) {
		t.Errorf("the call in flight: created %v, %v; want the lost connection's error", o.Created, o.Err)
	}
	h.release(t)
	rec := storetest.NewRecord(storetest.Sub("0f000000-0000-4000-8000-000000000002", "cam-2", time.Hour), "芦淞区", nil, nil)
	if _, created, err := s.RecordInspection(t.Context(), rec, storetest.CreateEntry(rec)); err != nil || !created {
		t.Fatalf("the next call: created %v, %v", created, err)
	}
	if n := len(storetest.Chain(t, s)); n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
}
