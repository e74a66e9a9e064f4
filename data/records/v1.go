// Version 1 of the records: the form every document had when records were first kept apart
// from the domain (the domain's JSON names then). A released version is never changed: a new
// stored form is a new version beside it, with the migration that brings old documents to it.

package records

import (
	"time"

	"github.com/paulmach/orb"

	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/planner/coverage"
	"cctvgis/planner/plan"
	"cctvgis/planner/rulebook"
)

// PlanV1 is plan.Plan as stored, version 1.
type PlanV1 struct {
	ID           string         `json:"id"`
	Title        string         `json:"title"`
	Rulebook     string         `json:"rulebook"`
	District     string         `json:"district"`
	Author       string         `json:"author"`
	CreatedAt    time.Time      `json:"created_at"`
	State        plan.PlanState `json:"state"`
	Stage        string         `json:"stage"`
	Draft        []ProposalV1   `json:"draft"`
	NextProposal int            `json:"next_proposal"`
	Versions     []VersionV1    `json:"versions"`
	Comments     []CommentV1    `json:"comments"`
}

func toPlanV1(v plan.Plan) PlanV1 {
	return PlanV1{
		ID:           v.ID,
		Title:        v.Title,
		Rulebook:     v.Rulebook,
		District:     v.District,
		Author:       v.Author,
		CreatedAt:    v.CreatedAt,
		State:        v.State,
		Stage:        v.Stage,
		Draft:        each(v.Draft, toProposalV1),
		NextProposal: v.NextProposal,
		Versions:     each(v.Versions, toVersionV1),
		Comments:     each(v.Comments, toCommentV1),
	}
}

func (v PlanV1) domain() plan.Plan {
	return plan.Plan{
		ID:           v.ID,
		Title:        v.Title,
		Rulebook:     v.Rulebook,
		District:     v.District,
		Author:       v.Author,
		CreatedAt:    v.CreatedAt,
		State:        v.State,
		Stage:        v.Stage,
		Draft:        each(v.Draft, ProposalV1.domain),
		NextProposal: v.NextProposal,
		Versions:     each(v.Versions, VersionV1.domain),
		Comments:     each(v.Comments, CommentV1.domain),
	}
}

// ProposalV1 is coverage.Proposal as stored, version 1.
type ProposalV1 struct {
	ID       string                `json:"id"`
	Kind     coverage.ProposalKind `json:"kind"`
	CameraID string                `json:"camera_id,omitempty"`
	Camera   CameraV1              `json:"camera,omitzero"`
	To       orb.Point             `json:"to,omitzero"`
	Aim      AimV1                 `json:"aim,omitzero"`
	Note     string                `json:"note,omitempty"`
}

func toProposalV1(v coverage.Proposal) ProposalV1 {
	return ProposalV1{
		ID:       v.ID,
		Kind:     v.Kind,
		CameraID: v.CameraID,
		Camera:   toCameraV1(v.Camera),
		To:       v.To,
		Aim:      toAimV1(v.Aim),
		Note:     v.Note,
	}
}

func (v ProposalV1) domain() coverage.Proposal {
	return coverage.Proposal{
		ID:       v.ID,
		Kind:     v.Kind,
		CameraID: v.CameraID,
		Camera:   v.Camera.domain(),
		To:       v.To,
		Aim:      v.Aim.domain(),
		Note:     v.Note,
	}
}

// CameraV1 is coverage.Camera as stored, version 1.
type CameraV1 struct {
	ID           string              `json:"id"`
	Pos          orb.Point           `json:"pos"`
	Azimuth      float64             `json:"azimuth"`
	HFOV         float64             `json:"hfov"`
	Range        float64             `json:"range"`
	Owner        string              `json:"owner"`
	Investment   coverage.Investment `json:"investment"`
	Height       float64             `json:"height,omitempty"`
	Status       string              `json:"status,omitempty"`
	Direction    coverage.Direction  `json:"direction,omitempty"`
	Surveillance string              `json:"surveillance,omitempty"`
	Mount        string              `json:"mount,omitempty"`
	Level        int                 `json:"level,omitempty"`
}

