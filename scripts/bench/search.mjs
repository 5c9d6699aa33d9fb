// Measures search over a built site's Pagefind index: the bytes a first
// query transfers (Pagefind's script, its wasm and the index chunks it
// needs: headers + encoded bodies, from the page or Pagefind's worker) and
// how long a query takes (search + the top 5 results' data), cold and once
// the index is warm (every word queried once before), median over the words.
// Usage: node search.mjs BASE_URL WORD...  (SEARCH_BENCH_FILES=1 lists each file's bytes)
import { chromium } from "@playwright/test";

const [base, ...words] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });
const page = await (await browser.newContext({ serviceWorkers: "block" })).newPage();
const sizes = [];
page.on("requestfinished", (r) => {
  if (r.url().includes("/pagefind/")) sizes.push(r.sizes().then((s) => { if (process.env.SEARCH_BENCH_FILES) console.error(s.responseBodySize, r.url()); return s.responseHeadersSize + s.responseBodySize; }));
});
await page.goto(`${base}/api/v1/site.json`);
await page.evaluate(() => {
  window.__query = async (pf, word) => {
    const start = performance.now();
    const found = await pf.search(word);
    await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
    return { ms: performance.now() - start, hits: found.results.length };
  };
});
const first = await page.evaluate(async (word) => {
  const t0 = performance.now();
  window.__pf = await import(new URL("/pagefind/pagefind.js", location.href).href);
  const { hits } = await window.__query(window.__pf, word);
  return { cold: performance.now() - t0, hits };
}, words[0]);
const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
const warm = await page.evaluate(async (words) => {
  for (const w of words) await window.__query(window.__pf, w);
  const times = [];
  for (const w of words) times.push((await window.__query(window.__pf, w)).ms);
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}, words);
await browser.close();
console.log(`${(bytes / 1024).toFixed(1)} KB | ${first.cold.toFixed(0)} ms | ${warm.toFixed(1)} ms | ${first.hits}`);
