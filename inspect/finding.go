package inspect

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// Kind is the kind of a finding.
type Kind string

// The kinds of finding.
const (
	// KindDirectionChanged: the lens points elsewhere than registered (duty no_redirection).
	KindDirectionChanged Kind = "direction_changed"
	// KindObstructed: too much of the view is blocked (duty no_obstruction).
	KindObstructed Kind = "obstructed"
	// KindNoSignage: no legible notice sign where the rules require one.
	KindNoSignage Kind = "no_signage"
	// KindPrivateSpace: the camera is in a prohibited private space and must be removed.
	KindPrivateSpace Kind = "private_space"
	// KindNotRunning: the camera is off or gives no signal (duty keep_running).
	KindNotRunning Kind = "not_running"
)

// Values are the kinds of finding, in the order Assess checks them.
func (Kind) Values() []Kind { return slices.Clone(Kinds) }

// Valid reports whether k is one of Values.
func (k Kind) Valid() bool { return slices.Contains(k.Values(), k) }

// Kinds lists every kind of finding, in the order Assess checks them.
var Kinds = []Kind{KindDirectionChanged, KindObstructed, KindNoSignage, KindPrivateSpace, KindNotRunning}

// Remedy is what the owner must do about a finding.
type Remedy string

// The remedies.
const (
	RemedyRectify Remedy = "rectify"
	RemedyRemove  Remedy = "remove"
)

// Values are the remedies.
func (Remedy) Values() []Remedy { return []Remedy{RemedyRectify, RemedyRemove} }

// Valid reports whether r is one of Values.
func (r Remedy) Valid() bool { return slices.Contains(r.Values(), r) }

// Finding is a breach of the effective rules that an inspection found. It always cites
// the provision it rests on: where the rules lack one, there is no finding.
type Finding struct {
	// ID is the inspection's id and the kind, e.g. "…-4e1f.obstructed": one finding of
	// each kind per inspection, so resending an inspection gives the same ids.
	ID           string
	InspectionID string
	CameraID     string
	SiteID       string
	District     string
	Kind         Kind
	// Duty is the taxonomy duty breached, for the kinds that rest on a duty.
	Duty string
	// Space is the private-space kind, for KindPrivateSpace.
	Space string
	// Violation is the taxonomy violation id the finding is.
	Violation string
	Remedy    Remedy
	// Rule is the provision the finding rests on, with the rulebook it comes from.
	Rule rulebook.Cited
	// Penalties are the effective penalty provisions for Violation; empty when the rules
	// punish it nowhere.
	Penalties []rulebook.PenaltyEntry
	// Detail says what was observed against what was expected.
	Detail string
	// Deadline is the last day to rectify, a local setting (see Settings).
	Deadline  rulebook.Date
	Status    Status
	UpdatedAt time.Time
}

// Skip is an observation that points at a breach for which no finding was made, and why:
// usually because the effective rules cite no provision for it.
type Skip struct {
	Kind   Kind
	Reason string
}

// Assessment is what Assess makes of an inspection.
type Assessment struct {
	Findings []Finding
	Skipped  []Skip
	Flags    []Flag
}

// CheckDay is the calendar day of an inspection in the settings' zone: the day whose
// effective rules apply and from which deadlines count.
func CheckDay(in *Inspection, s Settings) rulebook.Date {
	return rulebook.DateOf(in.ObservedAt.In(s.zone()))
}

// Assess derives the findings and flags of an inspection of the registered camera cam
// (nil for a site inspection) under the effective rules of the check's day. Each finding
// cites the provision it rests on and carries the penalties for its violation and a
// deadline; an observation that points at a breach the rules cite no provision for is
// listed in Skipped instead. It returns ErrCameraMismatch when cam is not the inspection's
// camera.
func Assess(in *Inspection, cam *coverage.Camera, rules *rulebook.EffectiveRules, s Settings) (Assessment, error) {
	if rules == nil {
		return Assessment{}, errors.New("inspect: assessing an inspection: no effective rules")
	}
	switch {
	case in.CameraID != "" && cam == nil:
		return Assessment{}, fmt.Errorf("%w: inspection %s names camera %q but none was given", ErrCameraMismatch, in.ID, in.CameraID)
	case cam != nil && cam.ID != in.CameraID:
		return Assessment{}, fmt.Errorf("%w: inspection %s names camera %q, given %q", ErrCameraMismatch, in.ID, in.CameraID, cam.ID)
	}
	a := assessor{in: in, cam: cam, rules: rules, s: s, out: Assessment{Findings: []Finding{}, Skipped: []Skip{}}}
	if day := CheckDay(in, s); day.Before(rules.On) || day.After(rules.On) {
		a.skipAll(fmt.Sprintf("the rules given are those of %s, not of the check's day %s", rules.On, day))
	} else if !rules.InForce {
		a.skipAll(fmt.Sprintf("%s (%s) is not in force on %s", rules.Code, rules.DocumentNo, rules.On))
	} else {
		a.direction()
		a.obstruction()
		a.signage()
		a.privacy()
		a.running()
	}
	a.out.Flags = Flags(in, cam, s)
	return a.out, nil
}

