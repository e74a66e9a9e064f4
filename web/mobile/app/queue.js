// The offline queue. Every check is written to IndexedDB before anything is sent; this
// module sends what waits: the checks in batches to POST /sync, then their photos one by
// one to POST /inspections/{id}/photos. Resending is safe: the server answers a resend
// with the same body 200. States: waiting → sent | conflict (409: never retried) |
// rejected (400/404/413/422 with the server's field error) | retrying (no network or 5xx,
// with backoff). A page killed mid-send leaves the check waiting, and it is sent again.
import { allChecks, putCheck, updateCheck, kvGet, kvDel } from './db.js';
import { api, HttpError, NetworkError } from './api.js';

export const events = new EventTarget();
const changed = () => events.dispatchEvent(new Event('queue'));

const BATCH = 50;
const BACKOFF_MIN = 2000;
const BACKOFF_MAX = 5 * 60 * 1000;

/** backoff is the wait before attempt n+1: doubling from 2 s to 5 min, with jitter. */
export function backoff(attempts) {
  const base = Math.min(BACKOFF_MAX, BACKOFF_MIN * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** enqueue stores a new check and starts sending it. */
export async function enqueue(check) {
  await putCheck(check);
  changed();
  syncSoon();
}

let running = false;
let again = false;

/** syncNow sends what is due; a call while a pass runs makes one more pass after it. */
export async function syncNow({ force = false } = {}) {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      await pass(force);
      force = false;
    } while (again);
  } finally {
    running = false;
    changed();
  }
}

let timer;
export function syncSoon() {
  clearTimeout(timer);
  timer = setTimeout(() => syncNow(), 50);
}

const due = (x, now, force) => (x.state === 'waiting' || x.state === 'retrying') && (force || (x.next_at ?? 0) <= now);

async function pass(force) {
  const session = await kvGet('session');
  if (!session || !navigator.onLine) return;
  const now = Date.now();
  const mine = (await allChecks()).filter((c) => c.user_id === session.user.id);
  const checks = mine.filter((c) => due(c, now, force)).reverse();
  for (let i = 0; i < checks.length; i += BATCH) {
    if (!(await sendBatch(checks.slice(i, i + BATCH)))) return;
  }
  for (const c of await allChecks()) {
    if (c.user_id !== session.user.id || c.state !== 'sent') continue;
    for (const p of c.photos) {
      if (due(p, now, force) && !(await sendPhoto(c, p))) return;
    }
  }
}

// sendBatch answers false when the rest of the pass should wait (no network, 5xx, 401).
async function sendBatch(batch) {
  let res;
  try {
    res = await api('/sync', { method: 'POST', json: { inspections: batch.map((c) => c.body) } });
  } catch (e) {
    return failBatch(batch, e);
  }
  for (const r of res.results) {
    const c = batch[r.index];
    if (!c) continue;
    await updateCheck(c.id, (x) => settle(x, r.status, r.record, r.error));
  }
  changed();
  return true;
}

async function failBatch(batch, e) {
  if (e instanceof HttpError && e.status === 401) {
    await expire();
    return false;
  }
  if (e instanceof HttpError && e.status < 500) {
    // The batch as a whole was refused (too large, say): send the checks one by one, so
    // each gets its own answer.
    for (const c of batch) {
      try {
        const rec = await api('/inspections', { method: 'POST', json: c.body });
        await updateCheck(c.id, (x) => settle(x, 201, rec));
      } catch (e1) {
        if (e1 instanceof HttpError && e1.status === 401) return expire().then(() => false);
        if (e1 instanceof HttpError && e1.status < 500) {
          await updateCheck(c.id, (x) => settle(x, e1.status, null, e1.body));
        } else {
          await updateCheck(c.id, (x) => retry(x, e1));
          changed();
          return false;
        }
      }
    }
    changed();
    return true;
  }
  for (const c of batch) await updateCheck(c.id, (x) => retry(x, e));
  changed();
  return false;
}

function settle(x, status, record, error) {
  x.last_status = status;
  if (status === 200 || status === 201) {
    x.state = 'sent';
    x.record = record;
    x.error = null;
    x.sent_at = Date.now();
  } else if (status === 409) {
    x.state = 'conflict';
    x.error = error;
  } else if (status >= 500) {
    retry(x, new HttpError(status, error));
  } else {
    x.state = 'rejected';
    x.error = error;
  }
}

function retry(x, e) {
  x.attempts = (x.attempts ?? 0) + 1;
  x.state = 'retrying';
  x.next_at = Date.now() + backoff(x.attempts);
  x.error = e instanceof HttpError ? { status: e.status, ...e.body } : { code: 'network', message: String(e.message ?? e) };
}

async function sendPhoto(c, p) {
  const form = new FormData();
  form.append('sha256', p.sha256);
  form.append('file', new Blob([p.bytes], { type: p.type }), p.name || 'photo');
  try {
    const view = await api(`/inspections/${encodeURIComponent(c.id)}/photos`, { method: 'POST', form });
    await updateCheck(c.id, (x) => {
      const q = x.photos.find((y) => y.sha256 === p.sha256);
      // The server holds the bytes now: free the phone's storage, keep the hash.
      Object.assign(q, { state: 'sent', error: null, view, bytes: null });
    });
    changed();
    return true;
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) {
      await expire();
      return false;
    }
    await updateCheck(c.id, (x) => {
      const q = x.photos.find((y) => y.sha256 === p.sha256);
      if (e instanceof HttpError && e.status < 500 && e.status !== 408 && e.status !== 429) {
        Object.assign(q, { state: 'rejected', error: e.body });
      } else {
        retry(q, e);
      }
    });
    changed();
    return !(e instanceof NetworkError);
  }
}

async function expire() {
  await kvDel('session');
  events.dispatchEvent(new Event('expired'));
}

/** counts is the number of checks in each state, for the tab's badge. */
export async function counts() {
  const out = { waiting: 0, retrying: 0, sent: 0, conflict: 0, rejected: 0 };
  for (const c of await allChecks()) out[c.state] = (out[c.state] ?? 0) + 1;
  return out;
}
