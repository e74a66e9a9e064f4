import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sectorRing, distanceM, deviationDeg, normDeg, destination, bearingDeg } from './geo.js';

test('a sector starts and ends at the camera and reaches its range', () => {
  const ring = sectorRing(119.42, 32.39, 90, 60, 100);
  assert.deepEqual(ring[0], [119.42, 32.39]);
  assert.deepEqual(ring.at(-1), [119.42, 32.39]);
  for (const p of ring.slice(1, -1)) {
    assert.ok(Math.abs(distanceM(119.42, 32.39, p[0], p[1]) - 100) < 1);
  }
  // The middle of the arc lies east of the camera.
  const mid = ring[Math.floor(ring.length / 2)];
  assert.ok(mid[0] > 119.42 && Math.abs(mid[1] - 32.39) < 1e-4);
});

test('a dome is a closed disc', () => {
  const ring = sectorRing(119.42, 32.39, 0, 360, 50);
  assert.deepEqual(ring[0], ring.at(-1));
  assert.equal(ring.length, 73);
});

test('deviations are signed and wrap at north', () => {
  const cases = [
    [10, 350, 20],
    [350, 10, -20],
    [124.1, 90, 34.1],
    [90, 90, 0],
    [270, 90, 180],
  ];
  for (const [m, r, want] of cases) assert.ok(Math.abs(deviationDeg(m, r) - want) < 1e-9, `${m} vs ${r}`);
  assert.equal(normDeg(-6), 354);
});

test('destination goes the right way', () => {
  const [lon, lat] = destination(0, 0, 0, 1000);
  assert.ok(lat > 0.0089 && lat < 0.0091 && Math.abs(lon) < 1e-12);
});

test('bearing points from the first point to the second, and back from destination', () => {
  const [lon, lat] = [119.4215, 32.3932];
  for (const b of [0, 45, 90, 135, 180, 270, 359]) {
    const [lon2, lat2] = destination(lon, lat, b, 80);
    const got = bearingDeg(lon, lat, lon2, lat2);
    assert.ok(Math.abs(deviationDeg(got, b)) < 0.1, `bearing ${got} for ${b}`);
  }
  assert.equal(Math.round(bearingDeg(lon, lat, lon, lat + 0.001)), 0);
  assert.equal(Math.round(bearingDeg(lon, lat, lon - 0.001, lat)), 270);
});
