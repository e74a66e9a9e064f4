package mobileapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// The OpenAPI document is built from the route table and the Go types the handlers bind
// and render, so the two cannot drift apart; a test checks the real routes against it and
// validates real responses with its schemas.

// schemaOverride is the schema of a type that encodes itself (a json.Marshaler or
// encoding.TextMarshaler) or whose values are a closed set.
type schemaOverride map[reflect.Type]map[string]any

// schemaGen turns Go types into JSON Schemas (OpenAPI 3.0 dialect), collecting named
// struct types as components.
type schemaGen struct {
	overrides  schemaOverride
	components map[string]any
	names      map[reflect.Type]string
}

func newSchemaGen(o schemaOverride) *schemaGen {
	return &schemaGen{overrides: o, components: map[string]any{}, names: map[reflect.Type]string{}}
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
)

// schema returns the schema of t: a reference for named structs, inline otherwise.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	if s, ok := g.overrides[t]; ok {
		return s
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawMessageType:
		return map[string]any{}
	case t.Kind() != reflect.Pointer && (t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType)):
		panic(fmt.Sprintf("openapi: %v encodes itself; give it an override", t))
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := g.schema(t.Elem())
		return map[string]any{"allOf": []any{s}, "nullable": true}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Struct:
		return g.structRef(t)
	}
	panic(fmt.Sprintf("openapi: no schema for %v", t))
}

// structRef registers a struct as a component and returns a reference to it.
func (g *schemaGen) structRef(t reflect.Type) map[string]any {
	name, ok := g.names[t]
	if !ok {
		name = t.Name()
		if name == "" {
			return g.object(t)
		}
		for _, taken := range g.names {
			if taken == name {
				name = strings.ReplaceAll(t.PkgPath(), "/", "_") + "_" + name
			}
		}
		g.names[t] = name
		g.components[name] = nil // taken, for recursive types
		g.components[name] = g.object(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// object is the schema of a struct's JSON encoding: its exported fields by their json
// names, embedded structs flattened, required unless omitempty or a pointer, nothing else
// allowed.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	slices.Sort(required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			g.fields(f.Type, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && f.Type.Kind() != reflect.Pointer {
			*required = append(*required, name)
		}
	}
}

// enum is the schema of a string from a closed set.
func enum[T ~string](values ...T) map[string]any {
	vs := make([]any, len(values))
	for i, v := range values {
		vs[i] = string(v)
	}
	return map[string]any{"type": "string", "enum": vs}
}
