package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"cctvgis/inspect"
	"cctvgis/internal/audit"
)

// ConcurrentCall is one RecordInspection of a ConcurrentCase.
type ConcurrentCall struct {
	Rec inspect.Record
	// Refused says the store must refuse the call's values, whatever the other calls do.
	Refused bool
}

// ConcurrentCase is RecordInspection calls made at once on a store that holds Stored.
// How each call must end follows from what the store holds afterwards (see
// CheckConcurrent), so that any order the store puts them in passes.
type ConcurrentCase struct {
	Name   string
	Stored []inspect.Record
	Calls  []ConcurrentCall
}

// Outcome is what a RecordInspection call returned.
type Outcome struct {
	Rec     inspect.Record
	Created bool
	Err     error
}

// ConcurrentCases are the cases of concurrent RecordInspection calls, ids distinct from
// case to case so that they can share a store; the last is drawn from seed.
func ConcurrentCases(seed uint64) []ConcurrentCase {
	kinds, days := []inspect.Kind{inspect.KindObstructed, inspect.KindNoSignage}, []int{7, 15}
	check := func(c, i int) inspect.Record {
		return NewRecord(Sub(fmt.Sprintf("0e%06d-0000-4000-8000-%012d", c, i), fmt.Sprintf("cam-%d", i%5), time.Duration(i)*time.Second),
			"芦淞区", kinds, days)
	}
	changed := func(rec inspect.Record) inspect.Record {
		s := rec.Inspection.Submission
		s.Notes = "另一份"
		return NewRecord(s, rec.Inspection.District, kinds, days)
	}
	distinct := func(c, from, n int) []ConcurrentCall {
		out := make([]ConcurrentCall, n)
		for i := range out {
			out[i] = ConcurrentCall{Rec: check(c, from+i)}
		}
		return out
	}
	times := func(n int, call ConcurrentCall) []ConcurrentCall {
		out := make([]ConcurrentCall, n)
		for i := range out {
			out[i] = call
		}
		return out
	}
	join := func(parts ...[]ConcurrentCall) []ConcurrentCall {
		var out []ConcurrentCall
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	// takes returns rec with its first finding's id that of other's first finding.
	takes := func(rec, other inspect.Record) inspect.Record {
		rec.Findings = append([]inspect.Finding(nil), rec.Findings...)
		rec.Findings[0].ID = other.Findings[0].ID
		return rec
	}
	noFindingID := check(6, 0)
	noFindingID.Findings = append([]inspect.Finding(nil), noFindingID.Findings...)
	noFindingID.Findings[1].ID = ""

	cases := []ConcurrentCase{
		{Name: "distinct checks", Calls: distinct(0, 0, 48)},
		{Name: "resends of one check", Calls: join(times(16, ConcurrentCall{Rec: check(1, 0)}), distinct(1, 1, 16))},
		{Name: "one id with two bodies", Calls: join(times(8, ConcurrentCall{Rec: check(2, 0)}),
			times(8, ConcurrentCall{Rec: changed(check(2, 0))}), distinct(2, 1, 16))},
		{Name: "a check stored before, resent and changed", Stored: []inspect.Record{check(3, 0)},
			Calls: join(times(4, ConcurrentCall{Rec: check(3, 0)}), times(4, ConcurrentCall{Rec: changed(check(3, 0))}), distinct(3, 1, 16))},
		{Name: "a finding id stored under another inspection", Stored: []inspect.Record{check(4, 0)},
			Calls: join([]ConcurrentCall{{Rec: takes(check(4, 1), check(4, 0))}}, distinct(4, 2, 16))},
		{Name: "two new checks with one finding id", Calls: join([]ConcurrentCall{{Rec: check(5, 0)}, {Rec: takes(check(5, 1), check(5, 0))}},
			distinct(5, 2, 16))},
		{Name: "a finding without an id is refused alone", Calls: join([]ConcurrentCall{{Rec: noFindingID, Refused: true}}, distinct(6, 1, 16))},
	}

	// 64 calls over 24 ids, some with a changed body, one whose finding id is stored
	// under another inspection.
	rng := rand.New(rand.NewPCG(seed, 7))
	mixed := ConcurrentCase{Name: fmt.Sprintf("64 calls at random (seed %d)", seed), Stored: []inspect.Record{check(7, 1000)}}
	for range 64 {
		rec := check(7, rng.IntN(24))
		if rng.IntN(4) == 0 {
			rec = changed(rec)
		}
		mixed.Calls = append(mixed.Calls, ConcurrentCall{Rec: rec})
	}
	thief := rng.IntN(len(mixed.Calls))
	mixed.Calls[thief].Rec = takes(check(7, 24+thief), mixed.Stored[0])
	return append(cases, mixed)
}

// RecordAll makes calls at once, each from a goroutine of its own, and returns their
// outcomes in the order of calls. It calls started, when not nil, once every goroutine
// has been let go, and waits for the calls after it returns.
func RecordAll(ctx context.Context, s inspect.InspectionWriter, calls []ConcurrentCall, started func()) []Outcome {
	out := make([]Outcome, len(calls))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Go(func() {
			<-start
			o := &out[i]
			o.Rec, o.Created, o.Err = s.RecordInspection(ctx, c.Rec, CreateEntry(c.Rec))
		})
	}
	close(start)
	if started != nil {
		started()
	}
	wg.Wait()
	return out
}

