package layerfile_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	orbjson "github.com/paulmach/orb/geojson"

	"cctvgis/data/layerfile"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// beijing is Beijing's 16 district outlines (see ../../../shared/data/README.md), from
// which the test GeoPackages were projected.
const beijing = "../../../shared/data/beijing.geojson"

// multi returns an area as a multipolygon: GDAL promoted every outline to one.
func multi(g orb.Geometry) orb.MultiPolygon {
	if p, ok := g.(orb.Polygon); ok {
		return orb.MultiPolygon{p}
	}
	m, _ := g.(orb.MultiPolygon)
	return m
}

// Beijing's outlines, projected by GDAL to CGCS2000's 3-degree zone 39 and to CGCS2000
// longitude/latitude, read back within 1 mm of every raw vertex. They are read without
// the layers' checks: twelve of them are invalid as published.
func TestReadGeoPackageBeijingOutlines(t *testing.T) {
	b, err := os.ReadFile(beijing)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is absent: the shared data folder holds Beijing's outlines", beijing)
	}
	if err != nil {
		t.Fatal(err)
	}
	raw, err := orbjson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	gk39, err := geo.CRSFromEPSG(4547)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		crs  geo.CRS
	}{{"beijing.4547.gpkg", gk39}, {"beijing.4490.gpkg", geo.CGCS2000}} {
		t.Run(tc.file, func(t *testing.T) {
			var l coverage.Layers
			rep, err := layerfile.Read(context.Background(), filepath.Join("../gpkg/testdata", tc.file), layerfile.Options{Layer: coverage.LayerDistricts}, &l)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Format != layerfile.GeoPackage || rep.CRS != tc.crs || rep.CRSFrom != "file" || len(rep.Rejections) != 0 {
				t.Errorf("read as %s in %s from %s, %d rejected; want GeoPackage in %s from the file, none rejected",
					rep.Format, rep.CRS, rep.CRSFrom, len(rep.Rejections), tc.crs)
			}
			if len(l.Districts) != len(raw.Features) {
				t.Fatalf("read %d districts, want %d", len(l.Districts), len(raw.Features))
			}
			worst := 0.0
			for i, d := range l.Districts {
				want := raw.Features[i]
				got, w := multi(d.Geometry), multi(want.Geometry)
				if d.Name != want.Properties.MustString("name") || len(got) != len(w) {
					t.Fatalf("district %d: %s of %d parts, want %s of %d", i, d.Name, len(got), want.Properties.MustString("name"), len(w))
				}
				for k, p := range got {
					for j, r := range p {
						if len(r) != len(w[k][j]) {
							t.Fatalf("%s: ring %d of part %d has %d vertices, want %d", d.Name, j, k, len(r), len(w[k][j]))
						}
						for v := range r {
							worst = max(worst, orbgeo.Distance(r[v], w[k][j][v]))
						}
					}
				}
			}
			t.Logf("%d districts, the farthest vertex %.2g m from the raw one", len(l.Districts), worst)
			if worst > 0.001 {
				t.Errorf("a vertex lies %.4f m from the raw one, want within 1 mm", worst)
			}
		})
	}
}

// --crs confirms what a GeoPackage declares, and is refused when it says otherwise.
func TestReadGeoPackageCRSFlag(t *testing.T) {
	path := "../gpkg/testdata/beijing.4547.gpkg"
	gk39, _ := geo.CRSFromEPSG(4547)
	if _, err := layerfile.Read(context.Background(), path, layerfile.Options{Layer: coverage.LayerDistricts, CRS: gk39, CRSSet: true}, &coverage.Layers{}); err != nil {
		t.Errorf("--crs epsg:4547 on a file of EPSG:4547: %v", err)
	}
	_, err := layerfile.Read(context.Background(), path, layerfile.Options{Layer: coverage.LayerDistricts, CRS: geo.CGCS2000, CRSSet: true}, &coverage.Layers{})
	if err == nil || !strings.Contains(err.Error(), "beijing.4547.gpkg declares its coordinate system") {
		t.Errorf("--crs cgcs2000 on a file of EPSG:4547: %v, want a refusal", err)
	}
}
