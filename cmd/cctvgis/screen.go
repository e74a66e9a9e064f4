package main

import (
	"fmt"

	"cctvgis/planner/coverage"
)

// screen decides what goes on after layers were read from files: rej holds the readers'
// rejections (features never read into l) and those of l's contract check (features of l).
// Without skip, the first rejection is a usage error naming its file and position; with
// skip, the rejected features of l are dropped and every rejection is returned, so that
// analyze and import keep and report exactly the same features.
func screen(l *coverage.Layers, rej []coverage.Rejection, skip bool) (*coverage.Layers, []coverage.Rejection, error) {
	if len(rej) == 0 {
		return l, nil, nil
	}
	if !skip {
		return nil, nil, usagef("%v%s", rej[0], more(len(rej)))
	}
	return l.Without(rej), rej, nil
}

func more(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(" (and %d more; --skip-invalid lists them all and goes on)", n-1)
}
