package geojson_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cctvgis/internal/testenv"
	"cctvgis/planner/coverage"

	"cctvgis/data/geojson"
	"cctvgis/data/samplecity"
	"cctvgis/geo"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// collection wraps features, given as JSON text, in a FeatureCollection.
func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

// validFeatures holds one readable feature of each layer.
var validFeatures = map[string]string{
	coverage.LayerSites: `{"type":"Feature","geometry":{"type":"Point","coordinates":[119.4,32.4]},
		"properties":{"id":"s1","category":"hotel"}}`,
	coverage.LayerEntrances: `{"type":"Feature","geometry":{"type":"Point","coordinates":[119.4,32.4]},
		"properties":{"site_id":"s1"}}`,
	coverage.LayerCameras: `{"type":"Feature","geometry":{"type":"Point","coordinates":[119.4,32.4]},
		"properties":{"id":"c1","azimuth":90,"hfov":60,"range":50,"owner":"公安局","investment":"government"}}`,
	coverage.LayerRoads: `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[119.4,32.4],[119.41,32.4]]},
		"properties":{"id":"r1","class":"arterial_road"}}`,
	coverage.LayerOccluders: `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[119.4,32.4],[119.41,32.4],[119.41,32.41],[119.4,32.4]]]},
		"properties":{}}`,
	coverage.LayerPrivateSpaces: `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[119.4,32.4],[119.41,32.4],[119.41,32.41],[119.4,32.4]]]},
		"properties":{"space":"toilet"}}`,
	coverage.LayerDistricts: `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[119.4,32.4],[119.41,32.4],[119.41,32.41],[119.4,32.4]]]},
		"properties":{"name":"广陵区"}}`,
}

// camera returns a camera feature with the given geometry and properties as JSON text.
func camera(geometry, props string) string {
	return `{"type":"Feature","geometry":` + geometry + `,"properties":` + props + `}`
}

const (
	cameraPoint = `{"type":"Point","coordinates":[119.4,32.4]}`
	cameraProps = `{"id":"c2","azimuth":90,"hfov":60,"range":50,"owner":"op-1","investment":"private"}`
	square      = `[[119.4,32.4],[119.41,32.4],[119.41,32.41],[119.4,32.4]]`
)

