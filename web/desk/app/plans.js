// Plans: the list, and one plan on the map. A planner drafts: clicks to place a camera,
// drags it, sets its azimuth with the handle or the fields, and sees the live effect the
// server computes before adding it; existing cameras can be moved, re-aimed or removed.
// A reviewer sees the version's changes on the map, pins comments, and approves or
// returns the stage the plan waits in.
import { h, put, fmtTime } from '../../mobile/app/dom.js';
import { destination, bearingDeg, distanceM, sectorRing } from '../../mobile/app/geo.js';
import { api, HttpError } from './api.js';
import { t, num } from './i18n.js';
import { createMap, overlay, setSiteStates, EMPTY, COLORS, maplibregl, clickable, PLAN_LAYERS } from './map.js';
import { popupFor, layerToggles, summaryCard, gapList } from './overview.js';

const drafters = ['planner', 'admin'];

function stateBadge(p) {
  const label = p.state === 'submitted' && p.stage ? `${t('state_submitted')} · ${t(`stage_${p.stage}`)}` : t(`state_${p.state}`);
  return h('span', { class: `badge state-${p.state}` }, label);
}

export async function renderPlans(view, { user }) {
  const list = await api('/plans');
  const msg = h('p', { class: 'error', role: 'alert' });
  const title = h('input', { id: 'plan-title', required: true, maxlength: 200, placeholder: t('title') });
  const form = drafters.includes(user.role) ? h('form', { class: 'new-plan', onsubmit: async (e) => {
    e.preventDefault();
    msg.textContent = '';
    try {
      const pv = await api('/plans', { method: 'POST', json: { title: title.value, district: user.district || '' } });
      location.hash = `#/plans/${pv.plan.id}`;
    } catch (err) {
      msg.textContent = err.message;
    }
  } }, h('h3', {}, t('new_plan')), title, h('button', { type: 'submit', class: 'primary' }, t('create')), msg) : null;
  put(view, h('div', { class: 'page' }, h('h2', {}, t('plans')), form,
    list.plans.length === 0 ? h('p', { class: 'muted' }, t('no_plans')) : h('table', { class: 'plans' },
      h('thead', {}, h('tr', {}, [t('title'), t('status'), t('version', { n: '' }).trim(), t('proposals_n', { n: '' }).trim(), t('author'), t('created')].map((x) => h('th', {}, x)))),
      h('tbody', {}, list.plans.map((p) => h('tr', {},
        h('td', {}, h('a', { href: `#/plans/${p.id}`, class: 'plan-link' }, p.title)),
        h('td', {}, stateBadge(p)),
        h('td', { class: 'num' }, String(p.versions)),
        h('td', { class: 'num' }, String(p.draft_proposals)),
        h('td', {}, p.author),
        h('td', {}, fmtTime(p.created_at))))))));
}

// cameraCache keeps the existing cameras a plan changes, asked of the API once.
const cameraCache = new Map();
async function existing(id) {
  if (!cameraCache.has(id)) cameraCache.set(id, api(`/cameras/${encodeURIComponent(id)}`).catch(() => null));
  return cameraCache.get(id);
}

