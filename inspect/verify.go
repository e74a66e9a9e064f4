package inspect

import (
	"context"
	"fmt"
	"slices"

	"cctvgis/internal/audit"
)

// EvidenceError names a stored object that its audit log does not account for. It
// matches ErrEvidence.
type EvidenceError struct {
	// ObjectKind and ObjectID name the object (ObjectInspection or ObjectFinding).
	ObjectKind, ObjectID string
	Reason               string
}

// Error names the object and what is wrong with it.
func (e *EvidenceError) Error() string {
	return fmt.Sprintf("%s %s does not match the audit log: %s", e.ObjectKind, e.ObjectID, e.Reason)
}

// Is makes every EvidenceError match ErrEvidence.
func (e *EvidenceError) Is(target error) bool { return target == ErrEvidence }

// Evidence is what VerifyEvidence reads: the audit log, the inspections, and the findings'
// histories.
type Evidence interface {
	audit.Log
	InspectionReader
	Transitions(ctx context.Context, findingID string) ([]Transition, error)
}

// VerifyEvidence verifies the audit chain (audit.VerifyChain) and then that the stored
// inspections and findings are what the chain recorded, so that a change made behind the
// store's back is found even where the chain itself is intact:
//   - each inspection's stored submission hashes to its BodyHash, and that is the
//     PayloadDigest of the inspection.create entry of its id;
//   - each inspection.create entry's inspection is still stored;
//   - each finding's history has the digests of the finding.transition entries of its id,
//     in order, and its status is where the history leads (open without one);
//   - each finding with finding.transition entries is still stored.
//
// It returns a *audit.ChainError, a *EvidenceError (matching ErrEvidence) for the first object
// found wrong, or the store's error. It holds the digests of the whole chain in memory, a
// few hundred bytes per inspection. Run it against a store no one writes to meanwhile:
// a change committed during the run may be reported.
func VerifyEvidence(ctx context.Context, st Evidence) error {
	created := map[string]string{}
	moves := map[string][]string{}
	_, err := audit.WalkChain(ctx, st, func(e audit.Entry) error {
		switch {
		case e.Action == ActionInspectionCreate && e.ObjectKind == ObjectInspection:
			created[e.ObjectID] = e.PayloadDigest
		case e.Action == ActionFindingTransition && e.ObjectKind == ObjectFinding:
			moves[e.ObjectID] = append(moves[e.ObjectID], e.PayloadDigest)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("verifying the audit chain: %w", err)
	}
	seen := map[string]bool{}
	err = st.Inspections(ctx, InspectionQuery{}, func(r Record) error {
		in := &r.Inspection
		bad := func(reason string, args ...any) error {
			return &EvidenceError{ObjectKind: ObjectInspection, ObjectID: in.ID, Reason: fmt.Sprintf(reason, args...)}
		}
		digest, ok := created[in.ID]
		switch {
		case in.Submission.BodyHash() != in.BodyHash:
			return bad("its stored submission does not hash to its body hash %s", in.BodyHash)
		case !ok:
			return bad("no audit entry records its creation")
		case digest != in.BodyHash:
			return bad("its body hash %s is not %s, the one its audit entry recorded", in.BodyHash, digest)
		}
		delete(created, in.ID)
		for _, f := range r.Findings {
			seen[f.ID] = true
			if err := verifyFinding(ctx, st, f, moves[f.ID]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("verifying the stored evidence: %w", err)
	}
	if len(created) > 0 {
		id := sortedKeys(created)[0]
		return fmt.Errorf("verifying the stored evidence: %w", &EvidenceError{ObjectKind: ObjectInspection, ObjectID: id, Reason: "the audit log records its creation, but it is not stored"})
	}
	for _, id := range sortedKeys(moves) {
		if !seen[id] {
			return fmt.Errorf("verifying the stored evidence: %w", &EvidenceError{ObjectKind: ObjectFinding, ObjectID: id, Reason: "the audit log records its transitions, but it is not stored"})
		}
	}
	return nil
}

// verifyFinding checks a finding's history against the digests of its audit entries.
func verifyFinding(ctx context.Context, st Evidence, f Finding, digests []string) error {
	bad := func(reason string, args ...any) error {
		return &EvidenceError{ObjectKind: ObjectFinding, ObjectID: f.ID, Reason: fmt.Sprintf(reason, args...)}
	}
	ts, err := st.Transitions(ctx, f.ID)
	if err != nil {
		return fmt.Errorf("reading the history of finding %s: %w", f.ID, err)
	}
	if len(ts) != len(digests) {
		return bad("it has %d transitions, the audit log records %d", len(ts), len(digests))
	}
	status := StatusOpen
	for i, t := range ts {
		if t.Digest() != digests[i] {
			return bad("its transition %d (%s → %s) is not the one the audit log recorded", i+1, t.From, t.To)
		}
		status = t.To
	}
	if f.Status != status {
		return bad("its status is %s, its recorded history leads to %s", f.Status, status)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
