// Package tiles makes Mapbox vector tiles of a city and its analysis, for the web map: the
// districts, sites by coverage, cameras and their footprints, roads by watched share and the
// stretches watched, duplicate-build hotspots, the redundancy of each duplicate-build cell
// and violations. Features are held in memory in WGS84, indexed by bound; a tile is cut
// from them on demand and cached. The server makes a Source per state of the city; its
// route (Routes) serves the current one.
//
// It mounts its route through internal/httpapi and imports the domain (planner) and orb;
// it must not import a store or another route package.
package tiles

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
	"github.com/tidwall/rtree"

	"cctvgis/auth"
	"cctvgis/internal/httpapi"
	"cctvgis/planner/coverage"
)

// MaxZoom is the deepest zoom tiles are cut for.
const MaxZoom = 22

// ErrBadTile is a tile address outside the pyramid: z above MaxZoom, or x or y at or
// beyond 2^z.
var ErrBadTile = errors.New("tiles: no such tile")

// Layer names, as the style refers to them.
const (
	LayerDistricts  = "districts"
	LayerSites      = "sites"
	LayerCameras    = "cameras"
	LayerFootprints = "footprints"
	LayerRoads      = "roads"
	LayerWatched    = "roads_watched"
	LayerHotspots   = "hotspots"
	// LayerHotspotCentres are the hotspots as points, at the zooms where a hotspot of at
	// most 150 m is a few pixels and its outline would cost more than it shows.
	LayerHotspotCentres = "hotspot_centres"
	LayerHotCells       = "hot_cells"
	LayerViolations     = "violations"
)

// layer is one layer's features and the zooms it appears at.
type layer struct {
	name     string
	min, max maptile.Zoom
	features []*geojson.Feature
	// from is each feature's own first zoom, when later than the layer's.
	from  []maptile.Zoom
	index rtree.RTreeG[int]
}

func (l *layer) add(f *geojson.Feature) {
	l.addFrom(f, l.min)
}

// addFrom adds a feature shown from zoom z on.
func (l *layer) addFrom(f *geojson.Feature, z maptile.Zoom) {
	b := f.Geometry.Bound()
	l.index.Insert(b.Min, b.Max, len(l.features))
	l.features = append(l.features, f)
	l.from = append(l.from, max(z, l.min))
}

// layerZooms are the layers in the order tiles hold them, with the zooms each appears at.
// The dense layers start where a tile holds a few thousand of their features in a city
// centre; the map shows the analysis's summary and lists below that.
var layerZooms = []struct {
	name     string
	min, max maptile.Zoom
}{
	{LayerDistricts, 0, MaxZoom},
	{LayerRoads, 11, MaxZoom},
	{LayerWatched, 14, MaxZoom},
	{LayerHotspotCentres, 11, 13},
	{LayerHotspots, 14, MaxZoom},
	// A heat map of the duplicate-build cells, from where a 50 m cell is a dozen pixels
	// (below that the hotspots show where they are).
	{LayerHotCells, 15, MaxZoom},
	{LayerSites, 14, MaxZoom},
	{LayerViolations, 14, MaxZoom},
	{LayerFootprints, 16, MaxZoom},
	{LayerCameras, 15, MaxZoom},
}

// LayerNames are the names of the tiles' layers, in order.
func LayerNames() []string {
	out := make([]string, len(layerZooms))
	for i, z := range layerZooms {
		out[i] = z.name
	}
	return out
}

// Options are the limits of a Source.
type Options struct {
	// CacheTiles is how many encoded tiles are kept (default 4096).
	CacheTiles int
}

// Source cuts tiles from one state of the city. It is safe for concurrent use.
type Source struct {
	layers []*layer

	mu    sync.Mutex
	cache map[cacheKey]*list.Element
	order *list.List
	limit int
}

type cacheKey struct {
	tile maptile.Tile
	// only is the set of layers asked for, as a bit per layer; 0 is every layer.
	only uint64
}

type cached struct {
	key  cacheKey
	data []byte
}

