// The service worker: keeps the app shell (this build's files) so the app starts with no
// network. The shell list and version are written in by build.mjs; a new build is a new
// sw.js, which installs a new cache and drops the old one. The API is never cached here:
// its requests go straight to the network, and the app keeps its own data in IndexedDB.
const VERSION = '868fd85adcb16087';
const SHELL = ["./","./assets/chunk-BXW6K5NB.js","./assets/chunk-Y7QVQZT5.js","./assets/main-EFUXAWOI.js","./assets/main-PC2TWRWV.css","./icons/apple-touch-icon.png","./icons/icon-192.png","./icons/icon-512.png","./icons/icon-maskable-512.png","./index.html","./manifest.webmanifest"];
const CACHE = `cctvgis-m-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((c) => c.addAll(SHELL.map((u) => new Request(u, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cctvgis-m-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (req.mode === 'navigate') {
    event.respondWith(caches.match('./index.html', { cacheName: CACHE }).then((r) => r || fetch(req)));
    return;
  }
  event.respondWith(caches.match(req, { cacheName: CACHE, ignoreSearch: true }).then((r) => r || fetch(req)));
});
