// A plan version's printable page: title, jurisdiction, version, hash, approvers, the
// effect summary (before and after), the proposals, a legend, and the map, which is
// copied into an image so that it prints.
import { h, put, fmtTime } from '../../mobile/app/dom.js';
import { api } from './api.js';
import { t, term, num } from './i18n.js';
import { createMap, overlay, COLORS, setSiteStates, PLAN_LAYERS } from './map.js';
import { planFeatures } from './plans.js';

export async function renderPrint(view, { params: [id, v], city }) {
  const q = v ? `?version=${v}` : '';
  const [fc, pv] = await Promise.all([api(`/plans/${encodeURIComponent(id)}/export${q}`), api(`/plans/${encodeURIComponent(id)}`)]);
  const diff = await api(`/plans/${encodeURIComponent(id)}/diff?from=0&to=${fc.version}`);
  const who = (uid) => pv.people?.[uid] ?? uid;
  const m = { version: fc.version, hash: fc.hash, approvals: fc.approvals ?? [] };
  const title = fc.plan?.title ?? '';
  document.title = `${title} · ${t('version', { n: m.version })} · ${m.hash ?? ''}`;
  const mapEl = h('div', { class: 'print-map', id: 'map' });
  const img = h('img', { class: 'print-map-image', id: 'map-image', alt: title });
  const before = fc.effect?.before;
  const after = fc.effect?.after;
  const row = (label, a, b) => h('tr', {}, h('th', {}, label), h('td', { class: 'num' }, num(a)), h('td', { class: 'num' }, num(b)),
    h('td', { class: 'num' }, b - a > 0 ? `+${b - a}` : String(b - a)));
  put(view, h('article', { class: 'printable' },
    h('div', { class: 'no-print actions' },
      h('a', { href: `#/plans/${id}`, class: 'link' }, `← ${t('back')}`),
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('print_now'))),
    h('header', {},
      h('p', { class: 'kicker' }, t('approved_plan')),
      h('h1', { id: 'print-title' }, title),
      h('dl', { class: 'meta' },
        h('dt', {}, t('jurisdiction')), h('dd', {}, `${term({ zh: city.jurisdiction_zh, en: city.jurisdiction_en })} · ${term({ zh: city.name_zh, en: city.name_en })}`),
        h('dt', {}, t('version', { n: '' }).trim()), h('dd', {}, String(m.version ?? '')),
        h('dt', {}, t('hash')), h('dd', {}, h('code', { id: 'print-hash' }, m.hash ?? '')),
        h('dt', {}, t('approvers')), h('dd', { id: 'print-approvers' }, m.approvals.map((r) => h('div', {},
          `${t(`stage_${r.stage}`)} · ${who(r.by)} · ${fmtTime(r.at)}${r.note ? ` · ${r.note}` : ''}`))))),
    h('figure', {}, mapEl, img,
      h('figcaption', { class: 'legend' },
        h('b', {}, `${t('legend')}: `),
        ['covered', 'partial', 'uncovered'].map((k) => h('span', {}, h('i', { style: `background:${COLORS[k]}` }), t(k))),
        h('span', {}, h('i', { style: `background:${COLORS.proposal}` }), t('l_proposals')),
        h('span', {}, h('i', { style: `background:${COLORS.government}` }), t('inv_government')),
        h('span', {}, h('i', { style: `background:${COLORS.private}` }), t('inv_private')))),
    before && after ? h('section', {}, h('h2', {}, t('summary_table')),
      h('table', { class: 'summary-table', id: 'print-summary' },
        h('thead', {}, h('tr', {}, [t('measure'), t('before'), t('after'), '±'].map((x) => h('th', {}, x)))),
        h('tbody', {},
          row(t('uncovered_mandatory'), before.mandatory_sites.uncovered, after.mandatory_sites.uncovered),
          row(t('partial_mandatory'), before.mandatory_sites.partial, after.mandatory_sites.partial),
          row(t('covered_mandatory'), before.mandatory_sites.covered, after.mandatory_sites.covered),
          row(t('cameras'), before.cameras, after.cameras),
          row(t('hot_cells'), before.hot_cells, after.hot_cells)))) : null,
    h('section', {}, h('h2', {}, t('proposals_n', { n: fc.features.length })),
      h('table', { class: 'summary-table' }, h('tbody', {}, fc.features.map((f) => h('tr', {},
        h('td', {}, t(`k_${f.properties.kind}`)), h('td', {}, f.properties.camera_id ?? f.properties.id ?? ''),
        h('td', {}, f.geometry?.type === 'Point' ? f.geometry.coordinates.map((x) => x.toFixed(6)).reverse().join(', ') : ''),
        h('td', {}, f.properties.note ?? ''))))))));

  // The map around the plan's cameras, drawn once and copied into the image that prints.
  const points = fc.features.filter((f) => f.geometry?.type === 'Point').map((f) => f.geometry.coordinates);
  const map = await createMap(mapEl, city, { print: true });
  setSiteStates(map, [...diff.sites_covered.map((x) => ({ id: x, after: 'covered' })), ...diff.sites_uncovered.map((x) => ({ id: x, after: 'uncovered' }))]);
  const version = pv.plan.versions.find((x) => x.number === fc.version);
  overlay(map, 'plan', await planFeatures(version?.proposals ?? []), PLAN_LAYERS);
  if (points.length) {
    const lons = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 80, maxZoom: 17, duration: 0 });
  }
  await new Promise((resolve) => map.once('idle', resolve));
  img.src = map.getCanvas().toDataURL('image/png');
  view.querySelector('.printable').dataset.ready = 'true';
  return () => {
    document.title = t('app');
    map.remove();
  };
}