// withProp returns cameraProps with one property replaced, or removed when value is "".
func withProp(key, value string) string {
	props := map[string]string{
		"id": `"c2"`, "azimuth": "90", "hfov": "60", "range": "50", "owner": `"op-1"`, "investment": `"private"`,
	}
	if value == "" {
		delete(props, key)
	} else {
		props[key] = value
	}
	var parts []string
	for _, k := range []string{"id", "azimuth", "hfov", "range", "owner", "investment", "height", "status"} {
		if v, ok := props[k]; ok {
			parts = append(parts, `"`+k+`":`+v)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestReadLayerRejects(t *testing.T) {
	tests := []struct {
		name    string
		layer   string
		feature string
		id      string
		field   string
		reason  string // a part of the reason
	}{
		{"camera as a line string", coverage.LayerCameras,
			camera(`{"type":"LineString","coordinates":[[119.4,32.4],[119.5,32.4]]}`, cameraProps),
			"c2", "geometry", `"LineString" is not accepted in cameras (want Point)`},
		{"site as a line string", coverage.LayerSites,
			`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[119.4,32.4],[119.5,32.4]]},"properties":{"id":"s2","category":"hotel"}}`,
			"s2", "geometry", "want Point, Polygon or MultiPolygon"},
		{"geometry collection", coverage.LayerOccluders,
			`{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[]},"properties":{"id":"o2"}}`,
			"o2", "geometry", `"GeometryCollection" is not accepted`},
		{"null geometry", coverage.LayerCameras, camera(`null`, cameraProps), "c2", "geometry", "missing"},
		{"no geometry", coverage.LayerCameras, `{"type":"Feature","properties":` + cameraProps + `}`, "c2", "geometry", "missing"},
		{"geometry without coordinates", coverage.LayerCameras, camera(`{"type":"Point"}`, cameraProps), "c2", "geometry", "no coordinates"},
		{"coordinates not an array", coverage.LayerCameras, camera(`{"type":"Point","coordinates":"119,32"}`, cameraProps),
			"c2", "geometry", "want a position, got a string"},
		{"longitude outside range", coverage.LayerCameras, camera(`{"type":"Point","coordinates":[190,32.4]}`, cameraProps),
			"c2", "geometry", "longitude 190 is outside −180..180"},
		{"latitude outside range", coverage.LayerCameras, camera(`{"type":"Point","coordinates":[119.4,-91]}`, cameraProps),
			"c2", "geometry", "latitude -91 is outside −90..90"},
		{"coordinate not finite", coverage.LayerCameras, camera(`{"type":"Point","coordinates":[1e400,32.4]}`, cameraProps),
			"c2", "geometry", "1e400 is not a finite number"},
		{"coordinate as a string", coverage.LayerCameras, camera(`{"type":"Point","coordinates":["119.4",32.4]}`, cameraProps),
			"c2", "geometry", "a position holds a string"},
		{"position with one number", coverage.LayerCameras, camera(`{"type":"Point","coordinates":[119.4]}`, cameraProps),
			"c2", "geometry", "a position has 1 numbers, need 2"},
		{"ring not closed", coverage.LayerOccluders,
			`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[119.4,32.4],[119.41,32.4],[119.41,32.41],[119.4,32.41]]]},"properties":{"id":7}}`,
			"7", "geometry", "ring 0 is not closed"},
		{"ring with three positions", coverage.LayerPrivateSpaces,
			`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[119.4,32.4],[119.41,32.4],[119.4,32.4]]]},"properties":{"id":"p2","space":"bath"}}`,
			"p2", "geometry", "ring 0 has 3 positions, need at least 4"},
		{"hole not closed", coverage.LayerDistricts,
			`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `,[[119.401,32.401],[119.402,32.401],[119.402,32.402],[119.401,32.4015]]]},"properties":{"name":"江都区"}}`,
			"江都区", "geometry", "ring 1 is not closed"},
		{"polygon without rings", coverage.LayerOccluders,
			`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]},"properties":{}}`,
			"", "geometry", "a polygon has no rings"},
		{"bad ring in a multi polygon", coverage.LayerSites,
			`{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[` + square + `],[[[119.4,32.4],[119.41,32.4],[119.41,32.41]]]]},"properties":{"id":"s2","category":"park"}}`,
			"s2", "geometry", "polygon 1: ring 0 has 3 positions"},
		{"line string with one position", coverage.LayerRoads,
			`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[119.4,32.4]]},"properties":{"id":"r2","class":"urban_road"}}`,
			"r2", "geometry", "a line string has 1 positions, need at least 2"},
		{"short line in a multi line string", coverage.LayerRoads,
			`{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[119.4,32.4],[119.5,32.4]],[]]},"properties":{"id":"r2","class":"urban_road"}}`,
			"r2", "geometry", "line string 1: a line string has 0 positions"},
		{"feature of another type", coverage.LayerCameras, `{"type":"Point","coordinates":[119.4,32.4]}`, "", "type", `want "Feature", got "Point"`},
		{"feature without type", coverage.LayerCameras, `{"geometry":` + cameraPoint + `,"properties":` + cameraProps + `}`, "c2", "type", "missing"},
		{"feature not an object", coverage.LayerCameras, `42`, "", "feature", "not a JSON object"},
		{"properties not an object", coverage.LayerCameras, camera(cameraPoint, `["c2"]`), "", "properties", "not a JSON object"},
		{"id missing", coverage.LayerCameras, camera(cameraPoint, withProp("id", "")), "", "properties.id", "missing"},
		{"id a boolean", coverage.LayerCameras, camera(cameraPoint, withProp("id", "true")), "", "properties.id", "want a string or a number, got a boolean"},
		{"azimuth missing", coverage.LayerCameras, camera(cameraPoint, withProp("azimuth", "")), "c2", "properties.azimuth", "missing"},
		{"azimuth null", coverage.LayerCameras, camera(cameraPoint, withProp("azimuth", "null")), "c2", "properties.azimuth", "missing"},
		{"azimuth as a string", coverage.LayerCameras, camera(cameraPoint, withProp("azimuth", `"90"`)),
			"c2", "properties.azimuth", `want a number, got a string "90"`},
		{"hfov as an array", coverage.LayerCameras, camera(cameraPoint, withProp("hfov", `[60]`)), "c2", "properties.hfov", "want a number, got an array"},
		{"range too large", coverage.LayerCameras, camera(cameraPoint, withProp("range", `1e999`)), "c2", "properties.range", "not a finite number"},
		{"owner a number", coverage.LayerCameras, camera(cameraPoint, withProp("owner", `5`)), "c2", "properties.owner", "want a string, got a number 5"},
		{"investment missing", coverage.LayerCameras, camera(cameraPoint, withProp("investment", "")), "c2", "properties.investment", "missing"},
		{"optional height as a string", coverage.LayerCameras, camera(cameraPoint, withProp("height", `"6"`)), "c2", "properties.height", "want a number"},
		{"optional status an object", coverage.LayerCameras, camera(cameraPoint, withProp("status", `{}`)), "c2", "properties.status", "want a string, got an object"},
		{"site without category", coverage.LayerSites,
			`{"type":"Feature","geometry":` + cameraPoint + `,"properties":{"id":"s2"}}`, "s2", "properties.category", "missing"},
		{"site name a number", coverage.LayerSites,
			`{"type":"Feature","geometry":` + cameraPoint + `,"properties":{"id":"s2","category":"hotel","name":3}}`, "s2", "properties.name", "want a string"},
		{"entrance without site", coverage.LayerEntrances,
			`{"type":"Feature","geometry":` + cameraPoint + `,"properties":{"kind":"main"}}`, "", "properties.site_id", "missing"},
		{"entrance as a polygon", coverage.LayerEntrances,
			`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `]},"properties":{"site_id":"s9"}}`, "s9", "geometry", "want Point"},
		{"road without class", coverage.LayerRoads,
			`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[119.4,32.4],[119.5,32.4]]},"properties":{"id":"r2"}}`,
			"r2", "properties.class", "missing"},
		{"occluder height as a string", coverage.LayerOccluders,
			`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `]},"properties":{"id":"o2","height":"12"}}`,
			"o2", "properties.height", "want a number"},
		{"private space without kind", coverage.LayerPrivateSpaces,
			`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `]},"properties":{"id":"p2"}}`,
			"p2", "properties.space", "missing"},
		{"district without name", coverage.LayerDistricts,
			`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[` + square + `]},"properties":null}`,
			"", "properties.name", "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l coverage.Layers
			doc := collection(validFeatures[tt.layer], tt.feature, validFeatures[tt.layer])
			rej, err := geojson.ReadLayer(context.Background(), strings.NewReader(doc), geojson.Input{Layer: tt.layer, CRS: geo.WGS84}, &l)
			if err != nil {
				t.Fatalf("ReadLayer: %v", err)
			}
			if len(rej) != 1 {
				t.Fatalf("rejections = %v, want one", rej)
			}
			r := rej[0]
			at := geojson.Features.At(1)
			if r.Layer != tt.layer || r.Index != coverage.NotRead || r.At != at || r.ID != tt.id || r.Field != tt.field || !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("rejection = %+v, want layer %s, at features[1], id %q, field %s, reason containing %q",
					r, tt.layer, tt.id, tt.field, tt.reason)
			}
			if n := featureCount(&l); n != 2 {
				t.Errorf("read %d features, want the 2 valid ones", n)
			}
		})
	}
}

