package mobileapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"cctvgis/inspect"
	"cctvgis/inspect/inspecttest"
	"cctvgis/internal/audit"
	"cctvgis/internal/views"
	"cctvgis/mobileapi"
)

// Positions next to the cameras of the test city.
var (
	atE1 = orb.Point{113.11001, 27.81001}
	atE2 = orb.Point{113.11101, 27.81101}
	atW1 = orb.Point{113.09001, 27.81001}
)

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// record posts a check and returns its record, failing unless the status is want.
func (h *harness) record(user string, body map[string]any, want int) mobileapi.InspectionRecord {
	h.t.Helper()
	var rec mobileapi.InspectionRecord
	h.mustJSON(h.do("POST", "/api/v1/inspections", user, body), want, &rec)
	return rec
}

func TestHealth(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		h.mustJSON(h.do("GET", "/healthz", "", nil), 200, nil)
		h.mustJSON(h.do("GET", "/readyz", "", nil), 200, nil)
	})
}

func TestLoginAndSessions(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		var me mobileapi.UserView
		h.mustJSON(h.do("GET", "/api/v1/me", "insp-east", nil), 200, &me)
		if me.Name != "insp-east" || me.Role != "inspector" || me.District != east {
			t.Errorf("me = %+v", me)
		}
		wrong := h.wantError(h.do("POST", "/api/v1/auth/login", "", mobileapi.LoginRequest{Name: "insp-east", Password: "not the password"}), 401, "bad_credentials", "")
		unknown := h.wantError(h.do("POST", "/api/v1/auth/login", "", mobileapi.LoginRequest{Name: "nobody", Password: "not the password"}), 401, "bad_credentials", "")
		if wrong.Message != unknown.Message {
			t.Errorf("an unknown name (%q) reads differently from a wrong password (%q)", unknown.Message, wrong.Message)
		}
		h.wantError(h.do("GET", "/api/v1/me", "", nil), 401, "unauthorized", "")
		// A token one character off: the first, changed to one it is not (a fixed "x"
		// failed whenever the real token began with x).
		token := h.Tokens["insp-east"]
		forged := "x"
		if token[0] == 'x' {
			forged = "y"
		}
		h.Tokens["forger"] = forged + token[1:]
		h.wantError(h.do("GET", "/api/v1/me", "forger", nil), 401, "unauthorized", "")

		h.mustJSON(h.do("POST", "/api/v1/auth/logout", "planner", nil), 204, nil)
		h.wantError(h.do("GET", "/api/v1/me", "planner", nil), 401, "unauthorized", "")

		// Guessing one name's password is slowed, then refused, with a time to come back.
		var refused response
		for range 12 {
			refused = h.do("POST", "/api/v1/auth/login", "", mobileapi.LoginRequest{Name: "insp-west", Password: "guess guess guess"})
			if refused.Status == 429 {
				break
			}
		}
		h.wantError(refused, 429, "too_many_attempts", "")
		if refused.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		h.wantError(h.do("POST", "/api/v1/auth/login", "", mobileapi.LoginRequest{Name: "insp-west", Password: password}), 429, "too_many_attempts", "")
		h.Clock.Set(start.Add(time.Hour))
		h.mustJSON(h.do("POST", "/api/v1/auth/login", "", mobileapi.LoginRequest{Name: "insp-west", Password: password}), 200, nil)
	})
}

func TestRolesAreChecked(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		h.wantError(h.do("GET", "/api/v1/tasks?lat=27.81&lon=113.11", "planner", nil), 403, "forbidden", "")
		rec := h.record("insp-east", check(uuid(1), "cam-e1", start.Add(-time.Hour), atE1), 201)
		h.wantError(h.do("POST", "/api/v1/inspections/"+rec.Inspection.ID+"/review", "insp-east",
			mobileapi.ReviewRequest{State: inspect.ReviewApproved}), 403, "forbidden", "")
	})
}

