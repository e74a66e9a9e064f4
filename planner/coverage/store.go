package coverage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"cctvgis/internal/fault"
)

// ErrNotFound is returned when a named thing, such as a district, is not stored.
var ErrNotFound = fault.New(fault.NotFound, "planner: not found")

// LayerQuery selects the features a store reads.
type LayerQuery struct {
	// District, when set, keeps the sites, entrances, roads, private spaces and occluders
	// that intersect the named district, and the cameras within reach of it (their range
	// from its boundary), so that coverage at its edge is right. An unknown name is
	// ErrNotFound.
	District string
	// Layers, when not nil, names the layers to read; the others are left out.
	// Entrances are read only with their sites.
	Layers []string
}

// Reads reports whether q reads the layer d.
func (q LayerQuery) Reads(d *LayerDesc) bool {
	if q.Layers == nil {
		return true
	}
	if d.Name == LayerEntrances && !slices.Contains(q.Layers, LayerSites) {
		return false
	}
	return slices.Contains(q.Layers, d.Name)
}

// LayerStore keeps a city's map layers and camera registry: the PostGIS store of record,
// or the embedded default.
type LayerStore interface {
	// PutLayers writes every feature of l in one transaction, all or nothing. Features
	// are upserted by id (districts by name); the entrances of each site in l replace that
	// site's stored entrances. Layers must pass Layers.Check and carry ids (AssignIDs);
	// otherwise nothing is written and the error wraps ErrInvalid. It returns how many
	// features of each layer were written.
	PutLayers(ctx context.Context, l *Layers) (map[string]int, error)
	// ReadLayers appends the selected features to into, streaming them from storage,
	// each layer in id order (entrances by site id, then in the order they were put).
	ReadLayers(ctx context.Context, q LayerQuery, into *Layers) error
	// Close releases the store.
	Close() error
}

// VersionStore is a store whose content carries a version, so that each process holding
// a snapshot of the city built from the store (its layers and their analysis) can tell
// when the snapshot is out of date: one process or several on one database, each reading
// the version before it reads the layers, so that a snapshot never claims a version newer
// than its content (a change committed in between costs one more reload, not a stale
// city).
type VersionStore interface {
	// Version returns the store's content version: a number that every write of what a
	// city snapshot is built from (each PutLayers, each ApplyPlan) increments, in the
	// transaction that makes the change, so that whoever reads the new version can read
	// the change. A store never written is at 0; reads leave the version as it is.
	Version(ctx context.Context) (int64, error)
	// WatchVersion calls fn with the store's version once it is watching, so that a change
	// committed before the watch began is not missed, and then with the new version after
	// each change committed, by this process or another, until ctx ends or the watch
	// breaks; it returns the error that ended it (ctx's error when ctx ended). fn runs on
	// the caller's goroutine and sees versions in increasing order, once for several changes
	// committed close together. A watch only hastens the news: callers poll Version as well,
	// so that a change whose notice is lost to a broken watch is only seen later. End
	// watches before closing the store.
	WatchVersion(ctx context.Context, fn func(version int64)) error
}

// AssignIDs gives every occluder and private space without an id a stable one derived
// from its geometry, so that importing the same file twice writes the same features.
func (l *Layers) AssignIDs() {
	for i := range l.Occluders {
		if l.Occluders[i].ID == "" {
			l.Occluders[i].ID = geometryID(l.Occluders[i].Geometry)
		}
	}
	for i := range l.PrivateSpaces {
		if l.PrivateSpaces[i].ID == "" {
			l.PrivateSpaces[i].ID = geometryID(l.PrivateSpaces[i].Geometry)
		}
	}
}

// geometryID is "g" and the first 16 hex digits of the SHA-256 of the geometry's WKB. A
// geometry orb cannot encode (the readers produce none) hashes as empty; the stores
// reject such a feature for its geometry anyway.
func geometryID(g orb.Geometry) string {
	b, _ := wkb.Marshal(g)
	sum := sha256.Sum256(b)
	return "g" + hex.EncodeToString(sum[:8])
}
