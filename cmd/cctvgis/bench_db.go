package main

import (
	"context"
	"fmt"
	"time"

	"cctvgis/data/postgis"
	"cctvgis/planner"
)

// benchDB puts the layers into the PostGIS store at url and times, on the same data, the
// engine's uncovered entrances (reading the layers back, indexing, and the sites phase)
// against the same answer computed by the fastest exact SQL (distance and bearing,
// GiST-indexed, on ANALYZEd tables, warmed by one untimed run), and, on a line of its
// own, by the route through footprint polygons built in PostGIS.
func benchDB(ctx context.Context, e *env, url string, lib *planner.Library, rules *planner.EffectiveRules, layers *planner.Layers) error {
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
	stored := &planner.Layers{}
	if err := store.ReadLayers(ctx, planner.LayerQuery{}, stored); err != nil {
		return err
	}
	read := e.since(t0)
	var sitesDone time.Duration
	start := e.now()
	opt := planner.Options{OnPhase: func(phase planner.Phase) {
		if phase == planner.PhaseRoads {
			sitesDone = e.since(start)
		}
	}}
	res, err := planner.Analyze(ctx, stored, rules, lib.Taxonomy, opt)
	if err != nil {
		return err
	}
	full := e.since(start)
	engineUncovered := 0
	for _, s := range res.Sites {
		for _, kp := range s.KeyPoints {
			if !s.Implicit && len(kp.Cameras) == 0 {
				engineUncovered++
			}
		}
	}

	if err := store.AnalyzeLayers(ctx); err != nil {
		return err
	}
	if _, err := store.UncoveredEntrances(ctx); err != nil {
		return err
	}
	t0 = e.now()
	fast, err := store.UncoveredEntrances(ctx)
	if err != nil {
		return err
	}
	fastTime := e.since(t0)

	t0 = e.now()
	sectors, err := store.UncoveredEntrancesBySectors(ctx)
	if err != nil {
		return err
	}
	sectorsTime := e.since(t0)

	fmt.Fprintf(e.out, "\nPostGIS, same data (%d entrances):\n", len(stored.Entrances))
	fmt.Fprintf(e.out, "  import (COPY + upsert, one transaction)             %8.0f ms\n", ms(put))
	fmt.Fprintf(e.out, "  read layers back (streaming)                        %8.0f ms\n", ms(read))
	fmt.Fprintf(e.out, "  engine: index + sites        (uncovered: %7d)  %8.0f ms   (full analysis %.0f ms)\n", engineUncovered, ms(sitesDone), ms(full))
	fmt.Fprintf(e.out, "  SQL: distance + bearing      (uncovered: %7d)  %8.0f ms   (exact, GiST, ANALYZEd, warm)\n", len(fast), ms(fastTime))
	fmt.Fprintf(e.out, "  ratio SQL / engine: %.1f×\n", fastTime.Seconds()/sitesDone.Seconds())
	fmt.Fprintf(e.out, "  polygon route: sectors + ST_Covers (uncovered: %d) %.0f ms, %.0f× the engine; not the fair comparison\n",
		len(sectors), ms(sectorsTime), sectorsTime.Seconds()/sitesDone.Seconds())
	return nil
}
