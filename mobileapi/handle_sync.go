package mobileapi

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"cctvgis/inspect"
)

// maxSyncBody bounds a batch's body whatever SyncMax and MaxBody say.
const maxSyncBody = 64 << 20

// sync takes an offline queue. Each item is decoded, checked and stored on its own and
// gets the status POST /inspections would have answered (201, 200, 409, 404, 400, 422):
// a bad item never holds back the others.
func (s *Server) sync(c echo.Context) error {
	var req SyncRequest
	if err := decodeJSON(c, min(maxSyncBody, s.cfg.MaxBody*int64(s.cfg.SyncMax)), &req); err != nil {
		return err
	}
	switch {
	case req.Inspections == nil:
		return fail(http.StatusBadRequest, codeMalformed, "inspections", "inspections: missing")
	case len(req.Inspections) > s.cfg.SyncMax:
		return fail(http.StatusUnprocessableEntity, codeInvalid, "inspections",
			fmt.Sprintf("inspections: %d items, at most %d in one batch", len(req.Inspections), s.cfg.SyncMax))
	}
	ctx := c.Request().Context()
	u := caller(c)
	out := SyncResponse{Results: make([]SyncResult, 0, len(req.Inspections))}
	for i, raw := range req.Inspections {
		res := SyncResult{Index: i}
		var sub inspect.Submission
		err := unmarshalStrict(raw, &sub)
		if err == nil && int64(len(raw)) > s.cfg.MaxBody {
			err = fail(http.StatusRequestEntityTooLarge, codeTooLarge, "", fmt.Sprintf("the item is larger than %d bytes", s.cfg.MaxBody))
		}
		if err == nil {
			res.ID = sub.ID
			var rec InspectionRecord
			var created bool
			rec, created, err = s.record(ctx, u, sub)
			if err == nil {
				res.Status, res.Record = http.StatusOK, &rec
				if created {
					res.Status = http.StatusCreated
				}
			}
		} else {
			// The id, when it can be read, lets the phone match the answer to its queue.
			var probe struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(raw, &probe) == nil {
				res.ID = probe.ID
			}
		}
		if err != nil {
			ae := classify(err)
			if ae.status >= 500 {
				return err
			}
			body := ae.body()
			res.Status, res.Error = ae.status, &body
		}
		out.Results = append(out.Results, res)
	}
	return c.JSON(http.StatusOK, out)
}
