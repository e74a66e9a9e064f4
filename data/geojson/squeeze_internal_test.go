package geojson

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"
	"testing/iotest"
)

// FuzzSqueezer checks that squeezing whitespace changes no JSON document: the squeezed
// bytes are valid exactly when the input is, and decode to the same value, however the
// reads are cut.
func FuzzSqueezer(f *testing.F) {
	for _, s := range []string{`{"a" :  "b  \"  c\\"   , "n": [1 ,  2]}`, "  \n\t ", `"\\\\"  x`, `{"k":"\u00e9  "}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		squeezed, err := io.ReadAll(&squeezer{r: iotest.OneByteReader(bytes.NewReader(b))})
		if err != nil {
			t.Fatal(err)
		}
		if len(squeezed) > len(b) {
			t.Fatalf("squeezing grew %q to %q", b, squeezed)
		}
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
