package imports

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paulmach/orb/geojson"

	"cctvgis/data/gpkg"
	"cctvgis/data/layerfile"
	"cctvgis/data/table"
	"cctvgis/data/xlsx"
	"cctvgis/geo"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
	"cctvgis/planner/devicecode"
)

// readout is what reading an upload gives: the layers read, the reader's report, every
// rejection, the reader's and the import check's, and the check of a camera registry's
// codes and districts.
type readout struct {
	layers     *coverage.Layers
	report     layerfile.Report
	rejections []coverage.Rejection
	registry   coverage.RegistryCheck
	// repairs are the outlines repaired when the record asks for it, and refused how
	// many repairs were refused.
	repairs []coverage.Repaired
	refused int
}

// read reads the upload's file as its record says: the one read step of the web import,
// which the preview and the confirmation share, so that what is confirmed is what was
// previewed. It is layerfile.Read, which every format goes through, then, as the import
// command does, the repair of invalid outlines when asked (coverage.Layers.Repair, ids
// given from the outlines as read), the import's check (coverage.Layers.CheckImport),
// and the check of a
// registry's GB/T 28181 codes and named districts (coverage.CheckRegistry) against the
// file's districts or else the city's. A file that needs another option (problemOf) or
// that cannot be read is an error.
func (h *Handlers) read(ctx context.Context, u *upload) (*readout, error) {
	opt := layerfile.Options{Layer: u.rec.Layer, Map: u.rec.Map, Table: u.rec.Table, Sheet: u.rec.Sheet}
	if u.rec.CRS != "" {
		crs, err := geo.ParseCRS(u.rec.CRS)
		if err != nil {
			return nil, err
		}
		opt.CRS, opt.CRSSet = crs, true
	}
	l := &coverage.Layers{}
	rep, err := layerfile.Read(ctx, u.path(), opt, l)
	if err != nil {
		return nil, err
	}
	out := &readout{layers: l, report: rep}
	l.AssignIDs()
	if u.rec.Repair {
		out.repairs, out.refused = l.Repair(u.rec.RepairForce)
	}
	out.rejections = l.CheckImport(h.Taxonomy, rep.Rejections)
	if len(l.Cameras) > 0 {
		districts := l.Districts
		if len(districts) == 0 {
			districts = h.City().Layers().Districts
		}
		var loc *coverage.DistrictLocator
		if len(districts) > 0 {
			loc = coverage.NewDistrictLocator(districts)
		}
		out.registry = coverage.CheckRegistry(l.Cameras, rep.Districts, loc)
	}
	return out, nil
}

// problemOf tells whether a read failed for want of an option the user can change (a
// coordinate system, a column mapping, another layer), and says which, with the mapping
// recognised when the mapping was at fault; false for a file that cannot be read at all.
func problemOf(err error, u *upload) (*Problem, *table.Mapping, bool) {
	var me *table.MappingError
	var fe *layerfile.FormatError
	switch {
	case errors.As(err, &me):
		return &Problem{Field: "mapping", Message: u.userText(me.Reason)}, &me.Mapping, true
	case errors.Is(err, table.ErrMapping):
		return &Problem{Field: "mapping", Message: u.userText(err.Error())}, nil, true
	case errors.Is(err, geo.ErrLooksProjected), errors.Is(err, geo.ErrUnknownCRS):
		return &Problem{Field: "crs", Message: u.userText(err.Error())}, nil, true
	case errors.Is(err, gpkg.ErrTable):
		return &Problem{Field: "table", Message: u.userText(err.Error())}, nil, true
	case errors.Is(err, xlsx.ErrNoSheet):
		return &Problem{Field: "sheet", Message: u.userText(err.Error())}, nil, true
	case errors.As(err, &fe):
		return &Problem{Message: u.userText(fe.Reason)}, nil, true
	}
	return nil, nil, false
}

// userText is a message of a reader with the upload's folder and file name replaced by
// the name the user sent the file under: the server's folders never reach the user.
func (u *upload) userText(s string) string {
	s = strings.ReplaceAll(s, u.path(), u.rec.Name)
	return strings.ReplaceAll(s, filepath.Base(u.path()), u.rec.Name)
}

// The preview's bounds.
const (
	// MaxRejections is how many rejections a preview lists; it counts them all.
	MaxRejections = 500
	// DefaultPreviewFeatures is how many features a preview shows on the map.
	DefaultPreviewFeatures = 200
)

