package rulebook

import (
	"errors"
	"fmt"
	"sort"
)

// ErrUnknownRulebook is returned for a jurisdiction code that has no rulebook.
var ErrUnknownRulebook = errors.New("planner: unknown rulebook")

// Library is the validated set of rulebooks with the taxonomy they use, the national
// baseline among them.
type Library struct {
	Taxonomy *Taxonomy
	books    map[string]*Rulebook
}

// NewLibrary indexes validated rulebooks by code; codes must be unique and the national
// baseline must be present.
func NewLibrary(t *Taxonomy, books []*Rulebook) (*Library, error) {
	l := &Library{Taxonomy: t, books: make(map[string]*Rulebook, len(books))}
	for _, b := range books {
		if _, dup := l.books[b.Code]; dup {
			return nil, fmt.Errorf("%w: two rulebooks have code %q", ErrDuplicate, b.Code)
		}
		l.books[b.Code] = b
	}
	if _, ok := l.books[NationalCode]; !ok {
		return nil, fmt.Errorf("%w: the national baseline rulebook %q", ErrMissing, NationalCode)
	}
	return l, nil
}

// Codes lists the rulebook codes, the national baseline first, then in alphabetical order.
func (l *Library) Codes() []string {
	codes := make([]string, 0, len(l.books))
	for c := range l.books {
		if c != NationalCode {
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	return append([]string{NationalCode}, codes...)
}

// Rulebook returns the rulebook with the given code.
func (l *Library) Rulebook(code string) (*Rulebook, error) {
	b, ok := l.books[code]
	if !ok {
		return nil, fmt.Errorf("%w %q (known: %v)", ErrUnknownRulebook, code, l.Codes())
	}
	return b, nil
}

// Effective returns the rule set in force for the jurisdiction on the given day, with
// the national baseline layered in.
func (l *Library) Effective(code string, on Date) (*EffectiveRules, error) {
	b, err := l.Rulebook(code)
	if err != nil {
		return nil, err
	}
	return Effective(b, l.books[NationalCode], on), nil
}
