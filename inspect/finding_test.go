package inspect_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"cctvgis/inspect"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"

	"github.com/paulmach/orb"
)

func camera() *coverage.Camera {
	return &coverage.Camera{ID: "cam-1", Pos: orb.Point{113.1340, 27.8274}, Azimuth: 90, HFOV: 60, Range: 40,
		Owner: "芦淞区公安分局", Investment: coverage.Government}
}

// clean is a camera check that finds nothing wrong.
func clean(tb testing.TB) inspect.Inspection {
	tb.Helper()
	return inspect.NewInspection(validSubmission(tb), inspect.Inspector{ID: "u1", Name: "李警官"}, "芦淞区", now)
}

func TestAssess(t *testing.T) {
	zz := rulebook.Effective(zhuzhou(t), national(t), day(t, "2026-03-02"))
	type want struct {
		kind      inspect.Kind
		violation string
		citation  string
		source    string
		remedy    inspect.Remedy
		penalties []string // citation and who of each penalty
		deadline  string
	}
	obstruction := []string{"第十七条 individual", "第十七条 unit"}
	// Order 799 第二十七条第一款 fines individuals and units for a device in a private space.
	privacy := []string{"第二十七条第一款 individual", "第二十七条第一款 unit"}
	tests := []struct {
		name   string
		change func(in *inspect.Inspection, cam *coverage.Camera)
		rules  *rulebook.EffectiveRules
		want   []want
		skips  []inspect.Kind
	}{
		{"nothing wrong", func(in *inspect.Inspection, cam *coverage.Camera) {}, zz, nil, nil},
		{"lens turned 30°", func(in *inspect.Inspection, cam *coverage.Camera) { in.Lens.MeasuredAzimuthDeg = 120 }, zz,
			[]want{{inspect.KindDirectionChanged, "obstruction", "第十五条第（七）项", "zhuzhou", inspect.RemedyRectify, obstruction, "2026-03-09"}}, nil},
		{"lens turned across north", func(in *inspect.Inspection, cam *coverage.Camera) {
			cam.Azimuth = 340
			in.Lens.MeasuredAzimuthDeg = 10
		}, zz, []want{{inspect.KindDirectionChanged, "obstruction", "第十五条第（七）项", "zhuzhou", inspect.RemedyRectify, obstruction, "2026-03-09"}}, nil},
		{"lens within tolerance across north", func(in *inspect.Inspection, cam *coverage.Camera) {
			cam.Azimuth = 355
			in.Lens.MeasuredAzimuthDeg = 5
		}, zz, nil, nil},
		{"lens exactly at tolerance", func(in *inspect.Inspection, cam *coverage.Camera) { in.Lens.MeasuredAzimuthDeg = 105 }, zz, nil, nil},
		{"dome has no direction", func(in *inspect.Inspection, cam *coverage.Camera) {
			cam.HFOV = 360
			in.Lens.MeasuredAzimuthDeg = 270
		}, zz, nil, nil},
		{"tree blocks 40%", func(in *inspect.Inspection, cam *coverage.Camera) {
			*in.Obstruction = inspect.Obstruction{Kind: inspect.ObstructionTree, BlockedShare: 0.4}
		}, zz, []want{{inspect.KindObstructed, "obstruction", "第十五条第（七）项", "zhuzhou", inspect.RemedyRectify, obstruction, "2026-03-09"}}, nil},
		{"billboard blocks exactly the threshold", func(in *inspect.Inspection, cam *coverage.Camera) {
			*in.Obstruction = inspect.Obstruction{Kind: inspect.ObstructionBillboard, BlockedShare: 0.3}
		}, zz, nil, nil},
		{"no sign", func(in *inspect.Inspection, cam *coverage.Camera) { *in.Signage = inspect.Signage{} }, zz,
			[]want{{inspect.KindNoSignage, "no_signage", "第十条第一款", "zhuzhou", inspect.RemedyRectify, nil, "2026-03-17"}}, nil},
		{"illegible sign", func(in *inspect.Inspection, cam *coverage.Camera) { in.Signage.Legible = false }, zz,
			[]want{{inspect.KindNoSignage, "no_signage", "第十条第一款", "zhuzhou", inspect.RemedyRectify, nil, "2026-03-17"}}, nil},
		{"in a toilet", func(in *inspect.Inspection, cam *coverage.Camera) {
			*in.Privacy = inspect.Privacy{InPrivateSpace: true, Space: "toilet"}
		}, zz, []want{{inspect.KindPrivateSpace, "private_space_install", "第八条第一款第（三）项", "zhuzhou", inspect.RemedyRemove, privacy, "2026-03-05"}}, nil},
		// From 2025-04-01 Order 799's penalty governs where both set one for the same act.
		{"in a private dining room, prohibited by the baseline", func(in *inspect.Inspection, cam *coverage.Camera) {
			*in.Privacy = inspect.Privacy{InPrivateSpace: true, Space: "private_dining_room"}
		}, zz, []want{{inspect.KindPrivateSpace, "private_space_install", "第八条第一款第（一）项", "national", inspect.RemedyRemove, privacy, "2026-03-05"}}, nil},
		{"in a private dining room under local rules only", func(in *inspect.Inspection, cam *coverage.Camera) {
			*in.Privacy = inspect.Privacy{InPrivateSpace: true, Space: "private_dining_room"}
		}, rulebook.Effective(zhuzhou(t), nil, day(t, "2026-03-02")), nil, []inspect.Kind{inspect.KindPrivateSpace}},
		{"not running", func(in *inspect.Inspection, cam *coverage.Camera) { in.Running = ptr(false) }, zz,
			[]want{{inspect.KindNotRunning, "operator_duties", "第十二条第（一）项", "zhuzhou", inspect.RemedyRectify, nil, "2026-03-05"}}, nil},
		{"no signal", func(in *inspect.Inspection, cam *coverage.Camera) { in.Image = inspect.ImageNoSignal }, zz,
			[]want{{inspect.KindNotRunning, "operator_duties", "第十二条第（一）项", "zhuzhou", inspect.RemedyRectify, nil, "2026-03-05"}}, nil},
		{"everything wrong at once", func(in *inspect.Inspection, cam *coverage.Camera) {
			in.Lens.MeasuredAzimuthDeg = 200
			*in.Obstruction = inspect.Obstruction{Kind: inspect.ObstructionCable, BlockedShare: 0.9}
			*in.Signage = inspect.Signage{}
			*in.Privacy = inspect.Privacy{InPrivateSpace: true, Space: "hotel_room"}
			in.Running = ptr(false)
		}, zz, []want{
			{inspect.KindDirectionChanged, "obstruction", "第十五条第（七）项", "zhuzhou", inspect.RemedyRectify, obstruction, "2026-03-09"},
			{inspect.KindObstructed, "obstruction", "第十五条第（七）项", "zhuzhou", inspect.RemedyRectify, obstruction, "2026-03-09"},
			{inspect.KindNoSignage, "no_signage", "第十条第一款", "zhuzhou", inspect.RemedyRectify, nil, "2026-03-17"},
			{inspect.KindPrivateSpace, "private_space_install", "第八条第一款第（一）项", "zhuzhou", inspect.RemedyRemove, privacy, "2026-03-05"},
			{inspect.KindNotRunning, "operator_duties", "第十二条第（一）项", "zhuzhou", inspect.RemedyRectify, nil, "2026-03-05"},
		}, nil},
		{"rules without duties give no uncited finding", func(in *inspect.Inspection, cam *coverage.Camera) {
			in.Lens.MeasuredAzimuthDeg = 200
			*in.Obstruction = inspect.Obstruction{Kind: inspect.ObstructionTree, BlockedShare: 0.5}
			in.Running = ptr(false)
		}, withoutDuties(t), nil, []inspect.Kind{inspect.KindDirectionChanged, inspect.KindObstructed, inspect.KindNotRunning}},
		{"rules without a signage duty", func(in *inspect.Inspection, cam *coverage.Camera) { *in.Signage = inspect.Signage{} },
			withoutSignage(t), nil, []inspect.Kind{inspect.KindNoSignage}},
		{"sign required for government systems only, private camera", func(in *inspect.Inspection, cam *coverage.Camera) {
			*in.Signage = inspect.Signage{}
			cam.Investment = coverage.Private
		}, governmentSignage(t), nil, []inspect.Kind{inspect.KindNoSignage}},
		{"sign required for government systems only, government camera", func(in *inspect.Inspection, cam *coverage.Camera) {
			*in.Signage = inspect.Signage{}
		}, governmentSignage(t), []want{{inspect.KindNoSignage, "no_signage", "第十条第一款", "zhuzhou", inspect.RemedyRectify, nil, "2026-03-17"}}, nil},
		{"rules of another day", func(in *inspect.Inspection, cam *coverage.Camera) { in.Running = ptr(false) },
			rulebook.Effective(zhuzhou(t), national(t), day(t, "2026-03-01")), nil, []inspect.Kind{inspect.KindNotRunning}},
		{"rules not in force on the day", func(in *inspect.Inspection, cam *coverage.Camera) {
			in.ObservedAt = time.Date(2023, 6, 1, 2, 0, 0, 0, time.UTC)
			in.Running = ptr(false)
		}, rulebook.Effective(zhuzhou(t), national(t), day(t, "2023-06-01")), nil, []inspect.Kind{inspect.KindNotRunning}},
		{"check day counted in China time", func(in *inspect.Inspection, cam *coverage.Camera) {
			in.ObservedAt = time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC) // 07:30 on 2 March in China
			in.Running = ptr(false)
		}, zz, []want{{inspect.KindNotRunning, "operator_duties", "第十二条第（一）项", "zhuzhou", inspect.RemedyRectify, nil, "2026-03-05"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, cam := clean(t), camera()
			tt.change(&in, cam)
			a, err := inspect.Assess(&in, cam, tt.rules, inspect.DefaultSettings())
			if err != nil {
				t.Fatalf("Assess: %v", err)
			}
			var got []want
			for _, f := range a.Findings {
				checkCited(t, f, &in)
				var ps []string
				for _, p := range f.Penalties {
					ps = append(ps, p.Citation+" "+p.Who)
				}
				got = append(got, want{f.Kind, f.Violation, f.Rule.Citation, f.Rule.Source, f.Remedy, ps, f.Deadline.String()})
			}
			if !slices.EqualFunc(got, tt.want, func(a, b want) bool {
				return a.kind == b.kind && a.violation == b.violation && a.citation == b.citation && a.source == b.source &&
					a.remedy == b.remedy && slices.Equal(a.penalties, b.penalties) && a.deadline == b.deadline
			}) {
				t.Errorf("findings:\n got %+v\nwant %+v", got, tt.want)
			}
			var skips []inspect.Kind
			for _, s := range a.Skipped {
				if s.Reason == "" {
					t.Errorf("skip of %s has no reason", s.Kind)
				}
				skips = append(skips, s.Kind)
			}
			if !slices.Equal(skips, tt.skips) {
				t.Errorf("skipped = %v, want %v (%+v)", skips, tt.skips, a.Skipped)
			}
		})
	}
}

