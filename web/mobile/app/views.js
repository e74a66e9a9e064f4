// The app's screens. Each render function fills the view element and returns a cleanup
// function (or nothing).
import { h, put, fmtTime, uuid, sha256Hex } from './dom.js';
import { t, lang, SPACES, spaceLabel } from './i18n.js';
import { api, HttpError, NetworkError } from './api.js';
import { kvGet, kvSet, cacheGet, cacheSet, allChecks, getCheck, deleteCheck } from './db.js';
import { enqueue, events, syncNow } from './queue.js';
import * as position from './position.js';
import * as compass from './compass.js';
import { declination, parseCOF } from './wmm.js';
import { normDeg, deviationDeg } from './geo.js';
import cof from './wmm/WMM2025.COF';

const WMM = parseCOF(cof);
// The server's default tolerance for a turned lens (inspect.Settings); shown as a hint.
const TOLERANCE_DEG = 15;

export const go = (hash) => {
  location.hash = hash;
};

function distance(d) {
  return d >= 1000 ? t('km', { d: (d / 1000).toFixed(1) }) : t('m', { d: Math.round(d) });
}

function banner(kind, text) {
  return h('p', { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

function errorText(e) {
  if (e instanceof NetworkError) return t('network_error');
  if (e instanceof HttpError) {
    const b = e.body ?? {};
    return b.field ? t('field_error', { f: b.field, m: b.message }) : `${e.status} ${b.message ?? ''}`;
  }
  return String(e?.message ?? e);
}

// ---------------------------------------------------------------- login

export function renderLogin(view, { onLoggedIn, notice }) {
  const msg = h('div', { id: 'login-msg' }, notice ? banner('warn', notice) : null);
  const name = h('input', { id: 'name', name: 'name', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { class: 'primary big', type: 'submit' }, t('login'));
  const form = h('form', {
    class: 'card login',
    async onsubmit(ev) {
      ev.preventDefault();
      submit.disabled = true;
      put(msg);
      try {
        const res = await api('/auth/login', { method: 'POST', json: { name: name.value.trim(), password: pass.value }, token: '' });
        await kvSet('session', { token: res.token, expires_at: res.expires_at, user: res.user });
        onLoggedIn();
      } catch (e) {
        let text = errorText(e);
        if (e instanceof HttpError && e.status === 401) text = t('bad_credentials');
        if (e instanceof HttpError && e.status === 429) text = t('throttled', { s: e.retryAfter || 60 });
        put(msg, banner('error', text));
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('h1', {}, t('app')),
  h('label', { for: 'name' }, t('name')), name,
  h('label', { for: 'password' }, t('password')), pass,
  msg, submit);
  put(view, form);
}

// ---------------------------------------------------------------- tasks

export function renderTasks(view) {
  const status = h('div', {});
  const list = h('ul', { class: 'list', id: 'tasks' });
  const pos = h('p', { class: 'muted' });
  const refresh = h('button', { class: 'big', id: 'refresh', onclick: () => load() }, t('refresh'));
  put(view, h('section', {}, h('div', { class: 'row' }, h('h2', {}, t('tasks')), refresh), pos, status, list));

  function show(tasks) {
    put(list, 
      ...(tasks.length ? tasks.map((k) => h('li', {},
        h('a', { class: 'item', href: `#/camera/${encodeURIComponent(k.camera_id)}`, 'data-camera': k.camera_id },
          h('span', { class: `tag tag-${k.kind}` }, t(`task_${k.kind}`)),
          h('strong', {}, k.camera_id), ' ', h('span', { class: 'dist' }, distance(k.distance_m)),
          lang() === 'en' || !['never_inspected', 'due'].includes(k.kind) ? h('div', { class: 'muted' }, k.reason) : null,
          k.deadline ? h('div', { class: 'warn-text' }, `${t('deadline')} ${k.deadline}`) : null,
          k.rule ? h('div', { class: 'muted' }, `${k.rule.citation}（${k.rule.source}）`) : null)))
        : [h('li', { class: 'muted' }, t('no_tasks'))]));
  }

  async function load() {
    const fix = await position.next();
    if (!fix) {
      pos.textContent = t('no_position');
    } else {
      pos.textContent = t('position', { lat: fix.lat.toFixed(5), lon: fix.lon.toFixed(5), acc: Math.round(fix.accuracy_m) });
    }
    put(status);
    if (fix) {
      try {
        const res = await api(`/tasks?lat=${fix.lat}&lon=${fix.lon}&limit=100`);
        await cacheSet('tasks', res.tasks);
        show(res.tasks);
        return;
      } catch (e) {
        if (!(e instanceof NetworkError)) put(status, banner('error', errorText(e)));
      }
    }
    const cached = await cacheGet('tasks');
    if (cached) {
      put(status, banner('warn', t('cached_at', { t: fmtTime(cached.at) })));
      show(cached.value);
    }
  }
  load();
}

// ---------------------------------------------------------------- camera

function findingLine(f) {
  return h('li', { class: 'finding' },
    h('strong', {}, t(`k_${f.kind}`)), ' · ', h('span', { class: 'status' }, t(`fs_${f.status}`)),
    h('div', {}, f.detail),
    h('div', { class: 'cite' }, `${t('citation')}: ${f.rule.citation} · ${f.rule.source}`),
    h('div', { class: 'warn-text' }, `${t('deadline')}: ${f.deadline}`));
}

export async function renderCamera(view, id) {
  const body = h('div', {}, h('p', { class: 'muted' }, '…'));
  put(view, h('section', {},
    h('div', { class: 'row' }, h('a', { class: 'button', href: '#/tasks' }, '‹ ', t('back')), h('h2', {}, id)), body));
  let cam = null;
  let note = null;
  try {
    cam = await api(`/cameras/${encodeURIComponent(id)}`);
    await cacheSet(`camera:${id}`, cam);
  } catch (e) {
    const cached = await cacheGet(`camera:${id}`);
    if (cached) {
      cam = cached.value;
      note = banner('warn', t('cached_at', { t: fmtTime(cached.at) }));
    } else {
      put(body, banner('error', errorText(e)));
      return;
    }
  }
  const local = (await allChecks()).filter((c) => c.camera_id === id);
  const dl = (pairs) => h('dl', { class: 'facts' }, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  put(body, 
    note,
    dl([
      [t('owner'), cam.owner],
      [t('investment'), t(`inv_${cam.investment}`)],
      [t('azimuth'), `${cam.azimuth_deg}°`],
      [t('hfov'), `${cam.hfov_deg}°`],
      [t('range'), `${cam.range_m} m`],
      [t('height'), cam.height_m ? `${cam.height_m} m` : '—'],
      [t('status'), cam.status || '—'],
      [t('district'), cam.district || '—'],
      [t('last_check'), cam.last_inspected_at ? fmtTime(cam.last_inspected_at) : t('never')],
    ]),
    h('a', { class: 'button primary big', id: 'record-check', href: `#/check/${encodeURIComponent(id)}` }, t('record_check')),
    cam.violations?.length ? [h('h3', {}, t('violations')), h('ul', { class: 'list' },
      cam.violations.map((v) => h('li', {}, h('strong', {}, v.rule), v.space ? ` · ${spaceLabel(v.space)}` : '',
        h('div', { class: 'cite' }, `${v.citation} · ${v.source}`))))] : null,
    cam.open_findings?.length ? [h('h3', {}, t('open_findings')), h('ul', { class: 'list' }, cam.open_findings.map(findingLine))] : null,
    local.length ? [h('h3', {}, t('local_checks')), h('ul', { class: 'list' }, local.map(queueItem))] : null,
  );
}

// ---------------------------------------------------------------- the check form

// needle points the way the phone's top points, clockwise from true north. The angle is
// set through the CSSOM, which the page's content policy allows.
function needle(deg) {
  const el = h('span', { class: 'needle', 'aria-hidden': 'true' });
  el.style.transform = `rotate(${deg}deg)`;
  return el;
}

function seg(name, options, get, set) {
  const wrap = h('div', { class: 'seg', role: 'group', 'data-field': name });
  const draw = () => {
    put(wrap, ...options.map(([v, label]) => h('button', {
      type: 'button',
      'data-value': String(v),
      'aria-pressed': String(get() === v),
      onclick: () => {
        set(get() === v ? null : v);
        draw();
      },
    }, label)));
  };
  draw();
  return wrap;
}

export async function renderCheck(view, id) {
  const cached = await cacheGet(`camera:${id}`);
  const cam = cached?.value ?? null;
  const st = {
    present: null, legible: null, reading: null, manual: '', obstruction: null, share: 0,
    inPrivate: null, space: '', image: null, running: null, notes: '', photos: [],
  };
  const msg = h('div', { id: 'check-msg' });
  const fixLine = h('p', { class: 'muted', id: 'fix' });
  const drawFix = () => {
    const f = position.current();
    fixLine.textContent = f ? t('position', { lat: f.lat.toFixed(5), lon: f.lon.toFixed(5), acc: Math.round(f.accuracy_m) }) : t('no_position');
  };
  drawFix();
  const offFix = position.onFix(drawFix);

  // Lens: the compass reads magnetic north; add the declination for a true bearing.
  const decl = () => {
    const f = position.current() ?? (cam ? { lat: cam.lat, lon: cam.lon } : null);
    return f ? declination(WMM, f.lat, f.lon, new Date()) : 0;
  };
  const live = h('div', { class: 'compass', id: 'compass-live' });
  const result = h('div', { class: 'lens-result', id: 'lens-result' });
  const manual = h('input', {
    id: 'manual-azimuth', type: 'number', inputmode: 'decimal', min: '0', max: '359.9', step: '0.1',
    oninput: () => {
      st.manual = manual.value;
      st.reading = null;
      drawLens();
    },
  });
  function measured() {
    if (st.reading != null) return { deg: st.reading, method: 'compass' };
    if (st.manual !== '' && Number.isFinite(Number(st.manual))) return { deg: normDeg(Number(st.manual)), method: 'photo' };
    return null;
  }
  function drawLive(mag) {
    const d = decl();
    if (mag == null) {
      put(live, h('div', { class: 'muted' }, t('compass_none')),
        compass.needsPermission() ? h('button', { type: 'button', class: 'big', id: 'start-compass', onclick: () => compass.start({ fromTap: true }) }, t('start_compass')) : null);
      return;
    }
    const trueDeg = normDeg(mag + d);
    put(live, 
      h('div', { class: 'heading' }, needle(trueDeg),
        h('span', { class: 'deg', id: 'live-deg' }, `${trueDeg.toFixed(0)}°`)),
      h('div', { class: 'muted' }, t('compass_live'), ' · ', t('declination', { d: d.toFixed(1) })),
      h('button', {
        type: 'button', class: 'big', id: 'take-reading',
        onclick: () => {
          st.reading = Math.round(trueDeg * 10) / 10;
          st.manual = '';
          manual.value = '';
          drawLens();
        },
      }, t('use_reading')));
  }
  function drawLens() {
    const m = measured();
    if (!m) {
      put(result);
      return;
    }
    const parts = [h('div', {}, `${t('measured')}: `, h('strong', { id: 'measured' }, `${m.deg.toFixed(1)}°`), ` (${m.method})`)];
    if (cam) {
      const dev = deviationDeg(m.deg, cam.azimuth_deg);
      const over = Math.abs(dev) > TOLERANCE_DEG;
      const s = `${dev > 0 ? '+' : ''}${dev.toFixed(1)}`;
      parts.push(h('div', { class: over ? 'bad' : 'good', id: 'deviation' },
        `${t('azimuth')} ${cam.azimuth_deg}° · `, over ? t('deviation_over', { d: s }) : t('deviation', { d: s })));
    }
    put(result, ...parts);
  }
  compass.start();
  drawLive(compass.current());
  const offHeading = compass.onHeading((mag) => drawLive(mag));
  drawLens();

  const share = h('input', { id: 'share', type: 'range', min: '0', max: '100', step: '5', value: '0' });
  const shareLabel = h('label', { for: 'share' }, t('blocked_share', { p: 0 }));
  share.addEventListener('input', () => {
    st.share = Number(share.value);
    shareLabel.textContent = t('blocked_share', { p: share.value });
  });
  const space = h('select', { id: 'space', onchange: () => { st.space = space.value; } },
    h('option', { value: '' }, t('choose')), SPACES.map(([sid]) => h('option', { value: sid }, spaceLabel(sid))));
  const notes = h('textarea', { id: 'notes', rows: 3, oninput: () => { st.notes = notes.value; } });

  const thumbs = h('div', { class: 'thumbs', id: 'thumbs' });
  const file = h('input', {
    id: 'photo', type: 'file', accept: 'image/*', capture: 'environment', multiple: true, class: 'visually-hidden',
    async onchange() {
      for (const f of file.files) {
        const bytes = await f.arrayBuffer();
        const sum = await sha256Hex(bytes);
        if (st.photos.some((p) => p.sha256 === sum)) continue;
        st.photos.push({ sha256: sum, bytes, type: f.type || 'image/jpeg', name: f.name, state: 'waiting', attempts: 0 });
        thumbs.append(h('figure', {}, h('img', { src: URL.createObjectURL(f), alt: f.name }), h('figcaption', {}, sum.slice(0, 12))));
      }
      file.value = '';
    },
  });

  const save = h('button', {
    type: 'submit', class: 'primary big', id: 'save',
    async onclick(ev) {
      ev.preventDefault();
      put(msg);
      const f = position.current();
      if (!f) return put(msg, banner('error', t('need_position')));
      if (st.inPrivate === true && !st.space) return put(msg, banner('error', t('need_space')));
      const session = await kvGet('session');
      if (!session) return go('#/tasks');
      const checkId = uuid();
      const body = {
        id: checkId, camera_id: id,
        position: { lat: f.lat, lon: f.lon, accuracy_m: Math.round(f.accuracy_m * 10) / 10 },
        observed_at: new Date().toISOString(),
      };
      if (st.present != null) body.signage = { present: st.present, legible: st.present ? st.legible === true : false };
      const m = measured();
      if (m) body.lens = { measured_azimuth_deg: Math.round(m.deg * 10) / 10, method: m.method };
      if (st.obstruction) body.obstruction = { kind: st.obstruction, blocked_share: st.obstruction === 'none' ? 0 : st.share / 100 };
      if (st.inPrivate != null) body.privacy = st.inPrivate ? { in_private_space: true, space: st.space } : { in_private_space: false };
      if (st.image) body.image = st.image;
      if (st.running != null) body.running = st.running;
      if (st.notes.trim()) body.notes = st.notes.trim();
      await enqueue({
        id: checkId, user_id: session.user.id, camera_id: id, created_at: Date.now(),
        registered_azimuth: cam?.azimuth_deg ?? null, declination: m?.method === 'compass' ? decl() : null,
        body, state: 'waiting', attempts: 0, next_at: 0, error: null, record: null, photos: st.photos,
      });
      go(`#/local/${checkId}`);
    },
  }, t('save'));

  const yesNo = [[true, t('yes')], [false, t('no')]];
  put(view, h('form', { class: 'check', id: 'check-form' },
    h('div', { class: 'row' }, h('a', { class: 'button', href: `#/camera/${encodeURIComponent(id)}` }, '‹ ', t('back')),
      h('h2', {}, `${t('record_check')} · ${id}`)),
    fixLine,
    h('fieldset', {}, h('legend', {}, t('signage')),
      h('div', { class: 'field' }, h('span', {}, t('present')), seg('signage.present', yesNo, () => st.present, (v) => { st.present = v; })),
      h('div', { class: 'field' }, h('span', {}, t('legible')), seg('signage.legible', yesNo, () => st.legible, (v) => { st.legible = v; }))),
    h('fieldset', {}, h('legend', {}, t('lens')), h('p', { class: 'muted' }, t('compass_hint')), live,
      h('label', { for: 'manual-azimuth' }, t('manual')), manual, result),
    h('fieldset', {}, h('legend', {}, t('obstruction')),
      seg('obstruction.kind', ['none', 'tree', 'billboard', 'cable', 'structure', 'other'].map((k) => [k, t(`obs_${k}`)]),
        () => st.obstruction, (v) => { st.obstruction = v; }),
      shareLabel, share),
    h('fieldset', {}, h('legend', {}, t('privacy')),
      h('div', { class: 'field' }, h('span', {}, t('in_private_space')), seg('privacy.in_private_space', yesNo, () => st.inPrivate, (v) => { st.inPrivate = v; })),
      h('label', { for: 'space' }, t('space_kind')), space),
    h('fieldset', {}, h('legend', {}, t('image')),
      seg('image', ['clear', 'blurred', 'dark', 'no_signal'].map((k) => [k, t(`img_${k}`)]), () => st.image, (v) => { st.image = v; })),
    h('fieldset', {}, h('legend', {}, t('running')), seg('running', yesNo, () => st.running, (v) => { st.running = v; })),
    h('fieldset', {}, h('legend', {}, t('photos')), h('label', { for: 'photo', class: 'button big' }, t('add_photo')), file, thumbs),
    h('fieldset', {}, h('legend', {}, t('notes')), notes),
    msg, save));
  return () => {
    offFix();
    offHeading();
  };
}

// ---------------------------------------------------------------- the queue

function stateBadge(state) {
  return h('span', { class: `badge st-${state}`, 'data-state': state }, t(`st_${state}`));
}

function errorLines(err) {
  if (!err) return null;
  const problems = err.problems?.length ? err.problems : err.field ? [{ field: err.field, message: err.message }] : [];
  if (problems.length) {
    return h('ul', { class: 'errors' }, problems.map((p) => h('li', { 'data-field': p.field }, t('field_error', { f: p.field, m: p.message }))));
  }
  return h('div', { class: 'errors' }, err.message ?? err.code ?? '');
}

function queueItem(c) {
  const photos = c.photos.length ? h('div', { class: 'muted' }, `${t('photos')} ${c.photos.filter((p) => p.state === 'sent').length}/${c.photos.length}`) : null;
  return h('li', {},
    h('a', { class: 'item', href: `#/local/${c.id}`, 'data-check': c.id },
      stateBadge(c.state), h('strong', {}, c.camera_id), ' ', h('span', { class: 'muted' }, fmtTime(c.created_at)),
      c.record ? h('div', {}, `${t('findings')}: ${c.record.findings.length}`) : null,
      c.state === 'retrying' ? h('div', { class: 'muted' }, t('retry_at', { t: fmtTime(c.next_at), n: c.attempts })) : null,
      c.state === 'rejected' || c.state === 'conflict' ? errorLines(c.error) : null,
      photos));
}

export function renderQueue(view) {
  const list = h('ul', { class: 'list', id: 'queue' });
  const draw = async () => {
    const all = await allChecks();
    put(list, ...(all.length ? all.map(queueItem) : [h('li', { class: 'muted' }, t('empty_queue'))]));
  };
  put(view, h('section', {},
    h('div', { class: 'row' }, h('h2', {}, t('queue')),
      h('button', { class: 'big', id: 'sync-now', onclick: () => syncNow({ force: true }) }, t('sync_now'))),
    list));
  draw();
  const on = () => draw();
  events.addEventListener('queue', on);
  return () => events.removeEventListener('queue', on);
}

export function renderLocal(view, id) {
  const box = h('div', {});
  put(view, h('section', {},
    h('div', { class: 'row' }, h('a', { class: 'button', href: '#/queue' }, '‹ ', t('queue')), h('h2', {}, t('record_check'))), box));
  const draw = async () => {
    const c = await getCheck(id);
    if (!c) {
      put(box, banner('warn', id));
      return;
    }
    const b = c.body;
    const facts = [
      [t('camera'), c.camera_id],
      [t('observed_at'), fmtTime(b.observed_at)],
      b.signage ? [t('signage'), `${b.signage.present ? t('present') : '✗'}${b.signage.legible ? ` · ${t('legible')}` : ''}`] : null,
      b.lens ? [t('lens'), `${b.lens.measured_azimuth_deg}° (${b.lens.method})${c.registered_azimuth != null ? ` · ${t('deviation', { d: deviationDeg(b.lens.measured_azimuth_deg, c.registered_azimuth).toFixed(1) })}` : ''}`] : null,
      b.obstruction ? [t('obstruction'), `${t(`obs_${b.obstruction.kind}`)} ${Math.round(b.obstruction.blocked_share * 100)}%`] : null,
      b.privacy ? [t('privacy'), b.privacy.in_private_space ? spaceLabel(b.privacy.space) : t('no')] : null,
      b.image ? [t('image'), t(`img_${b.image}`)] : null,
      b.running != null ? [t('running'), b.running ? t('yes') : t('no')] : null,
      b.notes ? [t('notes'), b.notes] : null,
    ].filter(Boolean);
    const rec = c.record;
    put(box, 
      h('p', {}, stateBadge(c.state), ' ', h('code', { class: 'muted' }, c.id)),
      c.state === 'conflict' ? banner('error', t('conflict_text')) : null,
      c.state === 'rejected' ? errorLines(c.error) : null,
      c.state === 'retrying' ? h('p', { class: 'muted' }, t('retry_at', { t: fmtTime(c.next_at), n: c.attempts }), ' · ', c.error?.message ?? '') : null,
      h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      c.photos.length ? h('ul', { class: 'list', id: 'photos' }, c.photos.map((p) => h('li', { 'data-photo': p.sha256, 'data-state': p.state },
        `${t(`ph_${p.state}`)} · ${p.sha256.slice(0, 16)}…`, p.error ? errorLines(p.error) : null))) : null,
      rec ? h('section', { id: 'findings' }, h('h3', {}, t('findings')),
        rec.findings.length ? h('ul', { class: 'list' }, rec.findings.map(findingLine)) : h('p', {}, t('no_findings')),
        rec.skipped.length ? [h('h4', {}, t('skipped')), h('ul', { class: 'list' }, rec.skipped.map((s) => h('li', {}, `${t(`k_${s.kind}`)}: ${s.reason}`)))] : null,
        rec.inspection.flags?.length ? [h('h4', {}, t('flags')), h('ul', { class: 'list' }, rec.inspection.flags.map((f) => h('li', {}, f.message || f.kind)))] : null) : null,
      c.state === 'conflict' ? h('button', {
        class: 'big', id: 'resend-new',
        async onclick() {
          const nid = uuid();
          await enqueue({ ...c, id: nid, body: { ...c.body, id: nid }, created_at: Date.now(), state: 'waiting', attempts: 0, next_at: 0, error: null,
            photos: c.photos.filter((p) => p.bytes).map((p) => ({ ...p, state: 'waiting', attempts: 0, error: null })) });
          go(`#/local/${nid}`);
        },
      }, t('resend_new')) : null,
      c.state === 'conflict' || c.state === 'rejected' ? h('button', {
        class: 'big danger', id: 'discard',
        async onclick() {
          if (confirm(t('confirm_discard'))) {
            await deleteCheck(c.id);
            go('#/queue');
          }
        },
      }, t('discard')) : null,
    );
  };
  draw();
  const on = () => draw();
  events.addEventListener('queue', on);
  return () => events.removeEventListener('queue', on);
}

export { lang };
