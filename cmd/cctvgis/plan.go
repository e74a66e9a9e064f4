package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"cctvgis/data"
	"cctvgis/data/geojson"
	"cctvgis/inspect"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
)

// runPlan reads the coverage plans of a store, for scripts: plan list, plan show ID and
// plan export ID (an approved version as GeoJSON). Plans are drafted and reviewed through
// the API (cctvgis serve).
func runPlan(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("plan: want list, show ID or export ID")
	}
	verb, args := args[0], args[1:]
	fs := newFlagSet("plan "+verb, e.errOut)
	db := fs.String("db", e.getenv("DATABASE_URL"), "the store: a PostGIS URL, or file:PATH for the embedded store (default $DATABASE_URL, else the embedded store "+data.DefaultEmbeddedPath+")")
	var version *int
	var asJSON *bool
	switch verb {
	case "list":
	case "show":
		asJSON = fs.Bool("json", false, "print the whole plan as JSON")
	case "export":
		version = fs.Int("version", 0, "the version to export (default the last approved)")
	default:
		return usagef("plan: unknown action %q (want list, show or export)", verb)
	}
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	wantID := verb != "list"
	if wantID && len(pos) != 1 || !wantID && len(pos) != 0 {
		return usagef("plan %s: want %s", verb, map[bool]string{true: "one plan id", false: "no arguments"}[wantID])
	}
	lib, opened, name, err := openStore(ctx, *db, data.ReadOnly)
	if err != nil {
		return err
	}
	defer func() { _ = opened.Close() }()
	st, ok := opened.(plan.Store)
	if !ok {
		return fmt.Errorf("the %s keeps no plans", name)
	}
	if verb == "list" {
		tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTITLE\tRULES\tDISTRICT\tSTATE\tSTAGE\tVERSIONS\tCREATED")
		err := st.Plans(ctx, plan.Query{}, func(p *plan.Plan) error {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", p.ID, p.Title, p.Rulebook, p.District, p.State, p.Stage,
				len(p.Versions), p.CreatedAt.Format("2006-01-02 15:04"))
			return nil
		})
		if err != nil {
			return err
		}
		return tw.Flush()
	}
	p, rev, err := st.Plan(ctx, pos[0])
	if errors.Is(err, coverage.ErrNotFound) {
		return usagef("no plan %q in the %s", pos[0], name)
	}
	if err != nil {
		return err
	}
	if verb == "show" {
		if *asJSON {
			return writeJSON(e.out, views.NewPlan(*p))
		}
		fmt.Fprintf(e.out, "%s  %s\nrules %s, district %q, %s%s, revision %d, %d proposals in the draft\n", p.ID, p.Title, p.Rulebook,
			p.District, p.State, map[bool]string{true: " at " + p.Stage, false: ""}[p.Stage != ""], rev, len(p.Draft))
		for _, v := range p.Versions {
			fmt.Fprintf(e.out, "v%d  %s  %d proposals  %s  sha256 %s\n", v.Number, v.SubmittedAt.Format("2006-01-02 15:04"), len(v.Proposals), v.Outcome, v.Hash)
			for _, r := range v.Reviews {
				fmt.Fprintf(e.out, "    %s %s by %s %s  %s\n", r.Stage, r.Decision, r.By, r.At.Format("2006-01-02 15:04"), r.Note)
			}
		}
		return nil
	}
	n := *version
	if n == 0 {
		a := p.LastApproved()
		if a == nil {
			return usagef("plan %s has no approved version; name one with --version", p.ID)
		}
		n = a.Number
	}
	v, err := p.Version(n)
	if err != nil {
		return usageError{err}
	}
	fc, err := exportPlan(ctx, e, opened, lib, p, v)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.out)
	enc.SetEscapeHTML(false)
	return enc.Encode(fc)
}

// exportPlan builds a version's GeoJSON with the totals of the city without the plan and
// with the version, measured as the server measures them (plan.Plan.VersionTotals): on
// the whole city the store holds, under the rules in force today.
func exportPlan(ctx context.Context, e *env, st coverage.LayerStore, lib *rulebook.Library, p *plan.Plan, v *plan.Version) (any, error) {
	var l coverage.Layers
	if err := st.ReadLayers(ctx, coverage.LayerQuery{}, &l); err != nil {
		return nil, fmt.Errorf("reading the layers: %w", err)
	}
	eff, err := lib.Effective(p.Rulebook, rulebook.DateOf(e.now().In(inspect.ChinaTime())))
	if err != nil {
		return nil, err
	}
	city, err := coverage.NewCity(ctx, &l, eff, lib.Taxonomy, 0)
	if err != nil {
		return nil, err
	}
	without, with, err := p.VersionTotals(city, v.Number)
	if err != nil {
		return nil, err
	}
	return geojson.PlanExport(p, v.Number, without, with, city.Lookup)
}