// checkCited checks what every finding must carry, whatever its kind.
func checkCited(t *testing.T, f inspect.Finding, in *inspect.Inspection) {
	t.Helper()
	if f.Rule.Citation == "" || f.Rule.Source == "" || f.Violation == "" {
		t.Errorf("finding %s is not fully cited: %+v", f.ID, f.Rule)
	}
	if f.ID != in.ID+"."+string(f.Kind) || f.InspectionID != in.ID || f.District != in.District {
		t.Errorf("finding %s does not name its inspection %s", f.ID, in.ID)
	}
	if f.Status != inspect.StatusOpen || f.Detail == "" || f.Penalties == nil {
		t.Errorf("finding %s: status %s, detail %q, penalties %v", f.ID, f.Status, f.Detail, f.Penalties)
	}
}

func withoutDuties(tb testing.TB) *rulebook.EffectiveRules {
	tb.Helper()
	r := zhuzhou(tb)
	r.Duties = nil
	return rulebook.Effective(r, national(tb), day(tb, "2026-03-02"))
}

func withoutSignage(tb testing.TB) *rulebook.EffectiveRules {
	tb.Helper()
	r := zhuzhou(tb)
	r.Signage = nil
	return rulebook.Effective(r, national(tb), day(tb, "2026-03-02"))
}

