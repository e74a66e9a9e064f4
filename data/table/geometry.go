package table

import (
	"fmt"

	"github.com/paulmach/orb"

	"cctvgis/geo"
)

// geometry reads the current feature's geometry into r.row, converted to WGS84: the
// feature's own, or the point its longitude and latitude columns give.
func (r *reader) geometry() {
	if !r.in.Geometry {
		r.position()
		return
	}
	if r.f.Problem != "" {
		return
	}
	if r.f.Geom == nil {
		r.fail("geometry", "missing")
		return
	}
	if why := r.desc.Kinds.Check(r.f.Geom); why != "" {
		r.fail("geometry", why)
		return
	}
	g := r.f.Geom
	if why := r.convert(g); why != "" {
		r.fail("geometry", why)
		return
	}
	if p, ok := g.(orb.Point); ok {
		p, why := r.place(p)
		if why != "" {
			r.fail("geometry", why)
			return
		}
		g = p
	}
	r.row.SetGeometry(r.desc, g)
}

// convert maps the positions of the lines and areas g in place, checking that each line
// has two positions; it returns the first problem.
func (r *reader) convert(g orb.Geometry) string {
	switch g := g.(type) {
	case orb.LineString:
		if len(g) < 2 {
			return fmt.Sprintf("a line string has %d positions, need at least 2", len(g))
		}
		return r.convertAll(g)
	case orb.MultiLineString:
		for i, ls := range g {
			if why := r.convert(ls); why != "" {
				return fmt.Sprintf("line string %d: %s", i, why)
			}
		}
	case orb.Polygon:
		for _, ring := range g {
			if why := r.convertAll(ring); why != "" {
				return why
			}
		}
	case orb.MultiPolygon:
		for i, p := range g {
			if why := r.convert(p); why != "" {
				return fmt.Sprintf("polygon %d: %s", i, why)
			}
		}
	}
	return ""
}

// convertAll maps the positions of pts in place.
func (r *reader) convertAll(pts []orb.Point) string {
	for i, p := range pts {
		w, why := r.place(p)
		if why != "" {
			return why
		}
		pts[i] = w
	}
	return ""
}

// place converts a position to WGS84 (geo.CRS.Place), noting the first feature whose
// positions look projected while the system is geographic.
func (r *reader) place(p orb.Point) (orb.Point, string) {
	if !r.in.CRS.Projected() && geo.LooksProjected(p) {
		if r.offRange == 0 {
			r.offPoint = p
		}
		r.offRange++
	}
	return r.in.CRS.Place(p)
}

// position reads the point of a table without geometries from its longitude and latitude
// (or X and Y) columns. The first position decides whether the columns are swapped: X and
// Y in the surveyors' convention hold northing and easting, and are read the other way
// round when only that order puts the point in China.
func (r *reader) position() {
	lonField, _ := positionField(fieldLon)
	latField, _ := positionField(fieldLat)
	x, y := r.number(lonField, r.mapping.col(fieldLon)), r.number(latField, r.mapping.col(fieldLat))
	if r.field != "" {
		return
	}
	p := orb.Point{x, y}
	if !r.decided {
		r.decided = true
		w, why := r.in.CRS.Place(p)
		s, swhy := r.in.CRS.Place(orb.Point{y, x})
		r.swap = swhy == "" && !geo.OutOfChina(s) && (why != "" || geo.OutOfChina(w))
	}
	if r.swap {
		p = orb.Point{y, x}
	}
	w, why := r.place(p)
	if why != "" {
		r.fail(r.positionColumn(p), why)
		return
	}
	r.row.SetGeometry(r.desc, w)
}

// positionColumn names the column at fault when position p, as read, cannot stand: the
// longitude's or the latitude's in a geographic system, by which is out of range, and
// both in a projected one.
func (r *reader) positionColumn(p orb.Point) string {
	lon, lat := r.mapping.columnName(fieldLon), r.mapping.columnName(fieldLat)
	if r.swap {
		lon, lat = lat, lon
	}
	switch {
	case r.in.CRS.Projected():
		return lon + "/" + lat
	case p[0] >= -180 && p[0] <= 180:
		return lat
	}
	return lon
}