func toCameraV1(v coverage.Camera) CameraV1 {
	return CameraV1{
		ID:           v.ID,
		Pos:          v.Pos,
		Azimuth:      v.Azimuth,
		HFOV:         v.HFOV,
		Range:        v.Range,
		Owner:        v.Owner,
		Investment:   v.Investment,
		Height:       v.Height,
		Status:       v.Status,
		Direction:    v.Direction,
		Surveillance: v.Surveillance,
		Mount:        v.Mount,
		Level:        v.Level,
	}
}

func (v CameraV1) domain() coverage.Camera {
	return coverage.Camera{
		ID:           v.ID,
		Pos:          v.Pos,
		Azimuth:      v.Azimuth,
		HFOV:         v.HFOV,
		Range:        v.Range,
		Owner:        v.Owner,
		Investment:   v.Investment,
		Height:       v.Height,
		Status:       v.Status,
		Direction:    v.Direction,
		Surveillance: v.Surveillance,
		Mount:        v.Mount,
		Level:        v.Level,
	}
}

// AimV1 is coverage.Aim as stored, version 1.
type AimV1 struct {
	Azimuth float64 `json:"azimuth"`
	HFOV    float64 `json:"hfov"`
	Range   float64 `json:"range"`
}

func toAimV1(v coverage.Aim) AimV1 {
	return AimV1{
		Azimuth: v.Azimuth,
		HFOV:    v.HFOV,
		Range:   v.Range,
	}
}

func (v AimV1) domain() coverage.Aim {
	return coverage.Aim{
		Azimuth: v.Azimuth,
		HFOV:    v.HFOV,
		Range:   v.Range,
	}
}

// VersionV1 is plan.Version as stored, version 1.
type VersionV1 struct {
	Number      int            `json:"number"`
	Title       string         `json:"title"`
	Proposals   []ProposalV1   `json:"proposals"`
	Hash        string         `json:"hash"`
	SubmittedBy string         `json:"submitted_by"`
	SubmittedAt time.Time      `json:"submitted_at"`
	Stages      []StageEntryV1 `json:"stages"`
	Reviews     []PlanReviewV1 `json:"reviews"`
	Outcome     plan.Outcome   `json:"outcome"`
	Applied     *ApplicationV1 `json:"applied,omitempty"`
}

func toVersionV1(v plan.Version) VersionV1 {
	return VersionV1{
		Number:      v.Number,
		Title:       v.Title,
		Proposals:   each(v.Proposals, toProposalV1),
		Hash:        v.Hash,
		SubmittedBy: v.SubmittedBy,
		SubmittedAt: v.SubmittedAt,
		Stages:      each(v.Stages, toStageEntryV1),
		Reviews:     each(v.Reviews, toPlanReviewV1),
		Outcome:     v.Outcome,
		Applied:     opt(v.Applied, toApplicationV1),
	}
}

func (v VersionV1) domain() plan.Version {
	return plan.Version{
		Number:      v.Number,
		Title:       v.Title,
		Proposals:   each(v.Proposals, ProposalV1.domain),
		Hash:        v.Hash,
		SubmittedBy: v.SubmittedBy,
		SubmittedAt: v.SubmittedAt,
		Stages:      each(v.Stages, StageEntryV1.domain),
		Reviews:     each(v.Reviews, PlanReviewV1.domain),
		Outcome:     v.Outcome,
		Applied:     opt(v.Applied, ApplicationV1.domain),
	}
}

// StageEntryV1 is rulebook.StageEntry as stored, version 1.
type StageEntryV1 struct {
	Stage string `json:"stage"`
	Body  string `json:"body"`
	CitedV1
}

func toStageEntryV1(v rulebook.StageEntry) StageEntryV1 {
	return StageEntryV1{
		Stage:   v.Stage,
		Body:    v.Body,
		CitedV1: toCitedV1(v.Cited),
	}
}

