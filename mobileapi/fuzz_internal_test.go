package mobileapi

import (
	"bytes"
	"errors"
	"math"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"cctvgis/inspect"
	"cctvgis/inspect/inspecttest"
	"cctvgis/internal/audit"
	"cctvgis/internal/httpapi"
)

// FuzzSubmissionBody decodes any bytes as the body of POST /api/v1/inspections, through the
// strict decoder (httpapi.Unmarshal), and validates what it decodes. Neither may panic; a refusal is a 4xx; a submission that validates has its position in range, its numbers finite, and
// a body hash.
func FuzzSubmissionBody(f *testing.F) {
	for _, s := range []string{
		`{"id":"0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e","camera_id":"c1","position":{"lat":27.81,"lon":113.11,"accuracy_m":5},` +
			`"observed_at":"2026-11-29T08:00:00Z","signage":{"present":true,"legible":true},"lens":{"measured_azimuth_deg":90,"method":"compass"},` +
			`"obstruction":{"kind":"tree","blocked_share":0.4},"privacy":{"in_private_space":false},"image":"clear","running":true,"notes":"ok"}`,
		`{"id":"x","position":{"lat":95,"lon":200},"observed_at":"2026-11-29T08:00:00Z"}`,
		`{"id":"x","position":{"lat":1e400}}`,
		`{"id":"x","extra":1}`,
		`{} {}`,
		`[]`,
		`null`,
		``,
		`{"lens":{"measured_azimuth_deg":"north"}}`,
	} {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		var body SubmissionBody
		err := httpapi.Unmarshal(b, &body)
		sub := body.Domain()
		if err != nil {
			if status, _ := httpapi.Classify(err); status < 400 || status >= 500 {
				t.Fatalf("refusal %v is not a client error", err)
			}
			return
		}
		sub.Normalize()
		if err := sub.Validate(now, 30*24*time.Hour); err != nil {
			if !errors.Is(err, inspect.ErrInvalid) {
				t.Fatalf("Validate: %v does not wrap inspect.ErrInvalid", err)
			}
			return
		}
		p := sub.Position
		if !(p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180) || math.IsNaN(p.AccuracyM) || math.IsInf(p.AccuracyM, 0) {
			t.Fatalf("valid submission at %+v", p)
		}
		if sub.BodyHash() == "" {
			t.Fatal("no body hash")
		}
	})
}

// FuzzPhotoUpload sends any bytes as a photo upload's multipart body, with a fixed
// boundary, through readUpload and ReadPhoto. Neither may panic; a refusal is a 4xx or an inspect error; the photo read is at most MaxPhoto bytes.
func FuzzPhotoUpload(f *testing.F) {
	const boundary = "fuzzboundary"
	jpg := inspecttest.TinyJPEG(f)
	for _, parts := range [][2][]byte{
		{jpg, []byte(audit.HexDigest(jpg))},
		{jpg, []byte("0000")},
		{[]byte("not a photo"), []byte(audit.HexDigest([]byte("not a photo")))},
		{nil, nil},
	} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if err := mw.SetBoundary(boundary); err != nil {
			f.Fatal(err)
		}
		fw, _ := mw.CreateFormFile("file", "p.jpg")
		_, _ = fw.Write(parts[0])
		if parts[1] != nil {
			_ = mw.WriteField("sha256", string(parts[1]))
		}
		_ = mw.Close()
		f.Add(body.Bytes())
	}
	f.Add([]byte("--" + boundary + "\r\n"))
	const maxPhoto = 64 << 10
	s := &Handlers{cfg: Config{MaxPhoto: maxPhoto}}
	e := echo.New()
	f.Fuzz(func(t *testing.T, b []byte) {
		req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/api/v1/inspections/x/photos", bytes.NewReader(b))
		req.Header.Set(echo.HeaderContentType, "multipart/form-data; boundary="+boundary)
		c := e.NewContext(req, httptest.NewRecorder())
		data, sum, err := s.readUpload(c)
		if err != nil {
			if status, _ := httpapi.Classify(err); status < 400 || status >= 500 {
				t.Fatalf("refusal %v is not a client error", err)
			}
			return
		}
		if len(data) > maxPhoto {
			t.Fatalf("read %d bytes, more than %d", len(data), maxPhoto)
		}
		p, err := inspect.ReadPhoto(data, sum)
		if err != nil {
			return
		}
		if p.Size != len(data) || p.SHA256 != audit.HexDigest(data) {
			t.Fatalf("photo %+v of %d bytes", p, len(data))
		}
	})
}
