package coverage_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"cctvgis/data/rules"
	"cctvgis/geo"
	"cctvgis/planner/coverage"
)

// ring is a closed ring through the positions, given as 1/1024 degree steps from (116, 39).
func ring(steps ...float64) orb.Ring {
	r := orb.Ring{}
	for k := 0; k+1 < len(steps); k += 2 {
		r = append(r, orb.Point{116 + steps[k]/1024, 39 + steps[k+1]/1024})
	}
	return append(r, r[0])
}

func TestLayersRepair(t *testing.T) {
	// A square with a fold of 1/1024 degree in its edge (a tiny bow-tie, as rounding
	// makes them), a large bow-tie, a spike and a valid square.
	folded := orb.Polygon{ring(0, 0, 100, 0, 100, 50, 101, 51, 101, 50, 100, 51, 100, 100, 0, 100)}
	bowTie := orb.Polygon{ring(0, 0, 100, 100, 100, 0, 0, 100)}
	spiked := orb.Polygon{ring(0, 0, 100, 0, 100, 50, 150, 50, 100, 50, 100, 100, 0, 100)}
	square := orb.Polygon{ring(0, 0, 100, 0, 100, 100, 0, 100)}
	layers := func() *coverage.Layers {
		return &coverage.Layers{
			Districts: []coverage.District{
				{Name: "folded", Geometry: folded}, {Name: "bow-tie", Geometry: bowTie}, {Name: "square", Geometry: square},
			},
			PrivateSpaces: []coverage.PrivateSpace{{ID: "p1", Space: "hotel_room", Geometry: spiked}},
			Sites:         []coverage.Site{{ID: "s1", Category: "education", Geometry: orb.Point{116, 39}}},
		}
	}
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tax := lib.Taxonomy
	t.Run("small repairs are made and reported with their areas", func(t *testing.T) {
		l := layers()
		done, refused := l.Repair(false)
		if len(done) != 2 || refused != 1 || done[0].Layer != coverage.LayerPrivateSpaces || done[0].ID != "p1" || done[1].ID != "folded" {
			t.Fatalf("repaired %v, want p1 then folded", done)
		}
		if d := done[0]; d.Done != "dropped 1 spike" || math.Abs(d.Before-d.After) > 1e-6*d.Before || d.Forced {
			t.Errorf("spike: %v", d)
		}
		if d := done[1]; d.Done != "split at 1 self-intersection" || math.Abs(d.Change()) > 1e-4 || d.Change() == 0 {
			t.Errorf("fold: %v, change %g", d, d.Change())
		}
		if p := coverage.PolygonProblem(l.Districts[0].Geometry); p != "" {
			t.Errorf("the folded district is still invalid: %s", p)
		}
		if !orb.Equal(l.Districts[2].Geometry, square) || !orb.Equal(l.Sites[0].Geometry, orb.Point{116, 39}) {
			t.Error("a valid outline or a point was changed")
		}
	})
	t.Run("a repair changing the area by more than 1 % is refused and rejected by Check", func(t *testing.T) {
		l := layers()
		l.Repair(false)
		if !orb.Equal(l.Districts[1].Geometry, bowTie) {
			t.Error("the refused bow-tie was changed")
		}
		rej := l.Check(tax)
		if len(rej) != 1 || rej[0].ID != "bow-tie" || !strings.Contains(rej[0].Reason, "its repair (split at 1 self-intersection) would change its area from 0 m² to 45825664 m² (from nothing), more than the 1 % a repair may change unforced") {
			t.Fatalf("rejections %v, want the bow-tie's refusal", rej)
		}
	})
	t.Run("forced, it is made and marked", func(t *testing.T) {
		l := layers()
		done, refused := l.Repair(true)
		if refused != 0 || len(done) != 3 || done[2].ID != "bow-tie" || !done[2].Forced || done[2].Before != 0 || !(done[2].After > 0) {
			t.Fatalf("repaired %v, want the bow-tie forced", done)
		}
		if rej := l.Check(tax); len(rej) != 0 {
			t.Errorf("rejections %v after a forced repair", rej)
		}
	})
	t.Run("an outline enclosing nothing is refused with the reason", func(t *testing.T) {
		l := &coverage.Layers{Occluders: []coverage.Occluder{{ID: "o1", Geometry: orb.Polygon{ring(0, 0, 10, 0)}}}}
		if _, refused := l.Repair(true); refused != 1 {
			t.Errorf("refused %d, want 1", refused)
		}
		rej := l.Check(tax)
		if len(rej) != 1 || rej[0].Reason != "cannot be repaired: it encloses no area" {
			t.Errorf("rejections %v", rej)
		}
	})
}

// FuzzRepairOutline repairs outlines drawn from the input on a coarse grid, where
// positions coincide and edges overlap and cross at their ends, jittered off it when the
// first byte is odd: a repair never panics, and is either valid by the layers' rule with
// a finite area, or refused with ErrUnrepairable.
func FuzzRepairOutline(f *testing.F) {
	f.Add([]byte{0, 0, 0, 8, 8, 8, 0, 0, 8})
	f.Add([]byte{1, 0, 0, 4, 4, 4, 0, 0, 4, 255, 1, 1, 6, 1, 6, 6, 1, 6})
	f.Add([]byte{0, 0, 0, 2, 0, 2, 1, 3, 1, 2, 1, 2, 2, 0, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 || len(data) > 400 {
			return
		}
		jitter := data[0]%2 == 1
		var poly orb.Polygon
		var r orb.Ring
		for k := 1; k+1 < len(data); k += 2 {
			if data[k] == 255 {
				poly = append(poly, r)
				r = nil
				k--
				continue
			}
			p := orb.Point{116 + float64(data[k]%16)/1024, 39 + float64(data[k+1]%16)/1024}
			if jitter {
				p[0] += float64(data[k]/16) * 1e-9
				p[1] += float64(data[k+1]/16) * 1e-9
			}
			r = append(r, p)
		}
		poly = append(poly, r)
		rep, err := geo.RepairOutline(poly)
		if err != nil {
			if !errors.Is(err, geo.ErrUnrepairable) {
				t.Fatalf("error %v is not ErrUnrepairable", err)
			}
			return
		}
		if p := coverage.PolygonProblem(rep.Geometry); p != "" {
			t.Fatalf("repair of %v (%s) is invalid: %s: %v", poly, rep, p, rep.Geometry)
		}
		if a := geo.Area(rep.Geometry); !(a > 0) || math.IsInf(a, 0) {
			t.Fatalf("repair of %v has area %g", poly, a)
		}
	})
}