func (v StageEntryV1) domain() rulebook.StageEntry {
	return rulebook.StageEntry{
		Stage: v.Stage,
		Body:  v.Body,
		Cited: v.CitedV1.domain(),
	}
}

// CitedV1 is rulebook.Cited as stored, version 1.
type CitedV1 struct {
	Article    string `json:"article"`
	Item       *int   `json:"item"`
	Citation   string `json:"citation"`
	CitationEn string `json:"citation_en"`
	Source     string `json:"source"`
}

func toCitedV1(v rulebook.Cited) CitedV1 {
	return CitedV1{
		Article:    v.Article,
		Item:       v.Item,
		Citation:   v.Citation,
		CitationEn: v.CitationEn,
		Source:     v.Source,
	}
}

func (v CitedV1) domain() rulebook.Cited {
	return rulebook.Cited{
		Article:    v.Article,
		Item:       v.Item,
		Citation:   v.Citation,
		CitationEn: v.CitationEn,
		Source:     v.Source,
	}
}

// PlanReviewV1 is plan.Review as stored, version 1.
type PlanReviewV1 struct {
	Stage    string        `json:"stage"`
	Decision plan.Decision `json:"decision"`
	By       string        `json:"by"`
	At       time.Time     `json:"at"`
	Note     string        `json:"note"`
}

func toPlanReviewV1(v plan.Review) PlanReviewV1 {
	return PlanReviewV1{
		Stage:    v.Stage,
		Decision: v.Decision,
		By:       v.By,
		At:       v.At,
		Note:     v.Note,
	}
}

func (v PlanReviewV1) domain() plan.Review {
	return plan.Review{
		Stage:    v.Stage,
		Decision: v.Decision,
		By:       v.By,
		At:       v.At,
		Note:     v.Note,
	}
}

// ApplicationV1 is plan.Application as stored, version 1.
type ApplicationV1 struct {
	At    time.Time  `json:"at"`
	By    string     `json:"by"`
	Added []string   `json:"added"`
	Prior []CameraV1 `json:"prior"`
}

func toApplicationV1(v plan.Application) ApplicationV1 {
	return ApplicationV1{
		At:    v.At,
		By:    v.By,
		Added: v.Added,
		Prior: each(v.Prior, toCameraV1),
	}
}

func (v ApplicationV1) domain() plan.Application {
	return plan.Application{
		At:    v.At,
		By:    v.By,
		Added: v.Added,
		Prior: each(v.Prior, CameraV1.domain),
	}
}

// CommentV1 is plan.Comment as stored, version 1.
type CommentV1 struct {
	ID       string     `json:"id"`
	Version  int        `json:"version"`
	By       string     `json:"by"`
	At       time.Time  `json:"at"`
	Text     string     `json:"text"`
	Pos      *orb.Point `json:"pos,omitempty"`
	Proposal string     `json:"proposal,omitempty"`
}

func toCommentV1(v plan.Comment) CommentV1 {
	return CommentV1{
		ID:       v.ID,
		Version:  v.Version,
		By:       v.By,
		At:       v.At,
		Text:     v.Text,
		Pos:      v.Pos,
		Proposal: v.Proposal,
	}
}

func (v CommentV1) domain() plan.Comment {
	return plan.Comment{
		ID:       v.ID,
		Version:  v.Version,
		By:       v.By,
		At:       v.At,
		Text:     v.Text,
		Pos:      v.Pos,
		Proposal: v.Proposal,
	}
}

// RecordV1 is inspect.Record as stored, version 1.
type RecordV1 struct {
	Inspection InspectionV1 `json:"inspection"`
	Findings   []FindingV1  `json:"findings"`
	Skipped    []SkipV1     `json:"skipped"`
}

func toRecordV1(v inspect.Record) RecordV1 {
	return RecordV1{
		Inspection: toInspectionV1(v.Inspection),
		Findings:   each(v.Findings, toFindingV1),
		Skipped:    each(v.Skipped, toSkipV1),
	}
}

