// The map: registered cameras around the inspector with their footprints as sectors, the
// cameras with open findings ringed red, and the inspector's position. No base map: a
// plain background, so nothing is fetched from outside.
import maplibregl from 'maplibre-gl';
import { h, put, fmtTime } from './dom.js';
import { t } from './i18n.js';
import { api, NetworkError } from './api.js';
import { cacheGet, cacheSet } from './db.js';
import { sectorRing } from './geo.js';
import * as position from './position.js';
import { go } from './views.js';

const STYLE = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef0f3' } }],
};

function features(cameras, openIds) {
  return {
    sectors: {
      type: 'FeatureCollection',
      features: cameras.map((c) => ({
        type: 'Feature',
        properties: { id: c.id, open: openIds.has(c.id) },
        geometry: { type: 'Polygon', coordinates: [sectorRing(c.lon, c.lat, c.azimuth_deg, c.hfov_deg, c.range_m)] },
      })),
    },
    points: {
      type: 'FeatureCollection',
      features: cameras.map((c) => ({
        type: 'Feature',
        properties: { id: c.id, open: openIds.has(c.id) },
        geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      })),
    },
  };
}

async function load(fix) {
  try {
    const [cams, findings] = await Promise.all([
      api(`/cameras/nearby?lat=${fix.lat}&lon=${fix.lon}&radius_m=1500&limit=500`),
      api('/findings?status=open,reopened&limit=1000'),
    ]);
    const value = { cameras: cams.cameras, open: findings.findings.map((f) => f.camera_id).filter(Boolean) };
    await cacheSet('map', value);
    return { value, at: null };
  } catch (e) {
    const cached = await cacheGet('map');
    if (cached) return { value: cached.value, at: cached.at };
    throw e;
  }
}

export async function renderMap(view) {
  const status = h('div', { class: 'map-status' });
  const el = h('div', { id: 'map', class: 'map' });
  put(view, h('section', { class: 'map-wrap' }, el, status));
  const fix = (await position.next()) ?? null;
  const center = fix ? [fix.lon, fix.lat] : [119.4215, 32.3932];
  const map = new maplibregl.Map({
    container: el, style: STYLE, center, zoom: 16, attributionControl: false, dragRotate: false,
    pitchWithRotate: false, touchPitch: false,
  });
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.touchZoomRotate.disableRotation();

  let data = { cameras: [], open: [] };
  try {
    if (fix) {
      const r = await load(fix);
      data = r.value;
      if (r.at) put(status, h('p', { class: 'banner warn' }, t('cached_at', { t: fmtTime(r.at) })));
    } else {
      put(status, h('p', { class: 'banner warn' }, t('no_position')));
    }
  } catch (e) {
    put(status, h('p', { class: 'banner error' }, e instanceof NetworkError ? t('network_error') : String(e.message)));
  }
  const open = new Set(data.open);
  const fc = features(data.cameras, open);
  const me = { type: 'FeatureCollection', features: fix ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: center } }] : [] };

  const ready = () => {
    map.addSource('sectors', { type: 'geojson', data: fc.sectors });
    map.addSource('cameras', { type: 'geojson', data: fc.points });
    map.addSource('me', { type: 'geojson', data: me });
    map.addLayer({ id: 'sector-fill', type: 'fill', source: 'sectors',
      paint: { 'fill-color': ['case', ['get', 'open'], '#d62828', '#1d4ed8'], 'fill-opacity': 0.18 } });
    map.addLayer({ id: 'sector-line', type: 'line', source: 'sectors',
      paint: { 'line-color': ['case', ['get', 'open'], '#b91c1c', '#1e3a8a'], 'line-width': 1.5 } });
    map.addLayer({ id: 'finding-ring', type: 'circle', source: 'cameras', filter: ['get', 'open'],
      paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#d62828', 'circle-stroke-width': 4 } });
    map.addLayer({ id: 'camera', type: 'circle', source: 'cameras',
      paint: { 'circle-radius': 7, 'circle-color': '#111827', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
    map.addLayer({ id: 'me', type: 'circle', source: 'me',
      paint: { 'circle-radius': 8, 'circle-color': '#0ea5e9', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 } });
    // A finger is wider than a dot: pick the nearest camera within 24 px of the tap.
    map.on('click', (e) => {
      const p = e.point;
      const hits = map.queryRenderedFeatures([[p.x - 24, p.y - 24], [p.x + 24, p.y + 24]], { layers: ['camera'] });
      if (hits.length) go(`#/camera/${encodeURIComponent(hits[0].properties.id)}`);
    });
    // Show every footprint and the inspector.
    const pts = fc.sectors.features.flatMap((f) => f.geometry.coordinates[0]);
    if (fix) pts.push(center);
    if (pts.length > 1) {
      const b = new maplibregl.LngLatBounds(pts[0], pts[0]);
      for (const p of pts) b.extend(p);
      map.fitBounds(b, { padding: 48, maxZoom: 19, duration: 0 });
    }
    // Camera ids as HTML labels: the style has no glyphs to draw text with, since no
    // font is fetched from outside. Past 150 cameras the labels would only clutter.
    if (data.cameras.length <= 150) {
      for (const c of data.cameras) {
        const label = h('a', { class: `cam-label${open.has(c.id) ? ' open' : ''}`, href: `#/camera/${encodeURIComponent(c.id)}` }, c.id);
        new maplibregl.Marker({ element: label, anchor: 'top', offset: [0, 10] }).setLngLat([c.lon, c.lat]).addTo(map);
      }
    }
    el.dataset.ready = String(data.cameras.length);
  };
  if (map.loaded()) ready();
  else map.on('load', ready);
  return () => map.remove();
}
