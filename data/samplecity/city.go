package samplecity

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"

	"cctvgis/geo"
	"cctvgis/planner/coverage"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Options says what Generate makes.
type Options struct {
	// Seed selects the city: the same options give the same city.
	Seed uint64
	// Cameras and Sites are the exact numbers of cameras and sites to make.
	Cameras, Sites int
	// Centre is the city's centre, WGS84 longitude/latitude; the zero point means
	// YangzhouCentre().
	Centre orb.Point
	// Occluders asks for building footprints too.
	Occluders bool
	// Density multiplies the density of sites, and so of cameras, over that of Yangzhou:
	// the city's side shrinks by its square root. 0 means 1. At 6, 250,000 cameras and
	// 100,000 sites have up to about 70 cameras seeing one entrance in the centre.
	Density float64
}

// YangzhouCentre returns the default centre of a generated city, (119.4215, 32.3932).
func YangzhouCentre() orb.Point { return orb.Point{119.4215, 32.3932} }

// checkEvery is how many features are made between checks of the context.
const checkEvery = 1 << 10

// The owners of government cameras.
const (
	ownerPolice    = "公安局"
	ownerTransport = "交通局"
	ownerUrban     = "城管局"
)

// The city's layout, in metres.
const (
	// gridStep is the distance between parallel grid lines; every third line is an
	// arterial road (800 m apart), the others are urban roads in the dense part.
	gridStep = 800.0 / 3
	// nodeJitter is how far a grid node may move off its nominal place.
	nodeJitter = 8.0
	// siteSetback keeps sites this far from the nominal grid lines, so that they stay
	// off the roads and private cameras at their entrances stay over 10 m from arterials.
	siteSetback = 22.0
	// buildingSetback keeps building footprints this far from the nominal grid lines.
	buildingSetback = 18.0
	// darkRadius is how far every camera keeps from the sites planted as having no camera
	// near them.
	darkRadius = 160.0
	// fullDensity is the site density of a Yangzhou-sized city, sites per square metre:
	// 100,000 sites over about 26 km × 26 km, whose road grid then has about 20,000
	// segments.
	fullDensity = 100000 / (26000.0 * 26000.0)
)

// siteKind describes one category of generated site.
type siteKind struct {
	cat      string
	weight   float64  // relative frequency among ordinary sites
	min, max float64  // side of the rectangle, metres
	points   float64  // share given as a point rather than a polygon
	owner    string   // owner of its cameras; "" is its own operator, op-<site id>
	gov      bool     // its cameras are government-invested
	chain    bool     // sites of the category often share one operator
	busy     bool     // its side entrance gets a camera before others'
	hot      bool     // shops around its main entrance add cameras of their own
	spaces   []string // private spaces that some of its sites hold
}

// siteKinds are the ordinary categories, weighted after the make-up of a Chinese city's
// site registry. Intersections, squares and expressway exits are placed on the road
// network instead.
var siteKinds = []siteKind{
	{cat: "residential_compound", weight: 30, min: 60, max: 200, points: 0.1},
	{cat: "education", weight: 8, min: 50, max: 180, points: 0.1, busy: true, spaces: []string{"dormitory", "dormitory", "toilet", "changing_room"}},
	{cat: "parking", weight: 8, min: 25, max: 100, points: 0.2, chain: true},
	{cat: "financial", weight: 6, min: 20, max: 40, points: 0.3, chain: true, busy: true},
	{cat: "hotel", weight: 6, min: 25, max: 80, points: 0.1, chain: true, busy: true, spaces: []string{"hotel_room", "hotel_room", "hotel_room", "toilet", "bath"}},
	{cat: "medical", weight: 5, min: 30, max: 150, points: 0.2, busy: true, hot: true},
	{cat: "bus_stop", weight: 4, min: 20, max: 20, points: 1, owner: ownerTransport, gov: true},
	{cat: "commercial_centre", weight: 4, min: 50, max: 200, points: 0.05, chain: true, busy: true, hot: true},
	{cat: "gov_agency", weight: 3, min: 30, max: 120, points: 0.1, gov: true, busy: true},
	{cat: "entertainment_venue", weight: 3, min: 20, max: 60, points: 0.3, busy: true, hot: true},
	{cat: "internet_cafe", weight: 2, min: 20, max: 30, points: 0.4, chain: true},
	{cat: "fuel_station", weight: 2, min: 30, max: 60, points: 0.2, chain: true},
	{cat: "market", weight: 2, min: 40, max: 120, points: 0.1, busy: true, hot: true},
	{cat: "logistics", weight: 2, min: 50, max: 200, points: 0.1, chain: true},
	{cat: "park", weight: 2, min: 80, max: 200, points: 0.05, owner: ownerUrban, gov: true},
	{cat: "commercial_street", weight: 1.5, min: 60, max: 200, points: 0.05, busy: true, hot: true},
	{cat: "special_trade", weight: 1.5, min: 20, max: 30, points: 0.4},
	{cat: "jewelry_trade", weight: 1, min: 20, max: 30, points: 0.4, busy: true},
	{cat: "postal", weight: 1, min: 20, max: 40, points: 0.3, chain: true},
	{cat: "telecom", weight: 1, min: 20, max: 50, points: 0.3, chain: true},
	{cat: "utility_supply", weight: 1, min: 30, max: 100, points: 0.1},
	{cat: "culture_venue", weight: 0.5, min: 50, max: 150, points: 0.1, busy: true},
	{cat: "sports_venue", weight: 0.5, min: 80, max: 200, points: 0.05, busy: true, spaces: []string{"changing_room", "bath", "toilet"}},
	{cat: "research", weight: 0.5, min: 40, max: 150, points: 0.1},
	{cat: "museum", weight: 0.3, min: 40, max: 120, points: 0.1, busy: true},
	{cat: "heritage_site", weight: 0.3, min: 30, max: 150, points: 0.2},
	{cat: "scenic_area", weight: 0.3, min: 100, max: 200, points: 0.05},
	{cat: "hazardous_goods", weight: 0.3, min: 40, max: 120, points: 0.1, busy: true},
	{cat: "material_reserve", weight: 0.3, min: 50, max: 150, points: 0.1},
	{cat: "emergency_shelter", weight: 0.3, min: 60, max: 200, points: 0.1, gov: true},
	{cat: "security_key_unit", weight: 0.3, min: 40, max: 150, points: 0.1, busy: true},
	{cat: "footbridge", weight: 0.3, min: 20, max: 40, points: 0.5, owner: ownerUrban, gov: true},
	{cat: "underpass", weight: 0.2, min: 20, max: 40, points: 0.5, owner: ownerUrban, gov: true},
	{cat: "water_conservancy", weight: 0.2, min: 60, max: 200, points: 0.1},
	{cat: "exhibition_hall", weight: 0.2, min: 50, max: 150, points: 0.1},
	{cat: "news_media", weight: 0.1, min: 40, max: 100, points: 0.1, busy: true},
	{cat: "archive", weight: 0.1, min: 30, max: 80, points: 0.1},
	{cat: "auction_house", weight: 0.1, min: 20, max: 40, points: 0.3},
	{cat: "counter_terror_target", weight: 0.1, min: 40, max: 150, points: 0.1, busy: true},
	{cat: "energy_facility", weight: 0.1, min: 60, max: 200, points: 0.05},
	{cat: "bridge", weight: 0.1, min: 40, max: 200, points: 0.2},
	{cat: "bus_station", weight: 0.05, min: 60, max: 150, points: 0.05, busy: true, hot: true},
	{cat: "fuel_depot", weight: 0.05, min: 60, max: 150, points: 0.05},
	{cat: "convention_centre", weight: 0.05, min: 100, max: 200, points: 0.05, busy: true},
	{cat: "key_construction", weight: 0.05, min: 60, max: 200, points: 0.05},
	{cat: "port", weight: 0.05, min: 100, max: 200, points: 0.05},
	{cat: "tunnel", weight: 0.02, min: 40, max: 200, points: 0.3},
	{cat: "rail_station", weight: 0.02, min: 100, max: 200, points: 0.05, busy: true, hot: true},
	{cat: "pathogen_lab", weight: 0.02, min: 30, max: 80, points: 0.1},
	{cat: "weapons_ammunition", weight: 0.02, min: 40, max: 120, points: 0.1},
	{cat: "defence_industry", weight: 0.02, min: 60, max: 200, points: 0.05},
}

