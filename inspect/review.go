package inspect

import (
	"cctvgis/internal/audit"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ReviewState is where a supervisor's review of an inspection stands, as in ODK Central.
type ReviewState string

// The review states. Received is the start; approved and rejected are final.
const (
	ReviewReceived  ReviewState = "received"
	ReviewApproved  ReviewState = "approved"
	ReviewHasIssues ReviewState = "has_issues"
	ReviewRejected  ReviewState = "rejected"
)

// Values are the review states, received first.
func (ReviewState) Values() []ReviewState {
	return []ReviewState{ReviewReceived, ReviewApproved, ReviewHasIssues, ReviewRejected}
}

// Valid reports whether r is one of Values.
func (r ReviewState) Valid() bool { return slices.Contains(r.Values(), r) }

// Review is the current review of an inspection.
type Review struct {
	State ReviewState
	// Comment is the supervisor's reason; required for has_issues and rejected.
	Comment string
	// By is the reviewing user's id; empty while received.
	By string
	At time.Time
}

// reviewMoves lists the states each review state may move to. A check with issues can
// still be approved (the inspector explained) or rejected; a decision is final, since
// findings and fines may rest on it.
var reviewMoves = map[ReviewState][]ReviewState{
	ReviewReceived:  {ReviewApproved, ReviewHasIssues, ReviewRejected},
	ReviewHasIssues: {ReviewApproved, ReviewRejected},
}

// Decide moves a review to state to by the supervisor by at the given time. It returns the
// new review, or an error matching ErrIllegalTransition for a move the machine does not
// allow, or ErrInvalid when has_issues or rejected comes without a comment.
func (r Review) Decide(to ReviewState, comment, by string, at time.Time) (Review, error) {
	if !slices.Contains(reviewMoves[r.State], to) {
		return r, fmt.Errorf("%w: review %s → %s", ErrIllegalTransition, r.State, to)
	}
	if (to == ReviewHasIssues || to == ReviewRejected) && strings.TrimSpace(comment) == "" {
		return r, fmt.Errorf("%w: review: a comment is required to mark an inspection %s", ErrInvalid, to)
	}
	if by == "" {
		return r, fmt.Errorf("%w: review: the reviewer is required", ErrInvalid)
	}
	return Review{State: to, Comment: comment, By: by, At: audit.Stamp(at)}, nil
}

// Counts reports whether the findings of an inspection in this review state count: all
// but a rejected inspection's do. A received inspection's findings count from the start,
// since a camera in a hotel room must not wait for a supervisor.
func (s ReviewState) Counts() bool { return s != ReviewRejected }

// Counting returns the findings that count: those whose inspection is known in reviews
// (inspection id → review state) and not rejected. A finding of an unknown inspection does
// not count.
func Counting(findings []Finding, reviews map[string]ReviewState) []Finding {
	out := make([]Finding, 0, len(findings))
	for _, f := range findings {
		if st, ok := reviews[f.InspectionID]; ok && st.Counts() {
			out = append(out, f)
		}
	}
	return out
}
