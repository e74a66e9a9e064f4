package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"cctvgis/data/osm"
	"cctvgis/data/rules"
	"cctvgis/geo"
	"cctvgis/internal/views"
	"cctvgis/planner/rulebook"
)

func runRules(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("rules: want a subcommand: list, show CODE, categories")
	}
	sub, rest := args[0], args[1:]
	lib, err := rules.Builtin()
	if err != nil {
		return fmt.Errorf("loading rulebooks: %w", err)
	}
	switch sub {
	case "list":
		return rulesList(e, lib, rest)
	case "show":
		return rulesShow(e, lib, rest)
	case "categories":
		return rulesCategories(e, lib, rest)
	}
	return usagef("rules: unknown subcommand %q (want list, show or categories)", sub)
}

// dateFlag is a -on style flag holding a civil date, today by default.
type dateFlag struct{ d rulebook.Date }

func (f *dateFlag) String() string { return f.d.String() }

func (f *dateFlag) Set(s string) error {
	d, err := rulebook.ParseDate(s)
	if err != nil {
		return errors.New("want YYYY-MM-DD")
	}
	f.d = d
	return nil
}

// crsFlag is --crs: the coordinate system the user names for input files, and whether
// they named one; without, a file's own declaration (a .prj, a GeoJSON crs member)
// decides, else WGS84.
type crsFlag struct {
	crs geo.CRS
	set bool
}

// crsHelp is the help text of --crs.
const crsHelp = "coordinate system of the input, when the file does not say or to confirm what it says: " + geo.CRSNames +
	" (default: the file's own, else wgs84; projected positions without a system are refused, never guessed)"

func (f *crsFlag) String() string { return f.crs.String() }

func (f *crsFlag) Set(s string) error {
	c, err := geo.ParseCRS(s)
	if err != nil {
		return err
	}
	f.crs, f.set = c, true
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func noPositional(name string, pos []string) error {
	if len(pos) > 0 {
		return usagef("%s: unexpected argument %q", name, pos[0])
	}
	return nil
}

// rulebookSummary is one line of "rules list".
type rulebookSummary struct {
	Code          string        `json:"code"`
	NameZh        string        `json:"name_zh"`
	NameEn        string        `json:"name_en"`
	Level         string        `json:"level"`
	DocumentNo    string        `json:"document_no"`
	EffectiveFrom rulebook.Date `json:"effective_from"`
	ExpiresOn     rulebook.Date `json:"expires_on"`
	InForce       bool          `json:"in_force"`
	On            rulebook.Date `json:"on"`
}

func rulesList(e *env, lib *rulebook.Library, args []string) error {
	fs := newFlagSet("rules list", e.errOut)
	asJSON := fs.Bool("json", false, "print JSON")
	on := &dateFlag{d: e.today()}
	fs.Var(on, "on", "the day to judge whether each rulebook is in force (YYYY-MM-DD, default today)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("rules list", pos); err != nil {
		return err
	}
	var list []rulebookSummary
	for _, code := range lib.Codes() {
		b, err := lib.Rulebook(code)
		if err != nil {
			return err
		}
		v := b.Validity
		list = append(list, rulebookSummary{Code: b.Code, NameZh: b.NameZh, NameEn: b.NameEn, Level: b.Level,
			DocumentNo: v.DocumentNo, EffectiveFrom: v.EffectiveFrom, ExpiresOn: v.LastDay(), InForce: v.InForce(on.d), On: on.d})
	}
	if *asJSON {
		return writeJSON(e.out, list)
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "CODE\tLEVEL\tIN FORCE %s\tEFFECTIVE\tEXPIRES\tDOCUMENT\tNAME\n", on.d)
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Code, s.Level, yesNo(s.InForce), s.EffectiveFrom,
			orDash(s.ExpiresOn.String()), s.DocumentNo, s.NameZh)
	}
	return tw.Flush()
}

func rulesShow(e *env, lib *rulebook.Library, args []string) error {
	fs := newFlagSet("rules show", e.errOut)
	asJSON := fs.Bool("json", false, "print JSON")
	on := &dateFlag{d: e.today()}
	fs.Var(on, "on", "the day the rules apply to (YYYY-MM-DD, default today)")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("rules show: want one jurisdiction code (one of %s)", strings.Join(lib.Codes(), ", "))
	}
	eff, err := lib.Effective(pos[0], on.d)
	if err != nil {
		return usageError{err}
	}
	for _, w := range eff.Warnings {
		fmt.Fprintln(e.errOut, "warning: "+w)
	}
	if *asJSON {
		return writeJSON(e.out, views.NewEffectiveRules(*eff))
	}
	return printEffective(e.out, lib.Taxonomy, eff)
}

// categoriesView is the JSON of "rules categories".
type categoriesView struct {
	Categories []views.Category `json:"categories"`
	Spaces     []views.Term     `json:"spaces"`
	Violations []views.Term     `json:"violations"`
	Duties     []views.Term     `json:"duties"`
}

func rulesCategories(e *env, lib *rulebook.Library, args []string) error {
	fs := newFlagSet("rules categories", e.errOut)
	asJSON := fs.Bool("json", false, "print JSON")
	osmMapping := fs.Bool("osm", false, "print the default mapping of OpenStreetMap tags to these categories, road classes and private spaces as YAML, the file to start a mapping of your own from")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("rules categories", pos); err != nil {
		return err
	}
	if *osmMapping {
		if *asJSON {
			return usagef("rules categories: --osm prints YAML; leave out --json")
		}
		_, err := e.out.Write(osm.DefaultMappingYAML())
		return err
	}
	t := lib.Taxonomy
	if *asJSON {
		return writeJSON(e.out, categoriesView{Categories: views.List(t.Categories, views.NewCategory),
			Spaces: views.List(t.Spaces, views.NewTerm), Violations: views.List(t.Violations, views.NewTerm), Duties: views.List(t.Duties, views.NewTerm)})
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tKIND\tZH\tEN")
	for _, c := range t.Categories {
		kind := string(c.Kind)
		if c.Within != "" {
			kind += " within " + c.Within
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.ID, kind, c.Zh, c.En)
	}
	fmt.Fprintln(tw, "\nPRIVATE SPACE\t\tZH\tEN")
	for _, s := range t.Spaces {
		fmt.Fprintf(tw, "%s\t\t%s\t%s\n", s.ID, s.Zh, s.En)
	}
	fmt.Fprintln(tw, "\nVIOLATION\t\tZH\tEN")
	for _, v := range t.Violations {
		fmt.Fprintf(tw, "%s\t\t%s\t%s\n", v.ID, v.Zh, v.En)
	}
	fmt.Fprintln(tw, "\nDUTY\t\tZH\tEN")
	for _, d := range t.Duties {
		fmt.Fprintf(tw, "%s\t\t%s\t%s\n", d.ID, d.Zh, d.En)
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
