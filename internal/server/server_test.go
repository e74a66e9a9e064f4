package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"cctvgis/auth"
	"cctvgis/data"
	"cctvgis/data/pgtest"
	"cctvgis/data/rules"
	"cctvgis/inspect"
	"cctvgis/internal/server/servertest"
	"cctvgis/planner/coverage"
	"cctvgis/web/overview"
)

// now is a day Yangzhou's rules are in force.
var now = time.Date(2026, 11, 30, 10, 0, 0, 0, inspect.ChinaTime())

func square(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

const (
	east = "广陵区"
	west = "邗江区"
)

// city is two districts of Yangzhou, side by side at lon 119.40, and a hospital that
// straddles them: its outline starts in the west, its only entrance is in the east.
func city() *coverage.Layers {
	return &coverage.Layers{
		Districts: []coverage.District{
			{Name: east, Geometry: square(119.40, 32.38, 119.42, 32.40)},
			{Name: west, Geometry: square(119.38, 32.38, 119.40, 32.40)},
		},
		Sites:     []coverage.Site{{ID: "hospital", Category: "medical", Name: "苏北医院", Geometry: square(119.399, 32.389, 119.402, 32.391)}},
		Entrances: []coverage.Entrance{{SiteID: "hospital", Pos: orb.Point{119.4015, 32.389}, Kind: "main"}},
		Cameras: []coverage.Camera{
			{ID: "cam-w", Pos: orb.Point{119.39, 32.39}, Azimuth: 0, HFOV: 90, Range: 30, Owner: "公安局", Investment: coverage.Government},
		},
	}
}

func users() []servertest.User {
	return []servertest.User{{Name: "planner", Role: auth.RolePlanner}, {Name: "insp-east", Role: auth.RoleInspector, District: east},
		{Name: "insp-west", Role: auth.RoleInspector, District: west}, {Name: "planner-west", Role: auth.RolePlanner, District: west}}
}

// A site across a district boundary has one district everywhere: the map's tile, the
// list of gaps and the access checks all put the hospital in the district of its
// entrance.
func TestASiteAcrossADistrictBoundaryHasOneDistrict(t *testing.T) {
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		h := servertest.Start(t, url, servertest.Options{Rules: "yangzhou", Layers: city(), Start: now, Users: users()})
		var gaps overview.GapList
		h.JSON(h.Do("GET", "/api/v1/city/gaps?district="+east, "planner", nil), 200, &gaps)
		if len(gaps.Gaps) != 1 || gaps.Gaps[0].SiteID != "hospital" || gaps.Gaps[0].District != east {
			t.Errorf("the east's gaps %+v, want the hospital", gaps.Gaps)
		}
		h.JSON(h.Do("GET", "/api/v1/city/gaps", "planner-west", nil), 200, &gaps)
		if len(gaps.Gaps) != 0 {
			t.Errorf("a planner of the west sees the gaps %+v", gaps.Gaps)
		}
		if got := siteDistrict(t, h, orb.Point{119.4005, 32.39}); got != east {
			t.Errorf("the map's tile puts the hospital in %q", got)
		}
		check := map[string]any{"id": "00000000-0000-4000-8000-000000000001", "site_id": "hospital",
			"position": map[string]any{"lat": 32.389, "lon": 119.4015, "accuracy_m": 5}, "observed_at": now.Add(-time.Hour).Format(time.RFC3339)}
		h.WantError(h.Do("POST", "/api/v1/inspections", "insp-west", check), 404, "not_found", "site_id")
		var rec struct {
			Inspection inspect.Inspection `json:"inspection"`
		}
		h.JSON(h.Do("POST", "/api/v1/inspections", "insp-east", check), 201, &rec)
		if rec.Inspection.District != east {
			t.Errorf("the check of the hospital is filed under %q", rec.Inspection.District)
		}
	})
}

