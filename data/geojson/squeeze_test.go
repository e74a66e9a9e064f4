package geojson_test

import (
	"context"
	"io"
	"runtime"
	"strings"
	"testing"

	"cctvgis/data/geojson"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// blanks is a reader of n spaces that allocates nothing, counting what it gave.
type blanks struct{ n, read int64 }

func (b *blanks) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), b.n)
	for i := range k {
		p[i] = ' '
	}
	b.n -= k
	b.read += k
	return int(k), nil
}

// A document of blanks costs memory for its values, not for its blanks (issue 9, defect
// 13: 200 MB of whitespace cost 480 MB before failing). The bound is generous: a reader
// that keeps the blanks allocates at least their size.
func TestReadLayerStreamsWhitespace(t *testing.T) {
	const size = 64 << 20
	cases := []struct {
		name          string
		before, after string
		wantErr       string
	}{
		{"only blanks", "", "", "the document is empty"},
		{"blanks inside the features array", `{"type":"FeatureCollection","features":[`, "", "EOF"},
		{"blanks inside a feature", `{"type":"FeatureCollection","features":[{"type":"Feature",`, "", "EOF"},
		{"blanks around a valid collection", "", `{"type":"FeatureCollection","features":[]}`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := &blanks{n: size}
			r := io.MultiReader(strings.NewReader(tc.before), b, strings.NewReader(tc.after))
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := geojson.ReadLayer(context.Background(), r, geojson.Input{Layer: coverage.LayerCameras, CRS: geo.WGS84}, &coverage.Layers{})
			runtime.ReadMemStats(&after)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
			if b.read != size {
				t.Errorf("read %d of %d blanks", b.read, size)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/8 {
				t.Errorf("allocated %d MB for %d MB of blanks", alloc>>20, size>>20)
			}
		})
	}
}

// Squeezing blanks changes no value: whitespace inside strings, escaped quotes and numbers
// separated by blanks read as before.
func TestReadLayerKeepsStringsWhole(t *testing.T) {
	doc := "{\n\t\"type\" :  \"FeatureCollection\",\r\n \"features\": [ {\"type\":\"Feature\",  \"geometry\":{\"type\":\"Point\",\"coordinates\":[ 119.4 ,\n 32.4 ]}," +
		"\"properties\":{\"id\":\"c  1\",\"azimuth\":90,\"hfov\":60,\"range\":50,\"owner\":\"a \\\"  b\\\\\\\"   c\\t\\n  d\",\"investment\":\"private\"}} ] }"
	var l coverage.Layers
	rej, err := geojson.ReadLayer(context.Background(), strings.NewReader(doc), geojson.Input{Layer: coverage.LayerCameras, CRS: geo.WGS84}, &l)
	if err != nil || len(rej) != 0 || len(l.Cameras) != 1 {
		t.Fatalf("err %v, rejections %v, cameras %v", err, rej, l.Cameras)
	}
	c := l.Cameras[0]
	if c.ID != "c  1" || c.Owner != "a \"  b\\\"   c\t\n  d" || c.Pos[0] != 119.4 || c.Pos[1] != 32.4 {
		t.Errorf("read %+v", c)
	}
}
