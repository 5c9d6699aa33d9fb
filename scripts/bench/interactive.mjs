// Time from navigation start to the app being interactive (takeover done,
// `<html data-app="ready">`) on a throttled run, with first contentful
// paint beside it. Throttling as Lighthouse's mobile preset: 4x CPU
// slowdown, 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up; the
// cache is disabled, so every run is a first visit.
// Usage: node interactive.mjs BASE_URL N PATH...
import { chromium } from "@playwright/test";
import { coldPage } from "./ready.mjs";

const [base, n = "3", ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });

async function once(path) {
  const { context, page, cdp } = await coldPage(browser);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 60_000 });
  const t = await page.evaluate(() => ({
    ready: window.__readyAt,
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
  }));
  await context.close();
  return t;
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log("| page | first contentful paint | interactive (takeover done) |\n|---|---|---|");
for (const path of paths) {
  const runs = [];
  for (let i = 0; i < Number(n); i++) runs.push(await once(path));
  const fcp = median(runs.map((r) => r.fcp));
  const ready = median(runs.map((r) => r.ready));
  console.log(`| \`${path}\` | ${(fcp / 1000).toFixed(2)} s | ${(ready / 1000).toFixed(2)} s |`);
}
await browser.close();