func featureCount(l *coverage.Layers) int {
	return len(l.Sites) + len(l.Entrances) + len(l.Cameras) + len(l.Roads) +
		len(l.Occluders) + len(l.PrivateSpaces) + len(l.Districts)
}

func TestReadLayerValues(t *testing.T) {
	doc := collection(
		`{"type":"Feature","id":99,"geometry":{"type":"Point","coordinates":[119.4215,32.3932,12.5]},
		  "properties":{"status":"offline","height":6.5,"investment":"private","owner":"op-\"A\"\u4e2d",
		  "range":80,"hfov":360,"azimuth":359.9,"id":"cam-1","extra":{"nested":[1,2,{"x":"]"}]}}}`,
		`{"properties":{"range":1e2,"investment":"government","owner":"公安局","id":17,"hfov":90.5,"azimuth":0},
		  "geometry":{"coordinates":[-0.5,-0.25],"type":"Point"},"type":"Feature"}`,
	)
	var l coverage.Layers
	rej, err := geojson.ReadLayer(context.Background(), strings.NewReader(doc), geojson.Input{Layer: coverage.LayerCameras, CRS: geo.WGS84}, &l)
	if err != nil || len(rej) > 0 {
		t.Fatalf("ReadLayer: %v, rejections %v", err, rej)
	}
	want := []coverage.Camera{
		{ID: "cam-1", Pos: orb.Point{119.4215, 32.3932}, Azimuth: 359.9, HFOV: 360, Range: 80,
			Owner: `op-"A"中`, Investment: coverage.Private, Height: 6.5, Status: "offline"},
		{ID: "17", Pos: orb.Point{-0.5, -0.25}, Azimuth: 0, HFOV: 90.5, Range: 100,
			Owner: "公安局", Investment: coverage.Government},
	}
	if len(l.Cameras) != len(want) {
		t.Fatalf("cameras = %+v, want %+v", l.Cameras, want)
	}
	for i := range want {
		if l.Cameras[i] != want[i] {
			t.Errorf("camera %d = %+v, want %+v", i, l.Cameras[i], want[i])
		}
	}
}

