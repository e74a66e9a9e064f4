package httpapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The OpenAPI document is built from the mounted endpoints and the Go types their
// handlers bind and render, so that the two cannot drift apart; apitest checks real
// answers against it.

var (
	timeType          = reflect.TypeFor[time.Time]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	rawMessageType    = reflect.TypeFor[json.RawMessage]()
)

// schemaGen turns Go types into JSON Schemas (OpenAPI 3.0 dialect), collecting named
// struct types as components. Component names do not depend on the order types are met:
// a struct is named by its type name, qualified by its package's name when two packages'
// types would share it (plans_ReviewRequest beside mobileapi_ReviewRequest).
type schemaGen struct {
	overrides  map[reflect.Type]map[string]any
	components map[string]any
	names      map[reflect.Type]string
}

func newSchemaGen(overrides map[reflect.Type]map[string]any, roots []reflect.Type) *schemaGen {
	g := &schemaGen{overrides: overrides, components: map[string]any{}, names: map[reflect.Type]string{}}
	seen := map[reflect.Type]bool{}
	byName := map[string][]reflect.Type{}
	for _, t := range roots {
		g.collect(t, seen, byName)
	}
	for name, ts := range byName {
		for _, t := range ts {
			if len(ts) == 1 {
				g.names[t] = name
			} else {
				g.names[t] = path.Base(t.PkgPath()) + "_" + name
			}
		}
	}
	return g
}

// collect finds the named struct types reachable from t, by name.
func (g *schemaGen) collect(t reflect.Type, seen map[reflect.Type]bool, byName map[string][]reflect.Type) {
	if seen[t] {
		return
	}
	seen[t] = true
	if _, ok := g.overrides[t]; ok || t == timeType || t == rawMessageType {
		return
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		g.collect(t.Elem(), seen, byName)
	case reflect.Struct:
		if t.Name() != "" {
			byName[t.Name()] = append(byName[t.Name()], t)
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() || f.Anonymous {
				g.collect(f.Type, seen, byName)
			}
		}
	}
}

// enumValues returns the values of a string type with a Values method returning a slice
// of itself (a closed set, as every enum of the domain has), or nil.
func enumValues(t reflect.Type) []any {
	if t.Kind() != reflect.String {
		return nil
	}
	m, ok := t.MethodByName("Values")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 || m.Type.Out(0) != reflect.SliceOf(t) {
		return nil
	}
	vs := m.Func.Call([]reflect.Value{reflect.Zero(t)})[0]
	out := make([]any, vs.Len())
	for i := range out {
		out[i] = vs.Index(i).String()
	}
	return out
}

// schema returns the schema of t: a reference for named structs, inline otherwise.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	if s, ok := g.overrides[t]; ok {
		return s
	}
	if vs := enumValues(t); vs != nil {
		return map[string]any{"type": "string", "enum": vs}
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawMessageType:
		// Any JSON value, null among them.
		return map[string]any{"nullable": true}
	case t.Kind() != reflect.Pointer && (t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType)):
		panic(fmt.Sprintf("httpapi: %v encodes itself; register its schema with API.Schema", t))
	}
	switch t.Kind() {
	case reflect.Pointer:
		return map[string]any{"allOf": []any{g.schema(t.Elem())}, "nullable": true}
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
	panic(fmt.Sprintf("httpapi: no schema for %v", t))
}

