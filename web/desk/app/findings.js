// The inspection overview for supervisors: findings on the map by kind and status, a list
// with filters, and each finding with its citation, deadline and the inspection's photos
// (each photo read is recorded in the audit log by the server).
import { h, put, fmtTime } from '../../mobile/app/dom.js';
import { api, blobURL, query, HttpError } from './api.js';
import { t, num } from './i18n.js';
import { createMap, overlay, clickable, COLORS } from './map.js';

const STATUSES = ['open', 'reopened', 'rectified', 'verified'];
const KINDS = ['no_signage', 'direction_changed', 'obstructed', 'private_space', 'not_running'];

const LAYERS = [{ id: 'findings', type: 'circle', paint: {
  'circle-radius': 9, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2.5,
  'circle-color': ['match', ['get', 'status'], 'open', COLORS.open, 'reopened', COLORS.reopened, 'rectified', COLORS.rectified, COLORS.verified],
} }];

export async function renderFindings(view, { city }) {
  const mapEl = h('div', { class: 'map', id: 'map' });
  const panel = h('aside', { class: 'panel' });
  put(view, h('div', { class: 'work' }, panel, h('div', { class: 'mapbox' }, mapEl)));
  const map = await createMap(mapEl, city, { only: ['districts', 'roads', 'cameras'] });
  const filters = { status: 'open,reopened', kind: '' };
  const listBox = h('div', { class: 'list', id: 'findings' });
  const detail = h('div', { id: 'finding-detail' });
  const urls = [];
  let data = null;

  async function load() {
    data = await api(`/city/findings${query(filters)}`);
    overlay(map, 'findings', data, LAYERS);
    put(listBox,
      h('p', { class: 'muted' }, t('findings_n', { n: num(data.features.length) }), data.unplaced ? ` · ${t('unplaced', { n: data.unplaced })}` : ''),
      data.features.map((f) => h('button', { type: 'button', class: 'item finding', 'data-id': f.properties.id, onclick: () => show(f) },
        h('span', { class: 'title' }, h('i', { class: 'dot', style: `background:${COLORS[f.properties.status]}` }), t(`fk_${f.properties.kind}`)),
        h('span', { class: 'meta' }, `${f.properties.camera_id || f.properties.site_id || ''} · ${t(`st_${f.properties.status}`)} · ${t('deadline')} ${f.properties.deadline ?? ''}`))));
  }

  async function show(f) {
    const p = f.properties;
    map.flyTo({ center: f.geometry.coordinates, zoom: Math.max(map.getZoom(), 16.5) });
    for (const u of urls.splice(0)) URL.revokeObjectURL(u);
    const photos = h('div', { class: 'photos' }, t('loading'));
    put(detail, h('div', { class: 'card finding-card' },
      h('h3', {}, t(`fk_${p.kind}`), ' ', h('span', { class: `badge st-${p.status}` }, t(`st_${p.status}`))),
      h('dl', {},
        h('dt', {}, t('camera')), h('dd', {}, p.camera_id || p.site_id || ''),
        h('dt', {}, t('district')), h('dd', {}, p.district || ''),
        h('dt', {}, t('citation')), h('dd', { class: 'citation' }, p.citation || ''),
        h('dt', {}, t('deadline')), h('dd', {}, p.deadline || ''),
        h('dt', {}, t('detail')), h('dd', {}, p.detail || ''),
        h('dt', {}, t('inspection')), h('dd', {}, h('code', {}, p.inspection_id))),
      h('h4', {}, t('photos')), photos));
    try {
      const rec = await api(`/inspections/${encodeURIComponent(p.inspection_id)}`);
      put(photos, rec.photos.length ? null : h('p', { class: 'muted' }, t('no_photos')));
      rec.inspection?.observed_at && photos.before(h('p', { class: 'muted' }, fmtTime(rec.inspection.observed_at)));
      for (const ph of rec.photos) {
        const url = await blobURL(`/photos/${ph.sha256}?inspection_id=${encodeURIComponent(p.inspection_id)}`);
        urls.push(url);
        photos.append(h('a', { href: url, target: '_blank', rel: 'noopener' }, h('img', { src: url, alt: ph.sha256.slice(0, 12), class: 'photo' })));
      }
    } catch (e) {
      put(photos, h('p', { class: 'muted' }, e instanceof HttpError && e.status === 403 ? t('no_photos') : e.message));
    }
  }

  const sel = (id, key, values, label) => h('label', { class: 'field' }, h('span', {}, label),
    h('select', { id, onchange: (e) => { filters[key] = e.target.value; load(); } },
      key === 'status' ? h('option', { value: 'open,reopened', selected: true }, `${t('st_open')} / ${t('st_reopened')}`) : null,
      h('option', { value: '' }, t('all')),
      values.map((v) => h('option', { value: v }, t(`${key === 'status' ? 'st' : 'fk'}_${v}`)))));
  put(panel, h('div', { class: 'panel-head' }, h('h2', {}, t('findings'))),
    h('fieldset', { class: 'filters' }, sel('f-status', 'status', STATUSES, t('status')), sel('f-kind', 'kind', KINDS, t('kind'))),
    h('div', { class: 'legend' }, STATUSES.map((s) => h('span', {}, h('i', { style: `background:${COLORS[s]}` }), t(`st_${s}`)))),
    detail, listBox);
  clickable(map, ['findings'], (f) => show(data.features.find((x) => x.properties.id === f.properties.id) ?? f));
  await load();
  return () => {
    for (const u of urls) URL.revokeObjectURL(u);
    map.remove();
  };
}
