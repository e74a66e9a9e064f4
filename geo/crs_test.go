package geo_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
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
		want    string
		wantErr bool
	}{
		{"wgs84", "wgs84", "wgs84", false},
		{"upper case", "WGS84", "wgs84", false},
		{"cgcs2000", "CGCS2000", "cgcs2000", false},
		{"gcj02", "gcj02", "gcj02", false},
		{"mixed case", "Gcj02", "gcj02", false},
		{"baidu", "bd09", "bd09", false},
		{"web mercator", "webmercator", "webmercator", false},
		{"epsg code", "EPSG:4326", "wgs84", false},
		{"cgcs2000 by code", "epsg:4490", "cgcs2000", false},
		{"web mercator by code", "EPSG:3857", "webmercator", false},
		{"Gauss-Krüger CM 114E", "EPSG:4547", "epsg:4547", false},
		{"Gauss-Krüger zone 38 with the zone in the easting", "EPSG:4526", "epsg:4526", false},
		{"a GeoJSON file's URN", "urn:ogc:def:crs:EPSG::4547", "epsg:4547", false},
		{"a versioned URN", "urn:ogc:def:crs:EPSG:6.6:4326", "wgs84", false},
		{"CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "wgs84", false},
		{"UTM 50N", "EPSG:32650", "epsg:32650", false},
		{"Xian 1980, not read", "EPSG:2383", "", true},
		{"no number", "epsg:abc", "", true},
		{"empty", "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := geo.ParseCRS(c.in)
			if c.wantErr {
				if !errors.Is(err, geo.ErrUnknownCRS) {
					t.Fatalf("ParseCRS(%q) error = %v, want ErrUnknownCRS", c.in, err)
				}
				for _, s := range []string{"wgs84", "cgcs2000", "gcj02", "bd09", "epsg:4491–4554"} {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not name %s", err, s)
					}
				}
				return
			}
			if err != nil || got.String() != c.want {
				t.Errorf("ParseCRS(%q) = %v, %v, want %v", c.in, got, err, c.want)
			}
		})
	}
}

// Every system's name parses back to the system.
func TestCRSString(t *testing.T) {
	systems := []geo.CRS{geo.WGS84, geo.CGCS2000, geo.GCJ02, geo.BD09, geo.WebMercator}
	for code := 4491; code <= 4554; code++ {
		c, err := geo.CRSFromEPSG(code)
		if err != nil {
			t.Fatal(err)
		}
		systems = append(systems, c)
	}
	for _, c := range systems {
		if back, err := geo.ParseCRS(c.String()); err != nil || back != c {
			t.Errorf("ParseCRS(%q) = %v, %v", c.String(), back, err)
		}
	}
	if geo.WGS84 != (geo.CRS{}) {
		t.Errorf("the zero CRS is not WGS84")
	}
}

// The projections agree with PROJ within a millimetre: testdata/proj.tsv holds positions
// PROJ computed across each zone, from 18.5° to 53.1° north (testdata/proj.sh).
func TestProjectionsAgreeWithPROJ(t *testing.T) {
	b, err := os.ReadFile("testdata/proj.tsv")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	codes := map[int]bool{}
	for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		var code int
		var east, north, lon, lat float64
		if _, err := fmt.Sscanf(line, "%d\t%g\t%g\t%g\t%g", &code, &east, &north, &lon, &lat); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		crs, err := geo.CRSFromEPSG(code)
		if err != nil {
			t.Fatal(err)
		}
		if !crs.Projected() {
			t.Fatalf("EPSG:%d is not projected", code)
		}
		got := crs.ToWGS84(orb.Point{east, north})
		// Metres on the ground of a difference in degrees.
		dy := (got[1] - lat) * 111320
		dx := (got[0] - lon) * 111320 * math.Cos(lat*math.Pi/180)
		if d := math.Hypot(dx, dy); d > 0.001 {
			t.Errorf("EPSG:%d (%.3f, %.3f) → (%.9f, %.9f), PROJ (%.6f, %.6f): %.4f m apart", code, east, north, got[0], got[1], lon, lat, d)
		}
		n++
		codes[code] = true
	}
	if n < 600 || len(codes) < 20 {
		t.Errorf("only %d positions in %d systems", n, len(codes))
	}
}

// BD-09 follows Baidu's published transform: the forward values of the open
// coordtransform library (wandergis/coordtransform, MIT), and the inverse exactly undoes
// it.
func TestBD09(t *testing.T) {
	gcj := orb.Point{116.404, 39.915}
	bd := geo.GCJ02ToBD09(gcj)
	if math.Abs(bd[0]-116.41036949371029) > 1e-12 || math.Abs(bd[1]-39.92133699351021) > 1e-12 {
		t.Errorf("GCJ02ToBD09(%v) = %.14f, %.14f", gcj, bd[0], bd[1])
	}
	if back := geo.BD09ToGCJ02(bd); math.Abs(back[0]-gcj[0]) > 1e-10 || math.Abs(back[1]-gcj[1]) > 1e-10 {
		t.Errorf("BD09ToGCJ02(GCJ02ToBD09(%v)) = %v", gcj, back)
	}
	w := orb.Point{119.421, 32.393}
	viaBD := geo.BD09.ToWGS84(geo.GCJ02ToBD09(geo.WGS84ToGCJ02(w)))
	if d := orbgeo.Distance(w, viaBD); d > 0.001 {
		t.Errorf("WGS84 → GCJ-02 → BD-09 → WGS84 moved %v by %.4f m", w, d)
	}
}

