package coverage_test

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/planner/coverage"
)

// A registry's device codes are checked against where its cameras stand: the district
// its row names, or else its code's division, must be the one the camera lies in.
func TestCheckRegistry(t *testing.T) {
	square := func(x0 float64) orb.Polygon {
		return orb.Polygon{{{x0, 39.9}, {x0 + 0.1, 39.9}, {x0 + 0.1, 40}, {x0, 40}, {x0, 39.9}}}
	}
	loc := coverage.NewDistrictLocator([]coverage.District{
		{Name: "朝阳区", Geometry: square(116.4)},
		{Name: "海淀区", Geometry: square(116.2)},
	})
	inChaoyang, inHaidian := orb.Point{116.45, 39.95}, orb.Point{116.25, 39.95}
	cams := []coverage.Camera{
		{ID: "11010500001320000001", Pos: inChaoyang}, // 110105 is 朝阳区: where it stands
		{ID: "11010500001320000002", Pos: inHaidian},  // its code says 朝阳区
		{ID: "11010500001320000003", Pos: inHaidian},  // its row says 北京市海淀区
		{ID: "11010500001310000004", Pos: inHaidian},  // its row says 朝阳区
		{ID: "11010500001180000005", Pos: inChaoyang}, // type 118: a network video recorder
		{ID: "11010500000990000006", Pos: inChaoyang}, // type 099: no device type
		{ID: "cam-7", Pos: inHaidian},                 // not a code
	}
	named := map[string]string{"11010500001320000003": "北京市海淀区", "11010500001310000004": "朝阳区", "cam-7": "朝阳区"}
	check := coverage.CheckRegistry(cams, named, loc)
	var got []string
	for _, f := range check.ToVerify {
		got = append(got, f.Camera[len(f.Camera)-1:]+" "+f.Reason)
	}
	want := "2 district-differs; 4 district-differs; 5 code-not-camera; 6 code-malformed; 7 district-differs"
	if strings.Join(got, "; ") != want {
		t.Errorf("to verify: %s\nwant %s", strings.Join(got, "; "), want)
	}
	for _, c := range []struct {
		i    int
		says string
	}{
		{0, "its code's division 110105 names district 朝阳区, but it stands in 海淀区"},
		{1, "its row names district 朝阳区, but it stands in 海淀区"},
		{3, "digits 11–13"},
	} {
		if s := check.ToVerify[c.i].String(); !strings.Contains(s, c.says) {
			t.Errorf("finding %d says %q, want %q", c.i, s, c.says)
		}
	}
	if check.Coded != 5 {
		t.Errorf("coded %d, want 5", check.Coded)
	}
	ip := 0
	for typ, n := range check.Types {
		if typ.Number == 132 {
			ip = n
		}
	}
	if ip != 3 {
		t.Errorf("types %v, want 3 IP cameras", check.Types)
	}
}
