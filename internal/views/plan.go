package views

import (
	"time"

	"github.com/paulmach/orb"

	"cctvgis/planner/plan"
)

// VersionDiff is plan.VersionDiff as the API and the command line show it.
type VersionDiff struct {
	From           int      `json:"from"`
	To             int      `json:"to"`
	Added          []string `json:"added"`
	Removed        []string `json:"removed"`
	Moved          []string `json:"moved"`
	Reaimed        []string `json:"reaimed"`
	SitesCovered   []string `json:"sites_covered"`
	SitesUncovered []string `json:"sites_uncovered"`
}

// NewVersionDiff is the view of a plan.VersionDiff.
func NewVersionDiff(v plan.VersionDiff) VersionDiff {
	return VersionDiff{
		From:           v.From,
		To:             v.To,
		Added:          v.Added,
		Removed:        v.Removed,
		Moved:          v.Moved,
		Reaimed:        v.Reaimed,
		SitesCovered:   v.SitesCovered,
		SitesUncovered: v.SitesUncovered,
	}
}

// Plan is plan.Plan as the API and the command line show it.
type Plan struct {
	ID           string         `json:"id"`
	Title        string         `json:"title"`
	Rulebook     string         `json:"rulebook"`
	District     string         `json:"district"`
	Author       string         `json:"author"`
	CreatedAt    time.Time      `json:"created_at"`
	State        plan.PlanState `json:"state"`
	Stage        string         `json:"stage"`
	Draft        []Proposal     `json:"draft"`
	NextProposal int            `json:"next_proposal"`
	Versions     []Version      `json:"versions"`
	Comments     []Comment      `json:"comments"`
}

// NewPlan is the view of a plan.Plan.
func NewPlan(v plan.Plan) Plan {
	return Plan{
		ID:           v.ID,
		Title:        v.Title,
		Rulebook:     v.Rulebook,
		District:     v.District,
		Author:       v.Author,
		CreatedAt:    v.CreatedAt,
		State:        v.State,
		Stage:        v.Stage,
		Draft:        each(v.Draft, NewProposal),
		NextProposal: v.NextProposal,
		Versions:     each(v.Versions, NewVersion),
		Comments:     each(v.Comments, NewComment),
	}
}

// Version is plan.Version as the API and the command line show it.
type Version struct {
	Number      int          `json:"number"`
	Title       string       `json:"title"`
	Proposals   []Proposal   `json:"proposals"`
	Hash        string       `json:"hash"`
	SubmittedBy string       `json:"submitted_by"`
	SubmittedAt time.Time    `json:"submitted_at"`
	Stages      []StageEntry `json:"stages"`
	Reviews     []PlanReview `json:"reviews"`
	Outcome     plan.Outcome `json:"outcome"`
	Applied     *Application `json:"applied,omitempty"`
}

// NewVersion is the view of a plan.Version.
func NewVersion(v plan.Version) Version {
	return Version{
		Number:      v.Number,
		Title:       v.Title,
		Proposals:   each(v.Proposals, NewProposal),
		Hash:        v.Hash,
		SubmittedBy: v.SubmittedBy,
		SubmittedAt: v.SubmittedAt,
		Stages:      each(v.Stages, NewStageEntry),
		Reviews:     each(v.Reviews, NewPlanReview),
		Outcome:     v.Outcome,
		Applied:     opt(v.Applied, NewApplication),
	}
}

// PlanReview is plan.Review as the API and the command line show it.
type PlanReview struct {
	Stage    string        `json:"stage"`
	Decision plan.Decision `json:"decision"`
	By       string        `json:"by"`
	At       time.Time     `json:"at"`
	Note     string        `json:"note"`
}

// NewPlanReview is the view of a plan.Review.
func NewPlanReview(v plan.Review) PlanReview {
	return PlanReview{
		Stage:    v.Stage,
		Decision: v.Decision,
		By:       v.By,
		At:       v.At,
		Note:     v.Note,
	}
}

// Application is plan.Application as the API and the command line show it.
type Application struct {
	At    time.Time `json:"at"`
	By    string    `json:"by"`
	Added []string  `json:"added"`
	Prior []Camera  `json:"prior"`
}

// NewApplication is the view of a plan.Application.
func NewApplication(v plan.Application) Application {
	return Application{
		At:    v.At,
		By:    v.By,
		Added: v.Added,
		Prior: each(v.Prior, NewCamera),
	}
}

// Comment is plan.Comment as the API and the command line show it.
type Comment struct {
	ID       string     `json:"id"`
	Version  int        `json:"version"`
	By       string     `json:"by"`
	At       time.Time  `json:"at"`
	Text     string     `json:"text"`
	Pos      *orb.Point `json:"pos,omitempty"`
	Proposal string     `json:"proposal,omitempty"`
}

// NewComment is the view of a plan.Comment.
func NewComment(v plan.Comment) Comment {
	return Comment{
		ID:       v.ID,
		Version:  v.Version,
		By:       v.By,
		At:       v.At,
		Text:     v.Text,
		Pos:      v.Pos,
		Proposal: v.Proposal,
	}
}

// CameraChange is plan.CameraChange as the API and the command line show it.
type CameraChange struct {
	Plan    string   `json:"plan"`
	Version int      `json:"version"`
	Hash    string   `json:"hash"`
	Upsert  []Camera `json:"upsert"`
	Delete  []string `json:"delete"`
}

// NewCameraChange is the view of a plan.CameraChange.
func NewCameraChange(v plan.CameraChange) CameraChange {
	return CameraChange{
		Plan:    v.Plan,
		Version: v.Version,
		Hash:    v.Hash,
		Upsert:  each(v.Upsert, NewCamera),
		Delete:  v.Delete,
	}
}
