package inspect_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"cctvgis/inspect"
	"cctvgis/planner/rulebook"
)

func TestValidate(t *testing.T) {
	type problem struct{ code, field string }
	tests := []struct {
		name   string
		change func(s *inspect.Submission)
		want   []problem
	}{
		{"valid", func(s *inspect.Submission) {}, nil},
		{"valid uppercase uuid", func(s *inspect.Submission) { s.ID = strings.ToUpper(s.ID) }, nil},
		{"valid site check without observation groups", func(s *inspect.Submission) {
			*s = inspect.Submission{ID: s.ID, SiteID: "site-9", Position: s.Position, ObservedAt: s.ObservedAt}
		}, nil},
		{"valid within clock skew", func(s *inspect.Submission) { s.ObservedAt = now.Add(4 * time.Minute) }, nil},
		{"missing id", func(s *inspect.Submission) { s.ID = "" }, []problem{{inspect.CodeRequired, "id"}}},
		{"id not a uuid", func(s *inspect.Submission) { s.ID = "0b6f4d1c3a2e4c5b9d7e1f2a3b4c5d6e" }, []problem{{inspect.CodeFormat, "id"}}},
		{"id with bad hex", func(s *inspect.Submission) { s.ID = "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6g" }, []problem{{inspect.CodeFormat, "id"}}},
		{"neither camera nor site", func(s *inspect.Submission) { s.CameraID = ""; s.Lens = nil }, []problem{{inspect.CodeRequired, "camera_id"}}},
		{"both camera and site", func(s *inspect.Submission) { s.SiteID = "site-9" }, []problem{{inspect.CodeExclusive, "site_id"}}},
		{"camera id too long", func(s *inspect.Submission) { s.CameraID = strings.Repeat("x", 200) }, []problem{{inspect.CodeTooLong, "camera_id"}}},
		{"latitude out of range", func(s *inspect.Submission) { s.Position.Lat = 91 }, []problem{{inspect.CodeRange, "position.lat"}}},
		{"longitude out of range", func(s *inspect.Submission) { s.Position.Lon = -180.5 }, []problem{{inspect.CodeRange, "position.lon"}}},
		{"NaN latitude", func(s *inspect.Submission) { s.Position.Lat = math.NaN() }, []problem{{inspect.CodeRange, "position.lat"}}},
		{"infinite accuracy", func(s *inspect.Submission) { s.Position.AccuracyM = math.Inf(1) }, []problem{{inspect.CodeRange, "position.accuracy_m"}}},
		{"negative accuracy", func(s *inspect.Submission) { s.Position.AccuracyM = -1 }, []problem{{inspect.CodeRange, "position.accuracy_m"}}},
		{"missing observed_at", func(s *inspect.Submission) { s.ObservedAt = time.Time{} }, []problem{{inspect.CodeRequired, "observed_at"}}},
		{"observed more than 5 min in the future", func(s *inspect.Submission) { s.ObservedAt = now.Add(6 * time.Minute) }, []problem{{inspect.CodeFuture, "observed_at"}}},
		{"observed before the window", func(s *inspect.Submission) { s.ObservedAt = now.Add(-31 * 24 * time.Hour) }, []problem{{inspect.CodeTooOld, "observed_at"}}},
		{"azimuth 360", func(s *inspect.Submission) { s.Lens.MeasuredAzimuthDeg = 360 }, []problem{{inspect.CodeRange, "lens.measured_azimuth_deg"}}},
		{"azimuth NaN", func(s *inspect.Submission) { s.Lens.MeasuredAzimuthDeg = math.NaN() }, []problem{{inspect.CodeRange, "lens.measured_azimuth_deg"}}},
		{"unknown lens method", func(s *inspect.Submission) { s.Lens.Method = "laser" }, []problem{{inspect.CodeEnum, "lens.method"}}},
		{"missing lens method", func(s *inspect.Submission) { s.Lens.Method = "" }, []problem{{inspect.CodeRequired, "lens.method"}}},
		{"lens on a site check", func(s *inspect.Submission) { s.CameraID, s.SiteID = "", "site-9" }, []problem{{inspect.CodeInconsistent, "lens"}}},
		{"unknown obstruction kind", func(s *inspect.Submission) { s.Obstruction.Kind = "fog" }, []problem{{inspect.CodeEnum, "obstruction.kind"}}},
		{"share above 1", func(s *inspect.Submission) {
			*s.Obstruction = inspect.Obstruction{Kind: inspect.ObstructionTree, BlockedShare: 1.2}
		}, []problem{{inspect.CodeRange, "obstruction.blocked_share"}}},
		{"share NaN", func(s *inspect.Submission) {
			*s.Obstruction = inspect.Obstruction{Kind: inspect.ObstructionTree, BlockedShare: math.NaN()}
		}, []problem{{inspect.CodeRange, "obstruction.blocked_share"}}},
		{"kind none with a share", func(s *inspect.Submission) { s.Obstruction.BlockedShare = 0.5 }, []problem{{inspect.CodeInconsistent, "obstruction.blocked_share"}}},
		{"private space without kind", func(s *inspect.Submission) { s.Privacy.InPrivateSpace = true }, []problem{{inspect.CodeRequired, "privacy.space"}}},
		{"space kind without private space", func(s *inspect.Submission) { s.Privacy.Space = "toilet" }, []problem{{inspect.CodeInconsistent, "privacy.space"}}},
		{"malformed space id", func(s *inspect.Submission) { *s.Privacy = inspect.Privacy{InPrivateSpace: true, Space: "Hotel Room"} }, []problem{{inspect.CodeFormat, "privacy.space"}}},
		{"unknown image state", func(s *inspect.Submission) { s.Image = "snowy" }, []problem{{inspect.CodeEnum, "image"}}},
		{"notes too long", func(s *inspect.Submission) { s.Notes = strings.Repeat("字", inspect.MaxNotesRunes+1) }, []problem{{inspect.CodeTooLong, "notes"}}},
		{"notes at the cap", func(s *inspect.Submission) { s.Notes = strings.Repeat("字", inspect.MaxNotesRunes) }, nil},
		{"notes not utf-8", func(s *inspect.Submission) { s.Notes = "\xff\xfe" }, []problem{{inspect.CodeFormat, "notes"}}},
		{"every problem listed", func(s *inspect.Submission) {
			s.ID, s.Position.Lat, s.Position.Lon, s.Image = "x", 100, 200, "?"
		}, []problem{{inspect.CodeFormat, "id"}, {inspect.CodeRange, "position.lat"}, {inspect.CodeRange, "position.lon"}, {inspect.CodeEnum, "image"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSubmission(t)
			tt.change(&s)
			err := s.Validate(now, 30*24*time.Hour)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if !errors.Is(err, inspect.ErrInvalid) {
				t.Fatalf("Validate = %v, want an error matching ErrInvalid", err)
			}
			var ve *inspect.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %T, want *ValidationError", err)
			}
			var got []problem
			for _, p := range ve.Problems {
				if p.Message == "" {
					t.Errorf("problem %s at %s has no message", p.Code, p.Field)
				}
				got = append(got, problem{p.Code, p.Field})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems = %v, want %v (%v)", got, tt.want, err)
			}
		})
	}
}

func TestValidateNoLowerBound(t *testing.T) {
	s := validSubmission(t)
	s.ObservedAt = now.AddDate(-2, 0, 0)
	if err := s.Validate(now, 0); err != nil {
		t.Errorf("Validate with maxAge 0 = %v, want no window", err)
	}
}

func TestCheckVocabulary(t *testing.T) {
	tax := &rulebook.Taxonomy{Spaces: []rulebook.Term{{ID: "hotel_room", Zh: "旅馆业客房", En: "Hotel room"}, {ID: "toilet", Zh: "卫生间", En: "Toilet"}}}
	if err := tax.Index(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		space string
		ok    bool
	}{
		{"known space", "toilet", true},
		{"unknown space", "sauna_room", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSubmission(t)
			s.Privacy = &inspect.Privacy{InPrivateSpace: true, Space: tt.space}
			err := s.CheckVocabulary(tax)
			if ok := err == nil; ok != tt.ok {
				t.Errorf("CheckVocabulary = %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, inspect.ErrInvalid) {
				t.Errorf("CheckVocabulary = %v, want ErrInvalid", err)
			}
		})
	}
}
