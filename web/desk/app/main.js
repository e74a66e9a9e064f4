// The map's entry: the login page, the header, and the hash router over the pages —
// the city map (planners, reviewers, supervisors), plans and their review, a plan's
// printable page, the inspection findings, the background jobs, and the import of layer
// files (planners, admins).
import './style.css';
import { h, put } from '../../mobile/app/dom.js';
import { api, HttpError, session, setSession, whenExpired } from './api.js';
import { t, lang, setLang } from './i18n.js';
import { renderOverview } from './overview.js';
import { renderPlans, renderPlan } from './plans.js';
import { renderPrint } from './print.js';
import { renderFindings } from './findings.js';
import { renderJobs } from './jobs.js';
import { renderImport, importers } from './imports.js';

const root = document.getElementById('app');
let notice = '';
let dispose = null;
let cityPromise = null;

/** city is the server's city overview, fetched once per session and after an import. */
export function city() {
  cityPromise ??= api('/city').catch((e) => {
    cityPromise = null;
    throw e;
  });
  return cityPromise;
}

whenExpired(() => {
  notice = t('session_expired');
  cityPromise = null;
  // Changing the hash routes to the login page; when it is already there, route now.
  if (location.hash === '#/login') route();
  else location.hash = '#/login';
});

function loginPage() {
  const msg = h('p', { class: 'error', role: 'alert' }, notice);
  notice = '';
  const name = h('input', { id: 'name', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'login card', onsubmit: async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    try {
      const res = await api('/auth/login', { method: 'POST', json: { name: name.value, password: password.value } });
      setSession({ token: res.token, user: res.user, expires_at: res.expires_at });
      location.hash = res.user.role === 'supervisor' ? '#/findings' : '#/map';
    } catch (e) {
      if (e instanceof HttpError && e.status === 429) msg.textContent = t('throttled', { s: e.retryAfter || 60 });
      else if (e instanceof HttpError) msg.textContent = t('bad_credentials');
      else msg.textContent = t('network_error');
    }
  } },
  h('h1', {}, t('app')),
  h('label', { for: 'name' }, t('name')), name,
  h('label', { for: 'password' }, t('password')), password,
  msg,
  h('button', { type: 'submit', class: 'primary' }, t('login')),
  langButton());
  put(root, h('div', { class: 'login-page' }, form));
  name.focus();
}

function langButton() {
  return h('button', { type: 'button', class: 'link lang', onclick: () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    route();
  } }, t('lang'));
}

function header(s, active) {
  const link = (hash, key) => h('a', { href: hash, class: active === key ? 'active' : '' }, t(key));
  const nav = [];
  if (s.user.role !== 'supervisor') nav.push(link('#/map', 'nav_map'), link('#/plans', 'nav_plans'));
  else nav.push(link('#/map', 'nav_map'));
  nav.push(link('#/findings', 'nav_findings'), link('#/jobs', 'nav_jobs'));
  if (importers.includes(s.user.role) && !s.user.district) nav.push(link('#/import', 'nav_import'));
  return h('header', { class: 'top no-print' },
    h('span', { class: 'brand' }, t('app_short')),
    h('nav', {}, nav),
    h('span', { class: 'spacer' }),
    h('span', { class: 'who' }, `${s.user.name} · ${t(`role_${s.user.role}`)} · ${s.user.district || t('whole')}`),
    langButton(),
    h('button', { type: 'button', class: 'link', id: 'logout', onclick: async () => {
      try {
        await api('/auth/logout', { method: 'POST' });
      } catch {
        // The session ends here whatever the server says.
      }
      setSession(null);
      cityPromise = null;
      location.hash = '#/login';
    } }, t('logout')));
}

const routes = [
  [/^#\/map$/, 'nav_map', renderOverview],
  [/^#\/plans$/, 'nav_plans', renderPlans],
  [/^#\/plans\/([^/?]+)\/print(?:\?v=(\d+))?$/, null, renderPrint],
  [/^#\/plans\/([^/?]+)$/, 'nav_plans', renderPlan],
  [/^#\/findings$/, 'nav_findings', renderFindings],
  [/^#\/jobs$/, 'nav_jobs', renderJobs],
  [/^#\/import$/, 'nav_import', renderImport],
];

/** reloadCity forgets the city overview and fetches it again: the store changed. */
function reloadCity() {
  cityPromise = null;
  return city();
}

async function route() {
  dispose?.();
  dispose = null;
  const s = session();
  const hash = location.hash || '#/map';
  if (!s || hash === '#/login') {
    if (s && hash === '#/login') {
      location.hash = '#/map';
      return;
    }
    loginPage();
    return;
  }
  if (s.user.role === 'inspector') {
    put(root, h('div', { class: 'login-page' }, h('div', { class: 'card' }, h('p', {}, t('role_inspector')),
      h('a', { href: '/m/' }, '/m/'))));
    return;
  }
  const match = routes.map(([re, nav, fn]) => [hash.match(re), nav, fn]).find(([m]) => m);
  if (!match) {
    location.hash = '#/map';
    return;
  }
  const [m, nav, render] = match;
  const view = h('main', { id: 'view' });
  put(root, nav ? header(s, nav) : null, view);
  put(view, h('p', { class: 'loading' }, t('loading')));
  try {
    dispose = await render(view, { user: s.user, params: m.slice(1), city: await city(), reloadCity });
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) return;
    put(view, h('p', { class: 'error', role: 'alert' }, t('error', { m: e.message })));
    // An answer of the server (a plan that is not there) is shown; anything else is a
    // fault of the page and goes on to the console.
    if (!(e instanceof HttpError)) throw e;
  }
}

window.addEventListener('hashchange', route);
route();
