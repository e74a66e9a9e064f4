// The app's entry: session, header and tabs, the hash router, the service worker, and the
// triggers that send the offline queue.
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { h, put } from './dom.js';
import { t, setLang, lang } from './i18n.js';
import { kvGet, kvSet, kvDel } from './db.js';
import { api } from './api.js';
import { events, syncNow, counts } from './queue.js';
import * as position from './position.js';
import { renderLogin, renderTasks, renderCamera, renderCheck, renderQueue, renderLocal } from './views.js';

const root = document.getElementById('app');
const header = h('header', { class: 'top' });
const view = h('main', { id: 'view' });
const nav = h('nav', { class: 'tabs' });
put(root, header, view, nav);

let cleanup = null;
let notice = null;

async function session() {
  const s = await kvGet('session');
  if (s && new Date(s.expires_at).getTime() <= Date.now()) {
    await kvDel('session');
    notice = t('session_expired');
    return null;
  }
  return s;
}

async function drawChrome(s) {
  const net = navigator.onLine;
  put(header, 
    h('span', { class: 'title' }, t('app')),
    h('span', { class: `net ${net ? 'on' : 'off'}`, id: 'net' }, net ? t('online') : t('offline')),
    h('button', {
      class: 'small', id: 'lang', 'aria-label': 'language',
      async onclick() {
        const l = lang() === 'zh' ? 'en' : 'zh';
        setLang(l);
        await kvSet('lang', l);
        route();
      },
    }, t('lang')),
    s ? h('button', {
      class: 'small', id: 'logout',
      async onclick() {
        try {
          await api('/auth/logout', { method: 'POST' });
        } catch {
          // Offline: the token stays valid on the server until it expires.
        }
        await kvDel('session');
        route();
      },
    }, t('logout')) : null);
  if (!s) {
    put(nav);
    return;
  }
  const c = await counts();
  const pending = c.waiting + c.retrying;
  const trouble = c.conflict + c.rejected;
  const cur = location.hash.split('/')[1] || 'tasks';
  const tab = (name, label, badge) => h('a', { href: `#/${name}`, class: cur === name ? 'active' : '', id: `tab-${name}` },
    label, badge ? h('span', { class: 'count' }, badge) : null);
  put(nav, tab('tasks', t('tasks')), tab('map', t('map')),
    tab('queue', t('queue'), [pending || null, trouble ? `${trouble}!` : null].filter(Boolean).join(' · ')));
}

async function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const s = await session();
  await drawChrome(s);
  if (!s) {
    renderLogin(view, {
      notice,
      onLoggedIn() {
        notice = null;
        if (location.hash === '#/tasks') route();
        else location.hash = '#/tasks';
        syncNow();
      },
    });
    return;
  }
  const [, name, arg] = location.hash.split('/');
  const id = arg ? decodeURIComponent(arg) : '';
  switch (name) {
    case 'map': {
      const { renderMap } = await import('./mapview.js');
      cleanup = await renderMap(view);
      break;
    }
    case 'camera':
      cleanup = await renderCamera(view, id);
      break;
    case 'check':
      cleanup = await renderCheck(view, id);
      break;
    case 'queue':
      cleanup = renderQueue(view);
      break;
    case 'local':
      cleanup = renderLocal(view, id);
      break;
    default:
      cleanup = renderTasks(view);
  }
  window.scrollTo(0, 0);
}

async function boot() {
  setLang((await kvGet('lang')) ?? 'zh');
  position.watch();
  window.addEventListener('hashchange', route);
  await route();
  events.addEventListener('queue', async () => drawChrome(await kvGet('session')));
  events.addEventListener('expired', () => {
    notice = t('session_expired');
    route();
  });
  // Send the queue: now, when the network comes back, when the app is shown again, and
  // every 10 s for the retries whose backoff has run out.
  window.addEventListener('online', () => {
    drawChrome(null).then(async () => drawChrome(await kvGet('session')));
    syncNow({ force: true });
  });
  window.addEventListener('offline', async () => drawChrome(await kvGet('session')));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') syncNow();
  });
  setInterval(() => syncNow(), 10000);
  syncNow();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => {});
  }
  document.body.dataset.ready = 'true';
}

boot();
