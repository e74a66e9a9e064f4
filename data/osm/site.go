package osm

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"cctvgis/planner/coverage"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/osm"
)

// pendingSite is a site read and the element it came from, held back until near
// duplicates are merged.
type pendingSite struct {
	coverage.Site
	at coverage.Position
	// into is the id of the site this one was merged into, "" when it is kept.
	into string
}

// pendingEntrance is an entrance read and the node it came from.
type pendingEntrance struct {
	coverage.Entrance
	at coverage.Position
}

// stationEntrance is a node that is the entrance of a station of category nearby.
type stationEntrance struct {
	at       coverage.Position
	pos      orb.Point
	category string
	kind     string
}

// passageEnd is the kind of the entrances at the two ends of a passage.
const passageEnd = "end"

// mergedPoint is the kind of the key points a point site takes from the point sites merged
// into it, its own position among them.
const mergedPoint = "merged"

// firstMatch returns the first row of table that tags match.
func firstMatch(table []TagRule, tags osm.Tags) (TagRule, bool) {
	for _, m := range table {
		if m.matches(tags) {
			return m, true
		}
	}
	return TagRule{}, false
}

// isOccluder reports whether tags give one of keys a value other than "no".
func isOccluder(keys []string, tags osm.Tags) bool {
	for _, k := range keys {
		if v := tags.Find(k); v != "" && v != "no" {
			return true
		}
	}
	return false
}

// buildingHeight is a building's height in metres: its height tag, else its
// building:levels times the storey height, else 0 (unknown). A value it cannot read counts
// as unknown: a building's height is a refinement, never a reason to drop it.
func (o *osmReader) buildingHeight(tags osm.Tags) float64 {
	if h, ok := parseHeight(tags.Find("height")); ok && h > 0 {
		return h
	}
	levels, err := strconv.ParseFloat(strings.TrimSpace(tags.Find("building:levels")), 64)
	if err != nil || !(levels > 0) || math.IsInf(levels, 0) {
		return 0
	}
	return levels * o.opt.StoreyHeight
}

// ringEntrances keeps the entrance nodes among refs, with positions pts, as entrances of
// site id.
func (o *osmReader) ringEntrances(id string, refs []osm.NodeID, pts []orb.Point) {
	for j, ref := range refs {
		if kind, ok := o.entrances[ref]; ok {
			o.siteEntrances = append(o.siteEntrances, pendingEntrance{
				Entrance: coverage.Entrance{SiteID: id, Pos: pts[j], Kind: kind},
				at:       Nodes.At(int64(ref)),
			})
		}
	}
}

// passage keeps a footbridge or underpass way as a Point site at the middle of its length
// with its two ends as entrances: a passage is crossed from end to end, and its ends
// (stairs, ramps, mouths) are where a camera sees who uses it.
func (o *osmReader) passage(w osmWay, id string, at coverage.Position, pts []orb.Point) {
	o.sites = append(o.sites, pendingSite{Site: coverage.Site{
		ID: id, Category: w.passage, Name: w.name, Geometry: middle(pts),
	}, at: at})
	ends := []int{0, len(pts) - 1}
	if pts[0] == pts[len(pts)-1] {
		ends = ends[:1]
	}
	for _, k := range ends {
		o.siteEntrances = append(o.siteEntrances, pendingEntrance{
			Entrance: coverage.Entrance{SiteID: id, Pos: pts[k], Kind: passageEnd},
			at:       Nodes.At(int64(w.refs[k])),
		})
	}
}

// middle returns the point halfway along a line.
func middle(pts []orb.Point) orb.Point {
	total := 0.0
	for i := 1; i < len(pts); i++ {
		total += metres(pts[i-1], pts[i])
	}
	half := total / 2
	for i := 1; i < len(pts); i++ {
		d := metres(pts[i-1], pts[i])
		if d >= half && d > 0 {
			t := half / d
			a, b := pts[i-1], pts[i]
			return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
		}
		half -= d
	}
	return pts[0]
}

