// The city map: the analysis of the city as it stands, with layer toggles and filters, a
// summary with charts by category and district, and the worst gaps and hotspots as lists
// that fly the map there. Clicking a feature shows what it is.
import { h, put } from '../../mobile/app/dom.js';
import { api, query } from './api.js';
import { t, term, num } from './i18n.js';
import { createMap, setGroup, setFilters, GROUPS, clickable, maplibregl, COLORS } from './map.js';
import { coverageBars } from './charts.js';

/** categoryName is a category id's name in the current language. */
export function categoryName(city, id) {
  return term(city.categories.find((c) => c.id === id), id);
}

/** coverageBadge is a coloured label of a site's coverage. */
export function coverageBadge(cov) {
  const k = cov === 'none' ? 'uncovered' : cov;
  return h('span', { class: `badge ${k}` }, t(k));
}

/** summaryCard shows the headline figures of a summary. */
export function summaryCard(s) {
  const m = s.mandatory_sites;
  const verify = (s.to_verify?.unknown_direction ?? 0) + (s.to_verify?.unknown_investment ?? 0) > 0;
  const stat = (cls, n, label) => h('div', { class: `stat ${cls}` }, h('b', {}, num(n)), h('span', {}, label));
  return h('div', { class: 'summary' },
    h('h3', {}, t('mandatory_sites'), h('small', {}, ` ${num(m.total)}`)),
    h('div', { class: 'stats' },
      stat('covered', m.covered, t('covered')), stat('partial', m.partial, t('partial')), stat('uncovered', m.uncovered, t('uncovered'))),
    h('div', { class: 'stats' },
      stat('', s.cameras, t('cameras')),
      s.hot_cells != null ? stat('', s.hot_cells, t('hot_cells')) : stat('', s.hotspots, t('hotspots')),
      stat('', Object.values(s.violations ?? {}).reduce((a, b) => a + b, 0), t('violations'))),
    h('p', { class: 'muted' }, s.cameras_by_investment ? `${t('inv_government')} ${num(s.cameras_by_investment.government ?? 0)} · ${t('inv_private')} ${num(s.cameras_by_investment.private ?? 0)} · ` : '',
      s.cameras_by_investment?.unknown ? `${t('inv_unknown')} ${num(s.cameras_by_investment.unknown)} · ` : '',
      t('hot_area', { a: num(s.hotspot_area_m2) })),
    verify ? h('p', { class: 'warn', id: 'to-verify' }, t('to_verify', { d: num(s.to_verify.unknown_direction ?? 0), i: num(s.to_verify.unknown_investment ?? 0) })) : null);
}

/**
 * popupFor shows a clicked map feature: a camera (asked of the API), a site, a hotspot or a
 * violation; not while busy() says the click is for something else (placing a camera).
 */
export function popupFor(map, city, busy = () => false) {
  const show = (lngLat, ...body) => new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(lngLat).setDOMContent(h('div', { class: 'popup' }, body)).addTo(map);
  clickable(map, ['cameras'], async (f, e) => {
    if (busy()) return;
    const p = show(e.lngLat, h('b', {}, f.properties.id), h('p', {}, t('loading')));
    try {
      const c = await api(`/cameras/${encodeURIComponent(f.properties.id)}`);
      const cam = c.camera ?? c;
      p.setDOMContent(h('div', { class: 'popup' },
        h('b', {}, `${t('camera')} ${cam.id}`),
        h('dl', {},
          h('dt', {}, t('owner')), h('dd', {}, cam.owner ?? f.properties.owner ?? ''),
          h('dt', {}, t('investment')), h('dd', {}, t(`inv_${cam.investment ?? f.properties.investment}`)),
          h('dt', {}, t('azimuth')), h('dd', {}, `${cam.azimuth_deg ?? cam.azimuth ?? f.properties.azimuth}`),
          h('dt', {}, t('district')), h('dd', {}, cam.district || f.properties.district || ''),
          h('dt', {}, t('last_check')), h('dd', {}, c.last_inspection?.observed_at?.slice(0, 10) ?? t('never')),
          h('dt', {}, t('open_findings')), h('dd', {}, String(c.open_findings?.length ?? 0)))));
    } catch (err) {
      p.setDOMContent(h('div', { class: 'popup' }, h('b', {}, f.properties.id), h('p', { class: 'error' }, err.message)));
    }
  });
  clickable(map, ['sites-fill', 'sites-point'], (f, e) => {
    if (busy()) return;
    const cov = f.state?.coverage ?? f.properties.coverage;
    show(e.lngLat, h('b', {}, f.properties.name || f.properties.id),
      h('p', {}, categoryName(city, f.properties.category), ' ', f.properties.mandatory ? coverageBadge(cov) : h('span', { class: 'muted' }, t('none'))),
      h('p', { class: 'muted' }, f.properties.id, ' · ', f.properties.district ?? ''));
  });
  clickable(map, ['hotspots-fill', 'hotspot-centres'], (f, e) => {
    if (busy()) return;
    const p = f.properties;
    show(e.lngLat, h('b', {}, `${t('hotspots_list')} · ${t('rank', { n: p.rank })}`),
      h('p', {}, `${t('owners_n', { n: p.owners })} · ${t('cameras_n', { n: p.cameras })} · ${t('score', { s: p.score })}`),
      p.government_share != null ? h('p', { class: 'muted' }, t('gov_share', { p: num(p.government_share * 100) })) : null);
  });
  clickable(map, ['hot-cells'], (f, e) => {
    if (busy()) return;
    show(e.lngLat, h('b', {}, t('l_hot_cells')), h('p', {}, t('owners_n', { n: f.properties.owners })));
  });
  clickable(map, ['violations'], (f, e) => {
    if (busy()) return;
    const p = f.properties;
    show(e.lngLat, h('b', {}, `${t('violations')}: ${p.rule}`), h('p', {}, p.citation), h('p', { class: 'muted' }, p.camera_id ?? p.site_id ?? ''));
  });
}

