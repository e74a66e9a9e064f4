package postgis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"cctvgis/internal/jobs"
)

// riverQueue is jobs.Queue on River, in the store's schema: every serve process on the
// database shares it, River hands each job to one of them, and a job's state, progress and
// output are in its row, which any process reads.
type riverQueue struct {
	store  *Store
	client *river.Client[pgx.Tx]
	work   map[jobs.Kind]jobs.Work
	log    *slog.Logger
}

// jobAttempts is how many times a job is tried: a second and a third try take up a job a
// stopping process left, or one a passing error failed.
const jobAttempts = 3

// Jobs returns the store's job queue, which works the kinds of work with at most workers
// jobs at a time in this process (1 when less).
func (s *Store) Jobs(work map[jobs.Kind]jobs.Work, workers int, log *slog.Logger) (jobs.Queue, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q := &riverQueue{store: s, work: work, log: log}
	ws := river.NewWorkers()
	for kind := range work {
		river.AddWorkerArgs(ws, jobArgs{kind: kind}, river.WorkFunc(q.do))
	}
	client, err := river.NewClient(riverpgxv5.New(s.pool), &river.Config{
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: max(1, workers)}},
		Workers: ws, Schema: s.schema, Logger: log, MaxAttempts: jobAttempts,
		// A job in the running state whose process died is taken up again after this.
		RescueStuckJobsAfter: 10 * time.Minute,
	})
	if err != nil {
		return nil, fmt.Errorf("starting the job queue: %w", err)
	}
	q.client = client
	return q, nil
}

// jobArgs carries a job's kind and its arguments as the JSON they were given in.
type jobArgs struct {
	kind jobs.Kind
	raw  json.RawMessage
}

// Kind is the job's kind, River's name for the worker.
func (a jobArgs) Kind() string { return string(a.kind) }

// MarshalJSON writes the arguments as they were given.
func (a jobArgs) MarshalJSON() ([]byte, error) {
	if a.raw == nil {
		return []byte("null"), nil
	}
	return a.raw, nil
}

// UnmarshalJSON keeps the arguments as they are.
func (a *jobArgs) UnmarshalJSON(b []byte) error {
	a.raw = append(a.raw[:0], b...)
	return nil
}

// jobMeta is what a job's row keeps besides its arguments, in its metadata: who asked for
// it and for which district, and, as River's output, its progress and result.
type jobMeta struct {
	By       string     `json:"by"`
	District string     `json:"district"`
	Output   *jobOutput `json:"output,omitempty"`
}

// jobOutput is a job's progress while it runs, and its result once it completed, or why
// its work failed.
type jobOutput struct {
	Step   string          `json:"step,omitempty"`
	Done   float64         `json:"done"`
	Result json.RawMessage `json:"result,omitempty"`
	File   string          `json:"file,omitempty"`
	Failed string          `json:"failed,omitempty"`
}

// Enqueue inserts a job; a unique request equal to a job queued or running answers it.
func (q *riverQueue) Enqueue(ctx context.Context, r jobs.Request) (jobs.Job, error) {
	if _, ok := q.work[r.Kind]; !ok {
		return jobs.Job{}, fmt.Errorf("%w: %q", jobs.ErrUnknownKind, r.Kind)
	}
	raw, err := json.Marshal(r.Args)
	if err != nil {
		return jobs.Job{}, fmt.Errorf("jobs: encoding the arguments of a %s job: %w", r.Kind, err)
	}
	meta, err := json.Marshal(jobMeta{By: r.By, District: r.District})
	if err != nil {
		return jobs.Job{}, err
	}
	opts := &river.InsertOpts{Metadata: meta}
	if r.Unique {
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
			rivertype.JobStateRunning, rivertype.JobStateScheduled, rivertype.JobStateCompleted}}
	}
	res, err := q.client.Insert(ctx, jobArgs{kind: r.Kind, raw: raw}, opts)
	if err != nil {
		return jobs.Job{}, fmt.Errorf("queuing a %s job: %w", r.Kind, err)
	}
	return jobOf(res.Job), nil
}

// jobOf is a River row as a job.
func jobOf(row *rivertype.JobRow) jobs.Job {
	j := jobs.Job{ID: row.ID, Kind: jobs.Kind(row.Kind), Args: row.EncodedArgs, Attempt: row.Attempt, CreatedAt: row.CreatedAt}
	var meta jobMeta
	var failed string
	if json.Unmarshal(row.Metadata, &meta) == nil {
		j.By, j.District = meta.By, meta.District
		if o := meta.Output; o != nil {
			j.Progress = jobs.Progress{Step: o.Step, Done: o.Done}
			j.Output, j.File, failed = o.Result, o.File, o.Failed
		}
	}
	if row.AttemptedAt != nil {
		j.StartedAt = *row.AttemptedAt
	}
	if row.FinalizedAt != nil {
		j.FinishedAt = *row.FinalizedAt
	}
	switch row.State {
	case rivertype.JobStateRunning:
		j.State = jobs.StateRunning
	case rivertype.JobStateCompleted:
		j.State = jobs.StateCompleted
	case rivertype.JobStateCancelled:
		j.State = jobs.StateCancelled
		if failed != "" {
			j.State, j.Error = jobs.StateFailed, failed
		}
	case rivertype.JobStateDiscarded:
		j.State = jobs.StateFailed
		if n := len(row.Errors); n > 0 {
			j.Error = row.Errors[n-1].Error
		}
	default:
		j.State = jobs.StateQueued
	}
	return j
}

