package osm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"cctvgis/planner/coverage"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
)

// Nodes, Ways and Relations number the features of an OpenStreetMap file by the id of the
// element each was read from.
var (
	Nodes     = coverage.NewNumbering("node/%d")
	Ways      = coverage.NewNumbering("way/%d")
	Relations = coverage.NewNumbering("relation/%d")
)

// Errors of an OpenStreetMap read; match them with errors.Is.
var (
	// ErrUnknownOSMFormat is a file name that ends in neither .osm nor .pbf.
	ErrUnknownOSMFormat = errors.New("data: unknown OSM file format")
	// ErrInvalidOSMOptions is an Options value a read cannot use: camera defaults that
	// would produce cameras Check rejects, or a mapping row without a key, value or
	// category.
	ErrInvalidOSMOptions = errors.New("data: invalid OSM options")
	// ErrEmptyFile is a file of 0 bytes: no OpenStreetMap file is empty, so it is a
	// download or export that failed.
	ErrEmptyFile = errors.New("data: empty file (0 bytes)")
)

// The defaults of Options' zero fields.
const (
	osmDefaultHFOV  = 90
	osmDefaultRange = 30
	osmDefaultOwner = "unknown"
	// osmStoreyHeight is the height in metres of one storey of building:levels, a common
	// floor-to-floor height of Chinese residential and office buildings.
	osmStoreyHeight = 3
	// osmStationEntranceRadius is how far in metres a subway entrance may lie from its
	// station: entrances open on the streets around it, often 100 m or more away.
	osmStationEntranceRadius = 250
	// osmDuplicateDistance is how close in metres two sites of the same name and category
	// are one place mapped twice (a bus stop mapped as two nodes, a school as a node and an
	// area).
	osmDuplicateDistance = 30
)

// Options are the mapping of tags to layers and the camera values OpenStreetMap does not
// record. A zero field takes its default.
type Options struct {
	// Mapping maps tags to site categories, road classes and private space kinds,
	// DefaultMapping() when nil.
	Mapping *Mapping
	// DefaultHFOV is the horizontal field of view in degrees of a camera with a direction,
	// 90 by default.
	DefaultHFOV float64
	// DefaultRange is every camera's effective range in metres, 30 by default.
	DefaultRange float64
	// DefaultOwner is the owner of a camera without an operator tag, "unknown" by default.
	DefaultOwner string
	// DefaultInvestment is the investment of a camera whose tags do not say it,
	// coverage.InvestmentUnknown by default.
	DefaultInvestment coverage.Investment
	// StoreyHeight is the height in metres of one storey, which turns an occluder's
	// building:levels into a height when it has no height tag; 3 by default.
	StoreyHeight float64
	// StationEntranceRadius is how far in metres a station entrance (Mapping.
	// StationEntrances) may lie from its station; 250 by default.
	StationEntranceRadius float64
	// DuplicateDistance is how close in metres two sites of the same category and name
	// must be to be merged as one place mapped twice; 30 by default, negative to merge
	// none.
	DuplicateDistance float64
	// GovernmentOperators are the operators whose cameras the government paid for: a
	// camera whose operator contains one of them, compared without regard to case or
	// spaces, is government's. nil takes DefaultGovernmentOperators(); an empty slice
	// names none.
	GovernmentOperators []string
	// Strict makes the first camera tag value the read cannot make sense of fail the whole
	// read with a *ValueError naming the element, the tag and the value. Without it such a
	// value is skipped and counted in Stats.Skipped, and the camera kept without it.
	Strict bool
}

// ValueError is a camera tag value a strict read (Options.Strict) could not make sense of:
// a direction, height, camera:count or surveillance:type.
type ValueError struct {
	// At is the element whose tag it is, node/123.
	At coverage.Position
	// Key and Value are the tag: camera:direction and "90;up".
	Key, Value string
	// Reason says what is wrong with the value.
	Reason string
}

// Error names the element, the tag, its value and what is wrong with it.
func (e *ValueError) Error() string {
	return fmt.Sprintf("%v: %s=%q: %s", e.At, e.Key, e.Value, e.Reason)
}

// DefaultGovernmentOperators returns a new copy of the operator names that make a
// camera government's when Options name none: public security, police and city
// governments, in Chinese, English and German (OpenStreetMap's most common tagging
// languages around the extracts we test). Entries are matched as parts of the operator,
// so they are chosen not to occur inside other words ("city" would match
// "electricity": "city of" and "city council" do not).
func DefaultGovernmentOperators() []string {
	return []string{
		"公安", "警察", "交警", "派出所", "政府", "城管", "街道办",
		"police", "polizei", "gendarmerie", "carabinieri",
		"city of", "city council", "municipal", "council",
		"gemeinde", "stadtverwaltung", "landesverwaltung",
	}
}

// governmentOperator reports whether operator names one of the government operators,
// already normalised by coverage.OwnerKey.
func governmentOperator(operator string, gov []string) bool {
	op := coverage.OwnerKey(operator)
	for _, g := range gov {
		if g != "" && strings.Contains(op, g) {
			return true
		}
	}
	return false
}