/** layerToggles are the checkboxes of the layer groups. */
export function layerToggles(map, extra = []) {
  return h('fieldset', { class: 'toggles' }, h('legend', {}, t('layers')),
    [...GROUPS.map((g) => [g.id, g.on, (on) => setGroup(map, g.id, on)]), ...extra].map(([id, on, fn]) => h('label', {},
      h('input', { type: 'checkbox', checked: on, 'data-layer': id, onchange: (e) => fn(e.target.checked) }),
      ` ${t(`l_${id}`)}`)));
}

function select(id, label, options, onchange) {
  return h('label', { class: 'field' }, h('span', {}, label),
    h('select', { id, onchange: (e) => onchange(e.target.value) },
      h('option', { value: '' }, t('all')),
      options.map(([v, text]) => h('option', { value: v }, text))));
}

function flyTo(map, lon, lat, zoom = 17) {
  map.flyTo({ center: [lon, lat], zoom, speed: 2.2 });
}

/** gapList is the list of the worst gaps (mandatory sites not fully covered); a click flies the map there. */
export function gapList(map, city, id, limit = 30) {
  const el = h('div', { class: 'list', id });
  // overrides are the coverages a draft plan gives sites, by id.
  async function load({ district = '', category = '', overrides = new Map() } = {}) {
    const g = await api(`/city/gaps${query({ limit, district, category })}`);
    put(el, h('p', { class: 'muted' }, g.total ? t('gaps_total', { n: num(g.total) }) : t('no_gaps')),
      g.gaps.map((x) => h('button', { type: 'button', class: 'item gap', 'data-site': x.site_id, onclick: () => flyTo(map, x.lon, x.lat) },
        h('span', { class: 'title' }, x.name || x.site_id),
        h('span', { class: 'meta' }, categoryName(city, x.category), ' · ', x.district || '—', ' ', coverageBadge(x.coverage),
          overrides.has(x.site_id) ? [' → ', coverageBadge(overrides.get(x.site_id))] : null))));
  }
  return { el, load };
}

