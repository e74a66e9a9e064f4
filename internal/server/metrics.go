package server

import (
	"context"
	"time"

	"cctvgis/internal/jobs"
)

// metrics adds the server's gauges to the API's metrics: the city's version and size, how
// long its last build took, and the store's connection pool when it has one.
func (s *Server) metrics() {
	m := s.api.Metrics()
	m.Gauge("cctvgis_city_version", "The store version the server's city was built from.",
		func() float64 { return float64(s.City().Version) })
	m.Gauge("cctvgis_city_cameras", "Cameras in the server's city.",
		func() float64 { return float64(len(s.City().Layers().Cameras)) })
	m.Gauge("cctvgis_city_build_seconds", "How long the server's current city took to read, analyse and index.",
		func() float64 { return s.cur.Load().built.Seconds() })
	depth := func(pick func(jobs.Depth) int) func() float64 {
		return func() float64 {
			// A scrape has no context of its own; it waits for the store at most this.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			d, err := s.queue.Depth(ctx)
			if err != nil {
				return -1
			}
			return float64(pick(d))
		}
	}
	m.Gauge("cctvgis_jobs_queued", "Background jobs waiting, in every process of the store.", depth(func(d jobs.Depth) int { return d.Queued }))
	m.Gauge("cctvgis_jobs_running", "Background jobs running, in every process of the store.", depth(func(d jobs.Depth) int { return d.Running }))
	if p, ok := s.store.(interface {
		PoolStats() (acquired, idle, total, max int32)
	}); ok {
		stat := func(pick func(acquired, idle, total, max int32) int32) func() float64 {
			return func() float64 { return float64(pick(p.PoolStats())) }
		}
		m.Gauge("cctvgis_db_pool_acquired", "Store connections in use.", stat(func(a, _, _, _ int32) int32 { return a }))
		m.Gauge("cctvgis_db_pool_idle", "Store connections idle.", stat(func(_, i, _, _ int32) int32 { return i }))
		m.Gauge("cctvgis_db_pool_total", "Store connections open.", stat(func(_, _, t, _ int32) int32 { return t }))
		m.Gauge("cctvgis_db_pool_max", "The most store connections the pool opens.", stat(func(_, _, _, x int32) int32 { return x }))
	}
}
