// Package desk serves the planners', reviewers' and supervisors' browser app at the
// server's root: the city map with its analysis, plans drafted and reviewed on the map,
// a plan's printable page, and the inspection findings. The app is built with esbuild
// from app/ into dist/, which is committed and embedded, so that running the server needs
// neither Node nor the internet.
//
// It imports web/static; everything the app shows comes from the API.
package desk

import (
	"embed"
	"net/url"

	"github.com/labstack/echo/v4"

	"cctvgis/web/static"
)

//go:embed all:dist
var dist embed.FS

// Register returns the function that adds the app's routes to an echo server: GET and
// HEAD / and its assets. basemap is the raster base map's tile URL template, or ""; its
// origin is let through the page's content security policy.
func Register(basemap string) func(*echo.Echo) {
	policy := static.Policy
	if u, err := url.Parse(basemap); basemap != "" && err == nil && u.Host != "" {
		policy = static.WithOrigins(u.Scheme + "://" + u.Host)
	}
	app := static.New(static.Sub(dist, "dist"), "/", policy)
	return app.Register
}