// mergeDuplicates merges each site into an earlier one of the same category and name
// within opt.DuplicateDistance metres: the same place mapped twice, such as a bus stop
// drawn as two nodes (often one platform per direction) or a school as a node and an
// area. Areas are kept before points, then the first in the file; the merged site's
// entrances move to the one kept. A point merged into a point is not lost: both positions
// become key points (kind "merged") of the site kept, so that covering it means seeing
// both. Unnamed sites are never merged, save intersections: traffic signals carry no name
// and are mapped on each approach of one junction.
func (o *osmReader) mergeDuplicates() {
	d := o.opt.DuplicateDistance
	if d < 0 {
		return
	}
	order := make([]int, len(o.sites))
	for i := range order {
		order[i] = i
	}
	point := func(i int) bool { _, ok := o.sites[i].Geometry.(orb.Point); return ok }
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := point(a), point(b)
		if pa == pb {
			return 0
		}
		if pb {
			return -1
		}
		return 1
	})
	idx := newNearIndex(d)
	into := map[string]string{}
	for _, i := range order {
		s := &o.sites[i]
		if s.Name == "" && s.Category != "intersection" {
			continue
		}
		group := s.Category + "\x00" + s.Name
		b := s.Geometry.Bound()
		if k := idx.find(group, b, func(k int) bool { return between(o.sites[k].Geometry, s.Geometry) <= d }); k >= 0 {
			kept := &o.sites[k]
			s.into = kept.ID
			into[s.ID] = s.into
			o.skipNamed(skipDuplicate, s.at.String()+" into "+s.into)
			if p, ok := s.Geometry.(orb.Point); ok {
				if q, ok := kept.Geometry.(orb.Point); ok {
					o.siteEntrances = append(o.siteEntrances,
						pendingEntrance{Entrance: coverage.Entrance{SiteID: kept.ID, Pos: q, Kind: mergedPoint}, at: kept.at},
						pendingEntrance{Entrance: coverage.Entrance{SiteID: kept.ID, Pos: p, Kind: mergedPoint}, at: s.at})
				}
			}
			continue
		}
		idx.add(group, b, i)
	}
	for i := range o.siteEntrances {
		if id, ok := into[o.siteEntrances[i].SiteID]; ok {
			o.siteEntrances[i].SiteID = id
		}
	}
}

// attachStations makes each station entrance an entrance of the nearest kept site of its
// category that contains it or lies within opt.StationEntranceRadius metres.
func (o *osmReader) attachStations() {
	for _, st := range o.stations {
		best, bestD := -1, math.Inf(1)
		for i, s := range o.sites {
			if s.into != "" || s.Category != st.category {
				continue
			}
			if d := distance(st.pos, s.Geometry); d <= o.opt.StationEntranceRadius && d < bestD {
				best, bestD = i, d
			}
		}
		if best < 0 {
			o.skipAt(skipNoStation, st.at)
			continue
		}
		o.siteEntrances = append(o.siteEntrances, pendingEntrance{
			Entrance: coverage.Entrance{SiteID: o.sites[best].ID, Pos: st.pos, Kind: st.kind},
			at:       st.at,
		})
	}
}

// pushSites adds the kept sites and then all entrances to into, each located at its
// element, an entrance given twice for one site (a station entrance on the station's
// way) once.
func (o *osmReader) pushSites(into *coverage.Layers) {
	for _, s := range o.sites {
		if s.into != "" {
			continue
		}
		into.Sites = coverage.Push(into.Sites, s.Site)
		o.count(into, coverage.LayerSites, s.at)
		o.stats.Categories[s.Category]++
	}
	type key struct {
		site string
		at   coverage.Position
	}
	seen := make(map[key]bool, len(o.siteEntrances))
	for _, e := range o.siteEntrances {
		k := key{e.SiteID, e.at}
		if seen[k] {
			continue
		}
		seen[k] = true
		into.Entrances = coverage.Push(into.Entrances, e.Entrance)
		o.count(into, coverage.LayerEntrances, e.at)
	}
}

// metresPerDegree is the length of one degree of latitude on a sphere of the Earth's mean
// radius (6,371,008.8 m).
const metresPerDegree = 111_195.08

// offset returns where q lies from p in metres, east and north, in an equirectangular
// approximation whose error is far below a metre over the tens of metres it measures.
func offset(p, q orb.Point) (x, y float64) {
	return (q[0] - p[0]) * metresPerDegree * math.Cos(p[1]*math.Pi/180), (q[1] - p[1]) * metresPerDegree
}

// metres returns the distance in metres between two nearby points.
func metres(p, q orb.Point) float64 { return math.Hypot(offset(p, q)) }

