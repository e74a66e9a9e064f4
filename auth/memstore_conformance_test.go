package auth_test

import (
	"testing"

	"cctvgis/auth"
	"cctvgis/data/storetest"
)

// The service's tests run over memStore; it passes the suite the real stores pass.
func TestMemStoreConformance(t *testing.T) {
	storetest.RunAccounts(t, func(*testing.T) auth.Store { return newMemStore() })
}
