// The import of a layer file (planners and admins of the whole city): drop a file or
// choose one, say which layer it holds, and see what it holds before anything is
// written — its format, coordinate system (with a choice of another), column mapping
// (with a choice of column per field, for tables), counts, rejections and notes, and its
// first features on the map; then confirm, which writes it and refreshes the city, or
// cancel. Every change of an option (layer, coordinate system, column, a GeoPackage's
// table, a workbook's sheet) reads the file again on the server.
import { h, put } from '../../mobile/app/dom.js';
import { api, HttpError } from './api.js';
import { t, num, term } from './i18n.js';
import { createMap, overlay, EMPTY, COLORS } from './map.js';

/** importers are the roles that import; a user of one district may not (layers are the whole city's). */
export const importers = ['planner', 'admin'];

// IMPORT_LAYERS draw the file's features: kept ones in the accent colour, rejected ones red.
const colour = ['case', ['get', 'rejected'], COLORS.uncovered, COLORS.proposal];
const IMPORT_LAYERS = [
  { id: 'import-fill', type: 'fill', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': colour, 'fill-opacity': 0.3, 'fill-outline-color': colour } },
  { id: 'import-line', type: 'line', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': colour, 'line-width': 2 } },
  { id: 'import-point', type: 'circle', filter: ['==', ['geometry-type'], 'Point'], paint: {
    'circle-color': colour, 'circle-radius': 7, 'circle-stroke-color': '#1f2933', 'circle-stroke-width': 1.5,
  } },
];

/** label is the word for an id of the server (a layer, a field) under a prefix, or the id itself when there is none. */
function label(prefix, id) {
  const key = `${prefix}_${String(id).replace(/-/g, '_')}`;
  const s = t(key);
  return s === key ? id : s;
}

/** fieldLabel names a rejection's field: a layer's field in words, else the column of the file. */
function fieldLabel(field) {
  const name = String(field ?? '').replace(/^properties\./, '');
  return label('f', name);
}

/** errorText says what went wrong with a request, in the page's language. */
function errorText(e, setup) {
  if (!(e instanceof HttpError)) return t('network_error');
  switch (e.body.code) {
    case 'too_large': return t('import_too_large', { mb: num(setup.max_bytes / 1048576) });
    case 'unsupported_media_type': return t('import_unknown_format', { m: e.message });
    case 'malformed': return t('import_unreadable', { m: e.message });
    case 'forbidden': return t('import_forbidden');
    case 'conflict': return t('import_busy', { m: e.message });
    case 'not_found': return t('import_gone');
    default: return t('error', { m: e.message });
  }
}

/** bounds are the bounds of a FeatureCollection's coordinates, null for none. */
function bounds(fc) {
  let b = null;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      b = b ? [Math.min(b[0], c[0]), Math.min(b[1], c[1]), Math.max(b[2], c[0]), Math.max(b[3], c[1])] : [c[0], c[1], c[0], c[1]];
      return;
    }
    for (const x of c) walk(x);
  };
  for (const f of fc.features) if (f.geometry) walk(f.geometry.coordinates);
  return b;
}

