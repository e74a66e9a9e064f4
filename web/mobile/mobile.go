package mobile

import (
	"embed"

	"github.com/labstack/echo/v4"

	"cctvgis/web/static"
)

// Prefix is the path the app is served under; the service worker's scope.
const Prefix = "/m/"

//go:embed all:dist
var dist embed.FS

// Register adds the phone app's routes to e: GET and HEAD /m/… from the embedded build.
func Register(e *echo.Echo) {
	static.New(static.Sub(dist, "dist"), Prefix, static.Policy).Register(e)
}
