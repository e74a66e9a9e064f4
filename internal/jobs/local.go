package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Local is a Queue in the process, for the embedded store, which one process opens at a
// time: its jobs, their progress and files live in memory and end with the process.
type Local struct {
	work    map[Kind]Work
	workers int
	now     func() time.Time
	log     *slog.Logger

	mu      sync.Mutex
	next    int64
	jobs    []*localJob // by id
	files   map[int64]File
	wake    chan struct{}
	running bool
}

type localJob struct {
	Job
	cancel   context.CancelFunc
	canceled bool
}

// keepFinished is how many finished jobs a Local queue remembers.
const keepFinished = 1000

// NewLocal returns a queue that runs work for each kind with at most workers jobs at a
// time (1 when less), reading time from now (time.Now when nil).
func NewLocal(work map[Kind]Work, workers int, now func() time.Time, log *slog.Logger) *Local {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	workers = max(1, workers)
	return &Local{work: work, workers: workers, now: now, log: log, files: map[int64]File{}, wake: make(chan struct{}, workers)}
}

var _ Queue = (*Local)(nil)

// Enqueue queues a job and returns it.
func (q *Local) Enqueue(_ context.Context, r Request) (Job, error) {
	if _, ok := q.work[r.Kind]; !ok {
		return Job{}, fmt.Errorf("%w: %q", ErrUnknownKind, r.Kind)
	}
	args, err := json.Marshal(r.Args)
	if err != nil {
		return Job{}, fmt.Errorf("jobs: encoding the arguments of a %s job: %w", r.Kind, err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if r.Unique {
		for _, j := range q.jobs {
			if j.Kind == r.Kind && j.State != StateFailed && j.State != StateCancelled && bytes.Equal(j.Args, args) {
				return j.Job, nil
			}
		}
	}
	q.next++
	j := &localJob{Job: Job{ID: q.next, Kind: r.Kind, State: StateQueued, By: r.By, District: r.District, Args: args, CreatedAt: q.now()}}
	q.jobs = append(q.jobs, j)
	q.forget()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return j.Job, nil
}

// forget drops the oldest finished jobs beyond keepFinished.
func (q *Local) forget() {
	finished := 0
	for _, j := range q.jobs {
		if j.State.Finished() {
			finished++
		}
	}
	for i := 0; finished > keepFinished && i < len(q.jobs); {
		if q.jobs[i].State.Finished() {
			delete(q.files, q.jobs[i].ID)
			q.jobs = slices.Delete(q.jobs, i, i+1)
			finished--
			continue
		}
		i++
	}
}

func (q *Local) find(id int64) (*localJob, error) {
	i, ok := slices.BinarySearchFunc(q.jobs, id, func(j *localJob, id int64) int { return int(j.ID - id) })
	if !ok {
		return nil, fmt.Errorf("%w: job %d", ErrNotFound, id)
	}
	return q.jobs[i], nil
}

// Job returns the job with the given id.
func (q *Local) Job(_ context.Context, id int64) (Job, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j, err := q.find(id)
	if err != nil {
		return Job{}, err
	}
	return j.Job, nil
}

// Jobs returns the jobs the query selects, newest first.
func (q *Local) Jobs(_ context.Context, s Query) ([]Job, error) {
	limit := s.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	out := []Job{}
	for i := len(q.jobs) - 1; i >= 0 && len(out) < limit; i-- {
		if j := q.jobs[i]; (s.Kind == "" || j.Kind == s.Kind) && (s.District == "" || j.District == s.District) {
			out = append(out, j.Job)
		}
	}
	return out, nil
}

// Cancel stops a job.
func (q *Local) Cancel(_ context.Context, id int64) (Job, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	j, err := q.find(id)
	if err != nil {
		return Job{}, err
	}
	switch j.State {
	case StateQueued:
		j.State, j.FinishedAt = StateCancelled, q.now()
	case StateRunning:
		j.canceled = true
		j.cancel()
	default:
		return j.Job, fmt.Errorf("%w: job %d is %s", ErrFinished, id, j.State)
	}
	return j.Job, nil
}

// File returns the file a completed job wrote.
func (q *Local) File(_ context.Context, id int64) (File, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	f, ok := q.files[id]
	if !ok {
		return File{}, fmt.Errorf("%w: job %d wrote no file", ErrNotFound, id)
	}
	return f, nil
}

// Depth counts the jobs waiting and running.
func (q *Local) Depth(context.Context) (Depth, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var d Depth
	for _, j := range q.jobs {
		switch j.State {
		case StateQueued:
			d.Queued++
		case StateRunning:
			d.Running++
		}
	}
	return d, nil
}

// Run works jobs with the queue's workers until ctx ends, then waits for the work under
// way, whose context ends with ctx.
func (q *Local) Run(ctx context.Context) error {
	q.mu.Lock()
	if q.running {
		q.mu.Unlock()
		return errors.New("jobs: the queue runs already")
	}
	q.running = true
	q.mu.Unlock()
	var wg sync.WaitGroup
	for range q.workers {
		wg.Go(func() { q.loop(ctx) })
	}
	wg.Wait()
	return nil
}

// loop takes the oldest queued job and works it, until ctx ends.
func (q *Local) loop(ctx context.Context) {
	for ctx.Err() == nil {
		j, jobCtx := q.take(ctx)
		if j == nil {
			// Each job queued wakes one worker; a wake lost to a busy worker is made up
			// by the next look.
			select {
			case <-ctx.Done():
				return
			case <-q.wake:
			case <-time.After(time.Second):
			}
			continue
		}
		q.do(jobCtx, j)
	}
}

// take marks the oldest queued job running and returns it with the context its work runs
// in, which Cancel ends; nil when none is queued.
func (q *Local) take(ctx context.Context) (*localJob, context.Context) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, j := range q.jobs {
		if j.State == StateQueued {
			j.State, j.StartedAt, j.Attempt = StateRunning, q.now(), j.Attempt+1
			jobCtx, cancel := context.WithCancel(ctx)
			j.cancel = cancel
			return j, jobCtx
		}
	}
	return nil, nil
}

// do works job j in its context and records how it ended.
func (q *Local) do(jobCtx context.Context, j *localJob) {
	q.mu.Lock()
	snapshot, cancel := j.Job, j.cancel
	q.mu.Unlock()
	defer cancel()
	report := func(p Progress) {
		q.mu.Lock()
		j.Progress = p
		q.mu.Unlock()
	}
	res, err := q.work[j.Kind](jobCtx, snapshot, report)
	var out []byte
	if err == nil {
		out, err = json.Marshal(res.Output)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	j.FinishedAt = q.now()
	switch {
	case j.canceled:
		j.State = StateCancelled
	case err != nil:
		j.State, j.Error = StateFailed, err.Error()
		q.log.Warn("job failed", "job", j.ID, "kind", j.Kind, "err", err)
	default:
		j.State, j.Output, j.Progress = StateCompleted, out, Progress{Step: j.Progress.Step, Done: 1}
		if res.File != nil {
			j.File = res.File.Name
			q.files[j.ID] = *res.File
		}
	}
}
