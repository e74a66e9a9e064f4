package overview

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// MaxOwners is the most camera owners /city lists.
const MaxOwners = 500

// Input is one state of the city and what the map is told about it.
type Input struct {
	// City is the state of the city: its layers, their analysis and its index.
	City     *coverage.City
	Rulebook *rulebook.Rulebook
	Taxonomy *rulebook.Taxonomy
	// Tiles are the layers of the city's vector tiles.
	Tiles []LayerView
	// Basemap is the raster base map, nil for none.
	Basemap *Basemap
}

// City is the overview of one state of the city, computed once when the state is made and
// read concurrently afterwards; the server makes a new one when the layers change.
type City struct {
	view CityView
	// gaps are the mandatory sites not fully covered, worst first (see NewCity).
	gaps []Gap
	// hotspots are in the analysis's rank order, each with the district its centre lies in.
	hotspots         []HotspotView
	hotspotDistricts []string
	// districts are the district names, to check a query's district against.
	districts map[string]bool
	// city gives where each camera stands and a point inside each site.
	city *coverage.City
}

// NewCity computes the overview of in. Gaps are ordered worst first: uncovered sites
// before partial ones, then by how many of their key points no camera sees (most first),
// then by site id, so that the order is stable across runs.
func NewCity(in Input) *City {
	res := in.City.Result
	l, rules := res.Layers, res.Rules
	c := &City{
		districts: make(map[string]bool, len(l.Districts)),
		city:      in.City,
		gaps:      []Gap{},
		hotspots:  []HotspotView{},
	}
	c.view = CityView{
		Rulebook: rules.Code, NameZh: rules.NameZh, NameEn: rules.NameEn,
		JurisdictionZh: in.Rulebook.JurisdictionZh, JurisdictionEn: in.Rulebook.JurisdictionEn,
		On: rules.On, Districts: []DistrictView{}, Owners: owners(l.Cameras),
		Categories: categories(l, rules, in.Taxonomy), Layers: in.Tiles, Basemap: in.Basemap,
		Summary: views.NewSummary(res.Summary),
	}
	if c.view.Layers == nil {
		c.view.Layers = []LayerView{}
	}
	var all orb.Bound
	first := true
	extend := func(b orb.Bound) {
		if first {
			all, first = b, false
			return
		}
		all = all.Union(b)
	}
	for _, d := range l.Districts {
		b := d.Geometry.Bound()
		c.districts[d.Name] = true
		c.view.Districts = append(c.view.Districts, DistrictView{Name: d.Name, BBox: bbox(b)})
		extend(b)
	}
	for _, cam := range l.Cameras {
		extend(cam.Pos.Bound())
	}
	for _, s := range l.Sites {
		extend(s.Geometry.Bound())
	}
	if !first {
		c.view.BBox = bbox(all)
	}
	type ranked struct {
		gap       Gap
		unwatched int
		uncovered bool
	}
	var gaps []ranked
	for i := range res.Sites {
		r := &res.Sites[i]
		s := &l.Sites[r.Site]
		if !r.Mandatory || r.Coverage == coverage.Covered {
			continue
		}
		p := coverage.PointInside(s.Geometry)
		g := Gap{SiteID: s.ID, Name: s.Name, Category: s.Category, District: r.DistrictName(), Coverage: GapPartial, Lon: p[0], Lat: p[1]}
		if r.Coverage == coverage.Uncovered {
			g.Coverage = GapNone
		}
		unwatched := 0
		for _, kp := range r.KeyPoints {
			if len(kp.Cameras) == 0 {
				unwatched++
			}
		}
		gaps = append(gaps, ranked{g, unwatched, r.Coverage == coverage.Uncovered})
	}
	slices.SortFunc(gaps, func(a, b ranked) int {
		if a.uncovered != b.uncovered {
			if a.uncovered {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.unwatched, a.unwatched), cmp.Compare(a.gap.SiteID, b.gap.SiteID))
	})
	for _, g := range gaps {
		c.gaps = append(c.gaps, g.gap)
	}
	locate := coverage.NewDistrictLocator(l.Districts)
	for rank, h := range res.Hotspots {
		c.hotspots = append(c.hotspots, HotspotView{ID: h.ID, Rank: rank + 1, Score: round(h.Score, 1000),
			Owners: len(h.Owners), OwnerNames: h.Owners[:min(MaxHotspotOwnerNames, len(h.Owners))], MaxOwners: h.MaxOwners,
			Cameras: len(h.Cameras), GovernmentShare: round(h.GovernmentShare, 1000), AreaM2: round(h.AreaM2, 100),
			Lon: h.Centre[0], Lat: h.Centre[1]})
		c.hotspotDistricts = append(c.hotspotDistricts, locate.Find(h.Centre))
	}
	return c
}