// An inspector of one district meets nothing of another: its cameras, inspections,
// photos and findings answer 404, as if they did not exist.
func TestOtherDistrictsAreNotFound(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		body := check(uuid(2), "cam-e1", start.Add(-time.Hour), atE1)
		body["signage"] = map[string]any{"present": false, "legible": false}
		rec := h.record("super", body, 201)
		id := rec.Inspection.ID
		if len(rec.Findings) == 0 {
			t.Fatal("the check found nothing to test with")
		}
		photo := inspecttest.JPEGAt(t, atE1[1], atE1[0])
		h.mustJSON(h.upload(id, "super", photo, sum(photo)), 201, nil)

		h.wantError(h.do("GET", "/api/v1/cameras/cam-e1", "insp-west", nil), 404, "not_found", "id")
		h.wantError(h.do("GET", "/api/v1/inspections/"+id, "insp-west", nil), 404, "not_found", "id")
		h.wantError(h.do("GET", "/api/v1/photos/"+sum(photo)+"?inspection_id="+id, "insp-west", nil), 404, "not_found", "")
		h.wantError(h.upload(id, "insp-west", photo, sum(photo)), 404, "not_found", "")
		h.wantError(h.do("POST", "/api/v1/inspections", "insp-west", check(uuid(3), "cam-e1", start.Add(-time.Hour), atE1)), 404, "not_found", "camera_id")
		h.wantError(h.do("POST", "/api/v1/findings/"+rec.Findings[0].ID+"/verification", "insp-west",
			mobileapi.VerificationRequest{InspectionID: id, Confirmed: true}), 404, "not_found", "id")
		// The same id that does not exist at all answers the same.
		h.wantError(h.do("GET", "/api/v1/cameras/cam-nowhere", "insp-west", nil), 404, "not_found", "id")

		var fl mobileapi.FindingList
		h.mustJSON(h.do("GET", "/api/v1/findings", "insp-west", nil), 200, &fl)
		if len(fl.Findings) != 0 {
			t.Errorf("insp-west sees %d findings of 东区", len(fl.Findings))
		}
		var cl mobileapi.CameraList
		h.mustJSON(h.do("GET", "/api/v1/cameras/nearby?lat=27.81&lon=113.10&radius_m=2000", "insp-west", nil), 200, &cl)
		for _, c := range cl.Cameras {
			if c.District != west {
				t.Errorf("insp-west sees camera %s of %s nearby", c.ID, c.District)
			}
		}
		// The east inspector sees it all.
		h.mustJSON(h.do("GET", "/api/v1/inspections/"+id, "insp-east", nil), 200, nil)
	})
}

func TestInspectionIsIdempotent(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		body := check(uuid(10), "cam-e1", start.Add(-time.Hour), atE1)
		first := h.record("insp-east", body, 201)
		again := h.record("insp-east", body, 200)
		if !again.Inspection.ReceivedAt.Equal(first.Inspection.ReceivedAt) || again.Inspection.BodyHash != first.Inspection.BodyHash {
			t.Errorf("resend answered %+v, first %+v", again.Inspection, first.Inspection)
		}
		// An upper-case id is the same id.
		upper := check(strings.ToUpper(uuid(10)), "cam-e1", start.Add(-time.Hour), atE1)
		h.record("insp-east", upper, 200)

		changed := check(uuid(10), "cam-e1", start.Add(-time.Hour), atE1)
		changed["notes"] = "a different check under the same id"
		h.wantError(h.do("POST", "/api/v1/inspections", "insp-east", changed), 409, "conflict", "")

		// A resend after the acceptance window still answers the stored check.
		h.Clock.Set(start.Add(60 * 24 * time.Hour))
		h.record("insp-east", body, 200)
		h.Clock.Set(start)

		// Twenty phones' worth of resends of one new check at once make one record.
		fresh := check(uuid(11), "cam-e2", start.Add(-time.Minute), atE2)
		var wg sync.WaitGroup
		statuses := make([]int, 20)
		for i := range statuses {
			wg.Go(func() { statuses[i] = h.do("POST", "/api/v1/inspections", "insp-east", fresh).Status })
		}
		wg.Wait()
		created := 0
		for _, s := range statuses {
			switch s {
			case 201:
				created++
			case 200:
			default:
				t.Errorf("a concurrent resend answered %d", s)
			}
		}
		if created != 1 {
			t.Errorf("%d of 20 concurrent resends created the check, want 1", created)
		}
		n := 0
		err := h.Store.AuditChain(context.Background(), 1, func(e audit.Entry) error {
			if e.Action == inspect.ActionInspectionCreate && e.ObjectID == uuid(11) {
				n++
			}
			return nil
		})
		if err != nil || n != 1 {
			t.Errorf("audit log holds %d creations of the check (%v), want 1", n, err)
		}
	})
}