func TestReadLayerGeometries(t *testing.T) {
	sites := collection(
		`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[`+square+`]},"properties":{"id":1,"category":"hotel","name":"一号","district":"广陵区"}}`,
		`{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[`+square+`],[`+square+`]]},"properties":{"id":"2","category":"park"}}`,
	)
	roads := collection(
		`{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[119.4,32.4],[119.5,32.4]],[[119.5,32.4],[119.5,32.5],[119.6,32.5]]]},"properties":{"id":"r1","class":"expressway","name":"绕城高速"}}`,
	)
	var l coverage.Layers
	for _, in := range []struct{ layer, doc string }{{coverage.LayerSites, sites}, {coverage.LayerRoads, roads}} {
		if rej, err := geojson.ReadLayer(context.Background(), strings.NewReader(in.doc), geojson.Input{Layer: in.layer, CRS: geo.WGS84}, &l); err != nil || len(rej) > 0 {
			t.Fatalf("reading %s: %v, rejections %v", in.layer, err, rej)
		}
	}
	ring := orb.Ring{{119.4, 32.4}, {119.41, 32.4}, {119.41, 32.41}, {119.4, 32.4}}
	want := &coverage.Layers{
		Sites: []coverage.Site{
			{ID: "1", Category: "hotel", Name: "一号", District: "广陵区", Geometry: orb.Polygon{ring}},
			{ID: "2", Category: "park", Geometry: orb.MultiPolygon{{ring}, {ring}}},
		},
		Roads: []coverage.Road{{ID: "r1", Class: "expressway", Name: "绕城高速", Geometry: orb.MultiLineString{
			{{119.4, 32.4}, {119.5, 32.4}}, {{119.5, 32.4}, {119.5, 32.5}, {119.6, 32.5}},
		}}},
	}
	equalLayers(t, &l, want, 0)
}

func TestReadLayerConvertsGCJ02(t *testing.T) {
	wgs := []orb.Point{{119.4215, 32.3932}, {119.43, 32.3932}, {119.43, 32.40}}
	gcj := make([]orb.Point, len(wgs))
	for i, p := range wgs {
		gcj[i] = geo.WGS84ToGCJ02(p)
	}
	pos := func(p orb.Point) string {
		return "[" + strconv.FormatFloat(p[0], 'f', -1, 64) + "," + strconv.FormatFloat(p[1], 'f', -1, 64) + "]"
	}
	cams := collection(camera(`{"type":"Point","coordinates":`+pos(gcj[0])+`}`, cameraProps))
	sites := collection(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[` +
		pos(gcj[0]) + "," + pos(gcj[1]) + "," + pos(gcj[2]) + "," + pos(gcj[0]) +
		`]]},"properties":{"id":"s1","category":"hotel"}}`)
	var l coverage.Layers
	for _, in := range []struct{ layer, doc string }{{coverage.LayerCameras, cams}, {coverage.LayerSites, sites}} {
		if rej, err := geojson.ReadLayer(context.Background(), strings.NewReader(in.doc), geojson.Input{Layer: in.layer, CRS: geo.GCJ02}, &l); err != nil || len(rej) > 0 {
			t.Fatalf("reading %s: %v, rejections %v", in.layer, err, rej)
		}
	}
	if d := distDeg(l.Cameras[0].Pos, wgs[0]); d > 1e-8 {
		t.Errorf("camera at %v, want %v (off by %g°)", l.Cameras[0].Pos, wgs[0], d)
	}
	if d := distDeg(gcj[0], wgs[0]); d < 1e-4 {
		t.Fatalf("test point not offset by GCJ-02: %g°", d)
	}
	ring := l.Sites[0].Geometry.(orb.Polygon)[0]
	for i, w := range []orb.Point{wgs[0], wgs[1], wgs[2], wgs[0]} {
		if d := distDeg(ring[i], w); d > 1e-8 {
			t.Errorf("ring point %d at %v, want %v", i, ring[i], w)
		}
	}
	if ring[0] != ring[3] {
		t.Errorf("converted ring is not closed: %v", ring)
	}
}

func distDeg(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

func TestReadLayerEmptyCollection(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"bare", `{"type":"FeatureCollection","features":[]}`},
		{"features first, other members", ` {"bbox":[1,2,3,4],"features":[ ],"crs":null,"title":{"type":"name"},"name":"x","type":"FeatureCollection"}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l coverage.Layers
			rej, err := geojson.ReadLayer(context.Background(), strings.NewReader(tt.doc), geojson.Input{Layer: coverage.LayerCameras, CRS: geo.WGS84}, &l)
			if err != nil || len(rej) > 0 || featureCount(&l) > 0 {
				t.Errorf("ReadLayer = %v, %v with %d features, want nothing", rej, err, featureCount(&l))
			}
		})
	}
}

