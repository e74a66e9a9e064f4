package coverage

import (
	"fmt"
	"strings"
	"testing"
)

// Bindings that put two fields in one slot of Row, or a field outside it, panic naming
// the layer and the field.
func TestBindRefusesSlots(t *testing.T) {
	tests := []struct {
		name     string
		bindings []binding
		want     string
	}{
		{"two fields in one slot", []binding{text("id", 0), text("kind", 0), num("height", 0)}, "field kind is bound to slot 0, which another field has"},
		{"a text slot outside Row", []binding{text("id", 0), text("kind", 7), num("height", 0)}, "field kind is bound to slot 7, outside Row"},
		{"a number slot outside Row", []binding{text("id", 0), text("kind", 1), num("height", 5)}, "field height is bound to slot 5, outside Row"},
		{"the first field elsewhere", []binding{text("id", 1), text("kind", 0), num("height", 0)}, "the first field must be text in Row.Text[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, "layer test:") || !strings.Contains(msg, tt.want) {
					t.Errorf("panic %q, want one naming layer test and saying %q", msg, tt.want)
				}
			}()
			bind(&LayerDesc{Name: "test", Fields: []Field{{Name: "id", Kind: FieldID}, {Name: "kind", Kind: FieldLabel},
				{Name: "height", Kind: FieldNumber}}}, tt.bindings...)
		})
	}
}