type assessor struct {
	in    *Inspection
	cam   *coverage.Camera
	rules *rulebook.EffectiveRules
	s     Settings
	out   Assessment
}

// triggered reports which kinds the observations point at, whatever the rules say.
func (a *assessor) triggered() []Kind {
	in := a.in
	var ks []Kind
	if in.Lens != nil && a.cam != nil && a.cam.HFOV < 360 && AzimuthDiff(in.Lens.MeasuredAzimuthDeg, a.cam.Azimuth) > a.s.AzimuthToleranceDeg {
		ks = append(ks, KindDirectionChanged)
	}
	if a.obstructed() {
		ks = append(ks, KindObstructed)
	}
	if in.Signage != nil && (!in.Signage.Present || !in.Signage.Legible) {
		ks = append(ks, KindNoSignage)
	}
	if in.Privacy != nil && in.Privacy.InPrivateSpace {
		ks = append(ks, KindPrivateSpace)
	}
	if a.notRunning() {
		ks = append(ks, KindNotRunning)
	}
	return ks
}

func (a *assessor) skipAll(reason string) {
	for _, k := range a.triggered() {
		a.skip(k, reason)
	}
}

func (a *assessor) skip(k Kind, reason string) {
	a.out.Skipped = append(a.out.Skipped, Skip{Kind: k, Reason: reason})
}

func (a *assessor) obstructed() bool {
	o := a.in.Obstruction
	return o != nil && o.Kind != ObstructionNone && o.BlockedShare > a.s.BlockedShare
}

func (a *assessor) notRunning() bool {
	return (a.in.Running != nil && !*a.in.Running) || a.in.Image == ImageNoSignal
}

// needCamera skips kind k for a site inspection, which names no registered camera.
func (a *assessor) needCamera(k Kind) bool {
	if a.cam == nil {
		a.skip(k, "a site inspection names no registered camera")
		return false
	}
	return true
}

func (a *assessor) direction() {
	l := a.in.Lens
	if l == nil || !a.needCamera(KindDirectionChanged) {
		return
	}
	if a.cam.HFOV >= 360 {
		return // a dome sees all round: there is no direction to change
	}
	d := AzimuthDiff(l.MeasuredAzimuthDeg, a.cam.Azimuth)
	if d <= a.s.AzimuthToleranceDeg {
		return
	}
	a.duty(KindDirectionChanged, rulebook.DutyNoRedirection, RemedyRectify, fmt.Sprintf(
		"lens measured at %.0f° (%s), registered at %.0f°: %.1f° off, more than the %.0f° tolerance",
		l.MeasuredAzimuthDeg, l.Method, a.cam.Azimuth, d, a.s.AzimuthToleranceDeg))
}

func (a *assessor) obstruction() {
	if !a.obstructed() || !a.needCamera(KindObstructed) {
		return
	}
	o := a.in.Obstruction
	a.duty(KindObstructed, rulebook.DutyNoObstruction, RemedyRectify, fmt.Sprintf(
		"%s blocks %.0f%% of the view, more than %.0f%%", o.Kind, 100*o.BlockedShare, 100*a.s.BlockedShare))
}

func (a *assessor) running() {
	if !a.notRunning() || !a.needCamera(KindNotRunning) {
		return
	}
	detail := "the camera is not running"
	if a.in.Image == ImageNoSignal {
		detail = "the camera gives no signal"
	}
	a.duty(KindNotRunning, rulebook.DutyKeepRunning, RemedyRectify, detail)
}

