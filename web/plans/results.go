package plans

import (
	"container/list"
	"fmt"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"

	"cctvgis/internal/httpapi"
	"cctvgis/internal/views"
	"cctvgis/planner/coverage"
)

// resultKey names a whole-plan result: a plan at a revision on one state of the city.
type resultKey struct {
	plan string
	rev  int64
	city *coverage.City
}

// resultCache keeps the last whole-plan results computed, least recently used out first,
// and computes each once however many ask for it at a time.
type resultCache struct {
	mu    sync.Mutex
	limit int
	m     map[resultKey]*list.Element
	lru   *list.List
	group singleflight.Group
}

type cachedResult struct {
	key     resultKey
	summary *views.Summary
}

func (rc *resultCache) get(k resultKey) (*views.Summary, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	el, ok := rc.m[k]
	if !ok {
		return nil, false
	}
	rc.lru.MoveToFront(el)
	return el.Value.(*cachedResult).summary, true
}

func (rc *resultCache) put(k resultKey, s *views.Summary) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if _, ok := rc.m[k]; ok {
		return
	}
	rc.m[k] = rc.lru.PushFront(&cachedResult{key: k, summary: s})
	for rc.lru.Len() > rc.limit {
		last := rc.lru.Back()
		delete(rc.m, last.Value.(*cachedResult).key)
		rc.lru.Remove(last)
	}
}

// results answers the full analysis of the city with the draft. The analysis runs once per
// revision of the plan and state of the city, outside the plan's lock, so that the plan's
// edits do not wait for it; the editor gives only its camera layer.
func (h *Handlers) results(c echo.Context) error {
	ctx := c.Request().Context()
	p, rev, pe, release, err := h.editing(ctx, httpapi.Caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	key := resultKey{plan: p.ID, rev: rev, city: pe.city}
	if s, ok := h.summaries.get(key); ok {
		release()
		return c.JSON(http.StatusOK, s)
	}
	layers, base := pe.ed.Layers(), pe.city.Result
	release()
	v, err, _ := h.summaries.group.Do(fmt.Sprintf("%s@%d@%p", p.ID, rev, pe.city), func() (any, error) {
		res, err := coverage.Analyze(ctx, layers, base.Rules, h.Taxonomy, base.Options)
		if err != nil {
			return nil, err
		}
		s := views.NewSummary(res.Summary)
		h.summaries.put(key, &s)
		return &s, nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}
