package mobile

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// Prefix is the path the app is served under; the service worker's scope.
const Prefix = "/m/"

//go:embed all:dist
var dist embed.FS

// Register adds the phone app's routes to e: GET and HEAD /m/… from the embedded build.
func Register(e *echo.Echo) {
	// fs.Sub fails only on an invalid directory name, and "dist" is valid.
	files, _ := fs.Sub(dist, "dist")
	New(files).Register(e)
}

// Handler serves a built app from a file system whose root holds index.html.
type Handler struct {
	files fs.FS
	// etags caches each file's strong ETag, the hex SHA-256 of its bytes.
	etags sync.Map
}

// New returns a handler serving files.
func New(files fs.FS) *Handler {
	return &Handler{files: files}
}

// Register adds the handler's routes to e.
func (h *Handler) Register(e *echo.Echo) {
	redirect := func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, Prefix)
	}
	e.GET(strings.TrimSuffix(Prefix, "/"), redirect)
	e.HEAD(strings.TrimSuffix(Prefix, "/"), redirect)
	e.GET(Prefix+"*", h.serve)
	e.HEAD(Prefix+"*", h.serve)
}

// contentPolicy keeps the page to its own origin: MapLibre runs its workers from blob:
// URLs, photo previews are blob: URLs, and the API is on the same server.
const contentPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
	"worker-src 'self' blob:; child-src 'self' blob:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// The cache policies. The page, the manifest and the service worker are revalidated on
// every load, so that a new build reaches the phones: the worker's bytes decide when the
// cached shell is replaced. The bundles carry their content hash in their names and never
// change.
const (
	cacheRevalidate = "no-cache"
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheDay        = "public, max-age=86400"
)

var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".png":         "image/png",
	".svg":         "image/svg+xml",
	".txt":         "text/plain; charset=utf-8",
}

func (h *Handler) serve(c echo.Context) error {
	name := c.Param("*")
	if name == "" {
		name = "index.html"
	}
	ctype, known := contentTypes[path.Ext(name)]
	if !known || !fs.ValidPath(name) {
		return echo.ErrNotFound
	}
	data, err := fs.ReadFile(h.files, name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, ctype)
	hd.Set(echo.HeaderXContentTypeOptions, "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("ETag", h.etag(name, data))
	switch {
	case name == "index.html":
		hd.Set("Cache-Control", cacheRevalidate)
		hd.Set(echo.HeaderContentSecurityPolicy, contentPolicy)
	case name == "sw.js":
		hd.Set("Cache-Control", cacheRevalidate)
		hd.Set("Service-Worker-Allowed", Prefix)
	case name == "manifest.webmanifest":
		hd.Set("Cache-Control", cacheRevalidate)
	case strings.HasPrefix(name, "assets/"):
		hd.Set("Cache-Control", cacheImmutable)
	default:
		hd.Set("Cache-Control", cacheDay)
	}
	// ServeContent answers 304 to a matching If-None-Match, HEAD and ranges.
	http.ServeContent(c.Response(), c.Request(), name, time.Time{}, bytes.NewReader(data))
	return nil
}

func (h *Handler) etag(name string, data []byte) string {
	if t, ok := h.etags.Load(name); ok {
		return t.(string)
	}
	sum := sha256.Sum256(data)
	t := `"` + hex.EncodeToString(sum[:16]) + `"`
	h.etags.Store(name, t)
	return t
}
