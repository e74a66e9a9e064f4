package geojson

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"cctvgis/internal/psort"
	"cctvgis/planner/coverage"
)

// WriteResults writes report.json, sites.geojson, roads.geojson, hotspots.geojson and
// violations.geojson into dir, all or none (see writeFiles).
//
// The GeoJSON files are streamed: blocks of features are encoded, one block per CPU at a
// time, and written in order into the file's buffer, so memory does not grow with the
// output. Their properties are in key order and their numbers in the shortest form that
// reads back exactly. report.json, a few MB at most even for a province, is indented by
// encoding/json.
func WriteResults(ctx context.Context, dir string, l *coverage.Layers, res *coverage.Result, rep *Report) error {
	out := newResults(l, res)
	results := func(f resultFile) fileContent {
		return fileContent{f.name, func(w io.Writer) error { return out.write(ctx, w, f) }}
	}
	return writeFiles(ctx, dir, []fileContent{
		results(sitesFile), results(roadsFile), results(hotspotsFile), results(violationsFile),
		{ReportFile, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(rep)
		}},
	})
}

// resultFile is one GeoJSON result file: its name, what its items are, how many the
// result has, and how the features of item k are written (one or more).
type resultFile struct {
	name    string
	what    string
	items   func(*coverage.Result) int
	feature func(rw *resultWriter, k int)
}

var (
	sitesFile      = resultFile{SitesFile, "site", func(r *coverage.Result) int { return len(r.Sites) }, siteFeature}
	roadsFile      = resultFile{RoadsFile, "road", func(r *coverage.Result) int { return len(r.Roads) }, roadFeatures}
	hotspotsFile   = resultFile{HotspotsFile, "hotspot", func(r *coverage.Result) int { return len(r.Hotspots) }, hotspotFeature}
	violationsFile = resultFile{ViolationsFile, "violation", func(r *coverage.Result) int { return len(r.Violations) }, violationFeature}
)

// results is what the result files are written from.
type results struct {
	l   *coverage.Layers
	res *coverage.Result
	// rank is each camera's place in the order of their ids, so that a list of cameras is
	// put in that order by sorting small integers rather than strings.
	rank []uint32
	// quoted holds the cameras' ids as JSON strings, in rank order, the one of rank r at
	// quoted[at[r]:at[r+1]]: a list of cameras is copied from these few MB rather than
	// gathered from the whole camera layer.
	quoted []byte
	at     []uint32
}

func newResults(l *coverage.Layers, res *coverage.Result) *results {
	order := make([]uint32, len(l.Cameras))
	for i := range order {
		order[i] = uint32(i)
	}
	psort.SortFunc(order, func(a, b uint32) int { return strings.Compare(l.Cameras[a].ID, l.Cameras[b].ID) })
	size := 0
	for i := range l.Cameras {
		size += len(l.Cameras[i].ID) + 2 // quoted, and longer only for escapes
	}
	out := &results{l: l, res: res, rank: make([]uint32, len(order)), at: make([]uint32, 1, len(order)+1), quoted: make([]byte, 0, size)}
	for r, i := range order {
		out.rank[i] = uint32(r)
		out.quoted = appendString(out.quoted, l.Cameras[i].ID)
		out.at = append(out.at, uint32(len(out.quoted)))
	}
	return out
}

// resultWriter encodes blocks of features of one result file into its buffer.
type resultWriter struct {
	*encoder
	*results
	file    string
	item    int      // the item being written
	failed  error    // the first value that could not be written
	scratch []uint32 // ranks of the cameras being sorted
}

// resultBlock is how many items a resultWriter encodes into one block.
const resultBlock = 256

// block is one encoded run of items, or the first value among them that could not be
// written.
type block struct {
	buf    []byte
	failed error
}

