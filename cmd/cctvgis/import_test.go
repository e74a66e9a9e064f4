package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cctvgis/data"
	"cctvgis/data/pgtest"
	"cctvgis/data/rules"
	"cctvgis/planner"
)

// storedCameraIDs reads back the ids of the cameras in the store db.
func storedCameraIDs(t *testing.T, db string) []string {
	t.Helper()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := data.OpenStore(context.Background(), db, lib.Taxonomy, data.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	var l planner.Layers
	if err := s.ReadLayers(context.Background(), planner.LayerQuery{}, &l); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range l.Cameras {
		ids = append(ids, c.ID)
	}
	return ids
}

// import --skip-invalid stores exactly the valid features, wherever the bad ones stand in
// the file and whichever check (the reader's or the contract's) refuses them, and names
// each bad one by its place in the file.
func TestImportSkipInvalidKeepsEveryValidFeature(t *testing.T) {
	const csvHeader = "id,lon,lat,azimuth,hfov,range,owner,investment\n"
	cases := []struct {
		name, file, body string
		want             []string
		named            []string
	}{
		{"GeoJSON: unreadable first, invalid in the middle", "cameras.geojson",
			collection(camera("bad", 200, 32.4, 10), camera("g1", 119.4, 32.4, 0), camera("mid", 119.4, 32.4, 400),
				camera("g2", 119.41, 32.4, 90)),
			[]string{"g1", "g2"}, []string{"features[0]", "features[2]"}},
		{"GeoJSON: two unreadable, then valid", "cameras.geojson",
			collection(`{"type":"Feature","geometry":null,"properties":{"id":"n"}}`, camera("bad", 119.4, 95, 0),
				camera("g1", 119.4, 32.4, 0), camera("g2", 119.41, 32.4, 90)),
			[]string{"g1", "g2"}, []string{"features[0]", "features[1]"}},
		{"CSV: bad rows first and in the middle", "cameras.csv",
			csvHeader + "bad,119.4,32.4,north,60,50,op,private\n" + "g1,119.4,32.4,90,60,50,op,private\n" +
				"mid,119.4,32.4,90,60,1e400,op,private\n" + "dup,119.4,32.4,90,60,50,op,private\n" +
				"dup,119.4,32.4,90,60,50,op,private\n" + "g2,119.41,32.4,90,60,50,op,private\n",
			[]string{"dup", "g1", "g2"}, []string{"line 2", "line 4", "line 6"}},
	}
	stores := map[string]func(t *testing.T) string{
		"embedded": func(t *testing.T) string {
			t.Helper()
			return "file:" + filepath.Join(t.TempDir(), "s.db")
		},
		"PostGIS": pgtest.URL,
	}
	for storeName, open := range stores {
		for _, tc := range cases {
			t.Run(storeName+"/"+tc.name, func(t *testing.T) {
				db := open(t)
				path := writeFile(t, t.TempDir(), tc.file, tc.body)
				exit, _, errOut := cli(t, "import", "--db", db, "--layer", "cameras", "--from", path, "--skip-invalid")
				if exit != 0 {
					t.Fatalf("exit %d: %s", exit, errOut)
				}
				if got := storedCameraIDs(t, db); !slices.Equal(got, tc.want) {
					t.Errorf("stored %v, want %v", got, tc.want)
				}
				for _, at := range tc.named {
					if !strings.Contains(errOut, path+": cameras "+at) {
						t.Errorf("stderr does not name %s: %s", at, errOut)
					}
				}
			})
		}
	}
}