// The sites placed on the road network.
var (
	intersectionKind = siteKind{cat: "intersection", owner: ownerPolice, gov: true, busy: true}
	squareKind       = siteKind{cat: "square", min: 60, max: 150, owner: ownerUrban, gov: true, busy: true}
	exitKind         = siteKind{cat: "expressway_exit", owner: ownerTransport, gov: true, busy: true}
)

// highwayNames name the main highways that leave the city.
var highwayNames = []string{"G328国道", "S237省道", "G611国道", "S353省道", "G344国道", "S125省道", "S264省道", "S332省道"}

// The camera types and how often each is installed: horizontal field of view in degrees.
var (
	siteHFOV = []weighted{{60, 0.3}, {90, 0.4}, {110, 0.27}, {360, 0.03}}
	roadHFOV = []weighted{{60, 0.35}, {90, 0.35}, {110, 0.25}, {360, 0.05}}
)

type weighted struct{ value, weight float64 }

// Generate makes a synthetic city around opt.Centre: exactly opt.Cameras cameras and
// opt.Sites sites with two entrances each, a road network, five districts, private spaces
// and, when asked, building footprints. Every value passes (*coverage.Layers).Check.
//
// The city is square, its side grown with the number of sites so that their density stays
// that of Yangzhou (about 100,000 sites over 25 km × 25 km) times opt.Density, and at least
// 4 km. Sites are
// drawn from a central and a wider Gaussian, so the centre is dense and the edges sparse. The
// roads are an arterial grid 800 m apart, urban roads between them every 267 m in the dense
// part and village roads in the rest, an expressway ring and eight highway radials, each cut
// into segments between consecutive intersections. About 62% of the cameras watch site
// entrances (owned by the site's operator), 5% are several shops' cameras around busy sites'
// main entrances (duplicate-build hotspots), 25% are government road cameras looking along
// the road, and the rest are scattered. Planted on purpose: about 3% of sites get no camera
// of their own, and one in a thousand has no camera at all within 150 m; about 0.2% of the
// cameras sit inside private spaces; about 1% are private cameras within 10 m of an arterial
// road. Building footprints keep clear of entrances and of the lines from site cameras to
// their entrances; asking for them does not change the other layers.
//
// The same options give the same city, to the bit, on one platform. A Yangzhou-sized city
// takes seconds; Generate stops early with ctx's error when ctx is done.
func Generate(ctx context.Context, opt Options) (*coverage.Layers, error) {
	if opt.Centre == (orb.Point{}) {
		opt.Centre = YangzhouCentre()
	}
	opt.Sites, opt.Cameras = max(opt.Sites, 0), max(opt.Cameras, 0)
	c := newCity(ctx, opt)
	steps := []func(){c.roads, c.districts, c.sites, c.privateSpaces, c.cameras}
	if opt.Occluders {
		steps = append(steps, c.occluders)
	}
	for _, step := range steps {
		if c.err = ctx.Err(); c.err != nil {
			break
		}
		step()
	}
	if c.err == nil {
		c.err = ctx.Err()
	}
	if c.err != nil {
		return nil, fmt.Errorf("generating a city: %w", c.err)
	}
	return c.out, nil
}

// stopped reports whether the generation is to stop; it asks the context once every
// checkEvery calls, so that the loops making features can call it for each.
func (c *city) stopped() bool {
	if c.err != nil {
		return true
	}
	c.ticks++
	if c.ticks%checkEvery == 0 {
		c.err = c.ctx.Err()
	}
	return c.err != nil
}

// city is the state of one generation. Geometry is built in metres on a projection
// centred on the city and converted to WGS84 as it is emitted.
type city struct {
	ctx   context.Context
	err   error // ctx's error once seen; every loop then stops
	ticks int   // calls of stopped
	opt   Options
	rng   *rand.Rand
	proj  *geo.Projection
	out   *coverage.Layers

	n     int     // grid nodes run from −n to n on each axis; n is a multiple of 3
	half  float64 // half the side of the grid
	outer float64 // half the side of the whole extent, highways included
	dense float64 // radius of the part with urban roads
	sigma [2]float64
	// jitter is the offset of node (i, j) at (i+n)*(2n+1) + j+n.
	jitter []orb.Point

	roadsM  []roadM
	radials []radial
	sitesM  []siteM
	spacesM []spaceM
	// strict maps a grid cell to the sites that no camera may come near.
	strict map[int][]int
	// darkEnts holds by grid cell the entrances of the sites planted without cameras,
	// which no camera may see.
	darkEnts [][]orb.Point
	// sightlines are the lines from site cameras to their entrances, kept for occluders.
	sightlines [][2]orb.Point
	idbuf      []byte
}

