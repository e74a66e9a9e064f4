package mobileapi

import (
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"time"

	"cctvgis/auth"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
	"cctvgis/internal/httpapi"
	"cctvgis/planner/coverage"
	"cctvgis/planner/rulebook"
)

// Config is the phone routes' local settings. The zero value of a field means its default.
type Config struct {
	// Settings are the thresholds and rectification days of findings and flags.
	Settings inspect.Settings
	// MaxBody is the largest JSON body, in bytes (default 1 MiB); a sync batch may be
	// SyncMax times that, at most 64 MiB.
	MaxBody int64
	// MaxPhoto is the largest photo, in bytes (default 15 MB).
	MaxPhoto int64
	// MaxAge is how old an observation may be when it first arrives (default 30 days).
	MaxAge time.Duration
	// StaleAfter is how long since its last inspection a camera is due again (default
	// 180 days).
	StaleAfter time.Duration
	// SyncMax is the most items of one sync batch (default 500).
	SyncMax int
}

func (c Config) withDefaults() Config {
	if c.Settings.RectificationDays == nil {
		c.Settings = inspect.DefaultSettings()
	}
	if c.Settings.Zone == nil {
		c.Settings.Zone = inspect.ChinaTime()
	}
	if c.MaxBody <= 0 {
		c.MaxBody = httpapi.DefaultMaxBody
	}
	if c.MaxPhoto <= 0 {
		c.MaxPhoto = 15_000_000
	}
	if c.MaxAge <= 0 {
		c.MaxAge = 30 * 24 * time.Hour
	}
	if c.StaleAfter <= 0 {
		c.StaleAfter = 180 * 24 * time.Hour
	}
	if c.SyncMax <= 0 {
		c.SyncMax = 500
	}
	return c
}

// Deps are what the phone routes work on.
type Deps struct {
	Auth  *auth.Service
	Store inspect.Store
	// City returns the server's current city; a request reads it once.
	City func() *coverage.City
	// Rules returns the jurisdiction's effective rules on a day.
	Rules    func(rulebook.Date) (*rulebook.EffectiveRules, error)
	Taxonomy *rulebook.Taxonomy
	Log      *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Handlers serve the phone routes; they are its methods.
type Handlers struct {
	Deps
	cfg Config
}

// New returns the phone routes over deps.
func New(deps Deps, cfg Config) (*Handlers, error) {
	if deps.Auth == nil || deps.Store == nil || deps.City == nil || deps.Rules == nil || deps.Taxonomy == nil {
		return nil, errors.New("mobileapi: Auth, Store, City, Rules and Taxonomy are required")
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	h := &Handlers{Deps: deps, cfg: cfg.withDefaults()}
	if err := h.cfg.Settings.Validate(); err != nil {
		return nil, fmt.Errorf("mobileapi settings: %w", err)
	}
	return h, nil
}

// Register mounts every phone route on api: the one function that knows them all.
func (h *Handlers) Register(api *httpapi.API) error {
	api.Schema(reflect.TypeFor[rulebook.Date](), map[string]any{"type": "string", "format": "date", "nullable": true})
	api.Schema(reflect.TypeFor[audit.Hash](), map[string]any{"type": "string", "pattern": "^[0-9a-f]{64}$"})
	return api.Mount(h.endpoints()...)
}