// NewSource builds the layers of an analysis and of the layers it analysed.
func NewSource(res *coverage.Result, opt Options) *Source {
	l := res.Layers
	if opt.CacheTiles <= 0 {
		opt.CacheTiles = 4096
	}
	s := &Source{cache: map[cacheKey]*list.Element{}, order: list.New(), limit: opt.CacheTiles}
	by := map[string]*layer{}
	for _, z := range layerZooms {
		ly := &layer{name: z.name, min: z.min, max: z.max}
		s.layers = append(s.layers, ly)
		by[z.name] = ly
	}
	districts := by[LayerDistricts]
	for _, d := range l.Districts {
		f := geojson.NewFeature(d.Geometry)
		f.Properties["name"] = d.Name
		districts.add(f)
	}
	roads, watched := by[LayerRoads], by[LayerWatched]
	hotspotCentres, hotspots, hotCells := by[LayerHotspotCentres], by[LayerHotspots], by[LayerHotCells]
	sites, violations := by[LayerSites], by[LayerViolations]
	footprints, cameras := by[LayerFootprints], by[LayerCameras]
	for _, r := range res.Roads {
		road := &l.Roads[r.Road]
		f := geojson.NewFeature(road.Geometry)
		share := 0.0
		if r.Length > 0 {
			share = round(r.CoveredLength/r.Length, 1000)
		}
		f.Properties["id"], f.Properties["class"], f.Properties["name"] = road.ID, road.Class, road.Name
		f.Properties["mandatory"], f.Properties["share"] = r.Mandatory, share
		// Below zoom 14 the map shows the roads the rules require watched; the others are
		// the bulk of a city's network and a hairline there.
		if r.Mandatory {
			roads.add(f)
		} else {
			roads.addFrom(f, 14)
		}
		if len(r.Covered) > 0 {
			w := geojson.NewFeature(r.Covered)
			w.Properties["id"], w.Properties["class"] = road.ID, road.Class
			watched.add(w)
		}
	}
	for rank, h := range res.Hotspots {
		f := geojson.NewFeature(res.HotspotArea(&h))
		f.Properties["id"], f.Properties["rank"], f.Properties["score"] = h.ID, rank+1, round(h.Score, 100)
		f.Properties["owners"], f.Properties["max_owners"], f.Properties["cameras"] = len(h.Owners), h.MaxOwners, len(h.Cameras)
		f.Properties["government_share"], f.Properties["area_m2"] = round(h.GovernmentShare, 1000), round(h.AreaM2, 100)
		hotspots.add(f)
		// A centre carries what the map labels it with; each property costs its encoding
		// in every low-zoom tile, where a city centre has thousands of hotspots.
		c := geojson.NewFeature(h.Centre)
		c.Properties["id"], c.Properties["rank"], c.Properties["score"] = h.ID, rank+1, round(h.Score, 100)
		c.Properties["owners"], c.Properties["cameras"] = len(h.Owners), len(h.Cameras)
		hotspotCentres.add(c)
	}
	for _, c := range res.Redundancy {
		f := geojson.NewFeature(res.CellSquare(c.Cell))
		f.Properties["owners"] = c.Owners
		hotCells.add(f)
	}
	for _, r := range res.Sites {
		site := &l.Sites[r.Site]
		f := geojson.NewFeature(site.Geometry)
		f.Properties["id"], f.Properties["category"] = site.ID, site.Category
		f.Properties["name"], f.Properties["district"] = site.Name, r.DistrictName()
		f.Properties["mandatory"], f.Properties["coverage"] = r.Mandatory, string(r.Coverage)
		sites.add(f)
	}
	for _, v := range res.Violations {
		f := geojson.NewFeature(v.Pos)
		f.Properties["rule"], f.Properties["citation"], f.Properties["source"] = v.Rule, v.Citation, v.Source
		if v.Camera >= 0 {
			f.Properties["camera_id"] = l.Cameras[v.Camera].ID
		}
		if v.Site >= 0 {
			f.Properties["site_id"] = l.Sites[v.Site].ID
		}
		violations.add(f)
	}
	for i := range l.Cameras {
		c := &l.Cameras[i]
		district := res.CameraDistrict(i)
		// The map asks the API for the rest of a camera it is clicked on; these are what
		// its filters need.
		p := geojson.NewFeature(c.Pos)
		p.Properties["id"], p.Properties["investment"], p.Properties["azimuth"] = c.ID, string(c.Investment), c.Azimuth
		p.Properties["owner"], p.Properties["district"], p.Properties["status"] = c.Owner, district, c.Status
		cameras.add(p)
		fp := geojson.NewFeature(res.Footprint(c, 5))
		fp.Properties["id"], fp.Properties["investment"] = c.ID, string(c.Investment)
		fp.Properties["owner"], fp.Properties["district"], fp.Properties["status"] = c.Owner, district, c.Status
		footprints.add(fp)
	}
	return s
}

