// The phone app in a real Chromium against a real cctvgis serve: mobile emulation,
// geolocation and compass set by the test, the network switched off and on. Screenshots
// at phone size go to e2e/out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer, CENTER, USER } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = new URL('./out/', import.meta.url).pathname;
const PHOTO = readFileSync(new URL('../dist/icons/icon-512.png', import.meta.url));
const HOUR = 3600 * 1000;

let server;
let browser;

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}`);
  mkdirSync(OUT, { recursive: true });
  server = await startServer();
  mark('server started');
  mark('launching');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone() {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    geolocation: { latitude: CENTER.lat + 0.00005, longitude: CENTER.lon + 0.00005, accuracy: 6 },
    permissions: ['geolocation'], locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  return context;
}

// watch fails the test on a page error or a console error other than the browser's own
// report of a request that failed while offline.
function watch(page, problems) {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(text)) return;
    problems.push(`console: ${text}`);
  });
}

const t0 = Date.now();
// mark logs the time since the start, to see where a slow run spends it.
const mark = (what) => console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);

// shot takes a phone-size screenshot, scrolled to the element named by at.
async function shot(page, name, at) {
  if (at) await page.$eval(at, (el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${OUT}${name}.png` });
  mark(name);
}

async function login(page) {
  await page.goto(`${server.base}/m/`);
  await page.fill('#name', USER.name);
  await page.fill('#password', USER.password);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('#tasks a.item');
}

async function fillCheck(page, { headingMagnetic } = {}) {
  await page.waitForSelector('#check-form');
  if (headingMagnetic != null) {
    // Chrome on Android reports the absolute orientation with alpha counter-clockwise
    // from magnetic north.
    await page.evaluate((h) => window.dispatchEvent(new DeviceOrientationEvent('deviceorientationabsolute',
      { alpha: (360 - h) % 360, beta: 0, gamma: 0, absolute: true })), headingMagnetic);
    await page.click('#take-reading');
  }
  await page.click('[data-field="signage.present"] [data-value="false"]');
  await page.click('[data-field="obstruction.kind"] [data-value="tree"]');
  await page.evaluate(() => {
    const r = document.querySelector('#share');
    r.value = '40';
    r.dispatchEvent(new Event('input'));
  });
  await page.click('[data-field="privacy.in_private_space"] [data-value="false"]');
  await page.click('[data-field="image"] [data-value="clear"]');
  await page.click('[data-field="running"] [data-value="true"]');
  await page.fill('#notes', '树枝遮挡镜头约四成');
}

test('an inspector records a check offline; it is sent once when the network returns, with its findings', async () => {
  const problems = [];
  const context = await phone();
  let page = await context.newPage();
  watch(page, problems);
  mark('launched');
  const token = await server.login();

  await page.goto(`${server.base}/m/`);
  await page.waitForSelector('form.login');
  await shot(page, '01-login');
  await login(page);
  // The service worker has cached the shell before the network goes.
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.state === 'activated';
  });
  await shot(page, '02-tasks');

  await page.click('#tab-map');
  await page.waitForSelector('#map[data-ready="3"]');
  await page.waitForTimeout(1500);
  await shot(page, '03-map');

  await page.click('#tab-tasks');
  await page.click('#tasks a.item[data-camera="gl-0001"]').catch(async () => {
    // gl-0001 is the nearest camera but may be no task (never inspected is one): go there.
    await page.goto(`${server.base}/m/#/camera/gl-0001`);
  });
  await page.waitForSelector('#record-check');
  await shot(page, '04-camera');

  // The network goes; the check is recorded on the phone.
  await context.setOffline(true);
  await page.click('#record-check');
  await fillCheck(page, { headingMagnetic: 130 });
  const measured = Number((await page.textContent('#measured')).replace('°', ''));
  // 130° magnetic is about 123.5° true at Yangzhou (declination about −6.5°).
  assert.ok(measured > 122 && measured < 125, `measured ${measured}`);
  assert.match(await page.textContent('#deviation'), /\+3[34]\.\d°/);
  await page.setInputFiles('#photo', { name: 'lens.png', mimeType: 'image/png', buffer: PHOTO });
  await page.waitForSelector('#thumbs figure');
  await shot(page, '05-check-lens', '#compass-live');
  await shot(page, '05b-check-photo', '#thumbs');
  await page.click('#save');
  await page.waitForURL(/#\/local\//);
  const id = decodeURIComponent(page.url().split('#/local/')[1]);
  await page.waitForSelector('.badge[data-state="waiting"], .badge[data-state="retrying"]');
  await shot(page, '06-saved-offline');

  // The app is killed and started again, still offline: the shell comes from the service
  // worker, the check from IndexedDB.
  await page.close();
  page = await context.newPage();
  watch(page, problems);
  await page.goto(`${server.base}/m/#/queue`);
  await page.waitForSelector(`#queue a[data-check="${id}"] .badge[data-state="waiting"], #queue a[data-check="${id}"] .badge[data-state="retrying"]`);
  await shot(page, '07-reopened-offline');
  let list = await server.call('GET', '/api/v1/inspections?camera_id=gl-0001', { token });
  assert.equal(list.body.inspections.length, 0, 'nothing reached the server while offline');

  // The network returns: the check is sent, then its photo.
  await context.setOffline(false);
  await page.waitForSelector(`#queue a[data-check="${id}"] .badge[data-state="sent"]`, { timeout: 30000 });
  await page.goto(`${server.base}/m/#/local/${id}`);
  await page.waitForSelector('#photos li[data-state="sent"]', { timeout: 30000 });
  await page.waitForSelector('#findings li.finding');
  const findings = await page.$$eval('#findings li.finding', (els) => els.map((e) => e.textContent));
  assert.ok(findings.some((f) => f.includes('擅自调整方向') && f.includes('第十四条') && f.includes('yangzhou') && /整改期限: \d{4}-\d{2}-\d{2}/.test(f)), findings.join('\n'));
  assert.ok(findings.some((f) => f.includes('遮挡')), findings.join('\n'));
  await shot(page, '08-sent');
  await shot(page, '08b-findings', '#findings li.finding');

  // Sent exactly once, with its photo, whatever the app does next.
  await page.click('#tab-queue');
  await page.click('#sync-now');
  await page.waitForTimeout(500);
  list = await server.call('GET', '/api/v1/inspections?camera_id=gl-0001', { token });
  assert.equal(list.body.inspections.length, 1);
  assert.equal(list.body.inspections[0].id, id);
  const rec = await server.call('GET', `/api/v1/inspections/${id}`, { token });
  assert.equal(rec.body.photos.length, 1);
  assert.equal(rec.body.photos[0].sha256, (await import('node:crypto')).createHash('sha256').update(PHOTO).digest('hex'));
  assert.ok(Math.abs(rec.body.inspection.lens.measured_azimuth_deg - measured) < 0.05);

  // A conflict: the phone holds the same id with another body (edited after sending).
  await page.evaluate(async (cid) => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('cctvgis-m');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const tx = db.transaction('checks', 'readwrite');
    const store = tx.objectStore('checks');
    const c = await new Promise((res) => { store.get(cid).onsuccess = (e) => res(e.target.result); });
    c.body.notes = '另一份内容';
    c.state = 'waiting';
    c.next_at = 0;
    c.record = null;
    store.put(c);
    await new Promise((res) => { tx.oncomplete = res; });
  }, id);
  const syncs = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/sync')) syncs.push(r.postData() ?? '');
  });
  await page.click('#sync-now');
  await page.waitForSelector(`#queue a[data-check="${id}"] .badge[data-state="conflict"]`, { timeout: 15000 });
  const before409 = syncs.length;
  assert.ok(before409 >= 1);
  // Not retried: neither by hand nor by the timer.
  await page.click('#sync-now');
  await page.waitForTimeout(11000);
  assert.equal(syncs.filter((s) => s.includes(id)).length, 1, 'the conflicting check was sent once');
  await page.goto(`${server.base}/m/#/local/${id}`);
  await page.waitForSelector('.banner.error');
  await shot(page, '09-conflict');
  list = await server.call('GET', '/api/v1/inspections?camera_id=gl-0001', { token });
  assert.equal(list.body.inspections.length, 1);
  assert.equal(list.body.inspections[0].notes, '树枝遮挡镜头约四成', 'the server keeps the first body');

  assert.deepEqual(problems, []);
  await context.close();
});

