// The page's side of offline reading and search, in plain JavaScript so
// that the wasm carries none of it (every page loads it, deferred):
// - registers the service worker (sw.js) once the page has loaded, and
//   asks it to keep the page the reader landed on (with a story's JSON);
// - shows the offline note while the network is away;
// - marks the stories the worker found withdrawn on the reader's saved
//   list (the card says so; the story's words are gone from the device)
//   and drops them from the recently read list (see src/saved.rs for the
//   lists' format: one story a line, tab-separated, slug first);
// - window.standfirstSearch: loads Pagefind the first time a query runs
//   (the app's search page calls it) and returns each result as a flat
//   list of strings (what src/api/search.rs reads, in that order).
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

  var pagefind = null;
  w.standfirstSearch = function (query, section, edition, limit) {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ excerptLength: 24 }).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind.then(function (pf) {
      var filters = {};
      if (section) filters.section = section;
      if (edition) filters.edition = edition;
      return pf.search(query, { filters: filters });
    }).then(function (found) {
      return Promise.all(found.results.slice(0, limit).map(function (r) {
        return r.data().then(function (d) {
          var m = d.meta || {}, f = d.filters || {};
          return [d.url, d.excerpt, m.title, m.kicker, m.summary, m.published,
            (f.section || []).join(","), (f.edition || []).join(",")].map(function (v) { return String(v || ""); });
        });
      }));
    });
  };

  if (!("serviceWorker" in nav)) return;
  nav.serviceWorker.addEventListener("message", function (event) {
    var data = event.data;
    if (!Array.isArray(data) || data[0] !== "withdrawn") return;
    var gone = data.slice(1);
    var edit = function (key, line) {
      var old = w.localStorage.getItem(key) || "";
      var lines = old.split("\n").map(function (l) {
        var f = l.split("\t");
        return gone.indexOf(f[0]) < 0 ? l : line(f);
      }).filter(function (l) { return l !== null; });
      var text = lines.join("\n");
      if (text !== old) w.localStorage.setItem(key, text);
      return text !== old;
    };
    try {
      // slug, url, section, kicker, headline, summary, published, editions, authors
      var saved = edit("standfirst:saved", function (f) {
        return [f[0], f[1], f[2], "Withdrawn", "This story was withdrawn",
          "The publisher has withdrawn this story. It is no longer available.",
          f[6], f[7], ""].join("\t");
      });
      var recent = edit("standfirst:recent", function () { return null; });
      // The app reloads its lists on a storage event; this tab gets none of its own.
      if (saved || recent) w.dispatchEvent(new StorageEvent("storage"));
    } catch (error) {
      // Storage blocked: nothing was kept.
    }
  });
  var start = function () {
    // Without a worker (blocked, private mode) the site works as before.
    nav.serviceWorker.register(new URL("sw.js", base).href).catch(function () {});
    nav.serviceWorker.ready.then(function (reg) {
      var block = d.getElementById("standfirst-page");
      var kind = block && block.getAttribute("data-kind");
      if (!reg.active || !kind || kind === "static") return;
      var keep = ["keep", w.location.pathname];
      var path = block.getAttribute("data-path") || "";
      if (kind === "story") {
        keep.push(new URL("api/v1/articles/" + path.split("/").pop() + ".json", base).pathname);
      }
      reg.active.postMessage(keep);
    });
  };
  if (d.readyState === "complete") start();
  else w.addEventListener("load", start, { once: true });
})(document, window, navigator);
