package inspect_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cctvgis/inspect"
	"cctvgis/internal/views"
)

const body = `{"id":"0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e","camera_id":"cam-1",
 "position":{"lat":27.8274,"lon":113.134,"accuracy_m":5},"observed_at":"2026-03-02T09:50:00+08:00",
 "signage":{"present":true,"legible":false},"lens":{"measured_azimuth_deg":92,"method":"compass"},
 "obstruction":{"kind":"tree","blocked_share":0.4},"image":"clear","running":true,"notes":"树枝遮挡"}`

// decode reads a submission as the API does (its view), normalised.
func decode(tb testing.TB, s string) inspect.Submission {
	tb.Helper()
	var v views.Submission
	d := json.NewDecoder(strings.NewReader(s))
	d.DisallowUnknownFields()
	if err := d.Decode(&v); err != nil {
		tb.Fatalf("decoding %s: %v", s, err)
	}
	sub := v.Domain()
	sub.Normalize()
	return sub
}

func TestBodyHashSameBody(t *testing.T) {
	want := decode(t, body).BodyHash()
	tests := []struct {
		name string
		body string
	}{
		{"keys reordered and spaced", `{"notes":"树枝遮挡","running":true,"image":"clear",
			"obstruction":{"blocked_share":0.40,"kind":"tree"},"lens":{"method":"compass","measured_azimuth_deg":92.0},
			"signage":{"legible":false,"present":true},"observed_at":"2026-03-02T09:50:00+08:00",
			"position":{"accuracy_m":5e0,"lon":113.1340,"lat":27.8274},"camera_id":"cam-1","id":"0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e"}`},
		{"same instant in UTC", strings.Replace(body, "2026-03-02T09:50:00+08:00", "2026-03-02T01:50:00Z", 1)},
		{"uppercase id", strings.Replace(body, "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e", "0B6F4D1C-3A2E-4C5B-9D7E-1F2A3B4C5D6E", 1)},
		{"nanoseconds below the stores' precision", strings.Replace(body, "09:50:00+08:00", "09:50:00.000000400+08:00", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decode(t, tt.body).BodyHash(); got != want {
				t.Errorf("BodyHash = %s, want %s", got, want)
			}
		})
	}
}

func TestBodyHashDifferentBody(t *testing.T) {
	base := decode(t, body)
	seen := map[string]string{base.BodyHash(): "base"}
	tests := []struct {
		name   string
		change func(s *inspect.Submission)
	}{
		{"id", func(s *inspect.Submission) { s.ID = "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6f" }},
		{"camera moved to site", func(s *inspect.Submission) { s.SiteID, s.CameraID = s.CameraID, "" }},
		{"latitude", func(s *inspect.Submission) { s.Position.Lat += 1e-9 }},
		{"lat and lon swapped", func(s *inspect.Submission) { s.Position.Lat, s.Position.Lon = s.Position.Lon, s.Position.Lat }},
		{"accuracy", func(s *inspect.Submission) { s.Position.AccuracyM = 6 }},
		{"observed a microsecond later", func(s *inspect.Submission) { s.ObservedAt = s.ObservedAt.Add(time.Microsecond) }},
		{"signage not checked", func(s *inspect.Submission) { s.Signage = nil }},
		{"signage legible", func(s *inspect.Submission) { s.Signage.Legible = true }},
		{"signage present and legible swapped", func(s *inspect.Submission) { s.Signage = &inspect.Signage{Present: false, Legible: true} }},
		{"lens not checked", func(s *inspect.Submission) { s.Lens = nil }},
		{"lens method", func(s *inspect.Submission) { s.Lens.Method = inspect.LensPhoto }},
		{"obstruction share", func(s *inspect.Submission) { s.Obstruction.BlockedShare = 0.41 }},
		{"privacy checked", func(s *inspect.Submission) { s.Privacy = &inspect.Privacy{} }},
		{"image not checked", func(s *inspect.Submission) { s.Image = "" }},
		{"running not checked", func(s *inspect.Submission) { s.Running = nil }},
		{"not running", func(s *inspect.Submission) { s.Running = new(bool) }},
		{"notes", func(s *inspect.Submission) { s.Notes += " " }},
		{"notes moved into camera id", func(s *inspect.Submission) { s.CameraID, s.Notes = s.CameraID+s.Notes, "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := decode(t, body)
			tt.change(&s)
			h := s.BodyHash()
			if prev, dup := seen[h]; dup {
				t.Errorf("BodyHash equals that of %q", prev)
			}
			seen[h] = tt.name
		})
	}
}

func TestSameBody(t *testing.T) {
	s := decode(t, body)
	in := inspect.NewInspection(s, inspect.Inspector{ID: "u1", Name: "李警官"}, "芦淞区", now)
	resend := s
	resend.ID = strings.ToUpper(resend.ID)
	if !in.SameBody(resend) {
		t.Errorf("a resend with the id in uppercase is not the same body")
	}
	changed := s
	changed.Notes = "改过"
	if in.SameBody(changed) {
		t.Errorf("a changed body is the same body")
	}
}
