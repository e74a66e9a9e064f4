package osm

import (
	"context"
	"slices"
	"strconv"

	"cctvgis/planner/coverage"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/osm"
)

// osmRelation is a multipolygon of interest: what it maps to and its member ways.
type osmRelation struct {
	id          osm.RelationID
	name        string
	site, space string
	// occluder says that the multipolygon is a building; height is its height in metres,
	// 0 when unknown.
	occluder bool
	height   float64
	// outer and inner are the member ways by role; a member without a role is outer.
	outer, inner []osm.WayID
}

// relation keeps a multipolygon that maps to a site, private space or occluder, and counts
// a relation of another type that maps to one as skipped: stop areas, routes and sites
// drawn as type=site are not areas this reader can draw.
func (o *osmReader) relation(r *osm.Relation) {
	m := o.opt.Mapping
	or := osmRelation{
		id:       r.ID,
		name:     osmName(r.Tags),
		site:     match(m.Categories, r.Tags),
		space:    match(m.PrivateSpaces, r.Tags),
		occluder: isOccluder(m.OccluderKeys, r.Tags),
	}
	if or.site == "" && or.space == "" && !or.occluder {
		return
	}
	if r.Tags.Find("type") != "multipolygon" {
		if or.site != "" || or.space != "" {
			o.skipAt(skipRelation, Relations.At(int64(r.ID)))
		}
		return
	}
	if or.occluder {
		or.height = o.buildingHeight(r.Tags)
	}
	for _, mb := range r.Members {
		if mb.Type != osm.TypeWay {
			continue
		}
		id := osm.WayID(mb.Ref)
		if mb.Role == "inner" {
			or.inner = append(or.inner, id)
		} else {
			or.outer = append(or.outer, id)
		}
		o.isMember[id] = true
	}
	o.relations = append(o.relations, or)
}

// assembleRelations turns the multipolygons into sites with their entrances, private
// spaces and occluders, now that their ways' nodes are known. One whose member ways or
// nodes are not all in the file, whose ways do not join into closed rings, or which has an
// inner ring in no outer ring is counted as skipped, never drawn half.
func (o *osmReader) assembleRelations(ctx context.Context, into *coverage.Layers) error {
	for i, r := range o.relations {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		at := Relations.At(int64(r.id))
		outer, ok := o.rings(r.outer)
		var inner [][]osm.NodeID
		if ok {
			inner, ok = o.rings(r.inner)
		}
		if !ok {
			o.skipAt(skipMissingWays, at)
			continue
		}
		if outer == nil || inner == nil && len(r.inner) > 0 {
			o.skipAt(skipBrokenRing, at)
			continue
		}
		poly, ok := o.multipolygon(outer, inner)
		if !ok {
			o.skipAt(skipMissingNodes, at)
			continue
		}
		if poly == nil {
			o.skipAt(skipStrayInner, at)
			continue
		}
		geom := func() orb.Geometry {
			if len(poly) == 1 {
				return poly[0].Clone()
			}
			return poly.Clone()
		}
		id := "osm:r" + strconv.FormatInt(int64(r.id), 10)
		if r.site != "" {
			o.sites = append(o.sites, pendingSite{Site: coverage.Site{ID: id, Category: r.site, Name: r.name, Geometry: geom()}, at: at})
			// The shell of polygon k is outer ring k.
			for k, ring := range outer {
				o.ringEntrances(id, ring[:len(ring)-1], poly[k][0])
			}
		}
		if r.space != "" {
			into.PrivateSpaces = coverage.Push(into.PrivateSpaces, coverage.PrivateSpace{ID: id, Space: r.space, Geometry: geom()})
			o.count(into, coverage.LayerPrivateSpaces, at)
			o.stats.Spaces[r.space]++
		}
		if r.occluder {
			into.Occluders = coverage.Push(into.Occluders, coverage.Occluder{ID: id, Geometry: geom(), Height: r.height})
			o.count(into, coverage.LayerOccluders, at)
		}
	}
	return nil
}

// rings joins ways into closed rings of node ids, each ending where it starts. It returns
// false when a way is not in the file, and nil rings when the ways do not all join into
// closed rings of at least 4 nodes.
func (o *osmReader) rings(ways []osm.WayID) ([][]osm.NodeID, bool) {
	var open [][]osm.NodeID
	for _, id := range ways {
		refs := o.members[id]
		if len(refs) == 0 {
			return nil, false
		}
		open = append(open, refs)
	}
	var rings [][]osm.NodeID
	for len(open) > 0 {
		ring := slices.Clone(open[0])
		open = open[1:]
		for ring[0] != ring[len(ring)-1] {
			end := ring[len(ring)-1]
			i := slices.IndexFunc(open, func(w []osm.NodeID) bool { return w[0] == end || w[len(w)-1] == end })
			if i < 0 {
				return nil, true
			}
			next := open[i]
			open = slices.Delete(open, i, i+1)
			if next[0] != end {
				next = slices.Clone(next)
				slices.Reverse(next)
			}
			ring = append(ring, next[1:]...)
		}
		if len(ring) < 4 {
			return nil, true
		}
		rings = append(rings, ring)
	}
	return rings, true
}

// multipolygon places the coordinates of the rings: one polygon per outer ring, each
// inner ring a hole of the outer ring that holds it. It returns false when a node is not
// in the file, and a nil polygon when an inner ring lies in no outer ring.
func (o *osmReader) multipolygon(outer, inner [][]osm.NodeID) (orb.MultiPolygon, bool) {
	mp := make(orb.MultiPolygon, len(outer))
	for i, ids := range outer {
		pts, ok := o.points(ids)
		if !ok {
			return nil, false
		}
		mp[i] = orb.Polygon{orb.Ring(pts)}
	}
	for _, ids := range inner {
		pts, ok := o.points(ids)
		if !ok {
			return nil, false
		}
		ring := orb.Ring(pts)
		// An inner ring may touch its shell at a node, so test a point between two of its
		// nodes, which lies strictly inside the shell.
		probe := orb.Point{(ring[0][0] + ring[1][0]) / 2, (ring[0][1] + ring[1][1]) / 2}
		k := slices.IndexFunc(mp, func(p orb.Polygon) bool { return planar.RingContains(p[0], probe) })
		if k < 0 {
			return nil, true
		}
		mp[k] = append(mp[k], ring)
	}
	return mp, true
}
