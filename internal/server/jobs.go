package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"time"

	"cctvgis/data/geojson"
	"cctvgis/internal/jobs"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// queueStore is a store with a job queue of its own, which every process on it shares:
// the PostGIS store. Other stores get a queue in the process (jobs.Local).
type queueStore interface {
	Jobs(work map[jobs.Kind]jobs.Work, workers int, log *slog.Logger) (jobs.Queue, error)
}

// jobWorkers is how many jobs one process works at a time.
const jobWorkers = 2

// AnalysisOutput is what an analysis job records: the summary of the city's analysis at a
// version of the store, under the rules in force on a day.
type AnalysisOutput struct {
	Version int64         `json:"version"`
	Rules   string        `json:"rules"`
	On      rulebook.Date `json:"on"`
	Summary views.Summary `json:"summary"`
	// Seconds is how long the analysis took; 0 when the server's city at the version
	// served.
	Seconds float64 `json:"seconds"`
}

// ExportOutput says what an export job wrote.
type ExportOutput struct {
	Version  int64  `json:"version"`
	District string `json:"district"`
	Bytes    int    `json:"bytes"`
}

// work are the kinds of job the server does.
func (s *Server) work() map[jobs.Kind]jobs.Work {
	return map[jobs.Kind]jobs.Work{jobs.KindAnalysis: s.analyse, jobs.KindExport: s.export}
}

// phases are the analysis's phases in order, for a job's progress.
var phases = []coverage.Phase{coverage.PhaseIndex, coverage.PhaseSites, coverage.PhaseRoads, coverage.PhaseHotspots,
	coverage.PhaseViolations, coverage.PhaseSummary}

// analysisProgress reports each phase of an analysis as a job's progress; reading the
// layers comes first.
func analysisProgress(report func(jobs.Progress), share float64) func(coverage.Phase) {
	return func(p coverage.Phase) {
		report(jobs.Progress{Step: string(p), Done: share * float64(slices.Index(phases, p)+1) / float64(len(phases)+1)})
	}
}

// analyse records the analysis of the city at the job's version. The process whose city is
// at that version answers from it; another reads the layers and analyses them.
func (s *Server) analyse(ctx context.Context, j jobs.Job, report func(jobs.Progress)) (jobs.Result, error) {
	var a jobs.AnalysisArgs
	if err := json.Unmarshal(j.Args, &a); err != nil {
		return jobs.Result{}, fmt.Errorf("reading the arguments: %w", err)
	}
	out := AnalysisOutput{Version: a.Version, Rules: s.cfg.Rules, On: s.today()}
	if c := s.City(); c.Version == a.Version {
		out.Summary = views.NewSummary(c.Result.Summary)
		return jobs.Result{Output: out}, nil
	}
	start := time.Now()
	res, version, err := s.analyseStore(ctx, coverage.LayerQuery{}, report, 1)
	if err != nil {
		return jobs.Result{}, err
	}
	out.Version, out.Summary, out.Seconds = version, views.NewSummary(res.Summary), time.Since(start).Seconds()
	return jobs.Result{Output: out}, nil
}

// analyseStore reads the layers q selects and analyses them as the server does, reporting
// its progress up to share of the job.
func (s *Server) analyseStore(ctx context.Context, q coverage.LayerQuery, report func(jobs.Progress), share float64) (*coverage.Result, int64, error) {
	report(jobs.Progress{Step: "reading", Done: 0})
	v, err := s.store.Version(ctx)
	if err != nil {
		return nil, 0, err
	}
	var l coverage.Layers
	if err := s.store.ReadLayers(ctx, q, &l); err != nil {
		return nil, 0, fmt.Errorf("reading the layers: %w", err)
	}
	rules, err := s.rules(s.today())
	if err != nil {
		return nil, 0, err
	}
	opt := coverage.CityOptions(&l)
	opt.OnPhase = analysisProgress(report, share)
	res, err := coverage.Analyze(ctx, &l, rules, s.cfg.Library.Taxonomy, opt)
	return res, v, err
}

// export writes the analysis of the city, or of a district, as analyze writes it (the
// report and the GeoJSON results), in one zip archive.
func (s *Server) export(ctx context.Context, j jobs.Job, report func(jobs.Progress)) (jobs.Result, error) {
	var a jobs.ExportArgs
	if err := json.Unmarshal(j.Args, &a); err != nil {
		return jobs.Result{}, fmt.Errorf("reading the arguments: %w", err)
	}
	res, version, err := s.analyseStore(ctx, coverage.LayerQuery{District: a.District}, report, 0.8)
	if err != nil {
		return jobs.Result{}, err
	}
	report(jobs.Progress{Step: "writing", Done: 0.85})
	dir, err := os.MkdirTemp("", "cctvgis-export-")
	if err != nil {
		return jobs.Result{}, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	rep := geojson.NewReport(res.Layers, res, nil, "wgs84", s.cfg.Library.Taxonomy)
	if err := geojson.WriteResults(ctx, dir, res.Layers, res, rep); err != nil {
		return jobs.Result{}, err
	}
	data, err := zipDir(dir)
	if err != nil {
		return jobs.Result{}, fmt.Errorf("packing the results: %w", err)
	}
	name := fmt.Sprintf("cctvgis-%s-v%d", s.cfg.Rules, version)
	if a.District != "" {
		name += "-" + a.District
	}
	return jobs.Result{Output: ExportOutput{Version: version, District: a.District, Bytes: len(data)},
		File: &jobs.File{Name: name + ".zip", ContentType: "application/zip", Data: data}}, nil
}

// zipDir packs the files of dir into a zip archive, by name.
func zipDir(dir string) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := zw.AddFS(os.DirFS(dir)); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
