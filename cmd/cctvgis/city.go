package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/labstack/echo/v4"

	"cctvgis/mobileapi"
	"cctvgis/planner"
	"cctvgis/web/overview"
	"cctvgis/web/tiles"
)

// city is the store's layers and their analysis under today's rules, which the API and
// the map answer from.
type city struct {
	layers *planner.Layers
	// res is nil for a city without cameras.
	res *planner.Result
}

// analysisOptions are the options the server analyses a city with, and plans draft
// with: the buildings hide what is behind them when the store holds any.
func analysisOptions(l *planner.Layers) planner.Options {
	return planner.Options{UseOccluders: len(l.Occluders) > 0}
}

// loadCity reads the store's layers and analyses them under today's rules.
func loadCity(ctx context.Context, store planner.LayerStore, lib *planner.Library, code string, e *env) (*city, error) {
	var l planner.Layers
	if err := store.ReadLayers(ctx, planner.LayerQuery{}, &l); err != nil {
		return nil, fmt.Errorf("reading the layers: %w", err)
	}
	if len(l.Cameras) == 0 {
		return &city{layers: &l}, nil
	}
	eff, err := lib.Effective(code, e.today())
	if err != nil {
		return nil, usageError{err}
	}
	res, err := planner.Analyze(ctx, &l, eff, lib.Taxonomy, analysisOptions(&l))
	if err != nil {
		return nil, fmt.Errorf("analysing the layers: %w", err)
	}
	return &city{layers: &l, res: res}, nil
}

// cityState is one state of the city that the server answers from: the layers, their
// analysis, and what the map and the API make of them. It never changes once made.
type cityState struct {
	city
	tiles    *tiles.Source
	overview *overview.City
	registry *mobileapi.City
}

// liveCity holds the server's current cityState behind one swap. When a plan is applied
// it reads the layers again, analyses them and swaps in the new state, in the background
// and one reload at a time; requests under way keep the state they started with.
type liveCity struct {
	store   planner.LayerStore
	lib     *planner.Library
	code    string
	basemap *overview.Basemap
	e       *env
	log     *slog.Logger

	cur atomic.Pointer[cityState]
	// stale holds a reload request; more requests while one waits are one reload.
	stale chan struct{}
	// swapped are told each new state after it is swapped in.
	swapped []func(*cityState)
}

// newLiveCity loads the first state of the city from the store.
func newLiveCity(ctx context.Context, store planner.LayerStore, lib *planner.Library, code string, basemap *overview.Basemap, e *env, log *slog.Logger) (*liveCity, error) {
	lc := &liveCity{store: store, lib: lib, code: code, basemap: basemap, e: e, log: log, stale: make(chan struct{}, 1)}
	st, err := lc.load(ctx)
	if err != nil {
		return nil, err
	}
	lc.cur.Store(st)
	return lc, nil
}

// load reads and analyses the store's layers and builds the tiles, the overview and the
// API's registry of them.
func (lc *liveCity) load(ctx context.Context) (*cityState, error) {
	c, err := loadCity(ctx, lc.store, lc.lib, lc.code, lc.e)
	if err != nil {
		return nil, err
	}
	book, err := lc.lib.Rulebook(lc.code)
	if err != nil {
		return nil, usageError{err}
	}
	eff, err := lc.lib.Effective(lc.code, lc.e.today())
	if err != nil {
		return nil, usageError{err}
	}
	src := tiles.NewSource(c.layers, c.res, tiles.Options{})
	return &cityState{city: *c, tiles: src, registry: mobileapi.NewCity(c.layers, c.res),
		overview: overview.NewCity(overview.Input{Layers: c.layers, Result: c.res, Rules: eff, Rulebook: book,
			Taxonomy: lc.lib.Taxonomy, Tiles: src.Layers(), Basemap: lc.basemap})}, nil
}

// current is the state a request answers from; a handler reads it once.
func (lc *liveCity) current() *cityState { return lc.cur.Load() }

// overview is the current overview, for the overview routes.
func (lc *liveCity) overview() *overview.City { return lc.current().overview }

// handleTile answers a tile request from the current state.
func (lc *liveCity) handleTile(c echo.Context) error { return lc.current().tiles.Handle(c) }

// changed asks for a reload: the store's layers changed.
func (lc *liveCity) changed() {
	select {
	case lc.stale <- struct{}{}:
	default:
	}
}

// refresh reloads the city whenever it is asked to, until ctx ends. A reload that fails
// is logged and the old state kept.
func (lc *liveCity) refresh(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-lc.stale:
		}
		st, err := lc.load(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			lc.log.Error("reloading the city after a change; the map keeps the old state", "err", err)
			continue
		}
		lc.cur.Store(st)
		for _, fn := range lc.swapped {
			fn(st)
		}
		lc.log.Info("reloaded the city", "cameras", len(st.layers.Cameras))
	}
}
