package jobs

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"cctvgis/internal/fault"
)

// Kind is what a job does.
type Kind string

// The kinds of job.
const (
	// KindAnalysis analyses the city as the store holds it at one version under the rules
	// in force, and records its summary: one per version of the store, so that the
	// coverage of the city can be followed import after import.
	KindAnalysis Kind = "analysis"
	// KindExport writes the analysis of the city (or of one district) as files, the
	// report and the GeoJSON results analyze writes, in one zip archive.
	KindExport Kind = "export"
)

// AnalysisArgs are the arguments of an analysis job: the store's version to analyse.
type AnalysisArgs struct {
	Version int64 `json:"version"`
}

// ExportArgs are the arguments of an export job.
type ExportArgs struct {
	// District limits the export to one district, "" for the whole city.
	District string `json:"district"`
}

// Values are the kinds of job.
func (Kind) Values() []Kind { return []Kind{KindAnalysis, KindExport} }

// Valid reports whether k is one of Values.
func (k Kind) Valid() bool { return slices.Contains(k.Values(), k) }

// State is where a job stands.
type State string

// The states of a job: queued → running → completed, failed or cancelled.
const (
	StateQueued    State = "queued"
	StateRunning   State = "running"
	StateCompleted State = "completed"
	StateFailed    State = "failed"
	StateCancelled State = "cancelled"
)

// Values are the states of a job.
func (State) Values() []State {
	return []State{StateQueued, StateRunning, StateCompleted, StateFailed, StateCancelled}
}

// Valid reports whether s is one of Values.
func (s State) Valid() bool { return slices.Contains(s.Values(), s) }

// Finished reports whether a job in state s will not change again.
func (s State) Finished() bool {
	return s == StateCompleted || s == StateFailed || s == StateCancelled
}

// Progress is how far a running job is: the step it is in and the share of the whole done.
type Progress struct {
	// Step names what the job is doing, e.g. an analysis phase ("sites", "roads").
	Step string
	// Done is the share of the work done, 0 to 1.
	Done float64
}

// Job is one job as a queue keeps it.
type Job struct {
	ID    int64
	Kind  Kind
	State State
	// By is the id of the user who asked for the job, or "system".
	By string
	// District limits the job to one district, "" for the whole city; a user of a district
	// sees only that district's jobs.
	District string
	// Args are the job's arguments, as JSON.
	Args json.RawMessage
	// Progress is how far the job is; Done is 1 once it completed.
	Progress Progress
	// Output is what a completed job gives, as JSON (its summary); nil before.
	Output json.RawMessage
	// File names the file a completed job wrote, "" for none (File reads it).
	File string
	// Error says why a job failed.
	Error string
	// Attempt counts the tries, from 1 once it ran.
	Attempt    int
	CreatedAt  time.Time
	StartedAt  time.Time
	FinishedAt time.Time
}

// Request asks for a job.
type Request struct {
	Kind     Kind
	Args     any
	By       string
	District string
	// Unique: when a job of the kind with the same arguments is queued, running or
	// completed, Enqueue answers it instead of queuing another; one that failed or was
	// cancelled may be asked for again.
	Unique bool
}

// File is a file a job wrote.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// Result is what a job's work gives: its output (marshalled as JSON) and a file.
type Result struct {
	Output any
	File   *File
}

// Work does one kind of job: it reads the job's arguments, reports its progress, stops
// when ctx ends (the job was cancelled, or the server stops) and returns its result.
type Work func(ctx context.Context, j Job, report func(Progress)) (Result, error)

// Query selects jobs; empty fields select all.
type Query struct {
	Kind Kind
	// District selects the jobs of one district scope (a district's user sees only these).
	District string
	// Limit caps the count (default 50).
	Limit int
}

// Depth counts the jobs waiting and running.
type Depth struct {
	Queued, Running int
}

// Queue runs jobs: each once, with its state, progress and output where every process
// sharing the queue reads them.
type Queue interface {
	// Enqueue queues a job and returns it.
	Enqueue(ctx context.Context, r Request) (Job, error)
	// Job returns the job with the given id, or an error matching ErrNotFound.
	Job(ctx context.Context, id int64) (Job, error)
	// Jobs returns the jobs q selects, newest first.
	Jobs(ctx context.Context, q Query) ([]Job, error)
	// Cancel stops a job: a queued one never runs, a running one has its work's context
	// ended. A finished job is an error matching ErrFinished.
	Cancel(ctx context.Context, id int64) (Job, error)
	// File returns the file a completed job wrote, or an error matching ErrNotFound.
	File(ctx context.Context, id int64) (File, error)
	// Depth counts the jobs waiting and running.
	Depth(ctx context.Context) (Depth, error)
	// Run works jobs until ctx ends, then waits for the work under way to stop.
	Run(ctx context.Context) error
}

// Errors of queues.
var (
	// ErrNotFound: no job has the id, or it wrote no file.
	ErrNotFound = fault.New(fault.NotFound, "jobs: not found")
	// ErrFinished: the job completed, failed or was cancelled already.
	ErrFinished = fault.New(fault.WrongState, "jobs: the job is finished")
	// ErrUnknownKind: no work is registered for the kind.
	ErrUnknownKind = fault.New(fault.Invalid, "jobs: unknown kind of job")
)

// DefaultLimit is the most jobs Jobs answers when the query says none.
const DefaultLimit = 50