func TestBadInspectionsAreRefused(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		good := func(n int) map[string]any { return check(uuid(n), "cam-e1", start.Add(-time.Hour), atE1) }
		with := func(n int, change func(map[string]any)) map[string]any {
			b := good(n)
			change(b)
			return b
		}
		tests := []struct {
			name   string
			body   any
			status int
			code   string
			field  string
		}{
			{"not JSON", "{\"id\": ", 400, "malformed", ""},
			{"two values", `{"id":"a"} {"id":"b"}`, 400, "malformed", ""},
			{"unknown field", with(20, func(b map[string]any) { b["colour"] = "red" }), 400, "unknown_field", "colour"},
			{"a number as text", with(21, func(b map[string]any) { b["position"] = map[string]any{"lat": "27.8", "lon": 113.1} }), 400, "malformed", "position.lat"},
			{"latitude 95", with(22, func(b map[string]any) { b["position"] = map[string]any{"lat": 95, "lon": 113.1, "accuracy_m": 5} }), 422, "invalid", "position.lat"},
			{"ten minutes ahead", with(23, func(b map[string]any) { b["observed_at"] = start.Add(10 * time.Minute).Format(time.RFC3339) }), 422, "invalid", "observed_at"},
			{"forty days old", with(24, func(b map[string]any) { b["observed_at"] = start.Add(-40 * 24 * time.Hour).Format(time.RFC3339) }), 422, "invalid", "observed_at"},
			{"blocked share 1.5", with(25, func(b map[string]any) { b["obstruction"] = map[string]any{"kind": "tree", "blocked_share": 1.5} }), 422, "invalid", "obstruction.blocked_share"},
			{"no id", with(26, func(b map[string]any) { delete(b, "id") }), 422, "invalid", "id"},
			{"camera and site", with(27, func(b map[string]any) { b["site_id"] = "school-e" }), 422, "invalid", ""},
			{"unknown private space", with(28, func(b map[string]any) { b["privacy"] = map[string]any{"in_private_space": true, "space": "attic"} }), 422, "invalid", "privacy.space"},
			{"unknown camera", check(uuid(29), "cam-nowhere", start.Add(-time.Hour), atE1), 404, "not_found", "camera_id"},
			{"too large", with(30, func(b map[string]any) { b["notes"] = strings.Repeat("长", 400_000) }), 413, "too_large", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := h.do("POST", "/api/v1/inspections", "insp-east", tt.body)
				h.wantError(r, tt.status, tt.code, tt.field)
				for _, leak := range []string{"SQL", "pgx", "bolt", "goroutine", "panic"} {
					if bytes.Contains(r.Body, []byte(leak)) {
						t.Errorf("the answer leaks %q: %s", leak, r.Body)
					}
				}
			})
		}
		var list mobileapi.InspectionList
		h.mustJSON(h.do("GET", "/api/v1/inspections", "super", nil), 200, &list)
		if len(list.Inspections) != 0 {
			t.Errorf("refused checks were stored: %d", len(list.Inspections))
		}
	})
}

