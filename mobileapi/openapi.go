package mobileapi

import (
	"encoding"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/planner"
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

// overrides are the schemas of the wire types that encode themselves or take a closed set
// of values.
func overrides() schemaOverride {
	return schemaOverride{
		reflect.TypeFor[planner.Date]():       {"type": "string", "format": "date", "nullable": true},
		reflect.TypeFor[inspect.Hash]():       {"type": "string", "pattern": "^[0-9a-f]{64}$"},
		reflect.TypeFor[auth.Role]():          enum(auth.Roles()...),
		reflect.TypeFor[inspect.LensMethod](): enum(inspect.LensCompass, inspect.LensPhoto),
		reflect.TypeFor[inspect.ImageState](): enum("", inspect.ImageClear, inspect.ImageBlurred, inspect.ImageDark, inspect.ImageNoSignal),
		reflect.TypeFor[inspect.ObstructionKind](): enum(inspect.ObstructionNone, inspect.ObstructionTree, inspect.ObstructionBillboard,
			inspect.ObstructionCable, inspect.ObstructionStructure, inspect.ObstructionOther),
		reflect.TypeFor[inspect.ReviewState](): enum(inspect.ReviewReceived, inspect.ReviewApproved, inspect.ReviewHasIssues, inspect.ReviewRejected),
		reflect.TypeFor[inspect.Status]():      enum(allStatuses...),
		reflect.TypeFor[inspect.Event]():       enum(inspect.EventRectify, inspect.EventVerify, inspect.EventReopen),
		reflect.TypeFor[inspect.Kind]():        enum(inspect.Kinds...),
		reflect.TypeFor[planner.Investment]():  enum(planner.Government, planner.Private, planner.InvestmentUnknown),
	}
}

// Document builds the OpenAPI 3.0 document of the routes.
func (s *Server) Document() map[string]any {
	g := newSchemaGen(overrides())
	paths := map[string]any{}
	for _, ep := range s.endpoints() {
		op := map[string]any{"summary": ep.Summary, "operationId": operationID(ep)}
		var params []any
		for _, p := range ep.Params {
			params = append(params, map[string]any{"name": p.Name, "in": p.In, "required": p.Required,
				"description": p.Description, "schema": map[string]any{"type": p.Type}})
		}
		if params != nil {
			op["parameters"] = params
		}
		switch {
		case ep.Body != nil:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
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
		responses := map[string]any{}
		for status, body := range ep.Responses {
			r := map[string]any{"description": http.StatusText(status)}
			switch b := body.(type) {
			case nil:
			case []byte:
				r["content"] = map[string]any{"image/jpeg": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}},
					"image/png": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
			case Binary:
				r["content"] = map[string]any{b.MediaType: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
			case map[string]any:
				r["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
			default:
				r["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(body))}}
			}
			responses[strconv.Itoa(status)] = r
		}
		errs := ep.Errors
		if ep.Roles != nil {
			errs = append(slices.Clone(errs), http.StatusUnauthorized, http.StatusForbidden)
		}
		errs = append(errs, http.StatusInternalServerError)
		errRef := g.schema(reflect.TypeFor[ErrorBody]())
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
	// A sync batch's items are submissions, decoded one at a time so that one bad item
	// does not spoil the batch.
	g.components["SyncRequest"] = map[string]any{"type": "object", "additionalProperties": false, "required": []any{"inspections"},
		"properties": map[string]any{"inspections": map[string]any{"type": "array", "items": g.schema(reflect.TypeFor[inspect.Submission]())}}}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "cctvgis mobile inspection API", "version": "1",
			"description": "The phone app's API: tasks, nearby cameras, field checks (one by one or as an offline batch), photos, findings and reviews. Errors are {code, message, field}."},
		"paths": paths,
		"components": map[string]any{
			"schemas":         g.components,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}

func operationID(ep Endpoint) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(ep.Method))
	for part := range strings.SplitSeq(strings.TrimPrefix(ep.Path, APIBase), "/") {
		part = strings.Trim(part, "{}")
		for w := range strings.SplitSeq(strings.NewReplacer(".", "_", "-", "_").Replace(part), "_") {
			if w != "" {
				b.WriteString(strings.ToUpper(w[:1]) + w[1:])
			}
		}
	}
	return b.String()
}

func (s *Server) openapi(c echo.Context) error {
	s.docOnce.Do(func() { s.doc, s.docErr = json.Marshal(s.Document()) })
	if s.docErr != nil {
		return s.docErr
	}
	return c.JSONBlob(http.StatusOK, s.doc)
}
