// Package b holds types for the OpenAPI tests of httpapi: a Request whose name package a
// shares. Only tests import it.
package b

// Request is a request body.
type Request struct {
	Count int `json:"count"`
}
