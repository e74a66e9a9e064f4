package inspect_test

import (
	"testing"
	"time"

	"cctvgis/inspect"
)

// now is the server's time in the tests: 2026-03-02 10:00 China time.
var now = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// validSubmission is a complete, valid check of camera cam-1 in Zhuzhou's centre.
func validSubmission(tb testing.TB) inspect.Submission {
	tb.Helper()
	return inspect.Submission{
		ID:          "0b6f4d1c-3a2e-4c5b-9d7e-1f2a3b4c5d6e",
		CameraID:    "cam-1",
		Position:    inspect.Position{Lat: 27.8274, Lon: 113.1340, AccuracyM: 5},
		ObservedAt:  now.Add(-10 * time.Minute),
		Signage:     &inspect.Signage{Present: true, Legible: true},
		Lens:        &inspect.Lens{MeasuredAzimuthDeg: 92, Method: inspect.LensCompass},
		Obstruction: &inspect.Obstruction{Kind: inspect.ObstructionNone},
		Privacy:     &inspect.Privacy{},
		Image:       inspect.ImageClear,
		Running:     ptr(true),
		Notes:       "镜头清洁，标识完好",
	}
}
