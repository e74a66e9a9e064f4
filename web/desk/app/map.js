// The map: the city's vector tiles from the server (sites by coverage, roads by watched
// share, cameras and their footprints, hotspots, violations, districts), an optional raster
// base map, and the overlays a page draws itself (a plan's cameras, comment pins,
// findings). No fonts or sprites are fetched: labels are HTML, never map symbols.
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { authHeader } from './api.js';

export const COLORS = {
  covered: '#2e9d5b', partial: '#f0a030', uncovered: '#d64545', other: '#9aa5b1',
  government: '#2166ac', private: '#8e3fa8', unknown: '#7a7a7a', hotspot: '#7d3c98',
  violation: '#c0392b', proposal: '#009c9c', removed: '#333333', pin: '#ff7f0e',
  open: '#d64545', reopened: '#8b1a1a', rectified: '#f0a030', verified: '#2e9d5b',
};

const coverage = ['coalesce', ['feature-state', 'coverage'], ['get', 'coverage']];

// GROUPS are the layer toggles: each names the style layers it shows and hides.
export const GROUPS = [
  { id: 'districts', layers: ['districts-fill', 'districts-line'], on: true },
  { id: 'roads', layers: ['roads'], on: true },
  { id: 'watched', layers: ['roads-watched'], on: true },
  { id: 'hotspots', layers: ['hotspot-centres', 'hotspots-fill', 'hotspots-line'], on: true },
  { id: 'hot_cells', layers: ['hot-cells'], on: false },
  { id: 'sites', layers: ['sites-fill', 'sites-line', 'sites-point'], on: true },
  { id: 'footprints', layers: ['footprints'], on: true },
  { id: 'cameras', layers: ['cameras'], on: true },
  { id: 'violations', layers: ['violations'], on: true },
];

function style(city, only) {
  const tiles = [`${location.origin}/api/v1/tiles/{z}/{x}/{y}${only ? `?layers=${only.join(',')}` : ''}`];
  const zoom = (name) => city.layers?.find((l) => l.name === name) ?? { minzoom: 0, maxzoom: 22 };
  const sources = {
    city: { type: 'vector', tiles, minzoom: 0, maxzoom: 22, promoteId: { districts: 'name', sites: 'id', cameras: 'id', footprints: 'id', hotspots: 'id', roads: 'id' } },
  };
  const layers = [{ id: 'background', type: 'background', paint: { 'background-color': '#f2f0eb' } }];
  if (city.basemap) {
    sources.basemap = { type: 'raster', tiles: [city.basemap.url], tileSize: 256, attribution: city.basemap.attribution ?? '' };
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.85 } });
  }
  const v = (id, type, layer, paint, extra = {}) => ({
    id, type, source: 'city', 'source-layer': layer, minzoom: zoom(layer).minzoom, paint, ...extra,
  });
  layers.push(
    v('districts-fill', 'fill', 'districts', { 'fill-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#dbe6f3', '#ffffff'], 'fill-opacity': 0.55 }),
    v('districts-line', 'line', 'districts', { 'line-color': '#52627a', 'line-width': 1.5, 'line-dasharray': [3, 2] }),
    v('roads', 'line', 'roads', {
      'line-color': ['case', ['get', 'mandatory'],
        ['interpolate', ['linear'], ['get', 'share'], 0, COLORS.uncovered, 0.5, COLORS.partial, 1, COLORS.covered], '#c3c8cf'],
      'line-width': ['interpolate', ['linear'], ['zoom'], 11, ['case', ['get', 'mandatory'], 1.2, 0.5], 17, ['case', ['get', 'mandatory'], 5, 2]],
    }, { layout: { 'line-cap': 'round', 'line-join': 'round' } }),
    v('roads-watched', 'line', 'roads_watched', { 'line-color': COLORS.covered, 'line-width': ['interpolate', ['linear'], ['zoom'], 14, 2, 18, 7], 'line-opacity': 0.45 }),
    v('hot-cells', 'fill', 'hot_cells', {
      'fill-color': ['interpolate', ['linear'], ['get', 'owners'], 2, '#fde0c5', 4, '#f59e72', 8, '#d9463b', 16, '#7f0d2f'],
      'fill-opacity': 0.6,
    }, { layout: { visibility: 'none' } }),
    v('hotspots-fill', 'fill', 'hotspots', { 'fill-color': COLORS.hotspot, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 11, 0.3, 16, 0.12] }),
    v('hotspots-line', 'line', 'hotspots', { 'line-color': COLORS.hotspot, 'line-width': 1.5 }),
    v('hotspot-centres', 'circle', 'hotspot_centres', {
      'circle-color': COLORS.hotspot, 'circle-opacity': 0.55, 'circle-stroke-color': '#fff', 'circle-stroke-width': 0.5,
      'circle-radius': ['interpolate', ['linear'], ['get', 'score'], 1, 2, 20, 4, 100, 8],
    }),
    v('footprints', 'fill', 'footprints', {
      'fill-color': ['match', ['get', 'investment'], 'government', COLORS.government, 'private', COLORS.private, COLORS.unknown],
      'fill-opacity': 0.1, 'fill-outline-color': ['match', ['get', 'investment'], 'government', COLORS.government, 'private', COLORS.private, COLORS.unknown],
    }),
    v('sites-fill', 'fill', 'sites', {
      'fill-color': ['case', ['get', 'mandatory'], ['match', coverage, 'covered', COLORS.covered, 'partial', COLORS.partial, COLORS.uncovered], COLORS.other],
      'fill-opacity': ['case', ['get', 'mandatory'], 0.5, 0.25],
    }, { filter: ['==', ['geometry-type'], 'Polygon'] }),
    v('sites-line', 'line', 'sites', {
      'line-color': ['case', ['get', 'mandatory'], ['match', coverage, 'covered', COLORS.covered, 'partial', COLORS.partial, COLORS.uncovered], COLORS.other],
      'line-width': ['case', ['get', 'mandatory'], 2, 1],
    }, { filter: ['==', ['geometry-type'], 'Polygon'] }),
    v('sites-point', 'circle', 'sites', {
      'circle-color': ['case', ['get', 'mandatory'], ['match', coverage, 'covered', COLORS.covered, 'partial', COLORS.partial, COLORS.uncovered], COLORS.other],
      'circle-radius': 6, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5,
    }, { filter: ['==', ['geometry-type'], 'Point'] }),
    v('cameras', 'circle', 'cameras', {
      'circle-color': ['match', ['get', 'investment'], 'government', COLORS.government, 'private', COLORS.private, COLORS.unknown],
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 15, 2.5, 19, 6], 'circle-stroke-color': '#fff', 'circle-stroke-width': 1,
    }),
    v('violations', 'circle', 'violations', {
      'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 8, 'circle-stroke-color': COLORS.violation, 'circle-stroke-width': 2.5,
    }),
  );
  return { version: 8, sources, layers };
}