func (v RecordV1) domain() inspect.Record {
	return inspect.Record{
		Inspection: v.Inspection.domain(),
		Findings:   each(v.Findings, FindingV1.domain),
		Skipped:    each(v.Skipped, SkipV1.domain),
	}
}

// InspectionV1 is inspect.Inspection as stored, version 1.
type InspectionV1 struct {
	SubmissionV1
	Inspector  InspectorV1        `json:"inspector"`
	ReceivedAt time.Time          `json:"received_at"`
	District   string             `json:"district"`
	BodyHash   string             `json:"body_hash"`
	Review     InspectionReviewV1 `json:"review"`
	Flags      []FlagV1           `json:"flags"`
}

func toInspectionV1(v inspect.Inspection) InspectionV1 {
	return InspectionV1{
		SubmissionV1: toSubmissionV1(v.Submission),
		Inspector:    toInspectorV1(v.Inspector),
		ReceivedAt:   v.ReceivedAt,
		District:     v.District,
		BodyHash:     v.BodyHash,
		Review:       toInspectionReviewV1(v.Review),
		Flags:        each(v.Flags, toFlagV1),
	}
}

func (v InspectionV1) domain() inspect.Inspection {
	return inspect.Inspection{
		Submission: v.SubmissionV1.domain(),
		Inspector:  v.Inspector.domain(),
		ReceivedAt: v.ReceivedAt,
		District:   v.District,
		BodyHash:   v.BodyHash,
		Review:     v.Review.domain(),
		Flags:      each(v.Flags, FlagV1.domain),
	}
}

// SubmissionV1 is inspect.Submission as stored, version 1.
type SubmissionV1 struct {
	ID          string             `json:"id"`
	CameraID    string             `json:"camera_id,omitempty"`
	SiteID      string             `json:"site_id,omitempty"`
	Position    PositionV1         `json:"position"`
	ObservedAt  time.Time          `json:"observed_at"`
	Signage     *SignageV1         `json:"signage,omitempty"`
	Lens        *LensV1            `json:"lens,omitempty"`
	Obstruction *ObstructionV1     `json:"obstruction,omitempty"`
	Privacy     *PrivacyV1         `json:"privacy,omitempty"`
	Image       inspect.ImageState `json:"image,omitempty"`
	Running     *bool              `json:"running,omitempty"`
	Notes       string             `json:"notes,omitempty"`
}

func toSubmissionV1(v inspect.Submission) SubmissionV1 {
	return SubmissionV1{
		ID:          v.ID,
		CameraID:    v.CameraID,
		SiteID:      v.SiteID,
		Position:    toPositionV1(v.Position),
		ObservedAt:  v.ObservedAt,
		Signage:     opt(v.Signage, toSignageV1),
		Lens:        opt(v.Lens, toLensV1),
		Obstruction: opt(v.Obstruction, toObstructionV1),
		Privacy:     opt(v.Privacy, toPrivacyV1),
		Image:       v.Image,
		Running:     v.Running,
		Notes:       v.Notes,
	}
}

func (v SubmissionV1) domain() inspect.Submission {
	return inspect.Submission{
		ID:          v.ID,
		CameraID:    v.CameraID,
		SiteID:      v.SiteID,
		Position:    v.Position.domain(),
		ObservedAt:  v.ObservedAt,
		Signage:     opt(v.Signage, SignageV1.domain),
		Lens:        opt(v.Lens, LensV1.domain),
		Obstruction: opt(v.Obstruction, ObstructionV1.domain),
		Privacy:     opt(v.Privacy, PrivacyV1.domain),
		Image:       v.Image,
		Running:     v.Running,
		Notes:       v.Notes,
	}
}

// PositionV1 is inspect.Position as stored, version 1.
type PositionV1 struct {
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	AccuracyM float64 `json:"accuracy_m"`
}

func toPositionV1(v inspect.Position) PositionV1 {
	return PositionV1{
		Lat:       v.Lat,
		Lon:       v.Lon,
		AccuracyM: v.AccuracyM,
	}
}

