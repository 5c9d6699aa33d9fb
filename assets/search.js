// Search, loaded by pwa.js on the first query (never before): the site's
// index is Pagefind's, in shards, one per week of publication, listed
// newest first in pagefind/shards.json (docs/publishing.md, "Search"). The
// newest shard is loaded first; older ones are merged in (Pagefind's
// mergeIndex), twice as many each time, only while a query has fewer
// results than it shows. So a query the recent weeks answer loads nothing
// older, and any story of the archive can still be found.
// Each result is returned as a flat list of strings (what
// src/api/search.rs reads, in that order).
export default function (base) {
  var at = function (path) { return new URL("pagefind/" + path, base).href; };
  var shards = fetch(at("shards.json")).then(function (r) {
    if (!r.ok) throw new Error("no search index");
    return r.json();
  });
  var pf = shards.then(function (list) {
    return list.length && import(at(list[0] + "/pagefind.js")).then(function (m) {
      return m.options({ excerptLength: 24 }).then(function () { return m; });
    });
  });
  var merged = 1;
  var find = function (query, filters, limit) {
    return Promise.all([pf, shards]).then(function (got) {
      var m = got[0], list = got[1];
      if (!m) return [];
      return m.search(query, { filters: filters }).then(function (found) {
        if (found.results.length >= limit || merged >= list.length) return found.results;
        var more = list.slice(merged, merged * 2 + 1);
        merged += more.length;
        return Promise.all(more.map(function (name) { return m.mergeIndex(at(name + "/")); }))
          .then(function () { return find(query, filters, limit); });
      });
    });
  };
  return function (query, section, edition, limit) {
    var filters = {};
    if (section) filters.section = section;
    if (edition) filters.edition = edition;
    return find(query, filters, limit).then(function (results) {
      return Promise.all(results.slice(0, limit).map(function (r) {
        return r.data().then(function (d) {
          var m = d.meta || {}, f = d.filters || {};
          return [d.url, d.excerpt, m.title, m.kicker, m.summary, m.published,
            (f.section || []).join(","), (f.edition || []).join(",")].map(function (v) { return String(v || ""); });
        });
      }));
    });
  };
}
