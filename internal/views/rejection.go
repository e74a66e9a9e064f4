package views

import "cctvgis/planner/coverage"

// Rejection is a feature that cannot be analysed or stored, as reports list it: its place
// in the file it was read from when it has one ("at": "line 12"), else its index in the
// layer.
type Rejection struct {
	Layer  string `json:"layer"`
	File   string `json:"file,omitempty"`
	At     string `json:"at,omitempty"`
	Index  *int   `json:"index,omitempty"`
	ID     string `json:"id"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// NewRejection is the view of a coverage.Rejection.
func NewRejection(r coverage.Rejection) Rejection {
	v := Rejection{Layer: r.Layer, File: r.File, At: r.At.String(), ID: r.ID, Field: r.Field, Reason: r.Reason}
	if r.At.IsZero() && r.Index >= 0 {
		v.Index = &r.Index
	}
	return v
}
