package mobileapi

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"cctvgis/inspect"
	"cctvgis/planner"
)

func (s *Server) summary(city *City, i int, dist float64) CameraSummary {
	cam, district := city.CameraAt(i)
	v := CameraSummary{ID: cam.ID, Lat: cam.Pos[1], Lon: cam.Pos[0], AzimuthDeg: cam.Azimuth, HFOVDeg: cam.HFOV,
		RangeM: cam.Range, HeightM: cam.Height, Owner: cam.Owner, Investment: cam.Investment, Status: cam.Status,
		District: district, DistanceM: dist}
	if t, ok := s.lastSeen(cam.ID); ok {
		v.LastInspectedAt = &t
	}
	return v
}

func (s *Server) nearby(c echo.Context) error {
	q := query{c: c}
	lat := q.float("lat", true, 0, -90, 90)
	lon := q.float("lon", true, 0, -180, 180)
	radius := q.float("radius_m", false, 500, 1, 5000)
	limit := q.int("limit", 100, 1, 1000)
	if q.err != nil {
		return q.err
	}
	u := caller(c)
	city := s.city()
	out := CameraList{Cameras: []CameraSummary{}}
	for _, n := range city.Nearby(orb.Point{lon, lat}, radius, u.District, limit) {
		out.Cameras = append(out.Cameras, s.summary(city, n.Index, n.DistanceM))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) camera(c echo.Context) error {
	id := c.Param("id")
	u := caller(c)
	city := s.city()
	cam, district, ok := city.Camera(id)
	if !ok || !sees(u, district) {
		return notFound("id")
	}
	ctx := c.Request().Context()
	out := CameraDetail{CameraSummary: s.summary(city, city.cameraAt[id], 0), OpenFindings: []inspect.Finding{}, Violations: []ViolationView{}}
	err := s.Store.Inspections(ctx, inspect.InspectionQuery{CameraID: cam.ID}, func(r inspect.Record) error {
		if r.Inspection.Review.State.Counts() {
			in := r.Inspection
			out.LastInspection = &in
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	err = s.Store.Findings(ctx, inspect.FindingQuery{CameraID: cam.ID, Status: openStatuses}, func(f inspect.Finding) error {
		out.OpenFindings = append(out.OpenFindings, f)
		return nil
	})
	if err != nil {
		return err
	}
	for _, v := range city.Violations(cam.ID) {
		out.Violations = append(out.Violations, ViolationView{Rule: v.Rule, Space: v.Space, Zone: v.Zone, ZoneID: v.ZoneID, Cited: v.Cited})
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
func (s *Server) tasks(c echo.Context) error {
	q := query{c: c}
	lat := q.float("lat", true, 0, -90, 90)
	lon := q.float("lon", true, 0, -180, 180)
	radius := q.float("radius_m", false, 3000, 1, 50_000)
	limit := q.int("limit", 100, 1, 1000)
	if q.err != nil {
		return q.err
	}
	u := caller(c)
	here := orb.Point{lon, lat}
	now := s.Now()
	today := planner.DateOf(now.In(s.cfg.Settings.Zone))
	var out []Task
	city := s.city()
	near := city.Nearby(here, radius, u.District, 0)
	within := make(map[string]float64, len(near))
	ids := make([]string, 0, len(near))
	for _, n := range near {
		cam, _ := city.CameraAt(n.Index)
		within[cam.ID] = n.DistanceM
		ids = append(ids, cam.ID)
		base := Task{CameraID: cam.ID, Lat: cam.Pos[1], Lon: cam.Pos[0], DistanceM: n.DistanceM}
		for _, v := range city.Violations(cam.ID) {
			t := base
			rule := v.Cited
			t.Kind, t.Violation, t.Rule = TaskConfirmViolation, v.Rule, &rule
			t.Reason = fmt.Sprintf("the analysis finds %s (%s); confirm on site", v.Rule, v.Citation)
			out = append(out, t)
		}
		last, seen := s.lastSeen(cam.ID)
		switch {
		case !seen:
			t := base
			t.Kind, t.Reason = TaskNeverInspected, "never inspected"
			out = append(out, t)
		case now.Sub(last) > s.cfg.StaleAfter:
			t := base
			t.Kind, t.LastInspectedAt = TaskDue, &last
			t.Reason = fmt.Sprintf("last inspected %s, more than %d days ago", last.Format(time.DateOnly), int(s.cfg.StaleAfter.Hours()/24))
			out = append(out, t)
		}
	}
	if len(ids) == 0 {
		return c.JSON(http.StatusOK, TaskList{Tasks: sortTasks(out, limit)})
	}
	err := s.Store.Findings(c.Request().Context(), inspect.FindingQuery{District: u.District, CameraIDs: ids, Status: openStatuses}, func(f inspect.Finding) error {
		d, ok := within[f.CameraID]
		if !ok {
			return nil
		}
		cam, _, _ := city.Camera(f.CameraID)
		t := Task{CameraID: f.CameraID, Lat: cam.Pos[1], Lon: cam.Pos[0], DistanceM: d, FindingID: f.ID,
			Violation: f.Violation, Deadline: f.Deadline}
		rule := f.Rule
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
	})
	if err != nil {
		return err
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