// resolved returns the options with their defaults filled in, or an error wrapping
// ErrInvalidOSMOptions.
func (o Options) resolved() (Options, error) {
	if o.Mapping == nil {
		o.Mapping = DefaultMapping()
	}
	if err := o.Mapping.check(); err != nil {
		return o, err
	}
	if o.DefaultHFOV == 0 {
		o.DefaultHFOV = osmDefaultHFOV
	}
	if o.DefaultRange == 0 {
		o.DefaultRange = osmDefaultRange
	}
	if o.DefaultOwner == "" {
		o.DefaultOwner = osmDefaultOwner
	}
	if o.DefaultInvestment == "" {
		o.DefaultInvestment = coverage.InvestmentUnknown
	}
	if o.StoreyHeight == 0 {
		o.StoreyHeight = osmStoreyHeight
	}
	if o.StationEntranceRadius == 0 {
		o.StationEntranceRadius = osmStationEntranceRadius
	}
	if o.DuplicateDistance == 0 {
		o.DuplicateDistance = osmDuplicateDistance
	}
	if o.GovernmentOperators == nil {
		o.GovernmentOperators = DefaultGovernmentOperators()
	}
	gov := make([]string, 0, len(o.GovernmentOperators))
	for _, g := range o.GovernmentOperators {
		if g = coverage.OwnerKey(g); g != "" {
			gov = append(gov, g)
		}
	}
	o.GovernmentOperators = gov
	switch {
	case !(o.DefaultHFOV > 0 && o.DefaultHFOV <= 360):
		return o, fmt.Errorf("%w: DefaultHFOV %v is outside 0 < hfov ≤ 360", ErrInvalidOSMOptions, o.DefaultHFOV)
	case !(o.DefaultRange > 0) || math.IsInf(o.DefaultRange, 0):
		return o, fmt.Errorf("%w: DefaultRange %v is not a positive number of metres", ErrInvalidOSMOptions, o.DefaultRange)
	case o.DefaultInvestment != coverage.Government && o.DefaultInvestment != coverage.Private && o.DefaultInvestment != coverage.InvestmentUnknown:
		return o, fmt.Errorf("%w: DefaultInvestment %q is none of government, private, unknown", ErrInvalidOSMOptions, o.DefaultInvestment)
	case !(o.StoreyHeight > 0) || math.IsInf(o.StoreyHeight, 0):
		return o, fmt.Errorf("%w: StoreyHeight %v is not a positive number of metres", ErrInvalidOSMOptions, o.StoreyHeight)
	case !(o.StationEntranceRadius > 0) || math.IsInf(o.StationEntranceRadius, 0):
		return o, fmt.Errorf("%w: StationEntranceRadius %v is not a positive number of metres", ErrInvalidOSMOptions, o.StationEntranceRadius)
	case math.IsNaN(o.DuplicateDistance) || math.IsInf(o.DuplicateDistance, 0):
		return o, fmt.Errorf("%w: DuplicateDistance %v is not a number of metres", ErrInvalidOSMOptions, o.DuplicateDistance)
	}
	return o, nil
}

// Format is the encoding of an OpenStreetMap file.
type Format int

// The OpenStreetMap encodings.
const (
	// OSMXML is the XML format of .osm files.
	OSMXML Format = iota + 1
	// OSMPBF is the protocol buffer format of .osm.pbf files.
	OSMPBF
)

// FormatOf returns the format a file name's extension names: .osm is XML, .pbf
// (.osm.pbf) is PBF, in any case.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".osm":
		return OSMXML, nil
	case ".pbf":
		return OSMPBF, nil
	}
	return 0, fmt.Errorf("%w: %q ends in neither .osm nor .osm.pbf", ErrUnknownOSMFormat, filepath.Base(path))
}

// The reasons Stats.Skipped counts.
const (
	skipRelation      = "relation not a multipolygon"
	skipBrokenRing    = "multipolygon whose rings do not close"
	skipStrayInner    = "multipolygon with an inner ring in no outer ring"
	skipMissingWays   = "multipolygon with ways missing from the file"
	skipNoStation     = "station entrance near no station"
	skipDuplicate     = "near-duplicate site, merged into another"
	skipNotClosed     = "way not closed"
	skipShortRoad     = "road of fewer than 2 nodes"
	skipMissingNodes  = "way with nodes missing from the file"
	skipSpaceNode     = "private space given as a node"
	skipLooseEntrance = "entrance on no site way"
	skipNotCamera     = "surveillance other than a camera"
	skipBadPosition   = "node outside lon −180..180, lat −90..90"
	skipWebcam        = "surveillance=webcam (a public webcam, not a security camera)"
	skipGuard         = "surveillance=guard (a guard, not a camera)"
	skipFake          = "surveillance=fake (a dummy camera)"
	// The reasons for camera tag values a read cannot make sense of (see Options.Strict):
	// a node of an unknown surveillance:type is left out, a camera with an odd direction,
	// height or count is kept without the value.
	skipOddType      = "surveillance:type other than camera, ALPR, ANPR or guard"
	skipOddDirection = "camera direction neither degrees, a compass point nor a range, taken as unknown"
	skipOddHeight    = "camera height not in metres, taken as unknown"
	skipOddCount     = "camera:count not a whole number from 1 to 64, taken as one camera per direction"
)

// maxExamples is how many example elements Stats keeps per skipped reason.
const maxExamples = 3

// skipSurveillance maps the surveillance values of things that are not security cameras
// to the reason they are skipped.
var skipSurveillance = map[string]string{"webcam": skipWebcam, "guard": skipGuard, "fake": skipFake}

// maxCameraCount bounds camera:count: a node with more cameras is a mistake, not a mast.
const maxCameraCount = 64

// Stats counts what an OpenStreetMap read produced and left out.
type Stats struct {
	// Layers counts the features produced per layer (coverage.LayerSites, …).
	Layers map[string]int
	// Categories counts the sites per category and the roads per class.
	Categories map[string]int
	// Spaces counts the private spaces per kind.
	Spaces map[string]int
	// Cameras counts the cameras read in the states the analysis reports "to verify":
	// "unknown direction" and "unknown investment".
	Cameras map[string]int
	// Skipped counts elements that match a table or are cameras or entrances but produced
	// nothing, by reason: "relation not a multipolygon" (a route or stop area with a
	// site's tags), "multipolygon whose rings do not close", "multipolygon with an inner
	// ring in no outer ring", "multipolygon with ways missing from the file", "way not
	// closed" (a site or private space on an open way), "road of fewer than 2 nodes", "way
	// with nodes missing from the file" (clipped at the extract's edge), "private space
	// given as a node", "entrance on no site way", "station entrance near no station",
	// "near-duplicate site, merged into another", "surveillance other than a camera"
	// (surveillance:type=guard), surveillance=webcam, guard and fake (each its own) and "node
	// outside lon −180..180, lat −90..90"; and, once per node, the camera tag values a read
	// that is not strict skips: "surveillance:type other than camera, ALPR, ANPR or guard"
	// (the node is left out), "camera direction neither degrees, a compass point nor a
	// range, taken as unknown", "camera height not in metres, taken as unknown" and
	// "camera:count not a whole number from 1 to 64, taken as one camera per direction".
	Skipped map[string]int
	// Examples holds, per reason of Skipped, the first few elements skipped for it as
	// "node/1", "way/2" or "relation/3"; a merged site is "node/4 into osm:n5", a tag value
	// its node and the tag, node/6 camera:direction="up".
	Examples map[string][]string
}