func (v PositionV1) domain() inspect.Position {
	return inspect.Position{
		Lat:       v.Lat,
		Lon:       v.Lon,
		AccuracyM: v.AccuracyM,
	}
}

// SignageV1 is inspect.Signage as stored, version 1.
type SignageV1 struct {
	Present bool `json:"present"`
	Legible bool `json:"legible"`
}

func toSignageV1(v inspect.Signage) SignageV1 {
	return SignageV1{
		Present: v.Present,
		Legible: v.Legible,
	}
}

func (v SignageV1) domain() inspect.Signage {
	return inspect.Signage{
		Present: v.Present,
		Legible: v.Legible,
	}
}

// LensV1 is inspect.Lens as stored, version 1.
type LensV1 struct {
	MeasuredAzimuthDeg float64            `json:"measured_azimuth_deg"`
	Method             inspect.LensMethod `json:"method"`
}

func toLensV1(v inspect.Lens) LensV1 {
	return LensV1{
		MeasuredAzimuthDeg: v.MeasuredAzimuthDeg,
		Method:             v.Method,
	}
}

func (v LensV1) domain() inspect.Lens {
	return inspect.Lens{
		MeasuredAzimuthDeg: v.MeasuredAzimuthDeg,
		Method:             v.Method,
	}
}

// ObstructionV1 is inspect.Obstruction as stored, version 1.
type ObstructionV1 struct {
	Kind         inspect.ObstructionKind `json:"kind"`
	BlockedShare float64                 `json:"blocked_share"`
}

func toObstructionV1(v inspect.Obstruction) ObstructionV1 {
	return ObstructionV1{
		Kind:         v.Kind,
		BlockedShare: v.BlockedShare,
	}
}

func (v ObstructionV1) domain() inspect.Obstruction {
	return inspect.Obstruction{
		Kind:         v.Kind,
		BlockedShare: v.BlockedShare,
	}
}

// PrivacyV1 is inspect.Privacy as stored, version 1.
type PrivacyV1 struct {
	InPrivateSpace bool   `json:"in_private_space"`
	Space          string `json:"space,omitempty"`
}

func toPrivacyV1(v inspect.Privacy) PrivacyV1 {
	return PrivacyV1{
		InPrivateSpace: v.InPrivateSpace,
		Space:          v.Space,
	}
}

func (v PrivacyV1) domain() inspect.Privacy {
	return inspect.Privacy{
		InPrivateSpace: v.InPrivateSpace,
		Space:          v.Space,
	}
}

// InspectorV1 is inspect.Inspector as stored, version 1.
type InspectorV1 struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func toInspectorV1(v inspect.Inspector) InspectorV1 {
	return InspectorV1{
		ID:   v.ID,
		Name: v.Name,
	}
}

func (v InspectorV1) domain() inspect.Inspector {
	return inspect.Inspector{
		ID:   v.ID,
		Name: v.Name,
	}
}

// InspectionReviewV1 is inspect.Review as stored, version 1.
type InspectionReviewV1 struct {
	State   inspect.ReviewState `json:"state"`
	Comment string              `json:"comment,omitempty"`
	By      string              `json:"by,omitempty"`
	At      time.Time           `json:"at,omitzero"`
}

func toInspectionReviewV1(v inspect.Review) InspectionReviewV1 {
	return InspectionReviewV1{
		State:   v.State,
		Comment: v.Comment,
		By:      v.By,
		At:      v.At,
	}
}

func (v InspectionReviewV1) domain() inspect.Review {
	return inspect.Review{
		State:   v.State,
		Comment: v.Comment,
		By:      v.By,
		At:      v.At,
	}
}

// FlagV1 is inspect.Flag as stored, version 1.
type FlagV1 struct {
	Kind        inspect.FlagKind `json:"kind"`
	Value       float64          `json:"value"`
	Limit       float64          `json:"limit"`
	Message     string           `json:"message"`
	PhotoSHA256 string           `json:"photo_sha256,omitempty"`
}

