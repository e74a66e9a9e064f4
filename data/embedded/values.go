package embedded

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"cctvgis/data/records"
	"cctvgis/inspect"
	"cctvgis/planner/plan"
)

// The values of the inspection, finding, transition, photo-link, audit and plan buckets
// are JSON documents: the records of data/records, version 1 in every file format so far,
// inside the store's own wrappers for inspections and plans. Decoding is strict: a field
// the program does not know is corruption, never dropped.

// storedInspection is the value of an inspection: the record without its findings, which
// are kept by id in the findings bucket, and their ids in order.
type storedInspection struct {
	Inspection inspect.Inspection
	Skipped    []inspect.Skip
	Findings   []string
}

// inspectionDoc is storedInspection as the bucket holds it.
type inspectionDoc struct {
	Inspection json.RawMessage `json:"inspection"`
	Skipped    json.RawMessage `json:"skipped"`
	Findings   []string        `json:"findings"`
}

func encodeInspection(si storedInspection) ([]byte, error) {
	in, err := records.EncodeInspection(si.Inspection)
	if err != nil {
		return nil, err
	}
	skipped, err := records.EncodeSkips(si.Skipped)
	if err != nil {
		return nil, err
	}
	return json.Marshal(inspectionDoc{Inspection: in, Skipped: skipped, Findings: si.Findings})
}

func decodeInspection(b []byte) (storedInspection, error) {
	var d inspectionDoc
	if err := decodeStrict(b, &d); err != nil {
		return storedInspection{}, err
	}
	in, err := records.DecodeInspection(d.Inspection)
	if err != nil {
		return storedInspection{}, err
	}
	si := storedInspection{Inspection: in, Findings: d.Findings}
	if !isNull(d.Skipped) {
		if si.Skipped, err = records.DecodeSkips(d.Skipped); err != nil {
			return storedInspection{}, err
		}
	}
	return si, nil
}

// storedPlan is the value of a plan: its revision and the plan as it was saved.
type storedPlan struct {
	Revision int64
	Plan     *plan.Plan
}

// planDoc is storedPlan as the bucket holds it.
type planDoc struct {
	Revision int64           `json:"revision"`
	Plan     json.RawMessage `json:"plan"`
}

func encodePlan(sp storedPlan) ([]byte, error) {
	p, err := records.EncodePlan(sp.Plan)
	if err != nil {
		return nil, err
	}
	return json.Marshal(planDoc{Revision: sp.Revision, Plan: p})
}

func decodePlan(b []byte) (storedPlan, error) {
	var d planDoc
	if err := decodeStrict(b, &d); err != nil {
		return storedPlan{}, err
	}
	sp := storedPlan{Revision: d.Revision}
	if !isNull(d.Plan) {
		p, err := records.DecodePlan(d.Plan)
		if err != nil {
			return storedPlan{}, err
		}
		sp.Plan = p
	}
	return sp, nil
}

// decodeStrict reads one JSON document into v, refusing fields v does not have and data
// after the document.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the document")
	}
	return nil
}

// isNull reports whether a document is absent or null.
func isNull(b json.RawMessage) bool { return len(b) == 0 || string(b) == "null" }

// put writes v under key, encoded.
func put[T any](b *bolt.Bucket, key []byte, v T, encode func(T) ([]byte, error)) error {
	val, err := encode(v)
	if err != nil {
		return fmt.Errorf("encoding %q: %w", key, err)
	}
	if err := b.Put(key, val); err != nil {
		return fmt.Errorf("writing %q: %w", key, err)
	}
	return nil
}

// get reads the value under key, decoded; false when there is none. A value that does
// not decode is ErrCorrupt.
func get[T any](b *bolt.Bucket, key []byte, decode func([]byte) (T, error)) (T, bool, error) {
	val := b.Get(key)
	if val == nil {
		var zero T
		return zero, false, nil
	}
	v, err := decode(val)
	if err != nil {
		return v, true, fmt.Errorf("decoding %q: %w: %w", key, ErrCorrupt, err)
	}
	return v, true, nil
}