// preview reads the upload and shows what a confirmation would write. A file that needs
// another option is a preview with its Problem; one that cannot be read is an error.
func (h *Handlers) preview(ctx context.Context, u *upload) (Preview, error) {
	p := Preview{ID: u.id, File: u.rec.Name, Bytes: u.rec.Bytes, ExpiresAt: u.rec.Created.Add(h.cfg.TTL),
		Options: Options{Layer: u.rec.Layer, CRS: u.rec.CRS, Mapping: u.rec.Map, Table: u.rec.Table, Sheet: u.rec.Sheet,
			Repair: u.rec.Repair, RepairForce: u.rec.RepairForce},
		Read: map[string]int{}, Rejections: []views.Rejection{}, Notes: []string{}, Repairs: []Repair{}, Features: emptyCollection}
	if format, err := layerfile.Detect(u.path()); err == nil {
		p.Format = string(format)
	}
	out, err := h.read(ctx, u)
	if err != nil {
		prob, m, ok := problemOf(err, u)
		if !ok {
			return Preview{}, err
		}
		p.Problem, p.Mapping, p.CRS, p.CRSFrom = prob, mappingView(m), u.rec.CRS, CRSDefault
		if u.rec.CRS != "" {
			p.CRSFrom = CRSUser
		}
		return p, nil
	}
	rep := out.report
	p.CRS, p.CRSFrom, p.Mapping, p.Swapped = rep.CRS.String(), crsSource(rep.CRSFrom), mappingView(rep.Mapping), rep.Swapped
	for _, n := range rep.Notes {
		p.Notes = append(p.Notes, u.userText(n))
	}
	for _, r := range out.repairs[:min(len(out.repairs), MaxRejections)] {
		w := r.What
		p.Repairs = append(p.Repairs, Repair{Layer: r.Layer, Index: r.Index, ID: r.ID, Done: r.Done, BeforeM2: r.Before, AfterM2: r.After, Forced: r.Forced,
			What: RepairDone{Crossings: w.Crossings, Spikes: w.Spikes, Repeated: w.Repeated, Closed: w.Closed, Reversed: w.Reversed, Degenerate: w.Degenerate, Regrouped: w.Regrouped}})
	}
	p.RepairsRefused = out.refused
	for _, d := range coverage.Descs() {
		if n := d.Len(out.layers); n > 0 || d.Name == u.rec.Layer {
			p.Read[d.Name] = n
		}
	}
	valid := out.layers.Without(out.rejections)
	for _, d := range coverage.Descs() {
		p.Valid += d.Len(valid)
	}
	p.Rejected = len(out.rejections)
	for _, r := range out.rejections[:min(len(out.rejections), MaxRejections)] {
		r.File = u.rec.Name
		p.Rejections = append(p.Rejections, views.NewRejection(r))
	}
	if len(out.layers.Cameras) > 0 {
		p.Registry = registryView(out.registry)
	}
	p.Features, err = features(out.layers, out.rejections, h.cfg.PreviewFeatures)
	return p, err
}

// registryView is the view of a registry's check: the device types by how many cameras
// have them, and the first MaxRejections cameras to verify.
func registryView(c coverage.RegistryCheck) *Registry {
	v := &Registry{Coded: c.Coded, Types: []DeviceType{}, ToVerify: len(c.ToVerify), Findings: []RegistryFinding{}}
	for t, n := range c.Types {
		v.Types = append(v.Types, DeviceType{Number: t.Number, Zh: t.Zh, En: t.En, Cameras: n})
	}
	slices.SortFunc(v.Types, func(a, b DeviceType) int { return cmp.Or(b.Cameras-a.Cameras, a.Number-b.Number) })
	for _, f := range c.ToVerify[:min(len(c.ToVerify), MaxRejections)] {
		rf := RegistryFinding{Camera: f.Camera, Reason: RegistryReason(f.Reason), Named: f.Named, FromCode: f.FromCode, Stands: f.Stands}
		var ce *devicecode.Error
		switch {
		case errors.As(f.Err, &ce):
			m := ce.Message()
			rf.ProblemZh, rf.ProblemEn = m.Zh, m.En
		case f.Reason == coverage.CodeNotCamera || f.FromCode:
			t := f.Code.Type()
			rf.Type = &DeviceType{Number: t.Number, Zh: t.Zh, En: t.En}
			rf.Division = f.Code.DivisionCode()
		}
		v.Findings = append(v.Findings, rf)
	}
	return v
}

// emptyCollection is a GeoJSON FeatureCollection without features.
var emptyCollection = json.RawMessage(`{"type":"FeatureCollection","features":[]}`)

// features are the first n features of l as a GeoJSON FeatureCollection, each with its
// layer, its fields and whether it is rejected.
func features(l *coverage.Layers, rej []coverage.Rejection, n int) (json.RawMessage, error) {
	rejected := map[string]map[int]bool{}
	for _, r := range rej {
		if r.Index >= 0 {
			if rejected[r.Layer] == nil {
				rejected[r.Layer] = map[int]bool{}
			}
			rejected[r.Layer][r.Index] = true
		}
	}
	fc := geojson.NewFeatureCollection()
	var row coverage.Row
	for _, d := range coverage.Descs() {
		for i := 0; i < d.Len(l) && len(fc.Features) < n; i++ {
			d.Get(l, i, &row)
			f := geojson.NewFeature(row.Geometry(d))
			f.Properties["layer"] = d.Name
			f.Properties["rejected"] = rejected[d.Name][i]
			for _, fd := range d.Fields {
				if fd.Kind.Text() {
					if v := row.Text[fd.Slot]; v != "" {
						f.Properties[fd.Name] = v
					}
				} else {
					f.Properties[fd.Name] = row.Num[fd.Slot]
				}
			}
			fc.Append(f)
		}
	}
	return json.Marshal(fc)
}

// crsSource is the view of where a read's coordinate system came from.
func crsSource(from string) CRSSource {
	switch from {
	case "file":
		return CRSFile
	case "--crs":
		return CRSUser
	}
	return CRSDefault
}

// mappingView is the view of a table's column mapping, nil for none.
func mappingView(m *table.Mapping) *Mapping {
	if m == nil {
		return nil
	}
	v := &Mapping{Fields: []Field{}, Columns: append([]string{}, m.Columns...), Pairs: []Pair{}, Unused: append([]string{}, m.Unused...)}
	for _, f := range m.Fields {
		v.Fields = append(v.Fields, Field{Name: f.Name, Required: f.Required, Number: !f.Kind.Text()})
	}
	for _, p := range m.Pairs {
		v.Pairs = append(v.Pairs, Pair{Field: p.Field, Column: p.Column, By: p.By})
	}
	return v
}
