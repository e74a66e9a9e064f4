package csv_test

import (
	"bytes"
	"context"
	"testing"

	"cctvgis/data/csv"
	"cctvgis/data/rules"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// FuzzReadCameras reads any bytes as a camera CSV in both coordinate systems. The reader
// must not panic; on error it leaves the layers as they were; every rejection and every
// camera read is placed at a 1-based line of the file; cameras read lie in lon/lat range;
// and dropping the rejected cameras (as --skip-invalid does) keeps exactly the others. The
// seed corpus under testdata/fuzz/FuzzReadCameras holds the probes of issue 9.
func FuzzReadCameras(f *testing.F) {
	const header = "id,lon,lat,azimuth,hfov,range,owner,investment\n"
	f.Add([]byte(header + "c1,119.4,32.4,90,60,50,op,private\n"))
	f.Add([]byte(header + "c1,119.4,32.4,north,60,50,op,private\n"))
	lib, err := rules.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, crs := range []geo.CRS{geo.WGS84, geo.GCJ02} {
			var l coverage.Layers
			rej, err := csv.ReadCameras(context.Background(), bytes.NewReader(data), csv.Input{CRS: crs, File: "c.csv"}, &l)
			if err != nil {
				if len(l.Cameras) != 0 || rej != nil {
					t.Fatalf("error %v with %d cameras and %d rejections", err, len(l.Cameras), len(rej))
				}
				continue
			}
			for _, r := range rej {
				if r.Layer != coverage.LayerCameras || r.File != "c.csv" || r.At.In != csv.Lines || r.At.N < 1 {
					t.Fatalf("rejection %+v", r)
				}
			}
			d, _ := coverage.Desc(coverage.LayerCameras)
			for i, c := range l.Cameras {
				if file, at := l.Origin(d, i); file != "c.csv" || at.In != csv.Lines || at.N < 2 {
					t.Fatalf("camera %d placed at %s %v", i, file, at)
				}
				if p := c.Pos; !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) {
					t.Fatalf("camera %q at %v", c.ID, p)
				}
			}
			checked := l.Check(lib.Taxonomy)
			dropped := map[int]bool{}
			for _, r := range checked {
				if r.At.In != csv.Lines {
					t.Fatalf("check placed %+v", r)
				}
				dropped[r.Index] = true
			}
			if kept := len(l.Without(append(rej, checked...)).Cameras); kept != len(l.Cameras)-len(dropped) {
				t.Fatalf("kept %d of %d with %d dropped", kept, len(l.Cameras), len(dropped))
			}
		}
	})
}