func bbox(b orb.Bound) BBox { return BBox{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} }

func round(v, per float64) float64 { return math.Round(v*per) / per }

// owners are the distinct owners of the cameras, sorted, at most MaxOwners.
func owners(cams []coverage.Camera) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, c := range cams {
		if c.Owner != "" && !seen[c.Owner] {
			seen[c.Owner] = true
			out = append(out, c.Owner)
		}
	}
	slices.Sort(out)
	if len(out) > MaxOwners {
		out = out[:MaxOwners]
	}
	return out
}

// categories are the taxonomy's categories that the city's sites or roads have or that the
// rules make mandatory, in the taxonomy's order.
func categories(l *coverage.Layers, rules *rulebook.EffectiveRules, t *rulebook.Taxonomy) []CategoryView {
	present := map[string]bool{}
	for _, s := range l.Sites {
		present[s.Category] = true
	}
	for _, r := range l.Roads {
		present[r.Class] = true
	}
	mandatory := t.CitedCategories(rules.MandatoryCategories)
	out := []CategoryView{}
	for _, cat := range t.Categories {
		_, m := mandatory[cat.ID]
		if present[cat.ID] || m {
			out = append(out, CategoryView{Category: views.NewCategory(cat), Mandatory: m})
		}
	}
	return out
}

// View is the city's frame, for GET /city.
func (c *City) View() CityView { return c.view }

// HasDistrict reports whether the city has a district of that name.
func (c *City) HasDistrict(name string) bool { return c.districts[name] }

// Gaps are the gaps of the district ("" for all) and category ("" for all), worst first:
// how many match and the first limit of them.
func (c *City) Gaps(district, category string, limit int) GapList {
	out := GapList{Gaps: []Gap{}}
	for _, g := range c.gaps {
		if district != "" && g.District != district || category != "" && g.Category != category {
			continue
		}
		out.Total++
		if len(out.Gaps) < limit {
			out.Gaps = append(out.Gaps, g)
		}
	}
	return out
}

// Hotspots are the hotspots whose centre lies in the district ("" for all), in rank order:
// how many match and the first limit of them.
func (c *City) Hotspots(district string, limit int) HotspotList {
	out := HotspotList{Hotspots: []HotspotView{}}
	for i, h := range c.hotspots {
		if district != "" && c.hotspotDistricts[i] != district {
			continue
		}
		out.Total++
		if len(out.Hotspots) < limit {
			out.Hotspots = append(out.Hotspots, h)
		}
	}
	return out
}

// Position is where a finding of the camera (else the site) is shown: the camera's
// position or a point inside the site; ok is false when neither is in the layers.
func (c *City) Position(cameraID, siteID string) (orb.Point, bool) {
	if i, ok := c.city.Camera(cameraID); ok && cameraID != "" {
		cam, _ := c.city.CameraAt(i)
		return cam.Pos, true
	}
	if i, ok := c.city.Site(siteID); ok && siteID != "" {
		s, _ := c.city.SiteAt(i)
		return coverage.PointInside(s.Geometry), true
	}
	return orb.Point{}, false
}