// siteDistrict is the district the sites layer of p's tile gives the site there.
func siteDistrict(t *testing.T, h *servertest.Harness, p orb.Point) string {
	t.Helper()
	tile := maptile.At(p, 16)
	r := h.Do("GET", fmt.Sprintf("/api/v1/tiles/16/%d/%d.pbf", tile.X, tile.Y), "planner", nil)
	h.JSON(r, 200, nil)
	layers, err := mvt.UnmarshalGzipped(r.Body)
	if err != nil {
		if layers, err = mvt.Unmarshal(r.Body); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range layers {
		if l.Name == "sites" && len(l.Features) == 1 {
			d, _ := l.Features[0].Properties["district"].(string)
			return d
		}
	}
	t.Fatal("no site in the tile")
	return ""
}

// A change written to the store by someone else, another process or an import, reaches
// the running server within two seconds: its camera answers, and /city counts it.
func TestAServerSeesAnotherWriter(t *testing.T) {
	pgtest.OnStores(t, func(t *testing.T, url string) {
		t.Helper()
		h := servertest.Start(t, url, servertest.Options{Rules: "yangzhou", Layers: city(), Start: now, Users: users()})
		var writer coverage.LayerStore = h.Store
		if strings.HasPrefix(url, "postgres") {
			// Another process: a store of its own on the same database.
			lib, err := rules.Builtin()
			if err != nil {
				t.Fatal(err)
			}
			other, _, err := data.OpenStore(t.Context(), url, lib.Taxonomy, data.ReadWrite)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = other.Close() })
			writer = other
		}
		h.WantError(h.Do("GET", "/api/v1/cameras/cam-new", "planner", nil), 404, "not_found", "id")
		added := &coverage.Layers{Cameras: []coverage.Camera{{ID: "cam-new", Pos: orb.Point{119.41, 32.39}, Azimuth: 90, HFOV: 60,
			Range: 40, Owner: "公安局", Investment: coverage.Government}}}
		if _, err := writer.PutLayers(t.Context(), added); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(2 * time.Second)
		for h.Do("GET", "/api/v1/cameras/cam-new", "planner", nil).Status != 200 {
			if time.Now().After(deadline) {
				t.Fatal("the server does not see the camera 2 s after it was written")
			}
			time.Sleep(20 * time.Millisecond)
		}
		var c overview.CityView
		h.JSON(h.Do("GET", "/api/v1/city", "planner", nil), 200, &c)
		if c.Summary.Cameras != 2 {
			t.Errorf("/city counts %d cameras", c.Summary.Cameras)
		}
	})
}

// Every route the server answers under the API is in its OpenAPI document, and every path
// of the document is served.
func TestDocumentMatchesTheRoutes(t *testing.T) {
	h := servertest.Start(t, servertest.EmbeddedURL(t), servertest.Options{Rules: "yangzhou", Layers: city(), Start: now})
	var documented []string
	for path, item := range h.Spec.Doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	var served []string
	for _, r := range h.Server.Handler().(*echo.Echo).Routes() {
		if !strings.HasPrefix(r.Path, "/api/") && !slices.Contains([]string{"/healthz", "/readyz", "/metrics"}, r.Path) {
			continue
		}
		p := r.Path
		for part := range strings.SplitSeq(p, "/") {
			if strings.HasPrefix(part, ":") {
				p = strings.Replace(p, part, "{"+part[1:]+"}", 1)
			}
		}
		served = append(served, r.Method+" "+p)
	}
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Errorf("documented %v\nserved %v", documented, served)
	}
	if len(served) < 35 {
		t.Errorf("only %d routes served", len(served))
	}
}

// The framework knows no route package, and no route package knows another: each mounts
// its routes through the framework, and only the server puts them together.
func TestRoutePackagesArePeers(t *testing.T) {
	routes := []string{"cctvgis/mobileapi", "cctvgis/web/plans", "cctvgis/web/overview", "cctvgis/web/tiles", "cctvgis/web/background", "cctvgis/web/imports",
		"cctvgis/web/desk", "cctvgis/web/mobile"}
	for _, pkg := range append([]string{"cctvgis/internal/httpapi"}, routes...) {
		out, err := exec.CommandContext(context.Background(), "go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for dep := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
			if dep != pkg && (slices.Contains(routes, dep) || strings.HasPrefix(dep, "cctvgis/web/") && dep != "cctvgis/web/static") {
				t.Errorf("%s depends on the route package %s", pkg, dep)
			}
		}
	}
}

