package inspect

import (
	"fmt"
	"slices"

	"cctvgis/planner/coverage"
)

// FlagKind is a reason to doubt an inspection or a photo.
type FlagKind string

// The flag kinds.
const (
	// FlagFarFromCamera: the inspector stood farther than the stand-off distance from the
	// camera's registered position.
	FlagFarFromCamera FlagKind = "far_from_camera"
	// FlagPoorAccuracy: the reported GPS accuracy is worse than the threshold.
	FlagPoorAccuracy FlagKind = "poor_accuracy"
	// FlagPhotoFar: a photo's EXIF position lies farther than the threshold from the
	// position reported with the inspection.
	FlagPhotoFar FlagKind = "photo_far"
)

// Values are the flag kinds.
func (FlagKind) Values() []FlagKind {
	return []FlagKind{FlagFarFromCamera, FlagPoorAccuracy, FlagPhotoFar}
}

// Valid reports whether f is one of Values.
func (f FlagKind) Valid() bool { return slices.Contains(f.Values(), f) }

// Flag is a doubt about an inspection for its reviewer: a measured value beyond a limit.
type Flag struct {
	Kind FlagKind
	// Value is the measured value (metres for every kind so far) and Limit the threshold
	// it exceeds.
	Value   float64
	Limit   float64
	Message string
	// PhotoSHA256 names the photo, for FlagPhotoFar.
	PhotoSHA256 string
}

// Flags returns the flags of an inspection on receipt: poor GPS accuracy, and for a
// camera inspection an inspector who stood too far from the camera's registered position.
// cam is nil for a site inspection.
func Flags(in *Inspection, cam *coverage.Camera, s Settings) []Flag {
	out := []Flag{}
	if acc := in.Position.AccuracyM; acc > s.AccuracyM {
		out = append(out, Flag{Kind: FlagPoorAccuracy, Value: acc, Limit: s.AccuracyM,
			Message: fmt.Sprintf("GPS accuracy %.0f m is worse than %.0f m", acc, s.AccuracyM)})
	}
	if cam != nil {
		if d := Distance(in.Position.Point(), cam.Pos); d > s.StandOffM {
			out = append(out, Flag{Kind: FlagFarFromCamera, Value: d, Limit: s.StandOffM,
				Message: fmt.Sprintf("inspector stood %.0f m from camera %s, more than %.0f m", d, cam.ID, s.StandOffM)})
		}
	}
	return out
}

// PhotoFlags returns the flags of a photo of an inspection: its EXIF position lies farther
// than the threshold from the reported position. A photo without an EXIF position gets no
// flag.
func PhotoFlags(in *Inspection, p *Photo, s Settings) []Flag {
	out := []Flag{}
	if p.EXIF == nil || p.EXIF.GPS == nil {
		return out
	}
	if d := Distance(in.Position.Point(), p.EXIF.GPS.Point()); d > s.PhotoDistanceM {
		out = append(out, Flag{Kind: FlagPhotoFar, Value: d, Limit: s.PhotoDistanceM, PhotoSHA256: p.SHA256,
			Message: fmt.Sprintf("photo taken %.0f m from the reported position, more than %.0f m", d, s.PhotoDistanceM)})
	}
	return out
}
