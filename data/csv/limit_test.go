package csv_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"cctvgis/data/csv"
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

// A line of 64 MB of blanks, as header or as row, is refused after reading little more
// than MaxLine of it (issue 9, defect 13: such files were read whole into memory).
func TestReadCamerasRefusesEndlessLines(t *testing.T) {
	const header = "id,lon,lat,azimuth,hfov,range,owner,investment\n"
	for _, before := range []string{"", header, header + "c1,119.4,32.4,90,60,50,op,private\n"} {
		b := &blanks{n: 64 << 20}
		var l coverage.Layers
		_, err := csv.ReadCameras(context.Background(), io.MultiReader(strings.NewReader(before), b), csv.Input{CRS: geo.WGS84}, &l)
		if !errors.Is(err, csv.ErrLineTooLong) {
			t.Errorf("after %q: error %v, want ErrLineTooLong", before, err)
		}
		if b.read > 2*csv.MaxLine {
			t.Errorf("after %q: read %d bytes of blanks", before, b.read)
		}
		if len(l.Cameras) != 0 {
			t.Errorf("after %q: kept %d cameras after the error", before, len(l.Cameras))
		}
	}
}