// governmentSignage is a hypothetical variant of Zhuzhou's rules whose sign duty covers
// government-invested systems only, as some rulebooks' do.
func governmentSignage(tb testing.TB) *rulebook.EffectiveRules {
	tb.Helper()
	r := zhuzhou(tb)
	r.Signage.RequiredFor = rulebook.ScopeGovernmentInvested
	return rulebook.Effective(r, nil, day(tb, "2026-03-02"))
}

func TestAssessSite(t *testing.T) {
	s := validSubmission(t)
	s.CameraID, s.SiteID, s.Lens = "", "site-9", nil
	s.Signage = &inspect.Signage{}
	s.Obstruction = &inspect.Obstruction{Kind: inspect.ObstructionTree, BlockedShare: 0.8}
	in := inspect.NewInspection(s, inspect.Inspector{ID: "u1"}, "芦淞区", now)
	a, err := inspect.Assess(&in, nil, rulebook.Effective(zhuzhou(t), national(t), day(t, "2026-03-02")), inspect.DefaultSettings())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Findings) != 1 || a.Findings[0].Kind != inspect.KindNoSignage || a.Findings[0].SiteID != "site-9" {
		t.Errorf("findings = %+v, want one no_signage finding of site-9", a.Findings)
	}
	if len(a.Skipped) != 1 || a.Skipped[0].Kind != inspect.KindObstructed || !strings.Contains(a.Skipped[0].Reason, "site") {
		t.Errorf("skipped = %+v, want the obstruction skipped for a site", a.Skipped)
	}
}

