package geo_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"cctvgis/geo"
)

func TestParseCRS(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		want    geo.CRS
		wantErr bool
	}{
		{"wgs84", "wgs84", geo.WGS84, false},
		{"upper case", "WGS84", geo.WGS84, false},
		{"cgcs2000 alias", "CGCS2000", geo.WGS84, false},
		{"gcj02", "gcj02", geo.GCJ02, false},
		{"mixed case", "Gcj02", geo.GCJ02, false},
		{"baidu", "bd09", 0, true},
		{"empty", "", 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := geo.ParseCRS(c.in)
			if c.wantErr {
				if !errors.Is(err, geo.ErrUnknownCRS) {
					t.Fatalf("ParseCRS(%q) error = %v, want ErrUnknownCRS", c.in, err)
				}
				for _, s := range []string{fmt.Sprintf("%q", c.in), "wgs84", "cgcs2000", "gcj02"} {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not name %s", err, s)
					}
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("ParseCRS(%q) = %v, %v, want %v", c.in, got, err, c.want)
			}
		})
	}
}

func TestCRSString(t *testing.T) {
	for _, c := range []geo.CRS{geo.WGS84, geo.GCJ02} {
		if back, err := geo.ParseCRS(c.String()); err != nil || back != c {
			t.Errorf("ParseCRS(%q) = %v, %v", c.String(), back, err)
		}
	}
	if s := geo.CRS(7).String(); s != "CRS(7)" {
		t.Errorf("CRS(7).String() = %q", s)
	}
}

func TestGCJ02RoundTrip(t *testing.T) {
	r := newRand(t)
	for range 10000 {
		w := orb.Point{uniform(r, 73, 135), uniform(r, 18, 53.5)}
		g := geo.WGS84ToGCJ02(w)
		back := geo.GCJ02ToWGS84(g)
		if math.Abs(back[0]-w[0]) > 1e-7 || math.Abs(back[1]-w[1]) > 1e-7 {
			t.Fatalf("GCJ02ToWGS84(WGS84ToGCJ02(%v)) = %v", w, back)
		}
		if via := geo.GCJ02.ToWGS84(g); via != back {
			t.Fatalf("GCJ02.ToWGS84(%v) = %v, want %v", g, via, back)
		}
	}
}

func TestGCJ02Offset(t *testing.T) {
	cases := []struct {
		name       string
		p          orb.Point
		minM, maxM float64
	}{
		{"Beijing", orb.Point{116.397, 39.908}, 100, 700},
		{"Yangzhou", orb.Point{119.421, 32.393}, 100, 700},
		{"Paris, unchanged", orb.Point{2.3522, 48.8566}, 0, 0},
		{"Tokyo, unchanged", orb.Point{139.69, 35.69}, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := geo.WGS84ToGCJ02(c.p)
			if d := orbgeo.Distance(c.p, g); d < c.minM || d > c.maxM {
				t.Errorf("offset %.1f m, want %v to %v m", d, c.minM, c.maxM)
			}
			if geo.OutOfChina(c.p) != (c.maxM == 0) {
				t.Errorf("OutOfChina(%v) = %v", c.p, geo.OutOfChina(c.p))
			}
			if c.maxM == 0 && geo.GCJ02ToWGS84(c.p) != c.p {
				t.Errorf("GCJ02ToWGS84 moved %v", c.p)
			}
			if geo.WGS84.ToWGS84(c.p) != c.p {
				t.Errorf("WGS84.ToWGS84 moved %v", c.p)
			}
		})
	}
}

func ExampleWGS84ToGCJ02() {
	wgs := orb.Point{116.397, 39.908}
	gcj := geo.WGS84ToGCJ02(wgs)
	fmt.Printf("%.6f %.6f\n", gcj[0], gcj[1])
	back := geo.GCJ02ToWGS84(gcj)
	fmt.Printf("%.6f %.6f\n", back[0], back[1])
	crs, err := geo.ParseCRS("GCJ02")
	fmt.Println(crs, err)
	// Output:
	// 116.403243 39.909403
	// 116.397000 39.908000
	// gcj02 <nil>
}