// duty makes a finding that rests on the effective duty entry for duty, or a skip when
// the rules cite none.
func (a *assessor) duty(k Kind, duty string, r Remedy, detail string) {
	for _, d := range a.rules.Duties {
		if d.Duty != duty {
			continue
		}
		f := a.finding(k, d.Violation, r, d.Cited, detail)
		f.Duty = duty
		a.out.Findings = append(a.out.Findings, f)
		return
	}
	a.skip(k, fmt.Sprintf("the effective rules of %s on %s cite no provision for the duty %s", a.rules.Code, a.rules.On, duty))
}

func (a *assessor) signage() {
	g := a.in.Signage
	if g == nil || g.Present && g.Legible {
		return
	}
	rule := a.rules.Signage
	if rule == nil {
		a.skip(KindNoSignage, fmt.Sprintf("the effective rules of %s on %s require no notice sign", a.rules.Code, a.rules.On))
		return
	}
	switch {
	case rule.RequiredFor == rulebook.ScopeAll:
	case a.cam == nil:
		a.skip(KindNoSignage, fmt.Sprintf("the sign is required only for %s systems (%s), which a site inspection cannot tell", rule.RequiredFor, rule.Citation))
		return
	case rule.RequiredFor == rulebook.ScopeGovernmentInvested && a.cam.Investment != coverage.Government,
		rule.RequiredFor == rulebook.ScopeNonGovernment && a.cam.Investment == coverage.Government:
		a.skip(KindNoSignage, fmt.Sprintf("the sign is required only for %s systems (%s); camera %s is %s", rule.RequiredFor, rule.Citation, a.cam.ID, a.cam.Investment))
		return
	case rule.RequiredFor != rulebook.ScopeGovernmentInvested && rule.RequiredFor != rulebook.ScopeNonGovernment:
		a.skip(KindNoSignage, fmt.Sprintf("the sign is required only for %s systems (%s), which the registry does not record", rule.RequiredFor, rule.Citation))
		return
	}
	detail := "no notice sign"
	if g.Present {
		detail = "the notice sign is not legible"
	}
	a.out.Findings = append(a.out.Findings, a.finding(KindNoSignage, "no_signage", RemedyRectify, rule.Cited, detail))
}

func (a *assessor) privacy() {
	p := a.in.Privacy
	if p == nil || !p.InPrivateSpace || !a.needCamera(KindPrivateSpace) {
		return
	}
	for _, sp := range a.rules.ProhibitedSpaces {
		if sp.Space != p.Space {
			continue
		}
		f := a.finding(KindPrivateSpace, coverage.RulePrivateSpace, RemedyRemove, sp.Cited,
			fmt.Sprintf("camera in a %s, where image capture devices are prohibited", p.Space))
		f.Space = p.Space
		a.out.Findings = append(a.out.Findings, f)
		return
	}
	a.skip(KindPrivateSpace, fmt.Sprintf("the effective rules of %s on %s do not prohibit devices in a %s", a.rules.Code, a.rules.On, p.Space))
}

func (a *assessor) finding(k Kind, violation string, r Remedy, rule rulebook.Cited, detail string) Finding {
	in := a.in
	return Finding{
		ID:           in.ID + "." + string(k),
		InspectionID: in.ID,
		CameraID:     in.CameraID,
		SiteID:       in.SiteID,
		District:     in.District,
		Kind:         k,
		Violation:    violation,
		Remedy:       r,
		Rule:         rule,
		Penalties:    penaltiesFor(a.rules, violation),
		Detail:       detail,
		Deadline:     Deadline(in.ObservedAt, a.s.RectificationDays[k], a.s.zone()),
		Status:       StatusOpen,
		UpdatedAt:    in.ReceivedAt,
	}
}

func penaltiesFor(rules *rulebook.EffectiveRules, violation string) []rulebook.PenaltyEntry {
	out := []rulebook.PenaltyEntry{}
	for _, p := range rules.Penalties {
		if p.Violation == violation {
			out = append(out, p)
		}
	}
	return out
}

// Deadline is the last day to rectify: the calendar day of t in zone plus days.
func Deadline(t time.Time, days int, zone *time.Location) rulebook.Date {
	y, m, d := t.In(zone).Date()
	return rulebook.DateOf(time.Date(y, m, d+days, 12, 0, 0, 0, zone))
}

// AzimuthDiff is the circular difference between two bearings in degrees, 0 to 180.
func AzimuthDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	return math.Min(d, 360-d)
}
