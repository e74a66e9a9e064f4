package rulebook

import (
	"fmt"
	"slices"

	"cctvgis/internal/fault"
)

// CategoryKind says how a category of place appears on the map.
type CategoryKind string

// The kinds of category.
const (
	// KindSite is a place with key points (entrances, passages, key parts).
	KindSite CategoryKind = "site"
	// KindRoad is a linear feature whose watched length is measured.
	KindRoad CategoryKind = "road"
	// KindArea is a zone checked by membership, such as inland waters.
	KindArea CategoryKind = "area"
	// KindVehicle is the inside of a vehicle; it has no place on the map.
	KindVehicle CategoryKind = "vehicle"
)

// Term is one entry of a project-wide vocabulary: a stable id and its labels.
type Term struct {
	ID string
	Zh string
	En string
}

// Category is a kind of place that a rule can make mandatory or reserve to government.
type Category struct {
	Term
	Kind CategoryKind
	// Within is the broader road class this road class is part of, "" for none: an
	// arterial road is an urban road, so a rule naming urban roads covers arterials.
	// Only road classes have one: the analysis applies it to mandatory road classes.
	Within string
}

// Taxonomy is the one set of vocabularies that rulebooks, importers and the analysis share:
// categories of places, kinds of private space, and kinds of violation.
type Taxonomy struct {
	Categories []Category
	Spaces     []Term
	Violations []Term
	Duties     []Term

	categories map[string]Category
	spaces     map[string]Term
	violations map[string]Term
	duties     map[string]Term
}

// Index validates the vocabularies (ids present, unique, labelled) and builds the lookups.
// A Taxonomy must be indexed before use.
func (t *Taxonomy) Index() error {
	t.categories = make(map[string]Category, len(t.Categories))
	for i, c := range t.Categories {
		if err := checkTerm("categories", i, c.Term, t.categories); err != nil {
			return err
		}
		if !slices.Contains([]CategoryKind{KindSite, KindRoad, KindArea, KindVehicle}, c.Kind) {
			return &FieldError{Entry: fmt.Sprintf("categories[%d] (%s)", i, c.ID), Field: "kind",
				Err: fmt.Errorf("%w: %q is not site, road, area or vehicle", ErrInvalid, c.Kind)}
		}
		t.categories[c.ID] = c
	}
	if err := t.checkWithin(); err != nil {
		return err
	}
	var err error
	if t.spaces, err = indexTerms("spaces", t.Spaces); err != nil {
		return err
	}
	if t.violations, err = indexTerms("violations", t.Violations); err != nil {
		return err
	}
	t.duties, err = indexTerms("duties", t.Duties)
	return err
}

func indexTerms(list string, terms []Term) (map[string]Term, error) {
	m := make(map[string]Term, len(terms))
	for i, term := range terms {
		if err := checkTerm(list, i, term, m); err != nil {
			return nil, err
		}
		m[term.ID] = term
	}
	return m, nil
}

func checkTerm[V any](list string, i int, term Term, seen map[string]V) error {
	entry := fmt.Sprintf("%s[%d] (%s)", list, i, term.ID)
	switch {
	case term.ID == "":
		return &FieldError{Entry: entry, Field: "id", Err: ErrMissing}
	case term.Zh == "":
		return &FieldError{Entry: entry, Field: "zh", Err: ErrMissing}
	case term.En == "":
		return &FieldError{Entry: entry, Field: "en", Err: ErrMissing}
	}
	if _, dup := seen[term.ID]; dup {
		return &FieldError{Entry: entry, Field: "id", Err: fmt.Errorf("%w: %q", ErrDuplicate, term.ID)}
	}
	return nil
}

