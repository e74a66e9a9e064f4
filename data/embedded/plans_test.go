package embedded_test

import (
	"path/filepath"
	"testing"

	"cctvgis/data/storetest"
)

func TestEmbeddedPlansConformance(t *testing.T) {
	storetest.RunPlans(t, func(t *testing.T) storetest.PlanStore {
		t.Helper()
		return openEmbedded(t, filepath.Join(t.TempDir(), "p.db"))
	})
}