// A check that finds the lens turned, the view blocked, no sign and the camera off gets one
// finding of each, each citing Zhuzhou's provision (seed 003) and carrying a deadline.
func TestFindingsCiteTheRules(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		body := check(uuid(40), "cam-e1", start.Add(-time.Hour), atE1)
		body["lens"] = map[string]any{"measured_azimuth_deg": 140, "method": "compass"}
		body["obstruction"] = map[string]any{"kind": "tree", "blocked_share": 0.5}
		body["signage"] = map[string]any{"present": false, "legible": false}
		body["running"] = false
		rec := h.record("insp-east", body, 201)
		type cite struct{ citation, source, deadline string }
		want := map[inspect.Kind]cite{
			// 第十五条：任何单位和个人不得有下列行为：……（七）遮挡……或者擅自调整采集设备方向
			inspect.KindDirectionChanged: {"第十五条第（七）项", "zhuzhou", "2026-03-09"},
			inspect.KindObstructed:       {"第十五条第（七）项", "zhuzhou", "2026-03-09"},
			// 第十条　公共安全视频图像采集设备，应当设置显著的提示标识。
			inspect.KindNoSignage: {"第十条第一款", "zhuzhou", "2026-03-17"},
			// 第十二条（一）定期进行维护，确保……有效运行
			inspect.KindNotRunning: {"第十二条第（一）项", "zhuzhou", "2026-03-05"},
		}
		got := map[inspect.Kind]cite{}
		for _, f := range rec.Findings {
			got[f.Kind] = cite{f.Rule.Citation, f.Rule.Source, f.Deadline.String()}
			if f.Status != inspect.StatusOpen || f.District != east {
				t.Errorf("finding %s: status %s, district %s", f.ID, f.Status, f.District)
			}
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("finding %s: %+v, want %+v", k, got[k], w)
			}
		}
		if len(rec.Findings) != len(want) {
			t.Errorf("%d findings, want %d: %+v", len(rec.Findings), len(want), got)
		}
		// Zhuzhou 第十七条 punishes obstructing or turning a device.
		for _, f := range rec.Findings {
			if f.Kind == inspect.KindObstructed && !slices.ContainsFunc(f.Penalties, func(p views.PenaltyEntry) bool { return p.Citation == "第十七条" }) {
				t.Errorf("the obstruction finding cites penalties %+v, want 第十七条", f.Penalties)
			}
		}
		var fl mobileapi.FindingList
		h.mustJSON(h.do("GET", "/api/v1/findings?status=open", "insp-east", nil), 200, &fl)
		if len(fl.Findings) != len(want) {
			t.Errorf("GET /findings?status=open lists %d, want %d", len(fl.Findings), len(want))
		}
		// Standing 300 m away with a 500 m GPS fix flags the check as doubtful.
		far := check(uuid(41), "cam-e1", start.Add(-time.Hour), orb.Point{113.113, 27.81})
		far["position"].(map[string]any)["accuracy_m"] = 500
		flagged := h.record("insp-east", far, 201)
		var kinds []string
		for _, f := range flagged.Inspection.Flags {
			kinds = append(kinds, string(f.Kind))
		}
		slices.Sort(kinds)
		if !slices.Equal(kinds, []string{"far_from_camera", "poor_accuracy"}) {
			t.Errorf("flags %v, want far_from_camera and poor_accuracy", kinds)
		}
	})
}

func TestSyncTakesEachItemOnItsOwn(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		a := check(uuid(50), "cam-e1", start.Add(-2*time.Hour), atE1)
		conflict := check(uuid(50), "cam-e1", start.Add(-2*time.Hour), atE1)
		conflict["notes"] = "edited offline after it was sent"
		bad := check(uuid(51), "cam-e1", start.Add(-time.Hour), atE1)
		bad["position"] = map[string]any{"lat": 95, "lon": 113.11, "accuracy_m": 5}
		items := []any{a, a, conflict, bad,
			check(uuid(52), "cam-w1", start.Add(-time.Hour), atW1),
			json.RawMessage(`{"id":"` + uuid(53) + `","colour":"red"}`),
			check(uuid(54), "cam-e2", start.Add(-time.Hour), atE2),
		}
		var res mobileapi.SyncResponse
		h.mustJSON(h.do("POST", "/api/v1/sync", "insp-east", map[string]any{"inspections": items}), 200, &res)
		want := []struct {
			id     string
			status int
		}{{uuid(50), 201}, {uuid(50), 200}, {uuid(50), 409}, {uuid(51), 422}, {uuid(52), 404}, {uuid(53), 400}, {uuid(54), 201}}
		if len(res.Results) != len(want) {
			t.Fatalf("%d results, want %d", len(res.Results), len(want))
		}
		for i, w := range want {
			r := res.Results[i]
			if r.Index != i || r.ID != w.id || r.Status != w.status {
				t.Errorf("item %d: %d %q, want %d %q (%+v)", i, r.Status, r.ID, w.status, w.id, r.Error)
			}
			if (r.Status < 300) != (r.Record != nil) || (r.Status >= 300) != (r.Error != nil) {
				t.Errorf("item %d: record %v, error %v", i, r.Record != nil, r.Error)
			}
		}
		over := make([]any, 501)
		for i := range over {
			over[i] = a
		}
		h.wantError(h.do("POST", "/api/v1/sync", "insp-east", map[string]any{"inspections": over}), 422, "invalid", "inspections")
	})
}