func toFlagV1(v inspect.Flag) FlagV1 {
	return FlagV1{
		Kind:        v.Kind,
		Value:       v.Value,
		Limit:       v.Limit,
		Message:     v.Message,
		PhotoSHA256: v.PhotoSHA256,
	}
}

func (v FlagV1) domain() inspect.Flag {
	return inspect.Flag{
		Kind:        v.Kind,
		Value:       v.Value,
		Limit:       v.Limit,
		Message:     v.Message,
		PhotoSHA256: v.PhotoSHA256,
	}
}

// FindingV1 is inspect.Finding as stored, version 1.
type FindingV1 struct {
	ID           string           `json:"id"`
	InspectionID string           `json:"inspection_id"`
	CameraID     string           `json:"camera_id,omitempty"`
	SiteID       string           `json:"site_id,omitempty"`
	District     string           `json:"district"`
	Kind         inspect.Kind     `json:"kind"`
	Duty         string           `json:"duty,omitempty"`
	Space        string           `json:"space,omitempty"`
	Violation    string           `json:"violation"`
	Remedy       inspect.Remedy   `json:"remedy"`
	Rule         CitedV1          `json:"rule"`
	Penalties    []PenaltyEntryV1 `json:"penalties"`
	Detail       string           `json:"detail"`
	Deadline     rulebook.Date    `json:"deadline"`
	Status       inspect.Status   `json:"status"`
	UpdatedAt    time.Time        `json:"updated_at"`
}

func toFindingV1(v inspect.Finding) FindingV1 {
	return FindingV1{
		ID:           v.ID,
		InspectionID: v.InspectionID,
		CameraID:     v.CameraID,
		SiteID:       v.SiteID,
		District:     v.District,
		Kind:         v.Kind,
		Duty:         v.Duty,
		Space:        v.Space,
		Violation:    v.Violation,
		Remedy:       v.Remedy,
		Rule:         toCitedV1(v.Rule),
		Penalties:    each(v.Penalties, toPenaltyEntryV1),
		Detail:       v.Detail,
		Deadline:     v.Deadline,
		Status:       v.Status,
		UpdatedAt:    v.UpdatedAt,
	}
}

func (v FindingV1) domain() inspect.Finding {
	return inspect.Finding{
		ID:           v.ID,
		InspectionID: v.InspectionID,
		CameraID:     v.CameraID,
		SiteID:       v.SiteID,
		District:     v.District,
		Kind:         v.Kind,
		Duty:         v.Duty,
		Space:        v.Space,
		Violation:    v.Violation,
		Remedy:       v.Remedy,
		Rule:         v.Rule.domain(),
		Penalties:    each(v.Penalties, PenaltyEntryV1.domain),
		Detail:       v.Detail,
		Deadline:     v.Deadline,
		Status:       v.Status,
		UpdatedAt:    v.UpdatedAt,
	}
}

// PenaltyEntryV1 is rulebook.PenaltyEntry as stored, version 1.
type PenaltyEntryV1 struct {
	Violation             string `json:"violation"`
	Who                   string `json:"who"`
	FineMinYuan           *int   `json:"fine_min_yuan"`
	FineMaxYuan           *int   `json:"fine_max_yuan"`
	Warning               bool   `json:"warning"`
	WarningOrFine         bool   `json:"warning_or_fine"`
	Order                 string `json:"order"`
	AfterDeadline         bool   `json:"after_deadline"`
	OrSeriousConsequences bool   `json:"or_serious_consequences"`
	Confiscation          bool   `json:"confiscation"`
	Further               string `json:"further,omitempty"`
	CitedV1
	SupersededBy *CitedV1 `json:"superseded_by,omitempty"`
}

func toPenaltyEntryV1(v rulebook.PenaltyEntry) PenaltyEntryV1 {
	return PenaltyEntryV1{
		Violation:             v.Violation,
		Who:                   v.Who,
		FineMinYuan:           v.FineMinYuan,
		FineMaxYuan:           v.FineMaxYuan,
		Warning:               v.Warning,
		WarningOrFine:         v.WarningOrFine,
		Order:                 v.Order,
		AfterDeadline:         v.AfterDeadline,
		OrSeriousConsequences: v.OrSeriousConsequences,
		Confiscation:          v.Confiscation,
		Further:               v.Further,
		CitedV1:               toCitedV1(v.Cited),
		SupersededBy:          opt(v.SupersededBy, toCitedV1),
	}
}

