package mobileapi

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/planner"
)

var allStatuses = []inspect.Status{inspect.StatusOpen, inspect.StatusRectified, inspect.StatusVerified, inspect.StatusReopened}

func (s *Server) listFindings(c echo.Context) error {
	q := query{c: c}
	limit := q.int("limit", 100, 1, 1000)
	var statuses []inspect.Status
	if v := c.QueryParam("status"); v != "" {
		for st := range strings.SplitSeq(v, ",") {
			if !slices.Contains(allStatuses, inspect.Status(st)) {
				q.bad("status", fmt.Sprintf("%q is not open, rectified, verified or reopened", st))
			}
			statuses = append(statuses, inspect.Status(st))
		}
	}
	var due planner.Date
	switch c.QueryParam("overdue") {
	case "", "false":
	case "true":
		due = planner.DateOf(s.Now().In(s.cfg.Settings.Zone))
	default:
		q.bad("overdue", "want true or false")
	}
	if q.err != nil {
		return q.err
	}
	u := caller(c)
	out := FindingList{Findings: []inspect.Finding{}}
	err := s.Store.Findings(c.Request().Context(),
		inspect.FindingQuery{District: u.District, CameraID: c.QueryParam("camera_id"), Status: statuses, DueBefore: due, Limit: limit},
		func(f inspect.Finding) error {
			out.Findings = append(out.Findings, f)
			return nil
		})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// finding returns the finding with the given id when the caller may see it.
func (s *Server) finding(c echo.Context, u auth.User) (inspect.Finding, error) {
	f, err := s.Store.Finding(c.Request().Context(), c.Param("id"))
	if errors.Is(err, inspect.ErrNotFound) || err == nil && !sees(u, f.District) {
		return inspect.Finding{}, notFound("id")
	}
	return f, err
}

func (s *Server) rectify(c echo.Context) error {
	var req RectificationRequest
	if err := decodeJSON(c, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	u := caller(c)
	f, err := s.finding(c, u)
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Note) == "" {
		return fail(http.StatusUnprocessableEntity, codeInvalid, "note", "note: say what the owner did")
	}
	return s.move(c, u, f, inspect.EventRectify, req.Note, nil)
}

func (s *Server) verify(c echo.Context) error {
	var req VerificationRequest
	if err := decodeJSON(c, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	u := caller(c)
	f, err := s.finding(c, u)
	if err != nil {
		return err
	}
	later, err := s.visible(c.Request().Context(), u, req.InspectionID)
	if err != nil {
		return fail(http.StatusUnprocessableEntity, codeInvalid, "inspection_id", "inspection_id: no such inspection")
	}
	ev := inspect.EventReopen
	if req.Confirmed {
		ev = inspect.EventVerify
	}
	return s.move(c, u, f, ev, "", &later.Inspection)
}

// move applies an event to a finding and answers it with its history.
func (s *Server) move(c echo.Context, u auth.User, f inspect.Finding, ev inspect.Event, note string, later *inspect.Inspection) error {
	ctx := c.Request().Context()
	now := s.Now()
	t, err := f.Move(ev, u.ID, note, later, now)
	if err != nil {
		if errors.Is(err, inspect.ErrInvalid) {
			return fail(http.StatusUnprocessableEntity, codeInvalid, "inspection_id", err.Error())
		}
		return err
	}
	e := inspect.Entry{At: now, Actor: u.ID, Action: inspect.ActionFindingTransition, ObjectKind: inspect.ObjectFinding,
		ObjectID: f.ID, Detail: fmt.Sprintf("%s → %s", t.From, t.To), PayloadDigest: t.Digest()}
	updated, err := s.Store.TransitionFinding(ctx, t, e)
	if err != nil {
		return err
	}
	history, err := s.Store.Transitions(ctx, f.ID)
	if err != nil {
		return err
	}
	if history == nil {
		history = []inspect.Transition{}
	}
	return c.JSON(http.StatusOK, FindingView{Finding: updated, Transitions: history})
}