func round(v, per float64) float64 { return math.Round(v*per) / per }

// Layers lists the layer names and the zooms each appears at, for the map's style.
func (s *Source) Layers() []LayerInfo {
	out := make([]LayerInfo, len(s.layers))
	for i, l := range s.layers {
		out[i] = LayerInfo{Name: l.name, MinZoom: int(l.min), MaxZoom: int(l.max), Features: len(l.features)}
	}
	return out
}

// LayerInfo describes a layer of the tiles.
type LayerInfo struct {
	Name     string `json:"name"`
	MinZoom  int    `json:"minzoom"`
	MaxZoom  int    `json:"maxzoom"`
	Features int    `json:"features"`
}

// Tile returns the tile z/x/y as an uncompressed Mapbox vector tile; an empty tile is a
// valid tile with no layers. The result is shared: do not change it.
func (s *Source) Tile(ctx context.Context, z, x, y uint32) ([]byte, error) {
	return s.TileOf(ctx, z, x, y, nil)
}

// ErrUnknownLayer is a layer name the tiles do not have.
var ErrUnknownLayer = errors.New("tiles: no such layer")

// TileOf is Tile with only the named layers (all of them when names is empty); a name
// that is not a layer of the source is an error matching ErrUnknownLayer.
func (s *Source) TileOf(ctx context.Context, z, x, y uint32, names []string) ([]byte, error) {
	var only uint64
	for _, n := range names {
		i := slices.IndexFunc(s.layers, func(l *layer) bool { return l.name == n })
		if i < 0 {
			return nil, fmt.Errorf("%w: %q (the layers are %s)", ErrUnknownLayer, n, strings.Join(LayerNames(), ", "))
		}
		only |= 1 << i
	}
	if z > MaxZoom || uint64(x) >= 1<<z || uint64(y) >= 1<<z {
		return nil, fmt.Errorf("%w: %d/%d/%d", ErrBadTile, z, x, y)
	}
	t := maptile.New(x, y, maptile.Zoom(z))
	s.mu.Lock()
	key := cacheKey{t, only}
	if e, ok := s.cache[key]; ok {
		s.order.MoveToFront(e)
		s.mu.Unlock()
		return e.Value.(*cached).data, nil
	}
	s.mu.Unlock()
	data, err := s.cut(ctx, t, only)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.cache[key]; ok {
		// Another request cut it meanwhile: answer one copy.
		return e.Value.(*cached).data, nil
	}
	s.cache[key] = s.order.PushFront(&cached{key, data})
	for s.order.Len() > s.limit {
		old := s.order.Remove(s.order.Back()).(*cached)
		delete(s.cache, old.key)
	}
	return data, nil
}

// buffer is how far beyond its edge, in tile units of 4096, a tile takes features, so
// that lines and outlines join across tiles.
const buffer = 64.0 / 4096