func (v PenaltyEntryV1) domain() rulebook.PenaltyEntry {
	return rulebook.PenaltyEntry{
		Violation:             v.Violation,
		Who:                   v.Who,
		FineMinYuan:           v.FineMinYuan,
		FineMaxYuan:           v.FineMaxYuan,
		Warning:               v.Warning,
		WarningOrFine:         v.WarningOrFine,
		Order:                 v.Order,
		AfterDeadline:         v.AfterDeadline,
		OrSeriousConsequences: v.OrSeriousConsequences,
		Confiscation:          v.Confiscation,
		Further:               v.Further,
		Cited:                 v.CitedV1.domain(),
		SupersededBy:          opt(v.SupersededBy, CitedV1.domain),
	}
}

// SkipV1 is inspect.Skip as stored, version 1.
type SkipV1 struct {
	Kind   inspect.Kind `json:"kind"`
	Reason string       `json:"reason"`
}

func toSkipV1(v inspect.Skip) SkipV1 {
	return SkipV1{
		Kind:   v.Kind,
		Reason: v.Reason,
	}
}

func (v SkipV1) domain() inspect.Skip {
	return inspect.Skip{
		Kind:   v.Kind,
		Reason: v.Reason,
	}
}

// TransitionV1 is inspect.Transition as stored, version 1.
type TransitionV1 struct {
	FindingID    string         `json:"finding_id"`
	Event        inspect.Event  `json:"event"`
	From         inspect.Status `json:"from"`
	To           inspect.Status `json:"to"`
	At           time.Time      `json:"at"`
	Actor        string         `json:"actor"`
	Note         string         `json:"note,omitempty"`
	InspectionID string         `json:"inspection_id,omitempty"`
}

func toTransitionV1(v inspect.Transition) TransitionV1 {
	return TransitionV1{
		FindingID:    v.FindingID,
		Event:        v.Event,
		From:         v.From,
		To:           v.To,
		At:           v.At,
		Actor:        v.Actor,
		Note:         v.Note,
		InspectionID: v.InspectionID,
	}
}

func (v TransitionV1) domain() inspect.Transition {
	return inspect.Transition{
		FindingID:    v.FindingID,
		Event:        v.Event,
		From:         v.From,
		To:           v.To,
		At:           v.At,
		Actor:        v.Actor,
		Note:         v.Note,
		InspectionID: v.InspectionID,
	}
}

// PhotoV1 is inspect.Photo as stored, version 1.
type PhotoV1 struct {
	SHA256       string    `json:"sha256"`
	InspectionID string    `json:"inspection_id"`
	ContentType  string    `json:"content_type"`
	Size         int       `json:"size"`
	EXIF         *EXIFV1   `json:"exif,omitempty"`
	EXIFProblem  string    `json:"exif_problem,omitempty"`
	ReceivedAt   time.Time `json:"received_at"`
	Flags        []FlagV1  `json:"flags"`
}

func toPhotoV1(v inspect.Photo) PhotoV1 {
	return PhotoV1{
		SHA256:       v.SHA256,
		InspectionID: v.InspectionID,
		ContentType:  v.ContentType,
		Size:         v.Size,
		EXIF:         opt(v.EXIF, toEXIFV1),
		EXIFProblem:  v.EXIFProblem,
		ReceivedAt:   v.ReceivedAt,
		Flags:        each(v.Flags, toFlagV1),
	}
}

func (v PhotoV1) domain() inspect.Photo {
	return inspect.Photo{
		SHA256:       v.SHA256,
		InspectionID: v.InspectionID,
		ContentType:  v.ContentType,
		Size:         v.Size,
		EXIF:         opt(v.EXIF, EXIFV1.domain),
		EXIFProblem:  v.EXIFProblem,
		ReceivedAt:   v.ReceivedAt,
		Flags:        each(v.Flags, FlagV1.domain),
	}
}

