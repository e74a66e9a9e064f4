package main

import (
	"fmt"
	"io"
	"strings"

	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// repairFlags are the flags of outline repair, the same for import and analyze.
type repairFlags struct {
	on, force bool
}

// maxTopologyLines is how many overlaps, and how many gaps, the report lists; the rest
// are counted.
const maxTopologyLines = 10

// addRepairFlags defines --repair and --repair-force on fs.
func addRepairFlags(fs *flagSet) *repairFlags {
	r := &repairFlags{}
	fs.BoolVar(&r.on, "repair", false, fmt.Sprintf("repair invalid outlines of areas as PostGIS's ST_MakeValid does (repeated positions, open rings, orientation, spikes, self-intersections) and list each repair; a repair changing an area by more than %g %% is refused", 100*coverage.MaxRepairChange))
	fs.BoolVar(&r.force, "repair-force", false, fmt.Sprintf("with --repair: keep repairs that change an area by more than %g %%", 100*coverage.MaxRepairChange))
	return r
}

// apply repairs the outlines of l with --repair, listing each repaired feature on w.
// Refused repairs are left for Check to reject.
func (r *repairFlags) apply(w io.Writer, l *coverage.Layers) error {
	if r.force && !r.on {
		return usagef("--repair-force keeps the repairs of --repair, which is missing")
	}
	if !r.on {
		return nil
	}
	done, refused := l.Repair(r.force)
	for _, d := range done {
		forced := ""
		if d.Forced {
			forced = " (forced)"
		}
		fmt.Fprintf(w, "repaired %v%s\n", d, forced)
	}
	refusals := ""
	if refused > 0 {
		refusals = fmt.Sprintf(", refused %d (listed with the invalid features)", refused)
	}
	fmt.Fprintf(w, "repaired %s%s\n", plural(len(done), "outline"), refusals)
	return nil
}

// reportTopology lists on w where the districts of l overlap and the gaps they leave,
// when there are two districts or more: call it on the layers kept after Check.
func reportTopology(w io.Writer, l *coverage.Layers) error {
	if len(l.Districts) < 2 {
		return nil
	}
	top, names, err := l.DistrictTopology()
	if err != nil {
		return fmt.Errorf("finding where the districts overlap: %w", err)
	}
	for _, line := range topologyLines(top, names) {
		fmt.Fprintln(w, line)
	}
	return nil
}

// topologyLines are the report's lines on the districts' overlaps and gaps, largest first,
// at most maxTopologyLines of each.
func topologyLines(top geo.Topology, names []string) []string {
	var lines []string
	list := func(n int, head string, line func(k int) string) {
		if n == 0 {
			return
		}
		lines = append(lines, head)
		for k := range min(n, maxTopologyLines) {
			lines = append(lines, "  "+line(k))
		}
		if n > maxTopologyLines {
			lines = append(lines, fmt.Sprintf("  and %d more", n-maxTopologyLines))
		}
	}
	parts, area := 0, 0.0
	for _, o := range top.Overlaps {
		parts, area = parts+o.Parts, area+o.Area
	}
	list(len(top.Overlaps), fmt.Sprintf("districts overlap in %s, %s in all:", plural(parts, "place"), areaText(area)), func(k int) string {
		o := top.Overlaps[k]
		in := make([]string, len(o.Outlines))
		for j, i := range o.Outlines {
			in[j] = names[i]
		}
		return fmt.Sprintf("%s: %s in %s, the largest at lon %.6f, lat %.6f", strings.Join(in, " and "), areaText(o.Area), plural(o.Parts, "place"), o.At[0], o.At[1])
	})
	area = 0
	for _, g := range top.Gaps {
		area += g.Area
	}
	list(len(top.Gaps), fmt.Sprintf("districts leave %s, %s in all:", plural(len(top.Gaps), "gap"), areaText(area)), func(k int) string {
		g := top.Gaps[k]
		return fmt.Sprintf("%s at lon %.6f, lat %.6f", areaText(g.Area), g.At[0], g.At[1])
	})
	return lines
}

// plural writes a count of things named by a noun that takes an s.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// areaText writes an area in m², or in km² from 1 km².
func areaText(m2 float64) string {
	if m2 >= 1e6 {
		return fmt.Sprintf("%.3f km²", m2/1e6)
	}
	return fmt.Sprintf("%.0f m²", m2)
}