test('a check the server refuses shows the field at fault', async () => {
  const problems = [];
  const context = await phone();
  const page = await context.newPage();
  watch(page, problems);
  // The phone's clock runs an hour fast: its observation time lies in the future.
  await page.clock.setFixedTime(new Date(Date.now() + HOUR));
  await login(page);
  await page.goto(`${server.base}/m/#/camera/gl-0002`);
  await page.waitForSelector('#record-check');
  await page.click('#record-check');
  await page.click('[data-field="running"] [data-value="true"]');
  await page.click('#save');
  await page.waitForURL(/#\/local\//);
  await page.waitForSelector('.badge[data-state="rejected"]', { timeout: 15000 });
  const errors = await page.$$eval('.errors li', (els) => els.map((e) => `${e.dataset.field}: ${e.textContent}`));
  assert.ok(errors.some((e) => e.startsWith('observed_at')), errors.join('\n'));
  await shot(page, '10-rejected');
  const token = await server.login();
  const list = await server.call('GET', '/api/v1/inspections?camera_id=gl-0002', { token });
  assert.equal(list.body.inspections.length, 0);

  // English on request.
  await page.click('#lang');
  await page.waitForSelector('text=Rejected');
  await shot(page, '11-rejected-en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a server error is retried with backoff until the check goes through', async () => {
  const problems = [];
  const context = await phone();
  const page = await context.newPage();
  watch(page, problems);
  await login(page);
  await page.goto(`${server.base}/m/#/camera/gl-0003`);
  await page.waitForSelector('#record-check');
  // The server fails for a while.
  let failed = 0;
  await page.route('**/api/v1/sync', (route) => {
    failed++;
    return route.fulfill({ status: 503, contentType: 'application/json', body: '{"code":"unavailable","message":"the store is not reachable"}' });
  });
  await page.click('#record-check');
  await page.waitForSelector('#check-form');
  await page.click('[data-field="image"] [data-value="dark"]');
  await page.click('#save');
  await page.waitForURL(/#\/local\//);
  const id = decodeURIComponent(page.url().split('#/local/')[1]);
  await page.waitForSelector('.badge[data-state="retrying"]', { timeout: 15000 });
  await shot(page, '12-retrying');
  assert.ok(failed >= 1);
  const token = await server.login();
  let list = await server.call('GET', '/api/v1/inspections?camera_id=gl-0003', { token });
  assert.equal(list.body.inspections.length, 0);

  // It comes back: the next try sends the check (forced here, rather than waiting out the
  // backoff).
  await page.unroute('**/api/v1/sync');
  await page.click('#tab-queue');
  await page.click('#sync-now');
  await page.waitForSelector(`#queue a[data-check="${id}"] .badge[data-state="sent"]`, { timeout: 15000 });
  list = await server.call('GET', '/api/v1/inspections?camera_id=gl-0003', { token });
  assert.equal(list.body.inspections.length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});
