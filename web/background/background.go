// Package background is the HTTP side of the server's background jobs under /api/v1/jobs:
// asking for an export of the city's analysis, following a job's progress, cancelling it,
// downloading what it wrote, and the record of the city's analyses, one per change of the
// store. A user of a district sees and asks only for their district's jobs.
//
// It mounts its routes through internal/httpapi and imports internal/jobs, planner and
// auth; it must not import a store or another route package.
package background

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/jobs"
	"cctvgis/planner/coverage"
)

// Deps are what the job routes work on.
type Deps struct {
	Queue jobs.Queue
	// City returns the server's current city, to check a district's name.
	City func() *coverage.City
	// UserName gives a user's name by id; nil leaves names out.
	UserName func(ctx context.Context, id string) (string, error)
}

// Handlers serve the job routes.
type Handlers struct{ Deps }

// New returns the job routes.
func New(d Deps) (*Handlers, error) {
	if d.Queue == nil || d.City == nil {
		return nil, errors.New("background: Queue and City are required")
	}
	return &Handlers{Deps: d}, nil
}

var (
	readers   = []auth.Role{auth.RolePlanner, auth.RoleReviewer, auth.RoleSupervisor, auth.RoleAdmin}
	exporters = readers
)

// Register mounts the job routes on api.
func (h *Handlers) Register(api *httpapi.API) error {
	base := httpapi.Base + "/jobs"
	id := httpapi.PathParam("id", "integer", "job id")
	return api.Mount(
		httpapi.Endpoint{Method: "GET", Path: base, Summary: "Background jobs the caller may see, newest first: exports, and the analysis recorded after each change of the store.",
			Roles: readers, Params: []httpapi.Param{httpapi.EnumParam("kind", "only jobs of this kind", jobs.Kind("").Values()),
				httpapi.QueryParam("limit", "integer", "most jobs to return (default 50, at most 500)", false)},
			Responses: map[int]any{200: JobList{}}, Errors: []int{422}, Handle: h.list},
		httpapi.Endpoint{Method: "POST", Path: base, Summary: "Ask for a job: an export of the analysis of the city, or of one district, as the report and GeoJSON results in a zip archive. Answers 202 with the job; follow it with GET /jobs/{id}.",
			Roles: exporters, Body: JobRequest{}, Responses: map[int]any{202: JobView{}}, Errors: []int{400, 422}, Handle: h.create},
		httpapi.Endpoint{Method: "GET", Path: base + "/{id}", Summary: "A job with its state and progress, and its output once completed.",
			Roles: readers, Params: []httpapi.Param{id}, Responses: map[int]any{200: JobView{}}, Errors: []int{404}, Handle: h.get},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/cancel", Summary: "Cancel a job: a queued one never runs, a running one stops, in whichever process works it.",
			Roles: exporters, Params: []httpapi.Param{id}, Responses: map[int]any{200: JobView{}}, Errors: []int{404, 409}, Handle: h.cancel},
		httpapi.Endpoint{Method: "GET", Path: base + "/{id}/file", Summary: "The file a completed job wrote (an export's zip archive).",
			Roles: readers, Params: []httpapi.Param{id}, Responses: map[int]any{200: httpapi.Binary{MediaType: "application/zip"}},
			Errors: []int{404}, Handle: h.file},
	)
}

// JobRequest asks for a job.
type JobRequest struct {
	Kind jobs.Kind `json:"kind"`
	// District limits an export to one district; a user of a district exports theirs.
	District string `json:"district,omitempty"`
}

// JobProgress is how far a job is.
type JobProgress struct {
	// Step is what the job is doing: reading, an analysis phase, writing.
	Step string `json:"step"`
	// Done is the share done, 0 to 1.
	Done float64 `json:"done"`
}

