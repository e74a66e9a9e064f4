// Package jobstest is the conformance suite every jobs.Queue passes: the in-process queue
// and River's on PostGIS run the same cases through the interface. Only tests import it.
package jobstest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cctvgis/internal/jobs"
)

// Open returns a new, empty queue that works with work, for one case.
type Open func(t *testing.T, work map[jobs.Kind]jobs.Work) jobs.Queue

// Args are the arguments of the suite's jobs.
type Args struct {
	N int `json:"n"`
}

// Run runs the suite.
func Run(t *testing.T, open Open) {
	t.Helper()
	cases := []struct {
		name string
		run  func(t *testing.T, open Open)
	}{
		{"a job runs once, its progress and output read back", testRunsOnce},
		{"a unique request is one job", testUnique},
		{"a queued job cancelled never runs", testCancelQueued},
		{"a running job cancelled stops", testCancelRunning},
		{"a failing job says why", testFails},
		{"jobs list newest first, by kind and district", testList},
		{"unknown kinds and ids", testUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

// Start runs q until the test ends.
func Start(t *testing.T, q jobs.Queue) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("running the queue: %v", err)
		}
	})
}

// wait polls job id until cond holds, for at most 10 s.
func wait(t *testing.T, q jobs.Queue, id int64, what string, cond func(jobs.Job) bool) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		j, err := q.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if cond(j) {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d is %s (%+v) after 10 s, not %s", id, j.State, j.Progress, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func testRunsOnce(t *testing.T, open Open) {
	t.Helper()
	var runs atomic.Int32
	release := make(chan struct{})
	q := open(t, map[jobs.Kind]jobs.Work{jobs.KindExport: func(ctx context.Context, j jobs.Job, report func(jobs.Progress)) (jobs.Result, error) {
		runs.Add(1)
		var a Args
		if err := json.Unmarshal(j.Args, &a); err != nil {
			return jobs.Result{}, err
		}
		report(jobs.Progress{Step: "halfway", Done: 0.5})
		select {
		case <-release:
		case <-ctx.Done():
			return jobs.Result{}, ctx.Err()
		}
		return jobs.Result{Output: map[string]int{"twice": 2 * a.N},
			File: &jobs.File{Name: "out.txt", ContentType: "text/plain", Data: []byte("hello")}}, nil
	}})
	j, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindExport, Args: Args{N: 21}, By: "u1", District: "东区"})
	if err != nil {
		t.Fatal(err)
	}
	if j.State != jobs.StateQueued || j.By != "u1" || j.District != "东区" || j.ID == 0 {
		t.Fatalf("enqueued %+v", j)
	}
	if d, err := q.Depth(t.Context()); err != nil || d.Queued != 1 {
		t.Errorf("depth %+v, %v; want one queued", d, err)
	}
	Start(t, q)
	running := wait(t, q, j.ID, "running halfway", func(j jobs.Job) bool { return j.State == jobs.StateRunning && j.Progress.Done == 0.5 })
	if running.Progress.Step != "halfway" || running.StartedAt.IsZero() || running.Attempt != 1 {
		t.Errorf("running %+v", running)
	}
	if d, err := q.Depth(t.Context()); err != nil || d.Running != 1 {
		t.Errorf("depth %+v, %v; want one running", d, err)
	}
	close(release)
	done := wait(t, q, j.ID, "completed", func(j jobs.Job) bool { return j.State.Finished() })
	var out map[string]int
	if err := json.Unmarshal(done.Output, &out); err != nil || out["twice"] != 42 {
		t.Errorf("output %s, %v", done.Output, err)
	}
	if done.State != jobs.StateCompleted || done.File != "out.txt" || done.Progress.Done != 1 || done.FinishedAt.IsZero() {
		t.Fatalf("completed %+v", done)
	}
	f, err := q.File(t.Context(), j.ID)
	if err != nil || f.Name != "out.txt" || f.ContentType != "text/plain" || string(f.Data) != "hello" {
		t.Errorf("file %+v, %v", f, err)
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("the job ran %d times", n)
	}
	if _, err := q.Cancel(t.Context(), j.ID); !errors.Is(err, jobs.ErrFinished) {
		t.Errorf("cancelling a completed job: %v", err)
	}
}

