// Starts a real cctvgis serve for the browser tests: builds the binary (unless
// CCTVGIS_BIN names one), imports a tiny city into a fresh embedded store, adds an
// inspector, and serves on a free loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('../../../', import.meta.url).pathname;

export const CENTER = { lat: 32.3932, lon: 119.4215 };
export const USER = { name: 'li', password: 'a long enough secret' };

// Three cameras within 100 m of the inspector, and the district around them.
function city() {
  const cam = (id, dlon, dlat, azimuth, hfov, range) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [CENTER.lon + dlon, CENTER.lat + dlat] },
    properties: { id, azimuth, hfov, range, owner: '广陵区公安分局', investment: 'government', height: 6, status: 'running' },
  });
  const cameras = { type: 'FeatureCollection', features: [
    cam('gl-0001', 0.0002, 0.0001, 90, 60, 40),
    cam('gl-0002', -0.0004, 0.0003, 200, 70, 50),
    cam('gl-0003', 0.0006, -0.0005, 0, 360, 25),
  ] };
  const d = 0.01;
  const districts = { type: 'FeatureCollection', features: [{
    type: 'Feature', properties: { name: '广陵区' },
    geometry: { type: 'Polygon', coordinates: [[[CENTER.lon - d, CENTER.lat - d], [CENTER.lon + d, CENTER.lat - d],
      [CENTER.lon + d, CENTER.lat + d], [CENTER.lon - d, CENTER.lat + d], [CENTER.lon - d, CENTER.lat - d]]] },
  }] };
  return { cameras, districts };
}

function run(bin, args, input) {
  const r = spawnSync(bin, args, { input, encoding: 'utf8', cwd: repo });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

export async function startServer({ rules = 'yangzhou' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cctvgis-e2e-'));
  let bin = process.env.CCTVGIS_BIN;
  if (!bin) {
    bin = join(dir, 'cctvgis');
    run('go', ['build', '-o', bin, './cmd/cctvgis']);
  }
  const db = `file:${join(dir, 'e2e.db')}`;
  const { cameras, districts } = city();
  writeFileSync(join(dir, 'cameras.geojson'), JSON.stringify(cameras));
  writeFileSync(join(dir, 'districts.geojson'), JSON.stringify(districts));
  run(bin, ['import', '--db', db, '--layer', 'cameras', '--from', join(dir, 'cameras.geojson')]);
  run(bin, ['import', '--db', db, '--layer', 'districts', '--from', join(dir, 'districts.geojson')]);
  run(bin, ['user', 'add', '--db', db, '--name', USER.name, '--role', 'inspector', '--district', '广陵区'], `${USER.password}\n`);

  const proc = spawn(bin, ['serve', '--db', db, '--rules', rules, '--addr', '127.0.0.1:0'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (b) => { log += b; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${log}`)), 60000);
    let out = '';
    proc.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/serving (http:\/\/[^ ]+)\/api\/v1/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`the server exited (${code}): ${log}`)));
  });

  async function call(method, path, { token, json } = {}) {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (json) headers['Content-Type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: json ? JSON.stringify(json) : undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  const login = async () => (await call('POST', '/api/v1/auth/login', { json: USER })).body.token;
  return {
    base, call, login, dir,
    log: () => log,
    // The server's folder (its store, the binary built for it) goes with it.
    stop: () => new Promise((resolve) => {
      const done = () => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (proc.exitCode != null) return done();
      proc.on('exit', done);
      proc.kill('SIGTERM');
    }),
  };
}