// JobView is a job as the API shows it.
type JobView struct {
	ID       int64       `json:"id"`
	Kind     jobs.Kind   `json:"kind"`
	State    jobs.State  `json:"state"`
	By       string      `json:"by"`
	ByName   string      `json:"by_name"`
	District string      `json:"district"`
	Progress JobProgress `json:"progress"`
	// Output is what a completed job gives: an analysis's summary, an export's size; null
	// before.
	Output json.RawMessage `json:"output"`
	// File names the file a completed job wrote (GET /jobs/{id}/file), "" for none.
	File       string     `json:"file"`
	Error      string     `json:"error"`
	Attempt    int        `json:"attempt"`
	CreatedAt  time.Time  `json:"created_at"`
	StartedAt  *time.Time `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
}

// JobList is the answer of GET /jobs.
type JobList struct {
	Jobs []JobView `json:"jobs"`
}

func (h *Handlers) view(ctx context.Context, j jobs.Job) JobView {
	v := JobView{ID: j.ID, Kind: j.Kind, State: j.State, By: j.By, District: j.District,
		Progress: JobProgress{Step: j.Progress.Step, Done: j.Progress.Done}, Output: j.Output, File: j.File, Error: j.Error,
		Attempt: j.Attempt, CreatedAt: j.CreatedAt}
	if len(v.Output) == 0 {
		v.Output = json.RawMessage("null")
	}
	if !j.StartedAt.IsZero() {
		v.StartedAt = &j.StartedAt
	}
	if !j.FinishedAt.IsZero() {
		v.FinishedAt = &j.FinishedAt
	}
	if h.UserName != nil && j.By != "" {
		if name, err := h.UserName(ctx, j.By); err == nil {
			v.ByName = name
		}
	}
	return v
}

func (h *Handlers) list(c echo.Context) error {
	q := httpapi.NewQuery(c)
	kind := httpapi.Enum(q, "kind", jobs.Kind("").Values())
	limit := q.Int("limit", jobs.DefaultLimit, 1, 500)
	if err := q.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	found, err := h.Queue.Jobs(ctx, jobs.Query{Kind: kind, District: u.District, Limit: limit})
	if err != nil {
		return err
	}
	out := JobList{Jobs: make([]JobView, 0, len(found))}
	for _, j := range found {
		out.Jobs = append(out.Jobs, h.view(ctx, j))
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handlers) create(c echo.Context) error {
	var req JobRequest
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	u := httpapi.Caller(c)
	if req.Kind != jobs.KindExport {
		return httpapi.Invalid("kind", fmt.Sprintf("%q: only export jobs are asked for; the analyses are recorded by themselves", req.Kind))
	}
	district := req.District
	switch {
	case u.District != "" && district != "" && district != u.District:
		return httpapi.Invalid("district", "you may export only "+u.District)
	case u.District != "":
		district = u.District
	case district != "" && !hasDistrict(h.City(), district):
		return httpapi.Invalid("district", fmt.Sprintf("%q is not a district of the city", district))
	}
	j, err := h.Queue.Enqueue(c.Request().Context(), jobs.Request{Kind: jobs.KindExport, Args: jobs.ExportArgs{District: district},
		By: u.ID, District: district})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, h.view(c.Request().Context(), j))
}

func hasDistrict(c *coverage.City, name string) bool {
	for _, d := range c.Layers().Districts {
		if d.Name == name {
			return true
		}
	}
	return false
}

// visible reads the job of the request's id when the caller may see it: a user of a
// district sees that district's jobs only.
func (h *Handlers) visible(c echo.Context) (jobs.Job, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return jobs.Job{}, httpapi.NotFound("id")
	}
	j, err := h.Queue.Job(c.Request().Context(), id)
	if errors.Is(err, jobs.ErrNotFound) || err == nil && !httpapi.Sees(httpapi.Caller(c), j.District) {
		return jobs.Job{}, httpapi.NotFound("id")
	}
	return j, err
}

func (h *Handlers) get(c echo.Context) error {
	j, err := h.visible(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.view(c.Request().Context(), j))
}

func (h *Handlers) cancel(c echo.Context) error {
	j, err := h.visible(c)
	if err != nil {
		return err
	}
	if j, err = h.Queue.Cancel(c.Request().Context(), j.ID); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.view(c.Request().Context(), j))
}

func (h *Handlers) file(c echo.Context) error {
	j, err := h.visible(c)
	if err != nil {
		return err
	}
	f, err := h.Queue.File(c.Request().Context(), j.ID)
	if errors.Is(err, jobs.ErrNotFound) {
		return httpapi.NotFound("id")
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, f.ContentType, f.Data)
}
