package osm

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// FuzzXMLSqueezer checks that squeezing whitespace between tags changes no element or
// attribute of an XML document: both decode to the same tokens, text compared without
// its surrounding blanks.
func FuzzXMLSqueezer(f *testing.F) {
	for _, s := range []string{`<osm>  <node id="1" v="a  b"/>` + "\n\t" + `<tag k='x > y' v="  "/> </osm>`, `<a>  text   here </a>`, `  <a b="c`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		squeezed, err := io.ReadAll(&xmlSqueezer{r: iotest.OneByteReader(bytes.NewReader(b))})
		if err != nil {
			t.Fatal(err)
		}
		want, werr := xmlTokens(b)
		got, gerr := xmlTokens(squeezed)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: error %v, squeezed %q: error %v", b, werr, squeezed, gerr)
		}
		if werr == nil && !reflect.DeepEqual(want, got) {
			t.Fatalf("%q gives %v, squeezed %q gives %v", b, want, squeezed, got)
		}
	})
}

// xmlTokens returns the elements, attributes and trimmed non-empty text of a document.
func xmlTokens(b []byte) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			out = append(out, "<"+tok.Name.Local)
			for _, a := range tok.Attr {
				out = append(out, a.Name.Local+"="+a.Value)
			}
		case xml.EndElement:
			out = append(out, "/"+tok.Name.Local)
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				out = append(out, "text:"+strings.Join(strings.Fields(s), " "))
			}
		}
	}
}
