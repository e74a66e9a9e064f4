// Package imports is the web import of layer files under /api/v1/imports: a planner or an
// admin uploads a file (any format data/layerfile reads), sees what it holds before
// anything is written — its format, coordinate system, column mapping, rejections and
// first features — changes how it is read, and confirms, which writes the layer in one
// transaction and refreshes the server's city; or cancels.
//
// An upload waits in a folder of its own under Config.Dir, named by a random id and owned
// by the user who sent it (another user's id is not found), until it is confirmed,
// cancelled or expired (Config.TTL). The folder holds all there is of it, so several
// processes sharing Config.Dir serve it alike. Layers are the whole city's: features are
// written by id over those of every district, so a user of one district may not import.
//
// It mounts its routes through internal/httpapi and imports data/layerfile (the one
// reader of layer files, which the import command goes through too; data/table,
// data/gpkg and data/xlsx for the errors an option mends), planner and auth; it must not import a store
// or another route package.
package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"cctvgis/auth"
	"cctvgis/data/layerfile"
	"cctvgis/geo"
	"cctvgis/internal/httpapi"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// Writer writes layers into the store: coverage.LayerStore's PutLayers.
type Writer interface {
	PutLayers(ctx context.Context, l *coverage.Layers) (map[string]int, error)
}

// Deps are what the import routes work on.
type Deps struct {
	Store    Writer
	Taxonomy *rulebook.Taxonomy
	// Refresh brings the server's city up to the store's version after a write.
	Refresh func(ctx context.Context) error
	// City returns the server's current city.
	City func() *coverage.City
	Now  func() time.Time
	Log  *slog.Logger
}

// DefaultMaxFile is the largest file accepted unless Config.MaxFile says otherwise.
const DefaultMaxFile = 200 << 20

// Config are the import routes' limits. The zero value of a field means its default.
type Config struct {
	// Dir holds the uploads, a folder each (default cctvgis-imports in the system's
	// temporary folder). Processes behind one load balancer share one.
	Dir string
	// MaxFile is the largest file accepted, in bytes (default DefaultMaxFile).
	MaxFile int64
	// TTL is how long an upload waits for its confirmation (default 2 h).
	TTL time.Duration
	// PerUser is how many uploads a user may have waiting at once (default 4).
	PerUser int
	// PreviewFeatures is how many features a preview shows (default
	// DefaultPreviewFeatures).
	PreviewFeatures int
}

// Handlers serve the import routes.
type Handlers struct {
	Deps
	cfg Config
}

