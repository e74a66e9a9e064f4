package overview_test

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/auth"
	"cctvgis/data/pgtest"
	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
	"cctvgis/internal/httpapi/apitest"
	"cctvgis/internal/server/servertest"
	"cctvgis/planner/coverage"
)

// onStores runs test once on each store.
func onStores(t *testing.T, test func(t *testing.T, h *harness)) {
	t.Helper()
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		test(t, newHarness(t, url))
	})
}

const (
	east = "广陵区"
	west = "邗江区"
)

// now is the server's clock: a day Yangzhou's rules are in force, with the national ones.
var now = time.Date(2026, 11, 30, 10, 0, 0, 0, inspect.ChinaTime())

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// city is two districts of Yangzhou. Mandatory sites: a bank (west) with three entrances
// no camera sees, a museum (east) with two, a school (east, a point), a hospital (east)
// with one of its two entrances watched, and a park (west) that is covered. Two owners'
// domes overlap in the east, three owners' in the west.
func city() *coverage.Layers {
	dome := func(id string, x, y float64, owner string) coverage.Camera {
		return coverage.Camera{ID: id, Pos: orb.Point{x, y}, Azimuth: 0, HFOV: 360, Range: 100, Owner: owner, Investment: coverage.Government}
	}
	return &coverage.Layers{
		Districts: []coverage.District{
			{Name: east, Geometry: square(119.40, 32.38, 119.42, 32.40)},
			{Name: west, Geometry: square(119.38, 32.38, 119.40, 32.40)},
		},
		Sites: []coverage.Site{
			{ID: "bank-c", Category: "financial", Name: "工商银行", District: west, Geometry: square(119.385, 32.385, 119.386, 32.386)},
			{ID: "museum-e", Category: "museum", Name: "扬州博物馆", District: east, Geometry: square(119.415, 32.395, 119.416, 32.396)},
			{ID: "school-a", Category: "education", Name: "育才小学", District: east, Geometry: orb.Point{119.41, 32.39}},
			{ID: "hospital-b", Category: "medical", Name: "苏北医院", District: east, Geometry: square(119.405, 32.385, 119.406, 32.386)},
			{ID: "park-d", Category: "park", Name: "荷花池公园", District: west, Geometry: orb.Point{119.39, 32.39}},
		},
		Entrances: []coverage.Entrance{
			{SiteID: "bank-c", Pos: orb.Point{119.3851, 32.385}}, {SiteID: "bank-c", Pos: orb.Point{119.3855, 32.385}},
			{SiteID: "bank-c", Pos: orb.Point{119.3859, 32.385}},
			{SiteID: "museum-e", Pos: orb.Point{119.4152, 32.395}}, {SiteID: "museum-e", Pos: orb.Point{119.4158, 32.395}},
			{SiteID: "hospital-b", Pos: orb.Point{119.405, 32.3855}}, {SiteID: "hospital-b", Pos: orb.Point{119.406, 32.3855}},
		},
		Cameras: []coverage.Camera{
			{ID: "cam-h", Pos: orb.Point{119.4048, 32.3855}, Azimuth: 90, HFOV: 60, Range: 30, Owner: "苏北医院", Investment: coverage.Private},
			{ID: "cam-p", Pos: orb.Point{119.3899, 32.39}, Azimuth: 90, HFOV: 90, Range: 30, Owner: "公安局", Investment: coverage.Government},
			dome("cam-g1", 119.415, 32.385, "公安局"), dome("cam-g2", 119.415, 32.385, "万达广场"),
			dome("cam-w1", 119.385, 32.395, "公安局"), dome("cam-w2", 119.385, 32.395, "工商银行"), dome("cam-w3", 119.385, 32.395, "育才小学"),
		},
	}
}

// harness is the production server over a store, with users logged in.
type harness struct {
	*servertest.Harness
	t      *testing.T
	layers *coverage.Layers
	res    *coverage.Result
}

func newHarness(t *testing.T, url string) *harness {
	t.Helper()
	var users []servertest.User
	for _, u := range []struct {
		name     string
		role     auth.Role
		district string
	}{
		{"planner", auth.RolePlanner, ""}, {"planner-west", auth.RolePlanner, west}, {"reviewer", auth.RoleReviewer, ""},
		{"supervisor", auth.RoleSupervisor, ""}, {"super-west", auth.RoleSupervisor, west}, {"admin", auth.RoleAdmin, ""},
		{"insp", auth.RoleInspector, ""},
	} {
		users = append(users, servertest.User{Name: u.name, Role: u.role, District: u.district})
	}
	l := city()
	h := servertest.Start(t, url, servertest.Options{Rules: "yangzhou", Layers: l, Start: now, Users: users})
	return &harness{Harness: h, t: t, layers: l, res: h.Server.City().Result}
}

// refused checks an error answer's status and the field it names.
func (h *harness) refused(r apitest.Response, status int, field string) {
	h.t.Helper()
	var e httpapi.ErrorBody
	h.JSON(r, status, &e)
	if e.Field != field {
		h.t.Errorf("error %+v, want field %q", e, field)
	}
}

// camera is the test city's camera with the id.
func (h *harness) camera(id string) coverage.Camera {
	h.t.Helper()
	for _, c := range h.layers.Cameras {
		if c.ID == id {
			return c
		}
	}
	h.t.Fatalf("no camera %s", id)
	return coverage.Camera{}
}