// write writes one FeatureCollection, as a pipeline: worker j of one per CPU encodes
// blocks j, j+P, j+2P, … each into one of its two buffers, while this goroutine writes the
// finished blocks in order and hands each buffer back to its worker. Encoding goes on
// while a block is being written, and memory stays at two blocks per CPU.
func (out *results) write(ctx context.Context, w io.Writer, f resultFile) error {
	if _, err := io.WriteString(w, `{"features":[`); err != nil {
		return err
	}
	n := f.items(out.res)
	blocks := (n + resultBlock - 1) / resultBlock
	workers := min(runtime.GOMAXPROCS(0), max(blocks, 1))
	ctx, cancel := context.WithCancel(ctx)
	done := make([]chan block, workers)
	free := make([]chan []byte, workers)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	for j := range workers {
		done[j], free[j] = make(chan block, 1), make(chan []byte, 2)
		free[j] <- make([]byte, 0, 256<<10)
		free[j] <- make([]byte, 0, 256<<10)
		wg.Go(func() { out.encodeBlocks(ctx, f, j, workers, n, free[j], done[j]) })
	}
	for b := range blocks {
		var blk block
		select {
		case blk = <-done[b%workers]:
		case <-ctx.Done():
			return fmt.Errorf("writing %s: %w", f.name, ctx.Err())
		}
		if blk.failed != nil {
			return blk.failed
		}
		if _, err := w.Write(blk.buf); err != nil {
			return err
		}
		free[b%workers] <- blk.buf
	}
	_, err := io.WriteString(w, "],\"type\":\"FeatureCollection\"}\n")
	return err
}

// encodeBlocks encodes blocks j, j+step, … of file f into the buffers it gets from free
// and sends them to done, in order, until the items run out, one fails or ctx ends.
func (out *results) encodeBlocks(ctx context.Context, f resultFile, j, step, n int, free <-chan []byte, done chan<- block) {
	rw := &resultWriter{encoder: &encoder{}, results: out, file: f.name}
	rw.bad = func(field, reason string) {
		if rw.failed == nil {
			rw.failed = fmt.Errorf("writing %s: %s %d: %s: %s: %w", f.name, f.what, rw.item, field, reason, ErrNotWritable)
		}
	}
	for b := j; b*resultBlock < n; b += step {
		select {
		case rw.buf = <-free:
		case <-ctx.Done():
			return
		}
		from, to := b*resultBlock, min((b+1)*resultBlock, n)
		rw.buf, rw.comma = rw.buf[:0], from > 0
		for rw.item = from; rw.item < to && rw.failed == nil; rw.item++ {
			f.feature(rw, rw.item)
		}
		select {
		case done <- block{rw.buf, rw.failed}:
		case <-ctx.Done():
			return
		}
		if rw.failed != nil {
			return
		}
	}
}

// feature opens a feature with its geometry and its properties; close it with
// rw.endFeature.
func (rw *resultWriter) feature(g func()) {
	rw.objectStart()
	rw.key("type")
	rw.raw(`"Feature"`)
	rw.key("geometry")
	g()
	rw.key("properties")
	rw.objectStart()
}

func (rw *resultWriter) endFeature() {
	rw.objectEnd()
	rw.objectEnd()
}

// cameras writes the cameras' ids, sorted, so that results do not depend on the order
// the layers came in.
func (rw *resultWriter) cameras(idx []int32) {
	rw.scratch = rw.scratch[:0]
	for _, i := range idx {
		rw.scratch = append(rw.scratch, rw.rank[i])
	}
	slices.Sort(rw.scratch)
	rw.arrayStart()
	for k, r := range rw.scratch {
		if k > 0 {
			rw.buf = append(rw.buf, ',')
		}
		rw.buf = append(rw.buf, rw.quoted[rw.at[r]:rw.at[r+1]]...)
	}
	rw.arrayEnd()
}

// prop writes a string property.
func (rw *resultWriter) prop(k, v string) {
	rw.key(k)
	rw.str(v)
}

// numProp writes a number property.
func (rw *resultWriter) numProp(k string, v float64) {
	rw.key(k)
	rw.num(k, v)
}

func (rw *resultWriter) boolProp(k string, v bool) {
	rw.key(k)
	rw.bool(v)
}

func (rw *resultWriter) intProp(k string, v int) {
	rw.key(k)
	rw.int(v)
}

// The features of each file follow. Properties are written in key order, so that the
// files are what encoding/json made of the same values as maps before issue 13.