func testUnique(t *testing.T, open Open) {
	t.Helper()
	fail := atomic.Bool{}
	q := open(t, map[jobs.Kind]jobs.Work{jobs.KindAnalysis: func(context.Context, jobs.Job, func(jobs.Progress)) (jobs.Result, error) {
		if fail.Load() {
			return jobs.Result{}, errors.New("failed")
		}
		return jobs.Result{}, nil
	}})
	a, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindAnalysis, Args: Args{N: 7}, By: "system", Unique: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindAnalysis, Args: Args{N: 7}, By: "system", Unique: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindAnalysis, Args: Args{N: 8}, By: "system", Unique: true})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID || a.ID == c.ID {
		t.Errorf("ids %d, %d and %d: want the first two one job, the third another", a.ID, b.ID, c.ID)
	}
	Start(t, q)
	wait(t, q, a.ID, "completed", func(j jobs.Job) bool { return j.State == jobs.StateCompleted })
	again, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindAnalysis, Args: Args{N: 7}, By: "system", Unique: true})
	if err != nil || again.ID != a.ID {
		t.Errorf("asking again for a completed job: %d, %v; want job %d", again.ID, err, a.ID)
	}
	// A failed job may be asked for again.
	fail.Store(true)
	d, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindAnalysis, Args: Args{N: 9}, By: "system", Unique: true})
	if err != nil {
		t.Fatal(err)
	}
	wait(t, q, d.ID, "failed", func(j jobs.Job) bool { return j.State == jobs.StateFailed })
	retry, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindAnalysis, Args: Args{N: 9}, By: "system", Unique: true})
	if err != nil || retry.ID == d.ID {
		t.Errorf("asking again for a failed job: %d, %v; want a new one", retry.ID, err)
	}
}

func testCancelQueued(t *testing.T, open Open) {
	t.Helper()
	var runs atomic.Int32
	q := open(t, map[jobs.Kind]jobs.Work{jobs.KindExport: func(context.Context, jobs.Job, func(jobs.Progress)) (jobs.Result, error) {
		runs.Add(1)
		return jobs.Result{}, nil
	}})
	j, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindExport, Args: Args{}, By: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := q.Cancel(t.Context(), j.ID); err != nil || c.ID != j.ID {
		t.Fatalf("cancel: %+v, %v", c, err)
	}
	marker, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindExport, Args: Args{N: 1}, By: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	Start(t, q)
	wait(t, q, marker.ID, "completed", func(j jobs.Job) bool { return j.State == jobs.StateCompleted })
	if got := wait(t, q, j.ID, "cancelled", func(j jobs.Job) bool { return j.State.Finished() }); got.State != jobs.StateCancelled {
		t.Errorf("the cancelled job is %s", got.State)
	}
	if n := runs.Load(); n != 1 {
		t.Errorf("%d jobs ran, want only the one not cancelled", n)
	}
}

func testCancelRunning(t *testing.T, open Open) {
	t.Helper()
	started := make(chan struct{})
	var once sync.Once
	q := open(t, map[jobs.Kind]jobs.Work{jobs.KindExport: func(ctx context.Context, _ jobs.Job, report func(jobs.Progress)) (jobs.Result, error) {
		report(jobs.Progress{Step: "waiting", Done: 0.1})
		once.Do(func() { close(started) })
		<-ctx.Done()
		return jobs.Result{}, ctx.Err()
	}})
	j, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindExport, Args: Args{}, By: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	Start(t, q)
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the job did not start")
	}
	wait(t, q, j.ID, "running", func(j jobs.Job) bool { return j.State == jobs.StateRunning })
	if _, err := q.Cancel(t.Context(), j.ID); err != nil {
		t.Fatal(err)
	}
	if got := wait(t, q, j.ID, "cancelled", func(j jobs.Job) bool { return j.State.Finished() }); got.State != jobs.StateCancelled {
		t.Errorf("the cancelled job is %s (%s)", got.State, got.Error)
	}
}