/** planFeatures draws proposals: new and changed cameras with their sectors, removals, moves. */
export async function planFeatures(proposals) {
  const features = [];
  const sector = (id, lon, lat, a, kind) => features.push({ type: 'Feature', properties: { id: `${id}-sector`, kind, role: 'sector' },
    geometry: { type: 'Polygon', coordinates: [sectorRing(lon, lat, a.azimuth, a.hfov, a.range)] } });
  const point = (id, lon, lat, kind, proposal) => features.push({ type: 'Feature', properties: { id, kind, proposal, role: 'camera' },
    geometry: { type: 'Point', coordinates: [lon, lat] } });
  for (const p of proposals) {
    if (p.kind === 'add') {
      const c = p.camera;
      sector(p.id, c.pos[0], c.pos[1], c, 'add');
      point(p.id, c.pos[0], c.pos[1], 'add', p.id);
      continue;
    }
    const cam = await existing(p.camera_id);
    if (!cam) continue;
    const aim = { azimuth: cam.azimuth_deg, hfov: cam.hfov_deg, range: cam.range_m };
    if (p.kind === 'remove') {
      point(p.id, cam.lon, cam.lat, 'remove', p.id);
    } else if (p.kind === 'move') {
      features.push({ type: 'Feature', properties: { id: `${p.id}-line`, kind: 'move', role: 'line' },
        geometry: { type: 'LineString', coordinates: [[cam.lon, cam.lat], p.to] } });
      sector(p.id, p.to[0], p.to[1], aim, 'move');
      point(p.id, p.to[0], p.to[1], 'move', p.id);
    } else if (p.kind === 'reaim') {
      sector(p.id, cam.lon, cam.lat, p.aim, 'reaim');
      point(p.id, cam.lon, cam.lat, 'reaim', p.id);
    }
  }
  return { type: 'FeatureCollection', features };
}