// EXIFV1 is inspect.EXIF as stored, version 1.
type EXIFV1 struct {
	GPS                *LatLonV1 `json:"gps,omitempty"`
	GPSMapDatum        string    `json:"gps_map_datum,omitempty"`
	DateTimeOriginal   string    `json:"date_time_original,omitempty"`
	OffsetTimeOriginal string    `json:"offset_time_original,omitempty"`
	ImgDirection       *float64  `json:"img_direction,omitempty"`
	ImgDirectionRef    string    `json:"img_direction_ref,omitempty"`
}

func toEXIFV1(v inspect.EXIF) EXIFV1 {
	return EXIFV1{
		GPS:                opt(v.GPS, toLatLonV1),
		GPSMapDatum:        v.GPSMapDatum,
		DateTimeOriginal:   v.DateTimeOriginal,
		OffsetTimeOriginal: v.OffsetTimeOriginal,
		ImgDirection:       v.ImgDirection,
		ImgDirectionRef:    v.ImgDirectionRef,
	}
}

func (v EXIFV1) domain() inspect.EXIF {
	return inspect.EXIF{
		GPS:                opt(v.GPS, LatLonV1.domain),
		GPSMapDatum:        v.GPSMapDatum,
		DateTimeOriginal:   v.DateTimeOriginal,
		OffsetTimeOriginal: v.OffsetTimeOriginal,
		ImgDirection:       v.ImgDirection,
		ImgDirectionRef:    v.ImgDirectionRef,
	}
}

// LatLonV1 is inspect.LatLon as stored, version 1.
type LatLonV1 struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

func toLatLonV1(v inspect.LatLon) LatLonV1 {
	return LatLonV1{
		Lat: v.Lat,
		Lon: v.Lon,
	}
}

func (v LatLonV1) domain() inspect.LatLon {
	return inspect.LatLon{
		Lat: v.Lat,
		Lon: v.Lon,
	}
}

// EntryV1 is audit.Entry as stored, version 1.
type EntryV1 struct {
	Seq           uint64       `json:"seq"`
	At            time.Time    `json:"at"`
	Actor         string       `json:"actor"`
	Action        audit.Action `json:"action"`
	ObjectKind    string       `json:"object_kind"`
	ObjectID      string       `json:"object_id"`
	Detail        string       `json:"detail"`
	PayloadDigest string       `json:"payload_digest"`
	PrevHash      audit.Hash   `json:"prev_hash"`
	Hash          audit.Hash   `json:"hash"`
}

func toEntryV1(v audit.Entry) EntryV1 {
	return EntryV1{
		Seq:           v.Seq,
		At:            v.At,
		Actor:         v.Actor,
		Action:        v.Action,
		ObjectKind:    v.ObjectKind,
		ObjectID:      v.ObjectID,
		Detail:        v.Detail,
		PayloadDigest: v.PayloadDigest,
		PrevHash:      v.PrevHash,
		Hash:          v.Hash,
	}
}

func (v EntryV1) domain() audit.Entry {
	return audit.Entry{
		Seq:           v.Seq,
		At:            v.At,
		Actor:         v.Actor,
		Action:        v.Action,
		ObjectKind:    v.ObjectKind,
		ObjectID:      v.ObjectID,
		Detail:        v.Detail,
		PayloadDigest: v.PayloadDigest,
		PrevHash:      v.PrevHash,
		Hash:          v.Hash,
	}
}

// each converts every element of a slice, keeping nil apart from empty.
func each[A, B any](v []A, f func(A) B) []B {
	if v == nil {
		return nil
	}
	out := make([]B, len(v))
	for i := range v {
		out[i] = f(v[i])
	}
	return out
}

// opt converts what a pointer points at, nil to nil.
func opt[A, B any](v *A, f func(A) B) *B {
	if v == nil {
		return nil
	}
	out := f(*v)
	return &out
}
