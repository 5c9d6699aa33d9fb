// Measures reading offline through the service worker: a story is visited
// (and so cached), the network goes away, and the story is opened again by
// URL; the figure is the time from navigation start to the headline's
// first paint (first contentful paint: the prerendered headline is the
// page's first text), median of N. Also the in-app navigation to a cached
// story offline, click to new headline.
// Usage: node offline.mjs BASE_URL N
import { chromium } from "@playwright/test";

const [base, n = "5"] = process.argv.slice(2);
const STORY = "/climate/the-long-thaw-at-port-esker";
const OTHER = "/politics/harbour-vote-explained";
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });
const context = await browser.newContext({ serviceWorkers: "allow" });
const page = await context.newPage();
const ready = () => page.waitForFunction(() => document.documentElement.getAttribute("data-app") === "ready");
const cached = (path) => page.waitForFunction((p) => caches.match(new URL(p, location.href).href).then(Boolean), path);

await page.goto(`${base}${OTHER}`);
await ready();
await page.waitForFunction(() => navigator.serviceWorker.controller);
await cached(OTHER);
await page.goto(`${base}${STORY}`);
await ready();
await cached(STORY);
await cached("/api/v1/articles/harbour-vote-explained.json");
await context.setOffline(true);

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loads = [];
for (let i = 0; i < Number(n); i++) {
  await page.goto(`${base}${STORY}`);
  loads.push(await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const fcp = list.getEntries().find((e) => e.name === "first-contentful-paint");
      if (fcp) resolve(fcp.startTime);
    }).observe({ type: "paint", buffered: true });
  })));
}
const clicks = [];
for (let i = 0; i < Number(n); i++) {
  await page.goto(`${base}${STORY}`);
  await ready();
  clicks.push(await page.evaluate((href) => new Promise((resolve) => {
    const a = [...document.querySelectorAll("a")].find((e) => e.getAttribute("href") === href);
    const before = document.querySelector("main h1").textContent;
    const start = performance.now();
    const check = () => {
      const h1 = document.querySelector("main h1");
      if (h1 && h1.textContent !== before) resolve(performance.now() - start);
      else requestAnimationFrame(check);
    };
    a.click();
    check();
  }), OTHER));
}
await browser.close();
console.log(`| cached story opened by URL offline: headline painted (FCP) | ${median(loads).toFixed(0)} ms | <= 300 ms |`);
console.log(`| cached story opened in-app offline: click to new headline | ${median(clicks).toFixed(0)} ms | (<= 100 ms online bar) |`);
