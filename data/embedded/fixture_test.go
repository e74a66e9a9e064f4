package embedded_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"cctvgis/auth"
	"cctvgis/data/embedded"
	"cctvgis/data/rules"
	"cctvgis/data/storetest"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"

	"github.com/paulmach/orb"
	bolt "go.etcd.io/bbolt"
)

// fixturePath is where TestWriteFixture writes a store filled by fillFixture.
var fixturePath = flag.String("fixture", "", "TestWriteFixture writes a store filled by fillFixture to this new file")

// fixtureNow is the clock of the fixture's activity: 2026-03-02 10:00 China time.
var fixtureNow = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

// fixtureToken is the token of the fixture's lasting session, so that a test can
// authenticate with it.
const fixtureToken = "Zml4dHVyZS1zZXNzaW9uLXRva2VuLW9mLWxpLTAwMDE"

// fixtureParams make the fixture's password hashes cheap; a stored hash keeps its
// parameters.
var fixtureParams = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// fixtureUser is an account of the fixture, with its password.
type fixtureUser struct {
	id, name, district, password string
	role                         auth.Role
}

var fixtureUsers = []fixtureUser{
	{"u-admin", "admin", "", "admin-长城-0001", auth.RoleAdmin},
	{"u-li", "li", "广陵区", "inspector-长城-0002", auth.RoleInspector},
	{"u-sup", "wang", "广陵区", "supervisor-长城-0003", auth.RoleSupervisor},
	{"u-plan", "chen", "", "planner-长城-0004", auth.RolePlanner},
	{"u-gov", "zhao", "", "reviewer-长城-0005", auth.RoleReviewer},
}

// at is a position given in ten-thousandths of a degree east and north of a corner of
// Yangzhou; whole steps, so that the coordinates are the same on every machine.
func at(x, y int) orb.Point {
	return orb.Point{119.4 + float64(x)/1e4, 32.39 + float64(y)/1e4}
}

func rect(x0, y0, x1, y1 int) orb.Polygon {
	return orb.Polygon{{at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)}}
}

// fixtureLayers is the fixture's small city: cameras of every investment, status and
// direction, point and polygon sites with entrances, roads on and off the surface,
// occluders, private spaces and two districts, one in two parts.
func fixtureLayers() *coverage.Layers {
	cam := func(id string, x, y int, az, fov, rng float64, owner string, inv coverage.Investment, status string) coverage.Camera {
		return coverage.Camera{ID: id, Pos: at(x, y), Azimuth: az, HFOV: fov, Range: rng, Owner: owner, Investment: inv, Height: 4.5, Status: status}
	}
	unknown := cam("C7", 90, 12, 0, 360, 30, "unknown", coverage.InvestmentUnknown, "")
	unknown.Direction, unknown.Surveillance, unknown.Mount, unknown.Height = coverage.DirectionUnknown, "outdoor", "pole", 0
	underground := cam("C8", 40, 40, 200, 120, 25, "地铁公司", coverage.Private, "online")
	underground.Level, underground.Surveillance, underground.Mount = -1, "indoor", "ceiling"
	return &coverage.Layers{
		Sites: []coverage.Site{
			{ID: "S1", Category: "education", Name: "第一小学", District: "广陵区", Geometry: rect(10, 10, 30, 30)},
			{ID: "S2", Category: "medical", Name: "人民医院", District: "广陵区", Geometry: orb.MultiPolygon{rect(50, 10, 60, 20), rect(62, 10, 70, 20)}},
			{ID: "S3", Category: "bus_stop", Name: "文昌阁站", District: "邗江区", Geometry: at(80, 5)},
			{ID: "S4", Category: "metro_station", District: "邗江区", Geometry: at(40, 40)},
		},
		Entrances: []coverage.Entrance{
			{SiteID: "S1", Pos: at(20, 10), Kind: "main"},
			{SiteID: "S1", Pos: at(30, 20), Kind: "side"},
			{SiteID: "S2", Pos: at(55, 10), Kind: "main"},
			{SiteID: "S4", Pos: at(41, 40)},
		},
		Cameras: []coverage.Camera{
			cam("C1", 20, 5, 0, 90, 50, "公安局", coverage.Government, "online"),
			cam("C2", 35, 20, 270, 60, 40, "公安局", coverage.Government, "online"),
			cam("C3", 20, 2, 0, 90, 80, "公安局", coverage.Government, "offline"),
			cam("C4", 55, 5, 10, 75, 35, "人民医院", coverage.Private, "online"),
			cam("C5", 56, 5, 350, 75, 35, "保安公司", coverage.Private, "fault"),
			cam("C6", 80, 3, 90, 360, 20, "交警支队", coverage.Government, "planned"),
			unknown,
			underground,
		},
		Roads: []coverage.Road{
			{ID: "R1", Class: "arterial_road", Name: "文昌路", Geometry: orb.LineString{at(0, 0), at(100, 0)}},
			{ID: "R2", Class: "urban_road", Geometry: orb.MultiLineString{{at(0, 35), at(45, 35)}, {at(45, 35), at(45, 60)}}},
			{ID: "R3", Class: "expressway", Name: "润扬隧道", Geometry: orb.LineString{at(0, 50), at(100, 50)}, Level: -1},
		},
		Occluders: []coverage.Occluder{
			{ID: "O1", Height: 18, Geometry: rect(32, 8, 34, 14)},
			{ID: "O2", Geometry: orb.MultiPolygon{rect(72, 2, 74, 4), rect(75, 2, 77, 4)}},
		},
		PrivateSpaces: []coverage.PrivateSpace{
			{ID: "P1", Space: "toilet", Geometry: rect(12, 12, 13, 13)},
			{ID: "P2", Space: "hotel_room", Geometry: rect(85, 20, 88, 23)},
		},
		Districts: []coverage.District{
			{Name: "广陵区", Geometry: rect(0, 0, 75, 100)},
			{Name: "邗江区", Geometry: orb.MultiPolygon{rect(75, 0, 100, 100), rect(-20, 30, 0, 60)}},
		},
	}
}

