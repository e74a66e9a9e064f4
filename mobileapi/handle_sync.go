package mobileapi

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"cctvgis/internal/httpapi"
)

// maxSyncBody bounds a batch's body whatever SyncMax and MaxBody say.
const maxSyncBody = 64 << 20

// syncLimit is the largest body of a batch.
func (h *Handlers) syncLimit() int64 {
	return min(maxSyncBody, h.cfg.MaxBody*int64(h.cfg.SyncMax))
}

// syncBatch is a SyncRequest as the handler reads it: each item is decoded on its own, so
// that one bad item does not spoil the others.
type syncBatch struct {
	Inspections []json.RawMessage `json:"inspections"`
}

// sync takes an offline queue. Each item is decoded, checked and stored on its own and
// gets the status POST /inspections would have answered (201, 200, 409, 404, 400, 422):
// a bad item never holds back the others.
func (h *Handlers) sync(c echo.Context) error {
	var req syncBatch
	if err := httpapi.DecodeJSON(c, &req); err != nil {
		return err
	}
	switch {
	case req.Inspections == nil:
		return httpapi.Malformed("inspections", "inspections: missing")
	case len(req.Inspections) > h.cfg.SyncMax:
		return httpapi.Invalid("inspections", fmt.Sprintf("%d items, at most %d in one batch", len(req.Inspections), h.cfg.SyncMax))
	}
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	out := SyncResponse{Results: make([]SyncResult, 0, len(req.Inspections))}
	for i, raw := range req.Inspections {
		res := SyncResult{Index: i}
		var body SubmissionBody
		err := httpapi.Unmarshal(raw, &body)
		sub := body.Domain()
		if err == nil && int64(len(raw)) > h.cfg.MaxBody {
			err = httpapi.TooLarge("", fmt.Sprintf("the item is larger than %d bytes", h.cfg.MaxBody))
		}
		if err == nil {
			res.ID = sub.ID
			var rec InspectionRecord
			var created bool
			rec, created, err = h.record(ctx, u, sub)
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
			status, body := httpapi.Classify(err)
			if status >= 500 {
				return err
			}
			body.RequestID = httpapi.RequestID(c)
			res.Status, res.Error = status, &body
		}
		out.Results = append(out.Results, res)
	}
	return c.JSON(http.StatusOK, out)
}
