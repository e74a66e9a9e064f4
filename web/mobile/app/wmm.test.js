import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCOF, declination, inValidity } from './wmm.js';

const model = parseCOF(readFileSync(new URL('./wmm/WMM2025.COF', import.meta.url), 'utf8'));

test('the coefficient file has degree 12 and 90 rows', () => {
  assert.equal(model.epoch, 2025);
  assert.equal(model.nMax, 12);
  assert.equal(model.rows.length, 90);
});

// Reference declinations: NOAA's calculator answers about these for 2026 (to a few
// tenths); the check is that the evaluation has the right signs and sizes everywhere.
const cases = [
  { name: 'Yangzhou', lat: 32.39, lon: 119.42, want: -6.0, tol: 1 },
  { name: 'Beijing', lat: 39.9, lon: 116.4, want: -7.6, tol: 1 },
  { name: 'Boulder', lat: 40.0, lon: -105.27, want: 7.6, tol: 1 },
  { name: 'London', lat: 51.5, lon: -0.13, want: 1.0, tol: 1 },
  { name: 'Sydney', lat: -33.87, lon: 151.21, want: 12.9, tol: 1 },
];
for (const c of cases) {
  test(`declination at ${c.name}`, () => {
    const d = declination(model, c.lat, c.lon, new Date('2026-06-01T00:00:00Z'));
    assert.ok(Math.abs(d - c.want) < c.tol, `${c.name}: ${d.toFixed(2)}°, want ${c.want}° ± ${c.tol}`);
  });
}

test('validity is 2025.0 to 2030.0', () => {
  assert.ok(inValidity(model, new Date('2026-11-30T00:00:00Z')));
  assert.ok(!inValidity(model, new Date('2030-01-02T00:00:00Z')));
});
