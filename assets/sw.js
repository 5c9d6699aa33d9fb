// Standfirst's service worker: plain JavaScript, no library, so that it
// stays small and every rule is here to read. The build (crates/prerender,
// pwa.rs) fills in BUILD: this build's version, its shell files and how
// many recently read stories to keep.
//
// - The shell (hashed JS, wasm and CSS, icons, manifest, the saved and
//   offline pages) is cached at install, in a cache named after the
//   version; a new version installs beside it, takes over at once and
//   deletes the old one, so a deploy never leaves a reader on an old shell.
//   So is site.json (every page's takeover needs it), kept as JSON is.
// - Pages and API JSON: network first; after 3 s, or offline, the cached
//   copy. A page that was never cached gets the offline page.
// - Images: cache first (they never change under the same name).
// - The page tells the worker which stories to keep (the one being read),
//   save (downloaded at once, kept until unsaved) or drop.
// - Recently read stories are kept up to BUILD.stories, oldest out first.
// - Withdrawn stories: on a visit (at most every SWEEP_MS, and whenever
//   the site answers a page or JSON with 404 or 410), each kept
//   story's JSON is asked for again; one the site answers with 404 or 410
//   (a publish removed it) is deleted with its page and images, and the
//   open pages are told (["withdrawn", slug…]) so that pwa.js marks it on
//   the reader's saved list and drops it from the recent one.
// Posts (the sign-up) and other origins are never touched.

const BUILD = { version: "dev", shell: [], stories: 50 };

const SHELL = "standfirst-shell-" + BUILD.version;
const PAGES = "standfirst-pages";
const SAVED = "standfirst-saved";
const TIMEOUT_MS = 3000;
const IMAGES_PER_STORY = 12;
const SWEEP_MS = 10 * 60 * 1000;

const scope = new URL(self.registration.scope);
const at = (path) => new URL(path, scope).href;
const local = (url) => url.href.slice(scope.href.length).split(/[?#]/)[0];
const shell = new Set(BUILD.shell.map(at));
const OFFLINE = at("saved/offline");

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll([...shell].map((url) => new Request(url, { cache: "reload" }))))
      .then(() => caches.open(PAGES))
      .then((cache) => cache.add(new Request(at("api/v1/site.json"), { cache: "reload" })))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith("standfirst-shell-") && k !== SHELL)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !url.href.startsWith(scope.href)) return;
  const path = local(url);
  if (path.startsWith("api/newsletter") || path.startsWith("pagefind/")) return;
  if (shell.has(url.href)) {
    event.respondWith(cacheFirst(request, SHELL));
  } else if (request.mode === "navigate" || path.endsWith(".json")) {
    event.respondWith(networkFirst(request, event));
  } else if (request.destination === "image") {
    event.respondWith(cacheFirst(request, PAGES));
  }
});

self.addEventListener("message", (event) => {
  const [kind, ...paths] = Array.isArray(event.data) ? event.data : [];
  const urls = paths.filter((p) => typeof p === "string").map(at);
  if (kind === "keep") {
    // The asking page hears what a sweep found withdrawn.
    const tell = () => withdrawn.length && event.source && event.source.postMessage(["withdrawn", ...withdrawn.splice(0)]);
    event.waitUntil(store(PAGES, urls).then(trim).then(sweep).then(tell));
  }
  else if (kind === "save") event.waitUntil(store(SAVED, urls));
  else if (kind === "drop") event.waitUntil(drop(urls));
});

async function cacheFirst(request, name) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(name);
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request, event) {
  const network = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic") {
      const cache = await caches.open(PAGES);
      await cache.put(request, response.clone());
      // A saved story keeps the newest copy seen (a live story's polls).
      const saved = await caches.open(SAVED);
      if (await saved.match(request)) await saved.put(request, response.clone());
      event.waitUntil(trim());
    } else if (response.status === 404 || response.status === 410) {
      swept = 0;
      event.waitUntil(sweep());
    }
    return response;
  });
  network.catch(() => {});
  const late = new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS));
  const navigate = request.mode === "navigate";
  const cached = () => caches.match(request, { ignoreSearch: navigate });
  try {
    const first = await Promise.race([network, late]);
    if (first) return first;
    return (await cached()) || (await network);
  } catch (error) {
    const copy = await cached();
    if (copy) return copy;
    if (navigate) {
      const offline = await caches.match(OFFLINE);
      if (offline) return offline;
    }
    return Response.error();
  }
}

