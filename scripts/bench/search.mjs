// Measures search as the app runs it (window.standfirstSearch, from pwa.js,
// on a prerendered page; service workers blocked): the bytes the first
// query transfers (search.js, Pagefind's script and wasm, the shards'
// entry, meta and index chunks it needs, and the 20 results' fragments:
// headers + encoded bodies) and how long a query takes, cold and once
// warm (every word queried once before), median over the words. Prints one
// markdown cell group: transfer | cold | warm | results for the first word
// | shards loaded. FIND=word:slug fails unless that query finds that story.
// Usage: node search.mjs BASE_URL WORD...  (SEARCH_BENCH_FILES=1 lists each file's bytes)
import { chromium } from "@playwright/test";

const [base, ...words] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });
const page = await (await browser.newContext({ serviceWorkers: "block" })).newPage();
const sizes = [];
const shards = new Set();
page.on("requestfinished", (r) => {
  const url = r.url();
  if (url.includes("/pagefind/") || url.endsWith("/search.js")) {
    const shard = url.match(/\/pagefind\/([^/]+)\/pagefind-entry\.json/);
    if (shard) shards.add(shard[1]);
    sizes.push(r.sizes().then((s) => {
      if (process.env.SEARCH_BENCH_FILES) console.error(s.responseBodySize, url);
      return s.responseHeadersSize + s.responseBodySize;
    }));
  }
});
await page.goto(`${base}/newsletters`);
await page.waitForFunction(() => typeof window.standfirstSearch === "function");
const query = (word) => page.evaluate(async (word) => {
  const start = performance.now();
  const rows = await window.standfirstSearch(word, "", "", 20);
  return { ms: performance.now() - start, hits: rows.length, urls: rows.map((r) => r[0]) };
}, word);
const first = await query(words[0]);
const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
const firstShards = shards.size;
for (const w of words) await query(w);
const times = [];
for (const w of words) times.push((await query(w)).ms);
times.sort((a, b) => a - b);
let found = "";
if (process.env.FIND) {
  const [word, slug] = process.env.FIND.split(":");
  const before = (await Promise.all(sizes)).length;
  const hit = await query(word);
  const ok = hit.urls.some((u) => u.endsWith(`/${slug}.html`) || u.endsWith(`/${slug}`));
  found = ` | "${word}": ${ok ? "found" : "NOT FOUND"} (${hit.hits} results, ${hit.ms.toFixed(0)} ms, ${(await Promise.all(sizes)).length - before} requests)`;
  if (!ok) process.exitCode = 1;
}
await browser.close();
console.log(`${(bytes / 1024).toFixed(1)} KB | ${first.ms.toFixed(0)} ms | ${times[Math.floor(times.length / 2)].toFixed(1)} ms | ${first.hits} | ${firstShards} of the shards${found}`);