// RecordStored records c.Stored one after the other, failing the test unless each is
// created.
func RecordStored(t *testing.T, s inspect.Store, c ConcurrentCase) {
	t.Helper()
	for _, rec := range c.Stored {
		record(t, s, rec)
	}
}

// CheckConcurrent checks the outcomes of calls, made at once on s after c.Stored was
// recorded and the audit chain had before entries, against what s holds now: every call
// acknowledged is stored with its body and returned the stored record; exactly one call
// created each id stored afresh, none an id stored before; a conflict is either a body
// other than the stored one or a finding id stored under another inspection; only
// refused calls fail otherwise. The chain grew by one entry a creation and verifies.
func CheckConcurrent(t *testing.T, s inspect.Store, c ConcurrentCase, before int, calls []ConcurrentCall, out []Outcome) {
	t.Helper()
	ctx := t.Context()
	stored := map[string]inspect.Record{}
	read := func(id string) (inspect.Record, bool) {
		if rec, ok := stored[id]; ok {
			return rec, true
		}
		rec, err := s.Inspection(ctx, id)
		switch {
		case errors.Is(err, inspect.ErrNotFound):
			return rec, false
		case err != nil:
			t.Fatalf("reading inspection %s: %v", id, err)
		}
		stored[id] = rec
		return rec, true
	}
	// takenElsewhere reports whether a finding of rec is stored under another inspection.
	takenElsewhere := func(rec inspect.Record) bool {
		for _, f := range rec.Findings {
			have, err := s.Finding(ctx, f.ID)
			if err == nil && have.InspectionID != rec.Inspection.ID {
				return true
			}
		}
		return false
	}
	storedBefore := map[string]bool{}
	for _, rec := range c.Stored {
		storedBefore[rec.Inspection.ID] = true
	}
	creations := map[string]int{}
	for i, call := range calls {
		o, in := out[i], call.Rec.Inspection
		have, ok := read(in.ID)
		switch {
		case call.Refused:
			if o.Err == nil {
				t.Errorf("call %d (%s): created %v, want it refused", i, in.ID, o.Created)
			}
		case o.Err == nil:
			if !ok || have.Inspection.BodyHash != in.BodyHash {
				t.Errorf("call %d (%s) was acknowledged (created %v), but the store holds another body or none", i, in.ID, o.Created)
				continue
			}
			sameRecord(t, fmt.Sprintf("call %d (%s)", i, in.ID), o.Rec, have)
			if o.Created {
				creations[in.ID]++
				sameRecord(t, fmt.Sprintf("the record call %d (%s) created", i, in.ID), o.Rec, call.Rec)
			}
		case errors.Is(o.Err, inspect.ErrConflict):
			if (!ok || have.Inspection.BodyHash == in.BodyHash) && !takenElsewhere(call.Rec) {
				t.Errorf("call %d (%s): %v, but nothing stored contradicts it", i, in.ID, o.Err)
			}
		default:
			t.Errorf("call %d (%s): %v", i, in.ID, o.Err)
		}
	}
	created := 0
	for _, id := range ids(calls) {
		_, ok := read(id)
		want := 0
		if ok && !storedBefore[id] {
			want = 1
		}
		if n := creations[id]; n != want {
			t.Errorf("%d calls created inspection %s, want %d", n, id, want)
		}
		created += creations[id]
	}
	chain := Chain(t, s)
	if len(chain) != before+created {
		t.Errorf("%d audit entries, want %d before the calls and %d created", len(chain), before, created)
	}
	if _, err := audit.VerifyChain(ctx, s); err != nil {
		t.Error(err)
	}
}

// ids are the inspection ids of calls, each once, in order.
func ids(calls []ConcurrentCall) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range calls {
		if id := c.Rec.Inspection.ID; !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
