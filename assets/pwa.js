// The page's side of offline reading and search, in plain JavaScript so
// that the wasm carries none of it (every page loads it once it has
// loaded: index.html):
// - links the manifest (installing);
// - registers the service worker (sw.js) once the page has loaded, and
//   asks it to keep the page the reader landed on (with its data);
// - shows the offline note while the network is away;
// - hands the stories the worker found withdrawn to withdrawn.js;
// - window.standfirstSearch: loads search.js (and through it the sharded
//   Pagefind index) the first time a query runs (the app's search page
//   calls it); each result comes back as a flat list of strings (what
//   src/api/search.rs reads, in that order).
(function (d, w, nav) {
  var base = new URL(d.baseURI);
  var note = d.getElementById("offline-note");
  var onLine = function () {
    var offline = nav.onLine === false;
    d.documentElement.toggleAttribute("data-offline", offline);
    if (note) {
      // Hidden while online, so it is no status region anyone meets.
      note.hidden = !offline;
      note.textContent = offline
        ? "You're offline. Saved and recently read stories still open."
        : "";
    }
  };
  w.addEventListener("online", onLine);
  w.addEventListener("offline", onLine);
  onLine();

  // The manifest (installing), linked now rather than in the page: the
  // browser fetches a linked manifest at once, beside the page's own files.
  var manifest = d.createElement("link");
  manifest.rel = "manifest";
  manifest.href = new URL("manifest.webmanifest", base).href;
  d.head.appendChild(manifest);

  var search = null;
  w.standfirstSearch = function (query, section, edition, limit) {
    if (!search) {
      search = import(new URL("search.js", base).href).then(function (m) { return m.default(base); });
      search.catch(function () { search = null; });
    }
    return search.then(function (find) { return find(query, section, edition, limit); });
  };

  if (!("serviceWorker" in nav)) return;
  nav.serviceWorker.addEventListener("message", function (e) {
    var d = e.data;
    if (d && d[0] === "withdrawn") import(new URL("withdrawn.js", base).href).then(function (m) { m.default(d.slice(1)); });
  });
  var start = function () {
    // Without a worker (blocked, private mode) the site works as before.
    nav.serviceWorker.register(new URL("sw.js", base).href).catch(function () {});
    nav.serviceWorker.ready.then(function (reg) {
      var block = d.getElementById("standfirst-page");
      var src = block && block.getAttribute("data-src");
      if (!reg.active) return;
      // Every page says hello; a page with data is kept with the data the
      // app takes it over with (src/boot.rs; site.json is kept by sw.js).
      var keep = ["keep"];
      if (src) keep.push(w.location.pathname, new URL(src, base).pathname);
      reg.active.postMessage(keep);
    });
  };
  if (d.readyState === "complete") start();
  else w.addEventListener("load", start, { once: true });
})(document, window, navigator);