// roadM is a road in metres.
type roadM struct {
	class string
	pts   []orb.Point
	len   float64
}

// radial is where a highway leaves the expressway ring.
type radial struct {
	at, dir orb.Point
}

// siteM is a site in metres.
type siteM struct {
	kind   *siteKind
	c      orb.Point
	hx, hy float64 // half sides; zero for a point
	owner  string
	ents   [2]entranceM
	dark   bool
}

// entranceM is an entrance and where cameras watching it go: at p + d·in + l·perp(in)
// for d in [dmin, dmax] and l in [lo, hi].
type entranceM struct {
	p, in      orb.Point
	dmin, dmax float64
	lo, hi     float64
}

// spaceM is a private space in metres.
type spaceM struct {
	site   int
	c      orb.Point
	hx, hy float64
}

func newCity(ctx context.Context, opt Options) *city {
	density := fullDensity
	if opt.Density > 0 {
		density *= opt.Density
	}
	side := max(4000, math.Sqrt(float64(opt.Sites)/density))
	n := 3 * int(math.Ceil(side/2/800))
	half := float64(n) * gridStep
	c := &city{
		ctx:  ctx,
		opt:  opt,
		rng:  rand.New(rand.NewPCG(opt.Seed, 0x5eed_c17e)),
		proj: geo.NewProjection(opt.Centre),
		out: &coverage.Layers{
			Sites:     make([]coverage.Site, 0, opt.Sites),
			Entrances: make([]coverage.Entrance, 0, 2*opt.Sites),
			Cameras:   make([]coverage.Camera, 0, opt.Cameras),
		},
		sitesM: make([]siteM, 0, opt.Sites),
		n:      n,
		half:   half,
		outer:  1.35 * half,
		dense:  0.75 * half,
		sigma:  [2]float64{0.28 * half, 0.6 * half},
	}
	c.jitter = make([]orb.Point, (2*n+1)*(2*n+1))
	for k := range c.jitter {
		c.jitter[k] = orb.Point{c.uniform(-nodeJitter, nodeJitter), c.uniform(-nodeJitter, nodeJitter)}
	}
	return c
}

func (c *city) uniform(lo, hi float64) float64 { return lo + (hi-lo)*c.rng.Float64() }

func (c *city) pick(ws []weighted) float64 {
	u := c.rng.Float64()
	for _, w := range ws {
		if u < w.weight {
			return w.value
		}
		u -= w.weight
	}
	return ws[len(ws)-1].value
}

// ll converts metres to WGS84.
func (c *city) ll(p orb.Point) orb.Point { return c.proj.Inverse(p) }

// ident returns prefix followed by k.
func (c *city) ident(prefix string, k int) string {
	c.idbuf = strconv.AppendInt(append(c.idbuf[:0], prefix...), int64(k), 10)
	return string(c.idbuf)
}

