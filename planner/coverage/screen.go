package coverage

import (
	"fmt"

	"cctvgis/planner/rulebook"
)

// CheckImport prepares layers read from files to be written into a store that may
// already hold sites: it gives ids to the features that lack one (AssignIDs) and returns
// the readers' rejections read followed by Check's. Entrances may name sites that are
// not in l but stored: the store checks those when it writes. The import command and the
// web import go through it, so that a file is judged the same way from either.
func (l *Layers) CheckImport(t *rulebook.Taxonomy, read []Rejection) []Rejection {
	l.AssignIDs()
	inFile := map[string]bool{}
	for _, s := range l.Sites {
		inFile[s.ID] = true
	}
	elsewhere := map[string]bool{}
	for _, e := range l.Entrances {
		if !inFile[e.SiteID] {
			elsewhere[e.SiteID] = true
		}
	}
	return append(read, l.CheckWithSites(t, elsewhere)...)
}

// RejectedError is layers that may not go on as they are: rejections were found and
// the caller did not ask to skip them. First is the first of them, in the order the
// reads and checks found them, and Count how many there are.
type RejectedError struct {
	First Rejection
	Count int
}

func (e *RejectedError) Error() string {
	if e.Count <= 1 {
		return e.First.Error()
	}
	return fmt.Sprintf("%v (and %d more)", e.First, e.Count-1)
}

// Screen decides what goes on after layers were read from files and checked: rej holds
// the readers' rejections (features never read into l) and those of the checks (features
// of l). Without skip, any rejection is a *RejectedError; with skip, the rejected
// features of l are dropped and every rejection is returned, so that analyze, import
// and the web import keep and report exactly the same features.
func Screen(l *Layers, rej []Rejection, skip bool) (*Layers, []Rejection, error) {
	if len(rej) == 0 {
		return l, nil, nil
	}
	if !skip {
		return nil, nil, &RejectedError{First: rej[0], Count: len(rej)}
	}
	return l.Without(rej), rej, nil
}
