package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// FuzzSqueezer checks that squeezing whitespace changes no JSON document: the squeezed
// bytes are valid exactly when the input is, and decode to the same value.
func FuzzSqueezer(f *testing.F) {
	for _, s := range []string{`{"a" :  "b  \"  c\\"   , "n": [1 ,  2]}`, "  \n\t ", `"\\\\"  x`, `{"k":"\u00e9  "}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		squeezed := bytes.Clone(b)
		squeezed = squeezed[:squeezeSpace(squeezed)]
		if json.Valid(b) != json.Valid(squeezed) {
			t.Fatalf("%q valid %v, squeezed %q valid %v", b, json.Valid(b), squeezed, json.Valid(squeezed))
		}
		if !json.Valid(b) {
			return
		}
		var want, got any
		_ = json.Unmarshal(b, &want)
		_ = json.Unmarshal(squeezed, &got)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%q decodes to %v, squeezed %q to %v", b, want, squeezed, got)
		}
	})
}

// FuzzScan checks the scanner against encoding/json: a document is one valid value and
// whitespace exactly when json.Valid says so, and scanning it in pieces, as a docReader
// does when a value runs past its buffer, finds the same end.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		`{"a" :  "b  \"  c\\"   , "n": [1 ,  -2.5e+3, 0, true, false, null]}`, `[1,]`, `{"a":1,}`, `01`, `-`, `1.`, `1e`,
		`"\u00e9\ud83d"`, `"\x"`, "\"\t\"", `[[[]]]`, `{"a"}`, `{"a":}`, `nul`, `tru e`, ` 1 2`, `{}x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s scanner
		start := 0
		for start < len(b) && isSpace(b[start]) {
			start++
		}
		n, err := s.scan(b[start:], true)
		rest := b[start+n:]
		for len(rest) > 0 && isSpace(rest[0]) {
			rest = rest[1:]
		}
		ok := err == nil && start < len(b) && len(rest) == 0
		if ok != json.Valid(b) {
			t.Fatalf("%q: scan = %d, %v (rest %q); json.Valid = %v", b, n, err, rest, json.Valid(b))
		}
		if err != nil {
			return
		}
		for cut := range len(b) - start {
			m, err := s.scan(b[start:start+cut], false)
			if err == nil && m != n || err != nil && !errors.Is(err, errMore) {
				t.Fatalf("%q cut at %d: scan = %d, %v; whole: %d", b[start:], cut, m, err, n)
			}
		}
	})
}
