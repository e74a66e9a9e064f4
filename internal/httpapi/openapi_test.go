package httpapi_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/labstack/echo/v4"

	"cctvgis/internal/httpapi"
	"cctvgis/internal/httpapi/apitest"
	"cctvgis/internal/httpapi/testtypes/a"
	"cctvgis/internal/httpapi/testtypes/b"
)

// The document names a type by its name, qualified by its package only when two packages
// share the name, whichever mounts first; enums list the values their type says.
func TestDocumentNamesDoNotDependOnOrder(t *testing.T) {
	one := httpapi.Endpoint{Method: "POST", Path: "/api/v1/a", Body: a.Request{}, Responses: map[int]any{200: a.Answer{}}, Handle: ok}
	two := httpapi.Endpoint{Method: "POST", Path: "/api/v1/b", Body: b.Request{}, Responses: map[int]any{204: nil}, Handle: ok}
	var docs [][]byte
	for _, order := range [][]httpapi.Endpoint{{one, two}, {two, one}} {
		api := newAPI(t)
		for _, ep := range order {
			if err := api.Mount(ep); err != nil {
				t.Fatal(err)
			}
		}
		doc := api.Document()
		apitest.New(t, doc)
		j, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, j)
		schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
		var names []string
		for n := range schemas {
			names = append(names, n)
		}
		slices.Sort(names)
		if want := []string{"Answer", "ErrorBody", "Problem", "Status", "a_Request", "b_Request"}; !slices.Equal(names, want) {
			t.Errorf("schemas %v, want %v", names, want)
		}
		colour := schemas["Answer"].(map[string]any)["properties"].(map[string]any)["colour"].(map[string]any)
		if !slices.Equal(colour["enum"].([]any), []any{"red", "green"}) {
			t.Errorf("colour %v, want the values of a.Colour", colour)
		}
	}
	if string(docs[0]) != string(docs[1]) {
		t.Error("the document depends on the order the endpoints were mounted in")
	}
}

var _ echo.HandlerFunc = ok