/**
 * createMap makes the map of a city in container; it resolves when the style has loaded.
 * only names the tile layers to fetch (default all); print keeps the drawing for copying.
 */
export function createMap(container, city, { print = false, only = null } = {}) {
  const [w, s, e, n] = city.bbox ?? [73, 18, 135, 54];
  const map = new maplibregl.Map({
    container,
    style: style(city, only),
    bounds: [[w, s], [e, n]],
    fitBoundsOptions: { padding: 30 },
    attributionControl: city.basemap ? { compact: true } : false,
    canvasContextAttributes: { preserveDrawingBuffer: print },
    transformRequest: (url) => (url.startsWith(`${location.origin}/api/`) ? { url, headers: authHeader() } : { url }),
    maxZoom: 20,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  return new Promise((resolve) => map.once('load', () => resolve(map)));
}

/** setGroup shows or hides a layer group. */
export function setGroup(map, id, on) {
  for (const l of GROUPS.find((g) => g.id === id)?.layers ?? []) {
    if (map.getLayer(l)) map.setLayoutProperty(l, 'visibility', on ? 'visible' : 'none');
  }
}

/** setFilters keeps the features matching the filters (empty values match all). */
export function setFilters(map, { category = '', district = '', owner = '', investment = '' }) {
  const all = (...conds) => {
    const c = conds.filter(Boolean);
    return c.length ? ['all', ...c] : null;
  };
  const eq = (prop, v) => (v ? ['==', ['get', prop], v] : null);
  const geom = (t) => ['==', ['geometry-type'], t];
  const sites = [eq('category', category), eq('district', district)];
  const cams = [eq('owner', owner), eq('investment', investment), eq('district', district)];
  map.setFilter('sites-fill', all(geom('Polygon'), ...sites));
  map.setFilter('sites-line', all(geom('Polygon'), ...sites));
  map.setFilter('sites-point', all(geom('Point'), ...sites));
  map.setFilter('cameras', all(...cams));
  map.setFilter('footprints', all(...cams));
}

/** setSiteStates recolours sites a plan changes: changes are [{id, after}]. */
export function setSiteStates(map, changes) {
  map.removeFeatureState({ source: 'city', sourceLayer: 'sites' });
  for (const c of changes) map.setFeatureState({ source: 'city', sourceLayer: 'sites', id: c.id }, { coverage: c.after });
}

/**
 * overlay sets (or makes) a GeoJSON source and its layers drawn above the city; promoteId
 * names the property that identifies a feature, null for none (ids that are not the
 * page's own, such as a file's, may repeat or exceed a number's precision).
 */
export function overlay(map, id, data, layers, promoteId = 'id') {
  const src = map.getSource(id);
  if (src) {
    src.setData(data);
    return;
  }
  map.addSource(id, { type: 'geojson', data, ...(promoteId ? { promoteId } : {}) });
  for (const l of layers) map.addLayer({ source: id, ...l });
}

/** PLAN_LAYERS draw a plan's cameras (role camera, kind add|move|reaim|remove), sectors and moves. */
export const PLAN_LAYERS = [
  { id: 'plan-sector', type: 'fill', filter: ['==', ['get', 'role'], 'sector'], paint: { 'fill-color': COLORS.proposal, 'fill-opacity': 0.28, 'fill-outline-color': COLORS.proposal } },
  { id: 'plan-line', type: 'line', filter: ['==', ['get', 'role'], 'line'], paint: { 'line-color': COLORS.proposal, 'line-width': 2, 'line-dasharray': [2, 1] } },
  { id: 'plan-camera', type: 'circle', filter: ['==', ['get', 'role'], 'camera'], paint: {
    'circle-radius': 7, 'circle-stroke-width': 2.5,
    'circle-color': ['match', ['get', 'kind'], 'remove', '#ffffff', COLORS.proposal],
    'circle-stroke-color': ['match', ['get', 'kind'], 'remove', COLORS.uncovered, '#ffffff'],
  } },
];

export const EMPTY = { type: 'FeatureCollection', features: [] };

/** pointer makes a cursor of the layers' features and calls onClick with the clicked feature. */
export function clickable(map, layers, onClick) {
  for (const l of layers) {
    map.on('mouseenter', l, () => { map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', l, () => { map.getCanvas().style.cursor = ''; });
    map.on('click', l, (e) => onClick(e.features[0], e));
  }
}

export { maplibregl };
