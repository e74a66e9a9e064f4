package mobileapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// summary is camera i of city as the phone sees it; last holds the latest counting
// observation of each camera asked about.
func summary(city *coverage.City, i int, dist float64, last map[string]time.Time) CameraSummary {
	cam, district := city.CameraAt(i)
	v := CameraSummary{ID: cam.ID, Lat: cam.Pos[1], Lon: cam.Pos[0], AzimuthDeg: cam.Azimuth, HFOVDeg: cam.HFOV,
		RangeM: cam.Range, HeightM: cam.Height, Owner: cam.Owner, Investment: cam.Investment, Status: cam.Status,
		District: district, DistanceM: dist}
	if t, ok := last[cam.ID]; ok {
		v.LastInspectedAt = &t
	}
	return v
}

// lastObserved reads from the store when each of the cameras near was last observed by a
// check that counts: the store is shared by every server process, so that each knows the
// checks the others took.
func (h *Handlers) lastObserved(ctx context.Context, city *coverage.City, near []coverage.Near) (map[string]time.Time, error) {
	ids := make([]string, len(near))
	for k, n := range near {
		cam, _ := city.CameraAt(n.Index)
		ids[k] = cam.ID
	}
	return h.Store.LastObserved(ctx, ids)
}

// around reads where the phone is (lat, lon), how far to look (radius_m, by default def
// metres, at most most) and how many to answer (limit).
func around(c echo.Context, def, most float64) (orb.Point, float64, int, error) {
	q := httpapi.NewQuery(c)
	lat := q.Float("lat", true, 0, -90, 90)
	lon := q.Float("lon", true, 0, -180, 180)
	radius := q.Float("radius_m", false, def, 1, most)
	limit := q.Int("limit", 100, 1, 1000)
	return orb.Point{lon, lat}, radius, limit, q.Err()
}

