package overview_test

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"cctvgis/mobileapi"
	"cctvgis/web/overview"
)

// The planning office (planner, reviewer, supervisor, admin) gets the city's frame; a
// patrol inspector does not.
func TestCityFrame(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		var v overview.CityView
		h.JSON(h.Do("GET", "/api/v1/city", "planner", nil), 200, &v)
		if v.Rulebook != "yangzhou" || v.JurisdictionZh != "扬州市" || v.JurisdictionEn != "Yangzhou" || v.On.String() != "2026-11-30" {
			t.Errorf("rulebook %q, jurisdiction %q/%q, on %s", v.Rulebook, v.JurisdictionZh, v.JurisdictionEn, v.On)
		}
		if v.BBox != (overview.BBox{119.38, 32.38, 119.42, 32.40}) {
			t.Errorf("bbox %v, want the two districts'", v.BBox)
		}
		if len(v.Districts) != 2 || v.Districts[0].Name != "广陵区" || v.Districts[0].BBox != (overview.BBox{119.40, 32.38, 119.42, 32.40}) {
			t.Errorf("districts %+v", v.Districts)
		}
		want := []string{"万达广场", "公安局", "工商银行", "育才小学", "苏北医院"}
		slices.Sort(want)
		if !slices.Equal(v.Owners, want) {
			t.Errorf("owners %v, want %v", v.Owners, want)
		}
		cats := map[string]overview.CategoryView{}
		for _, c := range v.Categories {
			cats[c.ID] = c
		}
		if c, ok := cats["education"]; !ok || !c.Mandatory || c.Zh == "" || c.Kind != "site" {
			t.Errorf("education: %+v", c)
		}
		if c, ok := cats["urban_road"]; !ok || !c.Mandatory {
			t.Errorf("a mandatory road class the city lacks is listed all the same: %+v", c)
		}
		if v.Summary.Cameras != 7 || v.Summary.MandatorySites.Total != 5 || v.Summary.MandatorySites.Covered != 1 {
			t.Errorf("summary: %d cameras, mandatory sites %+v", v.Summary.Cameras, v.Summary.MandatorySites)
		}
		if !slices.ContainsFunc(v.Layers, func(l overview.LayerView) bool { return l.Name == "cameras" && l.Features == 7 }) {
			t.Errorf("tile layers %+v", v.Layers)
		}
		if v.Basemap != nil {
			t.Errorf("basemap %+v, want null by default", v.Basemap)
		}
		for _, role := range []string{"reviewer", "supervisor", "admin", "planner-west"} {
			h.JSON(h.Do("GET", "/api/v1/city", role, nil), 200, nil)
		}
		h.refused(h.Do("GET", "/api/v1/city", "insp", nil), 403, "")
		h.refused(h.Do("GET", "/api/v1/city", "", nil), 401, "")
	})
}

func gapIDs(l overview.GapList) []string {
	var ids []string
	for _, g := range l.Gaps {
		ids = append(ids, g.SiteID)
	}
	return ids
}