// fixtureWant is what fillFixture stored, as a store gives it back.
type fixtureWant struct {
	layers  *coverage.Layers
	records []inspect.Record
	photo   inspect.Photo
	moved   inspect.Transition
	plan    *plan.Plan
	rev     int64
	// entries is the length of the audit chain.
	entries uint64
}

// fillFixture gives a new store a little of everything it keeps: the city, accounts and
// sessions, inspections with findings, a photo, a review, a finding's transition, and a
// plan returned once, approved in its second version and applied, with the audit chain
// all of it made. Everything is fixed (ids, clocks, coordinates), save the salts of the
// password hashes, so that a store of any version written by it reads back as it says.
func fillFixture(t *testing.T, s *embedded.Store) fixtureWant {
	t.Helper()
	ctx := t.Context()
	lib, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	w := fixtureWant{layers: fixtureLayers()}
	if _, err := s.PutLayers(ctx, w.layers); err != nil {
		t.Fatalf("putting the fixture city: %v", err)
	}

	svc := &auth.Service{Store: s, Params: fixtureParams, Clock: func() time.Time { return fixtureNow }}
	for _, u := range fixtureUsers {
		hash, err := auth.HashPassword(u.password, fixtureParams)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, auth.User{ID: u.id, Name: u.name, Role: u.role, District: u.district, PasswordHash: hash, CreatedAt: fixtureNow}); err != nil {
			t.Fatalf("creating user %s: %v", u.name, err)
		}
	}
	if _, _, err := svc.Login(ctx, "wang", fixtureUsers[2].password, "192.0.2.7"); err != nil {
		t.Fatalf("logging in: %v", err)
	}
	th, err := auth.ParseToken(fixtureToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, auth.Session{TokenHash: th, UserID: "u-li", CreatedAt: fixtureNow, ExpiresAt: fixtureNow.AddDate(10, 0, 0)}); err != nil {
		t.Fatalf("creating a session: %v", err)
	}

	kinds := [][]inspect.Kind{{inspect.KindObstructed}, nil, {inspect.KindObstructed, inspect.KindNoSignage}}
	for i, cam := range []string{"C1", "C4", "C5"} {
		rec := storetest.NewRecord(storetest.Sub(fmt.Sprintf("0f000000-0000-4000-8000-%012d", i), cam, time.Duration(10*(3-i))*time.Minute),
			"广陵区", kinds[i], []int{7, 14}[:len(kinds[i])])
		if _, _, err := s.RecordInspection(ctx, rec, storetest.CreateEntry(rec)); err != nil {
			t.Fatalf("recording inspection %d: %v", i, err)
		}
		w.records = append(w.records, rec)
	}
	jpeg := []byte("\xFF\xD8\xFF\xE0 fixture photo 摄像机 C1")
	w.photo = storetest.Photo(w.records[0].Inspection.ID, jpeg)
	if _, _, err := s.AddPhoto(ctx, w.photo, jpeg, storetest.PhotoEntry(w.photo)); err != nil {
		t.Fatalf("adding a photo: %v", err)
	}
	reviewed := &w.records[1].Inspection
	r, err := reviewed.Review.Decide(inspect.ReviewApproved, "已核实", "u-sup", fixtureNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReviewInspection(ctx, reviewed.ID, inspect.ReviewReceived, r, audit.Entry{At: fixtureNow, Actor: "u-sup",
		Action: inspect.ActionInspectionReview, ObjectKind: inspect.ObjectInspection, ObjectID: reviewed.ID, Detail: "received → approved"}); err != nil {
		t.Fatalf("reviewing: %v", err)
	}
	reviewed.Review = r
	moved := &w.records[2].Findings[1]
	w.moved, *moved = storetest.Move(t, s, *moved, inspect.EventRectify, nil, fixtureNow.Add(time.Hour))

	w.plan, w.rev = fixturePlan(t, s, lib, w.layers)
	head, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.entries = head.Seq
	return w
}