// checkWithin checks that only road classes lie within others, that every broader class
// exists and is a road class, and that no class lies, through its broader ones, within
// itself.
func (t *Taxonomy) checkWithin() error {
	for i, c := range t.Categories {
		if c.Within == "" {
			continue
		}
		entry := fmt.Sprintf("categories[%d] (%s)", i, c.ID)
		w, ok := t.categories[c.Within]
		switch {
		case c.Kind != KindRoad:
			return &FieldError{Entry: entry, Field: "within", Err: fmt.Errorf("%w: only road classes lie within others, %q is a %s category", ErrInvalid, c.ID, c.Kind)}
		case !ok:
			return &FieldError{Entry: entry, Field: "within", Err: fmt.Errorf("%w: %q", ErrUnknown, c.Within)}
		case w.Kind != KindRoad:
			return &FieldError{Entry: entry, Field: "within", Err: fmt.Errorf("%w: %q is a %s category, not a road class", ErrInvalid, c.Within, w.Kind)}
		}
		for seen, up := 0, c.Within; up != ""; up = t.categories[up].Within {
			if up == c.ID || seen > len(t.Categories) {
				return &FieldError{Entry: entry, Field: "within", Err: fmt.Errorf("%w: %q lies within itself", ErrInvalid, c.ID)}
			}
			seen++
		}
	}
	return nil
}

// Broader returns the categories a category lies within, nearest first: for an arterial
// road, urban roads. It is empty for a category within none or an unknown id.
func (t *Taxonomy) Broader(id string) []string {
	var out []string
	for up := t.categories[id].Within; up != ""; up = t.categories[up].Within {
		out = append(out, up)
	}
	return out
}

// CitedCategories maps each category that entries name to the first provision naming
// it, and each category lying within a named one to the provision of its nearest named
// broader category: a rule naming urban roads names arterials too.
func (t *Taxonomy) CitedCategories(entries []CategoryEntry) map[string]Cited {
	named := FirstCitations(entries)
	out := make(map[string]Cited, len(named))
	for id, cite := range named {
		out[id] = cite
	}
	for _, c := range t.Categories {
		if _, ok := named[c.ID]; ok {
			continue
		}
		for _, up := range t.Broader(c.ID) {
			if cite, ok := named[up]; ok {
				out[c.ID] = cite
				break
			}
		}
	}
	return out
}

// Category returns the category with the given id.
func (t *Taxonomy) Category(id string) (Category, bool) {
	c, ok := t.categories[id]
	return c, ok
}

// Space returns the private-space kind with the given id.
func (t *Taxonomy) Space(id string) (Term, bool) {
	s, ok := t.spaces[id]
	return s, ok
}

// Violation returns the violation kind with the given id.
func (t *Taxonomy) Violation(id string) (Term, bool) {
	v, ok := t.violations[id]
	return v, ok
}

// Duty returns the duty with the given id.
func (t *Taxonomy) Duty(id string) (Term, bool) {
	d, ok := t.duties[id]
	return d, ok
}

// Errors that validation wraps; match them with errors.Is.
var (
	// ErrMissing is a required field left empty.
	ErrMissing = fault.New(fault.Invalid, "planner: required field missing")
	// ErrUnknown is a reference to an id that no vocabulary defines.
	ErrUnknown = fault.New(fault.Invalid, "planner: unknown id")
	// ErrDuplicate is an entry or id given twice.
	ErrDuplicate = fault.New(fault.Invalid, "planner: duplicate entry")
	// ErrInvalid is a value outside what the field allows.
	ErrInvalid = fault.New(fault.Invalid, "planner: invalid value")
)

// FieldError names the entry and field of a data file that failed validation.
type FieldError struct {
	// Entry locates the entry, e.g. "mandatory_categories[3] (第八条第（四）项)".
	Entry string
	// Field is the field of that entry, e.g. "categories".
	Field string
	Err   error
}

func (e *FieldError) Error() string {
	if e.Entry == "" {
		return e.Field + ": " + e.Err.Error()
	}
	return e.Entry + ": " + e.Field + ": " + e.Err.Error()
}

func (e *FieldError) Unwrap() error { return e.Err }
