package main

import (
	"context"
	"fmt"
	"time"

	"cctvgis/data/postgis"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// benchDB puts the layers into the PostGIS store at url and times, on the same data, the
// engine's uncovered entrances (indexing and the sites phase) against the same answer
// computed by the fastest exact SQL (distance and bearing in local tangent planes from
// float8 columns, GiST-indexed, ANALYZEd, parallel), both warmed by one untimed run, and,
// on lines of their own, by the geography formulation and by the route through footprint
// polygons built in PostGIS.
func benchDB(ctx context.Context, e *env, url string, lib *rulebook.Library, rules *rulebook.EffectiveRules, layers *coverage.Layers) error {
	store, err := postgis.Open(ctx, url, lib.Taxonomy)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()
	layers.AssignIDs()
	t0 := e.now()
	if _, err := store.PutLayers(ctx, layers); err != nil {
		return err
	}
	put := e.since(t0)

	t0 = e.now()
	stored := &coverage.Layers{}
	if err := store.ReadLayers(ctx, coverage.LayerQuery{}, stored); err != nil {
		return err
	}
	read := e.since(t0)
	// The engine is timed warm, as the SQL is: after one untimed run on the same layers.
	if _, err := coverage.Analyze(ctx, stored, rules, lib.Taxonomy, coverage.Options{}); err != nil {
		return err
	}
	var sitesDone time.Duration
	start := e.now()
	opt := coverage.Options{OnPhase: func(phase coverage.Phase) {
		if phase == coverage.PhaseRoads {
			sitesDone = e.since(start)
		}
	}}
	res, err := coverage.Analyze(ctx, stored, rules, lib.Taxonomy, opt)
	if err != nil {
		return err
	}
	full := e.since(start)
	// Entrances read from the store are a site's key points in seq order.
	engineUncovered := map[postgis.EntranceRef]bool{}
	for _, s := range res.Sites {
		for k, kp := range s.KeyPoints {
			if !s.Implicit && len(kp.Cameras) == 0 {
				engineUncovered[postgis.EntranceRef{SiteID: stored.Sites[s.Site].ID, Seq: k}] = true
			}
		}
	}

	if err := store.AnalyzeLayers(ctx); err != nil {
		return err
	}
	fast, prepTime, fastTime, err := store.UncoveredEntrancesLocal(ctx)
	if err != nil {
		return err
	}
	if _, err := store.UncoveredEntrances(ctx); err != nil {
		return err
	}
	t0 = e.now()
	geog, err := store.UncoveredEntrances(ctx)
	if err != nil {
		return err
	}
	geogTime := e.since(t0)

	t0 = e.now()
	sectors, err := store.UncoveredEntrancesBySectors(ctx)
	if err != nil {
		return err
	}
	sectorsTime := e.since(t0)

	border, err := store.BorderlineEntrances(ctx, 0.01)
	if err != nil {
		return err
	}
	edge, err := disagreements(engineUncovered, fast, border)
	if err != nil {
		return err
	}
	geogEdge, err := disagreements(engineUncovered, geog, border)
	if err != nil {
		return err
	}

	fmt.Fprintf(e.out, "\nPostGIS, same data (%d entrances):\n", len(stored.Entrances))
	fmt.Fprintf(e.out, "  import (COPY + upsert, one transaction)             %8.0f ms\n", ms(put))
	fmt.Fprintf(e.out, "  read layers back (streaming)                        %8.0f ms\n", ms(read))
	fmt.Fprintf(e.out, "  engine: index + sites        (uncovered: %7d)  %8.0f ms   (full analysis %.0f ms)\n", len(engineUncovered), ms(sitesDone), ms(full))
	fmt.Fprintf(e.out, "  SQL: distance + bearing      (uncovered: %7d)  %8.0f ms   (local planes, float8, GiST, parallel, warm; tables prepared in %.0f ms)\n", len(fast), ms(fastTime), ms(prepTime))
	fmt.Fprintf(e.out, "  same entrances but %d within 1 cm of a footprint's edge (of %d such), where rounding decides\n", edge, len(border))
	fmt.Fprintf(e.out, "  ratio SQL / engine: %.1f×\n", fastTime.Seconds()/sitesDone.Seconds())
	fmt.Fprintf(e.out, "  geography variant: distance + bearing on the spheroid (uncovered: %d, %d at an edge) %.0f ms, %.1f× the engine\n",
		len(geog), geogEdge, ms(geogTime), geogTime.Seconds()/sitesDone.Seconds())
	fmt.Fprintf(e.out, "  polygon route: sectors + ST_Covers (uncovered: %d) %.0f ms, %.0f× the engine; not the fair comparison\n",
		len(sectors), ms(sectorsTime), sectorsTime.Seconds()/sitesDone.Seconds())
	return nil
}

// disagreements counts the entrances on which the engine and SQL differ; each must be
// within the tolerance of a footprint's edge (border), or the SQL is not the same answer.
func disagreements(engine map[postgis.EntranceRef]bool, sql, border []postgis.EntranceRef) (int, error) {
	edge := map[postgis.EntranceRef]bool{}
	for _, r := range border {
		edge[r] = true
	}
	inSQL := map[postgis.EntranceRef]bool{}
	n := 0
	for _, r := range sql {
		inSQL[r] = true
		if !engine[r] {
			if !edge[r] {
				return 0, fmt.Errorf("SQL finds %s entrance %d uncovered and the engine covered, away from any edge", r.SiteID, r.Seq)
			}
			n++
		}
	}
	for r := range engine {
		if !inSQL[r] {
			if !edge[r] {
				return 0, fmt.Errorf("the engine finds %s entrance %d uncovered and SQL covered, away from any edge", r.SiteID, r.Seq)
			}
			n++
		}
	}
	return n, nil
}
