// Package static serves a browser app built into a file system (an embedded dist/ folder)
// under a path prefix: content types from a fixed list, strong ETags, a content security
// policy on the page, and cache policies that let a new build reach the browser while the
// content-hashed bundles are cached for good. The phone app (web/mobile) and the planners'
// and reviewers' map (web/desk) are served by it.
//
// It imports echo and the standard library only.
package static

import (
	"bytes"
	"crypto/sha256"
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

// Policy is the content security policy that keeps a page to its own origin: MapLibre
// runs its workers from blob: URLs, photo previews are blob: URLs, and the API is on the
// same server. Extra origins (a base map's tile server) are added by WithOrigins.
const Policy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
	"worker-src 'self' blob:; child-src 'self' blob:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// WithOrigins returns Policy letting the page load images and fetch from the origins too
// (each like "https://t0.tianditu.gov.cn").
func WithOrigins(origins ...string) string {
	p := Policy
	for _, o := range origins {
		p = strings.Replace(p, "img-src 'self'", "img-src 'self' "+o, 1)
		p = strings.Replace(p, "connect-src 'self'", "connect-src 'self' "+o, 1)
	}
	return p
}

// The cache policies. The page, the manifest and the service worker are revalidated on
// every load, so that a new build reaches the browser: the worker's bytes decide when a
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

// App serves one built app. It is safe for concurrent use.
type App struct {
	files  fs.FS
	prefix string
	policy string
	// etags caches each file's strong ETag, the hex SHA-256 of its bytes.
	etags sync.Map
}

// New returns an app serving files, whose root holds index.html, under prefix (which
// starts and ends with "/"), its page sent with the content security policy.
func New(files fs.FS, prefix, policy string) *App {
	return &App{files: files, prefix: prefix, policy: policy}
}

// Sub returns the folder dir of files: the build folder of an embedded file system.
func Sub(files fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(files, dir)
	if err != nil {
		// fs.Sub fails only on an invalid directory name, which is a programming error.
		panic(err)
	}
	return sub
}

// Register adds the app's routes to e: GET and HEAD under the prefix, and a redirect from
// the prefix without its slash.
func (a *App) Register(e *echo.Echo) {
	if bare := strings.TrimSuffix(a.prefix, "/"); bare != "" {
		redirect := func(c echo.Context) error {
			return c.Redirect(http.StatusMovedPermanently, a.prefix)
		}
		e.GET(bare, redirect)
		e.HEAD(bare, redirect)
	}
	e.GET(a.prefix+"*", a.serve)
	e.HEAD(a.prefix+"*", a.serve)
}

func (a *App) serve(c echo.Context) error {
	name := c.Param("*")
	if name == "" {
		name = "index.html"
	}
	ctype, known := contentTypes[path.Ext(name)]
	if !known || !fs.ValidPath(name) {
		return echo.ErrNotFound
	}
	data, err := fs.ReadFile(a.files, name)
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
	hd.Set("ETag", a.etag(name, data))
	switch {
	case name == "index.html":
		hd.Set("Cache-Control", cacheRevalidate)
		hd.Set(echo.HeaderContentSecurityPolicy, a.policy)
	case name == "sw.js":
		hd.Set("Cache-Control", cacheRevalidate)
		hd.Set("Service-Worker-Allowed", a.prefix)
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

func (a *App) etag(name string, data []byte) string {
	if t, ok := a.etags.Load(name); ok {
		return t.(string)
	}
	sum := sha256.Sum256(data)
	t := `"` + hex.EncodeToString(sum[:16]) + `"`
	a.etags.Store(name, t)
	return t
}
