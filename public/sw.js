/*
 * stageplay's service worker: keeps the static build (app shell, every JS/CSS chunk including
 * Monaco's and the engine's, fonts, and the lessons bundled in them) in one cache, so the app
 * and its lessons work offline after one visit. Registered only by production builds.
 *
 * What it caches is found by crawling from index.html: each HTML, JS or CSS file is scanned
 * for references to Vite's hashed files (`./name-Hash1234.js`), resolved against the file
 * that names them. Hashed files never change, so they are served cache-first; index.html
 * (and other unhashed files) network-first, so a new deploy is picked up and re-crawled.
 */
/* eslint-env serviceworker */

const CACHE = 'stageplay-static-v1';
const ASSET = /(?:^|["'`(\s,])((?:\.{1,2}\/|\/)?(?:[\w.-]+\/)*[\w.-]+-[\w-]{8}\.(?:js|css|ttf|woff2?|wasm|svg|png))/g;
const SCANNED = /\.(?:js|css|html)$/;

/** URLs of hashed build files named in `text`, resolved against `base`, same origin only. */
function assetReferences(text, base) {
  const origin = new URL(base).origin;
  const out = new Set();
  for (const m of text.matchAll(ASSET)) {
    const url = new URL(m[1], base);
    if (url.origin === origin) out.add(url.href);
  }
  return [...out];
}

/** Whether `url` is one of Vite's hashed, immutable build files. */
function isHashed(url) {
  return /-[\w-]{8}\.\w+$/.test(new URL(url).pathname);
}

/** Fetch `url` and store it (or take it from the cache when it is hashed and already there). */
async function fetchAndStore(cache, url) {
  if (isHashed(url)) {
    const hit = await cache.match(url);
    if (hit) return hit;
  }
  const res = await fetch(url, { cache: 'no-cache' });
  if (res.ok) await cache.put(url, res.clone());
  return res;
}

/** Cache index.html and everything reachable from it; drop hashed files no longer reachable. */
async function precache(scope) {
  const cache = await caches.open(CACHE);
  const root = new URL('./', scope).href;
  const seen = new Set([root]);
  const queue = [root, new URL('./favicon.svg', scope).href];
  while (queue.length > 0) {
    const url = queue.shift();
    let res;
    try {
      res = await fetchAndStore(cache, url);
    } catch {
      continue;
    }
    if (!res.ok || !(url === root || SCANNED.test(new URL(url).pathname))) continue;
    for (const ref of assetReferences(await res.clone().text(), url)) {
      if (!seen.has(ref)) {
        seen.add(ref);
        queue.push(ref);
      }
    }
  }
  for (const req of await cache.keys()) if (isHashed(req.url) && !seen.has(req.url)) await cache.delete(req);
}

/** A fresh index.html that differs from the cached one means a new deploy: crawl it again. */
async function refreshIfChanged(root, res, scope) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(root);
  const fresh = await res.text();
  if (cached && (await cached.text()) === fresh) return;
  await precache(scope);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache(self.registration.scope).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('stageplay-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  const scope = self.registration.scope;
  if (req.mode === 'navigate') {
    // network first; a fresh index.html re-crawls in the background (new deploys)
    const root = new URL('./', scope).href;
    event.respondWith(
      fetch(req).then(
        (res) => {
          if (res.ok) event.waitUntil(refreshIfChanged(root, res.clone(), scope));
          return res;
        },
        () => caches.match(root).then((hit) => hit ?? Response.error()),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const url = req.url.split('#')[0];
      if (isHashed(url)) {
        const hit = await cache.match(url);
        if (hit) return hit;
      }
      try {
        const res = await fetch(req);
        if (res.ok) await cache.put(url, res.clone());
        return res;
      } catch (err) {
        const hit = await cache.match(url, { ignoreSearch: true });
        if (hit) return hit;
        throw err;
      }
    }),
  );
});