// New returns the import routes.
func New(d Deps, cfg Config) (*Handlers, error) {
	if d.Store == nil || d.Taxonomy == nil || d.Refresh == nil || d.City == nil {
		return nil, errors.New("imports: Store, Taxonomy, Refresh and City are required")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Dir == "" {
		cfg.Dir = filepath.Join(os.TempDir(), "cctvgis-imports")
	}
	if cfg.MaxFile <= 0 {
		cfg.MaxFile = DefaultMaxFile
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 2 * time.Hour
	}
	if cfg.PerUser <= 0 {
		cfg.PerUser = 4
	}
	if cfg.PreviewFeatures <= 0 {
		cfg.PreviewFeatures = DefaultPreviewFeatures
	}
	return &Handlers{Deps: d, cfg: cfg}, nil
}

// importers may import: layers are the planners' and the admins'.
var importers = []auth.Role{auth.RolePlanner, auth.RoleAdmin}

// uploadTime is how long an upload may take to arrive and be read, and a confirmation
// to read, write and refresh the city.
const uploadTime = 30 * time.Minute

// longer gives the request uploadTime: the server's timeouts are for requests of a few
// kilobytes, and a large file on a slow line takes longer to arrive and be read.
func longer(c echo.Context) {
	rc := http.NewResponseController(c.Response())
	_ = rc.SetReadDeadline(time.Now().Add(uploadTime))
	_ = rc.SetWriteDeadline(time.Now().Add(uploadTime))
}

// multipartSlack is what an upload may carry besides the file: boundaries, part headers,
// the layer and the coordinate system.
const multipartSlack = 64 << 10

// Register mounts the import routes on api.
func (h *Handlers) Register(api *httpapi.API) error {
	base := httpapi.Base + "/imports"
	id := httpapi.PathParam("id", "string", "import id")
	return api.Mount(
		httpapi.Endpoint{Method: "GET", Path: base + "/options", Summary: "What an import offers: the layers, the coordinate systems by name and the largest file accepted.",
			Roles: importers, Responses: map[int]any{200: Setup{}}, Handle: h.setup},
		httpapi.Endpoint{Method: "POST", Path: base, Summary: "Upload a layer file (GeoJSON, CSV, OpenStreetMap, and every other format the import command reads) and answer its preview; nothing is written before POST /imports/{id}/confirm. The upload is the caller's, and is removed when confirmed, cancelled or expired.",
			Roles: importers, Form: []httpapi.Param{
				{In: "form", Name: "file", Type: "binary", Description: "the layer file", Required: true},
				{In: "form", Name: "layer", Type: "string", Description: "the layer it holds: " + strings.Join(coverage.LayerNames(), ", ") + ", or all (OpenStreetMap)", Required: true},
				{In: "form", Name: "crs", Type: "string", Description: "the coordinate system of its positions, when the file does not say (" + geo.CRSNames + ")"}},
			MaxBody:   h.cfg.MaxFile + multipartSlack,
			Responses: map[int]any{201: Preview{}}, Errors: []int{400, 409, 415, 422}, Handle: h.create},
		httpapi.Endpoint{Method: "GET", Path: base + "/{id}", Summary: "The preview of an upload: format, coordinate system, column mapping, counts, rejections, notes and the first features.",
			Roles: importers, Params: []httpapi.Param{id}, Responses: map[int]any{200: Preview{}}, Errors: []int{404}, Handle: h.get},
		httpapi.Endpoint{Method: "PUT", Path: base + "/{id}", Summary: "Read the upload again with other options (layer, coordinate system, column mapping, GeoPackage table, Excel sheet, repair of outlines) and answer its preview.",
			Roles: importers, Params: []httpapi.Param{id}, Body: Options{}, Responses: map[int]any{200: Preview{}},
			Errors: []int{400, 404, 422}, Handle: h.put},
		httpapi.Endpoint{Method: "POST", Path: base + "/{id}/confirm", Summary: "Write the upload's layer in one transaction, as previewed, and refresh the city; the upload is removed. A file with rejected features needs skip_invalid.",
			Roles: importers, Params: []httpapi.Param{id}, Body: ConfirmRequest{}, BodyOptional: true,
			Responses: map[int]any{200: Result{}}, Errors: []int{400, 404, 409, 422}, Handle: h.confirm},
		httpapi.Endpoint{Method: "DELETE", Path: base + "/{id}", Summary: "Cancel an upload: its file is removed, nothing is written.",
			Roles: importers, Params: []httpapi.Param{id}, Responses: map[int]any{204: nil}, Errors: []int{404}, Handle: h.cancel},
	)
}

// importer is the caller when they may import: a user of one district may not.
func importer(c echo.Context) (auth.User, error) {
	u := httpapi.Caller(c)
	if u.District != "" {
		return u, httpapi.Error(http.StatusForbidden, httpapi.CodeForbidden, "",
			"layers are the whole city's: a user of one district may not import them", nil)
	}
	return u, nil
}

// own reads the upload of the request's id when it is the caller's and has not expired:
// anyone else's, like none, is not found.
func (h *Handlers) own(c echo.Context) (*upload, error) {
	u, err := importer(c)
	if err != nil {
		return nil, err
	}
	up, err := loadUpload(h.cfg.Dir, c.Param("id"))
	if errors.Is(err, errNoUpload) || err == nil && (up.rec.Owner != u.ID || up.expired(h.Now(), h.cfg.TTL)) {
		return nil, httpapi.NotFound("id")
	}
	return up, err
}

func (h *Handlers) setup(c echo.Context) error {
	s := Setup{Layers: append(coverage.LayerNames(), "all"), CRSNames: geo.CRSNames, MaxBytes: h.cfg.MaxFile}
	for _, crs := range geo.NamedCRS() {
		s.CRS = append(s.CRS, crs.String())
	}
	return c.JSON(http.StatusOK, s)
}

func (h *Handlers) create(c echo.Context) error {
	u, err := importer(c)
	if err != nil {
		return err
	}
	mt, params, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return httpapi.Malformed("", "send the file as multipart/form-data with the parts layer and file")
	}
	if err := h.sweepFor(u.ID); err != nil {
		return err
	}
	longer(c)
	// Outlines are repaired unless the user says otherwise: a bureau's published outlines
	// are often invalid, and each repair is listed for the user to see before confirming.
	rec := record{Owner: u.ID, Created: h.Now(), Repair: true}
	up, err := h.receive(multipart.NewReader(c.Request().Body, params["boundary"]), &rec)
	if err != nil {
		return err
	}
	p, err := h.previewNew(c.Request().Context(), up, rec)
	if err != nil {
		_ = up.remove()
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

// previewNew checks and keeps a new upload's record, and answers its preview.
func (h *Handlers) previewNew(ctx context.Context, up *upload, rec record) (Preview, error) {
	if err := checkOptions(rec.Layer, rec.CRS); err != nil {
		return Preview{}, err
	}
	up.rec = rec
	if err := up.save(); err != nil {
		return Preview{}, err
	}
	return h.keepPreview(ctx, up)
}

// receive reads an upload's parts: the layer and coordinate system into rec, the file
// into a new upload's folder, bounded by Config.MaxFile. On error nothing is kept.
func (h *Handlers) receive(mr *multipart.Reader, rec *record) (up *upload, err error) {
	defer func() {
		if err != nil && up != nil {
			_ = up.remove()
			up = nil
		}
	}()
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			if up == nil {
				return nil, httpapi.Malformed("file", "the part file is missing")
			}
			return up, nil
		case errors.As(err, &mbe):
			return up, h.tooLarge()
		case err != nil:
			return up, httpapi.Malformed("", "the multipart body could not be read")
		}
		switch part.FormName() {
		case "layer", "crs":
			v, err := io.ReadAll(io.LimitReader(part, 256))
			if errors.As(err, &mbe) {
				return up, h.tooLarge()
			}
			if err != nil {
				return up, httpapi.Malformed(part.FormName(), "the part could not be read")
			}
			if part.FormName() == "layer" {
				rec.Layer = strings.TrimSpace(string(v))
			} else {
				rec.CRS = strings.TrimSpace(string(v))
			}
		case "file":
			if up != nil {
				return up, httpapi.Malformed("file", "send one file")
			}
			rec.Name, rec.Ext = displayName(part.FileName()), extension(part.FileName())
			if _, err := layerfile.Detect(rec.Name); err != nil || rec.Ext == "" {
				return nil, httpapi.Error(http.StatusUnsupportedMediaType, httpapi.CodeUnsupported, "file", unknownFormat(rec.Name, err), err)
			}
			if up, err = newUpload(h.cfg.Dir, *rec); err != nil {
				return nil, err
			}
			if rec.Bytes, err = h.keepFile(up, part); err != nil {
				return up, err
			}
		default:
			return up, httpapi.Error(http.StatusBadRequest, httpapi.CodeUnknownField, part.FormName(),
				fmt.Sprintf("unknown part %q: send file, layer and crs", part.FormName()), nil)
		}
	}
}

