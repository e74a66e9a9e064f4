// The map in a real Chromium against a real `cctvgis demo`: a planner sees the gaps,
// drafts a plan and covers an uncovered site, submits; a reviewer sees the changes,
// comments and approves; the printable page prints to PDF with its title and hash; a
// supervisor opens a finding with its photo. Any page error, console error or failed
// request fails the test, except the ones a step provokes on purpose. Screenshots go to
// e2e/out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = new URL('./out/', import.meta.url).pathname;
const repo = new URL('../../../', import.meta.url).pathname;
const PLAN_TITLE = '广陵区学校周边补点方案';

let demo;
let browser;

const t0 = Date.now();
const mark = (what) => console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);

/** startDemo runs `cctvgis demo` on a free port and reads the accounts it prints. */
async function startDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'cctvgis-desk-'));
  let bin = process.env.CCTVGIS_BIN;
  if (!bin) {
    bin = join(dir, 'cctvgis');
    const r = spawnSync('go', ['build', '-o', bin, './cmd/cctvgis'], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  const proc = spawn(bin, ['demo', '--out', join(dir, 'demo'), '--addr', '127.0.0.1:0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let log = '';
  proc.stderr.on('data', (b) => { log += b; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start: ${out}\n${log}`)), 120000);
    proc.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/serving (http:\/\/[^ ,]+)\/api\/v1/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`the demo exited (${code}): ${out}\n${log}`)));
  });
  const accounts = {};
  for (const m of out.matchAll(/^\s*(planner|reviewer|expert|supervisor|inspector)\s+\S+\s+(\S+)\s*$/gm)) accounts[m[1]] = m[2];
  for (const who of ['planner', 'reviewer', 'supervisor', 'inspector']) {
    if (!accounts[who]) throw new Error(`the demo printed no password for ${who}:\n${out}`);
  }
  async function call(method, path, { token, json, form } = {}) {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (json) headers['Content-Type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: json ? JSON.stringify(json) : form });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  return {
    base, accounts, call, log: () => log,
    // The demo's folder (its store, its files, the binary built for it) goes with it.
    stop: () => new Promise((resolve) => {
      proc.once('exit', () => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      });
      proc.kill('SIGTERM');
    }),
  };
}

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}`);
  mkdirSync(OUT, { recursive: true });
  demo = await startDemo();
  mark('demo serving');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

/**
 * desk opens a page at desk size that records every page error, console error and failed
 * request; allow(re) lets requests matching re fail (and their console reports) while a
 * step provokes them.
 */
async function desk(locale = 'zh-CN') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale, timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const problems = [];
  const allowed = [];
  const ok = (text) => allowed.some((re) => re.test(text));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !(/Failed to load resource/.test(m.text()) && allowed.length)) problems.push(`console: ${m.text()}`);
  });
  page.on('requestfailed', (r) => {
    if (!ok(r.url()) && !/aborted/i.test(r.failure()?.errorText ?? '')) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !ok(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {
    page, context, problems,
    allow: (re) => allowed.push(re),
    disallow: () => allowed.splice(0),
  };
}

async function shot(page, name) {
  await page.screenshot({ path: `${OUT}${name}.png` });
  mark(name);
}

async function login(page, name, password) {
  await page.goto(`${demo.base}/`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('form.login button[type=submit]');
}

// mapIdle waits until the map has drawn everything it asked for.
async function mapIdle(page) {
  await page.waitForFunction(() => document.querySelector('.maplibregl-canvas') != null);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await page.waitForLoadState('networkidle');
}

const number = async (page, sel) => Number((await page.textContent(sel)).replace(/[^\d-]/g, ''));

let planId;
let hash;

test('a planner sees the gaps, covers an uncovered site with a new camera and submits', async () => {
  const { page, problems, allow, disallow } = await desk();
  await page.goto(`${demo.base}/`);
  await page.waitForSelector('form.login');
  await shot(page, '00-login');
  await login(page, 'planner', demo.accounts.planner);
  await page.waitForSelector('.summary .stat.uncovered b');
  await mapIdle(page);
  const uncovered = await number(page, '.summary .stat.uncovered b');
  assert.ok(uncovered > 0, 'the demo city has uncovered mandatory sites');
  await shot(page, '01-city-summary');

  await page.click('.tabs button[data-tab=gaps]');
  await page.waitForSelector('#gaps .item.gap');
  assert.match(await page.textContent('#gaps .muted'), /共 [\d,]+ 处必建场所未完全覆盖/);
  await page.click('#gaps .item.gap');
  await page.waitForFunction(() => !document.querySelector('.map-hint') || document.querySelector('.map-hint').classList.contains('hidden'));
  await mapIdle(page);
  await shot(page, '02-gap');

  // The worst hotspot is a place a planner can visit: its owners named, the heat of
  // owners per cell drawn around it.
  await page.click('.tabs button[data-tab=hotspots]');
  await page.waitForSelector('#hotspots .item.hotspot .owners');
  await page.click('#hotspots .item.hotspot');
  await page.click('.tabs button[data-tab=layers]');
  await page.check('input[data-layer=hot_cells]');
  await page.uncheck('input[data-layer=footprints]');
  await page.uncheck('input[data-layer=sites]');
  await mapIdle(page);
  await shot(page, '02b-hotspot-heat');

  // The language toggle relabels the page.
  await page.click('header.top button.lang');
  await page.waitForSelector('text=Worst coverage gaps');
  await page.click('header.top button.lang');
  await page.waitForSelector('text=最严重的覆盖缺口');

  await page.click('header.top nav a[href="#/plans"]');
  await page.fill('#plan-title', PLAN_TITLE);
  await page.click('form.new-plan button[type=submit]');
  await page.waitForSelector('#place');
  planId = page.url().split('#/plans/')[1];
  const before = await number(page, '#totals .stat.uncovered b');
  assert.equal(before, uncovered, 'the draft starts from the city as it stands');

  // The worst gap of the draft's panel flies the map to the site; a camera placed on
  // it, seeing all round, covers it.
  await page.click('#plan-gaps .item.gap');
  await mapIdle(page);
  await page.click('#place');
  await page.waitForSelector('#placing');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#editor');
  await page.fill('#f-owner', '扬州市公安局广陵分局');
  await page.fill('#f-hfov', '360');
  await page.fill('#f-range', '60');

  // A range beyond the engine's limit is refused by the server, next to the field.
  allow(/\/effect$/);
  await page.fill('#f-range', '5000');
  await page.waitForFunction(() => document.querySelector('[data-error-for="camera.range"]')?.textContent.length > 0);
  await shot(page, '03-refused-range');
  await page.fill('#f-range', '60');
  await page.waitForFunction(() => document.querySelector('[data-error-for="camera.range"]')?.textContent === '');
  disallow();

  await page.waitForSelector('#effect tr[data-row=uncovered_mandatory] td.after');
  const after = await number(page, '#effect tr[data-row=uncovered_mandatory] td.after');
  assert.ok(after < before, `the live effect shows uncovered ${before} → ${after}`);
  await shot(page, '04-live-effect');
  await page.click('#add');
  await page.waitForSelector('#proposals li');
  await page.waitForFunction((n) => Number(document.querySelector('#totals .stat.uncovered b').textContent.replace(/[^\d]/g, '')) === n, after);
  await mapIdle(page);
  await shot(page, '05-draft');

  page.once('dialog', (d) => d.accept());
  await page.click('#submit');
  await page.waitForSelector('#review #version-hash');
  hash = (await page.textContent('#version-hash')).trim();
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a reviewer sees the changes, comments on the map and approves', async () => {
  assert.ok(planId, 'the planner made a plan');
  const { page, problems } = await desk();
  await login(page, 'reviewer', demo.accounts.reviewer);
  await page.waitForSelector('.summary');
  await page.click('header.top nav a[href="#/plans"]');
  await page.click(`a.plan-link[href="#/plans/${planId}"]`);
  await page.waitForSelector('#diff .diff-group.added li');
  assert.equal(await page.locator('#diff .diff-group.added li').count(), 1);
  assert.ok(await page.locator('#diff .diff-group.sites_covered li').count() >= 1, 'the diff names the site the plan covers');
  assert.equal((await page.textContent('#version-hash')).trim(), hash);
  await page.click('#diff .diff-group.added li button');
  await mapIdle(page);

  await page.click('#comment');
  const box = await page.locator('#map').boundingBox();
  await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 - 30);
  await page.fill('#comment-text', '请核实该点位立杆位置是否影响人行道通行');
  await page.click('#comment-save');
  await page.waitForSelector('#comments li');
  await mapIdle(page);
  await shot(page, '06-review');

  await page.click('#approve');
  await page.waitForSelector('.badge.state-approved');
  await page.click('#print-link');
  await page.waitForSelector('.printable[data-ready=true]');
  assert.equal((await page.textContent('#print-title')).trim(), PLAN_TITLE);
  assert.equal((await page.textContent('#print-hash')).trim(), hash);
  assert.match(await page.textContent('#print-approvers'), /审批 · /);
  await shot(page, '07-printable');

  const pdf = `${OUT}plan.pdf`;
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${OUT}08-print-media.png`, fullPage: true });
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.equal(text.status, 0, `pdftotext: ${text.stderr}`);
  assert.ok(text.stdout.includes(PLAN_TITLE), 'the PDF carries the title');
  assert.ok(text.stdout.replace(/\s+/g, '').includes(hash), 'the PDF carries the hash');
  mark('printed');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a supervisor sees a finding on the map with its citation and photo', async () => {
  // An inspector's check through the mobile API: no notice sign at a camera, with a photo.
  const login = await demo.call('POST', '/api/v1/auth/login', { json: { name: 'inspector', password: demo.accounts.inspector } });
  const token = login.body.token;
  const sup = await demo.call('POST', '/api/v1/auth/login', { json: { name: 'supervisor', password: demo.accounts.supervisor } });
  const city = await demo.call('GET', '/api/v1/city', { token: sup.body.token });
  const [w, s, e, n] = city.body.bbox;
  const near = await demo.call('GET', `/api/v1/cameras/nearby?lat=${(s + n) / 2}&lon=${(w + e) / 2}&radius_m=3000&limit=1`, { token });
  assert.equal(near.status, 200);
  const cam = near.body.cameras[0];
  const id = randomUUID();
  const res = await demo.call('POST', '/api/v1/inspections', { token, json: {
    id, camera_id: cam.id, position: { lat: cam.lat, lon: cam.lon, accuracy_m: 5 }, observed_at: new Date().toISOString(),
    signage: { present: false, legible: false }, running: true,
  } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const png = readFileSync(new URL('../../mobile/dist/icons/icon-192.png', import.meta.url));
  const form = new FormData();
  form.set('sha256', createHash('sha256').update(png).digest('hex'));
  form.set('file', new Blob([png], { type: 'image/png' }), 'sign.png');
  const up = await demo.call('POST', `/api/v1/inspections/${id}/photos`, { token, form });
  assert.ok(up.status === 201 || up.status === 200, JSON.stringify(up.body));

  const { page, problems } = await desk();
  await page.goto(`${demo.base}/`);
  await page.fill('#name', 'supervisor');
  await page.fill('#password', demo.accounts.supervisor);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector(`#findings .item.finding[data-id="${id}.no_signage"]`);
  await page.click(`#findings .item.finding[data-id="${id}.no_signage"]`);
  await page.waitForSelector('#finding-detail img.photo');
  assert.match(await page.textContent('#finding-detail .citation'), /第.+条/);
  await mapIdle(page);
  await shot(page, '09-finding');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a planner exports the analysis in the background, follows it and downloads it', async () => {
  const { page, problems } = await desk();
  await login(page, 'planner', demo.accounts.planner);
  await page.waitForSelector('.summary');
  await page.click('header.top nav a[href="#/jobs"]');
  await page.waitForSelector('#start-export');
  // The demo recorded the analysis of its city by itself.
  await page.waitForSelector('table.history tbody tr');
  assert.match(await page.textContent('table.history tbody tr'), /\d+%/);
  await page.click('#start-export');
  const row = 'table.jobs tr.job';
  await page.waitForSelector(`${row}[data-state="running"], ${row}[data-state="completed"]`);
  await shot(page, '10-export-running');
  await page.waitForSelector(`${row}[data-state="completed"] button.download`, { timeout: 60000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${row}[data-state="completed"] button.download`)]);
  assert.match(download.suggestedFilename(), /^cctvgis-yangzhou-v\d+\.zip$/);
  const zip = readFileSync(await download.path());
  assert.ok(zip.length > 1000 && zip.subarray(0, 2).toString() === 'PK', `the download is ${zip.length} bytes`);

  // A second export is cancelled from the page: it ends cancelled, unless it finished first.
  // It is told from the first by its id: until the list shows it, the first is on top.
  const first = await page.getAttribute(`${row}:first-child`, 'data-id');
  await page.click('#start-export');
  await page.waitForFunction((id) => {
    const top = document.querySelector('table.jobs tr.job');
    return top && top.dataset.id !== id;
  }, first);
  const second = `${row}[data-id="${await page.getAttribute(`${row}:first-child`, 'data-id')}"]`;
  await page.waitForSelector(`${second} button.cancel-job, ${second}[data-state="completed"]`);
  if (await page.$(`${second} button.cancel-job`)) {
    await page.click(`${second} button.cancel-job`);
    await page.waitForSelector(`${second}[data-state="cancelled"], ${second}[data-state="completed"]`, { timeout: 30000 });
  }
  assert.match(await page.getAttribute(second, 'data-state'), /^(cancelled|completed)$/);
  await shot(page, '11-jobs');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('bad tile requests are refused and an expired session goes back to login', async () => {
  const { page, problems, allow } = await desk();
  await login(page, 'planner', demo.accounts.planner);
  await page.waitForSelector('.summary');
  allow(/\/api\/v1\//);
  const statuses = await page.evaluate(async () => {
    const { token } = JSON.parse(sessionStorage.getItem('cctvgis.session'));
    const get = async (p) => (await fetch(`/api/v1/tiles/${p}`, { headers: { Authorization: `Bearer ${token}` } })).status;
    return { zoom: await get('23/0/0'), x: await get('3/8/0'), y: await get('3/0/8'), layer: await get('3/6/3?layers=sites,gaps'),
      fine: await get('3/6/3'), chosen: await get('3/6/3?layers=districts') };
  });
  assert.deepEqual(statuses, { zoom: 400, x: 400, y: 400, layer: 400, fine: 200, chosen: 200 });

  // The server forgets the session (it is revoked elsewhere); the next request lands on
  // the login page with the reason.
  const { token } = await page.evaluate(() => JSON.parse(sessionStorage.getItem('cctvgis.session')));
  assert.equal((await demo.call('POST', '/api/v1/auth/logout', { token })).status, 204);
  await page.click('header.top nav a[href="#/plans"]');
  await page.waitForSelector('form.login');
  assert.match(await page.textContent('form.login .error'), /登录已过期/);
  await shot(page, '12-expired');
  assert.deepEqual(problems.filter((p) => !/HTTP 40[01]/.test(p)), []);
  await page.context().close();
});

/** registry is a camera registry as GeoJSON around a place: two cameras, and a third whose range is negative. */
function registry([lon, lat], prefix) {
  const cam = (i, dx, props) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon + dx, lat + dx / 2] },
    properties: { id: `${prefix}-${i}`, azimuth: 90, hfov: 60, range: 40, owner: '扬州市公安局广陵分局', investment: 'government', ...props } });
  return JSON.stringify({ type: 'FeatureCollection', features: [
    cam(1, 0.0004, {}), cam(2, 0.0008, { owner: '文昌商场', investment: 'private' }), cam(3, 0.0012, { range: -5 }),
  ] });
}

/** dropFile drops a file with text on the element of sel, as a user dragging it from their desktop. */
async function dropFile(page, sel, name, text) {
  const dt = await page.evaluateHandle(([n, s]) => {
    const d = new DataTransfer();
    d.items.add(new File([s], n, { type: 'application/geo+json' }));
    return d;
  }, [name, text]);
  await page.dispatchEvent(sel, 'drop', { dataTransfer: dt });
}

/** cityCameras is how many cameras the city's summary panel shows. */
async function cityCameras(page, word) {
  await page.click('header.top nav a[href="#/map"]');
  const stat = page.locator('.summary .stats .stat').filter({ hasText: word }).first();
  await stat.waitFor();
  return Number((await stat.locator('b').textContent()).replace(/[^\d]/g, ''));
}

for (const [lang, words] of [
  ['zh', { cameras: '摄像机', rejected: '拒收要素', crsFile: /文件未声明/, gcj: /GCJ-02/, done: /已写入：摄像机 2；跳过 1 个拒收要素/ }],
  ['en', { cameras: 'Cameras', rejected: 'Rejected features', crsFile: /the file declares none/, gcj: /GCJ-02/, done: /Written: Cameras 2; 1 rejected features skipped/ }],
]) {
  test(`a planner imports a camera registry by dropping it on the web map, with its preview (${lang})`, async () => {
    const { page, problems } = await desk(lang === 'zh' ? 'zh-CN' : 'en-GB');
    await page.goto(`${demo.base}/`);
    await page.waitForSelector('form.login');
    if (lang === 'en') await page.click('form.login button.lang');
    await login(page, 'planner', demo.accounts.planner);
    await page.waitForSelector('.summary');
    const before = await cityCameras(page, words.cameras);
    const { body: city } = await demo.call('GET', '/api/v1/city', { token: await page.evaluate(() => JSON.parse(sessionStorage.getItem('cctvgis.session')).token) });
    const [w, s, e, n] = city.bbox;

    await page.click('header.top nav a[href="#/import"]');
    await page.waitForSelector('#import-drop');
    await mapIdle(page);
    await dropFile(page, '#import-drop', `摄像机台账-${lang}.geojson`, registry([(w + e) / 2, (s + n) / 2], `导入${lang}`));

    // The preview: the format, the system the positions were read in and where it came
    // from, the counts, the rejected feature with its reason, and the features on the map.
    await page.waitForSelector('#import-format');
    assert.equal(await page.textContent('#import-format'), 'GeoJSON');
    assert.equal(await page.textContent('#import-name'), `摄像机台账-${lang}.geojson`);
    assert.match(await page.textContent('#import-crs-read'), words.crsFile);
    assert.equal(await number(page, '#import-valid'), 2);
    assert.equal(await number(page, '#import-rejected'), 1);
    assert.match(await page.textContent('#import-rejections h3'), new RegExp(words.rejected));
    assert.match(await page.textContent('#import-rejections tbody tr'), new RegExp(`导入${lang}-3.*features\\[2\\]|features\\[2\\].*导入${lang}-3`));
    assert.equal(await page.$('#import-mapping'), null, 'a GeoJSON file has no columns to map');
    await page.waitForFunction(() => Number(document.querySelector('#map').dataset.rendered) === 3);
    await shot(page, `13-import-preview-${lang}`);

    // Another coordinate system reads the file again; back to the file's own.
    await page.selectOption('#import-crs', 'gcj02');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#import-crs-read')?.textContent), words.gcj.source);
    await page.selectOption('#import-crs', '');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#import-crs-read')?.textContent), words.crsFile.source);
    await page.waitForFunction(() => Number(document.querySelector('#map').dataset.rendered) === 3);

    await page.click('#import-confirm');
    await page.waitForSelector('#import-done');
    assert.match(await page.textContent('#import-done'), words.done);
    await shot(page, `14-import-done-${lang}`);
    assert.equal(await cityCameras(page, words.cameras), before + 2, 'the city shows the imported cameras');
    assert.deepEqual(problems, []);
    await page.context().close();
  });
}


// A bureau's camera registry in CSV with Chinese headers, one of which no one recognises:
// the page shows the mapping it could make with the problem, the planner chooses the
// column, the file is read again — its GB/T 28181 codes checked — and the registry imports.
test('a planner completes the column mapping of a CSV registry and imports it', async () => {
  const { page, problems } = await desk();
  await login(page, 'planner', demo.accounts.planner);
  await page.waitForSelector('.summary');
  const before = await cityCameras(page, '摄像机');
  const { body: city } = await demo.call('GET', '/api/v1/city', { token: await page.evaluate(() => JSON.parse(sessionStorage.getItem('cctvgis.session')).token) });
  const [w, s, e, n] = city.bbox;
  const [lon, lat] = [(w + e) / 2 + 0.002, (s + n) / 2 + 0.002];
  const csv = '设备编码,经度,纬度,拍摄角,视角,监控距离,建设单位,投资性质\n' +
    `表-101,${lon.toFixed(6)},${lat.toFixed(6)},90,60,40米,扬州市公安局广陵分局,政府\n` +
    `32100200001180000001,${(lon + 0.0006).toFixed(6)},${lat.toFixed(6)},180,90,30,文昌商场,社会\n`;

  await page.click('header.top nav a[href="#/import"]');
  await page.waitForSelector('#import-drop');
  await page.setInputFiles('#import-file', { name: '摄像机台账.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#import-mapping');
  assert.equal(await page.textContent('#import-format'), 'CSV');
  assert.match(await page.textContent('#import-problem'), /需要补全字段对应：\s*必填字段方位角没有对应的列/);
  assert.equal(await page.getAttribute('#import-mapping tr[data-field=azimuth]', 'class'), 'missing');
  assert.equal(await page.inputValue('#import-mapping select[data-field=range]'), '监控距离');
  assert.match(await page.textContent('#import-mapping tr[data-field=range]'), /常用表头/);
  assert.match(await page.textContent('#import-unused'), /拍摄角/);
  assert.ok(await page.isDisabled('#import-confirm'));
  await shot(page, '15-import-mapping');

  await page.selectOption('#import-mapping select[data-field=azimuth]', '拍摄角');
  await page.waitForSelector('#import-counts');
  assert.equal(await page.$('#import-problem'), null);
  assert.match(await page.textContent('#import-mapping tr[data-field=azimuth]'), /手动指定/);
  assert.equal(await page.$('#import-unused'), null);
  assert.equal(await number(page, '#import-valid'), 2);
  // The second id is a GB/T 28181 code, of a video recorder: to verify, written all the same.
  assert.match(await page.textContent('#import-registry li[data-reason=code-not-camera]'), /32100200001180000001.*网络视频录像机/);
  await page.waitForFunction(() => Number(document.querySelector('#map').dataset.rendered) === 2);
  await shot(page, '16-import-mapped');
  await page.click('#import-confirm');
  await page.waitForSelector('#import-done');
  assert.equal(await cityCameras(page, '摄像机'), before + 2, 'the city shows the registry\'s cameras');
  assert.deepEqual(problems, []);
  await page.context().close();
});

// A GeoPackage of two tables: the page asks which to read, and reads the one named in the
// system the file declares.
test('a planner names the table of a GeoPackage to import', async () => {
  const { page, problems } = await desk('en-GB');
  await page.goto(`${demo.base}/`);
  await page.waitForSelector('form.login');
  await page.click('form.login button.lang');
  await login(page, 'planner', demo.accounts.planner);
  await page.waitForSelector('.summary');
  await page.click('header.top nav a[href="#/import"]');
  await page.waitForSelector('#import-drop');
  await page.setInputFiles('#import-file', join(repo, 'data/gpkg/testdata/city.gpkg'));
  await page.waitForSelector('#import-problem');
  assert.equal(await page.textContent('#import-format'), 'GeoPackage');
  assert.match(await page.textContent('#import-problem'), /Name the table to read:.*cameras.*districts/);
  await page.fill('#import-table', 'cameras');
  await page.press('#import-table', 'Enter');
  await page.waitForSelector('#import-counts');
  assert.equal(await number(page, '#import-valid'), 5);
  assert.match(await page.textContent('#import-crs-read'), /declared by the file/);
  await page.waitForFunction(() => Number(document.querySelector('#map').dataset.rendered) === 5);
  await shot(page, '17-import-geopackage');
  await page.click('#import-cancel');
  await page.waitForFunction(() => !document.querySelector('#import-summary'));
  assert.deepEqual(problems, []);
  await page.context().close();
});

// A site whose outline has a spike is repaired as it is dropped, the repair on by
// default and listed with the area before and after; unticked, the site is rejected.
test('a planner sees an invalid outline repaired before importing', async () => {
  const { page, problems } = await desk();
  await login(page, 'planner', demo.accounts.planner);
  await page.waitForSelector('.summary');
  const { body: city } = await demo.call('GET', '/api/v1/city', { token: await page.evaluate(() => JSON.parse(sessionStorage.getItem('cctvgis.session')).token) });
  const [w, s, e, n] = city.bbox;
  const [x, y] = [(w + e) / 2, (s + n) / 2];
  const ring = [[x, y], [x + 0.002, y], [x + 0.002, y + 0.002], [x + 0.002, y + 0.004], [x + 0.002, y + 0.002], [x, y + 0.002], [x, y]];
  const site = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: '学校-修复', category: 'education', name: '东关小学' },
    geometry: { type: 'Polygon', coordinates: [ring] } }] });
  await page.click('header.top nav a[href="#/import"]');
  await page.waitForSelector('#import-drop');
  await page.selectOption('#import-layer', 'sites');
  await dropFile(page, '#import-drop', '学校.geojson', site);
  await page.waitForSelector('#import-repairs tbody tr');
  assert.ok(await page.isChecked('#import-repair'));
  assert.match(await page.textContent('#import-repairs tbody tr'), /学校-修复.*去除 1 条尖刺边.*→/);
  assert.equal(await number(page, '#import-valid'), 1);
  assert.equal(await number(page, '#import-rejected'), 0);
  await page.uncheck('#import-repair');
  await page.waitForFunction(() => !document.querySelector('#import-repairs tbody tr'));
  assert.equal(await number(page, '#import-rejected'), 1);
  await page.check('#import-repair');
  await page.waitForSelector('#import-repairs tbody tr');
  assert.equal(await number(page, '#import-valid'), 1);
  await mapIdle(page);
  await shot(page, '18-import-repair');
  await page.click('#import-cancel');
  await page.waitForFunction(() => !document.querySelector('#import-summary'));
  assert.deepEqual(problems, []);
  await page.context().close();
});