// distance returns the distance in metres from p to g, a point, polygon or multipolygon:
// 0 inside a polygon, else to its nearest edge.
func distance(p orb.Point, g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Point:
		return metres(p, g)
	case orb.Polygon:
		return distance(p, orb.MultiPolygon{g})
	case orb.MultiPolygon:
		if planar.MultiPolygonContains(g, p) {
			return 0
		}
		d := math.Inf(1)
		for _, poly := range g {
			for _, ring := range poly {
				for i := 1; i < len(ring); i++ {
					d = min(d, segmentDistance(p, ring[i-1], ring[i]))
				}
			}
		}
		return d
	}
	return math.Inf(1)
}

// segmentDistance returns the distance in metres from p to the segment a–b.
func segmentDistance(p, a, b orb.Point) float64 {
	ax, ay := offset(p, a)
	bx, by := offset(p, b)
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = max(0, min(1, -(ax*dx+ay*dy)/l2))
	}
	return math.Hypot(ax+t*dx, ay+t*dy)
}

// between returns the distance in metres between two sites' geometries; for two areas,
// the least distance from a vertex of either to the other, 0 when they overlap at a
// vertex.
func between(a, b orb.Geometry) float64 {
	if p, ok := a.(orb.Point); ok {
		return distance(p, b)
	}
	if p, ok := b.(orb.Point); ok {
		return distance(p, a)
	}
	d := math.Inf(1)
	for _, pair := range [][2]orb.Geometry{{a, b}, {b, a}} {
		for _, p := range vertices(pair[0]) {
			d = min(d, distance(p, pair[1]))
		}
	}
	return d
}

// vertices returns the positions of a polygon's or multipolygon's rings.
func vertices(g orb.Geometry) []orb.Point {
	var out []orb.Point
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			out = append(out, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = append(out, vertices(p)...)
		}
	}
	return out
}

// nearIndex finds, among the sites added to a group, the first one near a bound: a grid of
// cells about d metres wide, each site listed in the cells its bound, widened by d,
// covers. A site that would cover more than maxNearCells cells (a campus) is listed
// apart and tried against every bound of its group.
type nearIndex struct {
	// cell is the side of a cell in degrees, d metres of latitude.
	cell  float64
	d     float64
	cells map[nearKey][]int
	big   map[string][]int
}

// maxNearCells is how many cells one site may cover in a nearIndex.
const maxNearCells = 64

type nearKey struct {
	group string
	x, y  int64
}

func newNearIndex(d float64) *nearIndex {
	return &nearIndex{cell: max(d, 1) / metresPerDegree, d: d, cells: map[nearKey][]int{}, big: map[string][]int{}}
}

// span returns the cells that a bound widened by d metres covers.
func (x *nearIndex) span(b orb.Bound) (x0, y0, x1, y1 int64) {
	dLat := x.d / metresPerDegree
	dLon := dLat / max(math.Cos(b.Max[1]*math.Pi/180), math.Cos(b.Min[1]*math.Pi/180), 0.01)
	return int64(math.Floor((b.Min[0] - dLon) / x.cell)), int64(math.Floor((b.Min[1] - dLat) / x.cell)),
		int64(math.Floor((b.Max[0] + dLon) / x.cell)), int64(math.Floor((b.Max[1] + dLat) / x.cell))
}

func (x *nearIndex) add(group string, b orb.Bound, i int) {
	x0, y0, x1, y1 := x.span(b)
	if (x1-x0+1)*(y1-y0+1) > maxNearCells {
		x.big[group] = append(x.big[group], i)
		return
	}
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			k := nearKey{group, cx, cy}
			x.cells[k] = append(x.cells[k], i)
		}
	}
}

// find returns the first site in the file, among those added to group, that near reports
// near to a site of bound b, or -1.
func (x *nearIndex) find(group string, b orb.Bound, near func(int) bool) int {
	var cand []int
	cand = append(cand, x.big[group]...)
	x0, y0, x1, y1 := x.span(b)
	if (x1-x0+1)*(y1-y0+1) > maxNearCells {
		for k, list := range x.cells {
			if k.group == group {
				cand = append(cand, list...)
			}
		}
	} else {
		for cx := x0; cx <= x1; cx++ {
			for cy := y0; cy <= y1; cy++ {
				cand = append(cand, x.cells[nearKey{group, cx, cy}]...)
			}
		}
	}
	slices.Sort(cand)
	for _, k := range slices.Compact(cand) {
		if near(k) {
			return k
		}
	}
	return -1
}
