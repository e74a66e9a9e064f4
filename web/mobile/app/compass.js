// The phone's compass: the magnetic heading of the top of the phone, from
// deviceorientationabsolute (Chrome on Android: alpha counter-clockwise from magnetic
// north) or webkitCompassHeading (Safari on iOS, clockwise from magnetic north).
import { normDeg } from './geo.js';

let heading = null; // magnetic degrees, clockwise
let at = 0;
const listeners = new Set();

function screenAngle() {
  return screen.orientation?.angle ?? window.orientation ?? 0;
}

function onAbsolute(e) {
  if (e.alpha == null) return;
  set(normDeg(360 - e.alpha + screenAngle()));
}

function onRelative(e) {
  if (typeof e.webkitCompassHeading === 'number') {
    set(normDeg(e.webkitCompassHeading + screenAngle()));
  } else if (e.absolute && e.alpha != null) {
    set(normDeg(360 - e.alpha + screenAngle()));
  }
}

function set(h) {
  heading = h;
  at = Date.now();
  for (const f of listeners) f(h);
}

let started = false;

/**
 * start listens to the sensors. Where the platform asks the user first (Safari on iOS,
 * and browsers that follow it) pass fromTap from a tap's handler: the question may only
 * be asked then. The listeners are added either way, so that a platform that needs no
 * question reports at once.
 */
export async function start({ fromTap = false } = {}) {
  if (!started) {
    window.addEventListener('deviceorientationabsolute', onAbsolute);
    window.addEventListener('deviceorientation', onRelative);
    started = true;
  }
  if (fromTap && needsPermission()) {
    try {
      return (await DeviceOrientationEvent.requestPermission()) === 'granted';
    } catch {
      return false;
    }
  }
  return true;
}

/** needsPermission reports whether start must be called from a tap (iOS). */
export function needsPermission() {
  return typeof DeviceOrientationEvent !== 'undefined' && typeof DeviceOrientationEvent.requestPermission === 'function';
}

/** current is the last magnetic heading if it is less than 3 s old, else null. */
export function current() {
  return heading != null && Date.now() - at < 3000 ? heading : null;
}

export function onHeading(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}
