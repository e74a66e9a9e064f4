package data

import (
	"context"
	"strings"

	"cctvgis/data/embedded"
	"cctvgis/data/postgis"
	"cctvgis/planner"
)

// DefaultEmbeddedPath is the embedded store's file when no database is named: in the
// working folder, so that a machine with nothing installed runs the product.
const DefaultEmbeddedPath = "cctvgis.db"

// OpenStore opens the store that url names: a postgres:// or postgresql:// URL opens the
// PostGIS store; file:PATH opens the embedded store at PATH; "" opens the embedded store
// at DefaultEmbeddedPath. It also returns a description of the store for messages, with
// no password in it.
func OpenStore(ctx context.Context, url string, tax *planner.Taxonomy) (planner.LayerStore, string, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s, err := postgis.Open(ctx, url, tax)
		if err != nil {
			return nil, "", err
		}
		return s, "PostGIS", nil
	case url == "":
		url = "file:" + DefaultEmbeddedPath
	}
	path := strings.TrimPrefix(url, "file:")
	s, err := embedded.Open(path, tax)
	if err != nil {
		return nil, "", err
	}
	return s, "embedded store " + path, nil
}