// unknownFormat is the message for a file whose format is not read.
func unknownFormat(name string, err error) string {
	var fe *layerfile.FormatError
	if errors.As(err, &fe) {
		return fe.Reason
	}
	return name + ": unknown format"
}

// keepFile writes the file part into the upload's folder, and says how long it was; a
// file above Config.MaxFile is refused.
func (h *Handlers) keepFile(up *upload, part io.Reader) (int64, error) {
	f, err := os.OpenFile(up.path(), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, fmt.Errorf("keeping an upload: %w", err)
	}
	n, err := io.Copy(f, io.LimitReader(part, h.cfg.MaxFile+1))
	cerr := f.Close()
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || err == nil && n > h.cfg.MaxFile:
		return 0, h.tooLarge()
	case err != nil:
		return 0, httpapi.Malformed("file", "the file could not be received whole")
	case cerr != nil:
		return 0, fmt.Errorf("keeping an upload: %w", cerr)
	}
	return n, nil
}

// tooLarge is the answer to a file above the limit.
func (h *Handlers) tooLarge() error {
	return httpapi.TooLarge("file", fmt.Sprintf("the file is larger than %d MB, the most an import takes", h.cfg.MaxFile>>20))
}

// checkOptions checks the layer and coordinate system an upload is to be read with.
func checkOptions(layer, crs string) error {
	if layer != "all" && !slices.Contains(coverage.LayerNames(), layer) {
		return httpapi.Invalid("layer", fmt.Sprintf("%q is not one of %s, all", layer, strings.Join(coverage.LayerNames(), ", ")))
	}
	if crs != "" {
		if _, err := geo.ParseCRS(crs); err != nil {
			return httpapi.Invalid("crs", fmt.Sprintf("%q is not a coordinate system cctvgis reads (%s)", crs, geo.CRSNames))
		}
	}
	return nil
}