// Lines returns one line per reason the read skipped elements for, with their count and
// the examples the read kept, then the counts of cameras to verify: what the import report
// shows of the read.
func (stats Stats) Lines() []string {
	var lines []string
	for _, reason := range slices.Sorted(maps.Keys(stats.Skipped)) {
		line := fmt.Sprintf("skipped %d OpenStreetMap elements: %s", stats.Skipped[reason], reason)
		if ex := stats.Examples[reason]; len(ex) > 0 {
			more := ""
			if stats.Skipped[reason] > len(ex) {
				more = ", …"
			}
			line += " (e.g. " + strings.Join(ex, ", ") + more + ")"
		}
		lines = append(lines, line)
	}
	for _, state := range slices.Sorted(maps.Keys(stats.Cameras)) {
		lines = append(lines, fmt.Sprintf("cameras to verify: %d of %s", stats.Cameras[state], state))
	}
	return lines
}

// ReadFile is Read on the file at path, in the format its extension names (see
// FormatOf); errors name the path. A file of 0 bytes is ErrEmptyFile.
func ReadFile(ctx context.Context, path string, opt Options, into *coverage.Layers) (Stats, error) {
	format, err := FormatOf(path)
	if err != nil {
		return Stats{}, fmt.Errorf("loading %s: %w", path, err)
	}
	file, err := os.Open(path)
	if err != nil {
		return Stats{}, err
	}
	defer func() { _ = file.Close() }() // read only: closing cannot lose data
	if st, err := file.Stat(); err == nil && st.Size() == 0 {
		return Stats{}, fmt.Errorf("loading %s: %w", path, ErrEmptyFile)
	}
	stats, err := read(ctx, file, path, format, opt, into)
	if err != nil {
		return Stats{}, fmt.Errorf("loading %s: %w", path, err)
	}
	return stats, nil
}

// Read reads sites, their entrances, roads and private spaces, as opt.Mapping maps them,
// and cameras from OpenStreetMap data and appends them to into, with ids "osm:n<id>" for
// nodes and "osm:w<id>" for ways.
//
// r is read twice from its current offset, so that memory grows with the features read,
// not with the file: the first pass keeps the ways of interest and their node ids, the
// second the coordinates of those nodes and the tagged nodes. Ways whose nodes are not
// all in the file are skipped. The entrances of a site are the nodes tagged entrance=*
// on its way, of the kind the tag's value gives; a site without such nodes has none.
//
// Cameras are the nodes tagged man_made=surveillance whose surveillance:type, when
// present, is camera, ALPR or ANPR (in any case; "camera;ALPR" is one). camera:direction,
// or else direction, gives where a camera looks, in one of four forms:
//   - degrees clockwise from north, any finite number taken modulo 360 (-10 is 350, 400
//     is 40), with or without a degree sign (180°);
//   - one of the 16 compass points, abbreviated (N, NNE, …, NNW) or in English words
//     (north, north-north-east, south-west, …), in any case, the words run together or
//     separated by "-", "_" or " ";
//   - one of the 8 compass points in Chinese (北, 东北, …, 西北; 正北 is 北);
//   - a range "from-to" of degrees or compass points (90-180, 350-10, E-W), the arc
//     clockwise from the first end to the second: the azimuth is the arc's middle and the
//     hfov its width (350-10 is azimuth 0, hfov 20), but never less than
//     opt.DefaultHFOV, since a narrow range says where the camera looks more than how
//     wide it sees; ends a whole turn apart (0-360) are the full circle. Compass points in
//     words are read first, so "south-west" is a compass point, not a range.
//
// A list of directions makes one camera each, with ids "osm:n<id>#1", "#2", …: directions
// separated by ";" (OpenStreetMap's separator), "," ("180, 270"), the Chinese "；", "，" or
// "、", or by spaces when each word is a direction ("90 270"); empty entries ("90;") are
// nothing. camera:count=n (1 to 64) asks for n cameras, the ones beyond the directions
// looking the last way. A camera whose direction is degrees or a compass point takes
// opt.DefaultHFOV. A camera with camera:type=dome is a dome, hfov 360, turned to its
// (first readable) direction: its azimuth is that direction, or 0 when it has none. A
// camera without a direction is of unknown direction (coverage.DirectionUnknown, azimuth
// 0, hfov 360 as placeholders) when it is camera:type=fixed or surveillance=indoor, and a
// dome otherwise. surveillance=webcam, guard and fake are not security cameras, nor is
// surveillance:type=guard: they are skipped and counted; indoor, outdoor and public are
// kept as Camera.Surveillance. camera:mount gives the mount; level (else layer) the
// vertical level, below 0 also for location=underground.
//
// operator gives the owner. The investment is the government's for operator:type
// government or public, or an operator containing one of opt.GovernmentOperators
// (compared without regard to case or spaces: 公安局, Landespolizei); not for
// operator:type private, commercial or business; otherwise it is opt.DefaultInvestment,
// unknown by default (surveillance=public says what the camera watches, not who paid for
// it). Stats.Cameras counts the cameras of unknown direction and investment. height, in
// metres with an optional unit and a decimal point or comma (4.5, 6 m, 3,5 m), gives the
// mount height.
//
// No single tag value fails a read that is not strict. A camera tag value it cannot read
// is skipped, counted once per node in Stats.Skipped with the node and the tag as an
// example, and the camera kept without it: an entry of a direction list that is no
// direction (up, 90-, abc-def, NaN) is a camera of unknown direction, as is a list of more
// than 64; an unreadable height is unknown (0); an unreadable camera:count (0, a few,
// 1000) asks for one camera per direction. A node of a surveillance:type none of camera,
// ALPR, ANPR or guard is left out, counted alike. With opt.Strict, the first such value
// fails the read with a *ValueError naming the node, the tag and the value.
//
// OpenStreetMap coordinates are WGS84, so none are converted. On error, into is left as
// it was.
func Read(ctx context.Context, r io.ReadSeeker, format Format, opt Options, into *coverage.Layers) (Stats, error) {
	return read(ctx, r, "", format, opt, into)
}