// Positions that can only be metres look projected; a single coordinate out of range is a
// typing error, not a projection.
func TestLooksProjected(t *testing.T) {
	for _, c := range []struct {
		name string
		p    orb.Point
		want bool
	}{
		{"Beijing", orb.Point{116.4, 39.9}, false},
		{"a mistyped longitude", orb.Point{1164, 39.9}, false},
		{"a Gauss-Krüger position", orb.Point{500123.4, 4421184.0}, true},
		{"a Web Mercator position", orb.Point{12957588.7, 4851421.2}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := geo.LooksProjected(c.p); got != c.want {
				t.Errorf("LooksProjected(%v) = %v", c.p, got)
			}
		})
	}
	err := geo.ProjectedError(orb.Point{500123.4, 4421184.0})
	if !errors.Is(err, geo.ErrLooksProjected) || !strings.Contains(err.Error(), "--crs") || !strings.Contains(err.Error(), "epsg:4491–4554") {
		t.Errorf("ProjectedError = %v", err)
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

// Every definition PROJ writes of a system cctvgis reads, as a .prj, a GeoPackage or WKT 2
// carries it, is recognised as that system, by its EPSG code or, without one, by its datum
// and parameters; the definitions of other datums and projections are refused, named.
func TestCRSFromWKT(t *testing.T) {
	b, err := os.ReadFile("testdata/wkt.tsv")
	if err != nil {
		t.Fatal(err)
	}
	refused := map[int]string{2383: "Xian", 4214: "Beijing", 2436: "Beijing", 3395: "Mercator"}
	n := 0
	for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		code, err := strconv.Atoi(fields[0])
		if err != nil || len(fields) != 3 {
			t.Fatalf("line %q", line)
		}
		n++
		t.Run(fields[0]+" "+fields[1], func(t *testing.T) {
			got, err := geo.CRSFromWKT(fields[2])
			if word, ok := refused[code]; ok {
				if !errors.Is(err, geo.ErrUnknownCRS) || !strings.Contains(err.Error(), word) {
					t.Errorf("CRSFromWKT = %v, %v; want ErrUnknownCRS naming %s", got, err, word)
				}
				return
			}
			want, _ := geo.CRSFromEPSG(code)
			if err != nil || got != want {
				t.Errorf("CRSFromWKT = %v, %v; want %v", got, err, want)
			}
		})
	}
	if n < 50 {
		t.Errorf("only %d definitions", n)
	}
}

// Broken definitions are refused with ErrUnknownCRS, never a panic.
func TestCRSFromWKTBroken(t *testing.T) {
	for _, c := range []struct{ name, wkt string }{
		{"empty", ""},
		{"not closed", `GEOGCS["WGS 84",DATUM["WGS_1984"`},
		{"a text not closed", `GEOGCS["WGS 84`},
		{"text after", `GEOGCS["x",DATUM["d",SPHEROID["s",6378137,298.257223563]]] extra`},
		{"no datum", `GEOGCS["x"]`},
		{"a unit of feet", `PROJCS["x",GEOGCS["x",DATUM["d",SPHEROID["s",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"],UNIT["foot",0.3048]]`},
		{"too deep", strings.Repeat("A[", 40) + strings.Repeat("]", 40)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, err := geo.CRSFromWKT(c.wkt); !errors.Is(err, geo.ErrUnknownCRS) {
				t.Errorf("CRSFromWKT(%q) = %v, %v", c.wkt, got, err)
			}
		})
	}
}

func FuzzCRSFromWKT(f *testing.F) {
	b, err := os.ReadFile("testdata/wkt.tsv")
	if err != nil {
		f.Fatal(err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if fields := strings.SplitN(line, "\t", 3); len(fields) == 3 {
			f.Add(fields[2])
		}
	}
	f.Fuzz(func(t *testing.T, wkt string) {
		c, err := geo.CRSFromWKT(wkt)
		if err != nil {
			if !errors.Is(err, geo.ErrUnknownCRS) {
				t.Fatalf("error %v is not ErrUnknownCRS", err)
			}
			return
		}
		if back, err := geo.ParseCRS(c.String()); err != nil || back != c {
			t.Fatalf("%v does not parse back: %v, %v", c, back, err)
		}
	})
}

func ExampleNamedCRS() {
	for _, c := range geo.NamedCRS() {
		p, _ := geo.ParseCRS(c.String())
		fmt.Println(c, p == c)
	}
	// Output:
	// wgs84 true
	// cgcs2000 true
	// gcj02 true
	// bd09 true
	// webmercator true
}
