// Package a holds types for the OpenAPI tests of httpapi: a Request whose name package b
// shares. Only tests import it.
package a

// Colour is an enum of two values.
type Colour string

// Values are the colours.
func (Colour) Values() []Colour { return []Colour{"red", "green"} }

// Request is a request body.
type Request struct {
	Name string `json:"name"`
}

// Answer is an answer body.
type Answer struct {
	Colour Colour `json:"colour"`
}