// read is Read for the file named file, which positions name.
func read(ctx context.Context, r io.ReadSeeker, file string, format Format, opt Options, into *coverage.Layers) (Stats, error) {
	opt, err := opt.resolved()
	if err != nil {
		return Stats{}, fmt.Errorf("reading OSM: %w", err)
	}
	if format != OSMXML && format != OSMPBF {
		return Stats{}, fmt.Errorf("reading OSM: %w %d", ErrUnknownOSMFormat, format)
	}
	before := into.Mark()
	o := &osmReader{
		file:      file,
		opt:       opt,
		format:    format,
		entrances: make(map[osm.NodeID]string),
		isMember:  make(map[osm.WayID]bool),
		members:   make(map[osm.WayID][]osm.NodeID),
		stats: Stats{
			Layers:     make(map[string]int),
			Categories: make(map[string]int),
			Spaces:     make(map[string]int),
			Skipped:    make(map[string]int),
			Examples:   make(map[string][]string),
			Cameras:    make(map[string]int),
		},
	}
	if err := o.read(ctx, r, into); err != nil {
		into.Truncate(before)
		return Stats{}, fmt.Errorf("reading OSM: %w", err)
	}
	return o.stats, nil
}

// osmReader holds the state of one read between its two passes.
type osmReader struct {
	file   string
	opt    Options
	format Format
	stats  Stats

	// ways are the ways of interest, in file order.
	ways []osmWay
	// ids are the sorted ids of the nodes the ways need; pos and flags are indexed alike.
	ids   []osm.NodeID
	pos   []orb.Point
	flags []uint8
	// entrances maps the entrance nodes on site ways to their kinds.
	entrances map[osm.NodeID]string

	// relations are the multipolygons of interest, in file order. isMember holds the ids
	// of their ways, fixed after the relation pass, so that the decoders may read it
	// during the way pass; members maps those ids to the ways' node ids as they are read.
	relations []osmRelation
	isMember  map[osm.WayID]bool
	members   map[osm.WayID][]osm.NodeID
	// sites and siteEntrances are the sites and entrances read, held back until near
	// duplicates are merged; stations are the station entrance nodes.
	sites         []pendingSite
	siteEntrances []pendingEntrance
	stations      []stationEntrance
}

// The bits of osmReader.flags.
const (
	nodeFound  uint8 = 1 << iota // the node's coordinates are in pos
	nodeOnSite                   // the node is on a site way
)

// osmWay is a way of interest: its node ids and what it maps to.
type osmWay struct {
	id                osm.WayID
	refs              []osm.NodeID
	name              string
	site, space, road string
	// passage is the category of a passage way (Mapping.Passages), "" for none.
	passage string
	// occluder says that the way is a building; height is its height in metres, 0 when
	// unknown.
	occluder bool
	height   float64
	// level is a road's vertical level (see roadLevel).
	level int
}

// checkEvery is how many elements are read between checks of the context.
const checkEvery = 1 << 12

// The passes of a read, in order.
type pass int

const (
	passRelations pass = iota // the multipolygons of interest and their member ways
	passWays                  // the ways of interest and the member ways' nodes
	passNodes                 // the coordinates of the nodes needed, and tagged nodes
)

func (o *osmReader) read(ctx context.Context, r io.ReadSeeker, into *coverage.Layers) error {
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("seeking: %w", err)
	}
	for _, p := range []struct {
		pass pass
		what string
	}{{passRelations, "relations"}, {passWays, "ways"}, {passNodes, "nodes"}} {
		if p.pass == passNodes {
			o.index()
		}
		if _, err := r.Seek(start, io.SeekStart); err != nil {
			return fmt.Errorf("seeking: %w", err)
		}
		if err := o.scan(ctx, r, p.pass, into); err != nil {
			return fmt.Errorf("scanning %s: %w", p.what, err)
		}
	}
	return o.assemble(ctx, into)
}