// node returns grid node (i, j) in metres.
func (c *city) node(i, j int) orb.Point {
	o := c.jitter[(i+c.n)*(2*c.n+1)+j+c.n]
	return orb.Point{float64(i)*gridStep + o[0], float64(j)*gridStep + o[1]}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// denseBlock reports whether the arterial block (bi, bj), between arterials 3bi and 3bi+3
// and 3bj and 3bj+3, has its centre in the dense part.
func (c *city) denseBlock(bi, bj int) bool {
	x, y := (float64(bi)*3+1.5)*gridStep, (float64(bj)*3+1.5)*gridStep
	return math.Hypot(x, y) <= c.dense
}

// edge returns the class of the road on grid line `line` from node `at` to node at+1
// (along x for a horizontal line): arterials on every third line, urban roads on the
// others inside dense blocks and village roads on the others outside.
func (c *city) edge(line, at int, horizontal bool) string {
	bi, bj := floorDiv(at, 3), floorDiv(line, 3)
	if !horizontal {
		bi, bj = bj, bi
	}
	switch m := line - 3*floorDiv(line, 3); {
	case m == 0:
		return "arterial_road"
	case c.denseBlock(bi, bj):
		return "urban_road"
	}
	return "village_road"
}

// roads makes the grid, the ring and the radials.
func (c *city) roads() {
	for _, horizontal := range []bool{true, false} {
		for line := -c.n; line <= c.n; line++ {
			c.gridLine(line, horizontal)
		}
	}
	c.ring()
}

// gridLine cuts one grid line into road segments from node to node: every node of the
// grid is a crossing.
func (c *city) gridLine(line int, horizontal bool) {
	name := "纬" + strconv.Itoa(line+c.n+1) + "路"
	node := func(at int) orb.Point { return c.node(at, line) }
	if !horizontal {
		name = "经" + strconv.Itoa(line+c.n+1) + "路"
		node = func(at int) orb.Point { return c.node(line, at) }
	}
	for at := -c.n; at < c.n; at++ {
		c.addRoad(c.edge(line, at, horizontal), name, []orb.Point{node(at), node(at + 1)})
	}
}

// addRoad emits a road segment through the points given in metres (copied).
func (c *city) addRoad(class, name string, pts []orb.Point) {
	m := roadM{class: class, pts: append([]orb.Point(nil), pts...)}
	ls := make(orb.LineString, len(pts))
	for k, p := range pts {
		ls[k] = c.ll(p)
		if k > 0 {
			m.len += dist(pts[k-1], p)
		}
	}
	c.roadsM = append(c.roadsM, m)
	c.out.Roads = append(c.out.Roads, coverage.Road{
		ID: c.ident("road-", len(c.out.Roads)+1), Class: class, Name: name, Geometry: ls,
	})
}

// ring makes the expressway ring just outside the grid's sides and the highway radials
// that leave it for the edge of the extent, the ring cut where the radials meet it.
func (c *city) ring() {
	const radials = 8
	radius := 1.08 * c.half
	var angles [radials + 1]float64
	for k := range radials {
		angles[k] = (float64(k)+0.5)*math.Pi/4 + c.uniform(-0.14, 0.14)
	}
	angles[radials] = angles[0] + 2*math.Pi
	at := func(a, r float64) orb.Point { return orb.Point{r * math.Cos(a), r * math.Sin(a)} }
	for k := range radials {
		steps := int(math.Ceil((angles[k+1] - angles[k]) / (3 * math.Pi / 180)))
		pts := make([]orb.Point, steps+1)
		for s := range pts {
			pts[s] = at(angles[k]+(angles[k+1]-angles[k])*float64(s)/float64(steps), radius)
		}
		c.addRoad("expressway", "绕城高速", pts)
	}
	for k := range radials {
		a := angles[k]
		dir := orb.Point{math.Cos(a), math.Sin(a)}
		end := c.outer / max(math.Abs(dir[0]), math.Abs(dir[1]))
		pts := []orb.Point{at(a, radius)}
		for s := 1; s < 3; s++ {
			r := radius + (end-radius)*float64(s)/3
			pts = append(pts, at(a+c.uniform(-0.03, 0.03)*(end-radius)/r, r))
		}
		pts = append(pts, at(a, end))
		c.addRoad("highway_section", highwayNames[k%len(highwayNames)], pts)
		c.radials = append(c.radials, radial{at: pts[0], dir: dir})
	}
}

// districts splits the extent into a central square and four trapezoids around it.
func (c *city) districts() {
	a, x := 0.25*c.outer, c.outer
	v := func(px, py float64) orb.Point { return c.ll(orb.Point{px, py}) }
	in := [4]orb.Point{v(-a, -a), v(a, -a), v(a, a), v(-a, a)}
	out := [4]orb.Point{v(-x, -x), v(x, -x), v(x, x), v(-x, x)}
	poly := func(ps ...orb.Point) orb.Polygon { return orb.Polygon{append(orb.Ring(ps), ps[0])} }
	c.out.Districts = []coverage.District{
		{Name: "广陵区", Geometry: poly(in[0], in[1], in[2], in[3])},
		{Name: "高邮市", Geometry: poly(in[3], in[2], out[2], out[3])},
		{Name: "江都区", Geometry: poly(in[1], out[1], out[2], in[2])},
		{Name: "邗江区", Geometry: poly(out[0], out[1], in[1], in[0])},
		{Name: "仪征市", Geometry: poly(out[0], in[0], in[3], out[3])},
	}
}

// districtOf returns the name of the district that contains p, a WGS84 point.
func (c *city) districtOf(p orb.Point) string {
	for _, d := range c.out.Districts {
		if planar.PolygonContains(d.Geometry.(orb.Polygon), p) {
			return d.Name
		}
	}
	return ""
}

// density returns the expected number of sites per square metre at p.
func (c *city) density(p orb.Point) float64 {
	r2 := p[0]*p[0] + p[1]*p[1]
	g := func(s, w float64) float64 { return w * math.Exp(-r2/(2*s*s)) / (2 * math.Pi * s * s) }
	return float64(c.opt.Sites) * (g(c.sigma[0], 0.55) + g(c.sigma[1], 0.45))
}

// scatter draws a point from the city's mixture of a central and a wide Gaussian, inside
// the grid less margin.
func (c *city) scatter(margin float64) orb.Point {
	for {
		s := c.sigma[1]
		if c.rng.Float64() < 0.55 {
			s = c.sigma[0]
		}
		p := orb.Point{c.rng.NormFloat64() * s, c.rng.NormFloat64() * s}
		if math.Abs(p[0]) <= c.half-margin && math.Abs(p[1]) <= c.half-margin {
			return p
		}
	}
}

// sites places the sites on the road network first, then the ordinary ones, and chooses
// the sites planted without cameras.
func (c *city) sites() {
	total := c.opt.Sites
	exits := min(len(c.radials), total/500)
	for k := range exits {
		c.exitSite(c.radials[k])
	}
	var crossings [][2]int
	for i := -c.n + 3; i < c.n; i += 3 {
		for j := -c.n + 3; j < c.n; j += 3 {
			if math.Hypot(float64(i), float64(j))*gridStep <= c.dense {
				crossings = append(crossings, [2]int{i, j})
			}
		}
	}
	c.rng.Shuffle(len(crossings), func(a, b int) { crossings[a], crossings[b] = crossings[b], crossings[a] })
	inters := min(len(crossings), total/200, total-exits)
	squares := min(len(crossings)-inters, (total+1999)/2000, total-exits-inters)
	for _, x := range crossings[:inters] {
		c.intersectionSite(x[0], x[1])
	}
	for _, x := range crossings[inters : inters+squares] {
		c.squareSite(x[0], x[1])
	}
	cum := make([]float64, len(siteKinds))
	sum := 0.0
	for k, sk := range siteKinds {
		sum += sk.weight
		cum[k] = sum
	}
	heads := make([][]int, len(siteKinds))
	for len(c.sitesM) < total {
		if c.stopped() {
			return
		}
		k := min(sort.SearchFloat64s(cum, c.rng.Float64()*sum), len(cum)-1)
		c.ordinarySite(&siteKinds[k], &heads[k])
	}
	c.plantDark()
}

// addSite emits a site built in metres, its two entrances, and records it.
func (c *city) addSite(s siteM) {
	k := len(c.sitesM) + 1
	id := c.ident("site-", k)
	if s.owner == "" {
		s.owner = "op-" + id
	}
	var g orb.Geometry
	centre := c.ll(s.c)
	if s.hx == 0 {
		g = centre
	} else {
		x0, x1, y0, y1 := s.c[0]-s.hx, s.c[0]+s.hx, s.c[1]-s.hy, s.c[1]+s.hy
		g = c.rect(x0, y0, x1, y1)
	}
	c.out.Sites = append(c.out.Sites, coverage.Site{
		ID: id, Category: s.kind.cat, Name: id, District: c.districtOf(centre), Geometry: g,
	})
	for e, kind := range [2]string{"main", "side"} {
		c.out.Entrances = append(c.out.Entrances, coverage.Entrance{SiteID: id, Pos: c.ll(s.ents[e].p), Kind: kind})
	}
	c.sitesM = append(c.sitesM, s)
}

// rect returns the WGS84 polygon of a rectangle given in metres, counter-clockwise.
func (c *city) rect(x0, y0, x1, y1 float64) orb.Polygon {
	r := make(orb.Ring, 5)
	r[0], r[1], r[2], r[3] = c.ll(orb.Point{x0, y0}), c.ll(orb.Point{x1, y0}), c.ll(orb.Point{x1, y1}), c.ll(orb.Point{x0, y1})
	r[4] = r[0]
	return orb.Polygon{r}
}

// ordinarySite places a site of kind k in the block around a point drawn from the city's
// density, sized to the local density, and sets its operator: a chain's when the kind
// has chains.
func (c *city) ordinarySite(k *siteKind, heads *[]int) {
	p := c.scatter(siteSetback + 30)
	limit := min(max(1.3/math.Sqrt(c.density(p)), 20), 200)
	s := siteM{kind: k}
	if c.rng.Float64() < k.points {
		c.pointSite(&s, c.inCell(p, 25, 25))
	} else {
		w := min(c.uniform(k.min, k.max), limit)
		h := min(c.uniform(k.min, k.max), limit)
		c.rectSite(&s, c.inCell(p, w/2, h/2), w/2, h/2)
	}
	s.owner = k.owner
	if k.chain {
		switch {
		case len(*heads) > 0 && c.rng.Float64() < 0.6:
			s.owner = c.sitesM[(*heads)[c.rng.IntN(len(*heads))]].owner
		case len(*heads) < 6:
			*heads = append(*heads, len(c.sitesM))
		}
	}
	c.addSite(s)
}

// inCell moves p so that a box of half sides hx, hy around it lies inside p's grid cell,
// away from the roads around it.
func (c *city) inCell(p orb.Point, hx, hy float64) orb.Point {
	for a, h := range [2]float64{hx, hy} {
		lo := math.Floor(p[a]/gridStep)*gridStep + siteSetback + h
		hi := lo + gridStep - 2*siteSetback - 2*h
		p[a] = min(max(p[a], lo), max(lo, hi))
	}
	return p
}

// rectSite makes s a rectangle with its main and side entrances on two different sides.
func (c *city) rectSite(s *siteM, centre orb.Point, hx, hy float64) {
	s.c, s.hx, s.hy = centre, hx, hy
	first := c.rng.IntN(4)
	for e, side := range [2]int{first, (first + 1 + c.rng.IntN(3)) % 4} {
		// Sides counter-clockwise from the south: inward normal, half length, half depth.
		in := [4]orb.Point{{0, 1}, {-1, 0}, {0, -1}, {1, 0}}[side]
		along, depth := hx, hy
		if side%2 == 1 {
			along, depth = hy, hx
		}
		t := c.uniform(-0.7, 0.7) * along
		perp := orb.Point{-in[1], in[0]}
		p := orb.Point{centre[0] - in[0]*depth + perp[0]*t, centre[1] - in[1]*depth + perp[1]*t}
		s.ents[e] = entranceM{p: p, in: in, dmin: 4, dmax: min(18, 1.6*depth), lo: -along - t + 1, hi: along - t - 1}
	}
}

// pointSite makes s a point with two entrances 8–20 m from it in different directions.
func (c *city) pointSite(s *siteM, centre orb.Point) {
	s.c = centre
	a := c.uniform(0, 2*math.Pi)
	for e := range 2 {
		r := c.uniform(8, 20)
		dir := orb.Point{math.Cos(a), math.Sin(a)}
		s.ents[e] = entranceM{
			p:  orb.Point{centre[0] + dir[0]*r, centre[1] + dir[1]*r},
			in: orb.Point{-dir[0], -dir[1]}, dmin: 4, dmax: r - 2, lo: -3, hi: 3,
		}
		a += c.uniform(math.Pi/3, 5*math.Pi/3)
	}
}

// intersectionSite makes an important intersection of the arterial crossing (i, j): its
// key points are on two of its arms, watched from the corners.
func (c *city) intersectionSite(i, j int) {
	centre := c.node(i, j)
	s := siteM{kind: &intersectionKind, c: centre, owner: ownerPolice}
	arms := [4][2]int{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}
	first := c.rng.IntN(4)
	for e, arm := range [2]int{first, (first + 1 + c.rng.IntN(3)) % 4} {
		next := c.node(i+arms[arm][0], j+arms[arm][1])
		dir := unit(sub(next, centre))
		p := add(centre, scale(dir, c.uniform(15, 25)))
		side := 1.0
		if c.rng.IntN(2) == 0 {
			side = -1
		}
		corner := add(centre, orb.Point{(dir[0] - side*dir[1]) * 14, (dir[1] + side*dir[0]) * 14})
		d := dist(p, corner)
		s.ents[e] = entranceM{p: p, in: unit(sub(corner, p)), dmin: d - 1, dmax: d, lo: -2, hi: 2}
	}
	c.addSite(s)
}

// squareSite makes a public square in one of the four blocks at the arterial crossing (i, j).
func (c *city) squareSite(i, j int) {
	s := siteM{kind: &squareKind}
	w, h := c.uniform(squareKind.min, squareKind.max), c.uniform(squareKind.min, squareKind.max)
	qx, qy := float64(1-2*c.rng.IntN(2)), float64(1-2*c.rng.IntN(2))
	x, y := float64(i)*gridStep, float64(j)*gridStep
	centre := orb.Point{x + qx*(siteSetback+w/2), y + qy*(siteSetback+h/2)}
	c.rectSite(&s, centre, w/2, h/2)
	s.owner = ownerUrban
	c.addSite(s)
}

// exitSite makes the expressway exit where a highway leaves the ring.
func (c *city) exitSite(r radial) {
	s := siteM{kind: &exitKind, c: r.at, owner: ownerTransport}
	tangent := orb.Point{-r.dir[1], r.dir[0]}
	for e, dir := range [2]orb.Point{r.dir, tangent} {
		d := c.uniform(20, 30)
		s.ents[e] = entranceM{
			p:  add(r.at, scale(dir, d)),
			in: orb.Point{-dir[0], -dir[1]}, dmin: 4, dmax: d - 2, lo: -3, hi: 3,
		}
	}
	c.addSite(s)
}

// plantDark chooses the sites that get no camera of their own (3%), and among those in
// the sparse part the ones that no camera may come near (0.1% of all sites, at least one).
func (c *city) plantDark() {
	total := len(c.sitesM)
	if total == 0 {
		return
	}
	dark := (3*total + 99) / 100
	perm := c.rng.Perm(total)
	var strict []int
	cells := 2 * c.n
	c.darkEnts = make([][]orb.Point, cells*cells)
	for _, k := range perm[:dark] {
		s := &c.sitesM[k]
		s.dark = true
		for _, e := range s.ents {
			cell := c.cellOf(e.p[0])*cells + c.cellOf(e.p[1])
			c.darkEnts[cell] = append(c.darkEnts[cell], e.p)
		}
		if len(strict) < max(1, total/1000) && math.Hypot(s.c[0], s.c[1]) > c.dense {
			strict = append(strict, k)
		}
	}
	if len(strict) == 0 {
		strict = append(strict, perm[0])
	}
	c.strict = make(map[int][]int)
	for _, k := range strict {
		s := &c.sitesM[k]
		reach := max(s.hx, s.hy, 20) + darkRadius
		i0, i1 := c.cellOf(s.c[0]-reach), c.cellOf(s.c[0]+reach)
		j0, j1 := c.cellOf(s.c[1]-reach), c.cellOf(s.c[1]+reach)
		for i := i0; i <= i1; i++ {
			for j := j0; j <= j1; j++ {
				c.strict[i*cells+j] = append(c.strict[i*cells+j], k)
			}
		}
	}
}

// cellOf returns the index, from 0, of the grid column or row holding coordinate v,
// clamped to the grid.
func (c *city) cellOf(v float64) int {
	return min(max(int(math.Floor(v/gridStep))+c.n, 0), 2*c.n-1)
}

// excluded reports whether a camera at p would come near a site planted without any.
func (c *city) excluded(p orb.Point) bool {
	for _, k := range c.strict[c.cellOf(p[0])*2*c.n+c.cellOf(p[1])] {
		s := &c.sitesM[k]
		dx, dy := max(math.Abs(p[0]-s.c[0])-s.hx, 0), max(math.Abs(p[1]-s.c[1])-s.hy, 0)
		if dx*dx+dy*dy < darkRadius*darkRadius {
			return true
		}
		for _, e := range s.ents {
			if dist(p, e.p) < darkRadius {
				return true
			}
		}
	}
	return false
}

// privateSpaces puts one to three private spaces inside 40% of the large enough sites of
// the kinds that have them, 20 m or more from the site's edges.
func (c *city) privateSpaces() {
	const margin = 20
	for k := range c.sitesM {
		s := &c.sitesM[k]
		if len(s.kind.spaces) == 0 || s.hx < margin+6 || s.hy < margin+6 || c.rng.Float64() >= 0.4 {
			continue
		}
		for range 1 + c.rng.IntN(3) {
			hx, hy := c.uniform(2, 6), c.uniform(2, 6)
			p := orb.Point{
				s.c[0] + c.uniform(-1, 1)*(s.hx-margin-hx),
				s.c[1] + c.uniform(-1, 1)*(s.hy-margin-hy),
			}
			c.spacesM = append(c.spacesM, spaceM{site: k, c: p, hx: hx, hy: hy})
			c.out.PrivateSpaces = append(c.out.PrivateSpaces, coverage.PrivateSpace{
				ID:       c.ident("ps-", len(c.out.PrivateSpaces)+1),
				Space:    s.kind.spaces[c.rng.IntN(len(s.kind.spaces))],
				Geometry: c.rect(p[0]-hx, p[1]-hy, p[0]+hx, p[1]+hy),
			})
		}
	}
}

// cameras places the cameras, group by group; a camera that cannot go where its group
// wants is scattered instead, so the count is exact.
func (c *city) cameras() {
	total := c.opt.Cameras
	share := func(f float64) int { return int(f * float64(total)) }
	spare := total
	take := func(n int) int { spare -= n; return n }
	var sites, hot, spaces int
	if len(c.sitesM) > 0 {
		sites, hot = take(share(0.62)), take(share(0.05))
	}
	gov, arterial := take(share(0.25)), take(share(0.01))
	if len(c.spacesM) > 0 {
		spaces = take(share(0.002))
	}
	spare += c.siteCameras(sites)
	spare += c.hotspotCameras(hot)
	c.roadCameras(gov)
	c.arterialCameras(arterial)
	spare += c.spaceCameras(spaces)
	c.scatteredCameras(spare)
}

// shot is a camera about to be placed: where it is, in metres, and what it sees.
type shot struct {
	p                  orb.Point
	azimuth, hfov, rng float64
}

// place emits the camera s unless it would come near a site planted without cameras or
// see a dark site's entrance even with its range cut short to no less than need. It
// reports whether it did.
func (c *city) place(s shot, need float64, owner string, inv coverage.Investment) bool {
	if c.excluded(s.p) {
		return false
	}
	var ok bool
	if s.rng, ok = c.fit(s, need); !ok {
		return false
	}
	status := "online"
	if c.rng.Float64() < 0.03 {
		status = "offline"
	}
	c.out.Cameras = append(c.out.Cameras, coverage.Camera{
		ID: c.ident("cam-", len(c.out.Cameras)+1), Pos: c.ll(s.p),
		Azimuth: s.azimuth, HFOV: s.hfov, Range: s.rng,
		Owner: owner, Investment: inv,
		Height: 3 + 0.5*float64(c.rng.IntN(11)), Status: status,
	})
	return true
}

// fit returns the range of s cut short, to whole metres, so that it sees no entrance of a
// dark site with a margin of 1 m and 3°, and whether that range is still need or more.
func (c *city) fit(s shot, need float64) (float64, bool) {
	if c.darkEnts == nil {
		return s.rng, true
	}
	rng := s.rng
	ci, cj := c.cellOf(s.p[0]), c.cellOf(s.p[1])
	for i := max(ci-1, 0); i <= min(ci+1, 2*c.n-1); i++ {
		for j := max(cj-1, 0); j <= min(cj+1, 2*c.n-1); j++ {
			for _, e := range c.darkEnts[i*2*c.n+j] {
				d := dist(s.p, e)
				if d >= rng+1 || (s.hfov < 360 && d > 0 && angleBetween(bearing(s.p, e), s.azimuth) > s.hfov/2+3) {
					continue
				}
				rng = math.Floor(d - 1)
				if rng < need {
					return rng, false
				}
			}
		}
	}
	return rng, true
}

// angleBetween returns the angle between two azimuths, 0–180°.
func angleBetween(a, b float64) float64 {
	d := math.Abs(a - b)
	return min(d, 360-d)
}

func investment(gov bool) coverage.Investment {
	if gov {
		return coverage.Government
	}
	return coverage.Private
}

// siteCameras puts n cameras at site entrances, each looking at its entrance: first one at
// every main entrance, then side entrances (busy sites first), then more at both. It
// returns how many it could not place.
func (c *city) siteCameras(n int) int {
	var covered []int
	for k, s := range c.sitesM {
		if !s.dark {
			covered = append(covered, k)
		}
	}
	c.rng.Shuffle(len(covered), func(a, b int) { covered[a], covered[b] = covered[b], covered[a] })
	missed := 0
	watch := func(k, e int) {
		if c.stopped() {
			n = 0
			return
		}
		n--
		if !c.watch(k, e, 5, c.sitesM[k].owner, investment(c.sitesM[k].kind.gov)) {
			missed++
		}
	}
	for _, k := range covered {
		if n == 0 {
			break
		}
		watch(k, 0)
	}
	for _, busy := range []bool{true, false} {
		for _, k := range covered {
			if n == 0 {
				break
			}
			if c.sitesM[k].kind.busy == busy {
				watch(k, 1)
			}
		}
	}
	for round := 0; n > 0 && len(covered) > 0; round++ {
		for _, k := range covered {
			if n == 0 {
				break
			}
			watch(k, round%2)
		}
	}
	return missed + n
}

// watch places a camera looking at entrance e of site k, at most lateral metres to its
// side; it tries a few places and reports whether one would do.
func (c *city) watch(k, e int, lateral float64, owner string, inv coverage.Investment) bool {
	en := &c.sitesM[k].ents[e]
	perp := orb.Point{-en.in[1], en.in[0]}
	for range 4 {
		d := c.uniform(en.dmin, en.dmax)
		l := c.uniform(max(en.lo, -lateral), min(en.hi, lateral))
		p := add(en.p, add(scale(en.in, d), scale(perp, l)))
		s := shot{p: p, azimuth: bearing(p, en.p), hfov: c.pick(siteHFOV), rng: float64(20 + c.rng.IntN(101))}
		if c.place(s, max(20, math.Ceil(dist(p, en.p)+1)), owner, inv) {
			if c.opt.Occluders {
				c.sightlines = append(c.sightlines, [2]orb.Point{p, en.p})
			}
			return true
		}
	}
	return false
}

// hotspotCameras puts n cameras around the main entrances of busy commercial sites, three
// to six owners each: the operator and the shops beside it. It returns how many it could
// not place.
func (c *city) hotspotCameras(n int) int {
	var hot []int
	for k, s := range c.sitesM {
		if s.kind.hot && !s.dark && s.hx > 0 {
			hot = append(hot, k)
		}
	}
	if len(hot) == 0 {
		return n
	}
	c.rng.Shuffle(len(hot), func(a, b int) { hot[a], hot[b] = hot[b], hot[a] })
	missed := 0
	for h := 0; n > 0 && !c.stopped(); h++ {
		k := hot[h%len(hot)]
		for q := range 3 + c.rng.IntN(4) {
			if n == 0 {
				break
			}
			n--
			owner := c.sitesM[k].owner
			if q > 0 {
				owner = "shop-" + strconv.Itoa(k+1) + "-" + strconv.Itoa(q)
			}
			if !c.watch(k, 0, 40, owner, coverage.Private) {
				missed++
			}
		}
	}
	return missed
}

// roadCameras puts n government cameras 3–12 m beside roads, looking along them; busier
// classes get more per metre.
func (c *city) roadCameras(n int) {
	weight := map[string]float64{
		"arterial_road": 3, "expressway": 2, "highway_section": 2, "urban_road": 1, "village_road": 0.3,
	}
	cum := make([]float64, len(c.roadsM))
	sum := 0.0
	for k, r := range c.roadsM {
		sum += weight[r.class] * r.len
		cum[k] = sum
	}
	for range n {
		if c.stopped() {
			return
		}
		for {
			r := &c.roadsM[min(sort.SearchFloat64s(cum, c.rng.Float64()*sum), len(cum)-1)]
			at, dir := c.along(r)
			off := c.uniform(3, 12) * float64(1-2*c.rng.IntN(2))
			if c.rng.IntN(2) == 0 {
				dir = orb.Point{-dir[0], -dir[1]}
			}
			s := shot{
				p:       add(at, orb.Point{-dir[1] * off, dir[0] * off}),
				azimuth: roundAzimuth(bearing(orb.Point{}, dir) + c.uniform(-8, 8)),
				hfov:    c.pick(roadHFOV),
				rng:     float64(50 + c.rng.IntN(71)),
			}
			owner := ownerPolice
			switch u := c.rng.Float64(); {
			case u > 0.9:
				owner = ownerUrban
			case u > 0.6:
				owner = ownerTransport
			}
			if c.place(s, 20, owner, coverage.Government) {
				break
			}
		}
	}
}

// along returns a point drawn uniformly along r and the road's direction there.
func (c *city) along(r *roadM) (orb.Point, orb.Point) {
	d := c.rng.Float64() * r.len
	k := 1
	for ; k < len(r.pts)-1; k++ {
		l := dist(r.pts[k-1], r.pts[k])
		if d <= l {
			break
		}
		d -= l
	}
	a, b := r.pts[k-1], r.pts[k]
	dir := unit(sub(b, a))
	return add(a, scale(dir, min(d, dist(a, b)))), dir
}

// arterialCameras puts n private cameras 2–8 m from arterial roads, facing the road: in
// some rulebooks only the government may build there.
func (c *city) arterialCameras(n int) {
	var arterials []int
	for k, r := range c.roadsM {
		if r.class == "arterial_road" {
			arterials = append(arterials, k)
		}
	}
	for range n {
		if c.stopped() {
			return
		}
		for {
			at, dir := c.along(&c.roadsM[arterials[c.rng.IntN(len(arterials))]])
			off := c.uniform(2, 8) * float64(1-2*c.rng.IntN(2))
			p := add(at, orb.Point{-dir[1] * off, dir[0] * off})
			s := shot{p: p, azimuth: roundAzimuth(bearing(p, at) + c.uniform(-30, 30)), hfov: c.pick(siteHFOV), rng: float64(20 + c.rng.IntN(101))}
			if c.place(s, 20, c.shop(), coverage.Private) {
				break
			}
		}
	}
}

// spaceCameras puts n cameras inside private spaces, owned by the site's operator. It
// returns how many it could not place.
func (c *city) spaceCameras(n int) int {
	missed := 0
	hfovs := []float64{90, 110, 360}
	for range n {
		if c.stopped() {
			return missed
		}
		placed := false
		for range 32 {
			sp := &c.spacesM[c.rng.IntN(len(c.spacesM))]
			s := shot{
				p:       orb.Point{sp.c[0] + c.uniform(-1, 1)*(sp.hx-0.5), sp.c[1] + c.uniform(-1, 1)*(sp.hy-0.5)},
				azimuth: roundAzimuth(c.uniform(0, 360)),
				hfov:    hfovs[c.rng.IntN(len(hfovs))],
				rng:     float64(20 + c.rng.IntN(21)),
			}
			if placed = c.place(s, 20, c.sitesM[sp.site].owner, coverage.Private); placed {
				break
			}
		}
		if !placed {
			missed++
		}
	}
	return missed
}

// scatteredCameras puts n private cameras where people are, anywhere but within 20 m of
// an arterial grid line, looking anywhere.
func (c *city) scatteredCameras(n int) {
	nearArterial := func(v float64) bool {
		return math.Abs(v-800*math.Round(v/800)) < 20
	}
	for range n {
		if c.stopped() {
			return
		}
		for {
			p := c.scatter(0)
			if nearArterial(p[0]) || nearArterial(p[1]) {
				continue
			}
			s := shot{p: p, azimuth: roundAzimuth(c.uniform(0, 360)), hfov: c.pick(siteHFOV), rng: float64(20 + c.rng.IntN(101))}
			if c.place(s, 20, c.shop(), coverage.Private) {
				break
			}
		}
	}
}

// shop returns the owner of a private camera that belongs to no site: one of the city's
// shops, about one for every 25 cameras.
func (c *city) shop() string {
	return c.ident("shop-", 1+c.rng.IntN(max(20, c.opt.Cameras/25)))
}

// occluders puts building footprints in the blocks, more and taller in the centre, off the
// roads, clear of each other, of every entrance and of the lines from site cameras to their
// entrances. They use their own random stream so that the other layers do not change.
func (c *city) occluders() {
	rng := rand.New(rand.NewPCG(c.opt.Seed, 0xb01d))
	uniform := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	cells := 2 * c.n
	clear := make([][][2]orb.Point, cells*cells)
	keep := func(a, b orb.Point) {
		i0, i1 := c.cellOf(min(a[0], b[0])-3), c.cellOf(max(a[0], b[0])+3)
		j0, j1 := c.cellOf(min(a[1], b[1])-3), c.cellOf(max(a[1], b[1])+3)
		for i := i0; i <= i1; i++ {
			for j := j0; j <= j1; j++ {
				clear[i*cells+j] = append(clear[i*cells+j], [2]orb.Point{a, b})
			}
		}
	}
	for _, s := range c.sitesM {
		for _, e := range s.ents {
			keep(e.p, e.p)
		}
	}
	for _, l := range c.sightlines {
		keep(l[0], l[1])
	}
	var placed []orb.Bound
	for i := range cells {
		for j := range cells {
			if c.stopped() {
				return
			}
			x0, y0 := float64(i-c.n)*gridStep+buildingSetback, float64(j-c.n)*gridStep+buildingSetback
			x1, y1 := x0+gridStep-2*buildingSetback, y0+gridStep-2*buildingSetback
			mid := orb.Point{(x0 + x1) / 2, (y0 + y1) / 2}
			rho := c.density(mid) + 1e-6
			count := min(max(int(math.Round(rho*gridStep*gridStep*0.8)), 1), 30)
			side := min(max(1.2/math.Sqrt(rho), 15), 60)
			centrality := math.Exp(-(mid[0]*mid[0] + mid[1]*mid[1]) / (2 * c.sigma[0] * c.sigma[0]))
			placed = placed[:0]
			for range count {
				for range 4 {
					w, h := uniform(10, side), uniform(10, side)
					bx, by := uniform(x0, x1-w), uniform(y0, y1-h)
					b := orb.Bound{Min: orb.Point{bx, by}, Max: orb.Point{bx + w, by + h}}
					if !c.buildingFits(b, placed, clear[i*cells+j]) {
						continue
					}
					placed = append(placed, b)
					floors := 1 + rng.IntN(2+int(28*centrality))
					c.out.Occluders = append(c.out.Occluders, coverage.Occluder{
						ID:       c.ident("bldg-", len(c.out.Occluders)+1),
						Geometry: c.rect(b.Min[0], b.Min[1], b.Max[0], b.Max[1]),
						Height:   3 * float64(floors),
					})
					break
				}
			}
		}
	}
}

// buildingFits reports whether footprint b keeps 3 m from the buildings placed and 2 m
// from the segments to keep clear.
func (c *city) buildingFits(b orb.Bound, placed []orb.Bound, clear [][2]orb.Point) bool {
	for _, o := range placed {
		if b.Min[0] < o.Max[0]+3 && o.Min[0] < b.Max[0]+3 && b.Min[1] < o.Max[1]+3 && o.Min[1] < b.Max[1]+3 {
			return false
		}
	}
	grown := b.Pad(2)
	for _, s := range clear {
		if segmentHitsBox(s[0], s[1], grown) {
			return false
		}
	}
	return true
}

// segmentHitsBox reports whether segment az meets box (Liang–Barsky clipping).
func segmentHitsBox(a, z orb.Point, box orb.Bound) bool {
	t0, t1 := 0.0, 1.0
	d := sub(z, a)
	for axis := range 2 {
		if d[axis] == 0 {
			if a[axis] < box.Min[axis] || a[axis] > box.Max[axis] {
				return false
			}
			continue
		}
		ta, tb := (box.Min[axis]-a[axis])/d[axis], (box.Max[axis]-a[axis])/d[axis]
		if ta > tb {
			ta, tb = tb, ta
		}
		t0, t1 = max(t0, ta), min(t1, tb)
		if t0 > t1 {
			return false
		}
	}
	return true
}

// bearing returns the azimuth from a to b, degrees clockwise from north, to 0.1°.
func bearing(a, b orb.Point) float64 {
	return roundAzimuth(math.Atan2(b[0]-a[0], b[1]-a[1]) * 180 / math.Pi)
}

// roundAzimuth reduces a to [0, 360) and rounds it to 0.1°, as registries record it.
func roundAzimuth(a float64) float64 {
	a = math.Round(a*10) / 10
	a -= 360 * math.Floor(a/360)
	if a >= 360 {
		a -= 360
	}
	return a
}

func add(a, b orb.Point) orb.Point           { return orb.Point{a[0] + b[0], a[1] + b[1]} }
func sub(a, b orb.Point) orb.Point           { return orb.Point{a[0] - b[0], a[1] - b[1]} }
func scale(a orb.Point, k float64) orb.Point { return orb.Point{a[0] * k, a[1] * k} }
func dist(a, b orb.Point) float64            { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

func unit(a orb.Point) orb.Point {
	l := math.Hypot(a[0], a[1])
	return orb.Point{a[0] / l, a[1] / l}
}