func TestPhotos(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		rec := h.record("insp-east", check(uuid(60), "cam-e1", start.Add(-time.Hour), atE1), 201)
		id := rec.Inspection.ID
		near := inspecttest.JPEGAt(t, atE1[1], atE1[0])
		var p mobileapi.PhotoView
		h.mustJSON(h.upload(id, "insp-east", near, sum(near)), 201, &p)
		if p.SHA256 != sum(near) || p.ContentType != "image/jpeg" || p.EXIF == nil || p.EXIF.GPS == nil || len(p.Flags) != 0 {
			t.Errorf("photo %+v", p)
		}
		h.mustJSON(h.upload(id, "insp-east", near, strings.ToUpper(sum(near))), 200, nil)

		h.wantError(h.upload(id, "insp-east", near, sum([]byte("something else"))), 422, "hash_mismatch", "sha256")
		text := []byte("not a photo at all")
		h.wantError(h.upload(id, "insp-east", text, sum(text)), 415, "unsupported_media_type", "file")
		huge := append(inspecttest.TinyJPEG(t), make([]byte, 300_000)...)
		// Refused by its length before a byte of it is read.
		h.wantError(h.upload(id, "insp-east", huge, sum(huge)), 413, "too_large", "")

		// A photo whose EXIF puts it a kilometre from where the inspector said they stood.
		far := inspecttest.JPEGAt(t, atE1[1]+0.009, atE1[0])
		h.mustJSON(h.upload(id, "insp-east", far, sum(far)), 201, &p)
		if len(p.Flags) != 1 || p.Flags[0].Kind != inspect.FlagPhotoFar {
			t.Errorf("flags of a photo 1 km away: %+v", p.Flags)
		}

		r := h.do("GET", "/api/v1/photos/"+sum(near)+"?inspection_id="+id, "super", nil)
		if r.Status != 200 || !bytes.Equal(r.Body, near) || r.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("GET photo: %d %s, %d bytes", r.Status, r.Header.Get("Content-Type"), len(r.Body))
		}
		var got mobileapi.InspectionRecord
		h.mustJSON(h.do("GET", "/api/v1/inspections/"+id, "super", nil), 200, &got)
		if len(got.Photos) != 2 {
			t.Errorf("the inspection lists %d photos, want 2", len(got.Photos))
		}
		// Every read of evidence is in the audit log.
		reads := 0
		err := h.Store.AuditChain(context.Background(), 1, func(e audit.Entry) error {
			if e.Action == inspect.ActionEvidenceRead {
				reads++
			}
			return nil
		})
		if err != nil || reads != 2 {
			t.Errorf("%d evidence reads logged (%v), want 2", reads, err)
		}
	})
}

func TestReviewAndRectification(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		body := check(uuid(70), "cam-e1", start.Add(-time.Hour), atE1)
		body["signage"] = map[string]any{"present": true, "legible": false}
		rec := h.record("insp-east", body, 201)
		id := rec.Inspection.ID
		var queue mobileapi.InspectionList
		h.mustJSON(h.do("GET", "/api/v1/inspections?review=received", "super", nil), 200, &queue)
		if len(queue.Inspections) != 1 {
			t.Fatalf("review queue %d, want 1", len(queue.Inspections))
		}
		h.wantError(h.do("POST", "/api/v1/inspections/"+id+"/review", "super", mobileapi.ReviewRequest{State: inspect.ReviewRejected}), 422, "invalid", "")
		var reviewed mobileapi.InspectionRecord
		h.mustJSON(h.do("POST", "/api/v1/inspections/"+id+"/review", "super", mobileapi.ReviewRequest{State: inspect.ReviewApproved}), 200, &reviewed)
		if reviewed.Inspection.Review.State != inspect.ReviewApproved || reviewed.Inspection.Review.By == "" {
			t.Errorf("review %+v", reviewed.Inspection.Review)
		}
		h.wantError(h.do("POST", "/api/v1/inspections/"+id+"/review", "super", mobileapi.ReviewRequest{State: inspect.ReviewRejected, Comment: "changed my mind"}), 409, "illegal_transition", "")

		finding := rec.Findings[0].ID
		h.wantError(h.do("POST", "/api/v1/findings/"+finding+"/rectification", "super", mobileapi.RectificationRequest{}), 422, "invalid", "note")
		var fv mobileapi.FindingView
		h.mustJSON(h.do("POST", "/api/v1/findings/"+finding+"/rectification", "super",
			mobileapi.RectificationRequest{Note: "业主已更换提示标识"}), 200, &fv)
		if fv.Finding.Status != inspect.StatusRectified {
			t.Errorf("after rectification: %s", fv.Finding.Status)
		}
		h.Clock.Set(start.Add(48 * time.Hour))
		later := h.record("insp-east", check(uuid(71), "cam-e1", start.Add(47*time.Hour), atE1), 201)
		h.mustJSON(h.do("POST", "/api/v1/findings/"+finding+"/verification", "insp-east",
			mobileapi.VerificationRequest{InspectionID: later.Inspection.ID, Confirmed: true}), 200, &fv)
		if fv.Finding.Status != inspect.StatusVerified || len(fv.Transitions) != 2 {
			t.Errorf("after verification: %s with %d transitions", fv.Finding.Status, len(fv.Transitions))
		}
		h.wantError(h.do("POST", "/api/v1/findings/"+finding+"/rectification", "super",
			mobileapi.RectificationRequest{Note: "again"}), 409, "illegal_transition", "")
	})
}

