// Measures search over a built site's Pagefind index: the bytes a first
// query transfers (Pagefind's script, its wasm and the index chunks it
// needs) and how long a query takes, cold and once the index is warm
// (every word queried once before), median over the words.
// Usage: node search.mjs BASE_URL WORD...
import { chromium } from "@playwright/test";

const [base, ...words] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });
const page = await (await browser.newContext({ serviceWorkers: "block" })).newPage();
await page.goto(`${base}/api/v1/site.json`);
const result = await page.evaluate(async (words) => {
  const query = async (pf, word) => {
    const start = performance.now();
    const found = await pf.search(word);
    await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
    return { ms: performance.now() - start, hits: found.results.length };
  };
  const t0 = performance.now();
  const pf = await import(new URL("/pagefind/pagefind.js", location.href).href);
  const first = await query(pf, words[0]);
  const cold = performance.now() - t0;
  const bytes = performance.getEntriesByType("resource")
    .filter((e) => e.name.includes("/pagefind/"))
    .reduce((sum, e) => sum + e.transferSize, 0);
  for (const w of words) await query(pf, w);
  const warm = [];
  for (const w of words) warm.push((await query(pf, w)).ms);
  warm.sort((a, b) => a - b);
  return { bytes, cold, warm: warm[Math.floor(warm.length / 2)], hits: first.hits };
}, words);
await browser.close();
console.log(`${(result.bytes / 1024).toFixed(1)} KB | ${result.cold.toFixed(0)} ms | ${result.warm.toFixed(1)} ms | ${result.hits}`);
