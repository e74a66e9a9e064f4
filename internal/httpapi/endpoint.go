package httpapi

import (
	"github.com/labstack/echo/v4"

	"cctvgis/auth"
)

// Base is the path prefix of the versioned API.
const Base = "/api/v1"

// DefaultMaxBody is the largest request body of an endpoint that does not set MaxBody.
const DefaultMaxBody = 1 << 20

// Endpoint is one route: how the server serves it and how the OpenAPI document describes
// it, from the same values, so that the two cannot drift apart.
type Endpoint struct {
	Method, Path string
	Summary      string
	// Roles may call the route; nil means no login is needed. The handler finds the
	// caller with Caller.
	Roles  []auth.Role
	Params []Param
	// Body is the JSON request body's type (a zero value), nil for none.
	Body any
	// BodyOptional says that the body may be left out (DecodeOptionalJSON).
	BodyOptional bool
	// Form describes a multipart/form-data body.
	Form []Param
	// MaxBody is the largest request body in bytes (default DefaultMaxBody); a larger one
	// is refused with 413 before the handler reads it.
	MaxBody int64
	// Responses maps each success status to its body: a value of the JSON body's type,
	// nil for none, Image for a photo's bytes, a Binary for another media type, or
	// map[string]any for a JSON object the document does not detail.
	Responses map[int]any
	// Errors lists the error statuses the route answers besides 401/403/500.
	Errors []int
	Handle echo.HandlerFunc
}

// Binary is a response body of raw bytes of one media type, such as a vector tile.
type Binary struct{ MediaType string }

// Image is a response body of a JPEG or PNG image's bytes.
type Image struct{}

// Param is a path, query or form parameter.
type Param struct {
	In, Name, Type, Description string
	Required                    bool
	// Enum lists the values a parameter takes, when they are a closed set.
	Enum []string
}

// PathParam is a required path parameter.
func PathParam(name, typ, description string) Param {
	return Param{In: "path", Name: name, Type: typ, Description: description, Required: true}
}

// QueryParam is a query parameter.
func QueryParam(name, typ, description string, required bool) Param {
	return Param{In: "query", Name: name, Type: typ, Description: description, Required: required}
}

// EnumParam is an optional query parameter that takes one of values (or several, comma
// separated, when the description says so).
func EnumParam[T ~string](name, description string, values []T) Param {
	p := QueryParam(name, "string", description, false)
	for _, v := range values {
		p.Enum = append(p.Enum, string(v))
	}
	return p
}