func testFails(t *testing.T, open Open) {
	t.Helper()
	q := open(t, map[jobs.Kind]jobs.Work{jobs.KindExport: func(context.Context, jobs.Job, func(jobs.Progress)) (jobs.Result, error) {
		return jobs.Result{}, errors.New("the disk is full")
	}})
	j, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindExport, Args: Args{}, By: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	Start(t, q)
	got := wait(t, q, j.ID, "failed", func(j jobs.Job) bool { return j.State.Finished() })
	if got.State != jobs.StateFailed || got.Error == "" {
		t.Errorf("failed job %+v", got)
	}
	if _, err := q.File(t.Context(), j.ID); !errors.Is(err, jobs.ErrNotFound) {
		t.Errorf("the file of a failed job: %v", err)
	}
}

func testList(t *testing.T, open Open) {
	t.Helper()
	q := open(t, map[jobs.Kind]jobs.Work{
		jobs.KindExport:   func(context.Context, jobs.Job, func(jobs.Progress)) (jobs.Result, error) { return jobs.Result{}, nil },
		jobs.KindAnalysis: func(context.Context, jobs.Job, func(jobs.Progress)) (jobs.Result, error) { return jobs.Result{}, nil },
	})
	var ids []int64
	for i, r := range []jobs.Request{
		{Kind: jobs.KindExport, Args: Args{N: 1}, By: "u1", District: "东区"},
		{Kind: jobs.KindAnalysis, Args: Args{N: 2}, By: "system"},
		{Kind: jobs.KindExport, Args: Args{N: 3}, By: "u2", District: "西区"},
	} {
		j, err := q.Enqueue(t.Context(), r)
		if err != nil {
			t.Fatalf("job %d: %v", i, err)
		}
		ids = append(ids, j.ID)
	}
	for _, c := range []struct {
		name string
		q    jobs.Query
		want []int64
	}{
		{"all", jobs.Query{}, []int64{ids[2], ids[1], ids[0]}},
		{"exports", jobs.Query{Kind: jobs.KindExport}, []int64{ids[2], ids[0]}},
		{"the east's", jobs.Query{District: "东区"}, []int64{ids[0]}},
		{"at most two", jobs.Query{Limit: 2}, []int64{ids[2], ids[1]}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := q.Jobs(t.Context(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []int64
			for _, j := range got {
				gotIDs = append(gotIDs, j.ID)
			}
			if len(gotIDs) != len(c.want) {
				t.Fatalf("ids %v, want %v", gotIDs, c.want)
			}
			for i := range gotIDs {
				if gotIDs[i] != c.want[i] {
					t.Fatalf("ids %v, want %v", gotIDs, c.want)
				}
			}
		})
	}
}

func testUnknown(t *testing.T, open Open) {
	t.Helper()
	q := open(t, map[jobs.Kind]jobs.Work{})
	if _, err := q.Enqueue(t.Context(), jobs.Request{Kind: jobs.KindExport, Args: Args{}}); !errors.Is(err, jobs.ErrUnknownKind) {
		t.Errorf("a kind with no work: %v", err)
	}
	if _, err := q.Job(t.Context(), 987654); !errors.Is(err, jobs.ErrNotFound) {
		t.Errorf("an unknown id: %v", err)
	}
	if _, err := q.Cancel(t.Context(), 987654); !errors.Is(err, jobs.ErrNotFound) {
		t.Errorf("cancelling an unknown id: %v", err)
	}
}