// No answer or request body of the API is a domain type: each is a view, so that a field
// of the domain can be renamed without changing what clients read and send. A domain
// type may appear only where it encodes itself as a string (an enum, a date).
func TestTheAPIShowsViewsNotTheDomain(t *testing.T) {
	h := servertest.Start(t, servertest.EmbeddedURL(t), servertest.Options{Rules: "yangzhou", Layers: city(), Start: now})
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string) []string
	walk = func(ty reflect.Type, path string) []string {
		if seen[ty] {
			return nil
		}
		seen[ty] = true
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			return walk(ty.Elem(), path+"[]")
		case reflect.Struct:
			if isDomain(ty.PkgPath()) && !ty.Implements(reflect.TypeFor[json.Marshaler]()) {
				return []string{path + ": " + ty.String()}
			}
			var out []string
			for i := range ty.NumField() {
				if f := ty.Field(i); f.IsExported() {
					out = append(out, walk(f.Type, path+"."+f.Name)...)
				}
			}
			return out
		}
		return nil
	}
	var found []string
	for _, ep := range h.Server.API().Endpoints() {
		what := ep.Method + " " + ep.Path
		if ep.Body != nil {
			found = append(found, walk(reflect.TypeOf(ep.Body), what+" body")...)
		}
		for status, body := range ep.Responses {
			if body != nil {
				found = append(found, walk(reflect.TypeOf(body), fmt.Sprintf("%s %d", what, status))...)
			}
		}
	}
	slices.Sort(found)
	for _, f := range found {
		t.Error(f)
	}
}

// isDomain reports whether a package is of the domain.
func isDomain(pkg string) bool { return slices.Contains(domainPackages, pkg) }

// domainPackages are the packages of the domain: what the product knows of rules, places,
// plans, checks and users, apart from any format, store or framework.
var domainPackages = []string{"cctvgis/planner/rulebook", "cctvgis/planner/coverage", "cctvgis/planner/plan", "cctvgis/inspect",
	"cctvgis/internal/audit", "cctvgis/auth", "cctvgis/geo"}

// The domain knows no store, framework or file format: none of its packages imports data,
// pgx, echo or orb's GeoJSON, and none of its types carries a JSON name (views and records
// do).
func TestTheDomainKnowsNoFormat(t *testing.T) {
	banned := []string{"cctvgis/data", "github.com/jackc/pgx", "github.com/labstack/echo", "github.com/paulmach/orb/geojson", "go.etcd.io/bbolt"}
	for _, pkg := range domainPackages {
		out, err := exec.CommandContext(t.Context(), "go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for dep := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
			for _, b := range banned {
				if dep == b || strings.HasPrefix(dep, b+"/") {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
		dir, err := exec.CommandContext(t.Context(), "go", "list", "-f", "{{.Dir}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		files, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(dir)), "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			for _, tag := range jsonTags(t, f) {
				t.Errorf("%s: a domain type has the JSON name %s", tag.at, tag.tag)
			}
		}
	}
}

type foundTag struct{ at, tag string }

// jsonTags finds the struct fields of a Go file that have a json tag.
func jsonTags(t *testing.T, file string) []foundTag {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []foundTag
	ast.Inspect(f, func(n ast.Node) bool {
		if field, ok := n.(*ast.Field); ok && field.Tag != nil {
			tag, _ := strconv.Unquote(field.Tag.Value)
			if _, ok := reflect.StructTag(tag).Lookup("json"); ok {
				out = append(out, foundTag{at: fset.Position(field.Pos()).String(), tag: tag})
			}
		}
		return true
	})
	return out
}
