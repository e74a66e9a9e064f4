package mobileapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/planner"
)

func (s *Server) postInspection(c echo.Context) error {
	var sub inspect.Submission
	if err := decodeJSON(c, s.cfg.MaxBody, &sub); err != nil {
		return err
	}
	rec, created, err := s.record(c.Request().Context(), caller(c), sub)
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
func (s *Server) record(ctx context.Context, u auth.User, sub inspect.Submission) (InspectionRecord, bool, error) {
	sub.Normalize()
	now := s.Now()
	if err := sub.Validate(now, s.cfg.MaxAge); err != nil {
		if stored, ok := s.resent(ctx, u, sub); ok {
			return stored, false, nil
		}
		return InspectionRecord{}, false, err
	}
	if err := sub.CheckVocabulary(s.Taxonomy); err != nil {
		return InspectionRecord{}, false, err
	}
	camera, district, field, ok := s.target(u, sub)
	if !ok {
		return InspectionRecord{}, false, notFound(field)
	}
	in := inspect.NewInspection(sub, inspect.Inspector{ID: u.ID, Name: u.Name}, district, now)
	rules, err := s.Rules(inspect.CheckDay(&in, s.cfg.Settings))
	if err != nil {
		return InspectionRecord{}, false, fmt.Errorf("effective rules for inspection %s: %w", in.ID, err)
	}
	a, err := inspect.Assess(&in, camera, rules, s.cfg.Settings)
	if err != nil {
		return InspectionRecord{}, false, err
	}
	in.Flags = a.Flags
	rec := inspect.Record{Inspection: in, Findings: a.Findings, Skipped: a.Skipped}
	e := inspect.Entry{At: now, Actor: u.ID, Action: inspect.ActionInspectionCreate, ObjectKind: inspect.ObjectInspection,
		ObjectID: in.ID, Detail: fmt.Sprintf("%d findings", len(a.Findings)), PayloadDigest: in.BodyHash}
	stored, created, err := s.Store.RecordInspection(ctx, rec, e)
	if err != nil {
		return InspectionRecord{}, false, err
	}
	if created {
		s.saw(&stored.Inspection)
	}
	out, err := s.view(ctx, stored)
	return out, created, err
}

// resent returns the stored record of sub when it is a resend of a check the caller may
// see, with the same body.
func (s *Server) resent(ctx context.Context, u auth.User, sub inspect.Submission) (InspectionRecord, bool) {
	if sub.ID == "" {
		return InspectionRecord{}, false
	}
	stored, err := s.Store.Inspection(ctx, sub.ID)
	if err != nil || !sees(u, stored.Inspection.District) || !stored.Inspection.SameBody(sub) {
		return InspectionRecord{}, false
	}
	out, err := s.view(ctx, stored)
	return out, err == nil
}

// target finds the camera or site a submission names, and its district; ok is false when
// it does not exist or the caller may not see it, and field names the id at fault.
func (s *Server) target(u auth.User, sub inspect.Submission) (cam *planner.Camera, district, field string, ok bool) {
	city := s.city()
	if sub.CameraID != "" {
		c, d, found := city.Camera(sub.CameraID)
		return c, d, "camera_id", found && sees(u, d)
	}
	_, d, found := city.Site(sub.SiteID)
	return nil, d, "site_id", found && sees(u, d)
}

// view adds an inspection record's photos.
func (s *Server) view(ctx context.Context, r inspect.Record) (InspectionRecord, error) {
	photos, err := s.Store.Photos(ctx, r.Inspection.ID)
	if err != nil {
		return InspectionRecord{}, err
	}
	out := InspectionRecord{Inspection: r.Inspection, Findings: r.Findings, Skipped: r.Skipped, Photos: photos}
	if out.Findings == nil {
		out.Findings = []inspect.Finding{}
	}
	if out.Skipped == nil {
		out.Skipped = []inspect.Skip{}
	}
	if out.Photos == nil {
		out.Photos = []inspect.Photo{}
	}
	return out, nil
}

// visible returns the inspection with the given id when the caller may see it.
func (s *Server) visible(ctx context.Context, u auth.User, id string) (inspect.Record, error) {
	r, err := s.Store.Inspection(ctx, id)
	if errors.Is(err, inspect.ErrNotFound) || err == nil && !sees(u, r.Inspection.District) {
		return inspect.Record{}, notFound("id")
	}
	return r, err
}

// readEvidence records that u read an object (查阅留痕).
func (s *Server) readEvidence(ctx context.Context, u auth.User, kind, id, digest string) error {
	_, err := s.Store.AppendAudit(ctx, inspect.Entry{At: s.Now(), Actor: u.ID, Action: inspect.ActionEvidenceRead,
		ObjectKind: kind, ObjectID: id, Detail: "read by " + u.Name, PayloadDigest: digest})
	return err
}

func (s *Server) getInspection(c echo.Context) error {
	ctx := c.Request().Context()
	u := caller(c)
	r, err := s.visible(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if err := s.readEvidence(ctx, u, inspect.ObjectInspection, r.Inspection.ID, r.Inspection.BodyHash); err != nil {
		return err
	}
	out, err := s.view(ctx, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) listInspections(c echo.Context) error {
	q := query{c: c}
	limit := q.int("limit", 100, 1, 1000)
	state := inspect.ReviewState(c.QueryParam("review"))
	if state != "" && !slices.Contains([]inspect.ReviewState{inspect.ReviewReceived, inspect.ReviewApproved,
		inspect.ReviewHasIssues, inspect.ReviewRejected}, state) {
		q.bad("review", fmt.Sprintf("%q is not received, approved, has_issues or rejected", state))
	}
	if q.err != nil {
		return q.err
	}
	u := caller(c)
	out := InspectionList{Inspections: []inspect.Inspection{}}
	err := s.Store.Inspections(c.Request().Context(), inspect.InspectionQuery{District: u.District, CameraID: c.QueryParam("camera_id")},
		func(r inspect.Record) error {
			if state != "" && r.Inspection.Review.State != state {
				return nil
			}
			out.Inspections = append(out.Inspections, r.Inspection)
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

func (s *Server) review(c echo.Context) error {
	var req ReviewRequest
	if err := decodeJSON(c, s.cfg.MaxBody, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := caller(c)
	r, err := s.visible(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	now := s.Now()
	from := r.Inspection.Review.State
	next, err := r.Inspection.Review.Decide(req.State, req.Comment, u.ID, now)
	if err != nil {
		return err
	}
	e := inspect.Entry{At: now, Actor: u.ID, Action: inspect.ActionInspectionReview, ObjectKind: inspect.ObjectInspection,
		ObjectID: r.Inspection.ID, Detail: fmt.Sprintf("%s → %s", from, next.State)}
	in, err := s.Store.ReviewInspection(ctx, r.Inspection.ID, from, next, e)
	if err != nil {
		return err
	}
	r.Inspection = in
	out, err := s.view(ctx, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
