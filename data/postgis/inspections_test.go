package postgis_test

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cctvgis/data/pgtest"
	"cctvgis/data/postgis"
	"cctvgis/data/rules"
	"cctvgis/data/storetest"
	"cctvgis/inspect"
	"cctvgis/internal/audit"
)

func openInspections(t *testing.T) inspect.Store {
	t.Helper()
	return openPostGIS(t, pgtest.URL(t))
}

func TestPostGISInspectionsConformance(t *testing.T) {
	pgtest.Database(t)
	storetest.RunInspections(t, openInspections)
}

// exec runs SQL straight on the store's tables, behind its back, and wants one row changed.
func exec(t *testing.T, s inspect.Store, sql string, args ...any) {
	t.Helper()
	tag, err := s.(*postgis.Store).Pool().Exec(t.Context(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	if tag.RowsAffected() != 1 {
		t.Fatalf("%s changed %d rows, want 1", sql, tag.RowsAffected())
	}
}

// Edits made with SQL straight on the tables are found by verification, each naming what
// was changed.
func TestPostGISTamper(t *testing.T) {
	pgtest.Database(t)
	last := fmt.Sprint(storetest.WorkloadEntries)
	storetest.RunTamper(t, openInspections, []storetest.Tamper{
		{Name: "an audit entry's actor edited", ChainSeq: 5, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			exec(t, s, `UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5`)
		}},
		{Name: "an audit entry's time edited", ChainSeq: 11, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			exec(t, s, `UPDATE audit_log SET at = at - interval '1 microsecond' WHERE seq = 11`)
		}},
		{Name: "an audit entry's payload digest edited", ChainSeq: 2, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			exec(t, s, `UPDATE audit_log SET payload_digest = $1 WHERE seq = 2`, audit.HexDigest([]byte("other")))
		}},
		{Name: "an audit entry deleted", ChainSeq: 9, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			exec(t, s, `DELETE FROM audit_log WHERE seq = 9`)
		}},
		{Name: "the first audit entry deleted", ChainSeq: 1, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			exec(t, s, `DELETE FROM audit_log WHERE seq = 1`)
		}},
		{Name: "the last audit entry deleted", ChainSeq: storetest.WorkloadEntries, Edit: func(t *testing.T, s inspect.Store, _ storetest.Workload) {
			t.Helper()
			exec(t, s, `DELETE FROM audit_log WHERE seq = `+last)
		}},
		{Name: "an inspection's body hash edited", Object: storetest.TamperedInspection, Edit: func(t *testing.T, s inspect.Store, w storetest.Workload) {
			t.Helper()
			exec(t, s, `UPDATE inspections SET body_hash = $2 WHERE id = $1`, w.Records[0].Inspection.ID, audit.HexDigest([]byte("other")))
		}},
		{Name: "an inspection's notes edited", Object: storetest.TamperedInspection, Edit: func(t *testing.T, s inspect.Store, w storetest.Workload) {
			t.Helper()
			exec(t, s, `UPDATE inspections SET body = jsonb_set(body, '{notes}', '"无异常"') WHERE id = $1`, w.Records[0].Inspection.ID)
		}},
		{Name: "an inspection moved", Object: storetest.TamperedInspection, Edit: func(t *testing.T, s inspect.Store, w storetest.Workload) {
			t.Helper()
			exec(t, s, `UPDATE inspections SET position = ST_Translate(position, 0.001, 0) WHERE id = $1`, w.Records[0].Inspection.ID)
		}},
		{Name: "a finding's status edited", Object: storetest.TamperedFinding, Edit: func(t *testing.T, s inspect.Store, w storetest.Workload) {
			t.Helper()
			exec(t, s, `UPDATE findings SET status = 'verified' WHERE id = $1`, w.Moved.ID)
		}},
		{Name: "a finding's transition deleted", Object: storetest.TamperedFinding, Edit: func(t *testing.T, s inspect.Store, w storetest.Workload) {
			t.Helper()
			exec(t, s, `DELETE FROM finding_transitions WHERE finding_id = $1`, w.Moved.ID)
		}},
	})
}

// BenchmarkPostGISRecordInspection records new inspections with two findings and an audit
// entry each from parallel clients, reporting inspections/s and the p99 latency: the
// clients' calls are written in groups, one commit a group.
func BenchmarkPostGISRecordInspection(b *testing.B) {
	lib, err := rules.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := postgis.Open(b.Context(), pgtest.Schema(b), lib.Taxonomy)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	var n atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(8)
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			i := n.Add(1)
			rec := storetest.NewRecord(storetest.Sub(fmt.Sprintf("0d000000-0000-4000-8000-%012d", i), "cam-1", time.Minute), "芦淞区",
				[]inspect.Kind{inspect.KindObstructed, inspect.KindNoSignage}, []int{7, 15})
			t0 := time.Now()
			if _, _, err := st.RecordInspection(b.Context(), rec, storetest.CreateEntry(rec)); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "inspections/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}
