package views

import (
	"time"

	"cctvgis/inspect"
	"cctvgis/planner/rulebook"
)

// Inspection is inspect.Inspection as the API and the command line show it.
type Inspection struct {
	Submission
	Inspector  Inspector        `json:"inspector"`
	ReceivedAt time.Time        `json:"received_at"`
	District   string           `json:"district"`
	BodyHash   string           `json:"body_hash"`
	Review     InspectionReview `json:"review"`
	Flags      []Flag           `json:"flags"`
}

// NewInspection is the view of a inspect.Inspection.
func NewInspection(v inspect.Inspection) Inspection {
	return Inspection{
		Submission: NewSubmission(v.Submission),
		Inspector:  NewInspector(v.Inspector),
		ReceivedAt: v.ReceivedAt,
		District:   v.District,
		BodyHash:   v.BodyHash,
		Review:     NewInspectionReview(v.Review),
		Flags:      each(v.Flags, NewFlag),
	}
}

// Submission is inspect.Submission as the API and the command line show it.
type Submission struct {
	ID          string             `json:"id"`
	CameraID    string             `json:"camera_id,omitempty"`
	SiteID      string             `json:"site_id,omitempty"`
	Position    Position           `json:"position"`
	ObservedAt  time.Time          `json:"observed_at"`
	Signage     *Signage           `json:"signage,omitempty"`
	Lens        *Lens              `json:"lens,omitempty"`
	Obstruction *Obstruction       `json:"obstruction,omitempty"`
	Privacy     *Privacy           `json:"privacy,omitempty"`
	Image       inspect.ImageState `json:"image,omitempty"`
	Running     *bool              `json:"running,omitempty"`
	Notes       string             `json:"notes,omitempty"`
}

// NewSubmission is the view of a inspect.Submission.
func NewSubmission(v inspect.Submission) Submission {
	return Submission{
		ID:          v.ID,
		CameraID:    v.CameraID,
		SiteID:      v.SiteID,
		Position:    NewPosition(v.Position),
		ObservedAt:  v.ObservedAt,
		Signage:     opt(v.Signage, NewSignage),
		Lens:        opt(v.Lens, NewLens),
		Obstruction: opt(v.Obstruction, NewObstruction),
		Privacy:     opt(v.Privacy, NewPrivacy),
		Image:       v.Image,
		Running:     v.Running,
		Notes:       v.Notes,
	}
}

// Domain is the inspect.Submission a client sent.
func (v Submission) Domain() inspect.Submission {
	return inspect.Submission{
		ID:          v.ID,
		CameraID:    v.CameraID,
		SiteID:      v.SiteID,
		Position:    v.Position.Domain(),
		ObservedAt:  v.ObservedAt,
		Signage:     opt(v.Signage, Signage.Domain),
		Lens:        opt(v.Lens, Lens.Domain),
		Obstruction: opt(v.Obstruction, Obstruction.Domain),
		Privacy:     opt(v.Privacy, Privacy.Domain),
		Image:       v.Image,
		Running:     v.Running,
		Notes:       v.Notes,
	}
}

// Position is inspect.Position as the API and the command line show it.
type Position struct {
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	AccuracyM float64 `json:"accuracy_m"`
}

// NewPosition is the view of a inspect.Position.
func NewPosition(v inspect.Position) Position {
	return Position{
		Lat:       v.Lat,
		Lon:       v.Lon,
		AccuracyM: v.AccuracyM,
	}
}

// Domain is the inspect.Position a client sent.
func (v Position) Domain() inspect.Position {
	return inspect.Position{
		Lat:       v.Lat,
		Lon:       v.Lon,
		AccuracyM: v.AccuracyM,
	}
}

// Signage is inspect.Signage as the API and the command line show it.
type Signage struct {
	Present bool `json:"present"`
	Legible bool `json:"legible"`
}

// NewSignage is the view of a inspect.Signage.
func NewSignage(v inspect.Signage) Signage {
	return Signage{
		Present: v.Present,
		Legible: v.Legible,
	}
}