// scan makes one pass over the data.
func (o *osmReader) scan(ctx context.Context, r io.Reader, p pass, into *coverage.Layers) error {
	var sc osm.Scanner
	if o.format == OSMPBF {
		pbf := osmpbf.New(ctx, r, runtime.GOMAXPROCS(0))
		pbf.SkipNodes, pbf.SkipWays, pbf.SkipRelations = p != passNodes, p != passWays, p != passRelations
		// Decode only the elements that can matter. The filters run on the decoders'
		// goroutines, which is safe because isMember and ids do not change during the
		// passes that read them.
		pbf.FilterWay = func(w *osm.Way) bool { return len(w.Tags) > 0 || o.isMember[w.ID] }
		pbf.FilterRelation = func(r *osm.Relation) bool { return len(r.Tags) > 0 }
		if p == passNodes {
			pbf.FilterNode = func(n *osm.Node) bool { return len(n.Tags) > 0 || o.need(n.ID) >= 0 }
		}
		sc = pbf
	} else {
		sc = osmxml.New(ctx, &xmlSqueezer{r: r})
	}
	defer func() { _ = sc.Close() }() // Close stops the decoders; its error says nothing of the data
	for i := 0; sc.Scan(); i++ {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch e := sc.Object().(type) {
		case *osm.Node:
			if p == passNodes {
				if err := o.node(e, into); err != nil {
					return err
				}
			}
		case *osm.Way:
			if p == passWays {
				o.way(e)
			}
		case *osm.Relation:
			if p == passRelations {
				o.relation(e)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return ctx.Err()
}

// skip counts an element skipped for reason, without naming it.
func (o *osmReader) skip(reason string) { o.stats.Skipped[reason]++ }

// skipAt counts the element at at skipped for reason, and keeps it as an example.
func (o *osmReader) skipAt(reason string, at coverage.Position) {
	o.skipNamed(reason, at.String())
}

// skipNamed counts an element skipped for reason and keeps what names it as an example.
func (o *osmReader) skipNamed(reason, example string) {
	o.stats.Skipped[reason]++
	if len(o.stats.Examples[reason]) < maxExamples {
		o.stats.Examples[reason] = append(o.stats.Examples[reason], example)
	}
}

// way keeps a way that maps to a site, passage, private space, occluder or road, and the
// nodes of a multipolygon's member way.
func (o *osmReader) way(w *osm.Way) {
	n := len(w.Nodes)
	if o.isMember[w.ID] {
		refs := make([]osm.NodeID, n)
		for i, wn := range w.Nodes {
			refs[i] = wn.ID
		}
		o.members[w.ID] = refs
	}
	if len(w.Tags) == 0 {
		return
	}
	m := o.opt.Mapping
	ow := osmWay{
		id:       w.ID,
		site:     match(m.Categories, w.Tags),
		passage:  match(m.Passages, w.Tags),
		space:    match(m.PrivateSpaces, w.Tags),
		road:     match(m.RoadClasses, w.Tags),
		occluder: isOccluder(m.OccluderKeys, w.Tags),
	}
	at := Ways.At(int64(w.ID))
	closed := n >= 4 && w.Nodes[0].ID == w.Nodes[n-1].ID
	if ow.site != "" && !closed {
		o.skipAt(skipNotClosed, at)
		ow.site = ""
	}
	if ow.space != "" && !closed {
		o.skipAt(skipNotClosed, at)
		ow.space = ""
	}
	if ow.passage != "" && n < 2 {
		o.skipAt(skipShortRoad, at)
		ow.passage = ""
	}
	if ow.road != "" && n < 2 {
		o.skipAt(skipShortRoad, at)
		ow.road = ""
	}
	// An open building outline is a drawing error of no consequence for visibility.
	ow.occluder = ow.occluder && closed
	if ow.site == "" && ow.passage == "" && ow.space == "" && ow.road == "" && !ow.occluder {
		return
	}
	if ow.occluder {
		ow.height = o.buildingHeight(w.Tags)
	}
	ow.name = osmName(w.Tags)
	if ow.road != "" {
		ow.level = roadLevel(w.Tags)
	}
	ow.refs = make([]osm.NodeID, n)
	for i, wn := range w.Nodes {
		ow.refs[i] = wn.ID
	}
	o.ways = append(o.ways, ow)
}

// roadLevel is a road's vertical level from its tags: `layer` when it is a whole number
// (-5 to 5), else -1 for a road in a tunnel (tunnel=* other than no) or under cover
// (covered=yes), 1 on a bridge (bridge=* other than no), else 0. A tunnel tagged with a
// layer of 0 or more is still underground (-1): the tunnel says where the road runs.
func roadLevel(tags osm.Tags) int {
	level, ok := 0, false
	if v, err := strconv.Atoi(strings.TrimSpace(tags.Find("layer"))); err == nil && v >= -5 && v <= 5 {
		level, ok = v, true
	}
	tunnel := tags.Find("tunnel")
	underground := tunnel != "" && tunnel != "no" || tags.Find("covered") == "yes"
	bridge := tags.Find("bridge")
	switch {
	case underground && level >= 0:
		return -1
	case ok:
		return level
	case bridge != "" && bridge != "no":
		return 1
	}
	return 0
}

// index builds the sorted ids of the nodes the ways and multipolygons need, and marks
// those on site ways and on the outer ways of site multipolygons.
func (o *osmReader) index() {
	n := 0
	for _, w := range o.ways {
		n += len(w.refs)
	}
	for _, refs := range o.members {
		n += len(refs)
	}
	o.ids = make([]osm.NodeID, 0, n)
	for _, w := range o.ways {
		o.ids = append(o.ids, w.refs...)
	}
	for _, refs := range o.members {
		o.ids = append(o.ids, refs...)
	}
	slices.Sort(o.ids)
	o.ids = slices.Clip(slices.Compact(o.ids))
	o.pos = make([]orb.Point, len(o.ids))
	o.flags = make([]uint8, len(o.ids))
	mark := func(refs []osm.NodeID) {
		for _, id := range refs {
			o.flags[o.need(id)] |= nodeOnSite
		}
	}
	for _, w := range o.ways {
		if w.site != "" {
			mark(w.refs)
		}
	}
	for _, r := range o.relations {
		if r.site == "" {
			continue
		}
		for _, id := range r.outer {
			mark(o.members[id])
		}
	}
}

// need returns the index of a needed node in ids, -1 for a node no way needs.
func (o *osmReader) need(id osm.NodeID) int {
	i, ok := slices.BinarySearch(o.ids, id)
	if !ok {
		return -1
	}
	return i
}

// node keeps a needed node's coordinates and reads a tagged node's site, entrance or
// camera; its error is a strict read's *ValueError.
func (o *osmReader) node(n *osm.Node, into *coverage.Layers) error {
	i := o.need(n.ID)
	valid := n.Lon >= -180 && n.Lon <= 180 && n.Lat >= -90 && n.Lat <= 90
	if i >= 0 && valid {
		o.pos[i] = orb.Point{n.Lon, n.Lat}
		o.flags[i] |= nodeFound
	}
	if len(n.Tags) == 0 {
		return nil
	}
	site := match(o.opt.Mapping.Categories, n.Tags)
	camera := n.Tags.Find("man_made") == "surveillance"
	at := Nodes.At(int64(n.ID))
	if !valid {
		if site != "" || camera {
			o.skipAt(skipBadPosition, at)
		}
		return nil
	}
	if kind := n.Tags.Find("entrance"); kind != "" {
		if i >= 0 && o.flags[i]&nodeOnSite != 0 {
			o.entrances[n.ID] = kind
		} else {
			o.skipAt(skipLooseEntrance, at)
		}
	}
	if st, ok := firstMatch(o.opt.Mapping.StationEntrances, n.Tags); ok {
		o.stations = append(o.stations, stationEntrance{at: at, pos: orb.Point{n.Lon, n.Lat}, category: st.Category, kind: st.Value})
	}
	if site != "" {
		o.sites = append(o.sites, pendingSite{Site: coverage.Site{
			ID:       "osm:n" + strconv.FormatInt(int64(n.ID), 10),
			Category: site,
			Name:     osmName(n.Tags),
			Geometry: orb.Point{n.Lon, n.Lat},
		}, at: at})
	}
	if match(o.opt.Mapping.PrivateSpaces, n.Tags) != "" {
		o.skipAt(skipSpaceNode, at)
	}
	if camera {
		return o.camera(n, into)
	}
	return nil
}

// count counts the feature just added to layer and locates it at the element it came from.
func (o *osmReader) count(into *coverage.Layers, layer string, at coverage.Position) {
	o.stats.Layers[layer]++
	if d, ok := coverage.Desc(layer); ok {
		into.Locate(d, o.file, at)
	}
}

// osmName returns an element's name, its Chinese name when it has no other.
func osmName(tags osm.Tags) string {
	if name := tags.Find("name"); name != "" {
		return name
	}
	return tags.Find("name:zh")
}

// The Stats.Cameras counts.
const (
	countUnknownDirection  = "unknown direction"
	countUnknownInvestment = "unknown investment"
)

// camera reads the cameras of a man_made=surveillance node. A tag value it cannot make
// sense of is a *ValueError in a strict read; otherwise it is skipped and counted, and the
// camera kept without it (see Read).
func (o *osmReader) camera(n *osm.Node, into *coverage.Layers) error {
	kind := strings.ToLower(strings.TrimSpace(n.Tags.Find("surveillance")))
	if reason, ok := skipSurveillance[kind]; ok {
		o.skip(reason)
		return nil
	}
	at := Nodes.At(int64(n.ID))
	if t := n.Tags.Find("surveillance:type"); t != "" {
		switch surveillanceType(t) {
		case surveillanceCamera:
		case surveillanceOther:
			o.skip(skipNotCamera)
			return nil
		default:
			return o.odd(at, "surveillance:type", t, skipOddType, "neither camera, ALPR, ANPR nor guard")
		}
	}
	id := "osm:n" + strconv.FormatInt(int64(n.ID), 10)
	c := coverage.Camera{
		Pos:        orb.Point{n.Lon, n.Lat},
		HFOV:       o.opt.DefaultHFOV,
		Range:      o.opt.DefaultRange,
		Owner:      o.opt.DefaultOwner,
		Investment: o.investment(n.Tags),
		Mount:      strings.TrimSpace(n.Tags.Find("camera:mount")),
		Level:      cameraLevel(n.Tags),
	}
	if kind == "indoor" || kind == "outdoor" || kind == "public" {
		c.Surveillance = kind
	}
	if op := strings.TrimSpace(n.Tags.Find("operator")); op != "" {
		c.Owner = op
	}
	if h := n.Tags.Find("height"); h != "" {
		var ok bool
		if c.Height, ok = parseHeight(h); !ok {
			c.Height = 0
			if err := o.odd(at, "height", h, skipOddHeight, "not a height in metres"); err != nil {
				return err
			}
		}
	}
	count := 1
	if v := n.Tags.Find("camera:count"); v != "" {
		if k, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && k >= 1 && k <= maxCameraCount {
			count = k
		} else if err := o.odd(at, "camera:count", v, skipOddCount, fmt.Sprintf("not a whole number of cameras from 1 to %d", maxCameraCount)); err != nil {
			return err
		}
	}
	key := "camera:direction"
	dir := n.Tags.Find(key)
	if dir == "" {
		key = "direction"
		dir = n.Tags.Find(key)
	}
	var dirs []direction
	if dir != "" {
		var odd []string
		dirs, odd = parseDirections(dir)
		why := ""
		switch {
		case len(dirs) > maxCameraCount:
			dirs = []direction{{unknown: true}}
			why = fmt.Sprintf("lists more than %d directions, one camera each", maxCameraCount)
		case len(odd) > 0:
			why = fmt.Sprintf("%q is neither degrees, a compass point nor a range", odd[0])
		}
		if why != "" {
			if err := o.odd(at, key, dir, skipOddDirection, why); err != nil {
				return err
			}
		}
	}
	ctype := strings.ToLower(strings.TrimSpace(n.Tags.Find("camera:type")))
	switch {
	case ctype == "dome":
		// A dome is one camera whatever its directions; its first says how it is turned.
		c.HFOV = 360
		if i := slices.IndexFunc(dirs, func(d direction) bool { return !d.unknown }); i >= 0 {
			c.Azimuth = dirs[i].azimuth
		}
		dirs = nil
	case len(dirs) > 0:
	case ctype == "fixed" || kind == "indoor":
		// A fixed camera looks one way, and nobody recorded which: not a dome.
		c.HFOV, c.Direction = 360, coverage.DirectionUnknown
	default:
		c.HFOV = 360
	}
	// Each direction is one camera, and camera:count asks for at least that many: the
	// cameras beyond the directions look the last way.
	n1 := max(count, len(dirs))
	for i := range n1 {
		c.ID = id
		if n1 > 1 {
			c.ID = id + "#" + strconv.Itoa(i+1)
		}
		if len(dirs) > 0 {
			c.Azimuth, c.HFOV, c.Direction = 0, 360, coverage.DirectionUnknown
			if d := dirs[min(i, len(dirs)-1)]; !d.unknown {
				// A range narrower than the default field of view says where the camera
				// looks more than how wide its lens sees, so it never narrows the default.
				c.Azimuth, c.HFOV, c.Direction = d.azimuth, max(d.arc, o.opt.DefaultHFOV), coverage.DirectionKnown
			}
		}
		into.Cameras = coverage.Push(into.Cameras, c)
		o.count(into, coverage.LayerCameras, at)
		if c.Direction == coverage.DirectionUnknown {
			o.stats.Cameras[countUnknownDirection]++
		}
		if c.Investment == coverage.InvestmentUnknown {
			o.stats.Cameras[countUnknownInvestment]++
		}
	}
	return nil
}

// odd deals with a tag value a read cannot make sense of: in a strict read it is a
// *ValueError saying why; otherwise it is counted under reason, with the element and the
// tag as an example, and odd returns nil.
func (o *osmReader) odd(at coverage.Position, key, value, reason, why string) error {
	if o.opt.Strict {
		return &ValueError{At: at, Key: key, Value: value, Reason: why}
	}
	o.skipNamed(reason, fmt.Sprintf("%v %s=%q", at, key, value))
	return nil
}

// What a surveillance:type value says a node is.
const (
	surveillanceUnknown = iota // a value none of the others
	surveillanceCamera         // camera, ALPR (or ANPR, its British name)
	surveillanceOther          // guard: surveillance, but no camera
)

// surveillanceType reads a surveillance:type value, in any case; a list ("camera;ALPR")
// is a camera when one of its entries is.
func surveillanceType(v string) int {
	kind := surveillanceUnknown
	for p := range strings.SplitSeq(strings.ToLower(v), ";") {
		switch strings.TrimSpace(p) {
		case "camera", "alpr", "anpr":
			return surveillanceCamera
		case "guard":
			kind = surveillanceOther
		}
	}
	return kind
}

// investment is who paid for a camera, as far as its tags say: operator:type government
// (or public) is the government, private or commercial is not; otherwise an operator
// among opt.GovernmentOperators is the government, and anything else
// opt.DefaultInvestment.
func (o *osmReader) investment(tags osm.Tags) coverage.Investment {
	switch strings.ToLower(strings.TrimSpace(tags.Find("operator:type"))) {
	case "government", "public":
		return coverage.Government
	case "private", "commercial", "business":
		return coverage.Private
	}
	if op := tags.Find("operator"); op != "" && governmentOperator(op, o.opt.GovernmentOperators) {
		return coverage.Government
	}
	return o.opt.DefaultInvestment
}

// cameraLevel is a camera's vertical level from its tags: the first whole number of
// level (a floor, "-1" or "-1;0"), else of layer, when from -10 to 10; a camera tagged
// location=underground (or indoor on a floor below ground) is at least one below. An
// unreadable level is the surface, 0: OpenStreetMap levels are also "G" or "1.5".
func cameraLevel(tags osm.Tags) int {
	level := 0
	for _, key := range []string{"level", "layer"} {
		first, _, _ := strings.Cut(tags.Find(key), ";")
		if v, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && v >= -coverage.MaxLevel && v <= coverage.MaxLevel {
			level = v
			break
		}
	}
	if tags.Find("location") == "underground" && level >= 0 {
		return -1
	}
	return level
}

// compassPoints maps the 16 compass points to degrees clockwise from north.
var compassPoints = map[string]float64{
	"N": 0, "NNE": 22.5, "NE": 45, "ENE": 67.5,
	"E": 90, "ESE": 112.5, "SE": 135, "SSE": 157.5,
	"S": 180, "SSW": 202.5, "SW": 225, "WSW": 247.5,
	"W": 270, "WNW": 292.5, "NW": 315, "NNW": 337.5,
}

// compassWords maps the compass points, abbreviated ("nne") or in English words
// ("northnortheast"), lowercase and without separators, and the eight in Chinese (东北, 正北
// for 北), to degrees clockwise from north.
var compassWords = func() map[string]float64 {
	words := map[rune]string{'N': "north", 'E': "east", 'S': "south", 'W': "west"}
	m := make(map[string]float64, 2*len(compassPoints))
	for p, a := range compassPoints {
		var full strings.Builder
		for _, r := range p {
			full.WriteString(words[r])
		}
		m[strings.ToLower(p)] = a
		m[full.String()] = a
	}
	for p, a := range map[string]float64{"北": 0, "东北": 45, "东": 90, "东南": 135, "南": 180, "西南": 225, "西": 270, "西北": 315} {
		m[p] = a
		m["正"+p] = a
	}
	return m
}()

// direction is where a camera looks: an azimuth in degrees clockwise from north, and the
// width in degrees of the arc a range gives, 0 when the tag gave no range. unknown marks
// an entry of a direction list that is no direction: its camera's direction is unknown.
type direction struct {
	azimuth, arc float64
	unknown      bool
}

// parseDirections reads the value of a direction tag, one direction per camera: a
// direction (see parseDirection), or several separated by ";" (OpenStreetMap's
// separator), ",", or the Chinese "；", "，" and "、" ("180, 270", "90;160;270"), or by
// spaces where each word is a direction ("90 270", "NE SW"). Empty entries ("90;") are
// nothing. An entry that is no direction is a camera of unknown direction (unknown set),
// and its text is returned in odd; a value of no entries (";") is one such camera.
func parseDirections(s string) (dirs []direction, odd []string) {
	sep := func(r rune) bool { return r == ';' || r == ',' || r == '；' || r == '，' || r == '、' }
	for _, part := range strings.FieldsFunc(s, sep) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if d, ok := parseDirection(part); ok {
			dirs = append(dirs, d)
			continue
		}
		if words := strings.Fields(part); len(words) > 1 {
			ds := make([]direction, 0, len(words))
			for _, w := range words {
				d, ok := parseDirection(w)
				if !ok {
					break
				}
				ds = append(ds, d)
			}
			if len(ds) == len(words) {
				dirs = append(dirs, ds...)
				continue
			}
		}
		dirs = append(dirs, direction{unknown: true})
		odd = append(odd, part)
	}
	if len(dirs) == 0 {
		return []direction{{unknown: true}}, []string{s}
	}
	return dirs, odd
}

// degreeSigns removes the degree signs a direction may carry: "°", and "º", the ordinal
// indicator typed in its place.
var degreeSigns = strings.NewReplacer("°", "", "º", "")

// parseDirection reads one direction: degrees (any finite number, taken modulo 360, so
// -10 is 350 and 400 is 40, with or without a degree sign "°"); a compass point,
// abbreviated (NE) or in English words (north-east), in any case, its words run together
// or separated by "-", "_" or " ", or one of the eight in Chinese (东北); or a range
// "from-to" of degrees or compass points, the arc clockwise from the first to the second
// (90-270 and E-W are the south half), whose middle is the azimuth. A compass point in
// words is read before a range, so that "south-west" is a compass point; a range whose
// ends are a whole turn apart ("0-360") is the full circle, one whose ends are the same
// ("90-90") an arc of 0.
func parseDirection(s string) (direction, bool) {
	s = strings.TrimSpace(degreeSigns.Replace(s))
	if a, ok := parseCompass(s); ok {
		return direction{azimuth: a}, true
	}
	if a, ok := parseDegrees(s); ok {
		return direction{azimuth: a}, true
	}
	// The first "-" after the start separates the ends, so that a range may begin with a
	// negative number ("-10-10").
	i := strings.Index(s[min(1, len(s)):], "-") + 1
	if i <= 0 {
		return direction{}, false
	}
	from, okFrom := parseEnd(s[:i])
	to, okTo := parseEnd(s[i+1:])
	if !okFrom || !okTo {
		return direction{}, false
	}
	from, to, apart := normDegrees(from), normDegrees(to), from != to
	arc := normDegrees(to - from)
	if arc == 0 && apart {
		arc = 360
	}
	return direction{azimuth: normDegrees(from + arc/2), arc: arc}, true
}

// parseEnd reads an end of a range: a compass point or a finite number of degrees, not
// taken modulo 360, so that 0-360 is a whole turn.
func parseEnd(s string) (float64, bool) {
	if a, ok := parseCompass(strings.TrimSpace(s)); ok {
		return a, true
	}
	return parseFinite(s)
}

// parseCompass reads a compass point: an abbreviation or words run together, or whole
// words separated by "-", "_" or " " ("north-east", but not "n-e" or "nor-th").
func parseCompass(s string) (float64, bool) {
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	if len(parts) > 1 {
		for _, p := range parts {
			if p != "north" && p != "east" && p != "south" && p != "west" {
				return 0, false
			}
		}
	}
	a, ok := compassWords[strings.Join(parts, "")]
	return a, ok
}

// parseDegrees reads a finite number of degrees and returns it modulo 360.
func parseDegrees(s string) (float64, bool) {
	a, ok := parseFinite(s)
	return normDegrees(a), ok
}

// parseFinite reads a finite number, 0 and false for anything else.
func parseFinite(s string) (float64, bool) {
	a, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(a) || math.IsInf(a, 0) {
		return 0, false
	}
	return a, true
}

// normDegrees returns a finite angle in degrees modulo 360, in [0, 360).
func normDegrees(a float64) float64 {
	a = math.Mod(a, 360)
	if a < 0 {
		a += 360
	}
	if a >= 360 || a == 0 { // -1e-300 + 360 rounds to 360; -0 becomes 0
		a = 0
	}
	return a
}

// parseHeight reads a height in metres, written with or without a unit (m, metre(s),
// meter(s)), with a decimal point or a decimal comma ("3,5 m").
func parseHeight(s string) (float64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, unit := range []string{"metres", "meters", "metre", "meter", "m"} {
		if v, ok := strings.CutSuffix(s, unit); ok {
			s = strings.TrimSpace(v)
			break
		}
	}
	if !strings.Contains(s, ".") {
		// Nothing mapped is a thousand metres high, so a comma is a decimal one.
		s = strings.Replace(s, ",", ".", 1)
	}
	h, err := strconv.ParseFloat(s, 64)
	return h, err == nil && h >= 0 && !math.IsInf(h, 0)
}

// assemble turns the ways of interest into sites with their entrances, private spaces and
// roads, now that their nodes' coordinates are known.
func (o *osmReader) assemble(ctx context.Context, into *coverage.Layers) error {
	for i, w := range o.ways {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		wayAt := Ways.At(int64(w.id))
		pts, ok := o.points(w.refs)
		if !ok {
			o.skipAt(skipMissingNodes, wayAt)
			continue
		}
		// A way that is both a site and a private space gives each its own ring.
		taken := false
		take := func() []orb.Point {
			if taken {
				return slices.Clone(pts)
			}
			taken = true
			return pts
		}
		id := "osm:w" + strconv.FormatInt(int64(w.id), 10)
		if w.site != "" {
			o.sites = append(o.sites, pendingSite{Site: coverage.Site{
				ID: id, Category: w.site, Name: w.name, Geometry: orb.Polygon{take()},
			}, at: wayAt})
			o.ringEntrances(id, w.refs[:len(w.refs)-1], pts)
		}
		if w.passage != "" {
			o.passage(w, id, wayAt, pts)
		}
		if w.occluder {
			into.Occluders = coverage.Push(into.Occluders, coverage.Occluder{ID: id, Geometry: orb.Polygon{take()}, Height: w.height})
			o.count(into, coverage.LayerOccluders, wayAt)
		}
		if w.space != "" {
			into.PrivateSpaces = coverage.Push(into.PrivateSpaces, coverage.PrivateSpace{
				ID: id, Space: w.space, Geometry: orb.Polygon{take()},
			})
			o.count(into, coverage.LayerPrivateSpaces, wayAt)
			o.stats.Spaces[w.space]++
		}
		if w.road != "" {
			into.Roads = coverage.Push(into.Roads, coverage.Road{
				ID: id, Class: w.road, Name: w.name, Level: w.level, Geometry: orb.LineString(take()),
			})
			o.count(into, coverage.LayerRoads, wayAt)
			o.stats.Categories[w.road]++
		}
	}
	if err := o.assembleRelations(ctx, into); err != nil {
		return err
	}
	o.mergeDuplicates()
	o.attachStations()
	o.pushSites(into)
	return nil
}

// points returns the coordinates of the nodes, false when one is not in the file.
func (o *osmReader) points(refs []osm.NodeID) ([]orb.Point, bool) {
	pts := make([]orb.Point, len(refs))
	for i, id := range refs {
		j := o.need(id)
		if o.flags[j]&nodeFound == 0 {
			return nil, false
		}
		pts[i] = o.pos[j]
	}
	return pts, true
}