func (h *Handlers) nearby(c echo.Context) error {
	here, radius, limit, err := around(c, 500, 5000)
	if err != nil {
		return err
	}
	u := httpapi.Caller(c)
	city := h.City()
	near := city.Nearby(here, radius, u.District, limit)
	last, err := h.lastObserved(c.Request().Context(), city, near)
	if err != nil {
		return err
	}
	out := CameraList{Cameras: make([]CameraSummary, 0, len(near))}
	for _, n := range near {
		out.Cameras = append(out.Cameras, summary(city, n.Index, n.DistanceM, last))
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handlers) camera(c echo.Context) error {
	u := httpapi.Caller(c)
	city := h.City()
	i, ok := city.Camera(c.Param("id"))
	if !ok {
		return httpapi.NotFound("id")
	}
	cam, district := city.CameraAt(i)
	if !httpapi.Sees(u, district) {
		return httpapi.NotFound("id")
	}
	ctx := c.Request().Context()
	last, err := h.lastObserved(ctx, city, []coverage.Near{{Index: i}})
	if err != nil {
		return err
	}
	out := CameraDetail{CameraSummary: summary(city, i, 0, last), OpenFindings: []views.Finding{}, Violations: []ViolationView{}}
	err = h.Store.Inspections(ctx, inspect.InspectionQuery{CameraID: cam.ID}, func(r inspect.Record) error {
		if r.Inspection.Review.State.Counts() {
			in := views.NewInspection(r.Inspection)
			out.LastInspection = &in
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	err = h.Store.Findings(ctx, inspect.FindingQuery{CameraID: cam.ID, Status: openStatuses}, func(f inspect.Finding) error {
		out.OpenFindings = append(out.OpenFindings, views.NewFinding(f))
		return nil
	})
	if err != nil {
		return err
	}
	for _, v := range city.Violations(i) {
		out.Violations = append(out.Violations, ViolationView{Rule: v.Rule, Space: v.Space, Zone: v.Zone, ZoneID: v.ZoneID, Cited: views.NewCited(v.Cited)})
	}
	return c.JSON(http.StatusOK, out)
}

// errStop ends a store's iteration early.
var errStop = errors.New("stop")

// openStatuses are the states of a finding not yet put right and confirmed.
var openStatuses = []inspect.Status{inspect.StatusOpen, inspect.StatusReopened, inspect.StatusRectified}

// tasks lists, near the caller: the analysis's violations to confirm on site, findings
// whose deadline has passed (to re-check) or that were reported rectified (to verify),
// and cameras never inspected or not for StaleAfter.
func (h *Handlers) tasks(c echo.Context) error {
	here, radius, limit, err := around(c, 3000, 50_000)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	now := h.Now()
	today := rulebook.DateOf(now.In(h.cfg.Settings.Zone))
	var out []Task
	city := h.City()
	near := city.Nearby(here, radius, u.District, 0)
	last, err := h.lastObserved(ctx, city, near)
	if err != nil {
		return err
	}
	within := make(map[string]float64, len(near))
	ids := make([]string, 0, len(near))
	for _, n := range near {
		cam, _ := city.CameraAt(n.Index)
		within[cam.ID] = n.DistanceM
		ids = append(ids, cam.ID)
		base := Task{CameraID: cam.ID, Lat: cam.Pos[1], Lon: cam.Pos[0], DistanceM: n.DistanceM}
		for _, v := range city.Violations(n.Index) {
			t := base
			rule := views.NewCited(v.Cited)
			t.Kind, t.Violation, t.Rule = TaskConfirmViolation, v.Rule, &rule
			t.Reason = fmt.Sprintf("the analysis finds %s (%s); confirm on site", v.Rule, v.Citation)
			out = append(out, t)
		}
		seen, ok := last[cam.ID]
		switch {
		case !ok:
			t := base
			t.Kind, t.Reason = TaskNeverInspected, "never inspected"
			out = append(out, t)
		case now.Sub(seen) > h.cfg.StaleAfter:
			t := base
			t.Kind, t.LastInspectedAt = TaskDue, &seen
			t.Reason = fmt.Sprintf("last inspected %s, more than %d days ago", seen.Format(time.DateOnly), int(h.cfg.StaleAfter.Hours()/24))
			out = append(out, t)
		}
	}
	if len(ids) == 0 {
		return c.JSON(http.StatusOK, TaskList{Tasks: sortTasks(out, limit)})
	}
	add := func(f inspect.Finding) error {
		d, ok := within[f.CameraID]
		if !ok {
			return nil
		}
		i, _ := city.Camera(f.CameraID)
		cam, _ := city.CameraAt(i)
		t := Task{CameraID: f.CameraID, Lat: cam.Pos[1], Lon: cam.Pos[0], DistanceM: d, FindingID: f.ID,
			Violation: f.Violation, Deadline: f.Deadline}
		rule := views.NewCited(f.Rule)
		t.Rule = &rule
		switch {
		case f.Status == inspect.StatusRectified:
			t.Kind, t.Reason = TaskVerifyRectified, fmt.Sprintf("%s reported rectified; verify", f.Kind)
		case f.Deadline.Before(today):
			t.Kind, t.Reason = TaskRecheckFinding, fmt.Sprintf("%s was due by %s; re-check", f.Kind, f.Deadline)
		default:
			return nil
		}
		out = append(out, t)
		return nil
	}
	// Only the findings that make a task are read: those reported rectified, and those
	// still open past their deadline; the store skips the others, most of them.
	for _, q := range []inspect.FindingQuery{
		{District: u.District, CameraIDs: ids, Status: []inspect.Status{inspect.StatusRectified}},
		{District: u.District, CameraIDs: ids, Status: []inspect.Status{inspect.StatusOpen, inspect.StatusReopened}, DueBefore: today},
	} {
		if err := h.Store.Findings(ctx, q, add); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, TaskList{Tasks: sortTasks(out, limit)})
}

// sortTasks puts tasks nearest first (then by camera and kind) and keeps at most limit.
func sortTasks(out []Task, limit int) []Task {
	slices.SortStableFunc(out, func(a, b Task) int {
		return cmp.Or(cmp.Compare(a.DistanceM, b.DistanceM), cmp.Compare(a.CameraID, b.CameraID), cmp.Compare(a.Kind, b.Kind))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	if out == nil {
		out = []Task{}
	}
	return out
}