func TestReadLayerErrors(t *testing.T) {
	valid := validFeatures[coverage.LayerCameras]
	tests := []struct {
		name, layer, doc string
		notFC            bool // the error wraps ErrNotFeatureCollection
	}{
		{"not JSON", coverage.LayerCameras, `camera,azimuth`, false},
		{"empty", coverage.LayerCameras, ``, true},
		{"an array", coverage.LayerCameras, `[` + valid + `]`, true},
		{"a single feature", coverage.LayerCameras, valid, true},
		{"no type", coverage.LayerCameras, `{"features":[` + valid + `]}`, true},
		{"type after the features", coverage.LayerCameras, `{"features":[` + valid + `],"type":"GeometryCollection"}`, true},
		{"no features", coverage.LayerCameras, `{"type":"FeatureCollection"}`, true},
		{"features an object", coverage.LayerCameras, `{"type":"FeatureCollection","features":{}}`, true},
		{"truncated", coverage.LayerCameras, collection(valid)[:200], false},
		{"broken feature", coverage.LayerCameras, `{"type":"FeatureCollection","features":[` + valid + `,{"type":}]}`, false},
		{"trailing data", coverage.LayerCameras, collection(valid) + `{}`, true},
		{"unknown layer", "buildings", collection(valid), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := coverage.Layers{Cameras: []coverage.Camera{{ID: "before"}}}
			rej, err := geojson.ReadLayer(context.Background(), strings.NewReader(tt.doc), geojson.Input{Layer: tt.layer, CRS: geo.WGS84}, &l)
			if err == nil {
				t.Fatalf("ReadLayer = %v, nil; want an error", rej)
			}
			if got := errors.Is(err, geojson.ErrNotFeatureCollection); got != tt.notFC {
				t.Errorf("error %q: wraps ErrNotFeatureCollection = %v, want %v", err, got, tt.notFC)
			}
			if tt.layer == "buildings" && !errors.Is(err, geojson.ErrUnknownLayer) {
				t.Errorf("error %q does not wrap ErrUnknownLayer", err)
			}
			if len(l.Cameras) != 1 || l.Cameras[0].ID != "before" {
				t.Errorf("after the error the layers hold %+v, want them as they were", l.Cameras)
			}
		})
	}
}

func TestReadLayerFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cameras.geojson")
	if err := os.WriteFile(path, []byte(collection(validFeatures[coverage.LayerCameras])), 0o644); err != nil {
		t.Fatal(err)
	}
	var l coverage.Layers
	if rej, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: coverage.LayerCameras, File: path}, &l); err != nil || len(rej) > 0 || len(l.Cameras) != 1 {
		t.Errorf("ReadLayerFile = %v, %v with %d cameras, want one camera", rej, err, len(l.Cameras))
	}

	missing := filepath.Join(dir, "missing.geojson")
	if _, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: coverage.LayerCameras, File: missing}, &l); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("reading a missing file: %v, want fs.ErrNotExist naming the path", err)
	}
	bad := filepath.Join(dir, "bad.geojson")
	if err := os.WriteFile(bad, []byte(`[]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: coverage.LayerCameras, File: bad}, &l); !errors.Is(err, geojson.ErrNotFeatureCollection) || !strings.Contains(err.Error(), bad) {
		t.Errorf("reading a bad file: %v, want ErrNotFeatureCollection naming the path", err)
	}
}

func TestReadLayerNumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(testenv.Seed(t), 0))
	texts := []string{"0", "-0", "360", "0.1", "119.4215123", "-32.3932456", "1e2", "1E-7", "2.5e+1",
		"0.000000000000000000001", "123456789012345678", "1.7976931348623157e308", "4.9e-324",
		"3.141592653589793238462643383279", "99999999999999.99", "0.30000000000000004"}
	for range 2000 {
		var s string
		switch r.IntN(4) {
		case 0: // a registry value
			s = strconv.FormatFloat(math.Round(r.Float64()*3600)/10, 'f', -1, 64)
		case 1: // a coordinate as WriteLayer writes it
			s = strconv.FormatFloat(r.Float64()*360-180, 'f', 7, 64)
		case 2: // a float64 in its shortest form
			s = strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(30)-15)), 'f', -1, 64)
		default: // up to 20 random digits around a point
			digits := make([]byte, 1+r.IntN(20))
			for i := range digits {
				digits[i] = byte('0' + r.IntN(10))
			}
			at := r.IntN(len(digits))
			s = strings.TrimLeft(string(digits[:at]), "0")
			if s == "" {
				s = "0"
			}
			if at < len(digits) {
				s += "." + string(digits[at:])
			}
		}
		texts = append(texts, s)
	}
	var features []string
	for _, s := range texts {
		features = append(features, camera(cameraPoint, withProp("range", s)))
	}
	var l coverage.Layers
	rej, err := geojson.ReadLayer(context.Background(), strings.NewReader(collection(features...)), geojson.Input{Layer: coverage.LayerCameras, CRS: geo.WGS84}, &l)
	if err != nil || len(rej) > 0 {
		t.Fatalf("ReadLayer: %v, rejections %v", err, rej)
	}
	for i, s := range texts {
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.Cameras[i].Range; got != want || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("%s read as %v, want %v", s, got, want)
		}
	}
}

// BenchmarkReadLayers reads the layer files of the dense city of issue 13 (250,000
// cameras, 100,000 sites, 200,000 entrances, density 6); MB/s is of the files together.
func BenchmarkReadLayers(b *testing.B) {
	dir := b.TempDir()
	city := generate(b, samplecity.Options{Seed: 1, Sites: 100000, Cameras: 250000, Density: 6})
	paths, err := geojson.WriteLayers(context.Background(), dir, city)
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, path := range paths {
		st, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		l := &coverage.Layers{}
		for layer, path := range paths {
			rej, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: layer, File: path}, l)
			if err != nil || len(rej) > 0 {
				b.Fatalf("%s: %v, %d rejections", path, err, len(rej))
			}
		}
	}
}

// A syntax error names the feature it is in, counted from 0, and what was wrong, however
// the batches of features fall.
func TestReadLayerSyntaxErrorNamesTheFeature(t *testing.T) {
	valid := validFeatures[coverage.LayerCameras]
	many := strings.Repeat(valid+",", 2500)
	tests := []struct{ name, doc, want string }{
		{"a value missing", `{"type":"FeatureCollection","features":[` + valid + `,{"type":}]}`, "features[1]: invalid character '}' looking for beginning of value"},
		{"a comma missing", `{"type":"FeatureCollection","features":[` + valid + " " + valid + `]}`, "features[1]: invalid character '{' after array element"},
		{"a trailing comma", `{"type":"FeatureCollection","features":[` + valid + `,]}`, "features[1]: invalid character ']' looking for beginning of value"},
		{"a control character in a string", `{"type":"FeatureCollection","features":[` + many + `{"type":"Feature","properties":{"id":"a` + "\x01" + `"}}]}`, "features[2500]: invalid character '\\x01' in string literal"},
		{"cut short", `{"type":"FeatureCollection","features":[` + many + valid[:40], "features[2500]: decoding JSON: unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l coverage.Layers
			_, err := geojson.ReadLayer(context.Background(), strings.NewReader(tt.doc), geojson.Input{Layer: coverage.LayerCameras, CRS: geo.WGS84, File: "c.geojson"}, &l)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
			if len(l.Cameras) != 0 {
				t.Errorf("%d cameras kept after the error", len(l.Cameras))
			}
		})
	}
}

// cancelAfter is a reader that cancels its context once it has handed out n bytes.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	k, err := c.r.Read(p[:min(len(p), 4096)])
	if c.n -= k; c.n <= 0 {
		c.cancel()
	}
	return k, err
}

// Interrupting a read part way through stops it with context.Canceled and leaves the layer
// as it was, however far the scanner had run ahead of the conversion.
func TestReadLayerInterruptedKeepsNothing(t *testing.T) {
	valid := validFeatures[coverage.LayerCameras]
	doc := `{"type":"FeatureCollection","features":[` + strings.Repeat(valid+",", 20000) + valid + `]}`
	for _, after := range []int{1, len(doc) / 3, len(doc) - 10} {
		t.Run(fmt.Sprintf("after %d bytes", after), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			l := coverage.Layers{Cameras: []coverage.Camera{{ID: "before"}}}
			_, err := geojson.ReadLayer(ctx, &cancelAfter{r: strings.NewReader(doc), n: after, cancel: cancel}, geojson.Input{Layer: coverage.LayerCameras, CRS: geo.WGS84}, &l)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
			if len(l.Cameras) != 1 || l.Cameras[0].ID != "before" {
				t.Errorf("cameras after the interrupted read: %d, want the 1 from before", len(l.Cameras))
			}
		})
	}
}

// A GeoJSON file in a projection reads back to the positions it was made from within a
// millimetre, by the crs member GDAL writes, or by --crs when it has none; a projected file
// without either is refused, never guessed, and a crs member and --crs that disagree are an
// error. The files are made with ogr2ogr from cameras.wgs84.geojson (testdata/crs/make.sh).
func TestReadLayerCRS(t *testing.T) {
	epsg := func(code int) geo.CRS {
		c, err := geo.CRSFromEPSG(code)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	var want coverage.Layers
	if _, err := geojson.ReadLayerFile(context.Background(), geojson.Input{Layer: coverage.LayerCameras, File: "testdata/crs/cameras.wgs84.geojson"}, &want); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, file string
		in         geojson.Input
		err        error
	}{
		{"Gauss-Krüger CM 114E, by its crs member", "cameras.4547.geojson", geojson.Input{}, nil},
		{"Gauss-Krüger zone 38 with the zone in the easting", "cameras.4526.geojson", geojson.Input{}, nil},
		{"Web Mercator", "cameras.3857.geojson", geojson.Input{}, nil},
		{"the crs member confirmed by --crs", "cameras.4547.geojson", geojson.Input{CRS: epsg(4547), CRSSet: true}, nil},
		{"no crs member, --crs", "cameras.4547.nocrs.geojson", geojson.Input{CRS: epsg(4547), CRSSet: true}, nil},
		{"no crs member, no --crs", "cameras.4547.nocrs.geojson", geojson.Input{}, geo.ErrLooksProjected},
		{"a crs member that --crs contradicts", "cameras.4547.geojson", geojson.Input{CRS: epsg(4526), CRSSet: true}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			in.Layer, in.File = coverage.LayerCameras, filepath.Join("testdata/crs", c.file)
			var got coverage.Layers
			rej, err := geojson.ReadLayerFile(context.Background(), in, &got)
			switch {
			case c.err != nil:
				if !errors.Is(err, c.err) || !strings.Contains(err.Error(), "--crs") {
					t.Errorf("ReadLayerFile = %v, want %v naming --crs", err, c.err)
				}
				return
			case c.in.CRSSet && c.in.CRS != epsg(4547):
				if err == nil || !strings.Contains(err.Error(), "--crs says epsg:4526") {
					t.Errorf("ReadLayerFile = %v, want the disagreement named", err)
				}
				return
			case err != nil || len(rej) > 0:
				t.Fatalf("ReadLayerFile = %v, %v", rej, err)
			}
			if len(got.Cameras) != len(want.Cameras) {
				t.Fatalf("%d cameras, want %d", len(got.Cameras), len(want.Cameras))
			}
			for i, cam := range got.Cameras {
				if d := orbgeo.Distance(cam.Pos, want.Cameras[i].Pos); d > 0.001 || cam.ID != want.Cameras[i].ID {
					t.Errorf("camera %s at %v, %.4f m from %v", cam.ID, cam.Pos, d, want.Cameras[i].Pos)
				}
			}
		})
	}
}
