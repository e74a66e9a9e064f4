package mobileapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/internal/fault"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/views"
	"cctvgis/planner/rulebook"
)

func (h *Handlers) listFindings(c echo.Context) error {
	q := httpapi.NewQuery(c)
	limit := q.Int("limit", 100, 1, 1000)
	statuses := httpapi.EnumList(q, "status", inspect.Status("").Values())
	var due rulebook.Date
	if q.Bool("overdue") {
		due = rulebook.DateOf(h.Now().In(h.cfg.Settings.Zone))
	}
	if err := q.Err(); err != nil {
		return err
	}
	u := httpapi.Caller(c)
	out := FindingList{Findings: []views.Finding{}}
	err := h.Store.Findings(c.Request().Context(),
		inspect.FindingQuery{District: u.District, CameraID: c.QueryParam("camera_id"), Status: statuses, DueBefore: due, Limit: limit},
		func(f inspect.Finding) error {
			out.Findings = append(out.Findings, views.NewFinding(f))
			return nil
		})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// finding returns the finding with the given id when the caller may see it.
func (h *Handlers) finding(c echo.Context, u auth.User) (inspect.Finding, error) {
	f, err := h.Store.Finding(c.Request().Context(), c.Param("id"))
	if errors.Is(err, inspect.ErrNotFound) || err == nil && !httpapi.Sees(u, f.District) {
		return inspect.Finding{}, httpapi.NotFound("id")
	}
	return f, err
}

func (h *Handlers) rectify(c echo.Context) error {
	var req RectificationRequest
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	u := httpapi.Caller(c)
	f, err := h.finding(c, u)
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Note) == "" {
		return httpapi.Invalid("note", "say what the owner did")
	}
	return h.move(c, u, f, inspect.EventRectify, req.Note, nil)
}

func (h *Handlers) verify(c echo.Context) error {
	var req VerificationRequest
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	u := httpapi.Caller(c)
	f, err := h.finding(c, u)
	if err != nil {
		return err
	}
	later, err := h.visible(c.Request().Context(), u, req.InspectionID)
	if errors.Is(err, fault.NotFound) {
		return httpapi.Invalid("inspection_id", "no such inspection")
	}
	if err != nil {
		return err
	}
	ev := inspect.EventReopen
	if req.Confirmed {
		ev = inspect.EventVerify
	}
	return h.move(c, u, f, ev, "", &later.Inspection)
}

// move applies an event to a finding and answers it with its history.
func (h *Handlers) move(c echo.Context, u auth.User, f inspect.Finding, ev inspect.Event, note string, later *inspect.Inspection) error {
	ctx := c.Request().Context()
	now := h.Now()
	t, err := f.Move(ev, u.ID, note, later, now)
	if err != nil {
		if errors.Is(err, inspect.ErrInvalid) {
			return httpapi.Error(http.StatusUnprocessableEntity, httpapi.CodeInvalid, "inspection_id", err.Error(), err)
		}
		return err
	}
	updated, err := h.Store.TransitionFinding(ctx, t, t.Entry(now))
	if err != nil {
		return err
	}
	history, err := h.Store.Transitions(ctx, f.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, FindingView{Finding: views.NewFinding(updated), Transitions: views.List(history, views.NewTransition)})
}
