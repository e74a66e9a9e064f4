package auth

// NewMemThrottle returns the ThrottleStore of NewLimiter, for the conformance suite that
// the PostGIS store passes too.
func NewMemThrottle(maxKeys int) ThrottleStore { return newMemThrottle(maxKeys) }
