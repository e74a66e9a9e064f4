package overview

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/internal/httpapi"
	"cctvgis/planner/rulebook"
)

// The limits of the lists.
const (
	// DefaultLimit and MaxLimit bound the gaps and hotspots of one answer.
	DefaultLimit = 50
	MaxLimit     = 500
	// MaxFindings is the most findings one answer places on the map.
	MaxFindings = 5000
)

// Deps are what the overview routes work on.
type Deps struct {
	Findings inspect.FindingStore
	Taxonomy *rulebook.Taxonomy
	// City returns the current state of the city; the server swaps it when the layers
	// change, and a request reads it once.
	City func() *City
}

// Handlers serve the overview routes.
type Handlers struct{ Deps }

// New returns the overview handlers.
func New(d Deps) (*Handlers, error) {
	if d.Findings == nil || d.Taxonomy == nil || d.City == nil {
		return nil, errors.New("overview: Findings, Taxonomy and City are required")
	}
	return &Handlers{Deps: d}, nil
}

// readers may see the overview: the office, not the patrol.
var readers = []auth.Role{auth.RolePlanner, auth.RoleReviewer, auth.RoleSupervisor, auth.RoleAdmin}

// Register mounts the overview routes on api.
func (h *Handlers) Register(api *httpapi.API) error {
	base := httpapi.Base + "/city"
	limit := httpapi.QueryParam("limit", "integer", fmt.Sprintf("most items to return (default %d, at most %d)", DefaultLimit, MaxLimit), false)
	district := httpapi.QueryParam("district", "string", "only this district's (a district-scoped user sees only their own)", false)
	return api.Mount(
		httpapi.Endpoint{Method: "GET", Path: base, Summary: "The city for the web map: rulebook, bounds, districts, categories, owners, the analysis's summary, tile layers and base map.",
			Roles: readers, Responses: map[int]any{200: CityView{}}, Handle: h.city},
		httpapi.Endpoint{Method: "GET", Path: base + "/gaps", Summary: "Mandatory sites not fully covered, worst first: uncovered before partial, then most unwatched key points, then id.",
			Roles: readers, Params: []httpapi.Param{limit, district,
				{In: "query", Name: "category", Type: "string", Description: "only this category's (a taxonomy id)"}},
			Responses: map[int]any{200: GapList{}}, Errors: []int{422}, Handle: h.gaps},
		httpapi.Endpoint{Method: "GET", Path: base + "/hotspots", Summary: "Duplicate-build hotspots in the analysis's rank order, worst first; a hotspot's district is the one its centre lies in.",
			Roles: readers, Params: []httpapi.Param{limit, district},
			Responses: map[int]any{200: HotspotList{}}, Errors: []int{422}, Handle: h.hotspots},
		httpapi.Endpoint{Method: "GET", Path: base + "/findings", Summary: fmt.Sprintf("Inspection findings as GeoJSON points at their camera's (else site's) position, last changed first, at most %d; those without a known position are counted in unplaced.", MaxFindings),
			Roles: readers, Params: []httpapi.Param{
				{In: "query", Name: "status", Type: "string", Description: "comma-separated: open, rectified, verified, reopened (default: all)"},
				{In: "query", Name: "kind", Type: "string", Description: "comma-separated kinds of finding (default: all)"}},
			Responses: map[int]any{200: FindingCollection{}}, Errors: []int{422}, Handle: h.findings},
	)
}

// invalid is the answer for a bad query parameter, naming it.
func invalid(field, reason string) error { return httpapi.Invalid(field, reason) }

func (h *Handlers) city(c echo.Context) error {
	return c.JSON(http.StatusOK, h.City().View())
}

// listQuery reads the parameters of a list: limit, and district, which must name a
// district of the city and is scoped to the caller's; ok is false when the caller asks for
// a district they may not see.
func listQuery(c echo.Context, city *City) (limit int, district string, ok bool, err error) {
	q := httpapi.NewQuery(c)
	if limit = q.Int("limit", DefaultLimit, 1, MaxLimit); q.Err() != nil {
		return 0, "", false, q.Err()
	}
	district = c.QueryParam("district")
	if district != "" && !city.HasDistrict(district) {
		return 0, "", false, invalid("district", fmt.Sprintf("%q is not a district of the city", district))
	}
	u := httpapi.Caller(c)
	if u.District == "" {
		return limit, district, true, nil
	}
	return limit, u.District, district == "" || district == u.District, nil
}

func (h *Handlers) gaps(c echo.Context) error {
	city := h.City()
	limit, district, ok, err := listQuery(c, city)
	if err != nil {
		return err
	}
	category := c.QueryParam("category")
	if _, known := h.Taxonomy.Category(category); category != "" && !known {
		return invalid("category", fmt.Sprintf("%q is not a category (see cctvgis rules categories)", category))
	}
	if !ok {
		return c.JSON(http.StatusOK, GapList{Gaps: []Gap{}})
	}
	return c.JSON(http.StatusOK, city.Gaps(district, category, limit))
}

func (h *Handlers) hotspots(c echo.Context) error {
	city := h.City()
	limit, district, ok, err := listQuery(c, city)
	if err != nil {
		return err
	}
	if !ok {
		return c.JSON(http.StatusOK, HotspotList{Hotspots: []HotspotView{}})
	}
	return c.JSON(http.StatusOK, city.Hotspots(district, limit))
}

func (h *Handlers) findings(c echo.Context) error {
	q := httpapi.NewQuery(c)
	st := httpapi.EnumList(q, "status", inspect.Status("").Values())
	kinds := httpapi.EnumList(q, "kind", inspect.Kind("").Values())
	if err := q.Err(); err != nil {
		return err
	}
	city := h.City()
	out := FindingCollection{Type: "FeatureCollection", Features: []FindingFeature{}}
	var found []inspect.Finding
	err := h.Findings.Findings(c.Request().Context(), inspect.FindingQuery{District: httpapi.Caller(c).District, Status: st},
		func(f inspect.Finding) error {
			if kinds == nil || slices.Contains(kinds, f.Kind) {
				found = append(found, f)
			}
			return nil
		})
	if err != nil {
		return err
	}
	slices.SortFunc(found, func(a, b inspect.Finding) int {
		return cmp.Or(b.UpdatedAt.Compare(a.UpdatedAt), cmp.Compare(a.ID, b.ID))
	})
	for _, f := range found {
		p, ok := city.Position(f.CameraID, f.SiteID)
		if !ok {
			out.Unplaced++
			continue
		}
		if len(out.Features) == MaxFindings {
			continue
		}
		out.Features = append(out.Features, FindingFeature{Type: "Feature",
			Geometry: PointGeometry{Type: "Point", Coordinates: [2]float64{p[0], p[1]}},
			Properties: FindingProperties{ID: f.ID, Kind: f.Kind, Status: f.Status, CameraID: f.CameraID, SiteID: f.SiteID,
				InspectionID: f.InspectionID, District: f.District, Violation: f.Violation, Citation: f.Rule.Citation,
				CitationEn: f.Rule.CitationEn, Deadline: f.Deadline, Detail: f.Detail}})
	}
	return c.JSON(http.StatusOK, out)
}