// cut makes one tile: for each layer shown at its zoom, the features whose bound meets the
// tile (with a buffer), projected to tile coordinates, clipped and simplified.
func (s *Source) cut(ctx context.Context, t maptile.Tile, only uint64) ([]byte, error) {
	bound := t.Bound(buffer)
	clipBox := orb.Bound{Min: orb.Point{-64, -64}, Max: orb.Point{4096 + 64, 4096 + 64}}
	var layers mvt.Layers
	for i, l := range s.layers {
		if t.Z < l.min || t.Z > l.max || only != 0 && only&(1<<i) == 0 {
			continue
		}
		ml := &mvt.Layer{Name: l.name, Version: 2, Extent: 4096}
		l.index.Search(bound.Min, bound.Max, func(_, _ [2]float64, i int) bool {
			if t.Z < l.from[i] {
				return true
			}
			src := l.features[i]
			// Clipping (in degrees, so projection has less to do) and projecting
			// both work in place: they get a copy, never the source.
			var g orb.Geometry
			if p, ok := src.Geometry.(orb.Point); ok {
				g = p
			} else if g = clip.Geometry(bound, orb.Clone(src.Geometry)); g == nil {
				return true
			}
			ml.Features = append(ml.Features, &geojson.Feature{Geometry: g, Properties: src.Properties})
			return true
		})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(ml.Features) == 0 {
			continue
		}
		ml.ProjectToTile(t)
		ml.Clip(clipBox)
		ml.Simplify(simplify.DouglasPeucker(1))
		ml.RemoveEmpty(1, 1)
		if len(ml.Features) > 0 {
			layers = append(layers, ml)
		}
	}
	data, err := mvt.Marshal(layers)
	if err != nil {
		return nil, fmt.Errorf("encoding tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	return data, nil
}

// Handle answers GET …/{z}/{x}/{y}[?layers=a,b] (echo's parameters z, x and y; y may end
// in .pbf or .mvt) with the tile, uncompressed, cacheable by the browser for a minute. A
// tile outside the pyramid or an unknown layer is 400.
func (s *Source) Handle(c echo.Context) error {
	var zxy [3]uint32
	for i, name := range []string{"z", "x", "y"} {
		v := strings.TrimSuffix(strings.TrimSuffix(c.Param(name), ".pbf"), ".mvt")
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return httpapi.Malformed(name, fmt.Sprintf("%s: %q is not a tile coordinate", name, c.Param(name)))
		}
		zxy[i] = uint32(n)
	}
	var names []string
	if q := c.QueryParam("layers"); q != "" {
		names = strings.Split(q, ",")
	}
	data, err := s.TileOf(c.Request().Context(), zxy[0], zxy[1], zxy[2], names)
	switch {
	case errors.Is(err, ErrBadTile):
		return httpapi.Malformed("z", err.Error())
	case errors.Is(err, ErrUnknownLayer):
		return httpapi.Malformed("layers", err.Error())
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=60")
	return c.Blob(http.StatusOK, MediaType, data)
}

// MediaType is the media type of a vector tile.
const MediaType = "application/vnd.mapbox-vector-tile"

// Routes serve the vector tiles of the server's current city.
type Routes struct {
	// Source returns the tiles of the current city; a request reads it once.
	Source func() *Source
}

// Register mounts the tile route on api.
func (r Routes) Register(api *httpapi.API) error {
	return api.Mount(httpapi.Endpoint{
		Method: "GET", Path: httpapi.Base + "/tiles/{z}/{x}/{y}",
		Summary: "A vector tile of the city and its analysis (layers: " + strings.Join(LayerNames(), ", ") + "); y may end in .pbf.",
		Roles:   auth.Roles(),
		Params: []httpapi.Param{httpapi.PathParam("z", "integer", "zoom, 0 to 22"),
			httpapi.PathParam("x", "integer", "column"), httpapi.PathParam("y", "string", "row, with or without .pbf"),
			httpapi.QueryParam("layers", "string", "comma-separated layer names (default: every layer)", false)},
		Responses: map[int]any{200: httpapi.Binary{MediaType: MediaType}},
		Errors:    []int{400},
		Handle:    func(c echo.Context) error { return r.Source().Handle(c) },
	})
}