const PIN_LAYERS = [
  { id: 'pins', type: 'circle', paint: { 'circle-radius': 8, 'circle-color': COLORS.pin, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
];

function pinFeatures(comments, who) {
  return { type: 'FeatureCollection', features: comments.filter((c) => c.pos).map((c) => ({
    type: 'Feature', properties: { id: c.id, text: c.text, by: who(c.by) }, geometry: { type: 'Point', coordinates: c.pos },
  })) };
}

/** errorText is what a refused request says, for the place it belongs. */
function errorText(e) {
  return e instanceof HttpError ? e.body?.message || e.message : String(e.message ?? e);
}

function totalsRows(before, after) {
  const rows = [
    ['uncovered_mandatory', before.mandatory_sites.uncovered, after.mandatory_sites.uncovered, -1],
    ['partial_mandatory', before.mandatory_sites.partial, after.mandatory_sites.partial, 0],
    ['covered_mandatory', before.mandatory_sites.covered, after.mandatory_sites.covered, 1],
    ['cameras', before.cameras, after.cameras, 0],
    ['hot_cells', before.hot_cells, after.hot_cells, -1],
  ];
  return rows.map(([k, a, b, good]) => {
    const d = b - a;
    const cls = d === 0 || good === 0 ? '' : (d * good > 0 ? 'better' : 'worse');
    return h('tr', { 'data-row': k }, h('th', {}, t(k)), h('td', { class: 'num' }, num(a)), h('td', { class: 'num' }, '→'),
      h('td', { class: `num after ${cls}` }, num(b)), h('td', { class: `num delta ${cls}` }, d === 0 ? '' : (d > 0 ? `+${d}` : String(d))));
  });
}

/** effectView shows a live effect: the totals before and after, roads, duplicates, violations. */
function effectView(ef) {
  const roads = (ef.roads ?? []).filter((r) => r.mandatory).map((r) => h('li', {},
    t('road_share', { c: r.class, a: num(r.share_before * 100, 1), b: num(r.share_after * 100, 1) })));
  const added = (ef.violations_added ?? []).map((v) => h('li', { class: 'worse' }, `${v.rule}${v.citation ? ` · ${v.citation}` : ''}`));
  return h('div', { class: 'effect', id: 'effect' },
    h('table', { class: 'totals' }, h('tbody', {}, totalsRows(ef.before, ef.after))),
    ef.duplicate ? h('p', { class: 'warn', id: 'duplicate' }, t('duplicate_warn', { p: num(ef.duplicate.share * 100), c: ef.duplicate.provision?.citation ?? '' })) : null,
    ef.became_covered?.length ? h('p', { class: 'better' }, t('became_covered', { ids: ef.became_covered.join(', ') })) : null,
    roads.length ? h('ul', { class: 'roads' }, roads) : null,
    added.length ? h('ul', { class: 'violations' }, added) : null);
}

export async function renderPlan(view, { params: [id], user, city }) {
  const mapEl = h('div', { class: 'map', id: 'map' });
  const panel = h('aside', { class: 'panel plan' });
  put(view, h('div', { class: 'work' }, panel, h('div', { class: 'mapbox' }, mapEl)));
  let pv = await api(`/plans/${encodeURIComponent(id)}`);
  const map = await createMap(mapEl, city);
  popupFor(map, city, () => clickMode != null || editor != null);
  overlay(map, 'plan', EMPTY, PLAN_LAYERS);
  overlay(map, 'pins', EMPTY, PIN_LAYERS);
  clickable(map, ['pins'], (f, e) => new maplibregl.Popup().setLngLat(e.lngLat)
    .setDOMContent(h('div', { class: 'popup' }, h('b', {}, f.properties.by), h('p', {}, f.properties.text))).addTo(map));
  let editor = null;
  let clickMode = null;
  const onMapClick = (e) => clickMode?.(e.lngLat);
  map.on('click', onMapClick);
  const onKey = (e) => {
    if (e.key === 'Escape') {
      editor?.close();
      clickMode = null;
      map.getCanvas().style.cursor = '';
    }
  };
  document.addEventListener('keydown', onKey);

  const gaps = gapList(map, city, 'plan-gaps', 10);
  const canDraft = () => pv.plan.state === 'draft' && drafters.includes(user.role);
  const canReview = () => pv.plan.state === 'submitted' && user.role === 'reviewer';
  const latest = () => pv.plan.versions.at(-1);
  // compareFrom is the version the latest is compared with; 0 is the city as it stands.
  let compareFrom = 0;
  const who = (uid) => pv.people?.[uid] ?? uid.slice(0, 8);

  async function reload() {
    pv = await api(`/plans/${encodeURIComponent(id)}`);
    await draw();
  }

  async function draw() {
    const shown = canDraft() || !latest() ? pv.plan.draft : latest().proposals;
    overlay(map, 'plan', await planFeatures(shown), PLAN_LAYERS);
    overlay(map, 'pins', pinFeatures(pv.plan.comments, who), PIN_LAYERS);
    let diff = null;
    if (canDraft()) {
      setSiteStates(map, pv.draft_sites);
      await gaps.load({ district: pv.plan.district, overrides: new Map(pv.draft_sites.map((c) => [c.id, c.after])) });
    } else if (latest()) {
      diff = await api(`/plans/${encodeURIComponent(id)}/diff?from=${compareFrom}`);
      setSiteStates(map, [...diff.sites_covered.map((s) => ({ id: s, after: 'covered' })),
        ...diff.sites_uncovered.map((s) => ({ id: s, after: 'uncovered' }))]);
    }
    const p = pv.plan;
    put(panel,
      h('div', { class: 'panel-head' }, h('a', { href: '#/plans', class: 'link' }, `← ${t('plans')}`),
        h('h2', { id: 'plan-title' }, p.title), stateBadge(p),
        h('p', { class: 'muted' }, `${t('author')} ${who(p.author)} · ${fmtTime(p.created_at)} · ${p.district || t('whole')}`)),
      canDraft() ? draftPanel() : null,
      diff ? reviewPanel(diff) : null,
      commentsPanel(),
      p.versions.some((v) => v.outcome === 'approved') ? h('a', { class: 'button', id: 'print-link',
        href: `#/plans/${p.id}/print?v=${p.versions.filter((v) => v.outcome === 'approved').at(-1).number}` }, t('print')) : null,
      h('details', { class: 'layer-box' }, h('summary', {}, t('layers')), layerToggles(map)));
  }

  // ---- drafting ----
  function draftPanel() {
    const p = pv.plan;
    const last = p.draft.at(-1);
    const msg = h('p', { class: 'error', role: 'alert', id: 'plan-error' });
    return h('section', { class: 'draft' },
      h('div', { class: 'live-totals', id: 'totals' }, summaryTotals(pv.totals)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'place', onclick: () => startPlacing() }, t('place_camera')),
        last ? h('button', { type: 'button', id: 'withdraw', onclick: async () => {
          try {
            await api(`/plans/${encodeURIComponent(id)}/proposals/${encodeURIComponent(last.id)}`, { method: 'DELETE' });
            await reload();
          } catch (e) {
            msg.textContent = errorText(e);
          }
        } }, t('withdraw_last')) : null),
      h('div', { id: 'editor-slot' }),
      h('details', { class: 'gaps-box', open: true }, h('summary', {}, t('gaps')), gaps.el),
      h('h3', {}, t('draft'), h('small', {}, ` ${t('proposals_n', { n: p.draft.length })}`)),
      h('ol', { class: 'proposals', id: 'proposals' }, p.draft.map((x) => h('li', {}, h('b', {}, t(`k_${x.kind}`)), ' ',
        x.kind === 'add' ? `${x.camera.id} · ${num(x.camera.azimuth)}° / ${num(x.camera.hfov)}° / ${num(x.camera.range)} m` : x.camera_id,
        x.note ? h('span', { class: 'muted' }, ` — ${x.note}`) : null))),
      msg,
      h('button', { type: 'button', class: 'primary', id: 'submit', disabled: p.draft.length === 0, onclick: async () => {
        if (!window.confirm(t('confirm_submit'))) return;
        try {
          pv = await api(`/plans/${encodeURIComponent(id)}/submit`, { method: 'POST' });
          await draw();
        } catch (e) {
          msg.textContent = errorText(e);
        }
      } }, t('submit')));
  }

  function summaryTotals(tot) {
    return summaryCard({ mandatory_sites: tot.mandatory_sites, cameras: tot.cameras, hot_cells: tot.hot_cells,
      violations: tot.violations, hotspot_area_m2: tot.hot_area_m2 });
  }

  function startPlacing(existingCam) {
    editor?.close();
    if (existingCam) {
      editor = openEditor(existingCam);
      return;
    }
    map.getCanvas().style.cursor = 'crosshair';
    const hint = h('p', { class: 'hint', id: 'placing' }, t('placing'));
    put(panel.querySelector('#editor-slot'), hint);
    clickMode = (ll) => {
      clickMode = null;
      map.getCanvas().style.cursor = '';
      editor = openEditor(null, [ll.lng, ll.lat]);
    };
  }

  /**
   * openEditor edits one camera: a new one at pos, or an existing one (cam from the API).
   * The marker drags the camera, the handle sets azimuth and range; each change asks the
   * server for the live effect.
   */
  function openEditor(cam, pos) {
    const slot = panel.querySelector('#editor-slot');
    const start = cam ? [cam.lon, cam.lat] : pos;
    const state = {
      pos: start,
      azimuth: cam?.azimuth_deg ?? 0, hfov: cam?.hfov_deg ?? 90, range: cam?.range_m ?? 40, height: cam?.height_m ?? 6,
      owner: '', investment: 'government', note: '',
    };
    const fieldErrors = {};
    const input = (field, key, attrs) => {
      const el = h('input', { id: `f-${key}`, name: key, value: String(state[key]), 'data-field': field, ...attrs,
        oninput: () => {
          state[key] = attrs.type === 'number' ? Number(el.value) : el.value;
          changed();
        } });
      fieldErrors[field] = h('span', { class: 'field-error', 'data-error-for': field });
      return h('label', { class: 'field' }, h('span', {}, t(key)), el, fieldErrors[field]);
    };
    const posOut = h('output', { id: 'f-pos' });
    fieldErrors['camera.pos'] = h('span', { class: 'field-error', 'data-error-for': 'camera.pos' });
    fieldErrors.to = fieldErrors['camera.pos'];
    const effectBox = h('div', { class: 'effect-box' }, h('p', { class: 'muted' }, t('effect_hint')));
    const general = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'editor card', id: 'editor', onsubmit: async (e) => {
      e.preventDefault();
      await save();
    } },
    h('h3', {}, cam ? `${t('camera')} ${cam.id}` : t('place_camera')),
    h('label', { class: 'field' }, h('span', {}, t('position')), posOut, fieldErrors['camera.pos']),
    h('div', { class: 'row3' },
      input(cam ? 'aim.azimuth' : 'camera.azimuth', 'azimuth', { type: 'number', min: 0, max: 359.9, step: 1 }),
      input(cam ? 'aim.hfov' : 'camera.hfov', 'hfov', { type: 'number', min: 1, max: 360, step: 1 }),
      input(cam ? 'aim.range' : 'camera.range', 'range', { type: 'number', min: 1, max: 2000, step: 1 })),
    cam ? null : input('camera.owner', 'owner', { type: 'text', required: true, maxlength: 200 }),
    cam ? null : h('div', { class: 'row3' },
      input('camera.height', 'height', { type: 'number', min: 0, max: 100, step: 0.5 }),
      h('label', { class: 'field span2' }, h('span', {}, t('investment')),
        h('select', { id: 'f-investment', 'data-field': 'camera.investment', onchange: (e) => { state.investment = e.target.value; changed(); } },
          h('option', { value: 'government' }, t('inv_government')), h('option', { value: 'private' }, t('inv_private'))))),
    input('note', 'note', { type: 'text', maxlength: 500 }),
    h('h4', {}, t('effect')), effectBox, general,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', id: 'add' }, t('add')),
      cam ? h('button', { type: 'button', id: 'remove', onclick: () => save('remove') }, t('k_remove')) : null,
      h('button', { type: 'button', onclick: () => close() }, t('cancel'))));
    put(slot, form);

    const camMarker = new maplibregl.Marker({ draggable: true, color: COLORS.proposal }).setLngLat(state.pos).addTo(map);
    const handleEl = h('div', { class: 'aim-handle', title: t('azimuth') });
    const tip = () => destination(state.pos[0], state.pos[1], state.azimuth, state.range);
    const handle = new maplibregl.Marker({ element: handleEl, draggable: true }).setLngLat(tip()).addTo(map);
    const place = () => {
      handle.setLngLat(tip());
      posOut.textContent = `${state.pos[1].toFixed(6)}, ${state.pos[0].toFixed(6)}`;
      overlay(map, 'draft', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'draft' },
        geometry: { type: 'Polygon', coordinates: [sectorRing(state.pos[0], state.pos[1], state.azimuth, state.hfov, state.range)] } }] },
      [{ id: 'draft-sector', type: 'fill', paint: { 'fill-color': COLORS.proposal, 'fill-opacity': 0.35, 'fill-outline-color': '#006666' } }]);
    };
    camMarker.on('drag', () => {
      const ll = camMarker.getLngLat();
      state.pos = [ll.lng, ll.lat];
      place();
    });
    camMarker.on('dragend', changed);
    handle.on('drag', () => {
      const ll = handle.getLngLat();
      state.azimuth = Math.round(bearingDeg(state.pos[0], state.pos[1], ll.lng, ll.lat));
      state.range = Math.max(1, Math.round(distanceM(state.pos[0], state.pos[1], ll.lng, ll.lat)));
      form.querySelector('#f-azimuth').value = String(state.azimuth);
      form.querySelector('#f-range').value = String(state.range);
      place();
    });
    handle.on('dragend', changed);
    place();

    const moved = () => cam && (Math.abs(state.pos[0] - cam.lon) > 1e-7 || Math.abs(state.pos[1] - cam.lat) > 1e-7);
    const reaimed = () => cam && (state.azimuth !== cam.azimuth_deg || state.hfov !== cam.hfov_deg || state.range !== cam.range_m);
    const aim = () => ({ azimuth: state.azimuth, hfov: state.hfov, range: state.range });
    // proposals are what the form asks for: an add, or for an existing camera a move and/or a re-aim.
    const proposals = () => {
      if (!cam) {
        return [{ kind: 'add', note: state.note, camera: { pos: state.pos, azimuth: state.azimuth, hfov: state.hfov, range: state.range,
          height: state.height, owner: state.owner, investment: state.investment, status: 'planned' } }];
      }
      const out = [];
      if (moved()) out.push({ kind: 'move', camera_id: cam.id, to: state.pos, note: state.note });
      if (reaimed()) out.push({ kind: 'reaim', camera_id: cam.id, aim: aim(), note: state.note });
      return out;
    };
    const clearErrors = () => {
      for (const el of Object.values(fieldErrors)) el.textContent = '';
      general.textContent = '';
    };
    const showError = (e) => {
      clearErrors();
      const field = e instanceof HttpError ? e.body?.field : '';
      const target = fieldErrors[field] ?? fieldErrors[field?.replace(/^camera\./, 'aim.')];
      if (target) target.textContent = errorText(e);
      else general.textContent = errorText(e);
    };
    let seq = 0;
    let timer = null;
    function changed() {
      place();
      clearTimeout(timer);
      timer = setTimeout(preview, 150);
    }
    async function preview() {
      const ps = proposals();
      const mine = ++seq;
      if (ps.length !== 1 || (!cam && !state.owner.trim())) {
        put(effectBox, h('p', { class: 'muted' }, t('effect_hint')));
        return;
      }
      try {
        const ef = await api(`/plans/${encodeURIComponent(id)}/effect`, { method: 'POST', json: ps[0] });
        if (mine !== seq) return;
        clearErrors();
        put(effectBox, effectView(ef));
      } catch (e) {
        if (mine === seq) showError(e);
      }
    }
    async function save(kind) {
      const ps = kind === 'remove' ? [{ kind: 'remove', camera_id: cam.id, note: state.note }] : proposals();
      try {
        for (const p of ps) {
          const res = await api(`/plans/${encodeURIComponent(id)}/proposals`, { method: 'POST', json: p });
          put(effectBox, effectView(res.effect));
        }
        close();
        await reload();
      } catch (e) {
        showError(e);
      }
    }
    function close() {
      clearTimeout(timer);
      camMarker.remove();
      handle.remove();
      overlay(map, 'draft', EMPTY, []);
      put(slot);
      editor = null;
    }
    changed();
    return { close };
  }

  // ---- review ----
  function reviewPanel(diff) {
    const v = latest();
    const p = pv.plan;
    const note = h('textarea', { id: 'review-note', rows: 3, placeholder: t('review_note') });
    const msg = h('p', { class: 'error', role: 'alert', id: 'review-error' });
    const decide = (decision) => async () => {
      try {
        pv = await api(`/plans/${encodeURIComponent(id)}/reviews`, { method: 'POST', json: { stage: p.stage, decision, note: note.value } });
        await draw();
      } catch (e) {
        msg.textContent = errorText(e);
      }
    };
    const idList = (key, ids) => ids.length ? h('div', { class: `diff-group ${key}` }, h('h4', {}, `${t(key)} (${ids.length})`),
      h('ul', {}, ids.map((x) => h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => flyToProposal(x, v.proposals) }, x))))) : null;
    return h('section', { class: 'review', id: 'review' },
      h('h3', {}, t('version', { n: v.number }), ' ', h('span', { class: `badge outcome-${v.outcome}` }, t(`outcome_${v.outcome}`))),
      h('p', { class: 'hash' }, `${t('hash')} `, h('code', { id: 'version-hash' }, v.hash)),
      h('h4', {}, t('diff')),
      p.versions.length > 1 ? h('label', { class: 'field' }, h('span', {}, t('compare_with')),
        h('select', { id: 'compare', onchange: async (e) => { compareFrom = Number(e.target.value); await draw(); } },
          h('option', { value: '0', selected: compareFrom === 0 }, t('current_city')),
          p.versions.slice(0, -1).map((x) => h('option', { value: String(x.number), selected: compareFrom === x.number },
            `${t('version', { n: x.number })} · ${t(`outcome_${x.outcome}`)}`)))) : null,
      h('div', { id: 'diff' }, idList('added', diff.added), idList('removed', diff.removed), idList('moved', diff.moved), idList('reaimed', diff.reaimed),
        idList('sites_covered', diff.sites_covered), idList('sites_uncovered', diff.sites_uncovered)),
      h('h4', {}, t('reviews')),
      h('ol', { class: 'reviews' }, v.reviews.map((r) => h('li', {}, `${t(`stage_${r.stage}`)} · ${t(r.decision === 'approve' ? 'approve' : 'return')} · ${who(r.by)} · ${fmtTime(r.at)}`,
        r.note ? h('div', { class: 'muted' }, r.note) : null))),
      canReview() ? h('div', { class: 'decide card' }, h('h4', {}, `${t('review')} · ${t(`stage_${p.stage}`)}`), note, msg,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', id: 'approve', onclick: decide('approve') }, t('approve')),
          h('button', { type: 'button', id: 'return', onclick: decide('return') }, t('return')))) : null);
  }

  async function flyToProposal(cameraOrSite, proposals) {
    const p = proposals.find((x) => x.camera_id === cameraOrSite || x.camera?.id === cameraOrSite);
    let at = p?.kind === 'add' ? p.camera.pos : p?.to;
    if (!at && p) {
      const c = await existing(p.camera_id);
      at = c && [c.lon, c.lat];
    }
    if (at) map.flyTo({ center: at, zoom: 17.5 });
  }

  // ---- comments ----
  function commentsPanel() {
    const p = pv.plan;
    const box = h('div', { id: 'comment-slot' });
    const canComment = p.state !== 'approved';
    return h('section', { class: 'comments' },
      h('h3', {}, t('comments')),
      p.comments.length ? h('ul', { id: 'comments' }, p.comments.map((c) => h('li', {},
        h('b', {}, who(c.by)), ` · ${fmtTime(c.at)}`, c.version ? ` · ${t('version', { n: c.version })}` : '',
        h('div', {}, c.text),
        c.pos ? h('button', { type: 'button', class: 'link', onclick: () => map.flyTo({ center: c.pos, zoom: 17.5 }) }, t('position')) : null))) :
        h('p', { class: 'muted' }, t('no_comments')),
      canComment ? h('button', { type: 'button', id: 'comment', onclick: () => {
        put(box, h('p', { class: 'hint' }, t('commenting')));
        map.getCanvas().style.cursor = 'crosshair';
        clickMode = (ll) => {
          clickMode = null;
          map.getCanvas().style.cursor = '';
          const marker = new maplibregl.Marker({ color: COLORS.pin }).setLngLat(ll).addTo(map);
          const text = h('textarea', { id: 'comment-text', rows: 3, placeholder: t('comment_text') });
          const msg = h('p', { class: 'error', role: 'alert' });
          put(box, h('form', { class: 'card', onsubmit: async (e) => {
            e.preventDefault();
            try {
              pv = await api(`/plans/${encodeURIComponent(id)}/comments`, { method: 'POST', json: { text: text.value, lon: ll.lng, lat: ll.lat } });
              marker.remove();
              await draw();
            } catch (err) {
              msg.textContent = errorText(err);
            }
          } }, text, msg, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'comment-save' }, t('save')),
            h('button', { type: 'button', onclick: () => { marker.remove(); put(box); } }, t('cancel')))));
          text.focus();
        };
      } }, t('add_comment')) : null, box);
  }

  // Existing cameras: a drafter may move, re-aim or remove them from their popup.
  if (canDraft()) {
    clickable(map, ['cameras'], async (f) => {
      if (!canDraft() || clickMode) return;
      const cam = await existing(f.properties.id);
      if (cam) startPlacing(cam);
    });
  }

  await draw();
  return () => {
    document.removeEventListener('keydown', onKey);
    editor?.close();
    map.remove();
  };
}
