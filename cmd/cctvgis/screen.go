package main

import (
	"errors"
	"fmt"

	"cctvgis/planner/coverage"
)

// screen is coverage.Screen for the command line: the first rejection, when the features
// may not be skipped, is a usage error naming its file and position and saying how to go
// on.
func screen(l *coverage.Layers, rej []coverage.Rejection, skip bool) (*coverage.Layers, []coverage.Rejection, error) {
	l, rej, err := coverage.Screen(l, rej, skip)
	var re *coverage.RejectedError
	if errors.As(err, &re) {
		return nil, nil, usagef("%v%s", re.First, more(re.Count))
	}
	return l, rej, err
}

func more(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(" (and %d more; --skip-invalid lists them all and goes on)", n-1)
}
