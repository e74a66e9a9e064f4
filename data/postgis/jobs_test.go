package postgis_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cctvgis/data/pgtest"
	"cctvgis/internal/jobs"
	"cctvgis/internal/jobs/jobstest"
)

func TestPostGISJobsConformance(t *testing.T) {
	pgtest.Database(t)
	jobstest.Run(t, func(t *testing.T, work map[jobs.Kind]jobs.Work) jobs.Queue {
		t.Helper()
		q, err := openPostGIS(t, pgtest.URL(t)).Jobs(work, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		return q
	})
}

// Two processes, each with its store and queue on one database, work a batch of jobs
// between them, each job once.
func TestPostGISJobsRunOnceAcrossProcesses(t *testing.T) {
	url := pgtest.URL(t)
	var mu sync.Mutex
	runs := map[int64]int{}
	var total atomic.Int32
	work := map[jobs.Kind]jobs.Work{jobs.KindExport: func(_ context.Context, j jobs.Job, _ func(jobs.Progress)) (jobs.Result, error) {
		mu.Lock()
		runs[j.ID]++
		mu.Unlock()
		total.Add(1)
		time.Sleep(5 * time.Millisecond)
		return jobs.Result{Output: j.ID}, nil
	}}
	var queues []jobs.Queue
	for range 2 {
		q, err := openPostGIS(t, url).Jobs(work, 4, nil)
		if err != nil {
			t.Fatal(err)
		}
		queues = append(queues, q)
		jobstest.Start(t, q)
	}
	const n = 40
	var ids []int64
	for i := range n {
		j, err := queues[i%2].Enqueue(t.Context(), jobs.Request{Kind: jobs.KindExport, Args: jobstest.Args{N: i}, By: "system"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, id := range ids {
		for {
			j, err := queues[1].Job(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if j.State == jobs.StateCompleted {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("job %d is %s after 30 s", id, j.State)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, id := range ids {
		if runs[id] != 1 {
			t.Errorf("job %d ran %d times", id, runs[id])
		}
	}
	if total.Load() != n {
		t.Errorf("%d runs for %d jobs", total.Load(), n)
	}
}
