package coverage

// NewLayer builds the named layer's descriptor anew from fields, as the package builds its
// own when it loads, so that a test can reorder or break a field list. It panics as the
// package would.
func NewLayer(name string, fields ...Field) *LayerDesc {
	build := map[string]func(...Field) *LayerDesc{
		LayerSites: sitesLayer, LayerEntrances: entrancesLayer, LayerCameras: camerasLayer, LayerRoads: roadsLayer,
		LayerOccluders: occludersLayer, LayerPrivateSpaces: privateSpacesLayer, LayerDistricts: districtsLayer,
	}[name]
	return build(fields...)
}
