package coverage

import (
	"cctvgis/planner/rulebook"
	"cmp"
	"context"
	"slices"
)

// StatusCounts counts sites by coverage.
type StatusCounts struct {
	Total     int
	Covered   int
	Partial   int
	Uncovered int
}

func (c *StatusCounts) add(s Coverage) {
	c.Total++
	switch s {
	case Covered:
		c.Covered++
	case Partial:
		c.Partial++
	case Uncovered:
		c.Uncovered++
	}
}

// CategorySummary is the coverage of the sites of one category.
type CategorySummary struct {
	Category  string
	Mandatory bool
	Citation  *rulebook.Cited
	StatusCounts
}

// DistrictSummary is the coverage of the sites of one district.
type DistrictSummary struct {
	District       string
	Sites          StatusCounts
	MandatorySites StatusCounts
	Cameras        int
}

// Summary totals an analysis.
type Summary struct {
	Sites          StatusCounts
	MandatorySites StatusCounts
	ByCategory     []CategorySummary
	ByDistrict     []DistrictSummary
	Cameras        int
	// CamerasByInvestment counts cameras by investment: government, private.
	CamerasByInvestment map[Investment]int
	// UnknownOwnerCameras counts the cameras whose owner is unknown (see IsUnknownOwner);
	// Options.UnknownOwners says how they count towards hotspots.
	UnknownOwnerCameras int
	Hotspots            int
	HotspotAreaM2       float64
	// HotCells counts the duplicate-build cells, and HotCellsByOwners those of each number
	// of distinct owners (a key of 3 counts the cells that cameras of 3 owners cover).
	HotCells         int
	HotCellsByOwners map[int]int
	// Violations counts violations by rule.
	Violations map[string]int
	// ToVerify counts the cameras whose direction or investment is unknown.
	ToVerify VerifyCounts
}

// NoDistrict names, in summaries and site results, the district of features outside
// every district polygon.
const NoDistrict = "(none)"

func summarize(ctx context.Context, l *Layers, res *Result, workers int) (Summary, error) {
	s := Summary{Cameras: len(l.Cameras), CamerasByInvestment: map[Investment]int{}, Violations: map[string]int{},
		Hotspots: len(res.Hotspots), HotCells: len(res.Redundancy), HotCellsByOwners: map[int]int{},
		ByCategory: []CategorySummary{}, ByDistrict: []DistrictSummary{}}
	cats := map[string]*CategorySummary{}
	dists := map[string]*DistrictSummary{}
	district := func(name string) *DistrictSummary {
		d := dists[name]
		if d == nil {
			d = &DistrictSummary{District: name}
			dists[name] = d
		}
		return d
	}
	for _, d := range l.Districts {
		district(d.Name)
	}
	for _, r := range res.Sites {
		site := l.Sites[r.Site]
		s.Sites.add(r.Coverage)
		c := cats[site.Category]
		if c == nil {
			c = &CategorySummary{Category: site.Category, Mandatory: r.Mandatory, Citation: r.Citation}
			cats[site.Category] = c
		}
		c.add(r.Coverage)
		d := district(r.District)
		d.Sites.add(r.Coverage)
		if r.Mandatory {
			s.MandatorySites.add(r.Coverage)
			d.MandatorySites.add(r.Coverage)
		}
	}
	inZone := make(map[int32]bool)
	for _, v := range res.ToVerify {
		if v.Reason == VerifyInvestmentInZone {
			inZone[v.Camera] = true
		}
	}
	for i := range l.Cameras {
		c := &l.Cameras[i]
		s.CamerasByInvestment[c.Investment]++
		s.ToVerify.add(c, inZone[int32(i)], 1)
		if IsUnknownOwner(c.Owner) {
			s.UnknownOwnerCameras++
		}
	}
	// Cameras by district: each camera's district is found once, kept in the result for
	// everyone who asks, and each worker counts its share.
	locate := NewDistrictLocator(l.Districts)
	res.cameraDistrict = make([]int32, len(l.Cameras))
	counts := make([]map[string]int, workers)
	if err := parallel(ctx, len(l.Cameras), workers, func(w, lo, hi int) {
		m := map[string]int{}
		for i := lo; i < hi; i++ {
			k := locate.find(l.Cameras[i].Pos)
			res.cameraDistrict[i] = int32(k)
			name := NoDistrict
			if k >= 0 {
				name = l.Districts[k].Name
			}
			m[name]++
		}
		counts[w] = m
	}); err != nil {
		return Summary{}, err
	}
	for _, m := range counts {
		for name, n := range m {
			district(name).Cameras += n
		}
	}
	for _, h := range res.Hotspots {
		s.HotspotAreaM2 += h.AreaM2
	}
	for _, c := range res.Redundancy {
		s.HotCellsByOwners[c.Owners]++
	}
	for _, v := range res.Violations {
		s.Violations[v.Rule]++
	}
	for _, c := range cats {
		s.ByCategory = append(s.ByCategory, *c)
	}
	slices.SortFunc(s.ByCategory, func(a, b CategorySummary) int {
		if a.Mandatory != b.Mandatory {
			if a.Mandatory {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Category, b.Category)
	})
	for _, d := range dists {
		if d.District == NoDistrict && d.Sites.Total == 0 && d.Cameras == 0 {
			continue
		}
		s.ByDistrict = append(s.ByDistrict, *d)
	}
	slices.SortFunc(s.ByDistrict, func(a, b DistrictSummary) int { return cmp.Compare(a.District, b.District) })
	return s, nil
}
