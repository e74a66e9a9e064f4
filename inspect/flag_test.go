package inspect_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"cctvgis/inspect"

	"github.com/paulmach/orb"
)

// WGS84 ellipsoid.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
)

// meridianStep returns the latitude step in degrees that moves d metres north at lat,
// from the meridional radius of curvature; over 100 m the curvature's change is far below
// a millimetre.
func meridianStep(lat, d float64) float64 {
	e2 := wgs84F * (2 - wgs84F)
	s := math.Sin(lat * math.Pi / 180)
	m := wgs84A * (1 - e2) / math.Pow(1-e2*s*s, 1.5)
	return d / m * 180 / math.Pi
}

// parallelStep returns the longitude step that moves d metres east at lat, from the prime
// vertical radius of curvature.
func parallelStep(lat, d float64) float64 {
	e2 := wgs84F * (2 - wgs84F)
	s := math.Sin(lat * math.Pi / 180)
	n := wgs84A / math.Sqrt(1-e2*s*s)
	return d / (n * math.Cos(lat*math.Pi/180)) * 180 / math.Pi
}

func TestDistance(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	for range 200 {
		lat := 18 + rng.Float64()*35 // China's latitudes
		lon := 73 + rng.Float64()*62
		d := rng.Float64() * 150
		a := orb.Point{lon, lat}
		north := orb.Point{lon, lat + meridianStep(lat, d)}
		east := orb.Point{lon + parallelStep(lat, d), lat}
		for _, b := range []orb.Point{north, east} {
			if got := inspect.Distance(a, b); math.Abs(got-d) > 1e-3 {
				t.Fatalf("Distance(%v, %v) = %.4f m, want %.4f m", a, b, got, d)
			}
			if got, back := inspect.Distance(a, b), inspect.Distance(b, a); math.Abs(got-back) > 1e-3 {
				t.Fatalf("Distance is not symmetric: %v vs %v", got, back)
			}
		}
	}
}

func TestDistanceFar(t *testing.T) {
	// Beijing to Shanghai is about 1,067 km on the ellipsoid; far beyond the local
	// projection the haversine answer is good to 0.5%.
	got := inspect.Distance(orb.Point{116.4074, 39.9042}, orb.Point{121.4737, 31.2304})
	if math.Abs(got-1_067_000)/1_067_000 > 0.005 {
		t.Errorf("Distance Beijing–Shanghai = %.0f m", got)
	}
}

func TestFlags(t *testing.T) {
	cam := camera()
	lat := cam.Pos[1]
	tests := []struct {
		name     string
		accuracy float64
		northM   float64
		want     []inspect.FlagKind
	}{
		{"close and accurate", 5, 20, nil},
		{"at the stand-off distance", 5, 99.9, nil},
		{"too far", 5, 101, []inspect.FlagKind{inspect.FlagFarFromCamera}},
		{"poor accuracy", 31, 0, []inspect.FlagKind{inspect.FlagPoorAccuracy}},
		{"a 3,000 m fix far away", 3000, 2500, []inspect.FlagKind{inspect.FlagPoorAccuracy, inspect.FlagFarFromCamera}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := clean(t)
			in.Position = inspect.Position{Lat: lat + meridianStep(lat, tt.northM), Lon: cam.Pos[0], AccuracyM: tt.accuracy}
			var got []inspect.FlagKind
			for _, f := range inspect.Flags(&in, cam, inspect.DefaultSettings()) {
				if f.Value <= f.Limit || f.Message == "" {
					t.Errorf("flag %+v", f)
				}
				got = append(got, f.Kind)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("flags = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPhotoFlags(t *testing.T) {
	in := clean(t)
	lat := in.Position.Lat
	tests := []struct {
		name string
		exif *inspect.EXIF
		want int
	}{
		{"no EXIF", nil, 0},
		{"EXIF without GPS", &inspect.EXIF{DateTimeOriginal: "2026:03:02 09:49:00"}, 0},
		{"taken 40 m away", &inspect.EXIF{GPS: &inspect.LatLon{Lat: lat + meridianStep(lat, 40), Lon: in.Position.Lon}}, 0},
		{"taken 60 m away", &inspect.EXIF{GPS: &inspect.LatLon{Lat: lat + meridianStep(lat, 60), Lon: in.Position.Lon}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &inspect.Photo{SHA256: "ab", EXIF: tt.exif}
			got := inspect.PhotoFlags(&in, p, inspect.DefaultSettings())
			if len(got) != tt.want {
				t.Fatalf("flags = %+v, want %d", got, tt.want)
			}
			for _, f := range got {
				if f.Kind != inspect.FlagPhotoFar || f.PhotoSHA256 != "ab" {
					t.Errorf("flag %+v", f)
				}
			}
		})
	}
}
