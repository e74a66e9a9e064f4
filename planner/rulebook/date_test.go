package rulebook_test

import (
	"encoding/json"
	"errors"
	"testing"

	"cctvgis/planner/rulebook"
)

// A Date survives JSON both ways, null included, and a day that does not exist is refused.
func TestDateJSON(t *testing.T) {
	day, err := rulebook.ParseDate("2026-03-09")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   string
		want rulebook.Date
		err  error
	}{
		{"a day", `"2026-03-09"`, day, nil},
		{"null is no date", `null`, rulebook.Date{}, nil},
		{"a day that does not exist", `"2023-02-30"`, rulebook.Date{}, rulebook.ErrBadDate},
		{"not a string", `20260309`, rulebook.Date{}, rulebook.ErrBadDate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got rulebook.Date
			err := json.Unmarshal([]byte(tc.in), &got)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Fatalf("Unmarshal(%s) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
			}
			if tc.err != nil {
				return
			}
			b, err := json.Marshal(got)
			if err != nil || string(b) != tc.in {
				t.Errorf("Marshal = %s, %v; want %s", b, err, tc.in)
			}
		})
	}
}