// structRef registers a struct as a component and returns a reference to it.
func (g *schemaGen) structRef(t reflect.Type) map[string]any {
	name, ok := g.names[t]
	if !ok {
		return g.object(t)
	}
	if _, done := g.components[name]; !done {
		g.components[name] = nil // taken, for recursive types
		g.components[name] = g.object(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// object is the schema of a struct's JSON encoding: its exported fields by their json
// names, embedded structs flattened, required unless omitempty, omitzero or a pointer,
// nothing else allowed.
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

// roots are the Go types the endpoints' bodies and answers use.
func roots(eps []Endpoint) []reflect.Type {
	out := []reflect.Type{reflect.TypeFor[ErrorBody]()}
	for _, ep := range eps {
		if ep.Body != nil {
			out = append(out, reflect.TypeOf(ep.Body))
		}
		for _, b := range ep.Responses {
			switch b.(type) {
			case nil, Image, Binary, map[string]any:
			default:
				out = append(out, reflect.TypeOf(b))
			}
		}
	}
	return out
}

func binary() map[string]any {
	return map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
}

// document builds the OpenAPI 3.0 document of the endpoints.
func (a *API) document() map[string]any {
	eps := a.Endpoints()
	g := newSchemaGen(a.schemas, roots(eps))
	paths := map[string]any{}
	errRef := g.schema(reflect.TypeFor[ErrorBody]())
	for _, ep := range eps {
		op := map[string]any{"summary": ep.Summary, "operationId": operationID(ep)}
		var params []any
		for _, p := range ep.Params {
			sch := map[string]any{"type": p.Type}
			if p.Enum != nil {
				sch["enum"] = p.Enum
			}
			params = append(params, map[string]any{"name": p.Name, "in": p.In, "required": p.Required,
				"description": p.Description, "schema": sch})
		}
		if params != nil {
			op["parameters"] = params
		}
		switch {
		case ep.Body != nil:
			op["requestBody"] = map[string]any{"required": !ep.BodyOptional, "content": map[string]any{
				"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(ep.Body))}}}
		case ep.Form != nil:
			props := map[string]any{}
			var required []string
			for _, f := range ep.Form {
				sch := map[string]any{"type": "string", "description": f.Description}
				if f.Type == "binary" {
					sch["format"] = "binary"
				}
				props[f.Name] = sch
				if f.Required {
					required = append(required, f.Name)
				}
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "properties": props, "required": required}}}}
		}
		if ep.Body != nil || ep.Form != nil {
			op["x-max-body-bytes"] = ep.maxBody()
		}
		responses := map[string]any{}
		for status, body := range ep.Responses {
			r := map[string]any{"description": http.StatusText(status)}
			switch b := body.(type) {
			case nil:
			case Image:
				r["content"] = map[string]any{"image/jpeg": binary(), "image/png": binary()}
			case Binary:
				r["content"] = map[string]any{b.MediaType: binary()}
			case map[string]any:
				r["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
			default:
				r["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(body))}}
			}
			responses[strconv.Itoa(status)] = r
		}
		errs := slices.Clone(ep.Errors)
		if ep.Roles != nil {
			errs = append(errs, http.StatusUnauthorized, http.StatusForbidden)
		}
		if ep.Body != nil || ep.Form != nil {
			errs = append(errs, http.StatusRequestEntityTooLarge)
		}
		errs = append(errs, http.StatusInternalServerError, http.StatusServiceUnavailable)
		for _, status := range errs {
			responses[strconv.Itoa(status)] = map[string]any{"description": http.StatusText(status),
				"content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
		}
		op["responses"] = responses
		if ep.Roles != nil {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
			roles := make([]string, len(ep.Roles))
			for i, r := range ep.Roles {
				roles[i] = string(r)
			}
			op["x-roles"] = roles
		}
		item, _ := paths[ep.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[ep.Path] = item
		}
		item[strings.ToLower(ep.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": a.cfg.Title, "version": "1", "description": a.cfg.Description},
		"paths":   paths,
		"components": map[string]any{
			"schemas":         g.components,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}

func operationID(ep Endpoint) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(ep.Method))
	for part := range strings.SplitSeq(strings.TrimPrefix(ep.Path, Base), "/") {
		part = strings.Trim(part, "{}")
		for w := range strings.SplitSeq(strings.NewReplacer(".", "_", "-", "_").Replace(part), "_") {
			if w != "" {
				b.WriteString(strings.ToUpper(w[:1]) + w[1:])
			}
		}
	}
	return b.String()
}
