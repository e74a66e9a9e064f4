package data

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"cctvgis/data/embedded"
	"cctvgis/data/postgis"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// DefaultEmbeddedPath is the embedded store's file when no database is named: in the
// working folder, so that a machine with nothing installed runs the product.
const DefaultEmbeddedPath = "cctvgis.db"

// ErrStoreURL is returned for a store name that is none of the forms OpenStore accepts.
var ErrStoreURL = errors.New("data: unrecognised store")

// Mode says what a command does with a store.
type Mode uint8

const (
	// ReadOnly opens a store that must exist and is not changed: the embedded store's file
	// is opened read-only and never created.
	ReadOnly Mode = iota
	// ReadWrite opens a store for writing, creating the embedded store's file if needed.
	ReadWrite
)

// storeForms names the accepted forms of a store, for messages.
const storeForms = "a postgres:// or postgresql:// URL, libpq settings such as \"host=/tmp dbname=cctvgis\", " +
	"or file:PATH for the embedded store"

// libpqSetting matches the start of a libpq key=value connection string: one of libpq's
// keywords, then =.
var libpqSetting = regexp.MustCompile(`^\s*(host|hostaddr|port|dbname|user|password|passfile|` +
	`connect_timeout|client_encoding|options|application_name|fallback_application_name|` +
	`keepalives|sslmode|sslcert|sslkey|sslrootcert|sslpassword|sslnegotiation|sslsni|` +
	`service|servicefile|target_session_attrs|krbsrvname|gssencmode|require_auth)\s*=`)

// OpenStore opens the store that url names, for mode:
//   - a postgres:// or postgresql:// URL, or libpq key=value settings ("host=/tmp
//     dbname=x"), opens the PostGIS store;
//   - file:PATH opens the embedded store at PATH;
//   - "" opens the embedded store at DefaultEmbeddedPath.
//
// Anything else is an error wrapping ErrStoreURL that names the accepted forms. ReadOnly
// opens an embedded store read-only, and a missing one is embedded.ErrNoStore. It also
// returns a description of the store for messages, with no password in it.
func OpenStore(ctx context.Context, url string, tax *rulebook.Taxonomy, mode Mode) (coverage.LayerStore, string, error) {
	lower := strings.ToLower(url)
	var path string
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"),
		libpqSetting.MatchString(lower):
		s, err := postgis.Open(ctx, url, tax)
		if err != nil {
			return nil, "", err
		}
		return s, "PostGIS", nil
	case url == "":
		path = DefaultEmbeddedPath
	case strings.HasPrefix(url, "file:"):
		path = strings.TrimPrefix(url, "file:")
		if path == "" {
			return nil, "", fmt.Errorf("%w: file: names no file; want file:PATH", ErrStoreURL)
		}
	default:
		return nil, "", fmt.Errorf("%w %s: want %s", ErrStoreURL, quoteStore(url), storeForms)
	}
	var s *embedded.Store
	var err error
	if mode == ReadWrite {
		s, err = embedded.Open(path, tax)
	} else {
		s, err = embedded.OpenReadOnly(path, tax)
	}
	if err != nil {
		return nil, "", err
	}
	return s, "embedded store " + path, nil
}

// quoteStore quotes an unrecognised store name for a message, unless it may hold a
// password (a mistyped URL with user:password@).
func quoteStore(url string) string {
	if strings.Contains(url, "@") || strings.Contains(strings.ToLower(url), "password") {
		scheme, _, _ := strings.Cut(url, ":")
		return fmt.Sprintf("%q… (the rest not shown: it may hold a password)", scheme+":")
	}
	return fmt.Sprintf("%q", url)
}