export async function renderOverview(view, { city, user }) {
  const mapEl = h('div', { class: 'map', id: 'map' });
  const panel = h('aside', { class: 'panel' });
  const hint = h('div', { class: 'map-hint' }, t('zoom_in'));
  put(view, h('div', { class: 'work' }, panel, h('div', { class: 'mapbox' }, mapEl, hint)));
  const map = await createMap(mapEl, city);
  const onZoom = () => hint.classList.toggle('hidden', map.getZoom() >= 14);
  map.on('zoomend', onZoom);
  onZoom();
  popupFor(map, city);
  const disposers = [];

  const filters = { category: '', district: user.district || '', owner: '', investment: '' };
  const gaps = gapList(map, city, 'gaps');
  const hotBox = h('div', { class: 'list', id: 'hotspots' });

  async function loadHotspots() {
    const r = await api(`/city/hotspots${query({ limit: 30, district: filters.district })}`);
    put(hotBox, h('p', { class: 'muted' }, r.total ? t('hotspots_total', { n: num(r.total) }) : t('no_hotspots')),
      r.hotspots.map((x) => h('button', { type: 'button', class: 'item hotspot', onclick: () => flyTo(map, x.lon, x.lat, 17) },
        h('span', { class: 'title' }, `${t('rank', { n: x.rank })} · ${t('owners_n', { n: x.owners })}`),
        h('span', { class: 'meta' }, `${t('cameras_n', { n: x.cameras })} · ${num(x.area_m2)} m² · ${t('gov_share', { p: num((x.government_share ?? 0) * 100) })} · ${t('score', { s: x.score })}`),
        x.owner_names?.length ? h('span', { class: 'meta owners' }, x.owner_names.slice(0, 6).join('、') + (x.owners > 6 ? ' …' : '')) : null)));
  }
  const refresh = () => {
    setFilters(map, filters);
    for (const d of city.districts) map.setFeatureState({ source: 'city', sourceLayer: 'districts', id: d.name }, { selected: d.name === filters.district });
    return Promise.all([gaps.load(filters), loadHotspots()]);
  };
  const set = (k) => (v) => {
    filters[k] = v;
    refresh();
  };

  const s = city.summary;
  // The mandatory categories present in the city, the most uncovered first.
  const catRows = s.by_category.filter((c) => c.mandatory && c.total > 0)
    .sort((a, b) => b.uncovered - a.uncovered || b.partial - a.partial || b.total - a.total)
    .map((c) => ({ label: categoryName(city, c.category), ...c }));
  const distRows = s.by_district.map((d) => ({ label: d.district, ...d.mandatory_sites }));
  const catChart = h('div', { class: 'chart', id: 'chart-category' });
  const distChart = h('div', { class: 'chart', id: 'chart-district' });

  const tabs = [
    ['summary', t('summary'), [summaryCard(s), h('h4', {}, t('by_category')), catChart, h('h4', {}, t('by_district')), distChart]],
    ['gaps', t('gaps'), [gaps.el]],
    ['hotspots', t('hotspots_list'), [hotBox]],
    ['layers', t('layers'), [
      h('fieldset', { class: 'filters' }, h('legend', {}, t('filters')),
        select('f-category', t('category'), city.categories.filter((c) => c.kind === 'site').map((c) => [c.id, term(c)]), set('category')),
        user.district ? null : select('f-district', t('district'), city.districts.map((d) => [d.name, d.name]), set('district')),
        select('f-owner', t('owner'), city.owners.map((o) => [o, o]), set('owner')),
        select('f-investment', t('investment'), [['government', t('inv_government')], ['private', t('inv_private')], ['unknown', t('inv_unknown')]], set('investment'))),
      layerToggles(map)]],
  ];
  const bodies = tabs.map(([id, , body]) => h('div', { class: 'tab-body', 'data-tab': id, hidden: id !== 'summary' }, body));
  const bar = h('div', { class: 'tabs', role: 'tablist' }, tabs.map(([id, label]) => h('button', {
    type: 'button', role: 'tab', 'data-tab': id, class: id === 'summary' ? 'active' : '',
    onclick: () => {
      for (const b of bar.children) b.classList.toggle('active', b.dataset.tab === id);
      for (const b of bodies) b.hidden = b.dataset.tab !== id;
    },
  }, label)));
  put(panel, h('div', { class: 'panel-head' }, h('h2', {}, term({ zh: city.jurisdiction_zh, en: city.jurisdiction_en })),
    h('p', { class: 'muted' }, term({ zh: city.name_zh, en: city.name_en }), ' · ', city.on)), bar, bodies,
  h('div', { class: 'legend' },
    ['covered', 'partial', 'uncovered'].map((k) => h('span', {}, h('i', { style: `background:${COLORS[k]}` }), t(k))),
    h('span', {}, h('i', { style: `background:${COLORS.hotspot}` }), t('hotspots')),
    h('span', {}, h('i', { class: 'ring', style: `border-color:${COLORS.violation}` }), t('violations'))));
  disposers.push(coverageBars(catChart, catRows), coverageBars(distChart, distRows));
  await refresh();
  return () => {
    for (const d of disposers) d();
    map.remove();
  };
}