func TestAssessCameraMismatch(t *testing.T) {
	zz := rulebook.Effective(zhuzhou(t), national(t), day(t, "2026-03-02"))
	tests := []struct {
		name string
		cam  *coverage.Camera
	}{
		{"another camera", &coverage.Camera{ID: "cam-2"}},
		{"no camera for a camera check", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := clean(t)
			if _, err := inspect.Assess(&in, tt.cam, zz, inspect.DefaultSettings()); !errors.Is(err, inspect.ErrCameraMismatch) {
				t.Errorf("Assess = %v, want ErrCameraMismatch", err)
			}
		})
	}
}

func TestAzimuthDiff(t *testing.T) {
	tests := []struct{ a, b, want float64 }{
		{0, 0, 0}, {10, 350, 20}, {350, 10, 20}, {0, 180, 180}, {90, 271, 179}, {359.5, 0.5, 1},
	}
	for _, tt := range tests {
		if got := inspect.AzimuthDiff(tt.a, tt.b); got != tt.want {
			t.Errorf("AzimuthDiff(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDefaultSettingsValid(t *testing.T) {
	if err := inspect.DefaultSettings().Validate(); err != nil {
		t.Fatal(err)
	}
	s := inspect.DefaultSettings()
	delete(s.RectificationDays, inspect.KindNoSignage)
	if err := s.Validate(); err == nil {
		t.Error("settings without days for no_signage are valid")
	}
}
