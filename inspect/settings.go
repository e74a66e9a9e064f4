package inspect

import (
	"fmt"
	"math"
	"time"
)

// ChinaTime is China Standard Time (UTC+8, no daylight saving since 1991), the zone in
// which rectification deadlines are counted in days.
func ChinaTime() *time.Location { return chinaTime }

var chinaTime = time.FixedZone("CST", 8*60*60)

// Settings are the thresholds and deadlines that turn observations into findings and
// flags. They are a bureau's local settings, not law: the texts order correction within a
// time limit (责令限期改正) mostly without a number of days.
type Settings struct {
	// AzimuthToleranceDeg is the largest circular difference between the measured and the
	// registered lens azimuth that is not a change of direction.
	AzimuthToleranceDeg float64
	// BlockedShare is the share of the view above which a camera is obstructed.
	BlockedShare float64
	// AccuracyM is the GPS accuracy above which an inspection is flagged.
	AccuracyM float64
	// StandOffM is how far from the camera's registered position an inspector may stand
	// before the inspection is flagged.
	StandOffM float64
	// PhotoDistanceM is how far a photo's EXIF position may lie from the reported
	// position before the photo is flagged.
	PhotoDistanceM float64
	// RectificationDays is the number of calendar days allowed to correct each kind of
	// finding, counted from the day of the check in Zone.
	RectificationDays map[Kind]int
	// Zone is the time zone whose calendar days deadlines count; nil means ChinaTime.
	Zone *time.Location
}

// DefaultSettings returns the defaults: 15° azimuth tolerance, 0.3 blocked share, 30 m
// accuracy, 100 m stand-off, 50 m photo distance, and rectification within 3 days for a
// camera in a private space or one not running, 7 for a turned or obstructed camera and
// 15 for a missing sign. The days are local settings, not law.
func DefaultSettings() Settings {
	return Settings{
		AzimuthToleranceDeg: 15,
		BlockedShare:        0.3,
		AccuracyM:           30,
		StandOffM:           100,
		PhotoDistanceM:      50,
		RectificationDays: map[Kind]int{
			KindPrivateSpace:     3,
			KindNotRunning:       3,
			KindDirectionChanged: 7,
			KindObstructed:       7,
			KindNoSignage:        15,
		},
		Zone: ChinaTime(),
	}
}

// Validate checks that every threshold is a finite number in range and that every kind of
// finding has a positive number of days.
func (s Settings) Validate() error {
	bad := func(name string, v, lo, hi float64) error {
		if !(v >= lo && v <= hi) || math.IsInf(v, 0) {
			return fmt.Errorf("inspect settings: %s %v is outside %v to %v", name, v, lo, hi)
		}
		return nil
	}
	for _, err := range []error{
		bad("azimuth tolerance", s.AzimuthToleranceDeg, 0, 180),
		bad("blocked share", s.BlockedShare, 0, 1),
		bad("accuracy", s.AccuracyM, 0, math.MaxFloat64),
		bad("stand-off", s.StandOffM, 0, math.MaxFloat64),
		bad("photo distance", s.PhotoDistanceM, 0, math.MaxFloat64),
	} {
		if err != nil {
			return err
		}
	}
	for _, k := range Kinds {
		if s.RectificationDays[k] <= 0 {
			return fmt.Errorf("inspect settings: no positive rectification days for %s", k)
		}
	}
	return nil
}

func (s Settings) zone() *time.Location {
	if s.Zone == nil {
		return chinaTime
	}
	return s.Zone
}
