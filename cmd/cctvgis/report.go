package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"cctvgis/data/layerfile"
	"cctvgis/planner/coverage"
	"cctvgis/planner/devicecode"
)

// printReadReport shows what reading a layer file found besides its features: the format,
// the coordinate system and where it came from, the column mapping of a table and the
// columns it left, and the reader's notes.
func printReadReport(w io.Writer, rep layerfile.Report) {
	from := map[string]string{"file": "as the file declares", "--crs": "as --crs names", "default": "the default"}[rep.CRSFrom]
	fmt.Fprintf(w, "format %s, coordinate system %s (%s)\n", rep.Format, rep.CRS, from)
	if m := rep.Mapping; m != nil {
		fmt.Fprintf(w, "columns: %s\n", m)
		if len(m.Unused) > 0 {
			fmt.Fprintf(w, "columns not read: %s\n", strings.Join(m.Unused, ", "))
		}
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(w, n)
	}
}

// maxListed is how many cameras to verify an import lists before it counts the rest.
const maxListed = 20

// printRegistryCheck checks the cameras of l by their GB/T 28181 codes and the districts
// their rows name (coverage.CheckRegistry), against the districts of l or else those of
// the store, and shows the device types and the cameras to verify. They are written as
// they are: the check informs, it does not refuse.
func printRegistryCheck(ctx context.Context, w io.Writer, l *coverage.Layers, named map[string]string, store coverage.LayerStore) error {
	if len(l.Cameras) == 0 {
		return nil
	}
	districts := l.Districts
	if len(districts) == 0 {
		stored := &coverage.Layers{}
		if err := store.ReadLayers(ctx, coverage.LayerQuery{Layers: []string{coverage.LayerDistricts}}, stored); err != nil {
			return fmt.Errorf("reading the stored districts: %w", err)
		}
		districts = stored.Districts
	}
	var loc *coverage.DistrictLocator
	if len(districts) > 0 {
		loc = coverage.NewDistrictLocator(districts)
	}
	check := coverage.CheckRegistry(l.Cameras, named, loc)
	if check.Coded > 0 {
		types := slices.SortedFunc(maps.Keys(check.Types), func(a, b devicecode.Type) int {
			return cmp.Or(cmp.Compare(check.Types[b], check.Types[a]), cmp.Compare(a.Number, b.Number))
		})
		parts := make([]string, len(types))
		for i, t := range types {
			parts[i] = fmt.Sprintf("%d %s (%s, %03d)", check.Types[t], t.En, t.Zh, t.Number)
		}
		fmt.Fprintf(w, "GB/T 28181 codes: %d cameras; %s\n", check.Coded, strings.Join(parts, ", "))
	}
	for _, f := range check.ToVerify[:min(len(check.ToVerify), maxListed)] {
		fmt.Fprintf(w, "to verify: %v\n", f)
	}
	if n := len(check.ToVerify) - maxListed; n > 0 {
		fmt.Fprintf(w, "to verify: %d more\n", n)
	}
	return nil
}