func TestTasks(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		tasks := func(user string) map[string][]mobileapi.Task {
			t.Helper()
			var tl mobileapi.TaskList
			h.mustJSON(h.do("GET", fmt.Sprintf("/api/v1/tasks?lat=%v&lon=%v", atE1[1], atE1[0]), user, nil), 200, &tl)
			by := map[string][]mobileapi.Task{}
			for i, tk := range tl.Tasks {
				by[tk.CameraID] = append(by[tk.CameraID], tk)
				if i > 0 && tl.Tasks[i-1].DistanceM > tk.DistanceM {
					t.Errorf("tasks not nearest first: %v after %v", tk.DistanceM, tl.Tasks[i-1].DistanceM)
				}
			}
			return by
		}
		by := tasks("insp-east")
		kinds := func(ts []mobileapi.Task) []string {
			var ks []string
			for _, tk := range ts {
				ks = append(ks, tk.Kind)
			}
			slices.Sort(ks)
			return ks
		}
		if got := kinds(by["cam-e1"]); !slices.Equal(got, []string{mobileapi.TaskNeverInspected}) {
			t.Errorf("cam-e1 tasks %v", got)
		}
		// cam-e2 stands in a hotel room: Zhuzhou 第八条第一款第（一）项 (旅馆业客房).
		e2 := by["cam-e2"]
		if got := kinds(e2); !slices.Equal(got, []string{mobileapi.TaskConfirmViolation, mobileapi.TaskNeverInspected}) {
			t.Errorf("cam-e2 tasks %v", got)
		}
		for _, tk := range e2 {
			if tk.Kind == mobileapi.TaskConfirmViolation && (tk.Rule == nil || tk.Rule.Citation != "第八条第一款第（一）项" || tk.Violation != "private_space_install") {
				t.Errorf("violation task %+v", tk)
			}
		}
		if len(by["cam-w1"]) != 0 {
			t.Errorf("insp-east gets tasks of 西区: %v", by["cam-w1"])
		}
		// From the same spot the west inspector gets only 西区's camera, 2 km away.
		for cam := range tasks("insp-west") {
			if cam != "cam-w1" {
				t.Errorf("insp-west gets tasks of %s", cam)
			}
		}

		body := check(uuid(80), "cam-e1", start.Add(-time.Hour), atE1)
		body["running"] = false
		rec := h.record("insp-east", body, 201)
		if len(rec.Findings) != 1 {
			t.Fatalf("findings %+v", rec.Findings)
		}
		if got := kinds(tasks("insp-east")["cam-e1"]); len(got) != 0 {
			t.Errorf("cam-e1 tasks after its check: %v", got)
		}
		// Past the finding's deadline (3 days) it is to be re-checked; after 180 days the
		// camera is due again.
		h.Clock.Set(start.Add(4 * 24 * time.Hour))
		if got := kinds(tasks("insp-east")["cam-e1"]); !slices.Equal(got, []string{mobileapi.TaskRecheckFinding}) {
			t.Errorf("cam-e1 tasks after the deadline: %v", got)
		}
		h.Clock.Set(start.Add(200 * 24 * time.Hour))
		if got := kinds(tasks("insp-east")["cam-e1"]); !slices.Equal(got, []string{mobileapi.TaskDue, mobileapi.TaskRecheckFinding}) {
			t.Errorf("cam-e1 tasks 200 days on: %v", got)
		}
	})
}

// After a mixed workload the audit log verifies as a chain.
func TestAuditChainVerifies(t *testing.T) {
	onStores(t, func(t *testing.T, h *harness) {
		t.Helper()
		for i := range 5 {
			body := check(uuid(90+i), "cam-e1", start.Add(-time.Duration(i+1)*time.Hour), atE1)
			body["running"] = i%2 == 0
			rec := h.record("insp-east", body, 201)
			h.mustJSON(h.do("GET", "/api/v1/inspections/"+rec.Inspection.ID, "super", nil), 200, nil)
		}
		if _, err := audit.VerifyChain(context.Background(), h.Store); err != nil {
			t.Errorf("the audit log does not verify: %v", err)
		}
	})
}