// keepPreview reads the upload and keeps its preview for GET. A file that cannot be read
// is a 400 naming the reason.
func (h *Handlers) keepPreview(ctx context.Context, up *upload) (Preview, error) {
	p, err := h.preview(ctx, up)
	if err != nil {
		return Preview{}, h.unreadable(ctx, up, err)
	}
	if err := writeJSON(filepath.Join(up.dir, previewName), p); err != nil {
		return Preview{}, err
	}
	return p, nil
}

// unreadable is the answer to a read that failed: a request cut short stays what it is,
// anything else is the file's fault, a 400 with the reader's reason.
func (h *Handlers) unreadable(ctx context.Context, up *upload, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return httpapi.Error(http.StatusBadRequest, httpapi.CodeMalformed, "file", up.userText(err.Error()), err)
}

func (h *Handlers) get(c echo.Context) error {
	up, err := h.own(c)
	if err != nil {
		return err
	}
	longer(c)
	b, err := os.ReadFile(filepath.Join(up.dir, previewName))
	if err == nil {
		return c.JSONBlob(http.StatusOK, b)
	}
	p, err := h.keepPreview(c.Request().Context(), up)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// maxMapping bounds a column mapping: no layer has as many fields.
const maxMapping = 64

// maxName bounds the name of a table or a sheet.
const maxName = 256

func (h *Handlers) put(c echo.Context) error {
	up, err := h.own(c)
	if err != nil {
		return err
	}
	longer(c)
	var o Options
	if err := httpapi.DecodeJSON(c, &o); err != nil {
		return err
	}
	if err := checkOptions(o.Layer, o.CRS); err != nil {
		return err
	}
	if len(o.Mapping) > maxMapping {
		return httpapi.Invalid("mapping", fmt.Sprintf("%d fields mapped; no layer has more than %d", len(o.Mapping), maxMapping))
	}
	if len(o.Table) > maxName {
		return httpapi.Invalid("table", fmt.Sprintf("longer than %d bytes", maxName))
	}
	if len(o.Sheet) > maxName {
		return httpapi.Invalid("sheet", fmt.Sprintf("longer than %d bytes", maxName))
	}
	if o.RepairForce && !o.Repair {
		return httpapi.Invalid("repair_force", "keeps the repairs of repair, which is off")
	}
	up.rec.Layer, up.rec.CRS, up.rec.Map, up.rec.Repair, up.rec.RepairForce = o.Layer, o.CRS, nil, o.Repair, o.RepairForce
	up.rec.Table, up.rec.Sheet = strings.TrimSpace(o.Table), strings.TrimSpace(o.Sheet)
	if len(o.Mapping) > 0 {
		up.rec.Map = o.Mapping
	}
	if err := up.save(); err != nil {
		return err
	}
	p, err := h.keepPreview(c.Request().Context(), up)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (h *Handlers) confirm(c echo.Context) error {
	up, err := h.own(c)
	if err != nil {
		return err
	}
	longer(c)
	var req ConfirmRequest
	if err := httpapi.DecodeOptionalJSON(c, &req); err != nil {
		return err
	}
	locked, err := up.lock()
	if err != nil {
		return err
	}
	if !locked {
		return httpapi.Error(http.StatusConflict, httpapi.CodeConflict, "", "this import is being confirmed already", nil)
	}
	written := false
	defer func() {
		if !written {
			_ = up.unlock()
		}
	}()
	ctx := c.Request().Context()
	res, err := h.write(ctx, up, req.SkipInvalid)
	if err != nil {
		return err
	}
	written = true
	if err := up.remove(); err != nil {
		h.Log.WarnContext(ctx, "removing a confirmed import", "err", err)
	}
	// The write is committed; a city that cannot be refreshed now is refreshed by the
	// server's next poll of the store's version.
	if err := h.Refresh(ctx); err != nil {
		h.Log.ErrorContext(ctx, "refreshing the city after an import", "err", err)
	}
	res.Version = h.City().Version
	return c.JSON(http.StatusOK, res)
}

// write reads the upload as previewed, screens it (coverage.Screen, as the import command
// does) and writes it in one transaction.
func (h *Handlers) write(ctx context.Context, up *upload, skip bool) (Result, error) {
	out, err := h.read(ctx, up)
	if err != nil {
		if prob, _, ok := problemOf(err, up); ok {
			return Result{}, httpapi.Error(http.StatusUnprocessableEntity, httpapi.CodeInvalid, prob.Field, prob.Message, err)
		}
		return Result{}, h.unreadable(ctx, up, err)
	}
	l, rej, err := coverage.Screen(out.layers, out.rejections, skip)
	var re *coverage.RejectedError
	if errors.As(err, &re) {
		first := re.First
		first.File = up.rec.Name
		return Result{}, httpapi.Error(http.StatusUnprocessableEntity, httpapi.CodeInvalid, "skip_invalid",
			fmt.Sprintf("%d features are rejected, the first: %v; confirm with skip_invalid to import the others", re.Count, first), nil)
	}
	if err != nil {
		return Result{}, err
	}
	counts, err := h.Store.PutLayers(ctx, l)
	if errors.Is(err, rulebook.ErrInvalid) {
		return Result{}, httpapi.Error(http.StatusUnprocessableEntity, httpapi.CodeInvalid, "",
			"the store refused the features: an entrance names a site that is not stored, or a value is out of its range", err)
	}
	if err != nil {
		return Result{}, fmt.Errorf("writing import %s: %w", up.id, err)
	}
	res := Result{Written: map[string]int{}, Skipped: len(rej)}
	for layer, n := range counts {
		if n > 0 {
			res.Written[layer] = n
		}
	}
	return res, nil
}

func (h *Handlers) cancel(c echo.Context) error {
	up, err := h.own(c)
	if err != nil {
		return err
	}
	if err := up.remove(); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// sweepFor removes the expired uploads and refuses a new one from a user who has
// Config.PerUser waiting.
func (h *Handlers) sweepFor(user string) error {
	if _, err := h.Sweep(); err != nil {
		return err
	}
	all, err := uploads(h.cfg.Dir, h.Now(), h.cfg.TTL)
	if err != nil {
		return err
	}
	n := 0
	for _, up := range all {
		if up.rec.Owner == user {
			n++
		}
	}
	if n >= h.cfg.PerUser {
		return httpapi.Error(http.StatusConflict, httpapi.CodeConflict, "",
			fmt.Sprintf("you have %d imports waiting: confirm or cancel one first", n), nil)
	}
	return nil
}

// Sweep removes the uploads that waited longer than Config.TTL, and says how many; the
// server calls it every hour, and each new upload first.
func (h *Handlers) Sweep() (int, error) {
	all, err := uploads(h.cfg.Dir, h.Now(), h.cfg.TTL)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, up := range all {
		if up.expired(h.Now(), h.cfg.TTL) {
			if err := up.remove(); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
