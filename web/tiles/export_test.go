package tiles

import (
	"context"

	"github.com/paulmach/orb/maptile"
)

// Cut cuts the tile z/x/y afresh, past the cache, for the tests that time or compare
// cutting.
func (s *Source) Cut(ctx context.Context, z, x, y uint32) ([]byte, error) {
	return s.cut(ctx, maptile.New(x, y, maptile.Zoom(z)), 0)
}