// Puts each URL (a page or a story's JSON) into cache `name`, from the
// caches when there, else from the network; with a story's JSON, its images.
async function store(name, urls) {
  const cache = await caches.open(name);
  for (const url of urls) {
    try {
      const response = (await caches.match(url)) || (await fetch(url));
      if (!response.ok) continue;
      await cache.put(url, response.clone());
      if (url.endsWith(".json")) {
        for (const src of imagesOf(await response.json())) {
          const image = at(src);
          if (!(await cache.match(image))) {
            const got = (await caches.match(image)) || (await fetch(image));
            if (got.ok) await cache.put(image, got);
          }
        }
      }
    } catch (error) {
      // Offline or gone: the next visit tries again.
    }
  }
}

async function drop(urls) {
  const cache = await caches.open(SAVED);
  for (const url of urls) {
    const response = await cache.match(url);
    if (response && url.endsWith(".json")) {
      const images = imagesOf(await response.json().catch(() => null));
      await Promise.all(images.map((src) => cache.delete(at(src))));
    }
    await cache.delete(url);
  }
}

// The site-relative image sources of a story (not of its rails): every
// object with `src` and `width` (images and their srcset entries).
function imagesOf(value, out = []) {
  if (Array.isArray(value)) value.forEach((v) => imagesOf(v, out));
  else if (value && typeof value === "object") {
    if (typeof value.src === "string" && "width" in value && value.src.startsWith("/")) {
      out.push(value.src.slice(1));
    }
    for (const key in value) {
      if (key !== "related" && key !== "more") imagesOf(value[key], out);
    }
  }
  return out;
}

// Deletes the kept stories the site no longer has (see the top), and
// tells the open pages which.
let swept = 0;
let sweeping = null;
const withdrawn = [];
function sweep() {
  if (sweeping) return sweeping;
  if (Date.now() - swept < SWEEP_MS) return Promise.resolve();
  swept = Date.now();
  sweeping = sweepNow().finally(() => (sweeping = null));
  return sweeping;
}

async function sweepNow() {
  const slugOf = (k) => (/^api\/v1\/articles\/([a-z0-9-]+)\.json$/.exec(local(new URL(k.url))) || [])[1];
  const slugs = new Set();
  for (const name of [PAGES, SAVED]) {
    for (const k of await (await caches.open(name)).keys()) {
      const slug = slugOf(k);
      if (slug) slugs.add(slug);
    }
  }
  const found = [];
  for (const slug of slugs) {
    try {
      const url = at("api/v1/articles/" + slug + ".json");
      const response = await fetch(url, { method: "HEAD", cache: "no-store" });
      if (response.status === 404 || response.status === 410) found.push(slug);
    } catch (error) {
      return; // Offline: the next visit tries again.
    }
  }
  if (!found.length) return;
  withdrawn.push(...found);
  for (const name of [PAGES, SAVED]) {
    const cache = await caches.open(name);
    for (const k of await cache.keys()) {
      const path = local(new URL(k.url));
      const slug = slugOf(k) || (/^[a-z0-9-]+\/([a-z0-9-]+)$/.exec(path) || [])[1];
      if (!found.includes(slug)) continue;
      const response = slugOf(k) && (await cache.match(k));
      const images = response ? imagesOf(await response.json().catch(() => null)) : [];
      await Promise.all(images.map((src) => cache.delete(at(src))));
      await cache.delete(k);
    }
  }
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage(["withdrawn", ...found]);
  }
}

// Keeps the newest BUILD.stories story pages (with their JSON) and
// IMAGES_PER_STORY times as many images; a re-read story counts as new
// (a put moves an entry to the end of the cache's order).
async function trim() {
  const cache = await caches.open(PAGES);
  const keys = await cache.keys();
  const isStory = (k) => /^(?!saved\/)[a-z0-9-]+\/[a-z0-9-]+$/.test(local(new URL(k.url)));
  const stories = keys.filter(isStory);
  for (const old of stories.slice(0, Math.max(0, stories.length - BUILD.stories))) {
    const slug = local(new URL(old.url)).split("/")[1];
    await cache.delete(old);
    await cache.delete(at("api/v1/articles/" + slug + ".json"));
  }
  const images = keys.filter((k) => k.destination === "image" || /\.(avif|webp|jpe?g|png|gif|svg)$/.test(k.url));
  const extra = images.length - BUILD.stories * IMAGES_PER_STORY;
  for (const old of images.slice(0, Math.max(0, extra))) await cache.delete(old);
}