export async function renderImport(view, { user, city, reloadCity }) {
  if (!importers.includes(user.role) || user.district) {
    put(view, h('div', { class: 'page' }, h('h2', {}, t('import_title')), h('p', { class: 'warn' }, t('import_forbidden'))));
    return null;
  }
  const setup = await api('/imports/options');
  const mapEl = h('div', { class: 'map', id: 'map' });
  const panel = h('aside', { class: 'panel import-panel' });
  put(view, h('div', { class: 'work' }, panel, h('div', { class: 'mapbox' }, mapEl)));
  // The city's districts and roads frame the file's features, which nothing else hides.
  const map = await createMap(mapEl, city, { only: ['districts', 'roads'] });
  overlay(map, 'import', EMPTY, IMPORT_LAYERS, null);
  // The number of the file's features the map draws, for whoever checks the page.
  map.on('idle', () => {
    mapEl.dataset.rendered = String(map.queryRenderedFeatures({ layers: IMPORT_LAYERS.map((l) => l.id) }).length);
  });

  let preview = null;
  let busy = false;
  const msg = h('p', { class: 'error', role: 'alert', id: 'import-error' });
  const report = h('div', { id: 'import-report' });
  const result = h('div', { id: 'import-result' });
  const layer = h('select', { id: 'import-layer', onchange: () => preview && reread({ layer: layer.value }) },
    setup.layers.map((l) => h('option', { value: l, selected: l === 'cameras' }, label('ly', l))));
  const input = h('input', { type: 'file', id: 'import-file', class: 'hidden', onchange: () => input.files[0] && upload(input.files[0]) });
  const drop = h('label', { class: 'drop', id: 'import-drop', for: 'import-file' },
    h('b', {}, t('import_drop')), h('span', { class: 'muted' }, t('import_formats', { mb: num(setup.max_bytes / 1048576) })));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) upload(f);
  });

  async function run(fn) {
    if (busy) return;
    busy = true;
    msg.textContent = '';
    panel.classList.add('busy');
    try {
      await fn();
    } catch (e) {
      if (e instanceof HttpError && e.status === 401) return;
      msg.textContent = errorText(e, setup);
      if (!(e instanceof HttpError)) throw e;
    } finally {
      busy = false;
      panel.classList.remove('busy');
    }
  }

  function upload(file) {
    put(result);
    if (file.size > setup.max_bytes) {
      msg.textContent = t('import_too_large', { mb: num(setup.max_bytes / 1048576) });
      return;
    }
    run(async () => {
      if (preview) await api(`/imports/${preview.id}`, { method: 'DELETE' }).catch(() => {});
      preview = null;
      const form = new FormData();
      form.set('layer', layer.value);
      form.set('file', file, file.name);
      show(await api('/imports', { method: 'POST', form }));
    });
  }

  /** reread reads the file again with the options changed by change. */
  function reread(change) {
    const { layer: l, crs, mapping, table, sheet, repair, repair_force: force } = preview.options;
    const o = { layer: l, crs, mapping, table, sheet, repair, repair_force: force, ...change };
    if (!o.repair) o.repair_force = false;
    run(async () => show(await api(`/imports/${preview.id}`, { method: 'PUT', json: o })));
  }

  function crsControl(p) {
    const epsg = h('input', { id: 'import-epsg', placeholder: 'epsg:4547', value: /^epsg:/.test(p.options.crs) ? p.options.crs : '',
      class: /^epsg:/.test(p.options.crs) ? '' : 'hidden', onchange: () => epsg.value && reread({ crs: epsg.value.trim().toLowerCase() }) });
    const chosen = /^epsg:/.test(p.options.crs) ? 'epsg' : p.options.crs;
    const sel = h('select', { id: 'import-crs', onchange: () => {
      epsg.classList.toggle('hidden', sel.value !== 'epsg');
      if (sel.value !== 'epsg') reread({ crs: sel.value });
      else epsg.focus();
    } },
    h('option', { value: '', selected: chosen === '' }, t('crs_as_file')),
    setup.crs.map((c) => h('option', { value: c, selected: chosen === c }, label('crs', c))),
    h('option', { value: 'epsg', selected: chosen === 'epsg' }, t('crs_epsg')));
    return h('div', { class: 'field' }, h('label', { for: 'import-crs' }, t('crs')), sel, epsg,
      p.crs ? h('p', { class: 'muted', id: 'import-crs-read' }, t('crs_read', { crs: label('crs', p.crs), from: t(`crs_from_${p.crs_from}`) })) : null);
  }

  /** partControl names the part of a file to read: the table of a GeoPackage, the sheet of a workbook. */
  function partControl(p, option) {
    const input = h('input', { id: `import-${option}`, value: p.options[option] ?? '', placeholder: t(`${option}_hint`),
      onchange: () => reread({ [option]: input.value.trim() }) });
    return h('div', { class: 'field' }, h('label', { for: `import-${option}` }, t(`${option}_label`)), input);
  }

  function mappingTable(m) {
    const column = Object.fromEntries(m.pairs.map((p) => [p.field, p]));
    // A choice joins the user's earlier ones; the fields left to the server are
    // recognised by their headers again.
    const choose = (e) => {
      const mapping = { ...preview.options.mapping };
      if (e.target.value) mapping[e.target.dataset.field] = e.target.value;
      else delete mapping[e.target.dataset.field];
      reread({ mapping });
    };
    return h('div', { id: 'import-mapping' },
      h('h3', {}, t('mapping')), h('p', { class: 'muted' }, t('mapping_hint')),
      h('table', { class: 'mapping' },
        h('thead', {}, h('tr', {}, h('th', {}, t('field')), h('th', {}, t('column')), h('th', {}, t('mapped_by')))),
        h('tbody', {}, m.fields.map((f) => h('tr', { 'data-field': f.name, class: f.required && !column[f.name] ? 'missing' : '' },
          h('td', {}, label('f', f.name), f.required ? h('span', { class: 'required', title: t('required') }, ' *') : null),
          h('td', {}, h('select', { class: 'map-column', 'data-field': f.name, onchange: choose },
            h('option', { value: '' }, t('not_mapped')),
            m.columns.map((c) => h('option', { value: c, selected: column[f.name]?.column === c }, c)))),
          h('td', { class: 'muted' }, column[f.name] ? t(`by_${column[f.name].by}`) : ''))))),
      m.unused.length ? h('p', { class: 'muted', id: 'import-unused' }, t('unused_columns', { c: m.unused.join('、') })) : null);
  }

  /** repairControl asks for the repair of invalid outlines, and lists what it mended. */
  function repairControl(p) {
    const box = (id, checked, key, onchange) => h('label', { class: 'check' }, h('input', { type: 'checkbox', id, checked, onchange }), ' ', t(key));
    const repair = box('import-repair', !!p.options.repair, 'repair_label', (e) => reread({ repair: e.target.checked }));
    const force = p.options.repair ? box('import-repair-force', !!p.options.repair_force, 'repair_force_label', (e) => reread({ repair_force: e.target.checked })) : null;
    const change = (r) => (r.before_m2 ? `${r.after_m2 >= r.before_m2 ? '+' : ''}${num((100 * (r.after_m2 - r.before_m2)) / r.before_m2, 4)}%` : '');
    // done says what a repair did, in the page's language, from its counts.
    const done = ({ what: w }) => [
      w.crossings && t('rep_crossings', { n: num(w.crossings) }), w.spikes && t('rep_spikes', { n: num(w.spikes) }),
      w.repeated && t('rep_repeated', { n: num(w.repeated) }), w.closed && t('rep_closed', { n: num(w.closed) }),
      w.reversed && t('rep_reversed', { n: num(w.reversed) }), w.degenerate && t('rep_degenerate', { n: num(w.degenerate) }),
      w.regrouped && t('rep_regrouped')].filter(Boolean).join(t('rep_sep'));
    return h('div', { class: 'field', id: 'import-repairs' }, repair, force,
      p.repairs.length ? h('table', { class: 'rejections' },
        h('thead', {}, h('tr', {}, [t('feature_id'), t('what_done'), t('area_m2')].map((x) => h('th', {}, x)))),
        h('tbody', {}, p.repairs.map((r) => h('tr', { class: r.forced ? 'forced' : '' },
          h('td', {}, r.id || `${label('ly', r.layer)} #${r.index + 1}`), h('td', {}, done(r)),
          h('td', { class: 'num' }, `${num(r.before_m2)} → ${num(r.after_m2)} (${change(r)})`))))) : null,
      p.repairs_refused ? h('p', { class: 'warn' }, t('repairs_refused', { n: num(p.repairs_refused) })) : null);
  }

  function rejectionTable(p) {
    if (p.rejected === 0) return null;
    return h('div', { id: 'import-rejections' },
      h('h3', {}, t('rejections'), h('small', {}, ` ${num(p.rejected)}`)),
      p.rejected > p.rejections.length ? h('p', { class: 'muted' }, t('rejections_first', { n: num(p.rejections.length) })) : null,
      h('table', { class: 'rejections' },
        h('thead', {}, h('tr', {}, [t('place_in_file'), t('feature_id'), t('field'), t('reason')].map((x) => h('th', {}, x)))),
        h('tbody', {}, p.rejections.map((r) => h('tr', {},
          h('td', {}, r.at || (r.index != null ? `#${r.index + 1}` : '')), h('td', {}, r.id), h('td', {}, fieldLabel(r.field)), h('td', {}, r.reason))))));
  }

  /**
   * problemBox says why the file cannot be read with these options: in the page's words
   * when the page can tell (required fields without a column, a coordinate system to
   * name), with the reader's own message beneath.
   */
  function problemBox(p) {
    const m = p.mapping;
    const missing = p.problem.field === 'mapping' && m
      ? m.fields.filter((f) => f.required && !m.pairs.some((x) => x.field === f.name)).map((f) => label('f', f.name)) : [];
    let said = null;
    if (missing.length) said = t('problem_mapping_missing', { f: missing.join('、') });
    else if (p.problem.field === 'crs') said = t('problem_crs_choose');
    return h('div', { class: 'warn', id: 'import-problem' },
      h('p', {}, t(`problem_${p.problem.field || 'file'}`), ' ', said ?? p.problem.message),
      said ? h('p', { class: 'muted reader-says' }, p.problem.message) : null);
  }

  /** registryCard shows what a camera registry's GB/T 28181 codes and named districts say of its cameras. */
  function registryCard(r) {
    const why = (f) => {
      switch (f.reason) {
        case 'code-malformed': return t('reg_code_malformed', { p: term({ zh: f.problem_zh, en: f.problem_en }) });
        case 'code-not-camera': return t('reg_code_not_camera', { t: term(f.type), n: String(f.type.number).padStart(3, '0') });
        default: return f.from_code ? t('reg_district_differs_code', { div: f.division, named: f.named, stands: f.stands })
          : t('reg_district_differs', { named: f.named, stands: f.stands });
      }
    };
    return h('div', { id: 'import-registry' }, h('h3', {}, t('registry')),
      h('p', { class: 'muted' }, r.coded ? t('registry_coded', { n: num(r.coded), types: r.types.map((x) => `${term(x)} ${num(x.cameras)}`).join('、') }) : t('registry_none')),
      r.to_verify ? [h('p', { class: 'warn' }, t('registry_verify', { n: num(r.to_verify) })),
        h('ul', { class: 'to-verify' }, r.findings.map((f) => h('li', { 'data-reason': f.reason }, h('b', {}, f.camera), ' ', why(f))))] : null);
  }

  function show(p) {
    preview = p;
    layer.value = p.options.layer;
    const read = Object.values(p.read).reduce((a, b) => a + b, 0);
    const confirm = h('button', { type: 'button', class: 'primary', id: 'import-confirm', disabled: !!p.problem || p.valid === 0, onclick: () => run(async () => {
      const r = await api(`/imports/${p.id}/confirm`, { method: 'POST', json: { skip_invalid: p.rejected > 0 } });
      preview = null;
      overlay(map, 'import', EMPTY, IMPORT_LAYERS, null);
      put(report);
      const fresh = await reloadCity();
      const written = Object.entries(r.written).map(([l, n]) => `${label('ly', l)} ${num(n)}`).join('，');
      put(result, h('div', { class: 'card done', id: 'import-done' },
        h('p', {}, t('import_done', { w: written || t('none'), s: num(r.skipped) })),
        h('p', {}, t('import_city_now', { n: num(fresh.summary.cameras) })),
        h('a', { href: '#/map', class: 'button', id: 'import-to-map' }, t('nav_map'))));
    }) }, p.rejected > 0 ? t('import_confirm_skip', { n: num(p.valid), m: num(p.rejected) }) : t('import_confirm', { n: num(p.valid) }));
    const cancel = h('button', { type: 'button', id: 'import-cancel', onclick: () => run(async () => {
      await api(`/imports/${p.id}`, { method: 'DELETE' });
      preview = null;
      input.value = '';
      overlay(map, 'import', EMPTY, IMPORT_LAYERS, null);
      put(report);
    }) }, t('cancel'));
    put(report,
      h('div', { class: 'card', id: 'import-summary' },
        h('p', {}, h('b', { id: 'import-name' }, p.file), h('span', { class: 'muted' }, ` · ${num(p.bytes / 1024, 1)} KB`)),
        h('p', {}, `${t('format')}: `, h('b', { id: 'import-format' }, p.format))),
      crsControl(p),
      p.format === 'GeoPackage' ? partControl(p, 'table') : null,
      p.format === 'Excel' ? partControl(p, 'sheet') : null,
      p.problem ? null : repairControl(p),
      p.problem ? problemBox(p) : null,
      p.mapping ? mappingTable(p.mapping) : null,
      p.problem ? null : h('div', { class: 'stats', id: 'import-counts' },
        h('div', { class: 'stat' }, h('b', {}, num(read)), h('span', {}, t('import_read'))),
        h('div', { class: 'stat covered' }, h('b', { id: 'import-valid' }, num(p.valid)), h('span', {}, t('import_valid'))),
        h('div', { class: 'stat uncovered' }, h('b', { id: 'import-rejected' }, num(p.rejected)), h('span', {}, t('import_rejected')))),
      p.swapped ? h('p', { class: 'hint' }, t('import_swapped')) : null,
      rejectionTable(p),
      p.registry ? registryCard(p.registry) : null,
      p.notes.length ? h('div', { id: 'import-notes' }, h('h3', {}, t('notes')), h('ul', {}, p.notes.map((n) => h('li', { class: 'muted' }, n)))) : null,
      h('p', { class: 'muted' }, t('import_expires', { at: new Date(p.expires_at).toLocaleTimeString() })),
      h('div', { class: 'actions' }, confirm, cancel));
    overlay(map, 'import', p.features, IMPORT_LAYERS, null);
    const b = bounds(p.features);
    if (b) map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 60, maxZoom: 17, duration: 0 });
  }

  put(panel, h('div', { class: 'panel-head' }, h('h2', {}, t('import_title')), h('p', { class: 'muted' }, t('import_hint'))),
    h('div', { class: 'field' }, h('label', { for: 'import-layer' }, t('layer')), layer),
    drop, input, msg, report, result);
  return () => {
    map.remove();
  };
}