// Domain is the inspect.Signage a client sent.
func (v Signage) Domain() inspect.Signage {
	return inspect.Signage{
		Present: v.Present,
		Legible: v.Legible,
	}
}

// Lens is inspect.Lens as the API and the command line show it.
type Lens struct {
	MeasuredAzimuthDeg float64            `json:"measured_azimuth_deg"`
	Method             inspect.LensMethod `json:"method"`
}

// NewLens is the view of a inspect.Lens.
func NewLens(v inspect.Lens) Lens {
	return Lens{
		MeasuredAzimuthDeg: v.MeasuredAzimuthDeg,
		Method:             v.Method,
	}
}

// Domain is the inspect.Lens a client sent.
func (v Lens) Domain() inspect.Lens {
	return inspect.Lens{
		MeasuredAzimuthDeg: v.MeasuredAzimuthDeg,
		Method:             v.Method,
	}
}

// Obstruction is inspect.Obstruction as the API and the command line show it.
type Obstruction struct {
	Kind         inspect.ObstructionKind `json:"kind"`
	BlockedShare float64                 `json:"blocked_share"`
}

// NewObstruction is the view of a inspect.Obstruction.
func NewObstruction(v inspect.Obstruction) Obstruction {
	return Obstruction{
		Kind:         v.Kind,
		BlockedShare: v.BlockedShare,
	}
}

// Domain is the inspect.Obstruction a client sent.
func (v Obstruction) Domain() inspect.Obstruction {
	return inspect.Obstruction{
		Kind:         v.Kind,
		BlockedShare: v.BlockedShare,
	}
}

// Privacy is inspect.Privacy as the API and the command line show it.
type Privacy struct {
	InPrivateSpace bool   `json:"in_private_space"`
	Space          string `json:"space,omitempty"`
}

// NewPrivacy is the view of a inspect.Privacy.
func NewPrivacy(v inspect.Privacy) Privacy {
	return Privacy{
		InPrivateSpace: v.InPrivateSpace,
		Space:          v.Space,
	}
}

// Domain is the inspect.Privacy a client sent.
func (v Privacy) Domain() inspect.Privacy {
	return inspect.Privacy{
		InPrivateSpace: v.InPrivateSpace,
		Space:          v.Space,
	}
}

// Inspector is inspect.Inspector as the API and the command line show it.
type Inspector struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// NewInspector is the view of a inspect.Inspector.
func NewInspector(v inspect.Inspector) Inspector {
	return Inspector{
		ID:   v.ID,
		Name: v.Name,
	}
}

// InspectionReview is inspect.Review as the API and the command line show it.
type InspectionReview struct {
	State   inspect.ReviewState `json:"state"`
	Comment string              `json:"comment,omitempty"`
	By      string              `json:"by,omitempty"`
	At      time.Time           `json:"at,omitzero"`
}

// NewInspectionReview is the view of a inspect.Review.
func NewInspectionReview(v inspect.Review) InspectionReview {
	return InspectionReview{
		State:   v.State,
		Comment: v.Comment,
		By:      v.By,
		At:      v.At,
	}
}

// Flag is inspect.Flag as the API and the command line show it.
type Flag struct {
	Kind        inspect.FlagKind `json:"kind"`
	Value       float64          `json:"value"`
	Limit       float64          `json:"limit"`
	Message     string           `json:"message"`
	PhotoSHA256 string           `json:"photo_sha256,omitempty"`
}

// NewFlag is the view of a inspect.Flag.
func NewFlag(v inspect.Flag) Flag {
	return Flag{
		Kind:        v.Kind,
		Value:       v.Value,
		Limit:       v.Limit,
		Message:     v.Message,
		PhotoSHA256: v.PhotoSHA256,
	}
}

// Finding is inspect.Finding as the API and the command line show it.
type Finding struct {
	ID           string         `json:"id"`
	InspectionID string         `json:"inspection_id"`
	CameraID     string         `json:"camera_id,omitempty"`
	SiteID       string         `json:"site_id,omitempty"`
	District     string         `json:"district"`
	Kind         inspect.Kind   `json:"kind"`
	Duty         string         `json:"duty,omitempty"`
	Space        string         `json:"space,omitempty"`
	Violation    string         `json:"violation"`
	Remedy       inspect.Remedy `json:"remedy"`
	Rule         Cited          `json:"rule"`
	Penalties    []PenaltyEntry `json:"penalties"`
	Detail       string         `json:"detail"`
	Deadline     rulebook.Date  `json:"deadline"`
	Status       inspect.Status `json:"status"`
	UpdatedAt    time.Time      `json:"updated_at"`
}

