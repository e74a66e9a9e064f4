// Background jobs: exports of the city's analysis, with their progress, a way to cancel
// them and to download what they wrote, and the record of the city's analyses, one for
// each change of the store (an import, a plan applied), as a table of coverage over time.
import { h, put, fmtTime } from '../../mobile/app/dom.js';
import { api, blobURL, HttpError } from './api.js';
import { t, num } from './i18n.js';

const exporters = ['planner', 'reviewer', 'supervisor', 'admin'];

/** stepLabel names a job's step in words. */
function stepLabel(step) {
  return step ? t(`step_${step}`) : '';
}

function stateBadge(j) {
  return h('span', { class: `badge job-${j.state}` }, t(`job_${j.state}`));
}

/** progressCell shows how far a job is: a bar and the step it is in while it runs. */
function progressCell(j) {
  if (j.state === 'failed') return h('td', { class: 'error' }, j.error);
  const done = j.state === 'completed' ? 1 : j.progress.done;
  return h('td', {},
    h('progress', { max: 1, value: done, 'aria-label': t('progress') }),
    h('span', { class: 'muted step' }, j.state === 'running' ? ` ${stepLabel(j.progress.step)} ${Math.round(done * 100)}%` : ''));
}

async function download(j, msg) {
  try {
    const url = await blobURL(`/jobs/${j.id}/file`);
    const a = h('a', { href: url, download: j.file });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    msg.textContent = t('error', { m: e.message });
  }
}

function jobRow(j, user, refresh, msg) {
  const finished = ['completed', 'failed', 'cancelled'].includes(j.state);
  const actions = [];
  if (!finished && exporters.includes(user.role) && j.kind === 'export') {
    actions.push(h('button', { type: 'button', class: 'link cancel-job', onclick: async () => {
      try {
        await api(`/jobs/${j.id}/cancel`, { method: 'POST' });
      } catch (e) {
        msg.textContent = e instanceof HttpError ? e.message : t('network_error');
      }
      refresh();
    } }, t('cancel')));
  }
  if (j.state === 'completed' && j.file) {
    actions.push(h('button', { type: 'button', class: 'link download', onclick: () => download(j, msg) }, `${t('download')} ${j.file}`));
  }
  return h('tr', { class: 'job', 'data-id': j.id, 'data-state': j.state },
    h('td', { class: 'num' }, String(j.id)),
    h('td', {}, t(`jk_${j.kind}`)),
    h('td', {}, j.district || t('whole')),
    h('td', {}, stateBadge(j)),
    progressCell(j),
    h('td', {}, j.by === 'system' ? t('by_system') : (j.by_name || j.by)),
    h('td', {}, fmtTime(j.created_at)),
    h('td', {}, actions));
}

/** historyTable is the coverage of the city at each version of the store the analyses recorded. */
function historyTable(analyses) {
  const rows = analyses.filter((j) => j.state === 'completed' && j.output).map((j) => {
    const s = j.output.summary;
    const m = s.mandatory_sites;
    return h('tr', {},
      h('td', { class: 'num' }, String(j.output.version)),
      h('td', {}, fmtTime(j.finished_at)),
      h('td', { class: 'num' }, num(s.cameras)),
      h('td', { class: 'num' }, `${num(m.covered)} / ${num(m.total)}`),
      h('td', { class: 'num' }, m.total ? `${Math.round((100 * m.covered) / m.total)}%` : '—'),
      h('td', { class: 'num' }, num(s.hot_cells)));
  });
  if (rows.length === 0) return h('p', { class: 'muted' }, t('no_history'));
  return h('table', { class: 'history' },
    h('thead', {}, h('tr', {}, [t('store_version'), t('analysed_at'), t('cameras'), t('mandatory_covered'), t('share'), t('hot_cells')].map((x) => h('th', {}, x)))),
    h('tbody', {}, rows));
}

export async function renderJobs(view, { user, city }) {
  const msg = h('p', { class: 'error', role: 'alert' });
  const list = h('div', {});
  const history = h('div', {});
  let timer = null;
  let stopped = false;
  async function refresh() {
    if (stopped) return;
    clearTimeout(timer);
    try {
      const [exports, analyses] = await Promise.all([api('/jobs?kind=export&limit=50'), api('/jobs?kind=analysis&limit=100')]);
      put(list, exports.jobs.length === 0 ? h('p', { class: 'muted' }, t('no_jobs')) : h('table', { class: 'jobs' },
        h('thead', {}, h('tr', {}, ['#', t('job_kind'), t('district'), t('status'), t('progress'), t('requested_by'), t('created'), ''].map((x) => h('th', {}, x)))),
        h('tbody', {}, exports.jobs.map((j) => jobRow(j, user, refresh, msg)))));
      put(history, historyTable(analyses.jobs));
      // While any job runs, its progress is read again each second.
      if ([...exports.jobs, ...analyses.jobs].some((j) => j.state === 'queued' || j.state === 'running')) {
        timer = setTimeout(refresh, 1000);
      }
    } catch (e) {
      if (!(e instanceof HttpError && e.status === 401)) msg.textContent = t('error', { m: e.message });
    }
  }
  let form = null;
  if (exporters.includes(user.role)) {
    const district = h('select', { id: 'export-district', disabled: !!user.district },
      user.district ? h('option', { value: user.district }, user.district)
        : [h('option', { value: '' }, t('whole')), ...city.districts.map((d) => h('option', { value: d.name }, d.name))]);
    form = h('form', { class: 'new-job card', onsubmit: async (e) => {
      e.preventDefault();
      msg.textContent = '';
      try {
        await api('/jobs', { method: 'POST', json: { kind: 'export', district: district.value } });
      } catch (err) {
        msg.textContent = err.message;
      }
      refresh();
    } }, h('h3', {}, t('export_analysis')), h('p', { class: 'muted' }, t('export_hint')),
    h('label', { for: 'export-district' }, t('district')), district,
    h('button', { type: 'submit', class: 'primary', id: 'start-export' }, t('start_export')));
  }
  put(view, h('div', { class: 'page' }, h('h2', {}, t('jobs')), form, msg, list,
    h('h3', {}, t('coverage_history')), h('p', { class: 'muted' }, t('history_hint')), history));
  await refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