// Gaps come worst first: uncovered before partial, then most unwatched key points; filters
// by district and category; a district-scoped user sees their district's only.
func TestGaps(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		tests := []struct {
			name, user, query string
			total             int
			want              []string
		}{
			{"worst first", "planner", "", 4, []string{"bank-c", "museum-e", "school-a", "hospital-b"}},
			{"limit keeps the total", "planner", "?limit=2", 4, []string{"bank-c", "museum-e"}},
			{"by district", "planner", "?district=" + east, 3, []string{"museum-e", "school-a", "hospital-b"}},
			{"by category", "reviewer", "?category=medical", 1, []string{"hospital-b"}},
			{"a category the city lacks", "planner", "?category=airport", 0, nil},
			{"a district-scoped planner", "planner-west", "", 1, []string{"bank-c"}},
			{"a district-scoped planner asking for another district", "planner-west", "?district=" + east, 0, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var l overview.GapList
				h.JSON(h.Do("GET", "/api/v1/city/gaps"+tt.query, tt.user, nil), 200, &l)
				if l.Total != tt.total || !slices.Equal(gapIDs(l), tt.want) {
					t.Errorf("total %d, gaps %v; want %d, %v", l.Total, gapIDs(l), tt.total, tt.want)
				}
			})
		}
		var l overview.GapList
		h.JSON(h.Do("GET", "/api/v1/city/gaps", "planner", nil), 200, &l)
		for _, g := range l.Gaps {
			wantCov := overview.GapNone
			if g.SiteID == "hospital-b" {
				wantCov = overview.GapPartial
			}
			if g.Coverage != wantCov || g.Name == "" || g.District == "" {
				t.Errorf("gap %+v, want coverage %s", g, wantCov)
			}
		}
		if g := l.Gaps[0]; math.Abs(g.Lon-119.3855) > 1e-9 || math.Abs(g.Lat-32.3855) > 1e-9 {
			t.Errorf("the bank's point %v, %v; want its centroid", g.Lon, g.Lat)
		}
		if g := l.Gaps[2]; g.Lon != 119.41 || g.Lat != 32.39 {
			t.Errorf("the school's point %v, %v; want the point itself", g.Lon, g.Lat)
		}
	})
}

// A bad limit, an unknown district or category is refused naming the parameter.
func TestOverviewRefusesBadQueries(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		tests := []struct{ name, path, field string }{
			{"limit zero", "/api/v1/city/gaps?limit=0", "limit"},
			{"limit above 500", "/api/v1/city/gaps?limit=501", "limit"},
			{"limit not a number", "/api/v1/city/hotspots?limit=ten", "limit"},
			{"unknown district", "/api/v1/city/gaps?district=" + "江都区", "district"},
			{"unknown district of hotspots", "/api/v1/city/hotspots?district=nowhere", "district"},
			{"unknown category", "/api/v1/city/gaps?category=castle", "category"},
			{"unknown status", "/api/v1/city/findings?status=closed", "status"},
			{"unknown kind", "/api/v1/city/findings?kind=graffiti", "kind"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h.refused(h.Do("GET", tt.path, "planner", nil), 422, tt.field)
			})
		}
	})
}

// Hotspots come in the analysis's rank order: the west's three owners before the east's
// two, whose 200 m of overlap are cut into places of at most 150 m; the district filter
// keeps the hotspots whose centre lies in it.
func TestHotspotsRanked(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		var l overview.HotspotList
		h.JSON(h.Do("GET", "/api/v1/city/hotspots", "planner", nil), 200, &l)
		if l.Total != len(h.res.Hotspots) || l.Total < 2 {
			t.Fatalf("%d hotspots, the analysis finds %d", l.Total, len(h.res.Hotspots))
		}
		for i, hs := range l.Hotspots {
			a := h.res.Hotspots[i]
			if hs.ID != a.ID || hs.Rank != i+1 || hs.Owners != len(a.Owners) || hs.Cameras != len(a.Cameras) {
				t.Errorf("hotspot %d: %+v, the analysis ranks %s with %d owners", i, hs, a.ID, len(a.Owners))
			}
			if i > 0 && hs.Score > l.Hotspots[i-1].Score {
				t.Errorf("hotspot %s scores %v above %s's %v", hs.ID, hs.Score, l.Hotspots[i-1].ID, l.Hotspots[i-1].Score)
			}
		}
		if first := l.Hotspots[0]; first.Owners != 3 || first.MaxOwners != 3 || first.Lon > 119.40 || first.GovernmentShare != 1 ||
			!slices.Equal(first.OwnerNames, []string{"公安局", "工商银行", "育才小学"}) {
			t.Errorf("first hotspot %+v, want the west's three owners", first)
		}
		var inEast overview.HotspotList
		h.JSON(h.Do("GET", "/api/v1/city/hotspots?district="+east+"&limit=1", "supervisor", nil), 200, &inEast)
		if inEast.Total < 2 || len(inEast.Hotspots) != 1 || inEast.Hotspots[0].Owners != 2 || inEast.Hotspots[0].Rank == 1 ||
			!slices.Equal(inEast.Hotspots[0].OwnerNames, []string{"万达广场", "公安局"}) {
			t.Errorf("the east's hotspots %+v", inEast)
		}
	})
}