// NewFinding is the view of a inspect.Finding.
func NewFinding(v inspect.Finding) Finding {
	return Finding{
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
		Rule:         NewCited(v.Rule),
		Penalties:    each(v.Penalties, NewPenaltyEntry),
		Detail:       v.Detail,
		Deadline:     v.Deadline,
		Status:       v.Status,
		UpdatedAt:    v.UpdatedAt,
	}
}

// Transition is inspect.Transition as the API and the command line show it.
type Transition struct {
	FindingID    string         `json:"finding_id"`
	Event        inspect.Event  `json:"event"`
	From         inspect.Status `json:"from"`
	To           inspect.Status `json:"to"`
	At           time.Time      `json:"at"`
	Actor        string         `json:"actor"`
	Note         string         `json:"note,omitempty"`
	InspectionID string         `json:"inspection_id,omitempty"`
}

// NewTransition is the view of a inspect.Transition.
func NewTransition(v inspect.Transition) Transition {
	return Transition{
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

// Photo is inspect.Photo as the API and the command line show it.
type Photo struct {
	SHA256       string    `json:"sha256"`
	InspectionID string    `json:"inspection_id"`
	ContentType  string    `json:"content_type"`
	Size         int       `json:"size"`
	EXIF         *EXIF     `json:"exif,omitempty"`
	EXIFProblem  string    `json:"exif_problem,omitempty"`
	ReceivedAt   time.Time `json:"received_at"`
	Flags        []Flag    `json:"flags"`
}

// NewPhoto is the view of a inspect.Photo.
func NewPhoto(v inspect.Photo) Photo {
	return Photo{
		SHA256:       v.SHA256,
		InspectionID: v.InspectionID,
		ContentType:  v.ContentType,
		Size:         v.Size,
		EXIF:         opt(v.EXIF, NewEXIF),
		EXIFProblem:  v.EXIFProblem,
		ReceivedAt:   v.ReceivedAt,
		Flags:        each(v.Flags, NewFlag),
	}
}

// EXIF is inspect.EXIF as the API and the command line show it.
type EXIF struct {
	GPS                *LatLon  `json:"gps,omitempty"`
	GPSMapDatum        string   `json:"gps_map_datum,omitempty"`
	DateTimeOriginal   string   `json:"date_time_original,omitempty"`
	OffsetTimeOriginal string   `json:"offset_time_original,omitempty"`
	ImgDirection       *float64 `json:"img_direction,omitempty"`
	ImgDirectionRef    string   `json:"img_direction_ref,omitempty"`
}

// NewEXIF is the view of a inspect.EXIF.
func NewEXIF(v inspect.EXIF) EXIF {
	return EXIF{
		GPS:                opt(v.GPS, NewLatLon),
		GPSMapDatum:        v.GPSMapDatum,
		DateTimeOriginal:   v.DateTimeOriginal,
		OffsetTimeOriginal: v.OffsetTimeOriginal,
		ImgDirection:       v.ImgDirection,
		ImgDirectionRef:    v.ImgDirectionRef,
	}
}

// LatLon is inspect.LatLon as the API and the command line show it.
type LatLon struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// NewLatLon is the view of a inspect.LatLon.
func NewLatLon(v inspect.LatLon) LatLon {
	return LatLon{
		Lat: v.Lat,
		Lon: v.Lon,
	}
}

// Skip is inspect.Skip as the API and the command line show it.
type Skip struct {
	Kind   inspect.Kind `json:"kind"`
	Reason string       `json:"reason"`
}

// NewSkip is the view of a inspect.Skip.
func NewSkip(v inspect.Skip) Skip {
	return Skip{
		Kind:   v.Kind,
		Reason: v.Reason,
	}
}
