package mobileapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/views"
)

// multipartSlack is what a photo upload may carry besides the photo: boundaries, part
// headers and the sha256 field.
const multipartSlack = 64 << 10

// postPhoto reads a multipart upload as a stream, the photo at most MaxPhoto bytes, checks
// its hash and format, reads its EXIF and stores it, content-addressed, with the photo's
// flags against the inspection's reported position.
func (h *Handlers) postPhoto(c echo.Context) error {
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	r, err := h.visible(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	data, sum, err := h.readUpload(c)
	if err != nil {
		return err
	}
	p, err := inspect.ReadPhoto(data, sum)
	switch {
	case errors.Is(err, inspect.ErrHashMismatch):
		return httpapi.Error(http.StatusUnprocessableEntity, httpapi.CodeHashMismatch, "sha256", "", err)
	case errors.Is(err, inspect.ErrUnsupportedFormat):
		return httpapi.Error(http.StatusUnsupportedMediaType, httpapi.CodeUnsupported, "file", "only JPEG and PNG photos are accepted", err)
	case err != nil:
		return err
	}
	now := h.Now()
	p.Receive(&r.Inspection, now, h.cfg.Settings)
	stored, created, err := h.Store.AddPhoto(ctx, p, data, p.AddedEntry(u.ID, now))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, views.NewPhoto(stored))
}

// readUpload returns the bytes of the part "file" and the value of the field "sha256" of a
// multipart/form-data body.
func (h *Handlers) readUpload(c echo.Context) ([]byte, string, error) {
	mt, params, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, "", httpapi.Malformed("", "send the photo as multipart/form-data with the parts file and sha256")
	}
	// The body is bounded by the route's MaxBody: the photo and multipartSlack.
	mr := multipart.NewReader(c.Request().Body, params["boundary"])
	tooLarge := httpapi.TooLarge("file", fmt.Sprintf("the photo is larger than %d bytes", h.cfg.MaxPhoto))
	var data []byte
	var sum string
	var haveFile bool
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			switch {
			case !haveFile:
				return nil, "", httpapi.Malformed("file", "the part file is missing")
			case sum == "":
				return nil, "", httpapi.Malformed("sha256", "the part sha256 is missing")
			}
			return data, sum, nil
		case errors.As(err, &mbe):
			return nil, "", tooLarge
		case err != nil:
			return nil, "", httpapi.Malformed("", "the multipart body could not be read")
		}
		switch part.FormName() {
		case "file":
			var buf bytes.Buffer
			n, err := io.Copy(&buf, io.LimitReader(part, h.cfg.MaxPhoto+1))
			switch {
			case errors.As(err, &mbe) || n > h.cfg.MaxPhoto:
				return nil, "", tooLarge
			case err != nil:
				return nil, "", httpapi.Malformed("file", "the part file could not be read")
			}
			data, haveFile = buf.Bytes(), true
		case "sha256":
			b, err := io.ReadAll(io.LimitReader(part, 256))
			if err != nil {
				return nil, "", httpapi.Malformed("sha256", "the part sha256 could not be read")
			}
			sum = strings.TrimSpace(string(b))
		}
	}
}

// getPhoto answers a photo's bytes to a caller who may see one of the inspections it
// belongs to, and records the read.
func (h *Handlers) getPhoto(c echo.Context) error {
	ctx := c.Request().Context()
	u := httpapi.Caller(c)
	sum := strings.ToLower(c.Param("sha256"))
	inspectionID := c.QueryParam("inspection_id")
	if inspectionID == "" {
		return httpapi.Invalid("inspection_id", "name the inspection the photo belongs to")
	}
	r, err := h.visible(ctx, u, inspectionID)
	if err != nil {
		return httpapi.NotFound("sha256")
	}
	photos, err := h.Store.Photos(ctx, r.Inspection.ID)
	if err != nil {
		return err
	}
	var p *inspect.Photo
	for i := range photos {
		if photos[i].SHA256 == sum {
			p = &photos[i]
		}
	}
	if p == nil {
		return httpapi.NotFound("sha256")
	}
	data, err := h.Store.PhotoData(ctx, sum)
	if err != nil {
		return err
	}
	if err := h.readEvidence(ctx, u, inspect.ObjectPhoto, r.Inspection.ID+"/"+sum, sum); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return c.Blob(http.StatusOK, p.ContentType, data)
}
