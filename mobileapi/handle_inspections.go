package mobileapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
)

func (h *Handlers) postInspection(c echo.Context) error {
	var sub SubmissionBody
	if err := httpapi.DecodeJSON(c, &sub); err != nil {
		return err
	}
	rec, created, err := h.record(c.Request().Context(), httpapi.Caller(c), sub.Domain())
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, rec)
}

// record validates and assesses one submission and stores it with its findings, the same
// way for a single check and for each item of a batch. A resend of a stored check with the
// same body answers the stored record, even when the check has since grown too old to be
// accepted afresh.
func (h *Handlers) record(ctx context.Context, u auth.User, sub inspect.Submission) (InspectionRecord, bool, error) {
	sub.Normalize()
	now := h.Now()
	if err := sub.Validate(now, h.cfg.MaxAge); err != nil {
		if stored, ok := h.resent(ctx, u, sub); ok {
			return stored, false, nil
		}
		return InspectionRecord{}, false, err
	}
	if err := sub.CheckVocabulary(h.Taxonomy); err != nil {
		return InspectionRecord{}, false, err
	}
	camera, district, field, ok := h.target(u, sub)
	if !ok {
		return InspectionRecord{}, false, httpapi.NotFound(field)
	}
	in := inspect.NewInspection(sub, inspect.Inspector{ID: u.ID, Name: u.Name}, district, now)
	rules, err := h.Rules(inspect.CheckDay(&in, h.cfg.Settings))
	if err != nil {
		return InspectionRecord{}, false, fmt.Errorf("effective rules for inspection %s: %w", in.ID, err)
	}
	a, err := inspect.Assess(&in, camera, rules, h.cfg.Settings)
	if err != nil {
		return InspectionRecord{}, false, err
	}
	in.Flags = a.Flags
	rec := inspect.Record{Inspection: in, Findings: a.Findings, Skipped: a.Skipped}
	stored, created, err := h.Store.RecordInspection(ctx, rec, in.CreatedEntry(len(a.Findings), now))
	if err != nil {
		return InspectionRecord{}, false, err
	}
	out, err := h.view(ctx, stored)
	return out, created, err
}

// resent returns the stored record of sub when it is a resend of a check the caller may
// see, with the same body.
func (h *Handlers) resent(ctx context.Context, u auth.User, sub inspect.Submission) (InspectionRecord, bool) {
	if sub.ID == "" {
		return InspectionRecord{}, false
	}
	stored, err := h.Store.Inspection(ctx, sub.ID)
	if err != nil || !httpapi.Sees(u, stored.Inspection.District) || !stored.Inspection.SameBody(sub) {
		return InspectionRecord{}, false
	}
	out, err := h.view(ctx, stored)
	return out, err == nil
}

// target finds the camera or site a submission names, and its district; ok is false when
// it does not exist or the caller may not see it, and field names the id at fault.
func (h *Handlers) target(u auth.User, sub inspect.Submission) (cam *coverage.Camera, district, field string, ok bool) {
	city := h.City()
	if sub.CameraID != "" {
		i, found := city.Camera(sub.CameraID)
		if !found {
			return nil, "", "camera_id", false
		}
		c, d := city.CameraAt(i)
		return c, d, "camera_id", httpapi.Sees(u, d)
	}
	i, found := city.Site(sub.SiteID)
	if !found {
		return nil, "", "site_id", false
	}
	_, d := city.SiteAt(i)
	return nil, d, "site_id", httpapi.Sees(u, d)
}

// view adds an inspection record's photos.
func (h *Handlers) view(ctx context.Context, r inspect.Record) (InspectionRecord, error) {
	photos, err := h.Store.Photos(ctx, r.Inspection.ID)
	if err != nil {
		return InspectionRecord{}, err
	}
	return InspectionRecord{Inspection: views.NewInspection(r.Inspection), Findings: views.List(r.Findings, views.NewFinding),
		Skipped: views.List(r.Skipped, views.NewSkip), Photos: views.List(photos, views.NewPhoto)}, nil
}

// visible returns the inspection with the given id when the caller may see it.
func (h *Handlers) visible(ctx context.Context, u auth.User, id string) (inspect.Record, error) {
	r, err := h.Store.Inspection(ctx, id)
	if errors.Is(err, inspect.ErrNotFound) || err == nil && !httpapi.Sees(u, r.Inspection.District) {
		return inspect.Record{}, httpapi.NotFound("id")
	}
	return r, err
}

// readEvidence records that u read an object (查阅留痕).
func (h *Handlers) readEvidence(ctx context.Context, u auth.User, kind, id, digest string) error {
	_, err := h.Store.AppendAudit(ctx, inspect.ReadEntry(kind, id, digest, u.ID, u.Name, h.Now()))
	return err
}

func (h *Handlers) getInspection(c echo.Context) error {
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	r, err := h.visible(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if err := h.readEvidence(ctx, u, inspect.ObjectInspection, r.Inspection.ID, r.Inspection.BodyHash); err != nil {
		return err
	}
	out, err := h.view(ctx, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handlers) listInspections(c echo.Context) error {
	q := httpapi.NewQuery(c)
	limit := q.Int("limit", 100, 1, 1000)
	state := httpapi.Enum(q, "review", inspect.ReviewState("").Values())
	if err := q.Err(); err != nil {
		return err
	}
	u := httpapi.Caller(c)
	out := InspectionList{Inspections: []views.Inspection{}}
	err := h.Store.Inspections(c.Request().Context(), inspect.InspectionQuery{District: u.District, CameraID: c.QueryParam("camera_id")},
		func(r inspect.Record) error {
			if state != "" && r.Inspection.Review.State != state {
				return nil
			}
			out.Inspections = append(out.Inspections, views.NewInspection(r.Inspection))
			if len(out.Inspections) == limit {
				return errStop
			}
			return nil
		})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handlers) review(c echo.Context) error {
	var req ReviewRequest
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	r, err := h.visible(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	now := h.Now()
	from := r.Inspection.Review.State
	next, err := r.Inspection.Review.Decide(req.State, req.Comment, u.ID, now)
	if err != nil {
		return err
	}
	in, err := h.Store.ReviewInspection(ctx, r.Inspection.ID, from, next, r.Inspection.ReviewedEntry(u.ID, from, next.State, now))
	if err != nil {
		return err
	}
	r.Inspection = in
	out, err := h.view(ctx, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