func siteFeature(rw *resultWriter, k int) {
	r := &rw.res.Sites[k]
	s := &rw.l.Sites[r.Site]
	rw.feature(func() { rw.geometry(s.Geometry) })
	c := r.Citation
	if c != nil {
		rw.prop("article", c.Article)
	}
	rw.prop("category", s.Category)
	if c != nil {
		rw.prop("citation", c.Citation)
		rw.prop("citation_en", c.CitationEn)
	}
	rw.prop("coverage", string(r.Coverage))
	rw.key("covering_cameras")
	rw.cameras(r.Cameras)
	rw.prop("district", r.District)
	rw.prop("id", s.ID)
	rw.boolProp("implicit_key_point", r.Implicit)
	if c != nil {
		rw.key("item")
		rw.intOrNull(c.Item)
	}
	rw.key("key_points")
	rw.arrayStart()
	for _, kp := range r.KeyPoints {
		rw.objectStart()
		rw.key("cameras")
		rw.cameras(kp.Cameras)
		rw.prop("kind", kp.Kind)
		rw.numProp("lat", kp.Pos[1])
		rw.numProp("lon", kp.Pos[0])
		rw.objectEnd()
	}
	rw.arrayEnd()
	rw.boolProp("mandatory", r.Mandatory)
	rw.prop("name", s.Name)
	if c != nil {
		rw.prop("source", c.Source)
	}
	rw.endFeature()
}

// roadFeatures writes the road and, when some of it is watched, its watched stretches.
func roadFeatures(rw *resultWriter, k int) {
	r := &rw.res.Roads[k]
	road := &rw.l.Roads[r.Road]
	rw.feature(func() { rw.geometry(road.Geometry) })
	rw.prop("class", road.Class)
	rw.numProp("covered_m", round(r.CoveredLength, stepMetres))
	rw.prop("id", road.ID)
	rw.numProp("length_m", round(r.Length, stepMetres))
	rw.boolProp("mandatory", r.Mandatory)
	rw.prop("name", road.Name)
	rw.prop("part", "road")
	share := 0.0
	if r.Length > 0 {
		share = r.CoveredLength / r.Length
	}
	rw.numProp("share", round(share, stepShare))
	rw.endFeature()
	if len(r.Covered) > 0 {
		rw.feature(func() { rw.geometry(r.Covered) })
		rw.prop("class", road.Class)
		rw.prop("id", road.ID)
		rw.prop("part", "covered")
		rw.endFeature()
	}
}

func hotspotFeature(rw *resultWriter, k int) {
	h := &rw.res.Hotspots[k]
	rw.feature(func() { rw.geometry(rw.res.HotspotArea(h)) })
	rw.numProp("area_m2", round(h.AreaM2, stepMetres))
	rw.intProp("camera_count", len(h.Cameras))
	rw.key("cameras")
	rw.cameras(h.Cameras)
	rw.intProp("cells", len(h.Cells))
	centre := roundPoint(h.Centre)
	rw.key("centre")
	rw.arrayStart()
	rw.num("centre", centre[0])
	rw.num("centre", centre[1])
	rw.arrayEnd()
	rw.numProp("government_share", round(h.GovernmentShare, stepShare))
	rw.prop("id", h.ID)
	rw.intProp("max_owners", h.MaxOwners)
	rw.intProp("owner_count", len(h.Owners))
	rw.key("owners")
	rw.strs(h.Owners)
	rw.intProp("rank", k+1)
	rw.numProp("score", round(h.Score, stepShare))
	rw.endFeature()
}

func violationFeature(rw *resultWriter, k int) {
	v := &rw.res.Violations[k]
	rw.feature(func() { rw.geometry(v.Pos) })
	var camera *coverage.Camera
	if v.Camera >= 0 {
		camera = &rw.l.Cameras[v.Camera]
	}
	var site *coverage.Site
	if v.Site >= 0 {
		site = &rw.l.Sites[v.Site]
	}
	rw.prop("article", v.Article)
	if camera != nil {
		rw.prop("camera_id", camera.ID)
	}
	if site != nil {
		rw.prop("category", site.Category)
	}
	rw.prop("citation", v.Citation)
	rw.prop("citation_en", v.CitationEn)
	if site != nil {
		rw.prop("coverage", string(v.Coverage))
	}
	rw.key("item")
	rw.intOrNull(v.Item)
	if camera != nil {
		rw.prop("owner", camera.Owner)
	}
	rw.key("penalties")
	rw.arrayStart()
	for _, p := range v.Penalties {
		rw.str(p)
	}
	rw.arrayEnd()
	rw.prop("rule", v.Rule)
	if site != nil {
		rw.prop("site_id", site.ID)
	}
	rw.prop("source", v.Source)
	if v.Space != "" {
		rw.prop("space", v.Space)
	}
	if v.Zone != "" {
		rw.prop("zone", v.Zone)
		rw.prop("zone_id", v.ZoneID)
	}
	rw.endFeature()
}
