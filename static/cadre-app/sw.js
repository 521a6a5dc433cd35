/* The cadre app's service worker (served by /kader-app/sw.js, which puts VERSION, SHELL_URL and PRECACHE
   above this line). It keeps the shell and its files in a cache named after the version: a deploy that
   changes any of them changes the version, installs this worker anew and removes the old cache.
   Navigations under the app's scope go to the network first and fall back to the cached shell offline;
   the shell's files come from the cache. API calls are not touched: the app keeps its own data in
   IndexedDB and queues what it sends. */
const CACHE = `sidp3-kader-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const url of PRECACHE) {
        const response = await fetch(url, { credentials: "same-origin", cache: "reload" });
        // The shell only when a signed-in cadre gets it (not the sign-in page it redirects to).
        if (!response.ok || response.redirected) throw new Error(`precache ${url}: ${response.status}`);
        await cache.put(url, response);
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("sidp3-kader-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function navigate(request) {
  try {
    const response = await fetch(request);
    if (response.ok && new URL(request.url).pathname === SHELL_URL && !response.redirected) {
      const cache = await caches.open(CACHE);
      await cache.put(SHELL_URL, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(SHELL_URL, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith(SHELL_URL)) {
    event.respondWith(navigate(request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(
      caches.match(url.pathname, { cacheName: CACHE }).then((cached) => cached || fetch(request)),
    );
  }
});
