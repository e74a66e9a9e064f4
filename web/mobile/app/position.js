// The phone's position: one watch for the app's life, its last fix kept for offline use.
import { kvGet, kvSet } from './db.js';

let fix = null;
const listeners = new Set();

export function watch() {
  kvGet('fix').then((f) => {
    if (!fix && f) fix = { ...f, stale: true };
  });
  if (!navigator.geolocation) return;
  navigator.geolocation.watchPosition(
    (p) => {
      fix = { lat: p.coords.latitude, lon: p.coords.longitude, accuracy_m: p.coords.accuracy, at: Date.now() };
      kvSet('fix', fix);
      for (const f of listeners) f(fix);
    },
    () => {},
    { enableHighAccuracy: true, maximumAge: 10000, timeout: 30000 },
  );
}

/** current is the last fix, or null. A fix from an earlier run is marked stale. */
export function current() {
  return fix;
}

/** next waits up to ms for a fresh fix and answers the best one there is. */
export function next(ms = 5000) {
  if (fix && !fix.stale) return Promise.resolve(fix);
  return new Promise((resolve) => {
    const done = (f) => {
      listeners.delete(done);
      clearTimeout(tm);
      resolve(f ?? fix);
    };
    const tm = setTimeout(() => done(null), ms);
    listeners.add(done);
  });
}

export function onFix(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}
