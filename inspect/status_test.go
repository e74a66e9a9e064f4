package inspect_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"cctvgis/inspect"
	"cctvgis/planner/rulebook"
)

func TestNext(t *testing.T) {
	tests := []struct {
		name string
		from inspect.Status
		ev   inspect.Event
		want inspect.Status
		ok   bool
	}{
		{"owner rectifies an open finding", inspect.StatusOpen, inspect.EventRectify, inspect.StatusRectified, true},
		{"later check confirms", inspect.StatusRectified, inspect.EventVerify, inspect.StatusVerified, true},
		{"later check finds it again", inspect.StatusRectified, inspect.EventReopen, inspect.StatusReopened, true},
		{"owner rectifies a reopened finding", inspect.StatusReopened, inspect.EventRectify, inspect.StatusRectified, true},
		{"open cannot be verified", inspect.StatusOpen, inspect.EventVerify, "", false},
		{"open cannot be reopened", inspect.StatusOpen, inspect.EventReopen, "", false},
		{"rectified cannot be rectified again", inspect.StatusRectified, inspect.EventRectify, "", false},
		{"verified is final", inspect.StatusVerified, inspect.EventReopen, "", false},
		{"reopened cannot be verified unrectified", inspect.StatusReopened, inspect.EventVerify, "", false},
		{"unknown status", "closed", inspect.EventRectify, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := inspect.Next(tt.from, tt.ev)
			if !tt.ok {
				if !errors.Is(err, inspect.ErrIllegalTransition) {
					t.Errorf("Next = %v, %v; want ErrIllegalTransition", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Next = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestFindingLifecycle follows one finding through rectification, reopening and
// verification, in order.
func TestFindingLifecycle(t *testing.T) {
	in := clean(t)
	in.Running = ptr(false)
	a, err := inspect.Assess(&in, camera(), rulebook.Effective(zhuzhou(t), nil, day(t, "2026-03-02")), inspect.DefaultSettings())
	if err != nil || len(a.Findings) != 1 {
		t.Fatalf("Assess = %+v, %v", a, err)
	}
	f := a.Findings[0]
	later := laterCheck(t, "5a7c0e1b-2f3d-4e5f-8a9b-0c1d2e3f4a5b")
	step := func(ev inspect.Event, actor, note string, by *inspect.Inspection, want inspect.Status) {
		t.Helper()
		tr, err := f.Move(ev, actor, note, by, now)
		if err != nil {
			t.Fatalf("%s: %v", ev, err)
		}
		if err := f.Apply(tr); err != nil {
			t.Fatalf("applying %s: %v", ev, err)
		}
		if f.Status != want {
			t.Fatalf("after %s: %s, want %s", ev, f.Status, want)
		}
	}
	t.Run("rectify needs a note", func(t *testing.T) {
		if _, err := f.Move(inspect.EventRectify, "owner-1", " ", nil, now); !errors.Is(err, inspect.ErrInvalid) {
			t.Errorf("Move = %v, want ErrInvalid", err)
		}
	})
	t.Run("rectify", func(t *testing.T) {
		step(inspect.EventRectify, "owner-1", "更换电源", nil, inspect.StatusRectified)
	})
	t.Run("verify needs a later inspection", func(t *testing.T) {
		for _, by := range []*inspect.Inspection{nil, &in} {
			if _, err := f.Move(inspect.EventVerify, "u2", "", by, now); !errors.Is(err, inspect.ErrInvalid) {
				t.Errorf("Move by %v = %v, want ErrInvalid", by, err)
			}
		}
	})
	t.Run("verify needs a check of the same camera", func(t *testing.T) {
		other := laterCheck(t, "6a7c0e1b-2f3d-4e5f-8a9b-0c1d2e3f4a5b")
		other.CameraID = "cam-2"
		if _, err := f.Move(inspect.EventVerify, "u2", "", &other, now); !errors.Is(err, inspect.ErrInvalid) {
			t.Errorf("Move = %v, want ErrInvalid", err)
		}
	})
	t.Run("reopen", func(t *testing.T) { step(inspect.EventReopen, "u2", "仍无信号", &later, inspect.StatusReopened) })
	t.Run("rectify again", func(t *testing.T) {
		step(inspect.EventRectify, "owner-1", "更换摄像机", nil, inspect.StatusRectified)
	})
	t.Run("stale transition conflicts", func(t *testing.T) {
		stale := inspect.Transition{FindingID: f.ID, Event: inspect.EventRectify, From: inspect.StatusOpen, To: inspect.StatusRectified}
		g := f
		if err := g.Apply(stale); !errors.Is(err, inspect.ErrConflict) {
			t.Errorf("Apply = %v, want ErrConflict", err)
		}
	})
	t.Run("verify", func(t *testing.T) { step(inspect.EventVerify, "u2", "", &later, inspect.StatusVerified) })
	t.Run("verified is final", func(t *testing.T) {
		if _, err := f.Move(inspect.EventReopen, "u2", "", &later, now); !errors.Is(err, inspect.ErrIllegalTransition) {
			t.Errorf("Move = %v, want ErrIllegalTransition", err)
		}
	})
}

func laterCheck(tb testing.TB, id string) inspect.Inspection {
	tb.Helper()
	s := validSubmission(tb)
	s.ID = id
	s.ObservedAt = now.Add(48 * time.Hour)
	return inspect.NewInspection(s, inspect.Inspector{ID: "u2"}, "芦淞区", now.Add(48*time.Hour))
}

func TestReviewDecide(t *testing.T) {
	tests := []struct {
		name    string
		from    inspect.ReviewState
		to      inspect.ReviewState
		comment string
		want    error
	}{
		{"approve a received check", inspect.ReviewReceived, inspect.ReviewApproved, "", nil},
		{"mark issues with a comment", inspect.ReviewReceived, inspect.ReviewHasIssues, "照片模糊", nil},
		{"reject with a comment", inspect.ReviewReceived, inspect.ReviewRejected, "位置不符", nil},
		{"approve after issues", inspect.ReviewHasIssues, inspect.ReviewApproved, "已补充说明", nil},
		{"reject after issues", inspect.ReviewHasIssues, inspect.ReviewRejected, "无法核实", nil},
		{"reject without a comment", inspect.ReviewReceived, inspect.ReviewRejected, "", inspect.ErrInvalid},
		{"issues without a comment", inspect.ReviewReceived, inspect.ReviewHasIssues, "  ", inspect.ErrInvalid},
		{"approved is final", inspect.ReviewApproved, inspect.ReviewRejected, "改判", inspect.ErrIllegalTransition},
		{"rejected is final", inspect.ReviewRejected, inspect.ReviewApproved, "", inspect.ErrIllegalTransition},
		{"back to received", inspect.ReviewHasIssues, inspect.ReviewReceived, "", inspect.ErrIllegalTransition},
		{"to an unknown state", inspect.ReviewReceived, "edited", "", inspect.ErrIllegalTransition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := inspect.Review{State: tt.from}
			got, err := r.Decide(tt.to, tt.comment, "sup-1", now)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("Decide = %v, want %v", err, tt.want)
			}
			if err == nil && (got.State != tt.to || got.By != "sup-1" || !got.At.Equal(now)) {
				t.Errorf("Decide = %+v", got)
			}
			if err != nil && got != r {
				t.Errorf("a refused decision changed the review: %+v", got)
			}
		})
	}
}

func TestCounting(t *testing.T) {
	fs := []inspect.Finding{
		{ID: "a.no_signage", InspectionID: "a"},
		{ID: "b.no_signage", InspectionID: "b"},
		{ID: "c.no_signage", InspectionID: "c"},
		{ID: "d.no_signage", InspectionID: "d"},
		{ID: "e.no_signage", InspectionID: "e"},
	}
	reviews := map[string]inspect.ReviewState{
		"a": inspect.ReviewReceived, "b": inspect.ReviewApproved, "c": inspect.ReviewHasIssues, "d": inspect.ReviewRejected,
	}
	var got []string
	for _, f := range inspect.Counting(fs, reviews) {
		got = append(got, f.InspectionID)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("counting findings of %v, want %v (rejected d and unknown e left out)", got, want)
	}
}