// A check, as the phone sends it, next to a camera.
func check(n int, camera string, lon, lat float64, extra map[string]any) map[string]any {
	c := map[string]any{
		"id": fmt.Sprintf("00000000-0000-4000-8000-%012d", n), "camera_id": camera,
		"position":    map[string]any{"lat": lat, "lon": lon, "accuracy_m": 5},
		"observed_at": now.Add(-time.Hour).Format(time.RFC3339),
	}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// Findings come as GeoJSON at their camera's position, newest first; a supervisor of one
// district sees that district's only; status and kind filter them.
func TestFindingsOnTheMap(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		hosp, park := h.camera("cam-h"), h.camera("cam-p")
		h.JSON(h.Do("POST", "/api/v1/inspections", "insp", check(1, "cam-h", hosp.Pos[0], hosp.Pos[1],
			map[string]any{"lens": map[string]any{"measured_azimuth_deg": 150, "method": "compass"}})), 201, nil)
		h.JSON(h.Do("POST", "/api/v1/inspections", "insp", check(2, "cam-p", park.Pos[0], park.Pos[1],
			map[string]any{"signage": map[string]any{"present": false, "legible": false}})), 201, nil)

		var fc overview.FindingCollection
		h.JSON(h.Do("GET", "/api/v1/city/findings", "supervisor", nil), 200, &fc)
		if fc.Type != "FeatureCollection" || len(fc.Features) != 2 || fc.Unplaced != 0 {
			t.Fatalf("findings %+v", fc)
		}
		for _, f := range fc.Features {
			cam := h.camera(f.Properties.CameraID)
			if f.Type != "Feature" || f.Geometry.Type != "Point" || f.Geometry.Coordinates != [2]float64{cam.Pos[0], cam.Pos[1]} {
				t.Errorf("finding %s at %v, its camera %s stands at %v", f.Properties.ID, f.Geometry, cam.ID, cam.Pos)
			}
			if f.Properties.Citation == "" || f.Properties.CitationEn == "" || f.Properties.Deadline.IsZero() ||
				f.Properties.InspectionID == "" || f.Properties.Status != "open" {
				t.Errorf("finding properties %+v", f.Properties)
			}
		}
		tests := []struct {
			name, user, query string
			want              []string
		}{
			{"a district-scoped supervisor", "super-west", "", []string{"cam-p"}},
			{"by kind", "planner", "?kind=direction_changed", []string{"cam-h"}},
			{"by status", "reviewer", "?status=verified,rectified", nil},
			{"by status and kind", "admin", "?status=open&kind=no_signage,obstructed", []string{"cam-p"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var fc overview.FindingCollection
				h.JSON(h.Do("GET", "/api/v1/city/findings"+tt.query, tt.user, nil), 200, &fc)
				var got []string
				for _, f := range fc.Features {
					got = append(got, f.Properties.CameraID)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("findings of %v, want %v", got, tt.want)
				}
			})
		}
		h.refused(h.Do("GET", "/api/v1/city/findings", "insp", nil), 403, "")
	})
}

// The map shows a clicked camera to the office as to the patrol, district scoped.
func TestCameraForTheMap(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		for _, user := range []string{"planner", "reviewer", "supervisor", "admin", "insp"} {
			var d mobileapi.CameraDetail
			h.JSON(h.Do("GET", "/api/v1/cameras/cam-h", user, nil), 200, &d)
			if d.ID != "cam-h" || d.District != east {
				t.Errorf("%s sees %+v", user, d.CameraSummary)
			}
		}
		h.refused(h.Do("GET", "/api/v1/cameras/cam-h", "planner-west", nil), 404, "id")
		h.JSON(h.Do("GET", "/api/v1/cameras/cam-p", "planner-west", nil), 200, nil)
	})
}
