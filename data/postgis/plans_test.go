package postgis_test

import (
	"testing"

	"cctvgis/data/pgtest"
	"cctvgis/data/storetest"
)

func TestPostGISPlansConformance(t *testing.T) {
	pgtest.Database(t)
	storetest.RunPlans(t, func(t *testing.T) storetest.PlanStore {
		t.Helper()
		return openPostGIS(t, pgtest.URL(t))
	})
}
