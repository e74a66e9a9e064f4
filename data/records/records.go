// Package records holds the stored forms of the objects the stores keep as JSON documents
// (plans, inspections and their findings, finding transitions, photos' metadata, audit
// entries): each a record type of a version, apart from the domain type, with conversions
// both ways. A field of the domain or of the API can be renamed without changing what is
// stored; a stored form changes only with a new version of its record, which the stores'
// migrations bring old documents to. One JSON fixture per record version is committed in
// testdata and decoded by the tests, so that a change of a stored form fails loudly.
//
// Version 1 is the form every document had before records were kept apart (the domain's
// JSON names then), so that stored documents read as they are. A document holds no version
// number: a store knows the version of what it wrote (the embedded store by its file's
// version, PostGIS by its schema's migrations). Decoding is strict: a field this code does
// not know is an error, never dropped.
//
// It imports the domain (planner/plan, planner/coverage, planner/rulebook, inspect,
// internal/audit); the stores import it.
package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/planner/plan"
)

// ErrDecode is matched by the errors of a stored document that does not decode as its
// record: corrupt, or written by a newer version of the program.
var ErrDecode = errors.New("records: stored document does not decode")

// decode reads one JSON document into r strictly: unknown fields and trailing data are
// errors.
func decode(what string, b []byte, r any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(r); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrDecode, what, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: %s: data after the document", ErrDecode, what)
	}
	return nil
}

// EncodePlan is the stored document of a plan.
func EncodePlan(p *plan.Plan) ([]byte, error) { return json.Marshal(toPlanV1(*p)) }

// DecodePlan reads a stored plan.
func DecodePlan(b []byte) (*plan.Plan, error) {
	var r PlanV1
	if err := decode("plan", b, &r); err != nil {
		return nil, err
	}
	p := r.domain()
	return &p, nil
}

// EncodeRecord is the stored document of an inspection with its findings and skips.
func EncodeRecord(r inspect.Record) ([]byte, error) { return json.Marshal(toRecordV1(r)) }

// DecodeRecord reads a stored inspection record.
func DecodeRecord(b []byte) (inspect.Record, error) {
	var r RecordV1
	if err := decode("inspection", b, &r); err != nil {
		return inspect.Record{}, err
	}
	return r.domain(), nil
}

// EncodeInspection is the stored document of an inspection without its findings and skips.
func EncodeInspection(in inspect.Inspection) ([]byte, error) { return json.Marshal(toInspectionV1(in)) }

// DecodeInspection reads a stored inspection without its findings and skips.
func DecodeInspection(b []byte) (inspect.Inspection, error) {
	var r InspectionV1
	if err := decode("inspection", b, &r); err != nil {
		return inspect.Inspection{}, err
	}
	return r.domain(), nil
}

// EncodeFinding is the stored document of a finding.
func EncodeFinding(f inspect.Finding) ([]byte, error) { return json.Marshal(toFindingV1(f)) }

// DecodeFinding reads a stored finding.
func DecodeFinding(b []byte) (inspect.Finding, error) {
	var r FindingV1
	if err := decode("finding", b, &r); err != nil {
		return inspect.Finding{}, err
	}
	return r.domain(), nil
}

// EncodeTransition is the stored document of a finding's transition.
func EncodeTransition(t inspect.Transition) ([]byte, error) { return json.Marshal(toTransitionV1(t)) }

// DecodeTransition reads a stored transition.
func DecodeTransition(b []byte) (inspect.Transition, error) {
	var r TransitionV1
	if err := decode("transition", b, &r); err != nil {
		return inspect.Transition{}, err
	}
	return r.domain(), nil
}

// EncodePhoto is the stored document of a photo's metadata.
func EncodePhoto(p inspect.Photo) ([]byte, error) { return json.Marshal(toPhotoV1(p)) }

// DecodePhoto reads a photo's stored metadata.
func DecodePhoto(b []byte) (inspect.Photo, error) {
	var r PhotoV1
	if err := decode("photo", b, &r); err != nil {
		return inspect.Photo{}, err
	}
	return r.domain(), nil
}

// EncodeEntry is the stored document of a sealed audit entry.
func EncodeEntry(e audit.Entry) ([]byte, error) { return json.Marshal(toEntryV1(e)) }

// DecodeEntry reads a stored audit entry.
func DecodeEntry(b []byte) (audit.Entry, error) {
	var r EntryV1
	if err := decode("audit entry", b, &r); err != nil {
		return audit.Entry{}, err
	}
	return r.domain(), nil
}

// ObservationsV1 is what a check observed, as PostGIS keeps it in inspections.body beside
// the columns of the rest: the optional groups of a submission.
type ObservationsV1 struct {
	Signage     *SignageV1         `json:"signage,omitempty"`
	Lens        *LensV1            `json:"lens,omitempty"`
	Obstruction *ObstructionV1     `json:"obstruction,omitempty"`
	Privacy     *PrivacyV1         `json:"privacy,omitempty"`
	Image       inspect.ImageState `json:"image,omitempty"`
	Running     *bool              `json:"running,omitempty"`
	Notes       string             `json:"notes,omitempty"`
}

// EncodeObservations is the stored document of what a submission observed.
func EncodeObservations(s *inspect.Submission) ([]byte, error) {
	v := toSubmissionV1(*s)
	return json.Marshal(ObservationsV1{Signage: v.Signage, Lens: v.Lens, Obstruction: v.Obstruction, Privacy: v.Privacy,
		Image: v.Image, Running: v.Running, Notes: v.Notes})
}

// DecodeObservations reads what a check observed into the groups of s.
func DecodeObservations(b []byte, s *inspect.Submission) error {
	var r ObservationsV1
	if err := decode("observations", b, &r); err != nil {
		return err
	}
	d := SubmissionV1{Signage: r.Signage, Lens: r.Lens, Obstruction: r.Obstruction, Privacy: r.Privacy, Image: r.Image,
		Running: r.Running, Notes: r.Notes}.domain()
	s.Signage, s.Lens, s.Obstruction, s.Privacy, s.Image, s.Running, s.Notes = d.Signage, d.Lens, d.Obstruction, d.Privacy, d.Image, d.Running, d.Notes
	return nil
}

// EncodeFlags is the stored document of an inspection's or a photo's flags.
func EncodeFlags(fs []inspect.Flag) ([]byte, error) {
	if fs == nil {
		fs = []inspect.Flag{}
	}
	return json.Marshal(each(fs, toFlagV1))
}

// DecodeFlags reads stored flags.
func DecodeFlags(b []byte) ([]inspect.Flag, error) {
	var r []FlagV1
	if err := decode("flags", b, &r); err != nil {
		return nil, err
	}
	return each(r, FlagV1.domain), nil
}

// EncodeSkips is the stored document of the observations that gave no finding.
func EncodeSkips(ss []inspect.Skip) ([]byte, error) {
	if ss == nil {
		ss = []inspect.Skip{}
	}
	return json.Marshal(each(ss, toSkipV1))
}

// DecodeSkips reads stored skips.
func DecodeSkips(b []byte) ([]inspect.Skip, error) {
	var r []SkipV1
	if err := decode("skips", b, &r); err != nil {
		return nil, err
	}
	return each(r, SkipV1.domain), nil
}
