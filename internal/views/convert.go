package views

// List is the view of every element of a list, for an answer: an empty list, never null.
func List[A, B any](v []A, f func(A) B) []B {
	out := make([]B, len(v))
	for i := range v {
		out[i] = f(v[i])
	}
	return out
}

// each converts every element of a slice, keeping nil apart from empty, so that a view
// encodes as its domain value did.
func each[A, B any](v []A, f func(A) B) []B {
	if v == nil {
		return nil
	}
	out := make([]B, len(v))
	for i := range v {
		out[i] = f(v[i])
	}
	return out
}

// opt converts what a pointer points at, nil to nil.
func opt[A, B any](v *A, f func(A) B) *B {
	if v == nil {
		return nil
	}
	out := f(*v)
	return &out
}