// fixturePlan steps plan PL1 through the store: proposals, a submission returned, a
// second one approved and applied. It applies the plan's change to l too.
func fixturePlan(t *testing.T, s *embedded.Store, lib *rulebook.Library, l *coverage.Layers) (*plan.Plan, int64) {
	t.Helper()
	ctx := t.Context()
	eff, err := lib.Effective("yangzhou", rulebook.DateOf(fixtureNow))
	if err != nil {
		t.Fatal(err)
	}
	city, err := coverage.NewCity(ctx, &coverage.Layers{Sites: slices.Clone(l.Sites), Entrances: slices.Clone(l.Entrances),
		Cameras: slices.Clone(l.Cameras), Roads: slices.Clone(l.Roads), Occluders: slices.Clone(l.Occluders),
		PrivateSpaces: slices.Clone(l.PrivateSpaces), Districts: slices.Clone(l.Districts)}, eff, lib.Taxonomy, 0)
	if err != nil {
		t.Fatal(err)
	}
	author, reviewer := plan.Actor{ID: "u-plan", Role: auth.RolePlanner}, plan.Actor{ID: "u-gov", Role: auth.RoleReviewer}
	p, ev, err := plan.NewPlan("PL1", "文昌路补点规划", "yangzhou", "广陵区", author, fixtureNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePlan(ctx, p, ev); err != nil {
		t.Fatalf("creating the plan: %v", err)
	}
	rev := int64(1)
	minute := 0
	step := func(what string, ev audit.Entry, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if rev, err = s.SavePlan(ctx, p, rev, []audit.Entry{ev}); err != nil {
			t.Fatalf("saving after %s: %v", what, err)
		}
	}
	later := func() time.Time { minute++; return fixtureNow.Add(time.Duration(minute) * time.Minute) }
	ed := city.Editor()
	for _, prop := range []coverage.Proposal{
		{Kind: coverage.ProposeAdd, Camera: coverage.Camera{Pos: at(25, 32), HFOV: 60, Range: 50, Owner: "公安局", Investment: coverage.Government}, Note: "补点：北门"},
		{Kind: coverage.ProposeMove, CameraID: "C1", To: at(21, 6), Note: "避开树冠"},
		{Kind: coverage.ProposeReaim, CameraID: "C2", Aim: coverage.Aim{Azimuth: 255, HFOV: 70, Range: 45}},
	} {
		_, _, ev, err := p.Propose(author, later(), prop, ed)
		step("proposing", ev, err)
	}
	ev, err = p.Submit(author, later(), eff)
	step("submitting", ev, err)
	_, ev, err = p.Comment(reviewer, later(), plan.Comment{Text: "C3与C1重复建设", Proposal: "p2"})
	step("commenting", ev, err)
	ev, err = p.Return(reviewer, later(), p.Stage, "请一并处理C3")
	step("returning", ev, err)
	_, _, ev, err = p.Propose(author, later(), coverage.Proposal{Kind: coverage.ProposeRemove, CameraID: "C3", Note: "与C1重复建设"}, ed)
	step("proposing a removal", ev, err)
	ev, err = p.Submit(author, later(), eff)
	step("submitting again", ev, err)
	for p.State == plan.PlanSubmitted {
		ev, err = p.Approve(reviewer, later(), p.Stage, "同意")
		step("approving", ev, err)
	}
	ch, ev, err := p.Apply(author, later(), 0, city.Lookup)
	if err != nil {
		t.Fatal(err)
	}
	if rev, err = s.ApplyPlan(ctx, p, rev, ch, ev); err != nil {
		t.Fatalf("applying the plan: %v", err)
	}
	l.Cameras = slices.DeleteFunc(l.Cameras, func(c coverage.Camera) bool {
		return slices.Contains(ch.Delete, c.ID) || slices.ContainsFunc(ch.Upsert, func(u coverage.Camera) bool { return u.ID == c.ID })
	})
	l.Cameras = append(l.Cameras, ch.Upsert...)
	return p, rev
}

// TestWriteFixture writes a store filled by fillFixture to the new file -fixture names, in
// the version this code writes, compacted. testdata/v4.db was written by it:
//
//	go test ./data/embedded -run TestWriteFixture -fixture testdata/v4.db
func TestWriteFixture(t *testing.T) {
	if *fixturePath == "" {
		t.Skip("writes a fixture store only with -fixture PATH")
	}
	if _, err := os.Stat(*fixturePath); err == nil {
		t.Fatalf("%s exists; a fixture is written once", *fixturePath)
	}
	full := filepath.Join(t.TempDir(), "full.db")
	s, err := embedded.Open(full, embeddedTaxonomy(t))
	if err != nil {
		t.Fatal(err)
	}
	fillFixture(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	src, err := bolt.Open(full, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = src.Close() }()
	// Without the sync of each growth bbolt does not round the file up to its mapping:
	// the file ends at its last page.
	dst, err := bolt.Open(*fixturePath, 0o600, &bolt.Options{NoGrowSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := bolt.Compact(dst, src, 0); err != nil {
		t.Fatalf("compacting: %v", err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// copyFixture copies a store of testdata into a new temporary folder and returns its path,
// so that opening it for writing leaves testdata as it is.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkFixture checks that s holds what fillFixture stored, as want says: the layers
// equal, every user able to log in, the inspections, photo, finding history and plan as
// they were stored, and the audit chain and the evidence verified.
func checkFixture(t *testing.T, s *embedded.Store, want fixtureWant) {
	t.Helper()
	ctx := t.Context()
	t.Run("layers", func(t *testing.T) {
		got := &coverage.Layers{}
		if err := s.ReadLayers(ctx, coverage.LayerQuery{}, got); err != nil {
			t.Fatal(err)
		}
		storetest.EqualLayers(t, got, want.layers)
	})
	t.Run("accounts", func(t *testing.T) {
		svc := &auth.Service{Store: s, Params: fixtureParams, Clock: func() time.Time { return fixtureNow.Add(time.Hour) }}
		for _, u := range fixtureUsers {
			if _, sess, err := svc.Login(ctx, u.name, u.password, "192.0.2.8"); err != nil || sess.UserID != u.id {
				t.Errorf("logging in as %s: session of %q, %v", u.name, sess.UserID, err)
			}
		}
		if u, err := svc.Authenticate(ctx, fixtureToken); err != nil || u.ID != "u-li" || u.Role != auth.RoleInspector {
			t.Errorf("authenticating the stored session: %+v, %v", u, err)
		}
	})
	t.Run("inspections", func(t *testing.T) {
		for _, rec := range want.records {
			got, err := s.Inspection(ctx, rec.Inspection.ID)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := storetest.Canonical(got), storetest.Canonical(rec); !reflect.DeepEqual(g, w) {
				t.Errorf("inspection %s\n got %+v\nwant %+v", rec.Inspection.ID, g, w)
			}
		}
		photos, err := s.Photos(ctx, want.photo.InspectionID)
		if err != nil || len(photos) != 1 || photos[0].SHA256 != want.photo.SHA256 {
			t.Errorf("photos of %s: %+v, %v; want %s", want.photo.InspectionID, photos, err, want.photo.SHA256)
		}
		if data, err := s.PhotoData(ctx, want.photo.SHA256); err != nil || audit.HexDigest(data) != want.photo.SHA256 {
			t.Errorf("photo %s: %d bytes, %v", want.photo.SHA256, len(data), err)
		}
		trs, err := s.Transitions(ctx, want.moved.FindingID)
		if err != nil || len(trs) != 1 || trs[0].Digest() != want.moved.Digest() {
			t.Errorf("history of finding %s: %+v, %v; want %+v", want.moved.FindingID, trs, err, want.moved)
		}
	})
	t.Run("plan", func(t *testing.T) {
		p, rev, err := s.Plan(ctx, want.plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rev != want.rev || p.State != want.plan.State || len(p.Versions) != len(want.plan.Versions) {
			t.Fatalf("plan %s at revision %d, %s with %d versions; want %d, %s with %d", p.ID, rev, p.State, len(p.Versions),
				want.rev, want.plan.State, len(want.plan.Versions))
		}
		for i := range p.Versions {
			g, w := &p.Versions[i], &want.plan.Versions[i]
			if g.Hash != w.Hash || !p.VerifyVersion(g) || g.Outcome != w.Outcome || (g.Applied == nil) != (w.Applied == nil) {
				t.Errorf("version %d: hash %s (verifies %v), %s, applied %v; want %s, %s, applied %v", g.Number, g.Hash, p.VerifyVersion(g),
					g.Outcome, g.Applied != nil, w.Hash, w.Outcome, w.Applied != nil)
			}
		}
	})
	t.Run("audit", func(t *testing.T) {
		head, err := audit.VerifyChain(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if head.Seq != want.entries {
			t.Errorf("%d audit entries, want %d", head.Seq, want.entries)
		}
		if err := inspect.VerifyEvidence(ctx, s); err != nil {
			t.Error(err)
		}
	})
}