// Job reads a job's row.
func (q *riverQueue) Job(ctx context.Context, id int64) (jobs.Job, error) {
	row, err := q.client.JobGet(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return jobs.Job{}, fmt.Errorf("%w: job %d", jobs.ErrNotFound, id)
	}
	if err != nil {
		return jobs.Job{}, fmt.Errorf("reading job %d: %w", id, err)
	}
	return jobOf(row), nil
}

// Jobs lists the jobs q selects, newest first.
func (q *riverQueue) Jobs(ctx context.Context, s jobs.Query) ([]jobs.Job, error) {
	limit := s.Limit
	if limit <= 0 {
		limit = jobs.DefaultLimit
	}
	params := river.NewJobListParams().OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(limit)
	if s.Kind != "" {
		params = params.Kinds(string(s.Kind))
	}
	if s.District != "" {
		b, err := json.Marshal(map[string]string{"district": s.District})
		if err != nil {
			return nil, err
		}
		params = params.Metadata(string(b))
	}
	res, err := q.client.JobList(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("listing jobs: %w", err)
	}
	out := make([]jobs.Job, 0, len(res.Jobs))
	for _, row := range res.Jobs {
		out = append(out, jobOf(row))
	}
	return out, nil
}

// Cancel cancels a job: River ends the work's context in whichever process runs it.
func (q *riverQueue) Cancel(ctx context.Context, id int64) (jobs.Job, error) {
	j, err := q.Job(ctx, id)
	if err != nil {
		return j, err
	}
	if j.State.Finished() {
		return j, fmt.Errorf("%w: job %d is %s", jobs.ErrFinished, id, j.State)
	}
	row, err := q.client.JobCancel(ctx, id)
	if err != nil {
		return j, fmt.Errorf("cancelling job %d: %w", id, err)
	}
	return jobOf(row), nil
}

const sqlJobFile = `SELECT name, content_type, data FROM job_files WHERE job_id = $1`

// File reads the file a job wrote.
func (q *riverQueue) File(ctx context.Context, id int64) (jobs.File, error) {
	var f jobs.File
	err := q.store.pool.QueryRow(ctx, sqlJobFile, id).Scan(&f.Name, &f.ContentType, &f.Data)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("%w: job %d wrote no file", jobs.ErrNotFound, id)
	}
	if err != nil {
		return f, fmt.Errorf("reading the file of job %d: %w", id, err)
	}
	return f, nil
}

const sqlJobDepth = `SELECT count(*) FILTER (WHERE state IN ('available', 'pending', 'retryable', 'scheduled')),
       count(*) FILTER (WHERE state = 'running')
FROM river_job`

// Depth counts the jobs waiting and running, in every process.
func (q *riverQueue) Depth(ctx context.Context) (jobs.Depth, error) {
	var d jobs.Depth
	if err := q.store.pool.QueryRow(ctx, sqlJobDepth).Scan(&d.Queued, &d.Running); err != nil {
		return d, fmt.Errorf("counting jobs: %w", err)
	}
	return d, nil
}

// stopTimeout is how long a stopping queue waits for the work under way to end after its
// contexts were cancelled.
const stopTimeout = 10 * time.Second

// Run works jobs until ctx ends; then the work under way is cancelled, and River gives
// those jobs to another process, or to this one when it starts again.
func (q *riverQueue) Run(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("starting the job queue: %w", err)
	}
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
	defer cancel()
	if err := q.client.StopAndCancel(stopCtx); err != nil {
		return fmt.Errorf("stopping the job queue: %w", err)
	}
	return nil
}

// progressEvery is the least time between two writes of a job's progress, so that work
// reporting often does not write its row as often.
const progressEvery = 250 * time.Millisecond

const sqlPutJobFile = `INSERT INTO job_files (job_id, name, content_type, data) VALUES ($1, $2, $3, $4)
ON CONFLICT (job_id) DO UPDATE SET name = EXCLUDED.name, content_type = EXCLUDED.content_type, data = EXCLUDED.data`

// do works one job: its progress goes into its row as it is reported, its file into
// job_files, and its result into its row when it completes.
func (q *riverQueue) do(ctx context.Context, job *river.Job[jobArgs]) error {
	j := jobOf(job.JobRow)
	var mu sync.Mutex
	var last time.Time
	report := func(p jobs.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(last) < progressEvery && p.Done < 1 {
			return
		}
		last = time.Now()
		if _, err := q.client.JobUpdate(ctx, job.ID, &river.JobUpdateParams{Output: jobOutput{Step: p.Step, Done: p.Done}}); err != nil {
			q.log.Warn("recording a job's progress", "job", job.ID, "err", err)
		}
	}
	res, err := q.work[j.Kind](ctx, j, report)
	switch {
	case err != nil && ctx.Err() != nil:
		// Cancelled, or this process stops: River takes it from here, and gives a job
		// whose process stopped to another.
		return err
	case err != nil:
		// The work itself failed: trying again would fail again. The job ends, saying why.
		if _, uerr := q.client.JobUpdate(ctx, job.ID, &river.JobUpdateParams{Output: jobOutput{Failed: err.Error()}}); uerr != nil {
			q.log.Warn("recording why a job failed", "job", job.ID, "err", uerr)
		}
		return river.JobCancel(err)
	}
	out := jobOutput{Done: 1}
	if out.Result, err = json.Marshal(res.Output); err != nil {
		return fmt.Errorf("encoding the result of job %d: %w", job.ID, err)
	}
	if f := res.File; f != nil {
		if _, err := q.store.pool.Exec(ctx, sqlPutJobFile, job.ID, f.Name, f.ContentType, f.Data); err != nil {
			return fmt.Errorf("storing the file of job %d: %w", job.ID, err)
		}
		out.File = f.Name
	}
	return river.RecordOutput(ctx, out)
}
